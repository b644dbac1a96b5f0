#include "gridmap/import.hpp"

#include "detail/analysis.hpp"
#include "detail/bulk_write.hpp"
#include "detail/gdal.hpp"
#include "detail/geos.hpp"
#include "detail/import_register.hpp"
#include "detail/overlay.hpp"
#include "detail/project_impl.hpp"
#include "detail/source_file.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/coordinates.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/schema.hpp"
#include "gridmap/seed.hpp"
#include "gridmap/workorder.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace gridmap {

namespace {

using detail::FeaturePtr;
using detail::GdalErrorCapture;
using detail::Geom;
using detail::GeosContext;

constexpr std::size_t max_listed_problems = 20;

enum class Offset { none, gcj02, bd09 };

struct GeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

/// One source feature on its way into the project.
struct Row {
    GIntBig fid = 0;          ///< the source's feature id (GDAL FID)
    std::int64_t ordinal = 0; ///< 1-based position in the source, used in messages
    std::string key;
    std::vector<std::optional<std::string>> values; ///< aligned with TableDef::fields
    GeometryPtr geom;
    std::string merge_value;
    std::optional<std::string> compound; ///< the 小区 a register names its building in
    const char* sheet = nullptr;         ///< the source layer's name (GDAL's), when reading several
    bool update = false;                 ///< the key is in the project: update that row
    bool refused = false;                ///< a register problem is already listed for it
};

/// Collects problems of an import; they are all reported together, then nothing is written.
class Problems {
public:
    explicit Problems(std::string source) : m_source(std::move(source)) {}

    void add(std::string text) { m_list.push_back(std::move(text)); }
    /// Adds every problem of `other`, in its order.
    void append(Problems&& other) {
        for (std::string& text : other.m_list) {
            m_list.push_back(std::move(text));
        }
    }
    bool empty() const { return m_list.empty(); }

    /// Throws InputError listing every problem (the first 20 and a count of the rest).
    void throw_if_any() const {
        if (m_list.empty()) {
            return;
        }
        std::string msg;
        if (m_list.size() == 1) {
            msg = m_source + ": " + m_list.front() + "; nothing was imported";
        } else {
            msg = m_source + ": " + std::to_string(m_list.size()) +
                  " problems; nothing was imported:";
            for (std::size_t i = 0; i < m_list.size() && i < max_listed_problems; ++i) {
                msg += "\n  " + m_list[i];
            }
            if (m_list.size() > max_listed_problems) {
                msg +=
                    "\n  ... and " + std::to_string(m_list.size() - max_listed_problems) + " more";
            }
        }
        throw InputError(msg);
    }

private:
    std::string m_source;
    std::vector<std::string> m_list;
};

std::string feature_label(const Row& row, std::string_view key_name) {
    std::string s = (row.sheet == nullptr ? "" : "sheet '" + std::string(row.sheet) + "' ") +
                    "feature " + std::to_string(row.ordinal);
    if (!row.key.empty() && !detail::first_invalid_utf8(row.key)) {
        s += " (" + std::string(key_name) + " '" + row.key + "')";
    }
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// A source GDAL opened or read while reporting an error (a damaged GeoPackage's
/// gpkg_extensions, say) is refused: what GDAL read past the error cannot be trusted.
void refuse_source_errors(const std::string& source, const GdalErrorCapture& errors) {
    if (!errors.last().empty()) {
        throw InputError(source + ": GDAL reports an error reading it (" + errors.last() +
                         "): the file looks damaged; nothing was imported");
    }
}

GDALDatasetUniquePtr open_source(const std::string& source,
                                 const detail::PreparedSource& prepared) {
    CPLStringList oo;
    for (const std::string& option : prepared.open_options) {
        oo.AddString(option.c_str());
    }
    if (detail::is_text_table(source)) {
        oo.AddNameValue("GEOM_POSSIBLE_NAMES", std::string(detail::csv_geometry_names).c_str());
        oo.AddNameValue("X_POSSIBLE_NAMES", std::string(detail::csv_x_names).c_str());
        oo.AddNameValue("Y_POSSIBLE_NAMES", std::string(detail::csv_y_names).c_str());
        oo.AddNameValue("KEEP_GEOM_COLUMNS", "NO");
        oo.AddNameValue("AUTODETECT_TYPE", "NO");
    }
    GdalErrorCapture errors;
    GDALDatasetUniquePtr ds(GDALDataset::Open(prepared.open_path.c_str(),
                                              GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, oo.List(),
                                              nullptr));
    if (!ds) {
        throw InputError(source + ": not a readable vector file" +
                         (errors.last().empty() ? "" : " (" + errors.last() + ")"));
    }
    refuse_source_errors(source, errors);
    return ds;
}

OGRLayer* choose_layer(GDALDataset& ds, const ImportOptions& o) {
    if (!o.source_layer.empty()) {
        if (OGRLayer* l = ds.GetLayerByName(o.source_layer.c_str())) {
            return l;
        }
    } else if (ds.GetLayerCount() == 1) {
        return ds.GetLayer(0);
    }
    std::string names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        names += (i > 0 ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
    }
    if (ds.GetLayerCount() == 0) {
        throw InputError(o.source + ": has no layers");
    }
    if (!o.source_layer.empty()) {
        throw InputError(o.source + ": no layer '" + o.source_layer + "'; layers are: " + names);
    }
    throw InputError(o.source + ": has " + std::to_string(ds.GetLayerCount()) +
                     " layers; choose one with --source-layer (" + names + ")");
}

/// The layers to read: the chosen one, or with all_layers every layer that has fields.
std::vector<OGRLayer*> choose_layers(GDALDataset& ds, const ImportOptions& o) {
    if (!o.all_layers) {
        return {choose_layer(ds, o)};
    }
    std::vector<OGRLayer*> out;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        OGRLayer* l = ds.GetLayer(i);
        if (l->GetLayerDefn()->GetFieldCount() > 0 || l->GetFeatureCount(TRUE) > 0) {
            out.push_back(l);
        }
    }
    if (out.empty()) {
        throw InputError(o.source + ": has no layers");
    }
    return out;
}

bool accepts(GeometryKind kind, const OGRGeometry& g) {
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    switch (kind) {
    case GeometryKind::none:
        return false;
    case GeometryKind::point:
        return t == wkbPoint || (t == wkbMultiPoint && g.toMultiPoint()->getNumGeometries() == 1);
    case GeometryKind::line:
        return t == wkbLineString || t == wkbMultiLineString;
    case GeometryKind::polygon:
        if (t == wkbPolygon || t == wkbMultiPolygon) {
            return true;
        }
        if (t == wkbGeometryCollection) {
            for (const OGRGeometry* part : *g.toGeometryCollection()) {
                if (!accepts(kind, *part)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
    return false;
}

std::string kind_name(GeometryKind kind) {
    switch (kind) {
    case GeometryKind::point:
        return "points";
    case GeometryKind::line:
        return "lines";
    case GeometryKind::polygon:
        return "polygons";
    case GeometryKind::none:
        break;
    }
    return "no geometry";
}

/// "point", "line", "polygon": the --geometry-type that keeps features of `kind`.
std::string kind_option(GeometryKind kind) {
    std::string name = kind_name(kind);
    return kind == GeometryKind::none ? name : name.substr(0, name.size() - 1);
}

/// Features of a type the table does not take: refused in one problem, or left out.
struct OtherKinds {
    std::int64_t count = 0;
    std::string first; ///< "feature 3 (id 'X'): geometry is POINT"
    std::map<std::string, std::int64_t> by_type;

    void add(const std::string& label, const OGRGeometry& g) {
        if (count++ == 0) {
            first = label + ": geometry is " + g.getGeometryName();
        }
        ++by_type[g.getGeometryName()];
    }
    /// Adds the features another reader found, after this one's.
    void add(OtherKinds&& other) {
        if (count == 0 && other.count > 0) {
            first = std::move(other.first);
        }
        count += other.count;
        for (const auto& [type, n] : other.by_type) {
            by_type[type] += n;
        }
    }
    std::string types() const {
        std::string out;
        for (const auto& [type, n] : by_type) {
            out += (out.empty() ? "" : ", ") + type + " " + std::to_string(n);
        }
        return out;
    }
    /// The one problem: the first such feature, how many there are, and the option that keeps
    /// the others when there are any.
    std::string problem(const ImportOptions& o, GeometryKind kind, std::int64_t total) const {
        std::string s = first + ", layer '" + o.table + "' takes " + kind_name(kind);
        if (count > 1) {
            s += "; " + std::to_string(count) + " of " + std::to_string(total) +
                 " features are not " + kind_name(kind) + " (" + types() + ")";
        }
        if (count < total) {
            s += "; --geometry-type " + kind_option(kind) + " imports the " +
                 std::to_string(total - count) + " " + kind_name(kind) +
                 " and leaves the others out";
        }
        return s;
    }
};

/// Applies fn(x, y) to every coordinate of a geometry.
template <class Fn> void for_each_point(OGRGeometry& g, Fn fn) {
    struct Visitor : OGRDefaultGeometryVisitor {
        Fn* fn;
        using OGRDefaultGeometryVisitor::visit;
        void visit(OGRPoint* p) override {
            double x = p->getX();
            double y = p->getY();
            (*fn)(x, y);
            p->setX(x);
            p->setY(y);
        }
    } v;
    v.fn = &fn;
    g.accept(&v);
}

bool has_finite_coordinates(OGRGeometry& g) {
    bool finite = true;
    for_each_point(g, [&finite](double& x, double& y) {
        finite = finite && std::isfinite(x) && std::isfinite(y);
    });
    return finite;
}

/// Lists rings that are not closed, e.g. "ring 1 of polygon 1".
std::vector<std::string> unclosed_rings(OGRGeometry& g) {
    std::vector<std::string> out;
    auto check_polygon = [&out](OGRPolygon* p, int polygon_index) {
        int ring_index = 0;
        for (OGRLinearRing* ring : *p) {
            ++ring_index;
            if (ring->getNumPoints() > 0 && !ring->get_IsClosed()) {
                out.push_back("ring " + std::to_string(ring_index) + " of polygon " +
                              std::to_string(polygon_index));
            }
        }
    };
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    if (t == wkbPolygon) {
        check_polygon(g.toPolygon(), 1);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        int i = 0;
        for (OGRGeometry* part : *g.toGeometryCollection()) {
            ++i;
            if (wkbFlatten(part->getGeometryType()) == wkbPolygon) {
                check_polygon(part->toPolygon(), i);
            }
        }
    }
    return out;
}

std::string format_xy(double x, double y) {
    char buf[96];
    std::snprintf(buf, sizeof buf,
                  std::fabs(x) < 1e12 && std::fabs(y) < 1e12 ? "(%.2f %.2f)" : "(%.4g %.4g)", x, y);
    return buf;
}

/// Whether an envelope lies inside an extent (false for NaN).
bool inside(const Extent& outer, const OGREnvelope& e) {
    return e.MinX >= outer.min_x && e.MaxX <= outer.max_x && e.MinY >= outer.min_y &&
           e.MaxY <= outer.max_y;
}

/// Coordinates no CRS gives (degrees or metres): larger ones cannot choose the working CRS.
constexpr Extent plausible{-1e9, -1e9, 1e9, 1e9};

GeometryPtr from_geos(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    return GeometryPtr(OGRGeometryFactory::createFromGEOS(ctx, const_cast<GEOSGeometry*>(g)));
}

/// Checks a polygon geometry with GEOS; repairs it when allowed. Returns false (and adds a
/// problem) when the geometry is refused.
bool check_polygon_validity(GEOSContextHandle_t ctx, Row& row, const ImportOptions& o,
                            std::string_view key_name, Problems& problems, ImportReport& report) {
    const std::string label = feature_label(row, key_name);
    std::string reasons;
    const auto unclosed = unclosed_rings(*row.geom);
    if (!unclosed.empty()) {
        reasons = unclosed.size() == 1
                      ? unclosed.front() + " is not closed"
                      : std::to_string(unclosed.size()) + " rings are not closed (" +
                            unclosed.front() + ", ...)";
        if (!o.fix_invalid) {
            problems.add(label + ": invalid geometry: " + reasons +
                         " (use --fix-invalid to repair)");
            return false;
        }
        row.geom->closeRings();
    }
    Geom g(ctx, row.geom->exportToGEOS(ctx));
    if (!g) {
        problems.add(label + ": geometry GEOS cannot read (too few points in a ring?)");
        return false;
    }
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char valid = GEOSisValidDetail_r(ctx, g.get(), 0, &reason, &location);
    if (valid == 1 && reasons.empty()) {
        return true;
    }
    if (valid != 1) {
        std::string r = reason != nullptr ? reason : "invalid";
        if (location != nullptr) {
            double x = 0;
            double y = 0;
            GEOSGeomGetX_r(ctx, location, &x);
            GEOSGeomGetY_r(ctx, location, &y);
            r += " at " + format_xy(x, y);
        }
        reasons += (reasons.empty() ? "" : "; ") + r;
    }
    if (reason != nullptr) {
        GEOSFree_r(ctx, reason);
    }
    if (location != nullptr) {
        GEOSGeom_destroy_r(ctx, location);
    }
    if (!o.fix_invalid) {
        problems.add(label + ": invalid geometry: " + reasons + " (use --fix-invalid to repair)");
        return false;
    }
    const double before = detail::area(ctx, g.get());
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx);
    GEOSMakeValidParams_setMethod_r(ctx, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0);
    Geom fixed(ctx, GEOSMakeValidWithParams_r(ctx, g.get(), params));
    GEOSMakeValidParams_destroy_r(ctx, params);
    if (!fixed) {
        problems.add(label + ": invalid geometry (" + reasons + ") that GEOS cannot repair");
        return false;
    }
    fixed = detail::polygonal(ctx, std::move(fixed));
    if (GEOSisValid_r(ctx, fixed.get()) != 1) {
        // MakeValid's parts can overlap one another (seen on real parish boundaries with
        // self-overlapping rings); their union is the valid area they cover.
        fixed = detail::polygonal(ctx, Geom(ctx, GEOSUnaryUnion_r(ctx, fixed.get())));
    }
    if (!fixed || GEOSisValid_r(ctx, fixed.get()) != 1) {
        problems.add(label + ": invalid geometry (" + reasons + ") that GEOS cannot repair");
        return false;
    }
    if (GEOSisEmpty_r(ctx, fixed.get()) == 1) {
        problems.add(label + ": invalid geometry (" + reasons +
                     ") collapses to nothing when repaired");
        return false;
    }
    const double after = detail::area(ctx, fixed.get());
    row.geom = from_geos(ctx, fixed.get());
    char areas[96];
    std::snprintf(areas, sizeof areas, "; area %.1f m2 -> %.1f m2", before, after);
    report.repaired.push_back(label + ": " + reasons + ": repaired" + areas);
    return true;
}

bool parse_boolean(std::string_view v, bool& out) {
    static const std::array<std::string_view, 6> yes{"1", "true", "yes", "y", "是", "t"};
    static const std::array<std::string_view, 6> no{"0", "false", "no", "n", "否", "f"};
    for (auto y : yes) {
        if (iequals(v, y)) {
            out = true;
            return true;
        }
    }
    for (auto n : no) {
        if (iequals(v, n)) {
            out = false;
            return true;
        }
    }
    return false;
}

/// "'120' is not between 0 and 99" for a number outside the field's declared bounds.
std::string out_of_bounds(const FieldDef& f, const std::string& v) {
    auto number = [](double d) {
        char buf[32];
        std::snprintf(buf, sizeof buf, std::fabs(d) < 1e15 ? "%.0f" : "%g", d);
        return std::string(buf);
    };
    if (std::isfinite(f.min) && std::isfinite(f.max)) {
        return "'" + v + "' is not between " + number(f.min) + " and " + number(f.max);
    }
    if (std::isfinite(f.min)) {
        return "'" + v + "' is less than " + number(f.min);
    }
    return "'" + v + "' is too large a number";
}

/// Normalises a value to the field's type; returns an error text or "".
std::string normalise(const FieldDef& f, std::string& v) {
    switch (f.type) {
    case FieldType::text:
        return {};
    case FieldType::integer: {
        std::optional<std::int64_t> n = parse_integer(v);
        if (!n) {
            const std::optional<double> d = parse_real(v); // "3.0", as spreadsheets keep numbers
            if (!d || std::floor(*d) != *d) {
                return "'" + v + "' is not a whole number";
            }
            if (std::fabs(*d) >= 9.0e18) {
                return out_of_bounds(f, v);
            }
            n = static_cast<std::int64_t>(*d);
        }
        if (static_cast<double>(*n) < f.min || static_cast<double>(*n) > f.max) {
            return out_of_bounds(f, v);
        }
        v = std::to_string(*n);
        return {};
    }
    case FieldType::real: {
        const std::optional<double> d = parse_real(v);
        if (!d) {
            return "'" + v + "' is not a number";
        }
        if (*d < f.min || *d > f.max) {
            return out_of_bounds(f, v);
        }
        return {};
    }
    case FieldType::boolean: {
        bool b = false;
        if (!parse_boolean(v, b)) {
            return "'" + v + "' is not a yes/no value (1/0, true/false)";
        }
        v = b ? "1" : "0";
        return {};
    }
    case FieldType::binary:
        return "binary data cannot be imported from a text value";
    case FieldType::date:
    case FieldType::datetime: {
        const std::optional<std::int64_t> t = parse_date_time(v);
        if (!t) {
            return "'" + v + "' is not a calendar date (YYYY-MM-DD[THH:MM:SS[+08:00]])";
        }
        if (f.type == FieldType::date) {
            v = detail::beijing_text(*t).substr(0, 10); // the day in Beijing
        }
        return {};
    }
    }
    return {};
}

bool allowed_value(const FieldDef& f, std::string_view v) {
    if (f.allowed.empty()) {
        return true;
    }
    std::string_view rest = f.allowed;
    while (!rest.empty()) {
        const auto bar = rest.find('|');
        if (rest.substr(0, bar) == v) {
            return true;
        }
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    return false;
}

/// Keys and names of a table in the project, for resolving references.
struct KeyIndex {
    std::unordered_set<std::string> keys;
    std::unordered_map<std::string, std::string> key_by_name; ///< "" value = ambiguous name
};

/// Every imported issue passes THE rule of work orders (`issue_field_problems`): a description,
/// a known category and a small class of it, each problem naming the feature and the field.
/// (An import adds issues; one whose id is in the project is refused as such.)
void check_issue_fields(const TableDef& table, const std::vector<Row>& rows, Problems& problems) {
    constexpr std::array<std::string_view, 3> names{"category", "small_class", "text"};
    std::array<std::size_t, 3> pos{};
    for (std::size_t k = 0; k < names.size(); ++k) {
        pos[k] = static_cast<std::size_t>(
            std::find_if(table.fields.begin(), table.fields.end(),
                         [&](const FieldDef& f) { return f.name == names[k]; }) -
            table.fields.begin());
    }
    for (const Row& row : rows) {
        const auto value = [&](std::size_t k) {
            return row.values[pos[k]].value_or("");
        };
        for (const FieldProblem& fp : issue_field_problems(value(0), value(1), value(2))) {
            const std::string prefix = fp.field + ": ";
            problems.add(
                feature_label(row, table.key) + ", field '" + fp.field + "': " +
                (fp.message.rfind(prefix, 0) == 0 ? fp.message.substr(prefix.size()) : fp.message));
        }
    }
}

KeyIndex load_keys(const detail::ProjectImpl& p, const TableDef& t, bool with_names) {
    KeyIndex idx;
    if (p.ds->GetLayerByName(std::string(t.name).c_str()) == nullptr) {
        return idx;
    }
    const std::string key(t.key);
    const bool names = with_names && find_field(t, "name") != nullptr;
    const std::string sql = "SELECT \"" + key + "\"" + (names ? ", name" : "") + " FROM \"" +
                            std::string(t.name) + "\"";
    // Read straight from the database: an OGR feature per key costs more than the key. Sized
    // once (a city's million keys would otherwise rehash the set as it grows).
    idx.keys.reserve(detail::rows_to_reserve(detail::sqlite_handle(p), std::string(t.name)));
    detail::Statement rows(detail::sqlite_handle(p), sql);
    while (rows.step()) {
        std::string k = rows.text(0);
        if (names && !rows.is_null(1)) {
            auto [it, inserted] = idx.key_by_name.emplace(rows.text(1), k);
            if (!inserted && it->second != k) {
                it->second.clear();
            }
        }
        idx.keys.insert(std::move(k));
    }
    return idx;
}

/// Reads every (key, geometry) of a polygon table in the working CRS, sorted by key.
struct KeyedGeoms {
    std::vector<std::string> keys;
    std::vector<Geom> geoms;
};

KeyedGeoms load_polygons(GEOSContextHandle_t ctx, OGRLayer* layer, const std::string& key_field,
                         const char* filter) {
    KeyedGeoms out;
    std::vector<std::pair<std::string, Geom>> rows;
    layer->SetAttributeFilter(filter);
    layer->ResetReading();
    for (auto& f : *layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) {
            continue;
        }
        Geom gg(ctx, g->exportToGEOS(ctx));
        if (gg) {
            rows.emplace_back(f->GetFieldAsString(key_field.c_str()), std::move(gg));
        }
    }
    layer->SetAttributeFilter(nullptr);
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [k, g] : rows) {
        out.keys.push_back(k);
        out.geoms.push_back(std::move(g));
    }
    return out;
}

/// How many rows of a table a spatially inferred field was set for, of how many waiting.
struct Inferred {
    std::size_t assigned = 0;
    std::size_t waiting = 0;
};

/// The report line of an inferred field ("" when no row was waiting).
std::string inferred_line(std::string_view child, std::string_view field, std::string_view parent,
                          Inferred n) {
    if (n.waiting == 0) {
        return {};
    }
    return std::string(child) + "." + std::string(field) + ": " + std::to_string(n.assigned) +
           " of " + std::to_string(n.waiting) + " set from " + std::string(parent) +
           " by largest overlap" +
           (n.assigned < n.waiting ? " (" + std::to_string(n.waiting - n.assigned) + " lie in no " +
                                         std::string(parent) + ")"
                                   : "");
}

/// Fills `child.field` where it is NULL in the stored rows with the key of the
/// `field.references` polygon that covers at least half of the child by area (the largest
/// overlap). Nothing waits when the parent table is empty.
Inferred infer_parent(const detail::ProjectImpl& p, const TableDef& child, const FieldDef& f) {
    const TableDef* parent = find_table(f.references);
    p.layer(child.name); // throws ProjectError when the table is missing
    OGRLayer* parent_layer = p.layer(parent->name);
    GeosContext ctx;
    const std::string field(f.name);
    const std::string null_filter = "\"" + field + "\" IS NULL";
    KeyedGeoms parents = load_polygons(ctx, parent_layer, std::string(parent->key), nullptr);
    if (parents.keys.empty()) {
        return {};
    }
    // The children still without a parent, their GeoPackage blobs read straight into GEOS (as
    // the snapshot does; OGR features cost more than the overlay).
    sqlite3* db = detail::sqlite_handle(p);
    std::vector<std::int64_t> fids;
    std::vector<Geom> geoms;
    {
        detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
        detail::Statement rows(db, "SELECT fid, geom FROM \"" + std::string(child.name) +
                                       "\" WHERE " + null_filter + " ORDER BY fid");
        while (rows.step()) {
            const std::string_view blob = rows.blob(1);
            if (blob.empty()) {
                continue;
            }
            Geom gg(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), blob));
            if (!gg && blob.size() > 3 && (static_cast<unsigned char>(blob[3]) & 0x10) != 0) {
                gg = Geom(ctx, GEOSGeom_createEmptyPolygon_r(ctx)); // an empty geometry counts
            }
            if (gg) {
                fids.push_back(rows.integer(0));
                geoms.push_back(std::move(gg));
            }
        }
    }
    if (fids.empty()) {
        return {};
    }
    std::vector<const GEOSGeometry*> child_ptrs;
    for (const auto& g : geoms) {
        child_ptrs.push_back(g.get());
    }
    std::vector<const GEOSGeometry*> parent_ptrs;
    for (const auto& g : parents.geoms) {
        parent_ptrs.push_back(g.get());
    }
    const auto best =
        detail::largest_overlap_parallel(child_ptrs, parent_ptrs, 0.5, detail::analysis_threads());
    Inferred n;
    n.waiting = fids.size();
    // An attribute-only UPDATE: OGR's SetFeature would rewrite every geometry and its R-tree.
    detail::Statement update(db, "UPDATE \"" + std::string(child.name) + "\" SET \"" + field +
                                     "\" = ? WHERE fid = ?");
    for (std::size_t i = 0; i < fids.size(); ++i) {
        if (!best[i].parent) {
            continue;
        }
        update.bind(1, parents.keys[*best[i].parent]);
        update.bind(2, fids[i]);
        update.step();
        update.reset();
        ++n.assigned;
    }
    return n;
}

/// Geometry type conversion to the table's stored type.
GeometryPtr to_stored(GeometryPtr g, GeometryKind kind) {
    switch (kind) {
    case GeometryKind::polygon:
        return GeometryPtr(OGRGeometryFactory::forceToMultiPolygon(g.release()));
    case GeometryKind::line:
        return GeometryPtr(OGRGeometryFactory::forceToMultiLineString(g.release()));
    case GeometryKind::point:
        if (wkbFlatten(g->getGeometryType()) == wkbMultiPoint) {
            return GeometryPtr(g->toMultiPoint()->getGeometryRef(0)->clone());
        }
        return g;
    case GeometryKind::none:
        break;
    }
    return g;
}

void set_value(OGRFeature& f, const FieldDef& def, const std::string& v) {
    const std::string name(def.name);
    switch (def.type) {
    case FieldType::integer: // normalise() checked it
        f.SetField(name.c_str(), static_cast<GIntBig>(parse_integer(v).value()));
        break;
    case FieldType::boolean:
        f.SetField(name.c_str(), v == "1" ? 1 : 0);
        break;
    case FieldType::real:
        f.SetField(name.c_str(), parse_real(v).value());
        break;
    case FieldType::datetime:
        // In UTC, as GeoPackage requires; validated in normalise().
        f.SetField(name.c_str(), detail::utc_text(detail::parse_time(v).value_or(0)).c_str());
        break;
    default:
        f.SetField(name.c_str(), v.c_str());
        break;
    }
}

/// From this many rows on, an import defers the table's reference indexes (DeferredIndexes).
constexpr std::size_t bulk_rows = 4096;

/// SQLite's page cache during a bulk import, KiB (ScopedCacheSize).
constexpr std::int64_t bulk_cache_kib = 256 * 1024;

/// Drops a table's non-unique (reference) indexes for a bulk insert and its follow-up updates,
/// and creates them again, each in one sort, in finish(). The unique key index stays, unless
/// `unique_too` (every row is new and its key was checked: not in the table, not repeated), when
/// it is built in one sort as well. Inside the import's transaction: a rollback restores them.
class DeferredIndexes {
public:
    DeferredIndexes(const detail::ProjectImpl& p, std::string_view table, bool unique_too = false)
        : m_db(detail::sqlite_handle(p)) {
        std::vector<std::string> names;
        {
            detail::Statement indexes(
                m_db, std::string("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                                  "tbl_name = ? AND sql IS NOT NULL") +
                          (unique_too ? "" : " AND sql NOT LIKE 'CREATE UNIQUE%'") +
                          " ORDER BY name");
            indexes.bind(1, table);
            while (indexes.step()) {
                names.push_back(indexes.text(0));
                m_sql.push_back(indexes.text(1));
            }
        }
        for (const std::string& name : names) {
            detail::Statement(m_db, "DROP INDEX \"" + name + "\"").step();
        }
    }

    void finish() {
        for (const std::string& sql : m_sql) {
            detail::Statement(m_db, sql).step();
        }
        m_sql.clear();
    }

private:
    sqlite3* m_db;
    std::vector<std::string> m_sql;
};

/// infer_parent for the rows about to be inserted, on their geometries in memory (already in
/// their stored type), so that the parent is written with the row: the new rows are never read
/// back. Returns nothing, and changes nothing, when a new row has no geometry (infer_parent
/// after the insert then does them, as it reads the stored rows).
std::optional<Inferred> infer_before_insert(const detail::ProjectImpl& p, const TableDef& table,
                                            std::size_t field_index, std::vector<Row>& rows,
                                            const std::vector<Geom>& geos) {
    const FieldDef& f = table.fields[field_index];
    std::vector<std::size_t> children;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (!rows[r].update && !rows[r].values[field_index]) {
            if (!rows[r].geom || rows[r].geom->IsEmpty()) {
                return std::nullopt; // not the geometries infer_parent would read
            }
            children.push_back(r);
        }
    }
    const TableDef* parent = find_table(f.references);
    GeosContext ctx;
    KeyedGeoms parents =
        load_polygons(ctx, p.layer(parent->name), std::string(parent->key), nullptr);
    if (parents.keys.empty() || children.empty()) {
        return Inferred{};
    }
    std::vector<const GEOSGeometry*> child_ptrs;
    child_ptrs.reserve(children.size());
    for (std::size_t r : children) {
        if (!geos[r]) {
            return std::nullopt;
        }
        child_ptrs.push_back(geos[r].get());
    }
    std::vector<const GEOSGeometry*> parent_ptrs;
    for (const auto& g : parents.geoms) {
        parent_ptrs.push_back(g.get());
    }
    const auto best =
        detail::largest_overlap_parallel(child_ptrs, parent_ptrs, 0.5, detail::analysis_threads());
    Inferred n;
    n.waiting = children.size();
    for (std::size_t i = 0; i < children.size(); ++i) {
        if (best[i].parent) {
            rows[children[i]].values[field_index] = parents.keys[*best[i].parent];
            ++n.assigned;
        }
    }
    return n;
}

/// The cell assignment of buildings about to be inserted, as update_assignment would store it
/// (largest overlap over the cells in code order), so that building.cell and cell_share are
/// written with the rows instead of by an UPDATE of every row. The buildings already stored
/// keep theirs: a building's cell depends on the cells only, and every change of the cells
/// stores the assignment again.
struct CellsBefore {
    std::vector<std::string> keys; ///< cell codes
    std::vector<detail::Overlap> best;
};

/// Nothing when a new row has no geometry (update_assignment then recomputes every building).
std::optional<CellsBefore> cells_before_insert(const detail::ProjectImpl& p,
                                               const std::vector<Row>& rows,
                                               const std::vector<Geom>& geos) {
    GeosContext ctx;
    std::vector<const GEOSGeometry*> child_ptrs;
    child_ptrs.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].update || !geos[r]) {
            return std::nullopt;
        }
        child_ptrs.push_back(geos[r].get());
    }
    detail::SnapshotParts parts; // communities and cells only
    const detail::Snapshot s = detail::load_snapshot(p, ctx, parts);
    CellsBefore out;
    for (const detail::Item& cell : s.cells) {
        out.keys.push_back(cell.key);
    }
    out.best = detail::largest_overlap_parallel(child_ptrs, detail::geometries(s.cells), 0.0,
                                                detail::analysis_threads());
    return out;
}

/// A new row's geometry as it will be stored, made by the transform's threads: GEOS's copy
/// (for the parents and the cells), the GeoPackage blob (srs_id set when written) and the box.
struct StoredGeometry {
    Geom geos;
    std::string blob;
    OGREnvelope envelope;
};

/// What one reader of a source layer made: the rows in source order, the problems found while
/// reading them, the features of other geometry types, how many features it read (those left
/// out included) and GDAL's last error while reading, if any.
struct ReadPart {
    explicit ReadPart(const std::string& source) : problems(source) {}
    std::vector<Row> rows;
    Problems problems;
    OtherKinds other_kinds;
    std::int64_t features = 0;
    std::string error;
};

/// From this many features on, a GeoPackage layer is read on two threads (Import::read_split).
constexpr std::size_t split_read_rows = 16384;

/// Wall-clock seconds of each phase of an import, appended to ImportReport::timings.
class PhaseClock {
public:
    explicit PhaseClock(ImportReport& report) : m_report(report), m_start(Clock::now()) {}
    void done(const char* phase) {
        const Clock::time_point now = Clock::now();
        m_report.timings.emplace_back(phase, std::chrono::duration<double>(now - m_start).count());
        m_start = now;
    }

private:
    using Clock = std::chrono::steady_clock;
    ImportReport& m_report;
    Clock::time_point m_start;
};

/// One import, as named phases run in order by run(): open the source and resolve its fields,
/// read every feature, validate the values, transform to the working CRS (and merge pieces),
/// check keys and references, leave out unchanged rows, then write: infer the parents and the
/// cell assignment of the new rows in memory, insert them, infer the children waiting for
/// them, commit. Problems of every read phase are collected and reported together before
/// anything is written.
class Import {
public:
    Import(detail::ProjectImpl& p, const ImportOptions& o, const TableDef& table)
        : m_p(p), m_o(o), m_table(table), m_spatial(table.geometry != GeometryKind::none),
          m_problems(o.source), m_clock(m_report) {
        m_report.table = o.table;
    }

    ~Import() {
        if (m_prefetch.joinable()) {
            m_prefetch.join();
        }
    }
    Import(const Import&) = delete;
    Import& operator=(const Import&) = delete;

    ImportReport run() {
        open();
        m_clock.done("open");
        if (m_spatial && m_p.epsg != 0) {
            // The working CRS's usable extent (PROJ looks up the CRS and its transformation to
            // lon/lat: tens of milliseconds) while the source is read; cached for transform().
            m_prefetch = std::thread([epsg = m_p.epsg] {
                try {
                    usable_extent(epsg);
                } catch (...) { // transform() asks again and reports it
                }
            });
        }
        read_features();
        m_clock.done("read");
        check_values();
        m_clock.done("validate");
        if (m_spatial) {
            transform();
        }
        if (m_merge_index >= 0) {
            merge_pieces();
        }
        m_clock.done("transform");
        // The write lock before the keys in use are read: no other writer can take a key
        // between this check and the write.
        detail::Transaction tx(*m_p.ds);
        std::optional<detail::ScopedCacheSize> cache;
        if (m_p.pg == nullptr && m_rows.size() >= bulk_rows) {
            cache.emplace(detail::sqlite_handle(m_p), bulk_cache_kib);
        }
        check_keys_and_references();
        m_problems.throw_if_any();
        drop_unchanged();
        m_clock.done("keys and references");
        const int old_epsg = m_p.epsg;
        try {
            write(tx);
        } catch (...) {
            m_p.epsg = old_epsg; // the transaction rolled back the tables too
            throw;
        }
        return std::move(m_report);
    }

private:
    void open();
    void read_features();
    void read_layer(OGRLayer* in, std::size_t li, std::int64_t first, ReadPart& part,
                    const std::function<void(std::size_t)>& progress) const;
    bool read_split(OGRLayer* in, GIntBig total, ReadPart& head, ReadPart& tail);
    void check_values();
    void transform();
    void merge_pieces();
    void check_keys_and_references();
    void check_keys(const KeyIndex& existing, Problems& problems) const;
    void check_references(Problems& problems);
    void drop_unchanged();
    void write(detail::Transaction& tx);
    std::map<std::string_view, Inferred> infer_parents_before(const std::vector<Geom>& geos);
    void insert_rows(const std::optional<CellsBefore>& cells);
    bool insert_rows_sql();
    bool insert_features_sql(const std::optional<CellsBefore>& cells);
    void check_orphans();
    void infer_after(const std::map<std::string_view, Inferred>& before);

    std::string label(const Row& row) const { return feature_label(row, m_table.key); }

    detail::ProjectImpl& m_p;
    const ImportOptions& m_o;
    const TableDef& m_table;
    const bool m_spatial;
    ImportReport m_report;
    Problems m_problems;
    PhaseClock m_clock;
    GeosContext m_ctx;

    // open
    std::optional<detail::PreparedSource> m_prepared;
    std::optional<GdalErrorCapture> m_source_errors; ///< while the source opens and reads
    GDALDatasetUniquePtr m_src;
    std::vector<OGRLayer*> m_layers;
    std::vector<detail::SourceFields> m_layer_fields;
    int m_merge_index = -1;
    std::size_t m_key_pos = 0;
    bool m_auto_key = false;
    Offset m_offset = Offset::none;
    OGRSpatialReference m_source_srs;

    // read and after
    std::vector<Row> m_rows;
    std::vector<detail::RegisterRow> m_register_rows;
    detail::RegisterResult m_made;
    int m_epsg = 0;
    /// Aligned with m_rows when transform() prepared the stored geometries (no --merge-by).
    std::vector<StoredGeometry> m_stored;
    std::thread m_prefetch; ///< usable_extent of the working CRS, while reading
};

void Import::open() {
    const TableDef* table = &m_table;
    const ImportOptions& o = m_o;
    if (!o.geometry_type.empty() && !iequals(o.geometry_type, kind_option(table->geometry))) {
        throw InputError(
            "--geometry-type " + o.geometry_type + ": layer '" + o.table + "' takes " +
            kind_name(table->geometry) +
            (m_spatial ? " (--geometry-type " + kind_option(table->geometry) + ")" : ""));
    }
    if (o.source.rfind("/vsi", 0) != 0 && !std::filesystem::exists(o.source)) {
        throw InputError(o.source + ": no such file");
    }
    m_prepared.emplace(detail::prepare_source(o.source, o.source_encoding));
    m_report.notes.insert(m_report.notes.end(), m_prepared->notes.begin(), m_prepared->notes.end());
    // Errors GDAL raises while opening the source and reading its layers' definitions.
    m_source_errors.emplace();
    m_src = open_source(o.source, *m_prepared);
    m_layers = choose_layers(*m_src, o);
    OGRLayer* layer = m_layers.front();
    for (OGRLayer* l : m_layers) {
        GdalErrorCapture errors;
        if (!o.where.empty() && l->SetAttributeFilter(o.where.c_str()) != OGRERR_NONE) {
            throw InputError(o.source + ": bad --where '" + o.where + "': " + errors.last());
        }
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();

    // Resolve target fields to source fields: --map, else the alias table; nothing else.
    m_layer_fields = detail::resolve_layers(*table, m_layers, o);
    const std::vector<int>& source_index = m_layer_fields.front().index;
    m_report.taken = m_layer_fields.front().taken;
    for (const std::string& name : m_layer_fields.front().ignored) {
        m_report.ignored_fields.push_back(detail::printable(name));
    }
    if (!o.merge_by.empty()) {
        m_merge_index = defn->GetFieldIndex(o.merge_by.c_str());
        if (m_merge_index < 0) {
            throw InputError(o.source + ": --merge-by " + o.merge_by + ": no such source field");
        }
    }
    m_key_pos = [&] {
        for (std::size_t i = 0; i < table->fields.size(); ++i) {
            if (table->fields[i].name == table->key) {
                return i;
            }
        }
        return table->fields.size();
    }();
    m_auto_key = m_key_pos < table->fields.size() && source_index[m_key_pos] < 0 &&
                 !detail::makes_keys(*table);
    if (m_auto_key) {
        m_report.notes.push_back("the source has no '" + std::string(table->key) +
                                 "' field: keys are the source feature ids");
    }
    for (std::size_t i = 0; i < table->fields.size(); ++i) {
        const FieldDef& f = table->fields[i];
        if (f.required && source_index[i] < 0 && i != m_key_pos) {
            throw InputError(o.source + ": field '" + std::string(f.name) + "' is required for " +
                             o.table + " and the source has no column named " +
                             detail::headers_of(*table, f.name) + " (or map one with --map " +
                             std::string(f.name) + "=SOURCE_FIELD)");
        }
    }

    // Source CRS and the GCJ-02 / BD-09 offsets.
    bool have_srs = false;
    if (iequals(o.source_crs, "gcj02") || iequals(o.source_crs, "gcj-02")) {
        m_offset = Offset::gcj02;
    } else if (iequals(o.source_crs, "bd09") || iequals(o.source_crs, "bd-09")) {
        m_offset = Offset::bd09;
    }
    if (m_offset != Offset::none) {
        m_source_srs = detail::srs_from_epsg(4326);
        have_srs = true;
    } else if (!o.source_crs.empty()) {
        GdalErrorCapture errors;
        if (m_source_srs.SetFromUserInput(o.source_crs.c_str()) != OGRERR_NONE) {
            throw InputError("--source-crs '" + o.source_crs + "': unknown CRS");
        }
        have_srs = true;
    } else if (const OGRSpatialReference* s = layer->GetSpatialRef()) {
        m_source_srs = *s;
        have_srs = true;
    }
    m_source_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (m_spatial && !have_srs) {
        const bool lonlat_csv = detail::is_text_table(o.source) && defn->GetGeomFieldCount() > 0;
        if (!lonlat_csv) {
            throw InputError(o.source + ": has no CRS; give it with --source-crs (e.g. EPSG:4326)");
        }
        m_source_srs = detail::srs_from_epsg(4326);
        m_report.notes.push_back(
            "the CSV has no CRS: coordinates read as WGS84 lon/lat (EPSG:4326)");
    }
}

/// Reads the features of one source layer (or of one run of its features, under an attribute
/// filter) into `part`: the rows, and the problems found while reading. `first` is the 1-based
/// position of the run's first feature in the layer, less one.
void Import::read_layer(OGRLayer* in, std::size_t li, std::int64_t first, ReadPart& part,
                        const std::function<void(std::size_t)>& progress) const {
    const TableDef* table = &m_table;
    const ImportOptions& o = m_o;
    const std::vector<int>& columns = m_layer_fields[li].index;
    const auto compound_column = m_layer_fields[li].lookups.find("compound");
    const int merge_column =
        m_merge_index < 0 ? -1 : in->GetLayerDefn()->GetFieldIndex(o.merge_by.c_str());
    in->ResetReading();
    FeaturePtr f;
    while ((f = FeaturePtr(in->GetNextFeature()))) {
        Row row;
        row.fid = f->GetFID();
        row.ordinal = first + ++part.features;
        row.sheet = m_layers.size() > 1 ? in->GetName() : nullptr;
        row.values.resize(table->fields.size());
        if (compound_column != m_layer_fields[li].lookups.end() &&
            f->IsFieldSetAndNotNull(compound_column->second) &&
            *f->GetFieldAsString(compound_column->second) != '\0') {
            row.compound = f->GetFieldAsString(compound_column->second);
        }
        for (std::size_t i = 0; i < table->fields.size(); ++i) {
            const int si = columns[i];
            if (si < 0 || !f->IsFieldSetAndNotNull(si)) {
                continue;
            }
            std::string v = f->GetFieldAsString(si);
            if (v.empty()) {
                continue;
            }
            row.values[i] = std::move(v);
        }
        if (m_auto_key) {
            row.values[m_key_pos] = std::to_string(row.fid);
        }
        if (m_key_pos < table->fields.size() && row.values[m_key_pos]) {
            row.key = *row.values[m_key_pos];
        }
        if (merge_column >= 0) {
            row.merge_value =
                f->IsFieldSetAndNotNull(merge_column) ? f->GetFieldAsString(merge_column) : "";
        }
        if (m_spatial) {
            OGRGeometry* g = f->StealGeometry();
            if (g == nullptr || g->IsEmpty()) {
                if (g != nullptr) {
                    OGRGeometryFactory::destroyGeometry(g);
                }
                part.problems.add(label(row) + ": empty geometry");
            } else {
                row.geom.reset(g);
                row.geom->flattenTo2D();
                if (OGR_GT_IsNonLinear(row.geom->getGeometryType())) {
                    row.geom.reset(row.geom->getLinearGeometry());
                }
                if (!accepts(table->geometry, *row.geom)) {
                    part.other_kinds.add(label(row), *row.geom);
                    if (!o.geometry_type.empty()) {
                        continue; // left out, as asked
                    }
                    row.geom.reset();
                } else if (!has_finite_coordinates(*row.geom)) {
                    part.problems.add(label(row) +
                                      ": coordinates that are not finite numbers (NaN, inf)");
                    row.geom.reset();
                }
            }
        }
        part.rows.push_back(std::move(row));
        if (progress) {
            progress(part.rows.size());
        }
    }
}

/// Reads a large GeoPackage layer on two threads, each on its own connection to the source: the
/// features before the middle one by fid here, the others on a second thread. The rows, their
/// positions and the problems are those of one reader in fid order (the order a GeoPackage
/// layer is read in). Returns false, having read nothing, when the layer cannot be split.
bool Import::read_split(OGRLayer* in, GIntBig total, ReadPart& head, ReadPart& tail) {
    const ImportOptions& o = m_o;
    GDALDriver* driver = m_src->GetDriver();
    const std::string fid = in->GetFIDColumn();
    if (m_layers.size() != 1 || !o.where.empty() || total < static_cast<GIntBig>(split_read_rows) ||
        detail::analysis_threads() < 2 || driver == nullptr ||
        !EQUAL(driver->GetDescription(), "GPKG") || fid.empty()) {
        return false;
    }
    const auto quoted = [](const std::string& name) {
        std::string out = "\"";
        for (char c : name) {
            out += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        return out + "\"";
    };
    GDALDatasetUniquePtr second = open_source(o.source, *m_prepared);
    OGRLayer* other = second->GetLayerByName(in->GetName());
    if (other == nullptr) {
        return false;
    }
    // The fid in the middle of the layer (an expression, so that it is read as a value and not
    // as the result's feature id).
    std::optional<GIntBig> middle;
    {
        GdalErrorCapture errors;
        const std::string sql = "SELECT " + quoted(fid) + " + 0 AS middle FROM " +
                                quoted(in->GetName()) + " ORDER BY " + quoted(fid) +
                                " LIMIT 1 OFFSET " + std::to_string(total / 2);
        if (OGRLayer* result = second->ExecuteSQL(sql.c_str(), nullptr, "SQLITE")) {
            FeaturePtr f(result->GetNextFeature());
            if (f && f->GetFieldCount() == 1 && f->IsFieldSetAndNotNull(0)) {
                middle = f->GetFieldAsInteger64(0);
            }
            f.reset();
            second->ReleaseResultSet(result);
        }
    }
    if (!middle) {
        return false;
    }
    const std::string at = std::to_string(*middle);
    GIntBig before = -1;
    {
        GdalErrorCapture errors;
        if (in->SetAttributeFilter((quoted(fid) + " < " + at).c_str()) == OGRERR_NONE &&
            other->SetAttributeFilter((quoted(fid) + " >= " + at).c_str()) == OGRERR_NONE) {
            before = in->GetFeatureCount(TRUE);
        }
    }
    if (before < 0) {
        in->SetAttributeFilter(nullptr);
        return false;
    }
    tail.rows.reserve(static_cast<std::size_t>(std::max<GIntBig>(total - before, 0)));
    std::exception_ptr failed;
    std::thread reader([&] {
        try {
            GdalErrorCapture errors;
            read_layer(other, 0, before, tail, {});
            tail.error = errors.last();
        } catch (...) {
            failed = std::current_exception();
        }
    });
    {
        GdalErrorCapture errors;
        try {
            read_layer(in, 0, 0, head, [&](std::size_t n) {
                if (o.progress && n % 1000 == 0) {
                    o.progress(static_cast<std::int64_t>(n), total);
                }
            });
        } catch (...) {
            reader.join();
            throw;
        }
        head.error = errors.last();
    }
    reader.join();
    in->SetAttributeFilter(nullptr);
    if (failed) {
        std::rethrow_exception(failed);
    }
    return true;
}

void Import::read_features() {
    const TableDef* table = &m_table;
    const ImportOptions& o = m_o;
    std::vector<Row>& rows = m_rows;
    GIntBig total = 0;
    for (OGRLayer* l : m_layers) {
        const GIntBig n = l->GetFeatureCount(FALSE);
        total = n < 0 || total < 0 ? -1 : total + n;
    }
    refuse_source_errors(o.source, *m_source_errors);
    m_source_errors.reset();
    if (total > 0) {
        rows.reserve(static_cast<std::size_t>(total));
    }
    OtherKinds other_kinds;
    std::int64_t ordinal = 0; // features read, over every sheet
    // Adds a part's rows and problems in order; throws when GDAL reported a read error.
    const auto take = [&](ReadPart& part) {
        if (rows.empty()) {
            rows = std::move(part.rows);
        } else {
            std::move(part.rows.begin(), part.rows.end(), std::back_inserter(rows));
        }
        std::vector<Row>().swap(part.rows);
        m_problems.append(std::move(part.problems));
        other_kinds.add(std::move(part.other_kinds));
        ordinal += part.features;
        if (!part.error.empty()) {
            throw InputError(o.source + ": read error after " + std::to_string(rows.size()) +
                             " features: " + part.error + "; nothing was imported");
        }
    };
    for (std::size_t li = 0; li < m_layers.size(); ++li) {
        OGRLayer* in = m_layers[li];
        ReadPart head(o.source);
        ReadPart tail(o.source);
        head.rows = std::move(rows); // appended to (as reserved), one list over every sheet
        std::vector<Row>().swap(rows);
        if (li == 0 && read_split(in, total, head, tail)) {
            take(head);
            take(tail);
            continue;
        }
        {
            GdalErrorCapture errors;
            read_layer(in, li, 0, head, [&](std::size_t n) {
                if (o.progress && n % 1000 == 0) {
                    o.progress(static_cast<std::int64_t>(n), total);
                }
            });
            head.error = errors.last();
        }
        take(head);
    }
    m_report.read = ordinal;
    if (other_kinds.count > 0 && o.geometry_type.empty()) {
        m_problems.add(other_kinds.problem(o, table->geometry, ordinal));
    } else if (other_kinds.count > 0) {
        m_report.left_out = other_kinds.count;
        m_report.notes.push_back("left out " + std::to_string(other_kinds.count) +
                                 " features that are not " + kind_name(table->geometry) + " (" +
                                 other_kinds.types() + "), as --geometry-type asks");
    }
    if (o.progress) {
        o.progress(m_report.read, m_report.read);
    }
    if (rows.empty()) {
        throw InputError(o.source + ": no features" +
                         (o.where.empty() ? "" : " match --where '" + o.where + "'") +
                         (other_kinds.count > 0 ? " are " + kind_name(table->geometry) : "") +
                         "; nothing was imported");
    }
}

void Import::check_values() {
    const TableDef* table = &m_table;
    const ImportOptions& o = m_o;
    // Registers: buildings by name, units by number, vocabularies, keys made from them.
    m_register_rows.reserve(m_rows.size());
    for (Row& row : m_rows) {
        m_register_rows.push_back({&row.values, &row.compound, &row.key, [this, &row] {
                                       return label(row);
                                   }});
    }
    m_made = detail::resolve_register(m_p, *table, m_layer_fields.front(), m_register_rows);
    for (std::string& problem : m_made.problems) {
        m_problems.add(std::move(problem));
    }
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        m_rows[r].refused = m_register_rows[r].refused;
    }
    m_report.notes.insert(m_report.notes.end(), m_made.notes.begin(), m_made.notes.end());

    // Values: required, typed, allowed; the dates of the seed's logs neither in the future
    // nor before 2000 (record_date_problem, as when a record is added one by one).
    const bool seed_log = table->name == "visit" || table->name == "patrol" ||
                          table->name == "care_tag" || table->name == "member_signup" ||
                          table->name == "volunteer_activity" || table->name == "co_unit";
    const std::string today = detail::beijing_text(detail::now_seconds()).substr(0, 10);
    // Each row on its own: a large source in two halves, the second on another thread, its
    // problems listed after the first's.
    const auto check_rows = [&](std::size_t from, std::size_t to, Problems& problems) {
        for (std::size_t r = from; r < to; ++r) {
            Row& row = m_rows[r];
            for (std::size_t i = 0; i < table->fields.size(); ++i) {
                const FieldDef& f = table->fields[i];
                auto& v = row.values[i];
                if (!v) {
                    if (f.required && !row.refused) {
                        problems.add(label(row) + ", field '" + std::string(f.name) +
                                     "': empty, but required");
                    }
                    continue;
                }
                if (const auto bad = detail::first_invalid_utf8(*v)) {
                    problems.add(label(row) + ", field '" + std::string(f.name) +
                                 "': not UTF-8 text (bytes " + detail::hex_bytes(*v, *bad) + ")" +
                                 (detail::takes_encoding(o.source)
                                      ? "; give the source's encoding with --source-encoding"
                                      : ""));
                    v.reset();
                } else if (const std::string err = normalise(f, *v); !err.empty()) {
                    problems.add(label(row) + ", field '" + std::string(f.name) + "': " + err);
                } else if (!allowed_value(f, *v)) {
                    problems.add(label(row) + ", field '" + std::string(f.name) + "': '" + *v +
                                 "' is not one of " + std::string(f.allowed));
                } else if (f.type == FieldType::date && seed_log) {
                    if (const std::string problem = record_date_problem(*v, today);
                        !problem.empty()) {
                        problems.add(label(row) + ", field '" + std::string(f.name) + "': '" + *v +
                                     "' " + problem);
                    }
                }
            }
        }
    };
    const std::size_t half = m_rows.size() >= bulk_rows && detail::analysis_threads() >= 2
                                 ? m_rows.size() / 2
                                 : m_rows.size();
    Problems second(o.source);
    std::exception_ptr failed;
    std::thread other;
    if (half < m_rows.size()) {
        other = std::thread([&] {
            try {
                check_rows(half, m_rows.size(), second);
            } catch (...) {
                failed = std::current_exception();
            }
        });
    }
    try {
        check_rows(0, half, m_problems);
    } catch (...) {
        if (other.joinable()) {
            other.join();
        }
        throw;
    }
    if (other.joinable()) {
        other.join();
    }
    if (failed) {
        std::rethrow_exception(failed);
    }
    m_problems.append(std::move(second));

    if (table->name == "issue") {
        check_issue_fields(*table, m_rows, m_problems);
    }
}

void Import::transform() {
    const TableDef* table = &m_table;
    const ImportOptions& o = m_o;
    std::vector<Row>& rows = m_rows;
    const Offset offset = m_offset;
    m_epsg = m_p.epsg;
    // Working CRS: chosen from the data's centre at the first spatial import.
    if (m_epsg == 0) {
        OGREnvelope env;
        for (const Row& row : rows) {
            OGREnvelope e;
            if (row.geom && (row.geom->getEnvelope(&e), inside(plausible, e))) {
                env.Merge(e); // not 1e200: its feature is refused by the working CRS's extent
            }
        }
        double cx = (env.MinX + env.MaxX) / 2;
        double cy = (env.MinY + env.MaxY) / 2;
        const OGRSpatialReference wgs = detail::srs_from_epsg(4326);
        detail::TransformPtr to_wgs(OGRCreateCoordinateTransformation(&m_source_srs, &wgs));
        if (!to_wgs || !to_wgs->Transform(1, &cx, &cy)) {
            throw InputError(o.source + ": cannot transform its CRS to lon/lat");
        }
        m_epsg = default_working_epsg({cx, cy});
        m_report.notes.push_back("working CRS set to EPSG:" + std::to_string(m_epsg) + " (" +
                                 crs_name(m_epsg) + ") from the data's centre");
    }
    const int epsg = m_epsg;
    const OGRSpatialReference target = detail::srs_from_epsg(epsg);
    detail::TransformPtr transform;
    {
        GdalErrorCapture errors;
        transform.reset(OGRCreateCoordinateTransformation(&m_source_srs, &target));
        if (!transform) {
            throw InputError(o.source + ": no transformation from its CRS to EPSG:" +
                             std::to_string(epsg) + " (" + errors.last() + ")");
        }
    }
    // Source already in the working CRS (the same CRS, the same axis order): no coordinate is
    // changed, so none is passed through PROJ (5 ms of a 100k building import).
    const bool same_crs =
        m_source_srs.IsSame(&target) &&
        m_source_srs.GetDataAxisToSRSAxisMapping() == target.GetDataAxisToSRSAxisMapping();
    if (m_prefetch.joinable()) {
        m_prefetch.join();
    }
    const Extent usable = usable_extent(epsg);
    char usable_text[200];
    std::snprintf(usable_text, sizeof usable_text,
                  "the area where the working CRS EPSG:%d is used (x %.0f to %.0f, y %.0f to "
                  "%.0f)",
                  epsg, usable.min_x, usable.max_x, usable.min_y, usable.max_y);
    // Reprojection and validity, split over every core in contiguous chunks (one GEOS
    // context and one transformation each); problems and repairs are merged in row order.
    struct Chunk {
        Problems problems;
        ImportReport report;
    };
    // Without pieces to merge, the rows' geometries are final here: their stored type, GEOS
    // copy and blob are made by the same threads (GEOS geometries belong to m_ctx: they are
    // destroyed after these threads' contexts).
    const bool prepare = m_merge_index < 0;
    const bool with_geos =
        table->name == "building" ||
        std::any_of(table->fields.begin(), table->fields.end(),
                    [](const FieldDef& f) { return f.infer_spatially && f.link_table.empty(); });
    const bool with_blobs = m_p.pg == nullptr && rows.size() >= bulk_rows;
    if (prepare) {
        m_stored.resize(rows.size());
    }
    auto check_rows = [&](GEOSContextHandle_t chunk_ctx, OGRCoordinateTransformation* ct,
                          std::size_t from, std::size_t to, Chunk& out) {
        GdalErrorCapture quiet; // PROJ's complaints become the feature's problem below
        for (std::size_t r = from; r < to; ++r) {
            Row& row = rows[r];
            if (!row.geom) {
                continue;
            }
            if (offset != Offset::none) {
                for_each_point(*row.geom, [offset](double& x, double& y) {
                    const LonLat w =
                        offset == Offset::gcj02 ? gcj02_to_wgs84({x, y}) : bd09_to_wgs84({x, y});
                    x = w.lon;
                    y = w.lat;
                });
            }
            if (!same_crs && row.geom->transform(ct) != OGRERR_NONE) {
                out.problems.add(label(row) +
                                 ": coordinates cannot be transformed to the working CRS");
                row.geom.reset();
                continue;
            }
            if (OGREnvelope e; row.geom->getEnvelope(&e), !inside(usable, e)) {
                out.problems.add(label(row) + ": lies at " + format_xy(e.MinX, e.MinY) +
                                 ", outside " + usable_text + ": wrong coordinates or wrong CRS?");
                row.geom.reset();
                continue;
            }
            if (table->geometry == GeometryKind::polygon &&
                !check_polygon_validity(chunk_ctx, row, o, table->key, out.problems, out.report)) {
                row.geom.reset();
                continue;
            }
            if (prepare) {
                // What write() stores and computes on: here, on every core, not after.
                row.geom = to_stored(std::move(row.geom), table->geometry);
                StoredGeometry& stored = m_stored[r];
                if (with_geos && !row.geom->IsEmpty()) {
                    stored.geos = Geom(m_ctx, row.geom->exportToGEOS(chunk_ctx));
                }
                if (with_blobs) {
                    row.geom->getEnvelope(&stored.envelope);
                    detail::append_gpkg_blob(stored.blob, *row.geom, 0);
                }
            }
        }
    };
    std::size_t workers = std::min<std::size_t>(detail::analysis_threads(), rows.size() / 2048 + 1);
    std::vector<detail::TransformPtr> clones;
    for (std::size_t w = 1; w < workers; ++w) {
        clones.emplace_back(transform->Clone());
        if (!clones.back()) {
            workers = 1; // not clonable: one thread
        }
    }
    std::vector<Chunk> chunks(workers, Chunk{Problems(o.source), {}});
    const std::size_t step = (rows.size() + workers - 1) / workers;
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) {
        pool.emplace_back([&, w] {
            GeosContext chunk_ctx;
            check_rows(chunk_ctx, clones[w - 1].get(), std::min(rows.size(), w * step),
                       std::min(rows.size(), (w + 1) * step), chunks[w]);
        });
    }
    check_rows(m_ctx, transform.get(), 0, std::min(rows.size(), step), chunks[0]);
    for (std::thread& t : pool) {
        t.join();
    }
    for (Chunk& c : chunks) {
        m_problems.append(std::move(c.problems));
        for (std::string& line : c.report.repaired) {
            m_report.repaired.push_back(std::move(line));
        }
    }
}

/// Dissolves the pieces that share the merge field into the first of them.
void Import::merge_pieces() {
    const ImportOptions& o = m_o;
    std::vector<Row>& rows = m_rows;
    GEOSContextHandle_t ctx = m_ctx;
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].merge_value.empty()) {
            m_problems.add(label(rows[i]) + ", field '" + o.merge_by +
                           "': empty, cannot merge by it");
        } else {
            groups[rows[i].merge_value].push_back(i);
        }
    }
    std::vector<bool> drop(rows.size(), false);
    for (auto& [value, members] : groups) {
        if (members.size() < 2) {
            continue;
        }
        Row& first = rows[members.front()];
        if (m_spatial) {
            std::vector<GEOSGeometry*> parts;
            for (std::size_t m : members) {
                if (rows[m].geom) {
                    parts.push_back(rows[m].geom->exportToGEOS(ctx));
                }
            }
            Geom coll(ctx, GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                       static_cast<unsigned>(parts.size())));
            Geom merged(ctx, GEOSUnaryUnion_r(ctx, coll.get()));
            if (!merged) {
                m_problems.add(label(first) + ": cannot merge " + std::to_string(members.size()) +
                               " pieces with " + o.merge_by + " '" + value +
                               "': " + m_ctx.last_error());
                continue;
            }
            first.geom = from_geos(ctx, merged.get());
        }
        for (std::size_t k = 1; k < members.size(); ++k) {
            drop[members[k]] = true;
        }
        m_report.merged += static_cast<std::int64_t>(members.size() - 1);
    }
    std::size_t w = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!drop[i]) {
            if (w != i) {
                rows[w] = std::move(rows[i]);
            }
            ++w;
        }
    }
    rows.resize(w);
}

/// Keys and references, each into its own list of problems (keys first, as they are reported):
/// the keys in use are read here, then the source's keys are checked on a second thread while
/// the references are checked on this one (they read the rows' keys, and change only values).
void Import::check_keys_and_references() {
    Problems key_problems(m_o.source);
    Problems reference_problems(m_o.source);
    const bool keyed = !m_table.key.empty();
    KeyIndex existing;
    if (keyed && !m_o.replace) {
        existing = load_keys(m_p, m_table, false);
    }
    if (!keyed || m_rows.size() < bulk_rows || detail::analysis_threads() < 2) {
        if (keyed) {
            check_keys(existing, key_problems);
        }
        check_references(reference_problems);
    } else {
        std::exception_ptr failed;
        std::thread keys([&] {
            try {
                check_keys(existing, key_problems);
            } catch (...) {
                failed = std::current_exception();
            }
        });
        try {
            check_references(reference_problems);
        } catch (...) {
            keys.join();
            throw;
        }
        keys.join();
        if (failed) {
            std::rethrow_exception(failed);
        }
    }
    m_problems.append(std::move(key_problems));
    m_problems.append(std::move(reference_problems));
}

/// Keys are unique in the source and, unless --replace or updating by key, new to the project
/// (`existing`: its keys, none with --replace).
void Import::check_keys(const KeyIndex& existing, Problems& problems) const {
    const TableDef* table = &m_table;
    // The rows seen so far by key: an open-addressing table of row numbers (4 bytes a slot)
    // rather than a node per key (a 3M-row register's map was 170 MB the kernel clears first).
    std::size_t capacity = 16;
    while (capacity < 2 * m_rows.size()) {
        capacity *= 2;
    }
    std::vector<std::uint32_t> slots(capacity, 0); // row number + 1; 0: empty
    const std::size_t mask = capacity - 1;
    const std::hash<std::string_view> hash;
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        const Row& row = m_rows[r];
        if (row.key.empty() || detail::first_invalid_utf8(row.key)) {
            continue; // not UTF-8: refused as a value already
        }
        std::size_t i = hash(row.key) & mask;
        const Row* first = nullptr;
        while (slots[i] != 0) {
            const Row& other = m_rows[slots[i] - 1];
            if (other.key == row.key) {
                first = &other;
                break;
            }
            i = (i + 1) & mask;
        }
        if (first != nullptr) {
            problems.add(label(row) + ", field '" + std::string(table->key) + "': '" + row.key +
                         "' repeats feature " + std::to_string(first->ordinal) +
                         (m_spatial ? " (pieces of one feature? --merge-by " +
                                          std::string(table->key) + " dissolves them)"
                                    : ""));
            continue;
        }
        slots[i] = static_cast<std::uint32_t>(r + 1);
        if (existing.keys.contains(row.key) && (!detail::updates_by_key(*table) || m_auto_key)) {
            problems.add(label(row) + ", field '" + std::string(table->key) + "': '" + row.key +
                         "' is already in the project (use --replace to replace the layer)");
        }
    }
}

/// References must resolve: by key, or by name where the field allows it.
void Import::check_references(Problems& problems) {
    const TableDef* table = &m_table;
    std::map<std::string, KeyIndex> indexes;
    auto index_of = [&](std::string_view ref, bool names) -> KeyIndex& {
        const std::string k = std::string(ref) + (names ? "+names" : "");
        auto it = indexes.find(k);
        if (it == indexes.end()) {
            KeyIndex idx;
            const TableDef* rt = find_table(ref);
            if (!(m_o.replace && rt->name == table->name)) {
                idx = load_keys(m_p, *rt, names);
            }
            if (rt->name == table->name) {
                for (const Row& row : m_rows) {
                    idx.keys.insert(row.key);
                }
            }
            for (const detail::NewUnit& u : m_made.units) {
                if (rt->name == "unit") {
                    idx.keys.insert(u.id);
                }
            }
            it = indexes.emplace(k, std::move(idx)).first;
        }
        return it->second;
    };
    const std::size_t role_pos = [&] {
        for (std::size_t i = 0; i < table->fields.size(); ++i) {
            if (table->fields[i].name == "role") {
                return i;
            }
        }
        return table->fields.size();
    }();
    // The index of each field whose table is fixed, found once (std::map entries stay put).
    std::vector<KeyIndex*> fixed(table->fields.size(), nullptr);
    std::vector<std::pair<const KeyIndex*, const std::string*>> found(table->fields.size(),
                                                                      {nullptr, nullptr});
    for (Row& row : m_rows) {
        for (std::size_t i = 0; i < table->fields.size(); ++i) {
            const FieldDef& f = table->fields[i];
            auto& v = row.values[i];
            if (!v) {
                continue;
            }
            std::string_view ref = f.references;
            const bool by_role = table->name == "role_assignment" && f.name == "target";
            if (by_role && row.values[role_pos]) {
                ref = role_target_table(*row.values[role_pos]);
            }
            if (ref.empty()) {
                continue;
            }
            if (fixed[i] == nullptr || by_role) {
                fixed[i] = &index_of(ref, f.match_name);
            }
            KeyIndex& idx = *fixed[i];
            // Registers list the rows of one building together: the value found last in this
            // index is found again without hashing it.
            if (found[i].first == &idx && *found[i].second == *v) {
                continue;
            }
            if (idx.keys.contains(*v)) {
                found[i] = {&idx, &*v};
                continue;
            }
            if (f.match_name) {
                auto it = idx.key_by_name.find(*v);
                if (it != idx.key_by_name.end() && !it->second.empty()) {
                    v = it->second;
                    continue;
                }
                if (it != idx.key_by_name.end()) {
                    problems.add(label(row) + ", field '" + std::string(f.name) + "': name '" + *v +
                                 "' matches several " + std::string(ref) + " rows; give the " +
                                 std::string(find_table(ref)->key) + " instead");
                    continue;
                }
            }
            problems.add(label(row) + ", field '" + std::string(f.name) + "': no " +
                         std::string(ref) + " with " + std::string(find_table(ref)->key) +
                         (f.match_name ? " or name" : "") + " '" + *v + "'");
        }
    }
}

/// Rows already in the project: updated when they differ, left as they are otherwise.
void Import::drop_unchanged() {
    if (m_o.replace || m_auto_key) { // keys from row positions never update a row
        return;
    }
    m_register_rows.clear();
    for (Row& row : m_rows) {
        m_register_rows.push_back({&row.values, &row.compound, &row.key, {}});
    }
    const auto changes =
        detail::compare_with_project(m_p, m_table, m_layer_fields.front(), m_register_rows);
    m_register_rows.clear();
    if (std::none_of(changes.begin(), changes.end(),
                     [](detail::RowChange c) { return c == detail::RowChange::unchanged; })) {
        // Every row is written: flagged in place (a copy of a city's rows is memory the
        // kernel must first clear, page by page).
        for (std::size_t r = 0; r < m_rows.size(); ++r) {
            m_rows[r].update = changes[r] == detail::RowChange::updated;
        }
        return;
    }
    std::vector<Row> kept;
    kept.reserve(m_rows.size());
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        if (changes[r] == detail::RowChange::unchanged) {
            ++m_report.unchanged;
        } else {
            m_rows[r].update = changes[r] == detail::RowChange::updated;
            kept.push_back(std::move(m_rows[r]));
        }
    }
    m_rows = std::move(kept);
}

/// Writes everything in the import's transaction and commits.
void Import::write(detail::Transaction& tx) {
    const TableDef* table = &m_table;
    detail::insert_units(m_p, m_made.units);
    if (m_spatial && !m_p.has_feature_tables()) {
        m_p.create_feature_tables(m_epsg);
    }
    if (m_o.replace) {
        m_p.exec("DELETE FROM \"" + std::string(table->name) + "\"");
        for (const FieldDef& f : table->fields) {
            if (!f.link_table.empty()) {
                m_p.exec("DELETE FROM \"" + std::string(f.link_table) + "\"");
            }
        }
    }
    const bool prepared = m_stored.size() == m_rows.size(); // by transform()
    if (m_spatial && !prepared) {
        for (Row& row : m_rows) {
            if (row.geom) {
                row.geom = to_stored(std::move(row.geom), table->geometry);
            }
        }
    }
    // The new rows' geometries in GEOS, converted once for their parents and their cells (an
    // empty one for a row without geometry: those rows are inferred after the insert).
    std::vector<Geom> geos;
    const bool infers =
        std::any_of(table->fields.begin(), table->fields.end(),
                    [](const FieldDef& f) { return f.infer_spatially && f.link_table.empty(); });
    if (m_spatial && (infers || table->name == "building")) {
        geos.reserve(m_rows.size());
        for (std::size_t r = 0; r < m_rows.size(); ++r) {
            const Row& row = m_rows[r];
            if (prepared) {
                geos.push_back(std::move(m_stored[r].geos));
            } else {
                geos.emplace_back(m_ctx, row.geom && !row.geom->IsEmpty()
                                             ? row.geom->exportToGEOS(m_ctx)
                                             : nullptr);
            }
        }
    }
    const std::map<std::string_view, Inferred> inferred_before = infer_parents_before(geos);
    m_clock.done("infer parents");
    std::optional<CellsBefore> cells;
    if (m_spatial && table->name == "building") {
        cells = cells_before_insert(m_p, m_rows, geos);
        m_clock.done("assign cells");
    }
    geos.clear();
    // From the bulk size on, the indexes are built after the rows: the reference indexes, and
    // when every row is new (keys checked) the key index and the link tables' indexes too.
    std::vector<DeferredIndexes> deferred_indexes;
    if (m_rows.size() >= bulk_rows) {
        const bool all_new =
            m_p.pg == nullptr &&
            std::none_of(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.update; });
        deferred_indexes.emplace_back(m_p, table->name, all_new && !table->key.empty());
        for (const FieldDef& f : table->fields) {
            if (all_new && !f.link_table.empty()) {
                deferred_indexes.emplace_back(m_p, f.link_table);
            }
        }
    }
    insert_rows(cells);
    m_clock.done("write");
    if (m_o.replace && !table->key.empty()) {
        check_orphans();
    }
    infer_after(inferred_before);
    if (m_spatial && !cells) {
        detail::update_assignment(m_p, table->name); // what this table can change
    }
    m_clock.done("infer children");
    for (DeferredIndexes& d : deferred_indexes) {
        d.finish();
    }
    tx.commit();
    m_clock.done("commit");
}

/// This table's own spatial parents (building.community, building.compound ...) where the
/// source gives none: for the new rows on their geometries in memory, for the stored rows that
/// still wait for one from the table (those only). One count per field.
std::map<std::string_view, Inferred> Import::infer_parents_before(const std::vector<Geom>& geos) {
    std::map<std::string_view, Inferred> out;
    if (!m_spatial) {
        return out;
    }
    for (std::size_t i = 0; i < m_table.fields.size(); ++i) {
        const FieldDef& f = m_table.fields[i];
        if (!f.infer_spatially || !f.link_table.empty()) {
            continue;
        }
        if (const auto fresh = infer_before_insert(m_p, m_table, i, m_rows, geos)) {
            const Inferred stored = infer_parent(m_p, m_table, f);
            out.emplace(f.name, Inferred{fresh->assigned + stored.assigned,
                                         fresh->waiting + stored.waiting});
        }
    }
    return out;
}

/// Binds a checked value as OGR binds it: text, 64-bit integers, 0/1, doubles.
void bind_value(detail::Statement& s, int col, const FieldDef& f, const std::string& v) {
    switch (f.type) {
    case FieldType::integer: // normalise() checked it
        s.bind(col, static_cast<std::int64_t>(parse_integer(v).value()));
        break;
    case FieldType::boolean:
        s.bind(col, static_cast<std::int64_t>(v == "1" ? 1 : 0));
        break;
    case FieldType::real:
        s.bind(col, parse_real(v).value());
        break;
    default:
        s.bind(col, v);
        break;
    }
}

/// Inserts the new rows with their link rows, and updates the rows whose key is stored.
/// Attribute rows that are all new, of a table without link or date fields, are inserted with
/// one prepared INSERT on GDAL's SQLite connection instead of an OGR feature each, the values
/// bound as OGR binds them (text, 64-bit integers, 0/1, doubles). GDAL's feature-count trigger
/// is dropped for the insert and created again from its own SQL, the count raised once. Returns
/// false, having written nothing, when the rows do not qualify or the trigger is not there
/// (GDAL then keeps the count itself).
bool Import::insert_rows_sql() {
    const TableDef* table = &m_table;
    if (m_spatial || m_rows.size() < bulk_rows) {
        return false;
    }
    for (const FieldDef& f : table->fields) {
        if (!f.link_table.empty() || f.type == FieldType::datetime || f.type == FieldType::date ||
            f.type == FieldType::binary) {
            return false;
        }
    }
    for (const Row& row : m_rows) {
        if (row.update) {
            return false;
        }
    }
    sqlite3* db = detail::sqlite_handle(m_p);
    const std::string name(table->name);
    const std::string trigger = "trigger_insert_feature_count_" + name;
    std::string trigger_sql;
    {
        detail::Statement q(db,
                            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        q.bind(1, trigger);
        if (!q.step()) {
            return false;
        }
        trigger_sql = q.text(0);
    }
    detail::Statement(db, "DROP TRIGGER \"" + trigger + "\"").step();
    std::vector<std::string> columns;
    for (const FieldDef& f : table->fields) {
        columns.emplace_back(f.name);
    }
    detail::insert_batched(
        db, name, columns, m_rows.size(),
        [&](detail::Statement& insert, std::size_t r, int first) {
            const Row& row = m_rows[r];
            for (std::size_t i = 0; i < table->fields.size(); ++i) {
                const int col = first + static_cast<int>(i);
                if (row.values[i]) {
                    bind_value(insert, col, table->fields[i], *row.values[i]);
                } else {
                    insert.bind_null(col);
                }
            }
        },
        [&](std::size_t, std::size_t n, std::int64_t) {
            m_report.added += static_cast<std::int64_t>(n);
            m_report.imported += static_cast<std::int64_t>(n);
        });
    detail::Statement(db, trigger_sql).step();
    detail::Statement count(db, "UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                                "WHERE lower(table_name) = lower(?)");
    count.bind(1, static_cast<std::int64_t>(m_rows.size()));
    count.bind(2, name);
    count.step();
    detail::touch_contents(db, name);
    return true;
}

/// New features of a GeoPackage (4,096 and more, none updating a stored row, every one with a
/// geometry, no date fields) are inserted with prepared INSERTs on GDAL's SQLite connection
/// instead of an OGR feature each: the geometry blob written as GDAL writes it, the link rows
/// by their own INSERT. GDAL's per-row triggers (the feature counts, the R-tree insert) are
/// dropped for the insert and created again from their own SQL; the counts are raised once,
/// the R-tree is packed in one pass with the new rows (detail::pack_rtree) and the layer's
/// extent in gpkg_contents widened. Returns false, having written nothing, when the rows or
/// the file do not qualify.
bool Import::insert_features_sql(const std::optional<CellsBefore>& cells) {
    const TableDef& table = m_table;
    if (!m_spatial || m_p.pg != nullptr || m_rows.size() < bulk_rows) {
        return false;
    }
    for (const FieldDef& f : table.fields) {
        if (f.type == FieldType::datetime || f.type == FieldType::date ||
            f.type == FieldType::binary) {
            return false;
        }
    }
    for (const Row& row : m_rows) {
        if (row.update || !row.geom || row.geom->IsEmpty()) {
            return false;
        }
    }
    sqlite3* db = detail::sqlite_handle(m_p);
    const std::string name(table.name);
    if (!detail::rtree_packable(db, name)) {
        return false;
    }
    std::int32_t srs_id = 0;
    {
        detail::Statement q(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE "
                                "lower(table_name) = lower(?)");
        q.bind(1, name);
        if (!q.step()) {
            return false;
        }
        srs_id = static_cast<std::int32_t>(q.integer(0));
    }
    // The feature-count triggers of the table and of its link tables: all there, or OGR's path.
    std::vector<std::string> counted{name};
    for (const FieldDef& f : table.fields) {
        if (!f.link_table.empty()) {
            counted.emplace_back(f.link_table);
        }
    }
    {
        detail::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        for (const std::string& t : counted) {
            q.bind(1, "trigger_insert_feature_count_" + t);
            const bool found = q.step();
            q.reset();
            if (!found) {
                return false;
            }
        }
    }
    std::vector<detail::SuspendedTrigger> triggers;
    triggers.reserve(counted.size() + 1);
    for (const std::string& t : counted) {
        triggers.emplace_back(db, "trigger_insert_feature_count_" + t);
    }
    triggers.emplace_back(db, "rtree_" + name + "_geom_insert");

    // The row's columns: the geometry, then every field stored in the table.
    std::vector<std::string> columns{"geom"};
    std::vector<std::size_t> stored;
    std::optional<std::size_t> cell_pos;
    std::optional<std::size_t> share_pos;
    for (std::size_t i = 0; i < table.fields.size(); ++i) {
        const FieldDef& f = table.fields[i];
        if (!f.link_table.empty()) {
            continue;
        }
        if (f.name == "cell") {
            cell_pos = stored.size();
        } else if (f.name == "cell_share") {
            share_pos = stored.size();
        }
        stored.push_back(i);
        columns.emplace_back(f.name);
    }
    std::vector<OGREnvelope> envelopes(m_rows.size());
    std::vector<detail::RTreeEntry> entries;
    entries.reserve(m_rows.size());
    OGREnvelope extent;
    std::string blob;
    detail::insert_batched(
        db, name, columns, m_rows.size(),
        [&](detail::Statement& insert, std::size_t r, int first) {
            const Row& row = m_rows[r];
            if (r < m_stored.size() && !m_stored[r].blob.empty()) {
                // Made by transform() with srs_id 0: the header's bytes 4-7 take the table's.
                std::string& made = m_stored[r].blob;
                std::memcpy(made.data() + 4, &srs_id, sizeof srs_id);
                sqlite3_bind_blob(insert.get(), first, made.data(), static_cast<int>(made.size()),
                                  SQLITE_STATIC);
                envelopes[r] = m_stored[r].envelope;
            } else {
                blob.clear();
                detail::append_gpkg_blob(blob, *row.geom, srs_id);
                sqlite3_bind_blob(insert.get(), first, blob.data(), static_cast<int>(blob.size()),
                                  SQLITE_TRANSIENT);
                row.geom->getEnvelope(&envelopes[r]);
            }
            for (std::size_t c = 0; c < stored.size(); ++c) {
                const std::size_t i = stored[c];
                const int col = first + 1 + static_cast<int>(c);
                if (row.values[i]) {
                    bind_value(insert, col, table.fields[i], *row.values[i]);
                } else if (cells && cells->best[r].parent && cell_pos == c) {
                    insert.bind(col, cells->keys[*cells->best[r].parent]);
                } else if (cells && cells->best[r].parent && share_pos == c) {
                    const detail::Overlap& cell = cells->best[r];
                    insert.bind(col, cell.child_area > 0 ? cell.area / cell.child_area : 1.0);
                } else {
                    insert.bind_null(col);
                }
            }
        },
        [&](std::size_t from, std::size_t n, std::int64_t last_fid) {
            for (std::size_t k = 0; k < n; ++k) {
                const OGREnvelope& e = envelopes[from + k];
                extent.Merge(e);
                entries.push_back(
                    detail::rtree_entry(last_fid - static_cast<std::int64_t>(n - 1 - k), e));
            }
            m_report.added += static_cast<std::int64_t>(n);
            m_report.imported += static_cast<std::int64_t>(n);
        });
    envelopes.clear();
    envelopes.shrink_to_fit();
    // The link rows, in the order of their features (as OGR writes them, one after each).
    struct Link {
        std::size_t field;
        std::int64_t added = 0;
    };
    std::vector<Link> links;
    for (std::size_t i = 0; i < table.fields.size(); ++i) {
        const FieldDef& f = table.fields[i];
        if (f.link_table.empty()) {
            continue;
        }
        std::vector<const Row*> with;
        for (const Row& row : m_rows) {
            if (row.values[i]) {
                with.push_back(&row);
            }
        }
        detail::insert_batched(
            db, std::string(f.link_table), {std::string(f.name), name}, with.size(),
            [&](detail::Statement& insert, std::size_t r, int first) {
                insert.bind(first, *with[r]->values[i]);
                insert.bind(first + 1, with[r]->key);
            },
            [](std::size_t, std::size_t, std::int64_t) {});
        links.push_back({i, static_cast<std::int64_t>(with.size())});
        m_report.links += static_cast<std::int64_t>(with.size());
    }
    detail::pack_rtree(db, name, std::move(entries));
    for (detail::SuspendedTrigger& t : triggers) {
        t.restore();
    }
    detail::add_feature_count(db, name, static_cast<std::int64_t>(m_rows.size()));
    detail::touch_contents(db, name);
    for (const Link& link : links) {
        if (link.added > 0) {
            const std::string link_table(table.fields[link.field].link_table);
            detail::add_feature_count(db, link_table, link.added);
            detail::touch_contents(db, link_table);
        }
    }
    detail::widen_extent(db, name, extent);
    return true;
}

void Import::insert_rows(const std::optional<CellsBefore>& cells) {
    const TableDef* table = &m_table;
    if (insert_rows_sql() || insert_features_sql(cells)) {
        return;
    }
    OGRLayer* out = m_p.layer(table->name);
    // GDAL's messages of a failed write go into the one error thrown below, not to stderr (a
    // lost database connection is then said once: gridmap/database_fault.hpp).
    GdalErrorCapture errors;
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        Row& row = m_rows[r];
        if (row.update) {
            detail::update_row(m_p, *table, m_layer_fields.front(), row.values);
            ++m_report.updated;
            ++m_report.imported;
            continue;
        }
        ++m_report.added;
        FeaturePtr feat(OGRFeature::CreateFeature(out->GetLayerDefn()));
        if (cells && cells->best[r].parent) {
            const detail::Overlap& cell = cells->best[r];
            feat->SetField("cell", cells->keys[*cell.parent].c_str());
            feat->SetField("cell_share", cell.child_area > 0 ? cell.area / cell.child_area : 1.0);
        }
        for (std::size_t i = 0; i < table->fields.size(); ++i) {
            const FieldDef& f = table->fields[i];
            if (row.values[i] && f.link_table.empty()) {
                set_value(*feat, f, *row.values[i]);
            }
        }
        if (m_spatial && row.geom) {
            feat->SetGeometryDirectly(row.geom.release());
        }
        if (out->CreateFeature(feat.get()) != OGRERR_NONE) {
            throw LibraryError(m_p.path + ": cannot write " + label(row) + ": " +
                               (errors.last().empty() ? CPLGetLastErrorMsg() : errors.last()));
        }
        ++m_report.imported;
        for (std::size_t i = 0; i < table->fields.size(); ++i) {
            const FieldDef& f = table->fields[i];
            if (f.link_table.empty() || !row.values[i]) {
                continue;
            }
            OGRLayer* link = m_p.layer(f.link_table);
            FeaturePtr lf(OGRFeature::CreateFeature(link->GetLayerDefn()));
            lf->SetField(std::string(f.name).c_str(), row.values[i]->c_str());
            lf->SetField(std::string(table->name).c_str(), row.key.c_str());
            if (link->CreateFeature(lf.get()) != OGRERR_NONE) {
                throw LibraryError(m_p.path + ": cannot write " + std::string(f.link_table));
            }
            ++m_report.links;
        }
    }
}

/// Replacing must not orphan rows of other tables that reference this one.
void Import::check_orphans() {
    const TableDef* table = &m_table;
    Problems orphans(m_p.path);
    for (const TableDef& t : schema_tables()) {
        for (const FieldDef& f : t.fields) {
            if (f.references != table->name || !f.link_table.empty() || f.computed) {
                continue;
            }
            const std::string sql = "SELECT \"" + std::string(f.name) + "\" FROM \"" +
                                    std::string(t.name) + "\" WHERE \"" + std::string(f.name) +
                                    "\" IS NOT NULL AND \"" + std::string(f.name) +
                                    "\" NOT IN (SELECT \"" + std::string(table->key) +
                                    "\" FROM \"" + std::string(table->name) + "\")";
            for (const auto& v : m_p.strings(sql)) {
                orphans.add(std::string(t.name) + "." + std::string(f.name) + " '" + v +
                            "' would no longer exist after --replace");
            }
        }
    }
    orphans.throw_if_any();
}

/// Spatial parents, reported in schema order: this table's (inferred before the insert, or
/// now from the stored rows when that could not be), and the stored children of other tables
/// waiting for this one.
void Import::infer_after(const std::map<std::string_view, Inferred>& before) {
    for (const TableDef& t : schema_tables()) {
        for (const FieldDef& f : t.fields) {
            if (!f.infer_spatially || (t.name != m_table.name && f.references != m_table.name)) {
                continue;
            }
            const auto it = before.find(f.name);
            const Inferred n =
                t.name == m_table.name && it != before.end() ? it->second : infer_parent(m_p, t, f);
            if (std::string line = inferred_line(t.name, f.name, f.references, n); !line.empty()) {
                m_report.inferred.push_back(std::move(line));
            }
        }
    }
}

} // namespace

ImportReport import_layer(Project& project, const ImportOptions& o) {
    detail::ProjectImpl& p = detail::writable(project);
    const TableDef* table = find_table(o.table);
    if (table != nullptr && table->computed) {
        throw InputError("layer '" + o.table + "' is computed by Gridmap and cannot be imported");
    }
    if (table == nullptr || table->name == "settings") {
        std::string names;
        for (const TableDef& t : schema_tables()) {
            if (t.name != "settings" && !t.computed) {
                names += (names.empty() ? "" : ", ") + std::string(t.name);
            }
        }
        throw InputError("unknown layer '" + o.table + "'; layers are: " + names);
    }
    // Registers are often all text, which GDAL cannot tell from a header: row 1 is the header.
    const detail::ScopedConfigOption xlsx_headers("OGR_XLSX_HEADERS", "FORCE");
    const detail::ScopedConfigOption ods_headers("OGR_ODS_HEADERS", "FORCE");
    return Import(p, o, *table).run();
}

} // namespace gridmap
