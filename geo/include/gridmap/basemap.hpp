#pragma once

#include "gridmap/project.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

/// The basemap: any GDAL raster (GeoTIFF, MBTiles, a GDAL WMTS/TMS XML such as 天地图 with the
/// user's key) warped to the working CRS for the extent on screen. No Qt here: the map wraps
/// the RGBA buffer in an image.

namespace gridmap {

/// Pixels, RGBA 8 bits per channel, not premultiplied, rows from the top (north).
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba; ///< width * height * 4 bytes
    bool empty() const { return width <= 0 || height <= 0; }
};

class Basemap {
public:
    /// Opens a GDAL raster. Throws InputError when GDAL cannot open it as a raster or it has no
    /// CRS (a raster without georeferencing cannot be placed).
    static Basemap open(const std::string& source);

    Basemap(Basemap&&) noexcept;
    Basemap& operator=(Basemap&&) noexcept;
    ~Basemap();

    /// What was opened: the source as given.
    const std::string& source() const;
    /// "GTiff 256x256, 3 bands" and the like.
    std::string description() const;

    /// The raster warped (bilinear) into `width` x `height` pixels covering `extent` in the
    /// CRS `epsg` (x east, y north; the image's top row is the north edge). Pixels outside the
    /// raster are transparent. Thread-safe (one warp at a time per basemap). A 1-band raster
    /// with a colour table is expanded through it; a grey one gives grey pixels. Throws
    /// InputError for an empty size or extent, LibraryError when GDAL fails.
    RgbaImage render(int epsg, const Extent& extent, int width, int height) const;

private:
    struct Impl;
    explicit Basemap(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace gridmap
