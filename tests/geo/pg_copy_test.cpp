// Rows of COPY's binary format (detail/pg_copy.hpp), from messages written byte by byte as the
// PostgreSQL documentation gives the format ("COPY ... Binary Format").

#include "detail/pg_copy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using gridmap::detail::pg_append_hex;
using gridmap::detail::pg_binary_integer;
using gridmap::detail::pg_parse_binary_row;
using gridmap::detail::PgCopyField;
using gridmap::detail::PgCopyRow;

const std::string header("PGCOPY\n\377\r\n\0" // signature, 11 bytes
                         "\0\0\0\0"           // flags
                         "\0\0\0\0",          // no header extension
                         19);

std::string be16(int v) {
    return {static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}
std::string be32(long v) {
    std::string s;
    for (int k = 3; k >= 0; --k) {
        s.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
    }
    return s;
}

} // namespace

TEST(PgCopyTest, FirstRowCarriesTheHeaderAndFieldsViewTheMessage) {
    // (id text 'B1', fid int4 7, name NULL, geom 9 bytes of a point's EWKB head)
    const std::string ewkb("\x01\x01\x00\x00\x20\xc3\x11\x00\x00", 9);
    const std::string msg =
        header + be16(4) + be32(2) + "B1" + be32(4) + be32(7) + be32(-1) + be32(9) + ewkb;
    bool pending = true;
    std::vector<PgCopyField> fields;
    ASSERT_EQ(pg_parse_binary_row(msg, pending, fields), PgCopyRow::row);
    EXPECT_FALSE(pending);
    ASSERT_EQ(fields.size(), 4u);
    EXPECT_EQ(fields[0].bytes(), "B1");
    EXPECT_EQ(fields[0].data, msg.data() + 19 + 2 + 4); // a view, not a copy
    EXPECT_EQ(pg_binary_integer(fields[1]), 7);
    EXPECT_TRUE(fields[2].is_null());
    EXPECT_EQ(fields[3].bytes(), ewkb);

    // The next row has no header; an empty text is not NULL.
    const std::string second = be16(2) + be32(0) + be32(3) + "H\xe6\x88";
    ASSERT_EQ(pg_parse_binary_row(second, pending, fields), PgCopyRow::row);
    ASSERT_EQ(fields.size(), 2u);
    EXPECT_FALSE(fields[0].is_null());
    EXPECT_EQ(fields[0].bytes(), "");
    EXPECT_EQ(fields[1].bytes(), "H\xe6\x88");

    // The trailer.
    EXPECT_EQ(pg_parse_binary_row(be16(-1), pending, fields), PgCopyRow::end);
}

TEST(PgCopyTest, NoRowsIsHeaderAndTrailerInOneMessage) {
    bool pending = true;
    std::vector<PgCopyField> fields;
    EXPECT_EQ(pg_parse_binary_row(header + be16(-1), pending, fields), PgCopyRow::end);
    EXPECT_TRUE(fields.empty());
}

TEST(PgCopyTest, HeaderExtensionIsSkipped) {
    std::string h = header;
    h.replace(15, 4, be32(3));
    bool pending = true;
    std::vector<PgCopyField> fields;
    // The fields are views into the message: it must outlive them.
    const std::string msg = h + "xyz" + be16(1) + be32(1) + "k";
    ASSERT_EQ(pg_parse_binary_row(msg, pending, fields), PgCopyRow::row);
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_EQ(fields[0].bytes(), "k");
}

TEST(PgCopyTest, TruncatedOrForeignBytesAreDamaged) {
    std::vector<PgCopyField> fields;
    bool pending = true;
    // Text format instead of binary.
    EXPECT_EQ(pg_parse_binary_row("B1\tname\n", pending, fields), PgCopyRow::damaged);
    // A field longer than the message.
    pending = false;
    EXPECT_EQ(pg_parse_binary_row(be16(1) + be32(10) + "abc", pending, fields), PgCopyRow::damaged);
    // Fewer fields than announced.
    EXPECT_EQ(pg_parse_binary_row(be16(2) + be32(1) + "a", pending, fields), PgCopyRow::damaged);
    // Bytes left after the last field.
    EXPECT_EQ(pg_parse_binary_row(be16(1) + be32(1) + "ab", pending, fields), PgCopyRow::damaged);
    // A negative length other than -1.
    EXPECT_EQ(pg_parse_binary_row(be16(1) + be32(-2), pending, fields), PgCopyRow::damaged);
}

TEST(PgCopyTest, IntegersAreBigEndianAndSigned) {
    const std::string i2 = be16(-2);
    const std::string i4 = be32(1000000);
    const std::string i8("\x00\x00\x00\x01\x00\x00\x00\x02", 8); // 2^32 + 2
    const std::string neg8("\xff\xff\xff\xff\xff\xff\xff\xfe", 8);
    EXPECT_EQ(pg_binary_integer({i2.data(), 2}), -2);
    EXPECT_EQ(pg_binary_integer({i4.data(), 4}), 1000000);
    EXPECT_EQ(pg_binary_integer({i8.data(), 8}), 4294967298LL);
    EXPECT_EQ(pg_binary_integer({neg8.data(), 8}), -2);
    EXPECT_EQ(pg_binary_integer({nullptr, -1}), 0);
}

TEST(PgCopyTest, HexAsTheTextFormatWritesIt) {
    std::string geometry;
    pg_append_hex(geometry, std::string("\x01\x03\x00\xff", 4), true); // geometry: upper case
    EXPECT_EQ(geometry, "010300FF");
    std::string bytea = "\\x";
    pg_append_hex(bytea, std::string("\xab\x0c", 2), false); // bytea: \x and lower case
    EXPECT_EQ(bytea, "\\xab0c");
}
