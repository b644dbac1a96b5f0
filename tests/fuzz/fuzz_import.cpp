// libFuzzer harness of one import path; GRIDMAP_FUZZ_FORMAT (geojson, csv, xlsx, gpkg, shapefile,
// open311) chooses which at compile time, tests/fuzz/CMakeLists.txt builds one binary for each.
//
// Every input is written to /vsimem/ and imported into a fresh copy of a small template project
// (the fixture of tests/data: community, cells, compounds, party branch, people, party groups,
// buildings, units), made once per process in a private directory on tmpfs. InputError and
// ProjectError are the expected answers to bad input. Anything else is a finding and aborts, so
// that libFuzzer keeps the input: a LibraryError or another exception (user data must never give
// exit 3), a crash, a sanitizer report or a leak. After an import that succeeds, the project is
// checked (gridmap check) and exported as JSON: no command may store what a later one cannot
// read.

#include "gridmap/check.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"
#include "gridmap/workorder.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <typeinfo>
#include <unistd.h>
#include <vector>

#ifndef GRIDMAP_FUZZ_FORMAT
#error "define GRIDMAP_FUZZ_FORMAT"
#endif

namespace fs = std::filesystem;

namespace {

constexpr std::string_view format = GRIDMAP_FUZZ_FORMAT;

/// A Shapefile input holds its files one after another in this order, each before a separator
/// line (tests/fuzz/make-corpus writes them); missing parts are simply not written.
constexpr std::string_view shapefile_separator = "\n--gridmap-fuzz-next-file--\n";
constexpr const char* shapefile_parts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};

struct State {
    fs::path dir; ///< private working directory, removed at exit
    fs::path template_project;
    fs::path project;                       ///< the copy each input is imported into
    std::vector<std::string> filled_tables; ///< tables of the template that hold rows
};

State& state() {
    static State s;
    return s;
}

void remove_dir() {
    std::error_code ec;
    fs::remove_all(state().dir, ec);
}

[[noreturn]] void finding(const char* kind, const std::string& what) {
    std::fprintf(stderr, "\n==gridmap-fuzz== FINDING (%s) in the %.*s import: %s\n", kind,
                 static_cast<int>(format.size()), format.data(), what.c_str());
    std::fflush(stderr);
    remove_dir(); // abort() skips atexit
    std::abort();
}

void build_template(const fs::path& path) {
    const std::string data = GRIDMAP_TEST_DATA;
    gridmap::Project p = gridmap::Project::create(path.string(), 0);
    const std::pair<const char*, const char*> layers[] = {
        {"community", "community.geojson"}, {"cell", "cell.geojson"},
        {"compound", "compound.geojson"},   {"party_branch", "party_branch.csv"},
        {"person", "person.csv"},           {"party_group", "party_group.csv"},
        {"building", "building.geojson"},   {"unit", "unit.csv"}};
    for (const auto& [table, file] : layers) {
        gridmap::ImportOptions o;
        o.table = table;
        o.source = data + "/" + file;
        gridmap::import_layer(p, o);
        state().filled_tables.emplace_back(table);
    }
}

void set_up() {
    State& s = state();
    // tmpfs when there is one: every input copies the template and writes to it.
    std::string base = "/dev/shm";
    if (::access(base.c_str(), W_OK) != 0) {
        const char* tmp = std::getenv("TMPDIR");
        base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    }
    std::string pattern = base + "/gridmap-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::perror("gridmap-fuzz: mkdtemp");
        std::exit(1);
    }
    s.dir = pattern;
    std::atexit(remove_dir);
    s.template_project = s.dir / "template.gpkg";
    s.project = s.dir / "run.gpkg";
    // Quiet: GDAL would print every warning about every broken input.
    CPLSetErrorHandler(CPLQuietErrorHandler);
    // The template is made from the fixture; a failure here is a broken build, not a finding.
    try {
        build_template(s.template_project);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gridmap-fuzz: cannot build the template project: %s\n", e.what());
        std::exit(1);
    }
}

/// A fresh copy of the template (and no journal left by an earlier input).
void fresh_project() {
    const State& s = state();
    std::error_code ec;
    for (const char* suffix : {"-journal", "-wal", "-shm", ".editor"}) {
        fs::remove(s.project.string() + suffix, ec);
    }
    fs::copy_file(s.template_project, s.project, fs::copy_options::overwrite_existing);
}

void write_vsimem(const std::string& path, const std::uint8_t* data, std::size_t size) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    if (f == nullptr) {
        finding("harness", "cannot write " + path);
    }
    if (size > 0 && VSIFWriteL(data, 1, size, f) != size) {
        finding("harness", "cannot write " + path);
    }
    VSIFCloseL(f);
}

/// Writes the input where the import will read it; returns the source path.
std::string write_input(const std::uint8_t* data, std::size_t size) {
    const std::string dir = "/vsimem/gridmap-fuzz";
    if (format == "shapefile") {
        const std::string_view all(reinterpret_cast<const char*>(data), size);
        std::size_t from = 0;
        for (const char* ext : shapefile_parts) {
            if (from > all.size()) {
                break;
            }
            std::size_t to = all.find(shapefile_separator, from);
            if (to == std::string_view::npos) {
                to = all.size();
            }
            write_vsimem(dir + "/input" + ext, data + from, to - from);
            from = to + shapefile_separator.size();
        }
        return dir + "/input.shp";
    }
    const std::string path = dir + "/input." + std::string(format == "open311" ? "json" : format);
    write_vsimem(path, data, size);
    return path;
}

void remove_input() {
    VSIRmdirRecursive("/vsimem/gridmap-fuzz");
}

int score_field_match(const gridmap::TableDef& t, OGRFeatureDefn& defn) {
    int score = 0;
    for (const gridmap::FieldDef& f : t.fields) {
        if (f.computed) {
            continue;
        }
        const std::string name(f.name);
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (EQUAL(defn.GetFieldDefn(i)->GetNameRef(), name.c_str())) {
                score += 2;
                break;
            }
        }
    }
    return score;
}

/// The kind of table a layer fits: polygons, lines, points, or none for a table of attributes
/// (a layer of unknown geometry type that has a geometry field counts as polygons).
gridmap::GeometryKind kind_of(OGRwkbGeometryType type, bool has_geometry) {
    switch (wkbFlatten(type)) {
    case wkbPoint:
    case wkbMultiPoint:
        return gridmap::GeometryKind::point;
    case wkbLineString:
    case wkbMultiLineString:
        return gridmap::GeometryKind::line;
    case wkbNone:
        return has_geometry ? gridmap::GeometryKind::polygon : gridmap::GeometryKind::none;
    default:
        return gridmap::GeometryKind::polygon;
    }
}

struct Target {
    std::string table;
    std::string layer; ///< empty when the source has one layer
};

/// The table whose fields the source matches best (a layer named like a table wins), so that
/// every seed goes as deep as its fixture allows. The geometry type counts more than one field:
/// a source of points goes to a table of points.
Target choose_target(const std::string& source) {
    Target best{format == "csv" || format == "xlsx" ? "household" : "building", ""};
    GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              nullptr, nullptr, nullptr));
    if (!ds || ds->GetLayerCount() == 0) {
        return best; // the import says what is wrong with it
    }
    OGRLayer* layer = ds->GetLayer(0);
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        if (OGRLayer* l = ds->GetLayer(i);
            l != nullptr && gridmap::find_table(l->GetName()) != nullptr) {
            layer = l;
            break;
        }
    }
    if (layer == nullptr) {
        return best;
    }
    if (ds->GetLayerCount() > 1) {
        best.layer = layer->GetName();
    }
    OGRFeatureDefn& defn = *layer->GetLayerDefn();
    const gridmap::GeometryKind kind = kind_of(layer->GetGeomType(), defn.GetGeomFieldCount() > 0);
    int best_score = -1;
    for (const gridmap::TableDef& t : gridmap::schema_tables()) {
        if (t.computed || t.name == "settings") {
            continue;
        }
        int score = score_field_match(t, defn);
        score += t.geometry == kind ? 3 : 0;
        score += t.name == layer->GetName() ? 100 : 0;
        if (score > best_score) {
            best_score = score;
            best.table = std::string(t.name);
        }
    }
    return best;
}

/// What later commands do with an imported project: they must not fail on it.
void use_project(const gridmap::Project& p) {
    gridmap::CheckOptions co;
    co.threads = 1;
    const gridmap::CheckResult r = gridmap::check_project(p, co);
    (void)gridmap::check_to_json(r);
    (void)gridmap::check_to_text(r);
    (void)gridmap::issues_to_open311(gridmap::list_issues(p));
}

/// GRIDMAP_FUZZ_VERBOSE=1 prints what became of each input (to see how deep the seeds go).
void tell(const std::string& what) {
    static const bool verbose = std::getenv("GRIDMAP_FUZZ_VERBOSE") != nullptr;
    if (verbose) {
        std::fprintf(stderr, "gridmap-fuzz: %s\n", what.c_str());
    }
}

void run_one(const std::uint8_t* data, std::size_t size) {
    fresh_project();
    gridmap::Project p = gridmap::Project::open(state().project.string());
    if (format == "open311") {
        const std::string text(reinterpret_cast<const char*>(data), size);
        tell("open311: imported " +
             std::to_string(gridmap::import_open311(p, text, "", "fuzz.json")));
    } else {
        const std::string source = write_input(data, size);
        const Target target = choose_target(source);
        gridmap::ImportOptions o;
        o.table = target.table;
        o.source = source;
        o.source_layer = target.layer;
        // A table of the template is replaced, so that a seed of it is not refused at once for
        // keys already in the project.
        const auto& filled = state().filled_tables;
        o.replace = std::find(filled.begin(), filled.end(), o.table) != filled.end();
        const gridmap::ImportReport r = gridmap::import_layer(p, o);
        tell(o.table + ": imported " + std::to_string(r.imported));
    }
    use_project(p);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    set_up();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        run_one(data, size);
    } catch (const gridmap::InputError& e) {
        tell(std::string("refused: ") + e.what()); // expected: bad input is refused
    } catch (const gridmap::ProjectError& e) {
        tell(std::string("project error: ") + e.what()); // expected, e.g. a newer schema
    } catch (const gridmap::LibraryError& e) {
        finding("LibraryError on user data", e.what());
    } catch (const std::exception& e) {
        finding(typeid(e).name(), e.what());
    } catch (...) {
        finding("unknown exception", "");
    }
    remove_input();
    return 0;
}
