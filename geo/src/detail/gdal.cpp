#include "detail/gdal.hpp"

#include "gridmap/error.hpp"

#include <mutex>

namespace gridmap::detail {

void ensure_gdal_registered() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // Unclosed rings are read as they are, so that we can report them ourselves.
        CPLSetConfigOption("OGR_GEOMETRY_ACCEPT_UNCLOSED_RING", "YES");
    });
}

GdalErrorCapture::GdalErrorCapture() {
    CPLPushErrorHandlerEx(&GdalErrorCapture::handler, this);
}

GdalErrorCapture::~GdalErrorCapture() {
    CPLPopErrorHandler();
}

void CPL_STDCALL GdalErrorCapture::handler(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
    if (self == nullptr || msg == nullptr) {
        return;
    }
    if (cls >= CE_Failure) {
        self->m_last = msg;
    } else if (cls == CE_Warning) {
        if (!self->m_warnings.empty()) {
            self->m_warnings += "\n";
        }
        self->m_warnings += msg;
    }
}

ScopedConfigOption::ScopedConfigOption(const char* key, const char* value) : m_key(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) {
        m_old = old;
        m_had_old = true;
    }
    CPLSetThreadLocalConfigOption(key, value);
}

ScopedConfigOption::~ScopedConfigOption() {
    CPLSetThreadLocalConfigOption(m_key.c_str(), m_had_old ? m_old.c_str() : nullptr);
}

OGRSpatialReference srs_from_epsg(int epsg) {
    OGRSpatialReference srs;
    if (srs.importFromEPSG(epsg) != OGRERR_NONE) {
        throw InputError("unknown CRS EPSG:" + std::to_string(epsg));
    }
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

std::string sql_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += '\'';
        }
        out += c;
    }
    out += '\'';
    return out;
}

} // namespace gridmap::detail
