#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/check.hpp"
#include "gridmap/error.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/parse.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

// AddressSanitizer: GCC defines __SANITIZE_ADDRESS__, clang (14) answers __has_feature.
#if defined(__has_feature)
#define GRIDMAP_CHECK_ASAN __has_feature(address_sanitizer)
#else
#define GRIDMAP_CHECK_ASAN 0
#endif

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap check PROJECT.gpkg [--json] [-o FILE] [options]

Assigns buildings, issues, service points and repair segments to cells and checks every
coverage rule: cells tile their community (gaps and overlaps above the tolerance, as polygons
with their areas), cells and compounds inside their community, buildings in a cell and not
cut by a cell boundary, points in a cell, repairs inside the community and not overlapping,
buildings within reach of a service point; every residential building has a party group and
a building captain, every unit a unit captain, every compound a compound captain, every cell
a grid worker, every household a pairing party member, every cell households in range.

Exit code 0 when every rule holds, 1 when any falls short, 2 on bad input.

options:
  --json                 the full result as JSON (same input, byte-identical output)
  -o, --output FILE      write the result to FILE instead of standard output
  --tolerance M2         smallest gap or overlap reported (default: setting tolerance_m2, 1)
  --households MIN-MAX   target households per cell (default: settings, 300-500)
  --reach M              service reach in metres (default: setting service_reach_m, 500)
  --threads N            threads for the assignment (default: every core)
  --timings              print how long reading and each group of rules took (stderr)
  --at DATE              judge the seed's work rules (household_visited, care_paired,
                         care_visited, key_place_patrolled; section "seed_rules", not part of
                         the exit code) at the end of DATE instead of now
)";

double number(const std::string& option, const std::string& v) {
    if (const auto d = parse_real(v); d && *d >= 0) {
        return *d;
    }
    throw InputError("--" + option + " " + v + ": expected a non-negative number");
}

} // namespace

int command_check(std::span<const std::string> argv) {
    std::vector<std::string> args_copy(argv.begin(), argv.end());
    const Args args(args_copy, {"output", "tolerance", "households", "reach", "threads", "at"},
                    {"json", "timings"});
    if (args.help()) {
        std::cout << help_text("check", help);
        return 0;
    }
    args.expect_positionals(1, "gridmap check PROJECT.gpkg [--json] [-o FILE]");
    CheckOptions o;
    if (auto v = args.value("tolerance")) {
        o.tolerance_m2 = number("tolerance", *v);
    }
    if (auto v = args.value("reach")) {
        o.service_reach_m = number("reach", *v);
    }
    if (auto v = args.value("threads")) {
        o.threads = static_cast<unsigned>(number("threads", *v));
    }
    if (auto v = args.value("households")) {
        const auto dash = v->find('-');
        if (dash == std::string::npos) {
            throw InputError("--households " + *v + ": expected MIN-MAX, e.g. 300-500");
        }
        o.households_min = static_cast<int>(number("households", v->substr(0, dash)));
        o.households_max = static_cast<int>(number("households", v->substr(dash + 1)));
    }
    if (auto v = args.value("at")) {
        o.now = require_date_time(*v, "--at") + (v->size() <= 10 ? 24 * 3600 - 1 : 0);
    }
    const Project project = Project::open_for_reading(args.positional()[0]);
    // --json: the largest rules' items are written straight from the analysis, a few MB at a
    // time (300 MB at 1M buildings); the text needs the result's first items only.
    std::unique_ptr<StreamedCheck> streamed;
    std::unique_ptr<CheckResult> r;
    if (args.flag("json")) {
        streamed = std::make_unique<StreamedCheck>(project, o);
    } else {
        r = std::make_unique<CheckResult>(check_project(project, o));
    }
    auto write = [&](std::ostream& f) {
        if (streamed) {
            streamed->write_json(f);
        } else {
            f << (language_from_environment() == Language::zh_CN ? check_to_text_zh(*r)
                                                                 : check_to_text(*r));
        }
        f.flush();
        return static_cast<bool>(f);
    };
    if (auto file = args.output_file()) {
        std::ofstream f(*file, std::ios::binary);
        if (!f || !write(f)) {
            throw InputError(*file + ": cannot write");
        }
    } else {
        write(std::cout);
    }
    const CheckTimings& t = streamed ? streamed->timings() : r->timings;
    if (args.flag("timings")) {
        std::fprintf(stderr,
                     "timings: read %.3f s, assign %.3f s, tiling %.3f s, spatial rules %.3f s, "
                     "relational rules %.3f s\n",
                     t.read_s, t.assign_s, t.tiling_s, t.spatial_rules_s, t.relational_rules_s);
    }
    const bool holds = streamed ? streamed->all_hold() : r->all_hold();
#if !defined(__SANITIZE_ADDRESS__) && !GRIDMAP_CHECK_ASAN
    // The process ends with this command: the analysis (at city scale millions of small
    // allocations) is left to the exit instead of being freed piece by piece. Sanitized
    // builds free it, so that LeakSanitizer still sees every other leak.
    static_cast<void>(streamed.release());
    static_cast<void>(r.release());
#endif
    return holds ? 0 : 1;
}

} // namespace gridmap::cli
