#pragma once

// The write path for changes to spatial tables outside an import (grid generation,
// renumbering): one GDAL transaction; before it commits, the cell assignment is recomputed
// (detail::update_assignment, as the import does) so the stored building.cell, issue.cell ...
// never disagree with the cells. Destroyed without commit(), everything rolls back and the
// file is unchanged.

#include "detail/geos.hpp"
#include "detail/project_impl.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gridmap::detail {

class SpatialWrite {
public:
    /// Begins the transaction. Throws ProjectError for a read-only project.
    explicit SpatialWrite(ProjectImpl& p);
    SpatialWrite(const SpatialWrite&) = delete;
    SpatialWrite& operator=(const SpatialWrite&) = delete;

    ProjectImpl& project() const { return m_p; }

    /// Inserts a feature into a polygon table: text fields (name, value; "" = NULL) and a
    /// (multi)polygon from GEOS, stored as MULTIPOLYGON. Throws LibraryError.
    void insert_polygon(std::string_view table,
                        const std::vector<std::pair<std::string, std::string>>& fields,
                        GEOSContextHandle_t ctx, const GEOSGeometry* geom);

    /// Inserts a row into an attribute table: text fields (value "" = NULL), plus date-time
    /// fields set to now (UTC). Throws LibraryError.
    void insert_row(std::string_view table,
                    const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::vector<std::string>& now_fields = {});

    /// Sets text fields of the feature `fid` of `table` (value "" = NULL). Throws LibraryError.
    void update_fields(std::string_view table, std::int64_t fid,
                       const std::vector<std::pair<std::string, std::string>>& fields);

    /// Deletes the feature `fid` of `table`. Throws LibraryError.
    void delete_feature(std::string_view table, std::int64_t fid);

    /// Recomputes and stores the cell assignment, then commits.
    void commit();

private:
    ProjectImpl& m_p;
    Transaction m_tx;
};

} // namespace gridmap::detail
