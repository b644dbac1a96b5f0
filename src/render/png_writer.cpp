#include "png_writer.hpp"

#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <vector>

namespace gridmap::render {

namespace {

struct Sink {
    QIODevice* device;
    bool failed = false;
};

void write_bytes(png_structp png, png_bytep data, png_size_t size) {
    auto* sink = static_cast<Sink*>(png_get_io_ptr(png));
    if (!sink->failed &&
        sink->device->write(reinterpret_cast<const char*>(data), static_cast<qint64>(size)) !=
            static_cast<qint64>(size)) {
        sink->failed = true;
    }
}

void flush_bytes(png_structp) {}

/// One row of `image` as RGB bytes into `out` (3 x width).
void rgb_row(const QImage& image, int y, unsigned char* out) {
    const int w = image.width();
    switch (image.format()) {
    case QImage::Format_RGB888:
        std::copy_n(image.constScanLine(y), static_cast<std::size_t>(w) * 3, out);
        return;
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
    case QImage::Format_ARGB32_Premultiplied: {
        const auto* px = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        const bool premultiplied = image.format() == QImage::Format_ARGB32_Premultiplied;
        for (int x = 0; x < w; ++x) {
            const QRgb p = premultiplied ? qUnpremultiply(px[x]) : px[x];
            out[3 * x] = static_cast<unsigned char>(qRed(p));
            out[3 * x + 1] = static_cast<unsigned char>(qGreen(p));
            out[3 * x + 2] = static_cast<unsigned char>(qBlue(p));
        }
        return;
    }
    default: {
        const QImage line = image.copy(0, y, w, 1).convertToFormat(QImage::Format_RGB888);
        std::copy_n(line.constScanLine(0), static_cast<std::size_t>(w) * 3, out);
        return;
    }
    }
}

/// The libpng part, without C++ objects that longjmp would skip.
bool encode(const QImage& image, Sink& sink, unsigned char* row) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (png == nullptr) {
        return false;
    }
    png_infop info = png_create_info_struct(png);
    if (info == nullptr || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_set_write_fn(png, &sink, write_bytes, flush_bytes);
    png_set_IHDR(png, info, static_cast<png_uint_32>(image.width()),
                 static_cast<png_uint_32>(image.height()), 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_compression_level(png, 1);
    png_set_compression_strategy(png, Z_RLE);
    png_write_info(png, info);
    for (int y = 0; y < image.height(); ++y) {
        rgb_row(image, y, row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return !sink.failed;
}

} // namespace

bool write_rgb_png(const QImage& image, QIODevice& device) {
    if (image.isNull()) {
        return false;
    }
    std::vector<unsigned char> row(static_cast<std::size_t>(image.width()) * 3);
    Sink sink{&device};
    return encode(image, sink, row.data());
}

} // namespace gridmap::render
