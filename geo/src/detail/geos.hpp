#pragma once

// GEOS helpers private to geo/: one reentrant context per thread, RAII geometries.

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include <memory>
#include <string>

namespace gridmap::detail {

/// A GEOS reentrant context whose notices and errors are captured, not printed.
class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t get() const { return m_handle; }
    operator GEOSContextHandle_t() const { return m_handle; }
    /// The last error GEOS reported on this context ("" if none).
    const std::string& last_error() const { return m_error; }

private:
    static void on_error(const char* message, void* user);
    GEOSContextHandle_t m_handle;
    std::string m_error;
};

/// Owns one GEOSGeometry of a context.
class Geom {
public:
    Geom() = default;
    Geom(GEOSContextHandle_t ctx, GEOSGeometry* g) : m_ctx(ctx), m_g(g) {}
    ~Geom() { reset(); }
    Geom(Geom&& o) noexcept : m_ctx(o.m_ctx), m_g(o.m_g) { o.m_g = nullptr; }
    Geom& operator=(Geom&& o) noexcept {
        if (this != &o) {
            reset();
            m_ctx = o.m_ctx;
            m_g = o.m_g;
            o.m_g = nullptr;
        }
        return *this;
    }
    Geom(const Geom&) = delete;
    Geom& operator=(const Geom&) = delete;

    GEOSGeometry* get() const { return m_g; }
    explicit operator bool() const { return m_g != nullptr; }
    GEOSGeometry* release() {
        GEOSGeometry* g = m_g;
        m_g = nullptr;
        return g;
    }
    void reset() {
        if (m_g != nullptr) {
            GEOSGeom_destroy_r(m_ctx, m_g);
            m_g = nullptr;
        }
    }

private:
    GEOSContextHandle_t m_ctx = nullptr;
    GEOSGeometry* m_g = nullptr;
};

/// Owns a prepared geometry.
struct PreparedDeleter {
    GEOSContextHandle_t ctx;
    void operator()(const GEOSPreparedGeometry* p) const { GEOSPreparedGeom_destroy_r(ctx, p); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

/// Owns an STRtree.
struct TreeDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSSTRtree* t) const { GEOSSTRtree_destroy_r(ctx, t); }
};
using TreePtr = std::unique_ptr<GEOSSTRtree, TreeDeleter>;

/// Area of a geometry in square units of its CRS (0 on error).
double area(GEOSContextHandle_t ctx, const GEOSGeometry* g);

} // namespace gridmap::detail
