#include "detail/bulk_write.hpp"

#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <utility>

namespace gridmap::detail {

namespace {

template <class T> void append_le(std::string& out, T v) {
    // The project only runs on little-endian machines (x86-64, arm64), as GDAL writes NDR.
    char bytes[sizeof(T)];
    std::memcpy(bytes, &v, sizeof(T));
    out.append(bytes, sizeof(T));
}

/// SQLite's R-tree rounds a double to a float that does not cut the box: the min towards -inf,
/// the max towards +inf (by its own factors, which the same entries must reproduce).
constexpr double round_towards_zero = 1.0 - 1.0 / 8388608.0;
constexpr double round_away_from_zero = 1.0 + 1.0 / 8388608.0;

float value_down(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) > d) {
        f = static_cast<float>(d * (d < 0 ? round_away_from_zero : round_towards_zero));
    }
    return f;
}

float value_up(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) < d) {
        f = static_cast<float>(d * (d < 0 ? round_towards_zero : round_away_from_zero));
    }
    return f;
}

void put_be16(unsigned char* p, unsigned v) {
    p[0] = static_cast<unsigned char>(v >> 8);
    p[1] = static_cast<unsigned char>(v);
}

void put_be64(unsigned char* p, std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) {
        p[i] = static_cast<unsigned char>(u >> (56 - 8 * i));
    }
}

void put_be_float(unsigned char* p, float f) {
    std::uint32_t u = 0;
    std::memcpy(&u, &f, sizeof u);
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<unsigned char>(u >> (24 - 8 * i));
    }
}

/// The position of (x, y) on a Hilbert curve over a 65536 x 65536 grid.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t n = 1U << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) != 0 ? 1 : 0;
        const std::uint32_t ry = (y & s) != 0 ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

struct Box {
    float min_x = std::numeric_limits<float>::infinity();
    float max_x = -std::numeric_limits<float>::infinity();
    float min_y = std::numeric_limits<float>::infinity();
    float max_y = -std::numeric_limits<float>::infinity();

    void add(const Box& o) {
        min_x = std::min(min_x, o.min_x);
        max_x = std::max(max_x, o.max_x);
        min_y = std::min(min_y, o.min_y);
        max_y = std::max(max_y, o.max_y);
    }
};

/// A cell of a node: a feature id (leaves) or a child node number (branches), and its box.
struct Cell {
    std::int64_t id = 0;
    Box box;
};

constexpr int bytes_per_cell = 8 + 4 * 4;

} // namespace

void append_gpkg_blob(std::string& out, const OGRGeometry& g, std::int32_t srs_id) {
    const bool empty = g.IsEmpty() != FALSE;
    const bool point = wkbFlatten(g.getGeometryType()) == wkbPoint;
    const int dims = g.getCoordinateDimension();
    const bool envelope = !empty && !point;
    unsigned char flags = 1; // little-endian header
    if (envelope) {
        flags |= static_cast<unsigned char>((dims == 3 ? 2 : 1) << 1);
    }
    if (empty) {
        flags |= 1 << 4;
    }
    out.push_back('G');
    out.push_back('P');
    out.push_back('\0');
    out.push_back(static_cast<char>(flags));
    append_le(out, srs_id);
    if (envelope) {
        if (dims == 3) {
            OGREnvelope3D e;
            g.getEnvelope(&e);
            for (double v : {e.MinX, e.MaxX, e.MinY, e.MaxY, e.MinZ, e.MaxZ}) {
                append_le(out, v);
            }
        } else {
            OGREnvelope e;
            g.getEnvelope(&e);
            for (double v : {e.MinX, e.MaxX, e.MinY, e.MaxY}) {
                append_le(out, v);
            }
        }
    }
    const std::size_t at = out.size();
    out.resize(at + g.WkbSize());
    if (g.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(out.data() + at), wkbVariantIso) !=
        OGRERR_NONE) {
        throw LibraryError("cannot encode a geometry as WKB");
    }
}

RTreeEntry rtree_entry(std::int64_t id, const OGREnvelope& e) {
    return {id, value_down(e.MinX), value_up(e.MaxX), value_down(e.MinY), value_up(e.MaxY)};
}

SuspendedTrigger::SuspendedTrigger(sqlite3* db, const std::string& name) : m_db(db) {
    {
        Statement q(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        q.bind(1, name);
        if (!q.step()) {
            return;
        }
        m_sql = q.text(0);
    }
    Statement(db, "DROP TRIGGER \"" + name + "\"").step();
}

void SuspendedTrigger::restore() {
    if (!m_sql.empty()) {
        Statement(m_db, m_sql).step();
        m_sql.clear();
    }
}

bool rtree_packable(sqlite3* db, const std::string& table) {
    const std::string rtree = "rtree_" + table + "_geom";
    if (!table_exists(db, rtree) || !table_exists(db, rtree + "_node") ||
        !table_exists(db, rtree + "_rowid") || !table_exists(db, rtree + "_parent")) {
        return false;
    }
    {
        Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        q.bind(1, rtree + "_insert");
        if (!q.step()) {
            return false;
        }
    }
    int defensive = 0;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    if (defensive != 0) {
        return false; // the R-tree's own tables are read-only to SQL
    }
    Statement q(db, "SELECT length(data) FROM \"" + rtree + "_node\" WHERE nodeno = 1");
    return q.step() && (q.integer(0) - 4) / bytes_per_cell >= 4;
}

void pack_rtree(sqlite3* db, const std::string& table, std::vector<RTreeEntry> added) {
    const std::string rtree = "rtree_" + table + "_geom";
    std::size_t node_size = 0;
    {
        Statement q(db, "SELECT length(data) FROM \"" + rtree + "_node\" WHERE nodeno = 1");
        if (!q.step()) {
            throw LibraryError(rtree + ": no root node");
        }
        node_size = static_cast<std::size_t>(q.integer(0));
    }
    const std::size_t capacity = (node_size - 4) / bytes_per_cell;
    // The entries: those stored (floats read back as doubles are exact) and the new ones.
    std::vector<Cell> cells;
    cells.reserve(added.size());
    {
        Statement q(db, "SELECT id, minx, maxx, miny, maxy FROM \"" + rtree + "\"");
        while (q.step()) {
            cells.push_back(
                {q.integer(0), Box{static_cast<float>(q.real(1)), static_cast<float>(q.real(2)),
                                   static_cast<float>(q.real(3)), static_cast<float>(q.real(4))}});
        }
    }
    for (const RTreeEntry& e : added) {
        cells.push_back({e.id, Box{e.min_x, e.max_x, e.min_y, e.max_y}});
    }
    added.clear();
    added.shrink_to_fit();

    Statement(db, "DELETE FROM \"" + rtree + "_node\"").step();
    Statement(db, "DELETE FROM \"" + rtree + "_rowid\"").step();
    Statement(db, "DELETE FROM \"" + rtree + "_parent\"").step();
    Statement insert_node(db, "INSERT INTO \"" + rtree + "_node\" (nodeno, data) VALUES (?, ?)");
    std::vector<unsigned char> blob(node_size, 0);
    if (cells.empty()) {
        insert_node.bind(1, std::int64_t{1});
        sqlite3_bind_blob(insert_node.get(), 2, blob.data(), static_cast<int>(blob.size()),
                          SQLITE_STATIC);
        insert_node.step();
        return;
    }

    // Hilbert order of the box centres over the entries' extent.
    Box all;
    for (const Cell& c : cells) {
        all.add(c.box);
    }
    const auto d = [](float f) {
        return static_cast<double>(f);
    };
    const double x0 = d(all.min_x);
    const double y0 = d(all.min_y);
    const double span_x = std::max(d(all.max_x) - x0, 1e-9);
    const double span_y = std::max(d(all.max_y) - y0, 1e-9);
    std::vector<std::pair<std::uint64_t, std::size_t>> order(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const Box& b = cells[i].box;
        const double cx = (d(b.min_x) + d(b.max_x)) / 2;
        const double cy = (d(b.min_y) + d(b.max_y)) / 2;
        const auto gx =
            static_cast<std::uint32_t>(std::clamp((cx - x0) / span_x, 0.0, 1.0) * 65535.0);
        const auto gy =
            static_cast<std::uint32_t>(std::clamp((cy - y0) / span_y, 0.0, 1.0) * 65535.0);
        order[i] = {hilbert(gx, gy), i};
    }
    std::sort(order.begin(), order.end());
    {
        std::vector<Cell> sorted;
        sorted.reserve(cells.size());
        for (const auto& o : order) {
            sorted.push_back(cells[o.second]);
        }
        cells = std::move(sorted);
    }
    order.clear();
    order.shrink_to_fit();

    // Levels, leaves first: n cells in ceil(n / capacity) nodes, spread evenly, until one node.
    std::vector<std::size_t> level_nodes;
    for (std::size_t n = cells.size();;) {
        const std::size_t k = (n + capacity - 1) / capacity;
        level_nodes.push_back(k);
        if (k == 1) {
            break;
        }
        n = k;
    }
    const std::size_t height = level_nodes.size();
    // Node numbers: the root is 1, then each level from the top down.
    std::vector<std::int64_t> first_nodeno(height);
    std::int64_t next = 1;
    for (std::size_t l = height; l-- > 0;) {
        first_nodeno[l] = next;
        next += static_cast<std::int64_t>(level_nodes[l]);
    }

    Statement insert_parent(db, "INSERT INTO \"" + rtree +
                                    "_parent\" (nodeno, parentnode) VALUES (?, ?)");
    std::vector<std::pair<std::int64_t, std::int64_t>> rowids; // (feature id, leaf node)
    rowids.reserve(cells.size());
    std::vector<Cell> level = std::move(cells);
    for (std::size_t l = 0; l < height; ++l) {
        const std::size_t n = level.size();
        const std::size_t k = level_nodes[l];
        std::vector<Cell> parents(k);
        for (std::size_t j = 0; j < k; ++j) {
            const std::size_t from = j * n / k;
            const std::size_t to = (j + 1) * n / k;
            const std::int64_t nodeno = first_nodeno[l] + static_cast<std::int64_t>(j);
            std::fill(blob.begin(), blob.end(), 0);
            put_be16(blob.data(), l + 1 == height ? static_cast<unsigned>(height - 1) : 0);
            put_be16(blob.data() + 2, static_cast<unsigned>(to - from));
            unsigned char* p = blob.data() + 4;
            Box box;
            for (std::size_t i = from; i < to; ++i) {
                const Cell& c = level[i];
                put_be64(p, c.id);
                put_be_float(p + 8, c.box.min_x);
                put_be_float(p + 12, c.box.max_x);
                put_be_float(p + 16, c.box.min_y);
                put_be_float(p + 20, c.box.max_y);
                p += bytes_per_cell;
                box.add(c.box);
                if (l == 0) {
                    rowids.emplace_back(c.id, nodeno);
                } else {
                    insert_parent.bind(1, c.id);
                    insert_parent.bind(2, nodeno);
                    insert_parent.step();
                    insert_parent.reset();
                }
            }
            insert_node.bind(1, nodeno);
            sqlite3_bind_blob(insert_node.get(), 2, blob.data(), static_cast<int>(blob.size()),
                              SQLITE_STATIC);
            insert_node.step();
            insert_node.reset();
            parents[j] = {nodeno, box};
        }
        level = std::move(parents);
    }
    std::sort(rowids.begin(), rowids.end());
    Statement insert_rowid(db, "INSERT INTO \"" + rtree + "_rowid\" (rowid, nodeno) VALUES (?, ?)");
    for (const auto& [id, nodeno] : rowids) {
        insert_rowid.bind(1, id);
        insert_rowid.bind(2, nodeno);
        insert_rowid.step();
        insert_rowid.reset();
    }
}

ScopedCacheSize::ScopedCacheSize(sqlite3* db, std::int64_t kib) : m_db(db) {
    {
        Statement q(db, "PRAGMA cache_size");
        if (q.step()) {
            m_old = q.integer(0);
        }
    }
    Statement(db, "PRAGMA cache_size = " + std::to_string(-kib)).step();
}

ScopedCacheSize::~ScopedCacheSize() {
    sqlite3_exec(m_db, ("PRAGMA cache_size = " + std::to_string(m_old)).c_str(), nullptr, nullptr,
                 nullptr);
}

void add_feature_count(sqlite3* db, const std::string& table, std::int64_t added) {
    if (!table_exists(db, "gpkg_ogr_contents")) {
        return;
    }
    Statement count(db, "UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                        "WHERE lower(table_name) = lower(?)");
    count.bind(1, added);
    count.bind(2, table);
    count.step();
}

void touch_contents(sqlite3* db, const std::string& table) {
    Statement u(db, "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', "
                    "'now') WHERE lower(table_name) = lower(?)");
    u.bind(1, table);
    u.step();
}

void widen_extent(sqlite3* db, const std::string& table, const OGREnvelope& e) {
    OGREnvelope out = e;
    {
        Statement q(db, "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE "
                        "lower(table_name) = lower(?)");
        q.bind(1, table);
        if (!q.step()) {
            return;
        }
        if (!q.is_null(0) && !q.is_null(1) && !q.is_null(2) && !q.is_null(3)) {
            OGREnvelope stored;
            stored.MinX = q.real(0);
            stored.MinY = q.real(1);
            stored.MaxX = q.real(2);
            stored.MaxY = q.real(3);
            out.Merge(stored);
        }
    }
    Statement u(db, "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE "
                    "lower(table_name) = lower(?)");
    u.bind(1, out.MinX);
    u.bind(2, out.MinY);
    u.bind(3, out.MaxX);
    u.bind(4, out.MaxY);
    u.bind(5, table);
    u.step();
}

} // namespace gridmap::detail
