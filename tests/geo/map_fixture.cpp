#include "geo/map_fixture.hpp"

#include "gridmap/import.hpp"
#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"

namespace gridmap::test {

void build_map_fixture(const std::string& path, const std::string& data_dir) {
    Project p = Project::create(path, 4547);
    for (const char* table : map_fixture_tables) {
        const TableDef* def = find_table(table);
        ImportOptions o;
        o.table = table;
        o.source = data_dir + "/" + table +
                   (def != nullptr && def->geometry != GeometryKind::none ? ".geojson" : ".csv");
        import_layer(p, o);
    }
}

} // namespace gridmap::test
