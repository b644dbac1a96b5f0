#include "detail/pg_copy.hpp"

#include <cstring>

namespace gridmap::detail {

namespace {

constexpr char signature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};

std::uint32_t read_u32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) |
           std::uint32_t{u[3]};
}

std::int16_t read_i16(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return static_cast<std::int16_t>((u[0] << 8) | u[1]);
}

} // namespace

PgCopyRow pg_parse_binary_row(std::string_view message, bool& header_pending,
                              std::vector<PgCopyField>& fields) {
    fields.clear();
    const char* p = message.data();
    const char* const end = p + message.size();
    if (header_pending) {
        // Signature, flags (int32), extension area length (int32), the extension area.
        if (message.size() < 19 || std::memcmp(p, signature, sizeof signature) != 0) {
            return PgCopyRow::damaged;
        }
        const std::uint32_t extension = read_u32(p + 15);
        if (extension > message.size() - 19) {
            return PgCopyRow::damaged;
        }
        p += 19 + extension;
        header_pending = false;
    }
    if (end - p < 2) {
        return PgCopyRow::damaged;
    }
    const std::int16_t count = read_i16(p);
    p += 2;
    if (count == -1) {
        return PgCopyRow::end;
    }
    if (count < 0) {
        return PgCopyRow::damaged;
    }
    fields.resize(static_cast<std::size_t>(count));
    for (PgCopyField& f : fields) {
        if (end - p < 4) {
            return PgCopyRow::damaged;
        }
        const auto size = static_cast<std::int32_t>(read_u32(p));
        p += 4;
        if (size < -1 || (size > 0 && end - p < size)) {
            return PgCopyRow::damaged;
        }
        f.data = p;
        f.size = size;
        p += size > 0 ? size : 0;
    }
    return p == end ? PgCopyRow::row : PgCopyRow::damaged;
}

std::int64_t pg_binary_integer(const PgCopyField& field) {
    const auto* u = reinterpret_cast<const unsigned char*>(field.data);
    switch (field.size) {
    case 2:
        return read_i16(field.data);
    case 4:
        return static_cast<std::int32_t>(read_u32(field.data));
    case 8: {
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k) {
            v = (v << 8) | u[k];
        }
        return static_cast<std::int64_t>(v);
    }
    default:
        return 0;
    }
}

void pg_append_hex(std::string& out, std::string_view bytes, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    const std::size_t at = out.size();
    out.resize(at + 2 * bytes.size());
    char* o = out.data() + at;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        *o++ = digits[b >> 4];
        *o++ = digits[b & 15];
    }
}

} // namespace gridmap::detail
