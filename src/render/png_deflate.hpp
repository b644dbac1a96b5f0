#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gridmap::render {

/// A raw deflate encoder (RFC 1951) for the SUB-filtered rows of a map page: literals, and runs
/// of zero bytes (a run of one colour, filtered) as matches at distance 1, in one block of the
/// fixed Huffman codes. No hash chains and no search: a row is scanned once, eight bytes at a
/// time through the runs, where zlib's run-length mode (Z_RLE) compares byte by byte and counts
/// symbols for its own trees. The output is somewhat larger than zlib's, its decoding the same.
class RunDeflater {
public:
    /// Starts a block at the start of `out` (which it grows as needed); `final`: the block
    /// that ends the stream.
    RunDeflater(std::vector<unsigned char>& out, bool final);

    /// Encodes `size` bytes.
    void write(const unsigned char* data, std::size_t size);

    /// The Adler-32 of the bytes written so far (from 1, as zlib's adler32 starts).
    std::uint32_t adler() const { return static_cast<std::uint32_t>((m_b << 16) | m_a); }

    /// Ends the block on a byte boundary: the stream's end when the block is `final`, else
    /// with an empty stored block (as zlib's Z_SYNC_FLUSH), so that another encoder's output
    /// may follow. Returns the length of the output; `out` is cut to it.
    std::size_t finish();

private:
    void put(std::uint32_t bits, int count);
    void reserve(std::size_t bytes);
    void literal(unsigned char b);
    void zero_run(std::size_t n);

    std::vector<unsigned char>& m_out;
    std::size_t m_used = 0;
    std::uint64_t m_acc = 0;
    int m_bits = 0;
    bool m_final = false;
    std::uint64_t m_a = 1; ///< the Adler-32 sums, reduced modulo 65521 after each write
    std::uint64_t m_b = 0;
};

} // namespace gridmap::render
