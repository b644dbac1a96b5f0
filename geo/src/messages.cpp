#include "gridmap/messages.hpp"

#include "gridmap/terms.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <vector>

namespace gridmap {

namespace {

/// A template cut at its placeholders: literals.size() == placeholders + 1.
struct Pattern {
    std::vector<std::string_view> literals;
    std::vector<bool> quoted; ///< placeholder i sits between quotes: kept as it is
    std::string_view zh;
    std::size_t literal_size = 0;
};

/// Whether the part after `before` is an option's name or value, kept as typed: `before` ends
/// with "--" ("--{} {}": the name) or with "--name " / "--name=" ("--merge-by {}": the value).
bool is_option_part(std::string_view before) {
    const std::size_t dashes = before.rfind("--");
    if (dashes == std::string_view::npos) {
        return false;
    }
    const std::string_view rest = before.substr(dashes + 2);
    if (rest.empty()) {
        return true;
    }
    if (rest.back() != ' ' && rest.back() != '=') {
        return false;
    }
    for (std::size_t i = 0; i + 1 < rest.size(); ++i) {
        const char c = rest[i];
        if (!((c >= 'a' && c <= 'z') || c == '-')) {
            return false;
        }
    }
    return true;
}

Pattern compile(const MessageEntry& e) {
    Pattern p;
    p.zh = e.zh;
    std::size_t start = 0;
    for (std::size_t at = e.en.find("{}"); at != std::string_view::npos;
         at = e.en.find("{}", start)) {
        p.literals.push_back(e.en.substr(start, at - start));
        start = at + 2;
    }
    p.literals.push_back(e.en.substr(start));
    for (std::size_t i = 0; i + 1 < p.literals.size(); ++i) {
        p.quoted.push_back((!p.literals[i].empty() && p.literals[i].back() == '\'' &&
                            !p.literals[i + 1].empty() && p.literals[i + 1].front() == '\'') ||
                           is_option_part(p.literals[i]));
    }
    for (std::string_view l : p.literals) {
        p.literal_size += l.size();
    }
    return p;
}

/// The catalog's patterns, the most specific (most literal text) first.
const std::vector<Pattern>& patterns() {
    static const std::vector<Pattern> all = [] {
        std::vector<Pattern> out;
        for (const MessageEntry& e : message_catalog()) {
            out.push_back(compile(e));
        }
        std::stable_sort(out.begin(), out.end(), [](const Pattern& a, const Pattern& b) {
            return a.literal_size > b.literal_size;
        });
        return out;
    }();
    return all;
}

/// Fills `captures` from placeholder `k` on, text from `pos`; the shortest capture first.
bool match_from(std::string_view text, const Pattern& p, std::size_t k, std::size_t pos,
                std::vector<std::string_view>& captures) {
    if (k + 1 == p.literals.size()) {
        return pos == text.size();
    }
    const std::string_view next = p.literals[k + 1];
    const bool last = k + 2 == p.literals.size();
    if (last) {
        if (text.size() < pos + next.size() || text.substr(text.size() - next.size()) != next) {
            return false;
        }
        captures[k] = text.substr(pos, text.size() - next.size() - pos);
        return true;
    }
    for (std::size_t at = text.find(next, pos); at != std::string_view::npos;
         at = text.find(next, at + 1)) {
        captures[k] = text.substr(pos, at - pos);
        if (match_from(text, p, k + 1, at + next.size(), captures)) {
            return true;
        }
    }
    return false;
}

std::optional<std::vector<std::string_view>> match(std::string_view text, const Pattern& p) {
    if (text.substr(0, p.literals.front().size()) != p.literals.front()) {
        return std::nullopt;
    }
    if (p.literals.size() == 1) {
        return text == p.literals.front() ? std::optional(std::vector<std::string_view>{})
                                          : std::nullopt;
    }
    if (text.size() < p.literal_size) {
        return std::nullopt;
    }
    std::vector<std::string_view> captures(p.literals.size() - 1);
    if (!match_from(text, p, 0, p.literals.front().size(), captures)) {
        return std::nullopt;
    }
    return captures;
}

/// What a part may be: `head` is the part a message opens with before ": " ("FILE: ..."), a
/// file or a label; a single catalog word ("report", "import", "cell") or a state code there
/// is a name (a file called "report"), never translated.
enum class Part { any, head };

std::string translate_piece(std::string_view text, int depth, Part part = Part::any);

/// The Chinese text of `p` with its captures (translated unless quoted) put in.
std::string fill(const Pattern& p, const std::vector<std::string_view>& captures, int depth) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < captures.size(); ++i) {
        const bool head = i == 0 && p.literals[0].empty() && !p.literals[1].empty() &&
                          p.literals[1].front() == ':';
        parts.push_back(
            p.quoted[i] ? std::string(captures[i])
                        : translate_piece(captures[i], depth + 1, head ? Part::head : Part::any));
    }
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < p.zh.size(); ++i) {
        if (p.zh[i] == '{' && i + 1 < p.zh.size() && p.zh[i + 1] == '}') {
            if (next < parts.size()) {
                out += parts[next];
            }
            ++next;
            ++i;
        } else if (p.zh[i] == '{' && i + 2 < p.zh.size() && p.zh[i + 1] >= '1' &&
                   p.zh[i + 1] <= '9' && p.zh[i + 2] == '}') {
            const std::size_t n = static_cast<std::size_t>(p.zh[i + 1] - '1');
            if (n < parts.size()) {
                out += parts[n];
            }
            i += 2;
        } else {
            out += p.zh[i];
        }
    }
    return out;
}

/// How much English `s` still holds: its ASCII letters outside '...' quotes.
std::size_t english_left(std::string_view s) {
    std::size_t n = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        // A quote opens after a space, a bracket or the start, so "source's" is no quote.
        if (c == '\'' && (quoted || i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' ||
                          static_cast<unsigned char>(s[i - 1]) >= 0x80)) {
            quoted = !quoted;
        } else if (!quoted && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            ++n;
        }
    }
    return n;
}

/// Where a template may start in the middle of a text: its fixed text opens with a separator
/// (" (pieces of one feature? ...)", ": the file looks cut short").
bool is_tail_pattern(const Pattern& p) {
    const std::string_view head = p.literals.front();
    return !head.empty() && (head.front() == ':' || head.front() == ';' || head.front() == ',' ||
                             head.front() == '(' || head.substr(0, 2) == " (");
}

/// `text` cut at `separator`, each item translated and joined with `joiner`; "" when `text`
/// has no separator, or when `whole` asks every item to come out without English and one
/// does not.
std::string translate_list(std::string_view text, std::string_view separator,
                           std::string_view joiner, bool whole, int depth) {
    if (text.find(separator) == std::string_view::npos) {
        return {};
    }
    std::string out;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find(separator, start), text.size());
        const std::string done = translate_piece(text.substr(start, end - start), depth + 1);
        if (whole && english_left(done) > 0) {
            return {};
        }
        out += (start == 0 ? "" : std::string(joiner)) + done;
        start = end + separator.size();
    }
    return out;
}

/// `text` translated: of every way the catalog can read it (a template matching all of it; a
/// template matching its end, the rest translated in turn; an issue state or role code; a list
/// of known items) the one that leaves the least English, the most specific template first on
/// a tie; `text` as it is when none helps. Several templates can match one text ("{}missing"
/// and ": a value or its delimiter is missing"); comparing the results picks the reading that
/// understood the message.
/// The pieces translated during one localize() call: a text met again (the same tail under
/// several readings) is not translated again, which keeps the search linear in practice.
thread_local std::unordered_map<std::string, std::string>* translated = nullptr;

std::string translate_piece_uncached(std::string_view text, int depth, Part part);

std::string translate_piece(std::string_view text, int depth, Part part) {
    if (text.empty() || depth > 64) {
        return std::string(text);
    }
    if (translated == nullptr) {
        return translate_piece_uncached(text, depth, part);
    }
    const std::string key = (part == Part::head ? "\x01" : "") + std::string(text);
    if (const auto it = translated->find(key); it != translated->end()) {
        return it->second;
    }
    std::string done = translate_piece_uncached(text, depth, part);
    translated->emplace(key, done);
    return done;
}

std::string translate_piece_uncached(std::string_view text, int depth, Part part) {
    // A reading is better when it leaves less English; on a tie, when a template that ends
    // with a part took less text into that part ("{} is not closed" over "ring {} of polygon
    // {}" for "ring 1 of polygon 1 is not closed"): an open end swallows what follows.
    std::string best(text);
    std::size_t best_left = english_left(text);
    std::size_t best_open = 0; // the text as it is wins a tie: a reading must remove English
    const auto consider = [&](std::string candidate, std::size_t open) {
        const std::size_t left = english_left(candidate);
        if (!candidate.empty() && (left < best_left || (left == best_left && open < best_open))) {
            best = std::move(candidate);
            best_left = left;
            best_open = open;
        }
    };
    const auto open_end = [](const Pattern& p, const std::vector<std::string_view>& captures) {
        return p.literals.back().empty() && !captures.empty() ? captures.back().size() : 0;
    };
    for (const Pattern& p : patterns()) {
        if (best_left == 0 && best_open == 0) {
            return best;
        }
        if (part == Part::head && p.literals.size() == 1 &&
            p.literals.front().find(' ') == std::string_view::npos) {
            continue; // a file called "report" stays "report"
        }
        if (auto captures = match(text, p)) {
            consider(fill(p, *captures, depth), open_end(p, *captures));
            continue;
        }
        if (!is_tail_pattern(p)) {
            continue;
        }
        const std::string_view head = p.literals.front();
        for (std::size_t at = text.find(head, 1); at != std::string_view::npos;
             at = text.find(head, at + 1)) {
            if (auto captures = match(text.substr(at), p)) {
                consider(translate_piece(text.substr(0, at), depth + 1) + fill(p, *captures, depth),
                         open_end(p, *captures));
                break;
            }
        }
    }
    // A coded value (an issue state, a role) by its name in the glossary.
    for (Vocabulary v : {Vocabulary::issue_state, Vocabulary::role, Vocabulary::repair_state}) {
        if (const auto term = find_term(v, text);
            part != Part::head && term && term->code == text) {
            return std::string(term->zh);
        }
    }
    // Problems joined by "; ", each on its own; a list "dispatched, rejected" whose every item
    // comes out without English (Chinese names are kept), joined with 、.
    if (best_left > 0) {
        consider(translate_list(text, "; ", "；", false, depth), 0);
        consider(translate_list(text, ", ", "、", true, depth), 0);
    }
    return best;
}

bool starts_with_zh(const char* value) {
    return value != nullptr && (value[0] == 'z' || value[0] == 'Z') &&
           (value[1] == 'h' || value[1] == 'H');
}

bool starts_with_en(const char* value) {
    return value != nullptr && (value[0] == 'e' || value[0] == 'E') &&
           (value[1] == 'n' || value[1] == 'N');
}

} // namespace

Language language_from_environment() {
    const char* forced = std::getenv("GRIDMAP_LANG");
    if (starts_with_zh(forced)) {
        return Language::zh_CN;
    }
    if (starts_with_en(forced)) {
        return Language::en;
    }
    // The POSIX order: LC_ALL overrides LC_MESSAGES overrides LANG; an empty one is unset.
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (value != nullptr && value[0] != '\0') {
            return starts_with_zh(value) ? Language::zh_CN : Language::en;
        }
    }
    return Language::en;
}

std::string localize(std::string_view message, Language language) {
    if (language == Language::en || message.empty()) {
        return std::string(message);
    }
    // A list ("FILE: 3 problems; nothing was imported:" and a problem a line): each line on
    // its own, its indent kept. A part never runs over a line break.
    std::unordered_map<std::string, std::string> cache;
    translated = &cache;
    struct Reset {
        ~Reset() { translated = nullptr; }
    } reset;
    std::string out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = message.find('\n', start);
        const std::string_view line =
            message.substr(start, end == std::string_view::npos ? end : end - start);
        const std::size_t indent = line.find_first_not_of(' ');
        out += line.substr(0, std::min(indent, line.size()));
        if (indent != std::string_view::npos) {
            out += translate_piece(line.substr(indent), 0);
        }
        if (end == std::string_view::npos) {
            break;
        }
        out += '\n';
        start = end + 1;
    }
    return out;
}

} // namespace gridmap
