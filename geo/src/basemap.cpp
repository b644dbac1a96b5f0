#include "gridmap/basemap.hpp"

#include "detail/gdal.hpp"
#include "gridmap/error.hpp"

#include <gdal_utils.h>

#include <cmath>
#include <cstdio>
#include <mutex>

namespace gridmap {

namespace {

struct DatasetCloser {
    void operator()(GDALDatasetH ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

/// Builds a NULL-terminated argv for the GDAL utility functions.
class Argv {
public:
    explicit Argv(std::vector<std::string> args) : m_args(std::move(args)) {
        for (std::string& a : m_args) {
            m_ptrs.push_back(a.data());
        }
        m_ptrs.push_back(nullptr);
    }
    char** get() { return m_ptrs.data(); }

private:
    std::vector<std::string> m_args;
    std::vector<char*> m_ptrs;
};

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

} // namespace

struct Basemap::Impl {
    std::string source;
    DatasetPtr ds;    ///< the raster as opened
    DatasetPtr rgba;  ///< a VRT expanding a colour table to RGBA, when there is one
    std::mutex mutex; ///< GDAL datasets are not thread-safe
};

Basemap::Basemap(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Basemap::Basemap(Basemap&&) noexcept = default;
Basemap& Basemap::operator=(Basemap&&) noexcept = default;
Basemap::~Basemap() = default;

Basemap Basemap::open(const std::string& source) {
    detail::ensure_gdal_registered();
    detail::GdalErrorCapture errors;
    auto impl = std::make_unique<Impl>();
    impl->source = source;
    impl->ds.reset(
        GDALOpenEx(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!impl->ds) {
        throw InputError(source + ": not a raster GDAL can open" +
                         (errors.last().empty() ? "" : " (" + errors.last() + ")"));
    }
    GDALDatasetH ds = impl->ds.get();
    if (GDALGetRasterCount(ds) < 1) {
        throw InputError(source + ": the raster has no band");
    }
    const char* wkt = GDALGetProjectionRef(ds);
    if (wkt == nullptr || *wkt == '\0') {
        throw InputError(source + ": the raster has no coordinate reference system");
    }
    GDALRasterBandH first = GDALGetRasterBand(ds, 1);
    if (GDALGetRasterCount(ds) == 1 && GDALGetRasterColorTable(first) != nullptr) {
        Argv argv({"-of", "VRT", "-expand", "rgba"});
        GDALTranslateOptions* o = GDALTranslateOptionsNew(argv.get(), nullptr);
        int usage_error = 0;
        impl->rgba.reset(GDALTranslate("", ds, o, &usage_error));
        GDALTranslateOptionsFree(o);
        if (!impl->rgba) {
            throw LibraryError(source + ": cannot expand the colour table: " + errors.last());
        }
    }
    return Basemap(std::move(impl));
}

const std::string& Basemap::source() const {
    return m_impl->source;
}

std::string Basemap::description() const {
    GDALDatasetH ds = m_impl->ds.get();
    GDALDriverH driver = GDALGetDatasetDriver(ds);
    return std::string(driver != nullptr ? GDALGetDriverShortName(driver) : "?") + " " +
           std::to_string(GDALGetRasterXSize(ds)) + "x" + std::to_string(GDALGetRasterYSize(ds)) +
           ", " + std::to_string(GDALGetRasterCount(ds)) + " bands";
}

RgbaImage Basemap::render(int epsg, const Extent& extent, int width, int height) const {
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
        throw InputError("basemap: image size " + std::to_string(width) + "x" +
                         std::to_string(height) + " out of range");
    }
    if (!(extent.max_x > extent.min_x) || !(extent.max_y > extent.min_y)) {
        throw InputError("basemap: empty extent");
    }
    std::lock_guard lock(m_impl->mutex);
    detail::GdalErrorCapture errors;
    GDALDatasetH src = m_impl->rgba ? m_impl->rgba.get() : m_impl->ds.get();
    Argv argv({"-of", "MEM", "-t_srs", "EPSG:" + std::to_string(epsg), "-te", number(extent.min_x),
               number(extent.min_y), number(extent.max_x), number(extent.max_y), "-ts",
               std::to_string(width), std::to_string(height), "-r", "bilinear", "-dstalpha", "-ot",
               "Byte", "-q"});
    GDALWarpAppOptions* o = GDALWarpAppOptionsNew(argv.get(), nullptr);
    if (o == nullptr) {
        throw LibraryError("basemap: bad warp options: " + errors.last());
    }
    int usage_error = 0;
    DatasetPtr dst(GDALWarp("", nullptr, 1, &src, o, &usage_error));
    GDALWarpAppOptionsFree(o);
    if (!dst) {
        throw LibraryError(m_impl->source + ": cannot warp to EPSG:" + std::to_string(epsg) + ": " +
                           errors.last());
    }
    GDALDatasetH out = dst.get();
    const int bands = GDALGetRasterCount(out);
    if (bands < 2) {
        throw LibraryError(m_impl->source + ": the warped raster has no alpha band");
    }
    // The last band is the alpha gdalwarp added; one colour band is grey, three or more RGB.
    int band_map[4] = {1, 2, 3, bands};
    if (bands - 1 < 3) {
        band_map[1] = band_map[2] = 1;
    }
    RgbaImage image;
    image.width = width;
    image.height = height;
    image.rgba.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    const CPLErr err = GDALDatasetRasterIO(out, GF_Read, 0, 0, width, height, image.rgba.data(),
                                           width, height, GDT_Byte, 4, band_map, 4, 4 * width, 1);
    if (err != CE_None) {
        throw LibraryError(m_impl->source + ": cannot read the warped raster: " + errors.last());
    }
    return image;
}

} // namespace gridmap
