#include "png_deflate.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace gridmap::render {

namespace {

struct Code {
    std::uint32_t bits = 0; ///< bit-reversed, as deflate writes Huffman codes
    int length = 0;
};

std::uint32_t reversed(std::uint32_t code, int length) {
    std::uint32_t out = 0;
    for (int i = 0; i < length; ++i) {
        out = (out << 1) | ((code >> i) & 1u);
    }
    return out;
}

/// The fixed literal/length code of RFC 1951, 3.2.6.
Code fixed_code(int symbol) {
    if (symbol < 144) {
        return {reversed(0x30u + static_cast<std::uint32_t>(symbol), 8), 8};
    }
    if (symbol < 256) {
        return {reversed(0x190u + static_cast<std::uint32_t>(symbol - 144), 9), 9};
    }
    if (symbol < 280) {
        return {reversed(static_cast<std::uint32_t>(symbol - 256), 7), 7};
    }
    return {reversed(0xc0u + static_cast<std::uint32_t>(symbol - 280), 8), 8};
}

struct Tables {
    std::array<Code, 256> literal{};
    /// For a match of length 3..258 at distance 1: the length's code, its extra bits and the
    /// 5-bit distance code 0, as one run of bits.
    std::array<Code, 259> match{};
    Code end_of_block;
};

const Tables& tables() {
    static const Tables all = [] {
        Tables t;
        for (int s = 0; s < 256; ++s) {
            t.literal[static_cast<std::size_t>(s)] = fixed_code(s);
        }
        t.end_of_block = fixed_code(256);
        static const int base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                     15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                     67, 83, 99, 115, 131, 163, 195, 227, 258};
        for (int length = 3; length <= 258; ++length) {
            int k = 28;
            while (base[k] > length) {
                --k;
            }
            // Symbols 257..284 take base[0..27]; 258 is symbol 285 (no extra bits), which
            // base[28] gives.
            const int extra_bits = k < 8 ? 0 : k == 28 ? 0 : (k - 4) / 4;
            const Code c = fixed_code(257 + k);
            const auto extra_value = static_cast<std::uint32_t>(length - base[k]);
            // Distance 1 is distance code 0: five zero bits.
            t.match[static_cast<std::size_t>(length)] = {c.bits | (extra_value << c.length),
                                                         c.length + extra_bits + 5};
        }
        return t;
    }();
    return all;
}

} // namespace

RunDeflater::RunDeflater(std::vector<unsigned char>& out, bool final) : m_out(out), m_final(final) {
    reserve(16);
    put((final ? 1u : 0u) | (1u << 1), 3); // BFINAL, BTYPE 01: fixed Huffman codes
}

std::size_t RunDeflater::finish() {
    reserve(16);
    const Code& eob = tables().end_of_block;
    put(eob.bits, eob.length);
    if (!m_final) {
        put(0, 3); // BFINAL 0, BTYPE 00: a stored block, empty
    }
    while (m_bits > 0) {
        m_out[m_used++] = static_cast<unsigned char>(m_acc);
        m_acc >>= 8;
        m_bits -= 8;
    }
    m_acc = 0;
    m_bits = 0;
    if (!m_final) {
        // LEN 0, NLEN 0xffff.
        for (const unsigned char b : {0x00, 0x00, 0xff, 0xff}) {
            m_out[m_used++] = b;
        }
    }
    m_out.resize(m_used);
    return m_used;
}

void RunDeflater::reserve(std::size_t bytes) {
    if (m_out.size() - m_used < bytes + 16) {
        m_out.resize(std::max(m_out.size() * 2, m_used + bytes + 65536));
    }
}

void RunDeflater::put(std::uint32_t bits, int count) {
    m_acc |= static_cast<std::uint64_t>(bits) << m_bits;
    m_bits += count;
    if (m_bits >= 32) {
        unsigned char* o = m_out.data() + m_used;
        o[0] = static_cast<unsigned char>(m_acc);
        o[1] = static_cast<unsigned char>(m_acc >> 8);
        o[2] = static_cast<unsigned char>(m_acc >> 16);
        o[3] = static_cast<unsigned char>(m_acc >> 24);
        m_used += 4;
        m_acc >>= 32;
        m_bits -= 32;
    }
}

void RunDeflater::literal(unsigned char b) {
    const Code& c = tables().literal[b];
    put(c.bits, c.length);
}

void RunDeflater::zero_run(std::size_t n) {
    // The first zero as a literal, the rest copies of the byte before (distance 1).
    literal(0);
    --n;
    const Tables& t = tables();
    while (n >= 3) {
        const std::size_t length = std::min<std::size_t>(n, 258);
        // A rest of 1 or 2 after a full 258 would need literals: 256 now leaves 3 or 4.
        const std::size_t take = length == 258 && (n - 258 == 1 || n - 258 == 2) ? 256 : length;
        const Code& c = t.match[take];
        put(c.bits, c.length);
        n -= take;
    }
    while (n-- > 0) {
        literal(0);
    }
}

void RunDeflater::write(const unsigned char* data, std::size_t size) {
    // Fixed codes take at most 9 bits a byte.
    reserve(size + size / 8 + 16);
    // The Adler-32 as it goes: a zero adds nothing to its first sum and that sum to the
    // second, so a run of n zeros adds n times the first sum. Unreduced, the sums of one row of
    // a 20,000 pixel page stay far below 2^64.
    std::uint64_t a = m_a;
    std::uint64_t b = m_b;
    std::size_t i = 0;
    while (i < size) {
        if (data[i] != 0) {
            literal(data[i]);
            a += data[i];
            b += a;
            ++i;
            continue;
        }
        // The length of the run of zeros from i: eight bytes at a time.
        std::size_t j = i + 1;
        while (j + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, data + j, 8);
            if (word != 0) {
                break;
            }
            j += 8;
        }
        while (j < size && data[j] == 0) {
            ++j;
        }
        const std::size_t n = j - i;
        b += a * n;
        if (n < 4) {
            for (std::size_t k = 0; k < n; ++k) {
                literal(0);
            }
        } else {
            zero_run(n);
        }
        i = j;
    }
    m_a = a % 65521;
    m_b = b % 65521;
}

} // namespace gridmap::render
