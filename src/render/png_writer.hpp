#pragma once

#include <QIODevice>
#include <QImage>

namespace gridmap::render {

/// Writes `image` as an 8-bit RGB PNG (no alpha channel: the pixels of
/// convertToFormat(Format_RGB888)): the SUB filter on every row, deflated by RunDeflater
/// (png_deflate.hpp: runs of zeros as matches, fixed Huffman codes; about 3x faster than zlib
/// level 1 with Z_RLE, the file about 20% larger). A map page is mostly runs of one colour,
/// which SUB turns into zeros. The rows are cut into bands compressed on as many threads
/// (`bands`; 0: one per core,
/// at most 8, each of at least 128 rows), each band a run of deflate blocks ending on a byte
/// boundary, so that the bands joined are the one zlib stream of the image (as pigz does);
/// lossless whatever the count, the file a little larger than with one band. Rows are
/// converted one at a time (no second image in memory). Returns false when the device cannot
/// be written.
bool write_rgb_png(const QImage& image, QIODevice& device, int bands = 0);

} // namespace gridmap::render
