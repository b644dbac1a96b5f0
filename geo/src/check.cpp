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
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace gridmap {

namespace {

/// Whether every byte of `text` is printable ASCII other than '"' and '\\': eight bytes at a
/// time (the item texts are most of a city's 300 MB of JSON).
bool plain_ascii(std::string_view text) {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    // Some byte of v is zero (exact as a whole: no false positives for the word).
    const auto has_zero = [](std::uint64_t v) {
        return ((v - ones) & ~v & highs) != 0;
    };
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, text.data() + i, 8);
        // A byte >= 0x80, a byte < 0x20, a quote or a backslash.
        if ((w & highs) != 0 || ((w - 0x20 * ones) & ~w & highs) != 0 ||
            has_zero(w ^ (0x22 * ones)) || has_zero(w ^ (0x5C * ones))) {
            return false;
        }
    }
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
            return false;
        }
    }
    return true;
}

/// Appends `text` as a JSON string literal, exactly as `json_quote` writes it; text that needs
/// no escape (nearly all of it) is appended whole.
void append_json(std::string& o, std::string_view text) {
    // Printable ASCII other than '"' and '\\' (ids, codes, most details): one scan, no UTF-8
    // decoding.
    if (!plain_ascii(text)) {
        const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
            return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
        });
        if (!plain || !is_valid_utf8(text)) {
            o += json_quote(text);
            return;
        }
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

/// The items of the result's rules that an analysis kept compact (rules::CompactItems), by
/// index into result.rules; null entries (or no CompactJson at all): the rule's Uncovered items.
struct CompactJson {
    const rules::RelationalFacts* facts = nullptr;
    std::vector<const rules::CompactItems*> of_rule;
};

void write_json_pieces(const CheckResult& r, const CompactJson* compact, std::ostream& out);

} // namespace

StreamedCheck::StreamedCheck(const Project& project, const CheckOptions& options)
    // The facts the compact items refer to stay until they are written. So do the building
    // geometries: releasing them once no rule reads them (a million GEOS frees at city scale)
    // cost more than it saved, now that no item list is made after it (1M buildings: peak
    // 1,102 -> 1,133 MB, CPU -15%); `gridmap check` leaves them to the process exit.
    : m_state(detail::analyse(project, options, detail::Keep::everything, true)) {
    m_state->result.seed_rules =
        check_seed_rules(project, options.now.value_or(detail::now_seconds()));
}

StreamedCheck::~StreamedCheck() = default;

bool StreamedCheck::all_hold() const {
    return m_state->result.all_hold();
}

const CheckTimings& StreamedCheck::timings() const {
    return m_state->result.timings;
}

void StreamedCheck::write_json(std::ostream& out) const {
    const detail::AnalysisState& st = *m_state;
    CompactJson compact;
    compact.facts = st.facts.get();
    compact.of_rule.assign(st.result.rules.size(), nullptr);
    for (std::size_t k = 0; k < st.slot.size() && k < st.compact.size(); ++k) {
        if (st.slot[k] && st.compact[k].size() > 0) {
            compact.of_rule[*st.slot[k]] = &st.compact[k];
        }
    }
    write_json_pieces(st.result, &compact, out);
}

namespace {

// The JSON of a result is made of pieces, each formatted on its own (so that the pieces of a
// large result can be formatted on several threads) and written in order: the head, each
// rule's opening, its uncovered items in runs of `items_per_piece`, its closing, then the
// tail (gaps, overlaps, seed rules).

struct JsonPiece {
    enum class Kind { head, rule_open, items, rule_close, tail } kind;
    std::size_t rule = 0; ///< index into r.rules
    std::size_t from = 0; ///< items [from, to) of the rule
    std::size_t to = 0;
};

constexpr std::size_t items_per_piece = 16384; // about 1.2 MB of household items

/// A result and the items its analysis kept compact.
struct JsonSource {
    const CheckResult& r;
    const CompactJson* compact = nullptr;
    const rules::CompactItems* compact_of(std::size_t rule) const {
        return compact != nullptr ? compact->of_rule[rule] : nullptr;
    }
    /// The uncovered items of rule `i`, either kind.
    std::size_t items(std::size_t i) const {
        const rules::CompactItems* c = compact_of(i);
        return r.rules[i].uncovered.size() + (c != nullptr ? c->size() : 0);
    }
};

std::vector<JsonPiece> json_pieces(const JsonSource& src) {
    using Kind = JsonPiece::Kind;
    const CheckResult& r = src.r;
    std::vector<JsonPiece> pieces{{Kind::head}};
    for (std::size_t i = 0; i < r.rules.size(); ++i) {
        pieces.push_back({Kind::rule_open, i});
        const std::size_t n = src.items(i);
        for (std::size_t k = 0; k < n; k += items_per_piece) {
            pieces.push_back({Kind::items, i, k, std::min(n, k + items_per_piece)});
        }
        pieces.push_back({Kind::rule_close, i});
    }
    pieces.push_back({Kind::tail});
    return pieces;
}

void json_head(const CheckResult& r, std::string& o) {
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
}

void json_rule_open(const CheckResult& r, std::size_t i, std::string& o) {
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
}

void json_items(const RuleResult& rule, std::size_t from, std::size_t to, std::string& o) {
    for (std::size_t k = from; k < to; ++k) {
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
    }
}

/// Items [from, to) of a rule kept compact: the bytes json_items writes for the Uncovered items
/// the rule would have made (id; name when not empty; detail; no WKT).
void json_compact_items(const rules::RelationalFacts& f, const rules::CompactItems& c,
                        std::size_t from, std::size_t to, std::string& o) {
    std::string detail;
    for (std::size_t k = from; k < to; ++k) {
        o += k > 0 ? ",\n      {\"id\": " : "\n      {\"id\": ";
        if (k < c.households.size()) {
            const rules::RelationalFacts::Unpaired& u = c.households[k];
            const std::string_view building = rules::unpaired_building(f, u);
            if (plain_ascii(u.id) && plain_ascii(building)) {
                // Nothing to escape (the detail's own words are plain ASCII): written as is.
                o += '"';
                o += u.id;
                o += "\", \"detail\": \"";
                rules::append_household_detail(o, building);
                o += "\"}";
                continue;
            }
            append_json(o, u.id);
            detail.clear();
            rules::append_household_detail(detail, building);
        } else {
            const auto& b = f.buildings[c.buildings[k - c.households.size()]];
            append_json(o, b.id);
            if (!b.name.empty()) {
                o += ", \"name\": ";
                append_json(o, b.name);
            }
            detail = c.building_detail;
        }
        if (!detail.empty()) {
            o += ", \"detail\": ";
            append_json(o, detail);
        }
        o += '}';
    }
}

void json_tail(const CheckResult& r, std::string& o) {
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
}

/// About the size of a piece's text (at least it, unless escapes lengthen it), to reserve it.
std::size_t json_piece_size(const JsonSource& src, const JsonPiece& piece) {
    if (piece.kind != JsonPiece::Kind::items) {
        return 0;
    }
    const CheckResult& r = src.r;
    std::size_t size = 0;
    if (const rules::CompactItems* c = src.compact_of(piece.rule)) {
        const rules::RelationalFacts& f = *src.compact->facts;
        for (std::size_t k = piece.from; k < piece.to; ++k) {
            if (k < c->households.size()) {
                const auto& u = c->households[k];
                size += 64 + u.id.size() + rules::unpaired_building(f, u).size();
            } else {
                const auto& b = f.buildings[c->buildings[k - c->households.size()]];
                size += 64 + b.id.size() + b.name.size() + c->building_detail.size();
            }
        }
        return size;
    }
    for (std::size_t k = piece.from; k < piece.to; ++k) {
        const Uncovered& u = r.rules[piece.rule].uncovered[k];
        size += 64 + u.id.size() + u.name.size() + u.detail.size() + u.wkt.size();
    }
    return size;
}

void json_piece(const JsonSource& src, const JsonPiece& piece, std::string& o) {
    const CheckResult& r = src.r;
    switch (piece.kind) {
    case JsonPiece::Kind::head:
        json_head(r, o);
        break;
    case JsonPiece::Kind::rule_open:
        json_rule_open(r, piece.rule, o);
        break;
    case JsonPiece::Kind::items:
        if (const rules::CompactItems* c = src.compact_of(piece.rule)) {
            json_compact_items(*src.compact->facts, *c, piece.from, piece.to, o);
        } else {
            json_items(r.rules[piece.rule], piece.from, piece.to, o);
        }
        break;
    case JsonPiece::Kind::rule_close:
        o += src.items(piece.rule) == 0 ? "]}" : "\n    ]}";
        break;
    case JsonPiece::Kind::tail:
        json_tail(r, o);
        break;
    }
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
    const JsonSource src{r};
    for (const JsonPiece& piece : json_pieces(src)) {
        json_piece(src, piece, out);
    }
    return out;
}

void write_check_json(const CheckResult& r, std::ostream& out) {
    write_json_pieces(r, nullptr, out);
}

namespace {

void write_json_pieces(const CheckResult& r, const CompactJson* compact, std::ostream& out) {
    // The pieces are formatted by up to `threads` threads, at most `ahead` pieces (some MB) ahead
    // of the one written next, and written in order by whichever thread has the next one: at
    // 1M buildings the whole text (300 MB) is never held at once, and formatting the next
    // pieces overlaps writing (the kernel's copy into the page cache) the current one.
    const JsonSource src{r, compact};
    const std::vector<JsonPiece> pieces = json_pieces(src);
    const unsigned threads =
        pieces.size() > 8 ? std::min(4u, std::max(1u, detail::analysis_threads())) : 1u;
    constexpr std::size_t ahead = 8;
    std::mutex mutex;
    std::condition_variable progress;
    std::size_t next_piece = 0; // the next piece to format
    std::size_t next_write = 0; // the next piece to write
    bool writer_busy = false;   // a thread is writing pieces
    bool failed = false;
    std::exception_ptr error;
    std::map<std::size_t, std::string> formatted; // formatted, not yet written
    auto work = [&] {
        try {
            for (;;) {
                std::size_t n = 0;
                {
                    std::unique_lock lock(mutex);
                    progress.wait(lock, [&] {
                        return failed || next_piece >= pieces.size() ||
                               next_piece < next_write + ahead;
                    });
                    if (failed || next_piece >= pieces.size()) {
                        return;
                    }
                    n = next_piece++;
                }
                std::string text;
                text.reserve(json_piece_size(src, pieces[n]));
                json_piece(src, pieces[n], text);
                std::unique_lock lock(mutex);
                formatted.emplace(n, std::move(text));
                if (writer_busy) {
                    continue; // the writing thread takes it when its turn comes
                }
                writer_busy = true;
                for (auto it = formatted.find(next_write); it != formatted.end() && !failed;
                     it = formatted.find(next_write)) {
                    const std::string part = std::move(it->second);
                    formatted.erase(it);
                    lock.unlock();
                    out.write(part.data(), static_cast<std::streamsize>(part.size()));
                    lock.lock();
                    ++next_write;
                    progress.notify_all();
                }
                writer_busy = false;
            }
        } catch (...) {
            const std::lock_guard lock(mutex);
            if (!failed) {
                failed = true;
                error = std::current_exception();
            }
            progress.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (std::thread& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

} // namespace

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
