// gridmap snapshot: stores the coverage figures of a project with a date (覆盖快照) and prints
// them with the change since the previous snapshot.

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/error.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/text.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace gridmap::cli {

namespace {

constexpr const char* help = R"(usage: gridmap snapshot PROJECT.gpkg [--note TEXT] [--at TIME]
       gridmap snapshot PROJECT.gpkg --list | --delta

Stores the coverage figures of every community, compound and cell in the project with the time
(a snapshot), then prints the community figures and what changed since the previous snapshot.
Metrics: party_group, building_captain, unit_captain (shares of residential buildings or units
covered), grid_worker (cells with a grid worker), household_pairing (households paired with a
party member), household_visited (households visited within visit_interval_days, once the
project logs visits), issues_open and issues_resolved (counts). In a project that keeps the
seed's logs, also (each only with its log or register): care_paired, care_visited (households
of the care register paired with a member / visited within care_visit_days), key_place_patrolled
(key places patrolled within their frequency), and for the community as a whole points_month
(count: the month's points so far), member_checkin, signup_pairing, signup_night_patrol (party
members checked in / signed up) and cobuild_pledges_done (co-building pledges done). The figures
are those of 'gridmap report', 'gridmap check' and 'gridmap points'. Residents' names and phone
numbers are never read.

options:
  --note TEXT   a note kept with the snapshot (e.g. "10月例会")
  --at TIME     the time of the snapshot, ISO 8601 (default: now; without an offset it is
                Beijing time), e.g. 2026-10-31 or 2026-10-31T18:00:00+08:00; it must be after
                the latest snapshot
  --list        list the snapshots, oldest first (nothing is stored)
  --delta       print the latest snapshot against the previous one (nothing is stored)
)";

std::string value_text(const SnapshotFigure& f) {
    char buf[64];
    if (is_count_metric(f.metric)) {
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(f.numerator));
    } else if (f.value) {
        std::snprintf(buf, sizeof buf, "%.1f %% (%lld/%lld)", *f.value,
                      static_cast<long long>(f.numerator), static_cast<long long>(f.denominator));
    } else {
        std::snprintf(buf, sizeof buf, "- (0/0)");
    }
    return buf;
}

/// A scope (community, compound, cell) in the language of messages.
std::string scope_text(const std::string& scope) {
    if (!chinese_session()) {
        return scope;
    }
    return scope == "community"  ? "社区"
           : scope == "compound" ? "小区"
           : scope == "cell"     ? "网格"
                                 : scope;
}

/// A metric's code in English, its Chinese name (党小组覆盖率) in Chinese.
std::string metric_text(const std::string& metric) {
    return chinese_session() ? metric_title_zh(metric) : metric;
}

void print_changes(const SnapshotDelta& d, bool all_communities_lines) {
    const bool zh = chinese_session();
    if (zh) {
        std::cout << "自 " << d.previous.id << "（" << beijing_time(d.previous.taken_at) << "）至 "
                  << d.latest.id << "（" << beijing_time(d.latest.taken_at) << "）的变化：\n";
    } else {
        std::cout << "change since " << d.previous.id << " (" << beijing_time(d.previous.taken_at)
                  << ") to " << d.latest.id << " (" << beijing_time(d.latest.taken_at) << "):\n";
    }
    int printed = 0;
    for (const FigureChange& c : d.changes) {
        const auto change = c.change();
        const bool moved = !change || std::fabs(*change) > 1e-9;
        if (c.scope != "community" && !moved) {
            continue;
        }
        if (c.scope == "community" && !all_communities_lines && !moved) {
            continue;
        }
        std::cout << "  " << scope_text(c.scope) << ' ' << c.target
                  << (c.target_name.empty() ? "" : " " + c.target_name) << ' '
                  << metric_text(c.metric) << tr(": ", "：")
                  << (c.before ? value_text(*c.before) : tr("(new)", "（新增）")) << " -> "
                  << (c.after ? value_text(*c.after) : tr("(gone)", "（已删除）"));
        if (change) {
            char buf[48];
            if (zh) {
                std::snprintf(buf, sizeof buf,
                              is_count_metric(c.metric) ? "（%+.0f）" : "（%+.1f 个百分点）",
                              *change);
            } else {
                std::snprintf(buf, sizeof buf,
                              is_count_metric(c.metric) ? " (%+.0f)" : " (%+.1f points)", *change);
            }
            std::cout << buf;
        }
        std::cout << '\n';
        ++printed;
    }
    if (printed == 0) {
        std::cout << tr("  no figure changed\n", "  指标无变化\n");
    }
}

} // namespace

int command_snapshot(std::span<const std::string> argv) {
    const Args args(argv, {"note", "at"}, {"list", "delta"});
    if (args.help()) {
        std::cout << help_text("snapshot", help);
        return 0;
    }
    args.expect_positionals(1, "gridmap snapshot PROJECT.gpkg [--note TEXT] [--at TIME]");
    const std::string path = args.positional()[0];
    if (args.flag("list") || args.flag("delta")) {
        if (args.value("note") || args.value("at")) {
            throw InputError("--list and --delta store nothing: --note and --at do not apply");
        }
        const Project project = Project::open_for_reading(path);
        if (args.flag("list")) {
            for (const SnapshotInfo& s : list_snapshots(project)) {
                std::cout << s.id << '\t' << beijing_time(s.taken_at) << '\t' << s.note << '\n';
            }
            return 0;
        }
        print_changes(snapshot_delta(project), true);
        return 0;
    }
    std::optional<std::int64_t> at;
    if (auto v = args.value("at")) {
        at = require_date_time(*v, "--at");
    }
    Project project = Project::open(path);
    const CoverageSnapshot s = take_snapshot(project, args.value("note").value_or(""), at);
    if (chinese_session()) {
        std::cout << "快照 " << s.info.id << " 保存于 " << beijing_time(s.info.taken_at)
                  << (s.info.note.empty() ? "" : "（" + s.info.note + "）") << "：指标 "
                  << s.figures.size() << " 项\n";
    } else {
        std::cout << "snapshot " << s.info.id << " taken " << beijing_time(s.info.taken_at)
                  << (s.info.note.empty() ? "" : " (" + s.info.note + ")") << ": "
                  << s.figures.size() << " figures\n";
    }
    for (const SnapshotFigure& f : s.figures) {
        if (f.scope == "community") {
            std::cout << "  " << f.target << (f.target_name.empty() ? "" : " " + f.target_name)
                      << ' ' << metric_text(f.metric) << tr(": ", "：") << value_text(f) << '\n';
        }
    }
    if (const auto d = latest_delta(project)) {
        print_changes(*d, false);
    } else {
        std::cout << tr("no previous snapshot to compare with\n", "没有可比较的上一快照\n");
    }
    return 0;
}

} // namespace gridmap::cli
