#include "detail/analysis.hpp"

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"

#include <thread>

namespace gridmap::detail {

namespace {

/// Reads `SELECT fid, key, name, a, b, geom FROM ...` into items.
std::vector<Item> read_items(sqlite3* db, GEOSContextHandle_t ctx, GEOSWKBReader* reader,
                             const std::string& table, const std::string& columns,
                             const std::string& order, std::size_t& unreadable) {
    std::vector<Item> items;
    if (!table_exists(db, table)) {
        return items;
    }
    Statement s(db, "SELECT fid, " + columns + ", geom FROM \"" + table + "\" ORDER BY " + order);
    while (s.step()) {
        Item it;
        it.fid = s.integer(0);
        it.key = s.text(1);
        it.name = s.text(2);
        it.a = s.text(3);
        it.b = s.text(4);
        it.geom = Geom(ctx, gpkg_blob_to_geos(ctx, reader, s.blob(5)));
        if (!it.geom) {
            ++unreadable;
            continue;
        }
        items.push_back(std::move(it));
    }
    return items;
}

} // namespace

unsigned analysis_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

Snapshot load_snapshot(const ProjectImpl& p, GEOSContextHandle_t ctx) {
    sqlite3* db = sqlite_handle(p);
    WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), WkbReaderDeleter{ctx});
    Snapshot s;
    auto read = [&](const char* table, const char* columns, const char* order) {
        return read_items(db, ctx, reader.get(), table, columns, order, s.unreadable);
    };
    s.communities = read("community", "code, name, street, NULL", "code");
    s.cells = read("cell", "code, name, community, NULL", "code");
    s.compounds = read("compound", "id, name, community, NULL", "id");
    s.buildings = read("building", "id, name, compound, kind", "id");
    s.issues = read("issue", "id, category, category, state", "id");
    s.service_points = read("service_point", "id, name, kind, NULL", "id");
    s.repair_segments = read("repair_segment", "id, road, road, state", "id");
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
    {
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
    store_points("issue", s.issues, a.issue_cell);
    store_points("service_point", s.service_points, a.service_point_cell);
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

void update_assignment(const ProjectImpl& p) {
    GeosContext ctx;
    const Snapshot s = load_snapshot(p, ctx);
    store_assignment(p, s, compute_assignment(ctx, s, analysis_threads()));
}

} // namespace gridmap::detail
