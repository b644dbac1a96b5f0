#pragma once

// The rows of `COPY (...) TO STDOUT (FORMAT binary)` (issue #14, bulk reads of a project kept in
// PostgreSQL): each field in its type's binary form, so geometries arrive as EWKB bytes (not
// hex text), text as its UTF-8 bytes (no escapes to undo) and integers as big-endian words.
// Pure byte handling, no libpq: tests/geo/pg_copy_test.cpp feeds it hand-made messages.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gridmap::detail {

/// One field of a binary COPY row: a view of its bytes (inside the message), or NULL.
struct PgCopyField {
    const char* data = nullptr;
    std::int32_t size = -1; ///< -1: NULL

    bool is_null() const { return size < 0; }
    std::string_view bytes() const {
        return size < 0 ? std::string_view()
                        : std::string_view(data, static_cast<std::size_t>(size));
    }
};

enum class PgCopyRow {
    row,     ///< `fields` holds the row
    end,     ///< the trailer: no more rows
    damaged, ///< the message is not a row of the binary format
};

/// Splits one CopyData message of COPY's binary format into `fields` (views into `message`).
/// `header_pending` is true until the file header (11-byte signature, flags, extension area)
/// has been passed: the server sends it in front of the first row, or of the trailer when
/// there is no row; it is set to false once skipped.
PgCopyRow pg_parse_binary_row(std::string_view message, bool& header_pending,
                              std::vector<PgCopyField>& fields);

/// The value of a binary int2, int4 or int8 field (by its size; 0 for NULL or another size).
std::int64_t pg_binary_integer(const PgCopyField& field);

/// Appends the bytes as hexadecimal digits (upper or lower case).
void pg_append_hex(std::string& out, std::string_view bytes, bool upper);

} // namespace gridmap::detail
