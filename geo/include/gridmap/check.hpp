#pragma once

#include "gridmap/project.hpp"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gridmap {

/// Thresholds of a check. Unset values come from the project's settings (default_settings()).
struct CheckOptions {
    std::optional<double> tolerance_m2; ///< smallest gap or overlap reported
    std::optional<double> cut_share;    ///< building share outside its cell that "cuts" it
    std::optional<int> households_min;  ///< target households per cell
    std::optional<int> households_max;
    std::optional<double> service_reach_m; ///< a building farther from every service point
    unsigned threads = 0;                  ///< 0 = every core
    /// The time the seed's work rules (visits, patrols) are judged at; empty = now.
    std::optional<std::int64_t> now;
};

/// Something a rule found not covered. No personal data: households appear by id only.
struct Uncovered {
    std::string id;     ///< key (building id, cell code, household id ...)
    std::string name;   ///< name or code, when the thing has one
    std::string detail; ///< why, with numbers ("94.6% in 420902001005008")
    std::string wkt;    ///< the geometry (working CRS), for spatial rules
    std::string detail_zh; ///< `detail` in Chinese ("在网格 420902001005008 内 94.6%"), for reports
};

struct RuleResult {
    std::string id;    ///< stable identifier, e.g. "building_party_group"
    std::string title; ///< English
    std::string title_zh;
    std::int64_t total = 0;
    std::int64_t covered = 0;
    std::vector<Uncovered> uncovered; ///< sorted by id
    double share() const { return total == 0 ? 1.0 : static_cast<double>(covered) / total; }
    bool holds() const { return covered == total; }
};

/// A part of a community that no cell covers.
struct Gap {
    std::string community;
    double area_m2 = 0;
    std::string wkt;
};

/// Two cells that cover the same ground.
struct CellOverlap {
    std::string cell_a; ///< the lower code
    std::string cell_b;
    double area_m2 = 0;
    std::string wkt;
};

/// How long the parts of a check took, in seconds (not part of the JSON: it is not
/// reproducible).
struct CheckTimings {
    double read_s = 0;
    double assign_s = 0;
    double tiling_s = 0;
    double spatial_rules_s = 0;
    double relational_rules_s = 0;
};

struct CheckResult {
    int epsg = 0;
    double tolerance_m2 = 0;
    double cut_share = 0;
    int households_min = 0;
    int households_max = 0;
    double service_reach_m = 0;
    std::vector<RuleResult> rules;
    std::vector<Gap> gaps;
    std::vector<CellOverlap> overlaps;
    std::size_t topology_errors = 0; ///< GEOS failures on pairs, counted, never fatal
    CheckTimings timings;
    /// The seed's work rules (gridmap/seed.hpp check_seed_rules): visits, care register, key
    /// places. Reported in their own JSON section "seed_rules" (left out when empty: a project with
    /// no visit, care or key-place rows); not part of `all_hold`.
    std::vector<RuleResult> seed_rules;
    /// Every rule holds and there is no gap or overlap above the tolerance.
    bool all_hold() const;
    const RuleResult* rule(const std::string& id) const;
};

/// Assigns every building, point and repair segment to cells and checks every coverage rule
/// (docs/ARCHITECTURE.md lists them). Read-only: the project is not changed.
CheckResult check_project(const Project& project, const CheckOptions& options = {});

/// The result as JSON: same input, byte-identical output (sorted, fixed precision, no times).
std::string check_to_json(const CheckResult& result);

/// The same bytes as check_to_json, written to `out` in chunks of a few MB (the whole text,
/// some 300 MB at 1M buildings, is never held in memory at once).
void write_check_json(const CheckResult& result, std::ostream& out);

namespace detail {
struct AnalysisState;
} // namespace detail

/// check_project and write_check_json in two steps, for `gridmap check --json`: the same bytes,
/// but the uncovered items of the rules with millions of them at city scale (unpaired
/// households, residential buildings without a party group or captain) are written straight
/// from the analysis instead of being made into `Uncovered` items first (at 1M buildings, 4
/// million items and some 1 GB never made).
class StreamedCheck {
public:
    /// Runs the whole check (check_project's work, seed rules included). Read-only.
    explicit StreamedCheck(const Project& project, const CheckOptions& options = {});
    ~StreamedCheck();
    StreamedCheck(const StreamedCheck&) = delete;
    StreamedCheck& operator=(const StreamedCheck&) = delete;

    /// CheckResult::all_hold of the result.
    bool all_hold() const;
    const CheckTimings& timings() const;
    /// The bytes of write_check_json(check_project(project, options)), in pieces of a few MB.
    void write_json(std::ostream& out) const;

private:
    std::shared_ptr<detail::AnalysisState> m_state;
};

/// A readable summary: one line per rule, the first uncovered items, gaps and overlaps.
std::string check_to_text(const CheckResult& result, std::size_t max_items = 5);

/// The same summary in Chinese: the rules' Chinese titles, the items' Chinese details
/// (`Uncovered::detail_zh`, the English detail where a rule gives none).
std::string check_to_text_zh(const CheckResult& result, std::size_t max_items = 5);

} // namespace gridmap
