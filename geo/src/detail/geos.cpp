#include "detail/geos.hpp"

namespace gridmap::detail {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(m_handle, nullptr, nullptr);
}

GeosContext::~GeosContext() {
    GEOS_finish_r(m_handle);
}

void GeosContext::on_error(const char* message, void* user) {
    if (user != nullptr && message != nullptr) {
        static_cast<GeosContext*>(user)->m_error = message;
    }
}

double area(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    double a = 0;
    if (GEOSArea_r(ctx, g, &a) != 1) {
        return 0;
    }
    return a;
}

} // namespace gridmap::detail
