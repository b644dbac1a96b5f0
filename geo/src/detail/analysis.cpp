#include "detail/analysis.hpp"

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

namespace gridmap::detail {

namespace {

/// Parses the GeoPackage blobs `blobs[offsets[i]..offsets[i + 1])` into `items[first + i]`,
/// split over `threads` threads with one GEOS context each, this thread's being `parse_ctx` (a
/// geometry does not depend on the context that made it; it is owned through `ctx`). Returns the
/// index (into items) of the first geometry that exists but cannot be read, if any.
std::optional<std::size_t> parse_blobs(GEOSContextHandle_t ctx, const std::string& blobs,
                                       const std::vector<std::size_t>& offsets, Item* items,
                                       std::size_t first, unsigned threads,
                                       GEOSContextHandle_t parse_ctx) {
    const std::size_t n = offsets.size() - 1;
    std::vector<unsigned char> damaged(n, 0);
    auto parse = [&](GEOSContextHandle_t thread_ctx, std::size_t from, std::size_t to) {
        WkbReaderPtr reader(GEOSWKBReader_create_r(thread_ctx), WkbReaderDeleter{thread_ctx});
        for (std::size_t i = from; i < to; ++i) {
            const std::string_view blob(blobs.data() + offsets[i], offsets[i + 1] - offsets[i]);
            items[first + i].geom = Geom(ctx, gpkg_blob_to_geos(thread_ctx, reader.get(), blob));
            damaged[i] = !items[first + i].geom && gpkg_blob_has_geometry(blob) ? 1 : 0;
        }
    };
    const auto first_damaged = [&]() -> std::optional<std::size_t> {
        const auto it = std::find(damaged.begin(), damaged.end(), 1);
        if (it == damaged.end()) {
            return std::nullopt;
        }
        return first + static_cast<std::size_t>(it - damaged.begin());
    };
    const std::size_t workers = std::min<std::size_t>(threads, n / 1024 + 1);
    if (workers <= 1) {
        parse(parse_ctx, 0, n);
        return first_damaged();
    }
    std::vector<std::thread> pool;
    const std::size_t step = (n + workers - 1) / workers;
    for (std::size_t w = 1; w < workers; ++w) {
        pool.emplace_back([&, w] {
            GeosContext thread_ctx;
            parse(thread_ctx, std::min(n, w * step), std::min(n, (w + 1) * step));
        });
    }
    parse(parse_ctx, 0, std::min(n, step));
    for (std::thread& t : pool) {
        t.join();
    }
    return first_damaged();
}

/// Reads `SELECT fid, key, name, a, b, geom FROM ...` into items. SQLite is read on this
/// thread in batches; with a second core, another thread parses the WKB of each batch while this
/// one reads the next (or, when that thread is still busy, parses it itself), and the last batch
/// is parsed on every core.
std::vector<Item> read_items(sqlite3* db, GEOSContextHandle_t ctx, const std::string& table,
                             const std::string& columns, const std::string& order,
                             std::size_t& unreadable) {
    std::vector<Item> items;
    if (!table_exists(db, table)) {
        return items;
    }
    const unsigned threads = analysis_threads();
    const std::size_t batch = threads > 1 ? std::size_t{1} << 13 : std::size_t{1} << 16;
    struct Batch {
        std::string blobs;
        std::vector<std::size_t> offsets{0};
        std::size_t first = 0; ///< index into items of its first row
    };
    Batch current;
    Batch handed; // parsed by the other thread
    auto damaged = [&](std::optional<std::size_t> bad) {
        if (bad) {
            throw_damaged_geometry(db, table, items[*bad].key, items[*bad].fid);
        }
    };
    // Declared after what it reads: destroyed (waited for) first when an exception leaves.
    std::future<std::optional<std::size_t>> parsing;
    auto await_parsing = [&] {
        if (parsing.valid()) {
            damaged(parsing.get());
        }
    };
    items.reserve(rows_to_reserve(db, table));
    Statement s(db, "SELECT fid, " + columns + ", geom FROM \"" + table + "\" ORDER BY " + order);
    s.set_bulk();
    while (s.step()) {
        if (items.size() == items.capacity()) {
            await_parsing(); // the items move: nothing may be writing into them
        }
        Item& it = items.emplace_back();
        it.fid = s.integer(0);
        it.key = s.text(1);
        it.name = s.text(2);
        it.a = s.text(3);
        it.b = s.text(4);
        current.blobs.append(s.blob(5));
        current.offsets.push_back(current.blobs.size());
        if (current.offsets.size() <= batch) {
            continue;
        }
        if (threads > 1 && (!parsing.valid() || parsing.wait_for(std::chrono::seconds(0)) ==
                                                    std::future_status::ready)) {
            await_parsing();
            std::swap(handed, current);
            // The rows in place: the items do not move while a batch is parsed.
            parsing = std::async(std::launch::async, [rows = items.data(), &handed, ctx] {
                GeosContext thread_ctx;
                return parse_blobs(ctx, handed.blobs, handed.offsets, rows, handed.first, 1,
                                   thread_ctx);
            });
        } else {
            damaged(parse_blobs(ctx, current.blobs, current.offsets, items.data(), current.first, 1,
                                ctx));
        }
        current.blobs.clear();
        current.offsets.assign(1, 0);
        current.first = items.size();
    }
    await_parsing();
    damaged(parse_blobs(ctx, current.blobs, current.offsets, items.data(), current.first, threads,
                        ctx));
    const auto readable =
        std::remove_if(items.begin(), items.end(), [](const Item& it) { return !it.geom; });
    unreadable += static_cast<std::size_t>(items.end() - readable);
    items.erase(readable, items.end());
    return items;
}

} // namespace

unsigned analysis_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

std::size_t rows_to_reserve(sqlite3* db, const std::string& table) {
    if (!table_exists(db, table)) {
        return 0;
    }
    Statement s(db, "SELECT MAX(fid) FROM \"" + table + "\"");
    if (!s.step() || s.is_null(0)) {
        return 0;
    }
    const std::int64_t highest = s.integer(0);
    return highest <= 0 ? 0 : static_cast<std::size_t>(std::min<std::int64_t>(highest, 1 << 26));
}

SnapshotParts parts_affected_by(std::string_view table) {
    SnapshotParts parts;
    if (table.empty() || table == "cell" || table == "community") {
        return parts;
    }
    parts.compounds = table == "compound" || table == "building";
    parts.buildings = table == "building" || table == "compound";
    parts.issues = table == "issue";
    parts.service_points = table == "service_point";
    parts.repair_segments = table == "repair_segment";
    return parts;
}

Snapshot load_snapshot(const ProjectImpl& p, GEOSContextHandle_t ctx, SnapshotParts parts) {
    sqlite3* db = sqlite_handle(p);
    Snapshot s;
    s.parts = parts;
    auto read = [&](const char* table, const char* columns, const char* order) {
        return read_items(db, ctx, table, columns, order, s.unreadable);
    };
    s.communities = read("community", "code, name, street, NULL", "code");
    s.cells = read("cell", "code, name, community, NULL", "code");
    if (parts.compounds) {
        s.compounds = read("compound", "id, name, community, NULL", "id");
    }
    if (parts.buildings) {
        s.buildings = read("building", "id, name, compound, kind", "id");
    }
    if (parts.issues) {
        s.issues = read("issue", "id, category, category, state", "id");
    }
    if (parts.service_points) {
        s.service_points = read("service_point", "id, name, kind, NULL", "id");
    }
    if (parts.repair_segments) {
        s.repair_segments = read("repair_segment", "id, road, road, state", "id");
    }
    return s;
}

std::vector<const GEOSGeometry*> geometries(const std::vector<Item>& items) {
    std::vector<const GEOSGeometry*> out;
    out.reserve(items.size());
    for (const Item& it : items) {
        out.push_back(it.geom.get());
    }
    return out;
}

Assignment compute_assignment(GEOSContextHandle_t ctx, const Snapshot& s, unsigned threads) {
    Assignment a;
    const auto cells = geometries(s.cells);
    const auto buildings = geometries(s.buildings);
    a.building_cell = largest_overlap_parallel(buildings, cells, 0.0, threads, &a.topology_errors);
    a.building_compound =
        largest_overlap(ctx, buildings, geometries(s.compounds), 0.5, &a.topology_errors);
    a.issue_cell = covering_polygon(ctx, geometries(s.issues), cells);
    a.service_point_cell = covering_polygon(ctx, geometries(s.service_points), cells);
    const auto segments = geometries(s.repair_segments);
    a.segment_cells = line_lengths_in_polygons(ctx, segments, cells, &a.topology_errors);
    a.segment_length_m.resize(segments.size());
    a.segment_outside_m.resize(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i) {
        GEOSLength_r(ctx, segments[i], &a.segment_length_m[i]);
        a.segment_outside_m[i] = a.segment_length_m[i];
    }
    for (const auto& in :
         line_lengths_in_polygons(ctx, segments, geometries(s.communities), &a.topology_errors)) {
        a.segment_outside_m[in.line] -= in.length;
    }
    for (double& outside : a.segment_outside_m) {
        outside = outside < 1e-6 ? 0.0 : outside; // rounding noise of the overlay
    }
    return a;
}

void store_assignment(const ProjectImpl& p, const Snapshot& s, const Assignment& a) {
    sqlite3* db = sqlite_handle(p);
    if (!table_exists(db, "building")) {
        return;
    }
    if (s.parts.buildings) {
        Statement up(db, "UPDATE building SET cell = ?, cell_share = ? WHERE fid = ?");
        for (std::size_t i = 0; i < s.buildings.size(); ++i) {
            const Overlap& o = a.building_cell[i];
            if (o.parent) {
                up.bind(1, s.cells[*o.parent].key);
                up.bind(2, o.child_area > 0 ? o.area / o.child_area : 1.0);
            }
            up.bind(3, s.buildings[i].fid);
            up.step();
            up.reset();
        }
    }
    auto store_points = [&](const char* table, const std::vector<Item>& items,
                            const std::vector<std::optional<std::size_t>>& cells) {
        Statement up(db, std::string("UPDATE ") + table + " SET cell = ? WHERE fid = ?");
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (cells[i]) {
                up.bind(1, s.cells[*cells[i]].key);
            }
            up.bind(2, items[i].fid);
            up.step();
            up.reset();
        }
    };
    if (s.parts.issues) {
        store_points("issue", s.issues, a.issue_cell);
    }
    if (s.parts.service_points) {
        store_points("service_point", s.service_points, a.service_point_cell);
    }
    if (!s.parts.repair_segments) {
        return;
    }
    Statement outside(db, "UPDATE repair_segment SET outside_m = ? WHERE fid = ?");
    for (std::size_t i = 0; i < s.repair_segments.size(); ++i) {
        outside.bind(1, a.segment_outside_m[i]);
        outside.bind(2, s.repair_segments[i].fid);
        outside.step();
        outside.reset();
    }
    Statement clear(db, "DELETE FROM repair_segment_cell");
    clear.step();
    Statement insert(db, "INSERT INTO repair_segment_cell (repair_segment, cell, length_m) "
                         "VALUES (?, ?, ?)");
    for (const LineInPolygon& in : a.segment_cells) {
        insert.bind(1, s.repair_segments[in.line].key);
        insert.bind(2, s.cells[in.polygon].key);
        insert.bind(3, in.length);
        insert.step();
        insert.reset();
    }
}

double setting_number(const ProjectImpl& p, const char* key, double fallback) {
    const auto v = p.setting(key);
    if (!v || v->empty()) {
        return fallback;
    }
    if (const auto d = parse_real(*v)) {
        return *d;
    }
    throw ProjectError(p.path + ": setting " + key + " '" + *v + "' is not a number");
}

std::unordered_set<std::string> string_set(sqlite3* db, const std::string& sql) {
    std::unordered_set<std::string> out;
    Statement s(db, sql);
    while (s.step()) {
        out.insert(s.text(0));
    }
    return out;
}

std::unordered_map<std::string, std::int64_t> integer_by_key(sqlite3* db, const std::string& sql) {
    std::unordered_map<std::string, std::int64_t> out;
    Statement s(db, sql);
    while (s.step()) {
        out[s.text(0)] += s.integer(1);
    }
    return out;
}

std::vector<std::optional<std::size_t>> building_cells(const Assignment& a) {
    std::vector<std::optional<std::size_t>> out;
    out.reserve(a.building_cell.size());
    for (const Overlap& o : a.building_cell) {
        out.push_back(o.parent);
    }
    return out;
}

std::vector<std::int64_t>
sum_over_buildings(const Snapshot& s, const std::vector<std::optional<std::size_t>>& group_of,
                   std::size_t groups,
                   const std::unordered_map<std::string, std::int64_t>& per_building) {
    std::vector<std::int64_t> sums(groups, 0);
    for (std::size_t i = 0; i < s.buildings.size() && i < group_of.size(); ++i) {
        if (!group_of[i]) {
            continue;
        }
        if (auto it = per_building.find(s.buildings[i].key); it != per_building.end()) {
            sums[*group_of[i]] += it->second;
        }
    }
    return sums;
}

void update_assignment(const ProjectImpl& p, std::string_view changed_table) {
    GeosContext ctx;
    SnapshotParts parts = parts_affected_by(changed_table);
    parts.compounds = false; // they only give building_compound, which is not stored
    const Snapshot s = load_snapshot(p, ctx, parts);
    store_assignment(p, s, compute_assignment(ctx, s, analysis_threads()));
}

} // namespace gridmap::detail

namespace gridmap::detail {

namespace {

/// Rows of `table` whose R-tree box meets the box around (x, y) of half-size `radius`.
template <class Fn>
void window(const ProjectImpl& p, const std::string& table, const std::string& key, double x,
            double y, double radius, Fn fn) {
    sqlite3* db = sqlite_handle(p);
    const auto box = box_filter_sql(db, table);
    if (!box) {
        return;
    }
    Statement s(db, "SELECT t.\"" + key + "\", t.geom, t.fid FROM \"" + table + "\" t " + *box +
                        " ORDER BY t.\"" + key + "\"");
    s.bind(1, x + radius);
    s.bind(2, x - radius);
    s.bind(3, y + radius);
    s.bind(4, y - radius);
    while (s.step()) {
        fn(s);
    }
}

} // namespace

std::vector<std::string> polygons_at(const ProjectImpl& p, GEOSContextHandle_t ctx,
                                     const std::string& table, const std::string& key, double x,
                                     double y) {
    std::vector<std::string> keys;
    WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), WkbReaderDeleter{ctx});
    Geom point(ctx, GEOSGeom_createPointFromXY_r(ctx, x, y));
    window(p, table, key, x, y, 0.0, [&](const Statement& s) {
        Geom g(ctx, gpkg_blob_to_geos(ctx, reader.get(), s.blob(1)));
        if (!g && gpkg_blob_has_geometry(s.blob(1))) {
            throw_damaged_geometry(sqlite_handle(p), table, s.text(0), s.integer(2));
        }
        if (g && GEOSCovers_r(ctx, g.get(), point.get()) == 1) {
            keys.push_back(s.text(0));
        }
    });
    return keys;
}

std::optional<std::pair<std::string, double>>
nearest_feature(const ProjectImpl& p, GEOSContextHandle_t ctx, const std::string& table,
                const std::string& key, double x, double y, double radius) {
    std::optional<std::pair<std::string, double>> best;
    WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), WkbReaderDeleter{ctx});
    Geom point(ctx, GEOSGeom_createPointFromXY_r(ctx, x, y));
    window(p, table, key, x, y, radius, [&](const Statement& s) {
        Geom g(ctx, gpkg_blob_to_geos(ctx, reader.get(), s.blob(1)));
        if (!g && gpkg_blob_has_geometry(s.blob(1))) {
            throw_damaged_geometry(sqlite_handle(p), table, s.text(0), s.integer(2));
        }
        double d = 0;
        if (g && GEOSDistance_r(ctx, g.get(), point.get(), &d) == 1 && d <= radius &&
            (!best || d < best->second)) {
            best = std::make_pair(s.text(0), d);
        }
    });
    return best;
}

} // namespace gridmap::detail
