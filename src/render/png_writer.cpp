#include "png_writer.hpp"

#include "png_deflate.hpp"

#include <zlib.h>

#include <QThread>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <new>
#include <thread>
#include <vector>

namespace gridmap::render {

namespace {

/// Fewer rows than this per band are not worth a thread.
constexpr int min_rows_per_band = 128;
/// No chunk longer than this (PNG allows 2^31 - 1 bytes).
constexpr std::size_t max_chunk_bytes = std::size_t{1} << 30;

/// One row of `image` as RGB bytes into `out` (3 x width), for the formats other than 32-bit
/// RGB (compress_band converts those itself).
void rgb_row(const QImage& image, int y, unsigned char* out) {
    const int w = image.width();
    if (image.format() == QImage::Format_RGB888) {
        std::copy_n(image.constScanLine(y), static_cast<std::size_t>(w) * 3, out);
        return;
    }
    const QImage line = image.copy(0, y, w, 1).convertToFormat(QImage::Format_RGB888);
    std::copy_n(line.constScanLine(0), static_cast<std::size_t>(w) * 3, out);
}

/// Rows [y0, y1) of the image, SUB-filtered and deflated as one piece of the image's zlib
/// stream: raw deflate ending on a byte boundary (a sync flush), or with the final block when
/// the band is the last.
struct Band {
    int y0 = 0;
    int y1 = 0;
    bool last = false;
    std::vector<unsigned char> deflated;
    uLong adler = 1; ///< Adler-32 of the band's filtered bytes alone
    bool ok = false;
};

void compress_band(const QImage& image, Band& band) {
    const auto row_bytes = static_cast<std::size_t>(image.width()) * 3;
    std::vector<unsigned char> rgb(row_bytes);
    std::vector<unsigned char> filtered(row_bytes + 1);
    // A map page is mostly runs of one colour, which the SUB filter turns into runs of zeros:
    // RunDeflater codes them as matches (raw deflate: the zlib header and the Adler-32 are
    // written once for the whole image).
    RunDeflater deflater(band.deflated, band.last);
    filtered[0] = 1; // SUB
    const QImage::Format format = image.format();
    const bool argb = format == QImage::Format_RGB32 || format == QImage::Format_ARGB32 ||
                      format == QImage::Format_ARGB32_Premultiplied;
    const bool premultiplied = format == QImage::Format_ARGB32_Premultiplied;
    for (int y = band.y0; y < band.y1; ++y) {
        if (argb) {
            // Converted and filtered in one pass (opaque pixels, a map page's, need no
            // unpremultiplying).
            // A run of one pixel value filters to zeros, set at once.
            const auto* px = reinterpret_cast<const QRgb*>(image.constScanLine(y));
            unsigned char* out = filtered.data() + 1;
            const int w = image.width();
            QRgb left = qRgb(0, 0, 0);
            for (int x = 0; x < w;) {
                const QRgb raw = px[x];
                const QRgb p = premultiplied && qAlpha(raw) != 255 ? qUnpremultiply(raw) : raw;
                out[3 * x] = static_cast<unsigned char>(qRed(p) - qRed(left));
                out[3 * x + 1] = static_cast<unsigned char>(qGreen(p) - qGreen(left));
                out[3 * x + 2] = static_cast<unsigned char>(qBlue(p) - qBlue(left));
                left = p;
                int end = x + 1;
                while (end < w && px[end] == raw) {
                    ++end;
                }
                std::memset(out + 3 * (x + 1), 0, 3 * static_cast<std::size_t>(end - x - 1));
                x = end;
            }
        } else {
            rgb_row(image, y, rgb.data());
            std::copy_n(rgb.data(), std::min<std::size_t>(3, row_bytes), filtered.data() + 1);
            for (std::size_t i = 3; i < row_bytes; ++i) {
                filtered[i + 1] = static_cast<unsigned char>(rgb[i] - rgb[i - 3]);
            }
        }
        deflater.write(filtered.data(), filtered.size());
    }
    band.adler = deflater.adler();
    deflater.finish();
    band.ok = true;
}

void put_u32(unsigned char* out, std::uint32_t v) {
    out[0] = static_cast<unsigned char>(v >> 24);
    out[1] = static_cast<unsigned char>(v >> 16);
    out[2] = static_cast<unsigned char>(v >> 8);
    out[3] = static_cast<unsigned char>(v);
}

struct Piece {
    const unsigned char* data;
    std::size_t size;
};

/// Writes one chunk of `type` holding the pieces one after the other.
bool write_chunk(QIODevice& device, const char* type, std::initializer_list<Piece> pieces) {
    std::size_t length = 0;
    for (const Piece& p : pieces) {
        length += p.size;
    }
    std::array<unsigned char, 8> head{};
    put_u32(head.data(), static_cast<std::uint32_t>(length));
    std::copy_n(type, 4, head.data() + 4);
    uLong crc = crc32(0, head.data() + 4, 4);
    bool ok = device.write(reinterpret_cast<const char*>(head.data()), 8) == 8;
    for (const Piece& p : pieces) {
        crc = crc32(crc, p.data, static_cast<uInt>(p.size));
        ok = ok && device.write(reinterpret_cast<const char*>(p.data),
                                static_cast<qint64>(p.size)) == static_cast<qint64>(p.size);
    }
    std::array<unsigned char, 4> tail{};
    put_u32(tail.data(), static_cast<std::uint32_t>(crc));
    return ok && device.write(reinterpret_cast<const char*>(tail.data()), 4) == 4;
}

} // namespace

bool write_rgb_png(const QImage& image, QIODevice& device, int bands_wanted) {
    if (image.isNull()) {
        return false;
    }
    const int h = image.height();
    const int threads = std::clamp(QThread::idealThreadCount(), 1, 8);
    const int band_count = bands_wanted > 0 ? std::min(bands_wanted, h)
                                            : std::clamp(h / min_rows_per_band, 1, threads);
    std::vector<Band> bands(static_cast<std::size_t>(band_count));
    for (int b = 0; b < band_count; ++b) {
        Band& band = bands[static_cast<std::size_t>(b)];
        band.y0 = static_cast<int>(static_cast<std::int64_t>(h) * b / band_count);
        band.y1 = static_cast<int>(static_cast<std::int64_t>(h) * (b + 1) / band_count);
        band.last = b + 1 == band_count;
    }
    {
        std::vector<std::thread> workers;
        for (std::size_t b = 1; b < bands.size(); ++b) {
            workers.emplace_back([&image, &band = bands[b]] {
                try {
                    compress_band(image, band);
                } catch (const std::bad_alloc&) {
                    band.ok = false;
                }
            });
        }
        try {
            compress_band(image, bands[0]);
        } catch (const std::bad_alloc&) {
            bands[0].ok = false;
        }
        for (std::thread& t : workers) {
            t.join();
        }
    }
    uLong adler = 1;
    const auto row_bytes = static_cast<z_off_t>(image.width()) * 3 + 1;
    for (const Band& band : bands) {
        if (!band.ok) {
            return false;
        }
        adler = adler32_combine(adler, band.adler, row_bytes * (band.y1 - band.y0));
    }

    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    bool ok = device.write(reinterpret_cast<const char*>(signature), 8) == 8;
    std::array<unsigned char, 13> ihdr{};
    put_u32(ihdr.data(), static_cast<std::uint32_t>(image.width()));
    put_u32(ihdr.data() + 4, static_cast<std::uint32_t>(h));
    ihdr[8] = 8;  // bit depth
    ihdr[9] = 2;  // RGB
    ihdr[10] = 0; // deflate
    ihdr[11] = 0; // adaptive filtering (each row says its filter)
    ihdr[12] = 0; // no interlace
    ok = ok && write_chunk(device, "IHDR", {{ihdr.data(), ihdr.size()}});
    // The IDAT chunks hold one zlib stream: its header (deflate, 32 kB window, fastest level),
    // the bands' deflate data one after the other, the Adler-32 of all filtered bytes.
    static const unsigned char zlib_header[2] = {0x78, 0x01};
    std::array<unsigned char, 4> trailer{};
    put_u32(trailer.data(), static_cast<std::uint32_t>(adler));
    ok = ok && write_chunk(device, "IDAT", {{zlib_header, 2}});
    for (const Band& band : bands) {
        for (std::size_t at = 0; ok && at < band.deflated.size(); at += max_chunk_bytes) {
            ok = write_chunk(device, "IDAT",
                             {{band.deflated.data() + at,
                               std::min(max_chunk_bytes, band.deflated.size() - at)}});
        }
    }
    ok = ok && write_chunk(device, "IDAT", {{trailer.data(), trailer.size()}});
    ok = ok && write_chunk(device, "IEND", {});
    return ok;
}

} // namespace gridmap::render
