#include "gridmap/check.hpp"

#include "detail/analysis_state.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/seed.hpp"
#include "gridmap/text.hpp"
#include "rules/rule.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <string_view>
#include <unordered_map>

namespace gridmap {

namespace {

/// Appends `text` as a JSON string literal, exactly as `json_quote` writes it; valid UTF-8 that
/// needs no escape (nearly all of it) is appended whole.
void append_json(std::string& o, std::string_view text) {
    const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
        return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
    if (!plain || !is_valid_utf8(text)) {
        o += json_quote(text);
        return;
    }
    o += '"';
    o += text;
    o += '"';
}

} // namespace

bool CheckResult::all_hold() const {
    return gaps.empty() && overlaps.empty() &&
           std::all_of(rules.begin(), rules.end(), [](const RuleResult& r) { return r.holds(); });
}

const RuleResult* CheckResult::rule(const std::string& id) const {
    for (const auto& r : rules) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

CheckResult check_project(const Project& project, const CheckOptions& options) {
    // The analysis of gridmap/analysis.hpp, keeping nothing: the result is moved out of it.
    CheckResult result =
        std::move(detail::analyse(project, options, detail::Keep::nothing)->result);
    // The seed's work rules (visits, care register, key places): their own section.
    result.seed_rules = check_seed_rules(project, options.now.value_or(detail::now_seconds()));
    return result;
}

namespace {

/// Writes the JSON of `r` into `o`, handing `o` to `flush` (and clearing it) whenever it holds
/// more than `chunk` bytes between two items.
template <class Flush>
void json_into(const CheckResult& r, std::string& o, std::size_t chunk, Flush flush) {
    auto maybe_flush = [&] {
        if (o.size() > chunk) {
            flush(o);
            o.clear();
        }
    };
    o += "{\n  \"epsg\": ";
    o += std::to_string(r.epsg);
    o += ",\n  \"settings\": {\"tolerance_m2\": ";
    o += json_number(r.tolerance_m2, 3);
    o += ", \"cut_share\": ";
    o += json_number(r.cut_share, 3);
    o += ", \"households_min\": ";
    o += std::to_string(r.households_min);
    o += ", \"households_max\": ";
    o += std::to_string(r.households_max);
    o += ", \"service_reach_m\": ";
    o += json_number(r.service_reach_m, 1);
    o += "},\n  \"all_hold\": ";
    o += r.all_hold() ? "true" : "false";
    o += ",\n  \"rules\": [";
    for (std::size_t i = 0; i < r.rules.size(); ++i) {
        const RuleResult& rule = r.rules[i];
        o += i > 0 ? ",\n    {\"id\": " : "\n    {\"id\": ";
        append_json(o, rule.id);
        o += ", \"title\": ";
        append_json(o, rule.title);
        o += ", \"title_zh\": ";
        append_json(o, rule.title_zh);
        o += ", \"total\": ";
        o += std::to_string(rule.total);
        o += ", \"covered\": ";
        o += std::to_string(rule.covered);
        o += ", \"share\": ";
        o += json_number(rule.share(), 4);
        o += ", \"uncovered\": [";
        for (std::size_t k = 0; k < rule.uncovered.size(); ++k) {
            const Uncovered& u = rule.uncovered[k];
            o += k > 0 ? ",\n      {\"id\": " : "\n      {\"id\": ";
            append_json(o, u.id);
            if (!u.name.empty()) {
                o += ", \"name\": ";
                append_json(o, u.name);
            }
            if (!u.detail.empty()) {
                o += ", \"detail\": ";
                append_json(o, u.detail);
            }
            if (!u.wkt.empty()) {
                o += ", \"wkt\": ";
                append_json(o, u.wkt);
            }
            o += '}';
            maybe_flush();
        }
        o += rule.uncovered.empty() ? "]}" : "\n    ]}";
    }
    o += "\n  ],\n  \"gaps\": [";
    for (std::size_t i = 0; i < r.gaps.size(); ++i) {
        const Gap& g = r.gaps[i];
        o += i > 0 ? ",\n    {\"community\": " : "\n    {\"community\": ";
        append_json(o, g.community);
        o += ", \"area_m2\": ";
        o += json_number(g.area_m2, 2);
        o += ", \"wkt\": ";
        append_json(o, g.wkt);
        o += '}';
        maybe_flush();
    }
    o += r.gaps.empty() ? "],\n" : "\n  ],\n";
    o += "  \"overlaps\": [";
    for (std::size_t i = 0; i < r.overlaps.size(); ++i) {
        const CellOverlap& ov = r.overlaps[i];
        o += i > 0 ? ",\n    {\"cells\": [" : "\n    {\"cells\": [";
        append_json(o, ov.cell_a);
        o += ", ";
        append_json(o, ov.cell_b);
        o += "], \"area_m2\": ";
        o += json_number(ov.area_m2, 2);
        o += ", \"wkt\": ";
        append_json(o, ov.wkt);
        o += '}';
        maybe_flush();
    }
    o += r.overlaps.empty() ? "],\n" : "\n  ],\n";
    if (!r.seed_rules.empty()) {
        // Only in a project that keeps the seed's logs: the output of one that does not stays
        // what it was before those rules existed.
        o += seed_rules_json(r.seed_rules);
    }
    o += "  \"topology_errors\": ";
    o += std::to_string(r.topology_errors);
    o += "\n}\n";
    flush(o);
}

} // namespace

std::string check_to_json(const CheckResult& r) {
    // One string, reserved once, with every piece appended in place: at 1M buildings the
    // output is some 300 MB of mostly plain ids and details.
    std::size_t size = 4096;
    for (const RuleResult& rule : r.rules) {
        size += 256 + rule.id.size() + rule.title.size() + rule.title_zh.size();
        for (const Uncovered& u : rule.uncovered) {
            size += 64 + u.id.size() + u.name.size() + u.detail.size() + u.wkt.size();
        }
    }
    for (const Gap& g : r.gaps) {
        size += 64 + g.community.size() + g.wkt.size();
    }
    for (const CellOverlap& ov : r.overlaps) {
        size += 64 + ov.cell_a.size() + ov.cell_b.size() + ov.wkt.size();
    }
    std::string out;
    out.reserve(size);
    json_into(r, out, std::numeric_limits<std::size_t>::max(), [](const std::string&) {});
    return out;
}

void write_check_json(const CheckResult& r, std::ostream& out) {
    // In chunks of about 4 MB: at 1M buildings the whole text (300 MB) is never held at once.
    constexpr std::size_t chunk = std::size_t{4} << 20;
    std::string o;
    o.reserve(chunk + 4096);
    json_into(r, o, chunk, [&](const std::string& part) {
        out.write(part.data(), static_cast<std::streamsize>(part.size()));
    });
}

std::string check_to_text(const CheckResult& r, std::size_t max_items) {
    std::size_t holding = 0;
    for (const auto& rule : r.rules) {
        holding += rule.holds() ? 1 : 0;
    }
    std::string o = std::to_string(holding) + " of " + std::to_string(r.rules.size()) +
                    " rules hold; " + std::to_string(r.gaps.size()) + " gaps and " +
                    std::to_string(r.overlaps.size()) + " overlaps above " +
                    fixed(r.tolerance_m2, 1) + " m2\n\n";
    for (const auto& rule : r.rules) {
        char line[256];
        std::snprintf(line, sizeof line, "%s %-30s %7lld/%-7lld %6s  ", rule.holds() ? "ok" : "NO",
                      rule.id.c_str(), static_cast<long long>(rule.covered),
                      static_cast<long long>(rule.total), rules::percent(rule.share()).c_str());
        o += line + rule.title_zh + " / " + rule.title + "\n";
        for (std::size_t i = 0; i < rule.uncovered.size() && i < max_items; ++i) {
            const Uncovered& u = rule.uncovered[i];
            o += "     " + u.id + (u.name.empty() ? "" : " " + u.name) + ": " + u.detail + "\n";
        }
        if (rule.uncovered.size() > max_items) {
            o += "     ... and " + std::to_string(rule.uncovered.size() - max_items) + " more\n";
        }
    }
    for (const Gap& g : r.gaps) {
        o += "gap in " + g.community + ": " + fixed(g.area_m2, 1) + " m2\n";
    }
    for (const CellOverlap& ov : r.overlaps) {
        o += "overlap " + ov.cell_a + " / " + ov.cell_b + ": " + fixed(ov.area_m2, 1) + " m2\n";
    }
    o += seed_rules_text(r.seed_rules, max_items);
    if (r.topology_errors > 0) {
        o += std::to_string(r.topology_errors) +
             " GEOS topology errors (pairs skipped; check the input geometries)\n";
    }
    return o;
}

} // namespace gridmap
