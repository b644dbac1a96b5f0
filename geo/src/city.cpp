#include "gridmap/city.hpp"

#include "detail/gdal.hpp"
#include "gridmap/error.hpp"

#include <filesystem>
#include <random>

namespace gridmap {

namespace {

constexpr double origin_x = 400000;
constexpr double origin_y = 3200000;
constexpr double cell_size = 200;
constexpr int cells_per_row = 5;
constexpr int cell_rows = 2;
constexpr double community_w = cell_size * cells_per_row;
constexpr double community_h = cell_size * cell_rows;

struct Writer {
    GDALDataset* ds;
    OGRLayer* layer;
    OGRFeatureDefn* defn;

    void add(std::initializer_list<std::pair<const char*, std::string>> fields,
             OGRGeometry* geom = nullptr) {
        detail::FeaturePtr f(OGRFeature::CreateFeature(defn));
        for (const auto& [name, value] : fields) {
            if (!value.empty()) {
                f->SetField(name, value.c_str());
            }
        }
        if (geom != nullptr) {
            f->SetGeometryDirectly(geom);
        }
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw LibraryError(std::string("cannot write the city's ") + layer->GetName());
        }
    }
};

Writer make_layer(GDALDataset& ds, const char* name, OGRwkbGeometryType type,
                  const OGRSpatialReference* srs, std::initializer_list<const char*> fields) {
    CPLStringList options;
    options.AddString("SPATIAL_INDEX=NO"); // the import builds the project's own
    OGRLayer* layer =
        ds.CreateLayer(name, type == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs),
                       type, options.List());
    if (layer == nullptr) {
        throw LibraryError(std::string("cannot create the city's layer ") + name);
    }
    for (const char* f : fields) {
        OGRFieldDefn def(f, OFTString);
        layer->CreateField(&def);
    }
    return Writer{&ds, layer, layer->GetLayerDefn()};
}

OGRPolygon* rectangle(double x0, double y0, double x1, double y1) {
    auto* ring = new OGRLinearRing();
    ring->addPoint(x0, y0);
    ring->addPoint(x1, y0);
    ring->addPoint(x1, y1);
    ring->addPoint(x0, y1);
    ring->addPoint(x0, y0);
    auto* p = new OGRPolygon();
    p->addRingDirectly(ring);
    return p;
}

/// A building footprint of 4 to 12 vertices inside the 16 m x 12 m box at (x, y).
OGRPolygon* footprint(std::mt19937_64& rng, double x, double y) {
    std::uniform_real_distribution<double> u(0, 1);
    const double w = 10 + 5 * u(rng);
    const double h = 7 + 4 * u(rng);
    const int kind = static_cast<int>(rng() % 4); // 0 box, 1 L, 2 T, 3 notched
    std::vector<std::pair<double, double>> pts;
    switch (kind) {
    case 0:
        pts = {{0, 0}, {w, 0}, {w, h}, {0, h}};
        break;
    case 1:
        pts = {{0, 0}, {w, 0}, {w, h * 0.5}, {w * 0.5, h * 0.5}, {w * 0.5, h}, {0, h}};
        break;
    case 2:
        pts = {{w * 0.3, 0}, {w * 0.7, 0}, {w * 0.7, h * 0.6}, {w, h * 0.6},
               {w, h},       {0, h},       {0, h * 0.6},       {w * 0.3, h * 0.6}};
        break;
    default:
        pts = {
            {0, 0}, {w * 0.4, 0}, {w * 0.4, h * 0.15}, {w * 0.6, h * 0.15}, {w * 0.6, 0}, {w, 0},
            {w, h}, {w * 0.6, h}, {w * 0.6, h * 0.85}, {w * 0.4, h * 0.85}, {w * 0.4, h}, {0, h}};
        break;
    }
    auto* ring = new OGRLinearRing();
    for (const auto& [px, py] : pts) {
        ring->addPoint(x + px, y + py);
    }
    ring->addPoint(x + pts[0].first, y + pts[0].second);
    auto* p = new OGRPolygon();
    p->addRingDirectly(ring);
    return p;
}

std::string pad(std::int64_t n, int width) {
    std::string s = std::to_string(n);
    return std::string(s.size() < static_cast<std::size_t>(width) ? width - s.size() : 0, '0') + s;
}

} // namespace

CityCounts write_city_source(const std::string& path, const CityOptions& o,
                             const std::function<void(const std::string&)>& progress) {
    detail::ensure_gdal_registered();
    if (std::filesystem::exists(path)) {
        throw InputError(path + ": file exists");
    }
    const std::int64_t cells_wanted = std::max<std::int64_t>(1, (o.buildings + 99) / 100);
    const std::int64_t communities = (cells_wanted + 9) / 10;
    const auto per_side = static_cast<std::int64_t>(std::ceil(std::sqrt(communities * 2.5)));
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) {
        throw InputError(path + ": cannot create");
    }
    const OGRSpatialReference srs = detail::srs_from_epsg(4547);
    Writer community = make_layer(*ds, "community", wkbPolygon, &srs, {"code", "name", "street"});
    Writer cell = make_layer(*ds, "cell", wkbPolygon, &srs, {"code", "name"});
    Writer branch = make_layer(*ds, "party_branch", wkbNone, nullptr, {"id", "name"});
    Writer person =
        make_layer(*ds, "person", wkbNone, nullptr, {"id", "name", "party_member", "party_branch"});
    Writer group = make_layer(*ds, "party_group", wkbNone, nullptr, {"id", "name", "party_branch"});
    Writer building = make_layer(*ds, "building", wkbPolygon, &srs,
                                 {"id", "name", "floors", "kind", "party_group"});
    Writer household =
        make_layer(*ds, "household", wkbNone, nullptr, {"id", "building", "room", "persons"});
    Writer service = make_layer(*ds, "service_point", wkbPoint, &srs, {"id", "name", "kind"});
    Writer issue = make_layer(*ds, "issue", wkbPoint, &srs,
                              {"id", "category", "small_class", "state", "text"});

    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u(0, 1);
    CityCounts n;
    std::int64_t building_no = 0;
    std::int64_t household_no = 0;
    std::int64_t issue_no = 0;
    ds->StartTransaction();
    for (std::int64_t c = 0; c < communities; ++c) {
        const double cx = origin_x + static_cast<double>(c % per_side) * community_w;
        const double cy = origin_y + static_cast<double>(c / per_side) * community_h;
        const std::string ccode = "420902" + pad(c / 1000 + 1, 3) + pad(c % 1000 + 1, 3);
        community.add({{"code", ccode},
                       {"name", "社区" + std::to_string(c + 1)},
                       {"street", "街道" + std::to_string(c / 1000 + 1)}},
                      rectangle(cx, cy, cx + community_w, cy + community_h));
        ++n.communities;
        const std::string bid = "PB" + std::to_string(c + 1);
        branch.add({{"id", bid}, {"name", "第" + std::to_string(c + 1) + "党支部"}});
        const bool gap_here = c % 7 == 3;
        const bool overlap_here = c % 11 == 5;
        for (int k = 0; k < cells_per_row * cell_rows; ++k) {
            const int row = k / cells_per_row; // 0 = north row
            const int col = k % cells_per_row;
            const double x0 = cx + col * cell_size;
            const double y1 = cy + community_h - row * cell_size;
            double x1 = x0 + cell_size;
            if (gap_here && k == 2) {
                x1 -= 2; // a 2 m x 200 m gap
            }
            if (overlap_here && k == 6) {
                x1 += 3; // 3 m into the next cell
            }
            const std::string code = ccode + pad(k + 1, 3);
            cell.add({{"code", code}, {"name", "第" + std::to_string(k + 1) + "网格"}},
                     rectangle(x0, y1 - cell_size, x1, y1));
            ++n.cells;
            service.add({{"id", "S" + code}, {"name", "服务站"}, {"kind", "volunteer"}},
                        new OGRPoint(x0 + 100, y1 - 100));
            // 100 buildings in 10 rows along streets, 20 m apart, kept 6 m off cell edges.
            for (int b = 0; b < 100; ++b) {
                const double bx = x0 + 6 + (b % 10) * 19.0 + 2 * u(rng);
                const double by = y1 - cell_size + 6 + (b / 10) * 19.0 + 2 * u(rng);
                const std::string id = "B" + pad(++building_no, 7);
                const std::int64_t g = (building_no - 1) / 10 + 1;
                if ((building_no - 1) % 10 == 0) {
                    group.add({{"id", "G" + pad(g, 6)},
                               {"name", "党小组" + std::to_string(g)},
                               {"party_branch", bid}});
                }
                building.add({{"id", id},
                              {"name", std::to_string(b + 1) + "栋"},
                              {"floors", std::to_string(3 + rng() % 15)},
                              {"kind", "residential"},
                              {"party_group", building_no % 10 == 7 ? "" : "G" + pad(g, 6)}},
                             footprint(rng, bx, by));
                for (int h = 0; h < 3; ++h) {
                    household.add({{"id", "H" + pad(++household_no, 8)},
                                   {"building", id},
                                   {"room", std::to_string(101 + h)},
                                   {"persons", std::to_string(1 + rng() % 5)}});
                }
                if (building_no % 100 == 50) {
                    issue.add({{"id", "I" + pad(++issue_no, 6)},
                               {"category", "市容环境"},
                               {"small_class", "暴露垃圾"},
                               {"state", "reported"},
                               {"text", "垃圾堆放"}},
                              new OGRPoint(bx - 2, by + 5));
                }
            }
        }
        n.gaps += gap_here ? 1 : 0;
        n.overlaps += overlap_here ? 1 : 0;
        if (progress && c % 10 == 9) {
            progress(std::to_string(building_no) + " buildings");
        }
    }
    person.add({{"id", "P1"}, {"name", "网格员"}, {"party_member", "1"}, {"party_branch", "PB1"}});
    ds->CommitTransaction();
    n.buildings = building_no;
    n.households = household_no;
    return n;
}

} // namespace gridmap
