// The PNG writer of rendered pages: the pixels of convertToFormat(RGB888), as an 8-bit RGB PNG.

#include "page.hpp"
#include "png_deflate.hpp"
#include "png_writer.hpp"

#include <QBuffer>
#include <QImage>
#include <QPainter>

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include <zlib.h>

namespace {

/// The bytes of a PNG of `image` written by write_rgb_png.
QByteArray png_of(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    EXPECT_TRUE(buffer.open(QIODevice::WriteOnly));
    EXPECT_TRUE(gridmap::render::write_rgb_png(image, buffer));
    return bytes;
}

} // namespace

TEST(PngWriterTest, PixelsAreThoseOfTheRgbImage) {
    // A page as render draws it: white, a filled and stroked polygon with anti-aliasing, and a
    // semi-transparent premultiplied pixel that the writer must unpremultiply.
    QImage page(97, 61, QImage::Format_ARGB32_Premultiplied);
    page.fill(Qt::white);
    {
        QPainter p(&page);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(138, 74, 31), 1.0));
        p.setBrush(QColor(224, 123, 57));
        p.drawPolygon(QPolygonF({{3.3, 4.1}, {80.7, 9.2}, {60.5, 55.9}, {10.1, 40.4}}));
    }
    page.setPixel(5, 50, qPremultiply(qRgba(200, 100, 50, 128)));
    const QByteArray bytes = png_of(page);
    // The signature, then IHDR: 97 x 61, bit depth 8, colour type 2 (RGB, no alpha).
    ASSERT_GT(bytes.size(), 33);
    EXPECT_EQ(bytes.left(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(bytes.mid(12, 4), QByteArray("IHDR"));
    EXPECT_EQ(bytes.mid(16, 8), QByteArray("\0\0\0\x61\0\0\0\x3d", 8));
    EXPECT_EQ(static_cast<int>(bytes[24]), 8);
    EXPECT_EQ(static_cast<int>(bytes[25]), 2);
    QImage back;
    ASSERT_TRUE(back.loadFromData(bytes, "PNG"));
    const QImage expected = page.convertToFormat(QImage::Format_RGB888);
    ASSERT_EQ(back.size(), expected.size());
    const QImage got = back.convertToFormat(QImage::Format_RGB888);
    int differing = 0;
    for (int y = 0; y < expected.height(); ++y) {
        for (int x = 0; x < expected.width(); ++x) {
            differing += got.pixel(x, y) != expected.pixel(x, y) ? 1 : 0;
        }
    }
    EXPECT_EQ(differing, 0);
    EXPECT_EQ(got.pixel(0, 0), qRgb(255, 255, 255));
    EXPECT_EQ(got.pixel(40, 25), qRgb(224, 123, 57)); // inside the polygon
}

TEST(PngWriterTest, OtherFormatsAndFilesWriteTheSamePixels) {
    QImage indexed(5, 3, QImage::Format_Indexed8);
    indexed.setColorTable({qRgb(10, 20, 30), qRgb(200, 150, 100)});
    indexed.fill(0);
    indexed.setPixel(2, 1, 1);
    QImage back;
    ASSERT_TRUE(back.loadFromData(png_of(indexed), "PNG"));
    EXPECT_EQ(back.pixel(0, 0), qRgb(10, 20, 30));
    EXPECT_EQ(back.pixel(2, 1), qRgb(200, 150, 100));
    // save_png to a device that is not open yet opens it, as QImageWriter did.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    EXPECT_TRUE(gridmap::render::save_png(indexed, &buffer));
    EXPECT_TRUE(back.loadFromData(bytes, "PNG"));
    EXPECT_EQ(back.pixel(2, 1), qRgb(200, 150, 100));
    EXPECT_FALSE(gridmap::render::save_png(indexed, QStringLiteral("/nonexistent-dir/x.png")));
}

TEST(PngWriterTest, BandsOnSeveralThreadsMakeOneLosslessStream) {
    // 300 rows of varied pixels (a gradient, a polygon, noise) in 1, 2, 3 and 7 bands: every
    // file decodes to the same pixels, and the bands are compressed apart (more bands, more
    // sync-flush markers: the files differ).
    QImage page(211, 300, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < page.height(); ++y) {
        for (int x = 0; x < page.width(); ++x) {
            page.setPixel(x, y, qRgb((x * 7 + y) % 256, (y * 3) % 256, (x * y) % 251));
        }
    }
    {
        QPainter p(&page);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(QColor(224, 123, 57));
        p.drawEllipse(QPointF(100, 150), 80.5, 120.25);
    }
    const QImage expected = page.convertToFormat(QImage::Format_RGB888);
    QByteArray one_band;
    for (int bands : {1, 2, 3, 7}) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        ASSERT_TRUE(buffer.open(QIODevice::WriteOnly));
        ASSERT_TRUE(gridmap::render::write_rgb_png(page, buffer, bands));
        QImage back;
        ASSERT_TRUE(back.loadFromData(bytes, "PNG")) << bands << " bands";
        const QImage got = back.convertToFormat(QImage::Format_RGB888);
        ASSERT_EQ(got.size(), expected.size());
        int differing = 0;
        for (int y = 0; y < expected.height(); ++y) {
            differing += std::memcmp(got.constScanLine(y), expected.constScanLine(y),
                                     static_cast<std::size_t>(expected.width()) * 3) != 0;
        }
        EXPECT_EQ(differing, 0) << bands << " bands";
        if (bands == 1) {
            one_band = bytes;
        } else {
            EXPECT_NE(bytes, one_band) << bands << " bands";
        }
    }
}

TEST(PngWriterTest, RunDeflaterIsRawDeflateWithTheAdlerOfItsInput) {
    // Runs of zeros of every length from 1 to 600 (matches of 3 to 258 and their rests, a run of
    // 259 or 260 that a 258 would leave one or two bytes of), between bytes of every value, in
    // two streams that end apart (the first with the empty stored block of a sync flush): zlib
    // inflates the two joined to the input, and the Adler-32s are zlib's.
    std::vector<unsigned char> input;
    for (int n = 1; n <= 600; ++n) {
        input.insert(input.end(), static_cast<std::size_t>(n), 0);
        input.push_back(static_cast<unsigned char>(n % 255 + 1));
        input.push_back(static_cast<unsigned char>((n * 7) % 256));
    }
    const std::size_t half = input.size() / 2 + 1; // inside a run
    std::vector<unsigned char> first;
    std::vector<unsigned char> second;
    gridmap::render::RunDeflater a(first, false);
    a.write(input.data(), 1000);
    a.write(input.data() + 1000, half - 1000);
    const std::uint32_t adler_first = a.adler();
    const std::size_t first_size = a.finish();
    EXPECT_EQ(first_size, first.size()); // cut to what was written
    gridmap::render::RunDeflater b(second, true);
    b.write(input.data() + half, input.size() - half);
    const std::uint32_t adler_second = b.adler();
    b.finish();
    EXPECT_EQ(adler_first, adler32(1, input.data(), static_cast<uInt>(half)));
    EXPECT_EQ(adler_second,
              adler32(1, input.data() + half, static_cast<uInt>(input.size() - half)));
    // The first stream ends on 00 00 ff ff, as after Z_SYNC_FLUSH.
    ASSERT_GE(first.size(), 4U);
    EXPECT_EQ(std::vector<unsigned char>(first.end() - 4, first.end()),
              (std::vector<unsigned char>{0x00, 0x00, 0xff, 0xff}));
    std::vector<unsigned char> joined = first;
    joined.insert(joined.end(), second.begin(), second.end());
    std::vector<unsigned char> back(input.size() + 16);
    z_stream z{};
    ASSERT_EQ(inflateInit2(&z, -15), Z_OK);
    z.next_in = joined.data();
    z.avail_in = static_cast<uInt>(joined.size());
    z.next_out = back.data();
    z.avail_out = static_cast<uInt>(back.size());
    EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
    EXPECT_EQ(z.total_out, input.size());
    EXPECT_EQ(z.avail_in, 0U); // nothing after the final block
    inflateEnd(&z);
    back.resize(input.size());
    EXPECT_EQ(back, input);
    // Runs cost a few bits each: far smaller than the input (about 180,000 bytes).
    EXPECT_LT(joined.size(), 6000U);
}
