#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gridmap {

namespace detail {
struct ProjectImpl;
}

struct Extent {
    double min_x = 0;
    double min_y = 0;
    double max_x = 0;
    double max_y = 0;
};

struct LayerInfo {
    std::string name;
    std::string geometry; ///< "POINT", "MULTILINESTRING", "MULTIPOLYGON" or "" for attributes
    std::int64_t count = 0;
    std::optional<Extent> extent; ///< working CRS, metres; none for empty or attribute tables
};

struct ProjectInfo {
    std::string path;
    int schema_version = 0;
    int epsg = 0;
    std::string crs_name;
    std::vector<LayerInfo> layers;
};

/// The analysis settings every new project starts with (key, value): cell tiling tolerance
/// `tolerance_m2` (1), household target per cell `households_min` (300) and `households_max`
/// (500), `service_reach_m` (500), `cut_share` (0.05: a building with more than this share of
/// its area outside its own cell is cut by a cell boundary).
std::vector<std::pair<std::string, std::string>> default_settings();

/// One Gridmap project: a GeoPackage file in one metric working CRS, holding the tables of
/// schema.hpp. All writes go through GDAL's GPKG driver inside transactions.
class Project {
public:
    enum class Access { read_only, read_write };

    /// Creates a new project at `path` with working CRS `epsg` (must be projected, metric).
    /// Throws InputError if the file exists or the CRS is unusable.
    static Project create(const std::string& path, int epsg);

    /// Opens an existing project. Migrates an older schema (read_write only); throws
    /// ProjectError for a file that is not a Gridmap project or has a newer schema.
    static Project open(const std::string& path, Access access = Access::read_write);

    /// Opens a project to read it: read-write when the file is writable, so that an older
    /// schema is migrated first, read-only otherwise. Throws as open() does.
    static Project open_for_reading(const std::string& path);

    Project(Project&&) noexcept;
    Project& operator=(Project&&) noexcept;
    ~Project();

    const std::string& path() const;
    int epsg() const;
    int schema_version() const;

    /// Layer names, geometry types, feature counts and extents, in schema order.
    ProjectInfo info() const;

    /// Number of rows in `table`. Throws InputError for an unknown table.
    std::int64_t count(const std::string& table) const;

    /// A value of the settings table, or nullopt.
    std::optional<std::string> setting(const std::string& key) const;
    /// Sets a value of the settings table in its own transaction.
    void set_setting(const std::string& key, const std::string& value);

    /// Internal access for geo/ implementation files (the type is incomplete elsewhere).
    detail::ProjectImpl& impl() const { return *m_impl; }

private:
    explicit Project(std::unique_ptr<detail::ProjectImpl> impl);
    std::unique_ptr<detail::ProjectImpl> m_impl;
};

} // namespace gridmap
