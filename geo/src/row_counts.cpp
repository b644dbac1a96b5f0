#include "gridmap/row_counts.hpp"

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"

namespace gridmap {

std::vector<std::int64_t> count_rows(const Project& project,
                                     const std::vector<std::string>& tables) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    std::vector<std::int64_t> out;
    out.reserve(tables.size());
    for (const std::string& table : tables) {
        if (find_table(table) == nullptr) {
            throw InputError("unknown table '" + table + "'");
        }
        std::int64_t n = 0;
        try {
            // The name is one of the schema's (checked above), so it may be spliced in.
            detail::Statement s(db, "SELECT COUNT(*) FROM \"" + table + "\"");
            if (s.step()) {
                n = s.integer(0);
            }
        } catch (const ProjectError&) {
            throw; // a lock held too long, a damaged file: the caller says so
        } catch (const Error&) {
            n = 0; // no such table in this project
        }
        out.push_back(n);
    }
    return out;
}

} // namespace gridmap
