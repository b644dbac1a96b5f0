#pragma once

// GDAL helpers private to geo/: error capture, RAII, SRS construction.

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace gridmap::detail {

/// Registers GDAL drivers once (thread-safe).
void ensure_gdal_registered();

/// While alive, GDAL errors and warnings are collected instead of printed to stderr.
/// `last()` gives the last error message (or "" if none).
class GdalErrorCapture {
public:
    GdalErrorCapture();
    ~GdalErrorCapture();
    GdalErrorCapture(const GdalErrorCapture&) = delete;
    GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

    const std::string& last() const { return m_last; }
    const std::string& warnings() const { return m_warnings; }

private:
    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum num, const char* msg);
    std::string m_last;
    std::string m_warnings;
};

/// Sets a GDAL configuration option for this thread while alive, restoring the old value.
class ScopedConfigOption {
public:
    ScopedConfigOption(const char* key, const char* value);
    ~ScopedConfigOption();
    ScopedConfigOption(const ScopedConfigOption&) = delete;
    ScopedConfigOption& operator=(const ScopedConfigOption&) = delete;

private:
    std::string m_key;
    std::string m_old;
    bool m_had_old = false;
};

/// An SRS from an EPSG code with traditional lon/lat (x = east) axis order.
OGRSpatialReference srs_from_epsg(int epsg);

struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

struct CoordinateTransformationDeleter {
    void operator()(OGRCoordinateTransformation* t) const {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, CoordinateTransformationDeleter>;

/// Result set of GDALDataset::ExecuteSQL, released on destruction.
class SqlResult {
public:
    SqlResult(GDALDataset* ds, OGRLayer* layer) : m_ds(ds), m_layer(layer) {}
    ~SqlResult() {
        if (m_layer != nullptr) {
            m_ds->ReleaseResultSet(m_layer);
        }
    }
    SqlResult(const SqlResult&) = delete;
    SqlResult& operator=(const SqlResult&) = delete;
    OGRLayer* layer() const { return m_layer; }

private:
    GDALDataset* m_ds;
    OGRLayer* m_layer;
};

/// Single-quoted SQL string literal.
std::string sql_quote(const std::string& text);

} // namespace gridmap::detail
