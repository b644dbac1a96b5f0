#include "detail/source_file.hpp"

#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/text.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iconv.h>
#include <iterator>
#include <utility>

namespace gridmap::detail {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string extension_of(const std::string& path) {
    return lower(fs::path(path).extension().string());
}

std::string file_name(const std::string& path) {
    return fs::path(path).filename().string();
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(size, 0)), '\0');
    if (size < 0 || !in.seekg(0) || !in.read(bytes.data(), size)) {
        throw InputError(path + ": cannot be read");
    }
    return bytes;
}

/// The sidecar of `path` with extension `ext` (".dbf"), in lower or upper case, or "".
std::string sidecar(const std::string& path, const std::string& ext) {
    for (const std::string& e :
         {ext, [&] {
              std::string u = ext;
              std::transform(u.begin(), u.end(), u.begin(),
                             [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
              return u;
          }()}) {
        const fs::path p = fs::path(path).replace_extension(e);
        if (fs::exists(p)) {
            return p.string();
        }
    }
    return {};
}

bool is_utf8_name(const std::string& encoding) {
    const std::string e = lower(encoding);
    return e == "utf-8" || e == "utf8";
}

std::size_t line_of(std::string_view text, std::size_t offset) {
    return 1 + static_cast<std::size_t>(std::count(
                   text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

[[noreturn]] void cut_short(const std::string& path, const std::string& what) {
    throw InputError(path + ": " + what + ": the file looks cut short; nothing was imported");
}

/// Whether the bytes from `bad` (the first that is not UTF-8) are the start of a UTF-8
/// character that the end of the text cuts off.
bool ends_inside_utf8_character(std::string_view text, std::size_t bad) {
    const auto lead = static_cast<unsigned char>(text[bad]);
    const std::size_t needed = lead >= 0xC2 && lead <= 0xDF   ? 2
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                              : 0;
    if (needed == 0 || bad + needed <= text.size()) {
        return false;
    }
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(bad) + 1, text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; });
}

struct IconvHandle {
    iconv_t cd;
    explicit IconvHandle(const std::string& from) : cd(iconv_open("UTF-8", from.c_str())) {}
    ~IconvHandle() {
        if (cd != reinterpret_cast<iconv_t>(-1)) {
            iconv_close(cd);
        }
    }
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;
    bool ok() const { return cd != reinterpret_cast<iconv_t>(-1); }
};

void require_known_encoding(const std::string& encoding) {
    if (!encoding.empty() && !IconvHandle(encoding).ok()) {
        throw InputError("--source-encoding " + encoding +
                         ": unknown encoding (e.g. UTF-8, GB18030, GBK, UTF-16)");
    }
}

/// `bytes` in `encoding` as UTF-8; nullopt and the offset of the first byte that is not text
/// in that encoding (an incomplete sequence at the end counts).
std::optional<std::string> decode(std::string_view bytes, const std::string& encoding,
                                  std::size_t& bad_offset, bool* cut = nullptr) {
    IconvHandle conv(encoding);
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::size_t done = 0;
    while (in_left > 0) {
        char* o = out.data() + done;
        std::size_t out_left = out.size() - done;
        const std::size_t r = iconv(conv.cd, &in, &in_left, &o, &out_left);
        done = out.size() - out_left;
        if (r != static_cast<std::size_t>(-1)) {
            break;
        }
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        bad_offset = static_cast<std::size_t>(in - bytes.data());
        if (cut != nullptr) {
            *cut = errno == EINVAL; // an incomplete character at the end
        }
        return std::nullopt;
    }
    out.resize(done);
    return out;
}

/// GDAL's CSV driver's choice of delimiter from the header line: the first of , ; tab outside
/// quotes (',' when they are mixed or absent); a tab for .tsv.
char delimiter_of(std::string_view text, bool tsv) {
    if (tsv) {
        return '\t';
    }
    bool quoted = false;
    char found = '\0';
    for (char c : text) {
        if (c == '\n') {
            break;
        }
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == ',' || c == ';' || c == '\t')) {
            if (found != '\0' && found != c) {
                return ',';
            }
            found = c;
        }
    }
    return found == '\0' ? ',' : found;
}

/// One row of a delimited text: its number as a spreadsheet shows it (the header is row 1, a
/// quoted line break stays in its row, a blank line is a row of its own) and its raw cells,
/// quotes included.
struct TextRow {
    std::size_t number = 0;
    std::vector<std::string_view> cells;
};

/// How a delimited text ends: the row it ends in, whether a quoted value is still open (and
/// over how many line breaks), whether the last row has no line break.
struct TextEnd {
    std::size_t row = 1;
    bool quoted = false;
    std::size_t quoted_breaks = 0;
    bool open_row = false;
};

/// Splits `text` into rows and cells as GDAL's CSV reader does (a quoted value may hold the
/// delimiter, line breaks and "" for a quote) and calls `on_row` with every row that is not
/// blank, unless a quoted value is still open at the end.
template <class OnRow> TextEnd scan_rows(std::string_view text, char delimiter, OnRow on_row) {
    TextEnd end;
    TextRow row;
    std::size_t start = 0; // of the cell being read
    bool blank = true;
    auto cell_to = [&](std::size_t at) {
        std::string_view c = text.substr(start, at - start);
        if (!c.empty() && c.back() == '\r') {
            c.remove_suffix(1);
        }
        row.cells.push_back(c);
        start = at + 1;
    };
    auto end_row = [&](std::size_t at) {
        cell_to(at);
        if (!blank) {
            row.number = end.row;
            on_row(static_cast<const TextRow&>(row));
        }
        row.cells.clear();
        ++end.row;
        blank = true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            end.quoted = !end.quoted;
            end.quoted_breaks = 0;
            blank = false;
        } else if (end.quoted) {
            end.quoted_breaks += c == '\n' ? 1 : 0;
        } else if (c == '\n') {
            end_row(i);
        } else if (c == delimiter) {
            cell_to(i);
            blank = false;
        } else if (c != '\r') {
            blank = false;
        }
    }
    end.open_row = !blank;
    if (!end.quoted) {
        end_row(text.size());
    }
    return end;
}

/// A raw cell without its quotes ("" for a quote inside) and surrounding spaces.
std::string cell_value(std::string_view cell) {
    while (!cell.empty() && cell.front() == ' ') {
        cell.remove_prefix(1);
    }
    while (!cell.empty() && cell.back() == ' ') {
        cell.remove_suffix(1);
    }
    if (cell.size() < 2 || cell.front() != '"' || cell.back() != '"') {
        return std::string(cell);
    }
    std::string out;
    for (std::size_t i = 1; i + 1 < cell.size(); ++i) {
        out += cell[i];
        i += cell[i] == '"' && cell[i + 1] == '"' ? 1 : 0;
    }
    return out;
}

/// The first header cell named as one of `names` (comma-separated, any case), or -1.
int column_named(const std::vector<std::string_view>& header, std::string_view names) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string name = lower(cell_value(header[i]));
        for (std::size_t from = 0; from <= names.size();) {
            const std::size_t to = std::min(names.find(',', from), names.size());
            if (name == lower(std::string(names.substr(from, to - from)))) {
                return static_cast<int>(i);
            }
            from = to + 1;
        }
    }
    return -1;
}

/// The lon/lat columns GDAL's CSV driver makes points from: both named, and no WKT column.
struct LonLatColumns {
    int lon = -1;
    int lat = -1;

    explicit LonLatColumns(const std::vector<std::string_view>& header) {
        if (column_named(header, csv_geometry_names) < 0) {
            lon = column_named(header, csv_x_names);
            lat = column_named(header, csv_y_names);
        }
    }

    /// GDAL reads 'nan', 'inf' or 'abc' as NaN, infinity or 0 and drops or misplaces the point:
    /// refuse such a cell, naming row and column. An empty cell is left to the import (no
    /// geometry).
    void check(const std::string& source, const std::vector<std::string_view>& header,
               const TextRow& row) const {
        if (lon < 0 || lat < 0) {
            return;
        }
        for (const auto& [column, what] : {std::pair{lon, "longitude"}, {lat, "latitude"}}) {
            const auto at = static_cast<std::size_t>(column);
            const std::string v = at < row.cells.size() ? cell_value(row.cells[at]) : "";
            if (!v.empty() && !parse_real(v)) {
                throw InputError(source + ": row " + std::to_string(row.number) + ", column '" +
                                 printable(cell_value(header[at])) + "': " + what + " '" +
                                 printable(v) + "' is not a number; nothing was imported");
            }
        }
    }
};

/// Refuses a delimited text with a row whose field count is not the header's (GDAL would pad
/// a short row with empty values and drop a long row's extra ones), a lon/lat cell that is not
/// a number, or a last quote that is not closed; a short last row is what a file cut short
/// mid-row looks like. Rows are numbered as in `scan_rows`. Returns a note when the last row
/// ends without a line break (a cut in its last value cannot be told from a file written
/// without one), else "".
std::string check_rows(const std::string& source, std::string_view text, bool tsv) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    std::vector<std::string_view> header;
    std::optional<LonLatColumns> lonlat;
    std::size_t last_row = 0;
    std::size_t last_fields = 0;
    std::size_t odd_row = 0; ///< the first row whose field count is not the header's
    std::size_t odd_fields = 0;
    const TextEnd end = scan_rows(text, delimiter_of(text, tsv), [&](const TextRow& row) {
        if (header.empty()) {
            header = row.cells;
            lonlat.emplace(header);
        } else if (row.cells.size() != header.size()) {
            if (odd_row == 0) {
                odd_row = row.number;
                odd_fields = row.cells.size();
            }
        } else if (odd_row == 0) {
            lonlat->check(source, header, row);
        }
        last_row = row.number;
        last_fields = row.cells.size();
    });
    if (end.quoted && end.quoted_breaks == 0) {
        throw InputError(source + ": row " + std::to_string(end.row) +
                         " has a quoted value that is never closed: the file looks cut short; "
                         "nothing was imported");
    }
    if (end.quoted) {
        throw InputError(source + ": row " + std::to_string(end.row) +
                         " opens a quoted value that runs to the end of the file (across " +
                         std::to_string(end.quoted_breaks) +
                         " line breaks): a stray quote (\") or a file cut short; nothing was "
                         "imported");
    }
    if (odd_row != 0) {
        const std::size_t header_fields = header.size();
        const bool cut = odd_row == last_row && last_fields < header_fields;
        throw InputError(source + ": row " + std::to_string(odd_row) + " has " +
                         std::to_string(odd_fields) + " field" + (odd_fields == 1 ? "" : "s") +
                         ", the header has " + std::to_string(header_fields) +
                         (cut                          ? ": the file looks cut short"
                          : odd_fields < header_fields ? ": a value or its delimiter is missing"
                                                       : ": a delimiter inside a value must be "
                                                         "quoted") +
                         "; nothing was imported");
    }
    if (end.open_row && last_row > 1) {
        return "row " + std::to_string(last_row) +
               ", the last, ends without a line break: if the file was cut short there, its "
               "last value is incomplete";
    }
    return {};
}

std::string memory_dir() {
    static std::atomic<unsigned> counter{0};
    return "/vsimem/gridmap_import_" + std::to_string(counter.fetch_add(1));
}

void write_memory_file(const std::string& path, std::string_view bytes) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    if (f == nullptr || VSIFWriteL(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
        if (f != nullptr) {
            VSIFCloseL(f);
        }
        throw LibraryError(path + ": cannot write a memory file");
    }
    VSIFCloseL(f);
}

/// The text table's bytes as UTF-8 and what was decided about its encoding ("" when it was
/// UTF-8 already, with or without BOM).
std::string text_as_utf8(const std::string& source, std::string bytes, const std::string& encoding,
                         std::string& note) {
    std::string from = encoding;
    std::string_view body = bytes;
    if (from.empty()) {
        if (body.substr(0, 2) == "\xFF\xFE" || body.substr(0, 2) == "\xFE\xFF") {
            from = body[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
            body.remove_prefix(2);
            note = "read as " + from + " (its byte order mark)";
        } else if (const auto bad = first_invalid_utf8(body); !bad) {
            return bytes;
        } else if (ends_inside_utf8_character(body, *bad)) {
            cut_short(source,
                      "it ends inside a UTF-8 character (bytes " + hex_bytes(body, *bad) + ")");
        } else {
            from = "GB18030";
            note = "read as GB18030 (GBK), the encoding Excel and WPS use on Chinese Windows: "
                   "the file is not UTF-8";
        }
    } else if (is_utf8_name(from)) {
        if (const auto bad = first_invalid_utf8(body)) {
            if (ends_inside_utf8_character(body, *bad)) {
                cut_short(source,
                          "it ends inside a UTF-8 character (bytes " + hex_bytes(body, *bad) + ")");
            }
            throw InputError(source + ": line " + std::to_string(line_of(body, *bad)) +
                             " is not UTF-8 text (bytes " + hex_bytes(body, *bad) +
                             ") though --source-encoding says " + encoding +
                             "; nothing was imported");
        }
        return bytes;
    } else {
        note = "read as " + from + " (--source-encoding)";
    }
    std::size_t bad = 0;
    bool cut = false;
    std::optional<std::string> text = decode(body, from, bad, &cut);
    if (!text && cut) {
        cut_short(source,
                  "it ends inside a " + from + " character (bytes " + hex_bytes(body, bad) + ")");
    }
    if (!text) {
        throw InputError(
            source + ": line " + std::to_string(line_of(body, bad)) + " is not " +
            (encoding.empty() ? "UTF-8 or GB18030" : from) + " text (bytes " +
            hex_bytes(body, bad) + ")" +
            (encoding.empty() ? "; give the file's encoding with --source-encoding" : "") +
            "; nothing was imported");
    }
    return std::move(*text);
}

/// A text table or GeoJSON file: its text as UTF-8, in memory when it was not UTF-8 already.
void prepare_text(const std::string& source, const std::string& encoding, PreparedSource& out,
                  std::string& memory) {
    const std::string ext = extension_of(source);
    std::string note;
    const std::string text = text_as_utf8(source, read_bytes(source), encoding, note);
    if (is_text_table(source)) {
        if (std::string last = check_rows(source, text, ext == ".tsv"); !last.empty()) {
            out.notes.push_back(std::move(last));
        }
    }
    const std::string prefix = ext == ".txt" ? "CSV:" : "";
    if (note.empty()) {
        out.open_path = prefix + source;
        return;
    }
    out.notes.insert(out.notes.begin(), note);
    memory = memory_dir();
    const std::string copy = memory + "/" + file_name(source);
    write_memory_file(copy, text);
    // GDAL reads a CSV's CRS and column types from files beside it.
    for (const char* ext_side : {".prj", ".csvt"}) {
        if (const std::string side = sidecar(source, ext_side); !side.empty()) {
            write_memory_file(fs::path(copy).replace_extension(ext_side).string(),
                              read_bytes(side));
        }
    }
    out.open_path = prefix + copy;
}

std::uint32_t le32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

std::uint32_t be32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

std::string head_of(const std::string& path, std::size_t n) {
    std::ifstream in(path, std::ios::binary);
    std::string b(n, '\0');
    in.read(b.data(), static_cast<std::streamsize>(n));
    b.resize(static_cast<std::size_t>(in.gcount()));
    return b;
}

/// A .shp or .shx holds its length (16-bit words) at byte 24.
void check_shape_length(const std::string& path) {
    const std::string head = head_of(path, 100);
    const auto size = static_cast<std::uintmax_t>(fs::file_size(path));
    if (head.size() < 100) {
        cut_short(path, std::to_string(size) + " bytes, shorter than its 100-byte header");
    }
    const std::uintmax_t announced = std::uintmax_t{be32(head, 24)} * 2;
    if (size < announced) {
        cut_short(path, std::to_string(size) + " bytes where its header says " +
                            std::to_string(announced));
    }
}

struct DbfLayout {
    std::size_t header = 0; ///< bytes before the first record
    std::size_t record = 0; ///< bytes of one record
};

/// A .dbf's record count (byte 4), header length (8) and record length (10) give its size.
DbfLayout check_dbf_length(const std::string& path, std::string_view head) {
    const auto size = static_cast<std::uintmax_t>(fs::file_size(path));
    if (head.size() < 32) {
        cut_short(path, std::to_string(size) + " bytes, shorter than its 32-byte header");
    }
    const std::uint32_t records = le32(head, 4);
    const std::size_t header = static_cast<unsigned char>(head[8]) |
                               static_cast<std::size_t>(static_cast<unsigned char>(head[9])) << 8;
    const std::size_t record = static_cast<unsigned char>(head[10]) |
                               static_cast<std::size_t>(static_cast<unsigned char>(head[11])) << 8;
    if (record > 0 && size < header + std::uintmax_t{records} * record) {
        const std::uintmax_t whole = size > header ? (size - header) / record : 0;
        cut_short(path, "holds " + std::to_string(whole) + " of the " + std::to_string(records) +
                            " records its header announces");
    }
    return {header, record};
}

/// GDAL recodes a .dbf's text from its encoding and drops what does not convert, warning once
/// per process: refuse such bytes instead, naming the record.
void check_dbf_text(const std::string& path, std::string_view bytes, DbfLayout layout,
                    const std::string& encoding) {
    if (layout.header >= bytes.size() || layout.record == 0) {
        return;
    }
    const std::string_view records = bytes.substr(layout.header);
    std::size_t bad = 0;
    if (!decode(records, encoding, bad)) {
        throw InputError(path + ": record " + std::to_string(bad / layout.record + 1) + " is not " +
                         encoding + " text (bytes " + hex_bytes(records, bad) +
                         "); give the file's encoding with --source-encoding; nothing was "
                         "imported");
    }
}

/// Whether a .dbf's field names (11 bytes from 32 + 32 k) and records are UTF-8.
bool dbf_text_is_utf8(std::string_view bytes, DbfLayout layout) {
    for (std::size_t at = 32; at + 32 <= layout.header && bytes[at] != '\r'; at += 32) {
        const std::string_view name = bytes.substr(at, 11);
        if (first_invalid_utf8(name.substr(0, name.find('\0')))) {
            return false;
        }
    }
    return layout.header >= bytes.size() || !first_invalid_utf8(bytes.substr(layout.header));
}

/// The encoding a .cpg names, as iconv knows it ("936" is CP936), or "" when iconv does not.
std::string cpg_encoding(const std::string& cpg) {
    std::string name = read_bytes(cpg);
    name.erase(std::remove_if(name.begin(), name.end(),
                              [](unsigned char c) { return std::isspace(c) != 0; }),
               name.end());
    for (const std::string& candidate : {name, "CP" + name}) {
        if (!name.empty() && IconvHandle(candidate).ok()) {
            return candidate;
        }
    }
    return {};
}

void prepare_shapefile(const std::string& source, const std::string& encoding,
                       PreparedSource& out) {
    for (const char* ext : {".shp", ".shx"}) {
        if (const std::string p = sidecar(source, ext); !p.empty()) {
            check_shape_length(p);
        }
    }
    const std::string dbf = sidecar(source, ".dbf");
    if (dbf.empty()) {
        return;
    }
    const std::string bytes = read_bytes(dbf);
    const DbfLayout layout = check_dbf_length(dbf, bytes);
    std::string text_encoding = encoding;
    const std::string cpg = sidecar(source, ".cpg");
    if (!encoding.empty()) {
        // GDAL recodes from ENCODING; "" keeps the bytes, checked as UTF-8 after reading.
        out.open_options.push_back("ENCODING=" + (is_utf8_name(encoding) ? "" : encoding));
    } else if (!cpg.empty()) {
        text_encoding = cpg_encoding(cpg); // GDAL reads the .cpg itself
    } else if (bytes.size() > 29 && bytes[29] == '\0' && !dbf_text_is_utf8(bytes, layout)) {
        text_encoding = "GB18030"; // no .cpg, no language id, not UTF-8
        out.open_options.emplace_back("ENCODING=GB18030");
        out.notes.emplace_back(
            "read as GB18030 (GBK): the Shapefile names no encoding (.cpg) and its text "
            "is not UTF-8");
    }
    if (!text_encoding.empty() && !is_utf8_name(text_encoding)) {
        check_dbf_text(dbf, bytes, layout, text_encoding);
    }
}

/// SQLite's header: page size (byte 16, 1 = 65536) and, when valid, the page count (28).
void check_geopackage_length(const std::string& path) {
    const std::string head = head_of(path, 100);
    const auto size = static_cast<std::uintmax_t>(fs::file_size(path));
    if (head.size() < 100 || head.compare(0, 16, std::string("SQLite format 3\0", 16)) != 0) {
        return; // not SQLite: GDAL says what it is not
    }
    const unsigned raw =
        static_cast<unsigned char>(head[16]) << 8 | static_cast<unsigned char>(head[17]);
    const std::uintmax_t page = raw == 1 ? 65536 : raw;
    if (page < 512) {
        return;
    }
    const bool count_valid = be32(head, 92) == be32(head, 24) && be32(head, 28) > 0;
    const std::uintmax_t announced = count_valid ? std::uintmax_t{be32(head, 28)} * page : 0;
    if (size < announced || size % page != 0) {
        cut_short(path,
                  std::to_string(size) + " bytes" +
                      (size < announced ? " where its header says " + std::to_string(announced)
                                        : ", not a whole number of its " + std::to_string(page) +
                                              "-byte pages"));
    }
}

/// A ZIP archive (XLSX, ODS, KMZ) ends with its central directory: "PK\5\6" in the last
/// 22 bytes + up to 64 KiB of comment. Without it the archive was cut short.
void check_zip_end(const std::string& path) {
    const auto size = static_cast<std::uintmax_t>(fs::file_size(path));
    if (size < 4 || head_of(path, 2) != "PK") {
        return; // not a ZIP archive: GDAL says what it is not
    }
    const std::uintmax_t tail = std::min<std::uintmax_t>(size, 22 + 65535);
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(size - tail));
    std::string b(static_cast<std::size_t>(tail), '\0');
    in.read(b.data(), static_cast<std::streamsize>(tail));
    if (b.rfind(std::string("PK\x05\x06", 4)) == std::string::npos) {
        cut_short(path, "a ZIP archive (" + std::to_string(size) +
                            " bytes) without the directory that ends every whole one");
    }
}

} // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) { // eight ASCII bytes at once: most of a GeoJSON or CSV
            std::uint64_t word = 0;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const std::size_t len = utf8_sequence_length(text.substr(i));
        if (len == 0) {
            return i;
        }
        i += len;
    }
    return std::nullopt;
}

std::string hex_bytes(std::string_view text, std::size_t offset, std::size_t count) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = offset; i < text.size() && i < offset + count; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!out.empty()) {
            out += ' ';
        }
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string printable(std::string_view text) {
    if (!first_invalid_utf8(text)) {
        return std::string(text);
    }
    std::string out; // not UTF-8: every byte beyond ASCII as \xHH, none read as a character
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            out += text[i];
        } else {
            out += "\\x" + hex_bytes(text, i, 1);
        }
    }
    return out;
}

bool is_text_table(const std::string& path) {
    const std::string ext = extension_of(path);
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

bool takes_encoding(const std::string& path) {
    const std::string ext = extension_of(path);
    return is_text_table(path) || ext == ".geojson" || ext == ".json" || ext == ".shp" ||
           ext == ".dbf";
}

PreparedSource::~PreparedSource() {
    if (!m_memory_dir.empty()) {
        VSIRmdirRecursive(m_memory_dir.c_str());
    }
}

PreparedSource::PreparedSource(PreparedSource&& other) noexcept
    : open_path(std::move(other.open_path)), open_options(std::move(other.open_options)),
      notes(std::move(other.notes)), m_memory_dir(std::exchange(other.m_memory_dir, {})) {}

PreparedSource prepare_source(const std::string& source, const std::string& encoding) {
    require_known_encoding(encoding);
    PreparedSource out;
    out.open_path = source;
    const std::string ext = extension_of(source);
    const bool local = source.rfind("/vsi", 0) != 0 && fs::is_regular_file(source);
    if (is_text_table(source) || ext == ".geojson" || ext == ".json") {
        if (local) {
            prepare_text(source, encoding, out, out.m_memory_dir);
        }
        return out;
    }
    if (ext == ".shp" || ext == ".dbf") {
        if (local) {
            prepare_shapefile(source, encoding, out);
        }
        return out;
    }
    if (!encoding.empty() && !is_utf8_name(encoding)) {
        throw InputError("--source-encoding " + encoding + ": " + source +
                         " keeps its own encoding; the option is for CSV, TSV, TXT, GeoJSON "
                         "and Shapefile sources");
    }
    if (local && (ext == ".gpkg" || ext == ".sqlite")) {
        check_geopackage_length(source);
    }
    if (local && (ext == ".xlsx" || ext == ".ods" || ext == ".kmz")) {
        check_zip_end(source);
    }
    return out;
}

} // namespace gridmap::detail
