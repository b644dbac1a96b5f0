#include "gridmap/grid.hpp"

#include "detail/analysis.hpp"
#include "detail/overlay.hpp"
#include "detail/project_impl.hpp"
#include "detail/spatial_write.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"
#include "gridmap/text.hpp"

// Boost.Geometry 1.74's envelope of multi-geometries (used inside its overlays) trips GCC 12's
// maybe-uninitialized analysis: a false positive in the library's own code, silenced for it only.
#pragma GCC diagnostic push
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace gridmap {

namespace {

namespace bg = boost::geometry;
// Counter-clockwise outer rings (as GEOS and OGC write them), closed rings. bg::correct() fixes
// whatever orientation the input has.
using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point, false, true>;
using Ring = Polygon::ring_type;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;

using detail::Geom;

constexpr int max_sequence = 999;
/// Lattice cells looked at before clipping; more means the size is far too small.
constexpr double max_lattice_cells = 250000;
/// Polygon parts below this area are overlay rounding noise, not pieces.
constexpr double noise_m2 = 1e-6;

double setting_or(const detail::ProjectImpl& p, const char* key, double fallback) {
    return detail::setting_number(p, key, fallback);
}

// ---------------------------------------------------------------------------------------------
// GEOS <-> Boost.Geometry

/// Boost.Geometry computes in a local frame: coordinates minus an origin near the community
/// (a whole kilometre). Projected coordinates are in the millions of metres; subtracting the
/// origin keeps the overlays' arithmetic well away from the limits of double precision.
/// Subtraction and addition of the same origin give the same result for the same input, so
/// cells that share a vertex in the working CRS share it in the frame too.
struct Frame {
    double ox = 0;
    double oy = 0;
};

Frame frame_for(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    double x = 0;
    double y = 0;
    GEOSGeom_getXMin_r(ctx, g, &x);
    GEOSGeom_getYMin_r(ctx, g, &y);
    return {std::floor(x / 1000) * 1000, std::floor(y / 1000) * 1000};
}

void append_ring(GEOSContextHandle_t ctx, const GEOSGeometry* ring, const Frame& f, Ring& out) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
    unsigned n = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx, seq, &n) == 0) {
        return;
    }
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
        double x = 0;
        double y = 0;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
        out.emplace_back(x - f.ox, y - f.oy);
    }
}

void add_polygons(GEOSContextHandle_t ctx, const GEOSGeometry* g, const Frame& f,
                  MultiPolygon& out) {
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx, g) == 1) {
            return;
        }
        Polygon poly;
        append_ring(ctx, GEOSGetExteriorRing_r(ctx, g), f, poly.outer());
        const int holes = GEOSGetNumInteriorRings_r(ctx, g);
        for (int i = 0; i < holes; ++i) {
            poly.inners().emplace_back();
            append_ring(ctx, GEOSGetInteriorRingN_r(ctx, g, i), f, poly.inners().back());
        }
        out.push_back(std::move(poly));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i) {
            add_polygons(ctx, GEOSGetGeometryN_r(ctx, g, i), f, out);
        }
    }
}

/// The polygonal parts of a GEOS geometry in the frame, oriented for the Boost model.
MultiPolygon to_boost(GEOSContextHandle_t ctx, const GEOSGeometry* g, const Frame& f) {
    MultiPolygon mp;
    add_polygons(ctx, g, f, mp);
    bg::correct(mp);
    return mp;
}

GEOSGeometry* ring_to_geos(GEOSContextHandle_t ctx, const Ring& ring, const Frame& f) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ring.size()), 2);
    for (std::size_t i = 0; i < ring.size(); ++i) {
        GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), ring[i].x() + f.ox,
                             ring[i].y() + f.oy);
    }
    return GEOSGeom_createLinearRing_r(ctx, seq);
}

/// A Boost multipolygon of the frame as a GEOS MultiPolygon in the working CRS.
Geom to_geos(GEOSContextHandle_t ctx, const MultiPolygon& mp, const Frame& f) {
    std::vector<GEOSGeometry*> polygons;
    for (const Polygon& poly : mp) {
        if (poly.outer().size() < 4) {
            continue;
        }
        std::vector<GEOSGeometry*> holes;
        for (const Ring& inner : poly.inners()) {
            if (inner.size() >= 4) {
                holes.push_back(ring_to_geos(ctx, inner, f));
            }
        }
        polygons.push_back(GEOSGeom_createPolygon_r(ctx, ring_to_geos(ctx, poly.outer(), f),
                                                    holes.data(),
                                                    static_cast<unsigned>(holes.size())));
    }
    return Geom(ctx, GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                                 static_cast<unsigned>(polygons.size())));
}

/// Drops parts that are rounding noise (slivers of an overlay with no area).
MultiPolygon without_noise(MultiPolygon mp) {
    mp.erase(
        std::remove_if(mp.begin(), mp.end(),
                       [](const Polygon& poly) { return std::abs(bg::area(poly)) < noise_m2; }),
        mp.end());
    return mp;
}

/// The bounding box of the outer rings.
Box envelope(const MultiPolygon& mp) {
    double x0 = HUGE_VAL;
    double y0 = HUGE_VAL;
    double x1 = -HUGE_VAL;
    double y1 = -HUGE_VAL;
    for (const Polygon& poly : mp) {
        for (const Point& pt : poly.outer()) {
            x0 = std::min(x0, pt.x());
            y0 = std::min(y0, pt.y());
            x1 = std::max(x1, pt.x());
            y1 = std::max(y1, pt.y());
        }
    }
    if (x0 > x1) {
        return Box(Point(0, 0), Point(0, 0));
    }
    return Box(Point(x0, y0), Point(x1, y1));
}

Polygon rectangle(double x0, double y0, double x1, double y1) {
    Polygon p;
    p.outer() = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

/// An overlay of two geometries of the frame: Boost.Geometry first. Boost 1.74's overlay is not
/// robust on every input (it can return a self-intersecting ring where a cut line meets a
/// boundary almost at a vertex); a result it finds invalid is computed again with GEOS
/// (OverlayNG), and that is checked too.
class Overlay {
public:
    explicit Overlay(GEOSContextHandle_t ctx) : m_ctx(ctx) {}

    MultiPolygon intersection(const MultiPolygon& a, const Polygon& b) {
        MultiPolygon out;
        bg::intersection(a, b, out);
        out = without_noise(std::move(out));
        if (bg::is_valid(out)) {
            return out;
        }
        return with_geos(a, MultiPolygon{b});
    }

    /// Overlays Boost could not do validly and GEOS did instead.
    std::size_t fallbacks() const { return m_fallbacks; }

private:
    MultiPolygon with_geos(const MultiPolygon& a, const MultiPolygon& b) {
        ++m_fallbacks;
        const Frame same{};
        Geom ga = to_geos(m_ctx, a, same);
        Geom gb = to_geos(m_ctx, b, same);
        Geom r(m_ctx, GEOSIntersection_r(m_ctx, ga.get(), gb.get()));
        if (!r) {
            throw LibraryError("grid: GEOS could not compute a clipping that Boost.Geometry got "
                               "wrong");
        }
        if (GEOSisValid_r(m_ctx, r.get()) != 1) {
            throw LibraryError("grid: neither Boost.Geometry nor GEOS clipped a cell validly");
        }
        return without_noise(to_boost(m_ctx, r.get(), same));
    }

    GEOSContextHandle_t m_ctx;
    std::size_t m_fallbacks = 0;
};

/// WKT with centimetre precision, for reports.
std::string to_wkt(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    GEOSWKTWriter* w = GEOSWKTWriter_create_r(ctx);
    GEOSWKTWriter_setRoundingPrecision_r(ctx, w, 2);
    GEOSWKTWriter_setTrim_r(ctx, w, 1);
    char* text = GEOSWKTWriter_write_r(ctx, w, g);
    std::string s = text != nullptr ? text : "";
    GEOSFree_r(ctx, text);
    GEOSWKTWriter_destroy_r(ctx, w);
    return s;
}

// ---------------------------------------------------------------------------------------------
// Positions and numbering

/// Where a cell lies, for numbering. Lattice cells carry their row and column; other cells are
/// ordered by the row rule on their centroid and vertical extent.
struct Position {
    bool lattice = false;
    long row = 0;
    long col = 0;
    double cx = 0;
    double cy = 0;
    double ymin = 0;
    double ymax = 0;
};

Position position_of(const MultiPolygon& mp) {
    Position pos;
    Point c(0, 0);
    bg::centroid(mp, c);
    const Box b = envelope(mp);
    pos.cx = c.x();
    pos.cy = c.y();
    pos.ymin = b.min_corner().y();
    pos.ymax = b.max_corner().y();
    return pos;
}

/// Cells in code order: rows from north to south, west to east inside a row. Lattice cells:
/// (row, column). Others: by centroid from north to south; a cell joins the row of the row's
/// first (northernmost) cell when either one's vertical extent holds the other's centroid,
/// otherwise it starts the next row; inside a row by centroid from west to east.
std::vector<std::size_t> positional_order(const std::vector<Position>& pos) {
    std::vector<std::size_t> idx(pos.size());
    std::iota(idx.begin(), idx.end(), 0);
    const bool lattice =
        std::all_of(pos.begin(), pos.end(), [](const Position& p) { return p.lattice; });
    if (lattice) {
        std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
            return std::pair(pos[a].row, pos[a].col) < std::pair(pos[b].row, pos[b].col);
        });
        return idx;
    }
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return pos[a].cy != pos[b].cy ? pos[a].cy > pos[b].cy : pos[a].cx < pos[b].cx;
    });
    std::vector<std::vector<std::size_t>> rows;
    for (std::size_t i : idx) {
        if (!rows.empty()) {
            const Position& a = pos[rows.back().front()];
            const Position& c = pos[i];
            if ((c.ymin <= a.cy && a.cy <= c.ymax) || (a.ymin <= c.cy && c.cy <= a.ymax)) {
                rows.back().push_back(i);
                continue;
            }
        }
        rows.push_back({i});
    }
    std::vector<std::size_t> out;
    for (auto& row : rows) {
        std::sort(row.begin(), row.end(), [&](std::size_t a, std::size_t b) {
            return pos[a].cx != pos[b].cx ? pos[a].cx < pos[b].cx : pos[a].cy > pos[b].cy;
        });
        out.insert(out.end(), row.begin(), row.end());
    }
    return out;
}

std::string sequence_text(int seq) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03d", seq);
    return buf;
}

std::string default_name(int seq) {
    return "第" + std::to_string(seq) + "网格";
}

bool is_community_code(const std::string& code) {
    return code.size() == 12 &&
           std::all_of(code.begin(), code.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

/// The sequence of a well-formed code of `community` (its 12 digits + 001..999), or 0.
int sequence_of(const std::string& code, const std::string& community) {
    if (code.size() != 15 || code.compare(0, 12, community) != 0) {
        return 0;
    }
    int seq = 0;
    for (std::size_t i = 12; i < 15; ++i) {
        if (code[i] < '0' || code[i] > '9') {
            return 0;
        }
        seq = seq * 10 + (code[i] - '0');
    }
    return seq;
}

/// Gives every cell without a sequence (0) the lowest free one, in positional order.
/// Throws InputError past 999.
void fill_free_sequences(std::vector<int>& seq, const std::vector<Position>& pos,
                         const std::string& community) {
    std::set<int> used(seq.begin(), seq.end());
    int next = 1;
    for (std::size_t i : positional_order(pos)) {
        if (seq[i] != 0) {
            continue;
        }
        while (used.contains(next)) {
            ++next;
        }
        if (next > max_sequence) {
            throw InputError("community " + community + ": more than " +
                             std::to_string(max_sequence) +
                             " cells; a cell code has 3 digits for the sequence");
        }
        seq[i] = next;
        used.insert(next);
    }
}

// ---------------------------------------------------------------------------------------------
// Regular lattices

struct Piece {
    MultiPolygon geom;
    double area = 0;
    Position pos;
};

/// Merges pieces smaller than `tolerance` into the neighbour they share the longest edge with
/// (dropped when none touches). Returns how many there were.
std::size_t merge_slivers(std::vector<Piece>& pieces, double tolerance) {
    std::vector<Piece> kept;
    std::vector<Piece> slivers;
    for (Piece& p : pieces) {
        (p.area < tolerance ? slivers : kept).push_back(std::move(p));
    }
    for (Piece& s : slivers) {
        const Box sb = envelope(s.geom);
        const double sp = bg::perimeter(s.geom);
        std::optional<std::size_t> best;
        double best_shared = 1e-6;
        MultiPolygon best_union;
        for (std::size_t k = 0; k < kept.size(); ++k) {
            if (!bg::intersects(sb, envelope(kept[k].geom))) {
                continue;
            }
            MultiPolygon u;
            bg::union_(kept[k].geom, s.geom, u);
            // Perimeters of the two minus the perimeter of the union: twice the shared edge.
            const double shared =
                (bg::perimeter(kept[k].geom) + static_cast<long double>(sp) - bg::perimeter(u)) / 2;
            if (shared > best_shared) {
                best_shared = shared;
                best = k;
                best_union = std::move(u);
            }
        }
        if (best) {
            kept[*best].geom = std::move(best_union);
            kept[*best].area = bg::area(kept[*best].geom);
        }
    }
    pieces = std::move(kept);
    return slivers.size();
}

/// The lattice cells of `shape` and `size` clipped to the community (Boost.Geometry), in the
/// frame. The lattice itself is laid out in the working CRS.
std::vector<Piece> lattice_pieces(const MultiPolygon& community, const Frame& frame,
                                  const std::string& code, CellShape shape, double size,
                                  Overlay& overlay) {
    const Box env = envelope(community);
    const double minx = env.min_corner().x() + frame.ox;
    const double miny = env.min_corner().y() + frame.oy;
    const double maxx = env.max_corner().x() + frame.ox;
    const double maxy = env.max_corner().y() + frame.oy;
    const double estimate = ((maxx - minx) / size + 3) * ((maxy - miny) / size + 3) *
                            (shape == CellShape::hexagon ? 1.5 : 1.0);
    if (estimate > max_lattice_cells) {
        throw InputError("community " + code + ": a " + fixed(size, 1) + " m " + to_string(shape) +
                         " grid would have about " + std::to_string(std::llround(estimate)) +
                         " cells; at most " + std::to_string(max_sequence) +
                         " fit the 3-digit sequence: choose a larger --size");
    }
    std::vector<std::pair<Polygon, Position>> lattice;
    if (shape == CellShape::square) {
        // Lines at whole multiples of the size: the lattice does not move when the boundary does.
        const auto i0 = static_cast<long>(std::floor(minx / size));
        const auto i1 = static_cast<long>(std::ceil(maxx / size));
        const auto j0 = static_cast<long>(std::floor(miny / size));
        const auto j1 = static_cast<long>(std::ceil(maxy / size));
        for (long j = j1; j > j0; --j) {
            for (long i = i0; i < i1; ++i) {
                Position pos;
                pos.lattice = true;
                pos.row = j1 - j;
                pos.col = i - i0;
                const double x0 = static_cast<double>(i) * size - frame.ox;
                const double x1 = static_cast<double>(i + 1) * size - frame.ox;
                const double y0 = static_cast<double>(j - 1) * size - frame.oy;
                const double y1 = static_cast<double>(j) * size - frame.oy;
                lattice.emplace_back(rectangle(x0, y0, x1, y1), pos);
            }
        }
    } else {
        // Pointy-top hexagons: width across flats w = size, circumradius R = w / sqrt(3). Every
        // vertex lies at x = n * w/2 and y = top - m * R/2 for whole n, m, so neighbours share
        // their vertices exactly.
        const double half = size / 2;
        const double q = size / std::sqrt(3.0) / 2; // R / 2
        const double top = std::ceil(maxy / size) * size;
        const auto n0 = static_cast<long>(std::floor(minx / half)) - 2;
        const auto n1 = static_cast<long>(std::ceil(maxx / half)) + 2;
        const auto rows = static_cast<long>(std::ceil(((top - miny) / q + 2) / 3)) + 1;
        auto x = [half, &frame](long n) {
            return static_cast<double>(n) * half - frame.ox;
        };
        auto y = [top, q, &frame](long m) {
            return top - static_cast<double>(m) * q - frame.oy;
        };
        for (long j = 0; j < rows; ++j) {
            const long m = 3 * j; // the centre's row of vertices
            for (long n = n0; n <= n1; ++n) {
                if (((n % 2) + 2) % 2 != j % 2) {
                    continue; // even rows: centres on even multiples of w/2, odd rows odd ones
                }
                Polygon h;
                h.outer() = {{x(n), y(m - 2)}, {x(n - 1), y(m - 1)}, {x(n - 1), y(m + 1)},
                             {x(n), y(m + 2)}, {x(n + 1), y(m + 1)}, {x(n + 1), y(m - 1)},
                             {x(n), y(m - 2)}};
                Position pos;
                pos.lattice = true;
                pos.row = j;
                pos.col = n - n0;
                lattice.emplace_back(std::move(h), pos);
            }
        }
    }
    std::vector<Piece> pieces;
    for (auto& [cell, pos] : lattice) {
        if (!bg::intersects(envelope(MultiPolygon{cell}), env)) {
            continue;
        }
        MultiPolygon clipped = overlay.intersection(community, cell);
        if (clipped.empty()) {
            continue;
        }
        Piece piece;
        piece.area = bg::area(clipped);
        piece.geom = std::move(clipped);
        piece.pos = pos;
        pieces.push_back(std::move(piece));
    }
    return pieces;
}

// ---------------------------------------------------------------------------------------------
// Household-balanced partition

struct BalanceBuilding {
    Box box{Point(0, 0), Point(0, 0)};
    std::int64_t households = 0;
    std::string compound; ///< "" when in no compound
};

struct BalanceCompound {
    std::string id;
    Box box{Point(0, 0), Point(0, 0)};
};

/// Recursive bisection of the community by axis-parallel cuts that pass between units
/// (compounds, or buildings where compounds must be split), aiming at the household range.
///
/// At each step every cut through a gap between the units' extents is a candidate. They are
/// ranked by how comfortably both sides can still be divided into cells within the range
/// (slack), cuts between whole compounds before cuts between buildings, then by the balance
/// the step aims at, the longer axis and the wider gap. The best few are tried out by
/// finishing the partition greedily on units alone (no geometry); the one whose finished plan
/// leaves the fewest cells out of range, cuts the fewest compounds and misses the range by
/// the fewest households wins (ties: the better ranked).
class Balancer {
public:
    Balancer(std::vector<BalanceBuilding> buildings, std::vector<BalanceCompound> compounds,
             int households_min, int households_max, Overlay& overlay)
        : m_buildings(std::move(buildings)), m_compounds(std::move(compounds)),
          m_min(households_min), m_max(households_max), m_overlay(overlay) {}

    std::vector<MultiPolygon> run(const MultiPolygon& community) {
        Node root;
        root.buildings.resize(m_buildings.size());
        std::iota(root.buildings.begin(), root.buildings.end(), 0);
        root.compounds.resize(m_compounds.size());
        std::iota(root.compounds.begin(), root.compounds.end(), 0);
        root.box = envelope(community);
        std::vector<MultiPolygon> out;
        split(community, root, out, 0);
        return out;
    }

private:
    /// Candidates tried out by finishing the plan at each step.
    static constexpr std::size_t lookahead = 12;
    static constexpr int max_depth = 60;

    struct Unit {
        Box box{Point(0, 0), Point(0, 0)};
        std::int64_t households = 0;
    };

    /// A part of the community on its way to becoming cells: its buildings, the compounds no
    /// cut has gone through, and its extent.
    struct Node {
        std::vector<std::size_t> buildings;
        std::vector<std::size_t> compounds;
        Box box{Point(0, 0), Point(0, 0)};
    };

    struct Cut {
        int axis = 0;  ///< 0: a vertical line x = at; 1: a horizontal line y = at
        double at = 0; ///< the middle of the gap between the units on either side
        /// How comfortably both sides divide into cells within the range (slack(), the lesser
        /// of the two); > 0 when both can.
        double score = 0;
        double error = 0; ///< households away from the balance this step aims at
        bool preferred_axis = false;
        double gap = 0;
        bool by_building = false; ///< between buildings, possibly through a compound
    };

    /// A finished plan: cells out of range, compounds cut, households missing the range.
    struct Outcome {
        std::size_t out_of_range = 0;
        std::size_t compounds_cut = 0;
        std::int64_t miss = 0;
        Outcome& operator+=(const Outcome& o) {
            out_of_range += o.out_of_range;
            compounds_cut += o.compounds_cut;
            miss += o.miss;
            return *this;
        }
        bool operator<(const Outcome& o) const {
            return std::tie(out_of_range, compounds_cut, miss) <
                   std::tie(o.out_of_range, o.compounds_cut, o.miss);
        }
    };

    /// How comfortably `h` households divide into cells within the range: the best, over the
    /// cell counts k that fit, of the distance from h/k to the nearer end of the range; negative
    /// (minus the shortfall) when no count fits. Capped at a quarter of the range's width, so
    /// that among comfortable cuts the balanced one wins.
    double slack(std::int64_t h) const {
        const double comfort = std::max(1.0, (m_max - m_min) / 4.0);
        if (h <= 0) {
            return m_min <= 0 ? comfort : -m_min;
        }
        const auto hh = static_cast<double>(h);
        const std::int64_t lo = std::max<std::int64_t>(1, (h + m_max - 1) / m_max);
        const std::int64_t hi = m_min > 0 ? h / m_min : lo + 1;
        double best = -HUGE_VAL;
        if (lo <= hi) {
            for (std::int64_t k = lo; k <= hi && k < lo + 1000; ++k) {
                const double per = hh / static_cast<double>(k);
                best = std::max(best, std::min(per - m_min, m_max - per));
            }
        } else {
            // Too many for lo - 1 cells, too few for lo cells: the smaller miss.
            best = -std::min(lo > 1 ? hh / static_cast<double>(lo - 1) - m_max : HUGE_VAL,
                             m_min - hh / static_cast<double>(lo));
        }
        return std::min(best, comfort);
    }

    /// How many cells `h` households should make: a count that keeps every cell in range,
    /// closest to h / mid-range; when none does, the nearest to h / mid-range.
    int cells_for(std::int64_t h) const {
        if (h <= 0) {
            return 1;
        }
        const double mid = (m_min + m_max) / 2.0;
        const std::int64_t lo = std::max<std::int64_t>(1, (h + m_max - 1) / m_max);
        const std::int64_t hi = m_min > 0 ? h / m_min : lo + 2 * h / std::max(1, m_max) + 1;
        const double ideal = static_cast<double>(h) / mid;
        if (lo > hi) {
            return static_cast<int>(std::max<long long>(1, std::llround(ideal)));
        }
        std::int64_t best = lo;
        for (std::int64_t k = lo; k <= hi && k <= max_sequence; ++k) {
            if (std::abs(static_cast<double>(k) - ideal) <
                std::abs(static_cast<double>(best) - ideal) - 1e-12) {
                best = k;
            }
        }
        return static_cast<int>(best);
    }

    static double lo(const Box& b, int axis) {
        return axis == 0 ? b.min_corner().x() : b.min_corner().y();
    }
    static double hi(const Box& b, int axis) {
        return axis == 0 ? b.max_corner().x() : b.max_corner().y();
    }

    std::int64_t households(const Node& n) const {
        std::int64_t h = 0;
        for (std::size_t b : n.buildings) {
            h += m_buildings[b].households;
        }
        return h;
    }

    Unit building_unit(std::size_t b) const {
        return {m_buildings[b].box, m_buildings[b].households};
    }

    /// Whole compounds (with their buildings) as units, standalone buildings, and the buildings
    /// of compounds that were cut (kept together) or that alone exceed the maximum (singly).
    std::vector<Unit> compound_units(const Node& node) const {
        std::map<std::string, std::vector<std::size_t>> by_compound;
        for (std::size_t b : node.buildings) {
            by_compound[m_buildings[b].compound].push_back(b);
        }
        std::vector<Unit> units;
        auto add_group = [&](Unit u, const std::vector<std::size_t>& members) {
            for (std::size_t b : members) {
                bg::expand(u.box, m_buildings[b].box);
                u.households += m_buildings[b].households;
            }
            if (u.households <= m_max) {
                units.push_back(u);
            } else {
                for (std::size_t b : members) {
                    units.push_back(building_unit(b));
                }
            }
        };
        std::set<std::string> whole;
        for (std::size_t c : node.compounds) {
            const BalanceCompound& k = m_compounds[c];
            whole.insert(k.id);
            auto it = by_compound.find(k.id);
            add_group({k.box, 0},
                      it != by_compound.end() ? it->second : std::vector<std::size_t>{});
        }
        for (const auto& [id, members] : by_compound) {
            if (whole.contains(id)) {
                continue;
            }
            if (id.empty()) {
                for (std::size_t b : members) {
                    units.push_back(building_unit(b));
                }
            } else {
                // What is left of a compound a cut went through: its buildings stay together.
                add_group({m_buildings[members.front()].box, 0}, members);
            }
        }
        return units;
    }

    /// Every cut through a gap between units, on either axis.
    void gap_cuts(const std::vector<Unit>& units, std::int64_t total, int n, const Box& region,
                  bool by_building, std::vector<Cut>& out) const {
        if (units.size() < 2) {
            return;
        }
        const int n1 = n / 2;
        const int n2 = n - n1;
        const double t1 = static_cast<double>(total) * n1 / n;
        const double t2 = static_cast<double>(total) * n2 / n;
        const double width = region.max_corner().x() - region.min_corner().x();
        const double height = region.max_corner().y() - region.min_corner().y();
        const int preferred = width >= height ? 0 : 1;
        for (int axis = 0; axis < 2; ++axis) {
            std::vector<std::size_t> order(units.size());
            std::iota(order.begin(), order.end(), 0);
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return lo(units[a].box, axis) < lo(units[b].box, axis);
            });
            double reach = lo(units[order[0]].box, axis);
            std::int64_t low_side = 0;
            for (std::size_t k = 0; k + 1 < order.size(); ++k) {
                reach = std::max(reach, hi(units[order[k]].box, axis));
                low_side += units[order[k]].households;
                const double next = lo(units[order[k + 1]].box, axis);
                if (reach > next) {
                    continue; // the units overlap here: a cut would go through one
                }
                Cut c;
                c.axis = axis;
                c.at = (reach + next) / 2;
                c.gap = next - reach;
                const auto left = static_cast<double>(low_side);
                c.error = std::min(std::abs(left - t1), std::abs(left - t2));
                c.score = std::min(slack(low_side), slack(total - low_side));
                c.preferred_axis = axis == preferred;
                c.by_building = by_building;
                out.push_back(c);
            }
        }
    }

    /// Cuts in rank order: cuts that leave both sides divisible within range first, among them
    /// those between whole compounds; then by slack, balance, axis and gap.
    static bool ranks_before(const Cut& a, const Cut& b) {
        const bool fa = a.score > 0;
        const bool fb = b.score > 0;
        if (fa != fb) {
            return fa;
        }
        if (fa && a.by_building != b.by_building) {
            return !a.by_building;
        }
        if (std::abs(a.score - b.score) > 1e-9) {
            return a.score > b.score;
        }
        if (std::abs(a.error - b.error) > 1e-9) {
            return a.error < b.error;
        }
        if (a.preferred_axis != b.preferred_axis) {
            return a.preferred_axis;
        }
        if (std::abs(a.gap - b.gap) > 1e-9) {
            return a.gap > b.gap;
        }
        return a.by_building < b.by_building;
    }

    /// The ranked candidate cuts of a node (none: it stays one cell).
    std::vector<Cut> candidates(const Node& node, std::int64_t total, int n) const {
        std::vector<Cut> cuts;
        if (n <= 1 || node.buildings.size() < 2) {
            return cuts;
        }
        gap_cuts(compound_units(node), total, n, node.box, false, cuts);
        std::vector<Unit> singles;
        for (std::size_t b : node.buildings) {
            singles.push_back(building_unit(b));
        }
        gap_cuts(singles, total, n, node.box, true, cuts);
        std::stable_sort(cuts.begin(), cuts.end(), ranks_before);
        return cuts;
    }

    /// The two sides of a cut; `cut_compounds` counts the compounds it goes through.
    std::pair<Node, Node> divide(const Node& node, const Cut& cut,
                                 std::size_t* cut_compounds = nullptr) const {
        std::pair<Node, Node> sides;
        auto& [low, high] = sides;
        for (std::size_t b : node.buildings) {
            (hi(m_buildings[b].box, cut.axis) <= cut.at ? low : high).buildings.push_back(b);
        }
        for (std::size_t c : node.compounds) {
            const Box& k = m_compounds[c].box;
            if (hi(k, cut.axis) <= cut.at) {
                low.compounds.push_back(c);
            } else if (lo(k, cut.axis) >= cut.at) {
                high.compounds.push_back(c);
            } else if (cut_compounds != nullptr) {
                ++*cut_compounds; // its buildings go on as they lie
            }
        }
        low.box = node.box;
        high.box = node.box;
        if (cut.axis == 0) {
            low.box.max_corner().x(cut.at);
            high.box.min_corner().x(cut.at);
        } else {
            low.box.max_corner().y(cut.at);
            high.box.min_corner().y(cut.at);
        }
        return sides;
    }

    Outcome leaf_outcome(std::int64_t h) const {
        Outcome o;
        if (h < m_min || h > m_max) {
            o.out_of_range = 1;
            o.miss = h < m_min ? m_min - h : h - m_max;
        }
        return o;
    }

    /// Finishes the partition of a node greedily (always the best ranked cut), on units alone.
    Outcome finish(const Node& node, int depth) const {
        const std::int64_t total = households(node);
        const std::vector<Cut> cuts =
            depth > max_depth ? std::vector<Cut>{} : candidates(node, total, cells_for(total));
        if (cuts.empty()) {
            return leaf_outcome(total);
        }
        Outcome o;
        const auto [low, high] = divide(node, cuts.front(), &o.compounds_cut);
        o += finish(low, depth + 1);
        o += finish(high, depth + 1);
        return o;
    }

    void split(const MultiPolygon& region, const Node& node, std::vector<MultiPolygon>& out,
               int depth) {
        const std::int64_t total = households(node);
        const std::vector<Cut> cuts =
            depth > max_depth ? std::vector<Cut>{} : candidates(node, total, cells_for(total));
        std::optional<Cut> chosen;
        Outcome best;
        for (std::size_t i = 0; i < cuts.size() && i < lookahead; ++i) {
            Outcome o;
            const auto [low, high] = divide(node, cuts[i], &o.compounds_cut);
            o += finish(low, depth + 1);
            o += finish(high, depth + 1);
            if (!chosen || o < best) {
                chosen = cuts[i];
                best = o;
            }
        }
        if (!chosen) {
            out.push_back(region);
            return;
        }
        const Box box = envelope(region);
        const double margin = 1.0 + std::max(box.max_corner().x() - box.min_corner().x(),
                                             box.max_corner().y() - box.min_corner().y());
        const double x0 = box.min_corner().x() - margin;
        const double y0 = box.min_corner().y() - margin;
        const double x1 = box.max_corner().x() + margin;
        const double y1 = box.max_corner().y() + margin;
        // Each side is the region clipped to its half-plane (boxes sharing the cut line). The
        // suggested right = region − left is exact in theory, but Boost 1.74's difference
        // returned self-intersecting rings along the cut on the demo community; clipping to a
        // box is its most robust overlay, and both sides meet on the same line.
        const Polygon low_box = chosen->axis == 0 ? rectangle(x0, y0, chosen->at, y1)
                                                  : rectangle(x0, y0, x1, chosen->at);
        const Polygon high_box = chosen->axis == 0 ? rectangle(chosen->at, y0, x1, y1)
                                                   : rectangle(x0, chosen->at, x1, y1);
        const MultiPolygon left = m_overlay.intersection(region, low_box);
        const MultiPolygon right = m_overlay.intersection(region, high_box);
        if (left.empty() || right.empty()) {
            out.push_back(region);
            return;
        }
        const auto [low, high] = divide(node, *chosen);
        split(left, low, out, depth + 1);
        split(right, high, out, depth + 1);
    }

    std::vector<BalanceBuilding> m_buildings;
    std::vector<BalanceCompound> m_compounds;
    int m_min;
    int m_max;
    Overlay& m_overlay;
};

// ---------------------------------------------------------------------------------------------
// Reading the project

struct ExistingCell {
    std::int64_t fid = 0;
    std::string code;
    std::string name;
    std::string community;
    Geom geom; ///< null when unreadable
    double area = 0;
};

std::vector<ExistingCell> read_cells(const detail::ProjectImpl& p, GEOSContextHandle_t ctx) {
    std::vector<ExistingCell> cells;
    sqlite3* db = detail::sqlite_handle(p);
    if (!detail::table_exists(db, "cell")) {
        return cells;
    }
    detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
    detail::Statement s(db, "SELECT fid, code, name, community, geom FROM cell ORDER BY code");
    while (s.step()) {
        ExistingCell c;
        c.fid = s.integer(0);
        c.code = s.text(1);
        c.name = s.text(2);
        c.community = s.text(3);
        c.geom = Geom(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), s.blob(4)));
        if (!c.geom && detail::gpkg_blob_has_geometry(s.blob(4))) {
            detail::throw_damaged_geometry(db, "cell", c.code, c.fid);
        }
        c.area = c.geom ? detail::area(ctx, c.geom.get()) : 0;
        cells.push_back(std::move(c));
    }
    return cells;
}

struct WorkerRow {
    std::int64_t fid = 0;
    std::string person;
    std::string target;
};

std::vector<WorkerRow> read_grid_workers(const detail::ProjectImpl& p) {
    std::vector<WorkerRow> rows;
    sqlite3* db = detail::sqlite_handle(p);
    if (!detail::table_exists(db, "role_assignment")) {
        return rows;
    }
    detail::Statement s(db, "SELECT fid, person, target FROM role_assignment "
                            "WHERE role = 'grid_worker' ORDER BY fid");
    while (s.step()) {
        rows.push_back({s.integer(0), s.text(1), s.text(2)});
    }
    return rows;
}

std::unordered_map<std::string, std::int64_t> households_by_building(const detail::ProjectImpl& p) {
    std::unordered_map<std::string, std::int64_t> out;
    sqlite3* db = detail::sqlite_handle(p);
    if (!detail::table_exists(db, "household")) {
        return out;
    }
    detail::Statement s(db, "SELECT building, COUNT(*) FROM household GROUP BY building");
    while (s.step()) {
        out[s.text(0)] = s.integer(1);
    }
    return out;
}

/// The communities `which` names ("all" or one code). Throws InputError.
std::vector<std::size_t> select_communities(const detail::Snapshot& s, const std::string& which) {
    if (s.communities.empty()) {
        throw InputError("the project has no community; import one first "
                         "(gridmap import PROJECT.gpkg community FILE)");
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.communities.size(); ++i) {
        if (which == "all" || s.communities[i].key == which) {
            out.push_back(i);
        }
    }
    if (out.empty()) {
        std::string codes;
        for (std::size_t i = 0; i < s.communities.size() && i < 10; ++i) {
            codes += (i > 0 ? ", " : "") + s.communities[i].key;
        }
        if (s.communities.size() > 10) {
            codes += ", ...";
        }
        throw InputError("no community with code '" + which +
                         "' in the project (communities: " + codes + "; or 'all')");
    }
    return out;
}

/// Logs a change of a grid worker's assignment (the assignment log of schema 4, when present).
void log_assignment(detail::SpatialWrite& w, const std::string& action, const std::string& person,
                    const std::string& target, const std::string& note) {
    if (!detail::table_exists(detail::sqlite_handle(w.project()), "assignment_event")) {
        return;
    }
    w.insert_row("assignment_event",
                 {{"action", action},
                  {"role", "grid_worker"},
                  {"person", person},
                  {"target", target},
                  {"note", note}},
                 {"at"});
}

/// One community's planned cells.
struct Plan {
    std::vector<const ExistingCell*> old;
    std::vector<Geom> geoms;
    std::vector<GridCell> cells;
    std::vector<const ExistingCell*> same; ///< the old cell each new one equals, or null
};

} // namespace

std::string to_string(CellShape shape) {
    return shape == CellShape::square ? "square" : "hex";
}

std::optional<CellShape> cell_shape_from_string(const std::string& name) {
    if (name == "square") {
        return CellShape::square;
    }
    if (name == "hex" || name == "hexagon") {
        return CellShape::hexagon;
    }
    return std::nullopt;
}

GridReport generate_grid(Project& project, const GridOptions& o) {
    detail::ProjectImpl& p = project.impl();
    if (!o.dry_run) {
        p.require_writable();
    }
    GridReport r;
    r.balanced = o.balanced;
    r.shape = o.shape;
    r.size_m = o.size_m;
    r.tolerance_m2 = o.tolerance_m2.value_or(setting_or(p, "tolerance_m2", 1.0));
    r.households_min =
        o.households_min.value_or(static_cast<int>(setting_or(p, "households_min", 300)));
    r.households_max =
        o.households_max.value_or(static_cast<int>(setting_or(p, "households_max", 500)));
    r.written = false;
    if (!o.balanced && !(o.size_m > 0 && std::isfinite(o.size_m))) {
        throw InputError("cell size " + fixed(o.size_m, 1) +
                         " m: the size must be a positive number of metres");
    }
    if (!(r.tolerance_m2 >= 0)) {
        throw InputError("tolerance " + fixed(r.tolerance_m2, 3) + " m2: must not be negative");
    }
    if (o.balanced &&
        (r.households_min < 0 || r.households_max <= 0 || r.households_min > r.households_max)) {
        throw InputError("households " + std::to_string(r.households_min) + "-" +
                         std::to_string(r.households_max) +
                         ": expected 0 <= MIN <= MAX and MAX > 0");
    }
    if (!p.has_feature_tables()) {
        throw InputError("the project has no community; import one first "
                         "(gridmap import PROJECT.gpkg community FILE)");
    }

    // The write lock before the cells are read (nothing is written in a dry run).
    std::optional<detail::SpatialWrite> writer;
    if (!o.dry_run) {
        writer.emplace(p);
    }
    detail::GeosContext ctx;
    const detail::Snapshot s = detail::load_snapshot(p, ctx);
    const std::vector<std::size_t> chosen = select_communities(s, o.community);
    for (std::size_t ci : chosen) {
        if (!is_community_code(s.communities[ci].key)) {
            throw InputError("community '" + s.communities[ci].key +
                             "': a community code has 12 digits (county 6 + street 3 + "
                             "community 3); cell codes add 3 digits to it");
        }
    }
    const std::vector<ExistingCell> existing = read_cells(p, ctx);
    const std::vector<WorkerRow> workers = read_grid_workers(p);
    const auto households = households_by_building(p);

    // Buildings belong to the community holding at least half of them.
    const auto building_geoms = detail::geometries(s.buildings);
    const auto building_community =
        detail::largest_overlap(ctx, building_geoms, detail::geometries(s.communities), 0.5);
    auto households_of = [&](std::size_t b) {
        auto it = households.find(s.buildings[b].key);
        return it == households.end() ? std::int64_t{0} : it->second;
    };

    std::vector<Plan> plans;
    for (std::size_t ci : chosen) {
        const detail::Item& community = s.communities[ci];
        Plan plan;
        for (const ExistingCell& c : existing) {
            if (c.community == community.key) {
                plan.old.push_back(&c);
            }
        }
        if (!plan.old.empty() && !o.replace) {
            throw InputError("community " + community.key + " already has " +
                             std::to_string(plan.old.size()) +
                             " cells; use --replace to replace them (cells that come out the "
                             "same keep their codes)");
        }
        const Frame frame = frame_for(ctx, community.geom.get());
        const MultiPolygon area = to_boost(ctx, community.geom.get(), frame);
        if (std::string why; !bg::is_valid(area, why)) {
            throw InputError("community " + community.key +
                             ": its polygon is not valid for clipping (" + why + ")");
        }
        std::vector<std::size_t> mine; // indexes into s.buildings
        for (std::size_t b = 0; b < s.buildings.size(); ++b) {
            if (building_community[b].parent == ci) {
                mine.push_back(b);
            }
        }
        Overlay overlay(ctx);
        GridCommunity gc;
        gc.code = community.key;
        gc.name = community.name;
        gc.area_m2 = bg::area(area);
        for (std::size_t b : mine) {
            gc.households += households_of(b);
        }

        std::vector<Piece> pieces;
        if (o.balanced) {
            std::vector<BalanceBuilding> bb;
            for (std::size_t b : mine) {
                BalanceBuilding x;
                x.box = envelope(to_boost(ctx, s.buildings[b].geom.get(), frame));
                x.households = households_of(b);
                x.compound = s.buildings[b].a;
                bb.push_back(std::move(x));
            }
            std::vector<BalanceCompound> bc;
            for (const detail::Item& k : s.compounds) {
                if (k.a == community.key) {
                    BalanceCompound x;
                    x.id = k.key;
                    x.box = envelope(to_boost(ctx, k.geom.get(), frame));
                    bc.push_back(std::move(x));
                }
            }
            Balancer balancer(std::move(bb), std::move(bc), r.households_min, r.households_max,
                              overlay);
            for (MultiPolygon& g : balancer.run(area)) {
                Piece piece;
                piece.area = bg::area(g);
                piece.pos = position_of(g);
                piece.geom = std::move(g);
                pieces.push_back(std::move(piece));
            }
        } else {
            pieces = lattice_pieces(area, frame, community.key, o.shape, o.size_m, overlay);
            gc.slivers = merge_slivers(pieces, r.tolerance_m2);
        }
        if (pieces.size() > static_cast<std::size_t>(max_sequence)) {
            throw InputError("community " + community.key + ": " + std::to_string(pieces.size()) +
                             " cells; at most " + std::to_string(max_sequence) +
                             " fit the 3-digit sequence: choose a larger --size");
        }

        // Unchanged cells keep their codes: symmetric difference with an old cell <= tolerance.
        std::vector<int> seq(pieces.size(), 0);
        std::vector<const ExistingCell*> same(pieces.size(), nullptr);
        std::set<const ExistingCell*> matched;
        std::vector<Position> positions;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            plan.geoms.push_back(to_geos(ctx, pieces[i].geom, frame));
            positions.push_back(pieces[i].pos);
            for (const ExistingCell* old : plan.old) {
                if (!old->geom || matched.contains(old) ||
                    std::abs(old->area - pieces[i].area) > r.tolerance_m2) {
                    continue;
                }
                Geom diff(ctx, GEOSSymDifference_r(ctx, old->geom.get(), plan.geoms[i].get()));
                if (diff && detail::area(ctx, diff.get()) <= r.tolerance_m2) {
                    same[i] = old;
                    matched.insert(old);
                    seq[i] = sequence_of(old->code, community.key);
                    break;
                }
            }
        }
        fill_free_sequences(seq, positions, community.key);
        plan.same = same;

        // Buildings (of this community) to the new cells, by largest overlap, as check does.
        std::vector<const GEOSGeometry*> mine_geoms;
        for (std::size_t b : mine) {
            mine_geoms.push_back(s.buildings[b].geom.get());
        }
        std::vector<const GEOSGeometry*> cell_geoms;
        for (const Geom& g : plan.geoms) {
            cell_geoms.push_back(g.get());
        }
        const auto in_cell = detail::largest_overlap(ctx, mine_geoms, cell_geoms, 0.0);
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            GridCell cell;
            cell.code = community.key + sequence_text(seq[i]);
            cell.kept = same[i] != nullptr && same[i]->code == cell.code;
            cell.name = cell.kept && !same[i]->name.empty() ? same[i]->name : default_name(seq[i]);
            cell.community = community.key;
            cell.area_m2 = pieces[i].area;
            cell.wkt = to_wkt(ctx, plan.geoms[i].get());
            plan.cells.push_back(std::move(cell));
        }
        for (std::size_t k = 0; k < mine.size(); ++k) {
            if (in_cell[k].parent) {
                GridCell& cell = plan.cells[*in_cell[k].parent];
                ++cell.buildings;
                cell.households += households_of(mine[k]);
            }
        }
        for (GridCell& cell : plan.cells) {
            cell.in_range = !o.balanced || (cell.households >= r.households_min &&
                                            cell.households <= r.households_max);
            gc.kept += cell.kept ? 1 : 0;
        }
        gc.replaced = plan.old.size() - gc.kept;
        gc.geos_fallbacks = overlay.fallbacks();
        // Compounds that more than one cell covers (each share above the tolerance).
        for (const detail::Item& k : s.compounds) {
            if (k.a != community.key) {
                continue;
            }
            std::size_t covering = 0;
            for (const Geom& g : plan.geoms) {
                if (GEOSIntersects_r(ctx, k.geom.get(), g.get()) != 1) {
                    continue;
                }
                Geom inter(ctx, GEOSIntersection_r(ctx, k.geom.get(), g.get()));
                covering += inter && detail::area(ctx, inter.get()) > r.tolerance_m2 ? 1 : 0;
            }
            gc.compounds_cut += covering > 1 ? 1 : 0;
        }
        r.communities.push_back(std::move(gc));
        plans.push_back(std::move(plan));
    }

    // Codes must be free outside the cells being replaced.
    std::set<std::int64_t> replaced_fids;
    std::map<std::string, std::string> follows; // old code -> new code of an unchanged cell
    for (const Plan& plan : plans) {
        for (const ExistingCell* old : plan.old) {
            replaced_fids.insert(old->fid);
        }
    }
    for (const Plan& plan : plans) {
        for (const GridCell& cell : plan.cells) {
            for (const ExistingCell& c : existing) {
                if (c.code == cell.code && !replaced_fids.contains(c.fid)) {
                    throw InputError("cell code " + cell.code + " is already used by a cell of " +
                                     (c.community.empty() ? std::string("no community")
                                                          : "community " + c.community) +
                                     "; renumber or remove that cell first");
                }
            }
        }
    }
    // References: a grid worker's cell must come back unchanged (its code may move with it).
    std::set<std::string> old_codes;
    for (const Plan& plan : plans) {
        for (const ExistingCell* old : plan.old) {
            old_codes.insert(old->code);
        }
        for (std::size_t i = 0; i < plan.cells.size(); ++i) {
            if (plan.same[i] != nullptr) {
                follows[plan.same[i]->code] = plan.cells[i].code;
            }
        }
    }
    std::vector<const WorkerRow*> moved;
    std::vector<const WorkerRow*> orphaned;
    for (const WorkerRow& w : workers) {
        if (!old_codes.contains(w.target)) {
            continue;
        }
        auto it = follows.find(w.target);
        if (it == follows.end()) {
            orphaned.push_back(&w);
        } else if (it->second != w.target) {
            moved.push_back(&w);
        }
    }
    if (!orphaned.empty() && !o.unassign) {
        std::string list;
        for (std::size_t i = 0; i < orphaned.size() && i < 10; ++i) {
            list += (i > 0 ? ", " : "") + orphaned[i]->person + " -> " + orphaned[i]->target;
        }
        if (orphaned.size() > 10) {
            list += ", ...";
        }
        throw InputError(std::to_string(orphaned.size()) +
                         " grid_worker assignments name cells that would change or disappear (" +
                         list +
                         "); use --unassign to remove them (each removal is logged), "
                         "then assign the new cells");
    }
    for (const WorkerRow* w : orphaned) {
        r.unassigned.push_back(w->person + " -> " + w->target);
    }
    for (const Plan& plan : plans) {
        for (const GridCell& cell : plan.cells) {
            r.cells.push_back(cell);
            if (!cell.in_range) {
                r.out_of_range.push_back(cell.code);
            }
        }
    }
    std::sort(r.cells.begin(), r.cells.end(),
              [](const GridCell& a, const GridCell& b) { return a.code < b.code; });
    std::sort(r.out_of_range.begin(), r.out_of_range.end());
    if (!writer) {
        return r;
    }
    for (std::int64_t fid : replaced_fids) {
        writer->delete_feature("cell", fid);
    }
    for (const Plan& plan : plans) {
        for (std::size_t i = 0; i < plan.cells.size(); ++i) {
            const GridCell& cell = plan.cells[i];
            writer->insert_polygon(
                "cell", {{"code", cell.code}, {"name", cell.name}, {"community", cell.community}},
                ctx, plan.geoms[i].get());
        }
    }
    for (const WorkerRow* m : moved) {
        const std::string& to = follows.at(m->target);
        writer->update_fields("role_assignment", m->fid, {{"target", to}});
        const std::string note = "gridmap grid generate: cell " + m->target + " renumbered " + to;
        log_assignment(*writer, "unassign", m->person, m->target, note);
        log_assignment(*writer, "assign", m->person, to, note);
    }
    for (const WorkerRow* m : orphaned) {
        writer->delete_feature("role_assignment", m->fid);
        log_assignment(*writer, "unassign", m->person, m->target,
                       "gridmap grid generate --replace: the cell changed or is gone");
    }
    writer->commit();
    r.written = true;
    return r;
}

RenumberReport renumber_cells(Project& project, const RenumberOptions& o) {
    detail::ProjectImpl& p = project.impl();
    if (!o.dry_run) {
        p.require_writable();
    }
    RenumberReport r;
    if (!p.has_feature_tables()) {
        throw InputError("the project has no community; import one first "
                         "(gridmap import PROJECT.gpkg community FILE)");
    }
    // The write lock before the cells are read (nothing is written in a dry run).
    std::optional<detail::SpatialWrite> writer;
    if (!o.dry_run) {
        writer.emplace(p);
    }
    detail::GeosContext ctx;
    const detail::Snapshot s = detail::load_snapshot(p, ctx);
    const std::vector<std::size_t> chosen = select_communities(s, o.community);
    std::set<std::string> chosen_codes;
    std::set<std::string> known_codes;
    for (const detail::Item& c : s.communities) {
        known_codes.insert(c.key);
    }
    for (std::size_t ci : chosen) {
        chosen_codes.insert(s.communities[ci].key);
    }
    const std::vector<ExistingCell> cells = read_cells(p, ctx);

    struct Change {
        const ExistingCell* cell;
        std::string code;
        std::string name;
    };
    std::vector<Change> changes;
    for (const std::string& community : chosen_codes) {
        if (!is_community_code(community)) {
            throw InputError("community '" + community +
                             "': a community code has 12 digits; cannot number its cells");
        }
        std::vector<const ExistingCell*> mine;
        for (const ExistingCell& c : cells) {
            if (c.community == community) {
                if (c.geom) {
                    mine.push_back(&c);
                } else {
                    r.skipped.push_back(c.code + " (no readable geometry)");
                }
            }
        }
        std::vector<int> seq(mine.size(), 0);
        std::vector<Position> positions;
        const Frame frame = mine.empty() ? Frame{} : frame_for(ctx, mine.front()->geom.get());
        for (std::size_t i = 0; i < mine.size(); ++i) {
            positions.push_back(position_of(to_boost(ctx, mine[i]->geom.get(), frame)));
            if (!o.full) {
                seq[i] = sequence_of(mine[i]->code, community);
            }
        }
        fill_free_sequences(seq, positions, community);
        for (std::size_t i = 0; i < mine.size(); ++i) {
            ++r.cells;
            const std::string code = community + sequence_text(seq[i]);
            if (code == mine[i]->code) {
                ++r.kept;
                continue;
            }
            std::string name = mine[i]->name;
            const int old_seq = sequence_of(mine[i]->code, community);
            if (name.empty() || (old_seq > 0 && name == default_name(old_seq))) {
                name = default_name(seq[i]);
            }
            changes.push_back({mine[i], code, name});
            r.moves.emplace_back(mine[i]->code, code);
        }
    }
    if (o.community == "all") {
        for (const ExistingCell& c : cells) {
            if (!known_codes.contains(c.community)) {
                r.skipped.push_back(c.code + " (in no community)");
            }
        }
    }
    std::sort(r.moves.begin(), r.moves.end());
    std::map<std::string, std::string> to;
    for (const Change& c : changes) {
        to[c.cell->code] = c.code;
    }
    // A new code must not belong to a cell that keeps its own (e.g. one in no community).
    for (const ExistingCell& c : cells) {
        if (to.contains(c.code)) {
            continue;
        }
        for (const Change& ch : changes) {
            if (ch.code == c.code) {
                throw InputError("cell code " + c.code + " is already used by a cell of " +
                                 (c.community.empty() ? std::string("no community")
                                                      : "community " + c.community) +
                                 "; renumber or remove that cell first");
            }
        }
    }
    const std::vector<WorkerRow> workers = read_grid_workers(p);
    std::vector<const WorkerRow*> moved;
    for (const WorkerRow& w : workers) {
        if (to.contains(w.target)) {
            moved.push_back(&w);
        }
    }
    r.references = static_cast<std::int64_t>(moved.size());
    if (!writer || changes.empty()) {
        return r;
    }
    // Two passes: codes are unique, and a renumbering may swap two of them.
    for (const Change& c : changes) {
        writer->update_fields("cell", c.cell->fid,
                              {{"code", "~renumber~" + std::to_string(c.cell->fid)}});
    }
    for (const Change& c : changes) {
        writer->update_fields("cell", c.cell->fid, {{"code", c.code}, {"name", c.name}});
    }
    for (const WorkerRow* m : moved) {
        const std::string& code = to.at(m->target);
        writer->update_fields("role_assignment", m->fid, {{"target", code}});
        const std::string note = "gridmap grid renumber: cell " + m->target + " is now " + code;
        log_assignment(*writer, "unassign", m->person, m->target, note);
        log_assignment(*writer, "assign", m->person, code, note);
    }
    writer->commit();
    r.written = true;
    return r;
}

std::string grid_to_text(const GridReport& r) {
    std::string o;
    for (const GridCommunity& c : r.communities) {
        std::size_t n = 0;
        for (const GridCell& cell : r.cells) {
            n += cell.community == c.code ? 1 : 0;
        }
        o += "community " + c.code + (c.name.empty() ? "" : " " + c.name) + ": " +
             std::to_string(n) + " " +
             (r.balanced ? "household-balanced cells (target " + std::to_string(r.households_min) +
                               "-" + std::to_string(r.households_max) + " households)"
                         : to_string(r.shape) + " cells of " + fixed(r.size_m, 1) + " m") +
             "; " + fixed(c.area_m2, 1) + " m2, " + std::to_string(c.households) + " households; " +
             std::to_string(c.kept) + " kept their codes, " + std::to_string(c.replaced) +
             " old cells replaced";
        if (c.compounds_cut > 0) {
            o += ", " + std::to_string(c.compounds_cut) + " compounds across cell boundaries";
        }
        if (c.geos_fallbacks > 0) {
            o += ", " + std::to_string(c.geos_fallbacks) +
                 " clippings Boost.Geometry got invalid, redone with GEOS";
        }
        if (c.slivers > 0) {
            o += ", " + std::to_string(c.slivers) + " slivers under " + fixed(r.tolerance_m2, 1) +
                 " m2 merged into a neighbour";
        }
        o += "\n";
        for (const GridCell& cell : r.cells) {
            if (cell.community != c.code) {
                continue;
            }
            char line[160];
            std::snprintf(line, sizeof line, "  %s %12s m2 %4lld buildings %5lld households",
                          cell.code.c_str(), fixed(cell.area_m2, 1).c_str(),
                          static_cast<long long>(cell.buildings),
                          static_cast<long long>(cell.households));
            o += line;
            o += "  " + cell.name + (cell.kept ? " (kept)" : "") +
                 (cell.in_range ? "" : " OUT OF RANGE") + "\n";
        }
    }
    if (r.balanced) {
        if (r.out_of_range.empty()) {
            o += "every cell holds " + std::to_string(r.households_min) + "-" +
                 std::to_string(r.households_max) + " households\n";
        } else {
            o += std::to_string(r.out_of_range.size()) + " cells out of the range " +
                 std::to_string(r.households_min) + "-" + std::to_string(r.households_max) +
                 " households:";
            for (const std::string& code : r.out_of_range) {
                for (const GridCell& cell : r.cells) {
                    if (cell.code == code) {
                        o += " " + code + " (" + std::to_string(cell.households) + ")";
                    }
                }
            }
            o += "\n";
        }
    }
    for (const std::string& u : r.unassigned) {
        o += "grid worker unassigned: " + u + "\n";
    }
    o += r.written ? "written\n" : "dry run: nothing written\n";
    return o;
}

} // namespace gridmap
