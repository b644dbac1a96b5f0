#include "cli/args.hpp"

#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <unistd.h>

namespace gridmap::cli {

Args::Args(std::span<const std::string> argv, const std::set<std::string>& value_options,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "-h" || a == "--help") {
            m_flags.insert("help");
            continue;
        }
        if (a == "--") { // the end of the options: a file called "--x" is a positional
            m_positional.insert(m_positional.end(), argv.begin() + static_cast<long>(i) + 1,
                                argv.end());
            break;
        }
        const bool short_output = a == "-o" && value_options.contains("output");
        if (!short_output && (a.size() < 3 || a.rfind("--", 0) != 0)) {
            m_positional.push_back(a);
            continue;
        }
        std::string name = short_output ? std::string("output") : a.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.contains(name) && !inline_value) {
            m_flags.insert(name);
        } else if (value_options.contains(name)) {
            if (inline_value) {
                m_values.emplace(name, *inline_value);
            } else if (i + 1 < argv.size()) {
                m_values.emplace(name, argv[++i]);
            } else {
                throw InputError("option --" + name + " needs a value");
            }
        } else {
            throw InputError("unknown option --" + name + " (see --help)");
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto [first, last] = m_values.equal_range(name);
    if (first == last) {
        return std::nullopt;
    }
    return std::prev(last)->second;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    auto [first, last] = m_values.equal_range(name);
    for (auto it = first; it != last; ++it) {
        out.push_back(it->second);
    }
    return out;
}

std::optional<std::string> Args::output_file() const {
    auto v = value("output");
    if (v && *v == "-") {
        return std::nullopt;
    }
    return v;
}

bool Args::output_to_stdout() const {
    return value("output") == std::optional<std::string>("-");
}

void Args::expect_positionals(std::size_t n, const std::string& usage) const {
    if (m_positional.size() != n) {
        throw InputError("usage: " + usage + " (see --help)");
    }
}

bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

double parse_number(const std::string& option, const std::string& v) {
    if (const auto d = parse_real(v)) {
        return *d;
    }
    throw InputError("--" + option + " " + v + ": expected a number");
}

std::int64_t parse_whole(const std::string& option, const std::string& v, std::int64_t min,
                         std::int64_t max) {
    if (const auto n = parse_integer(v); n && *n >= min && *n <= max) {
        return *n;
    }
    throw InputError("--" + option + " " + v + ": expected a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max));
}

std::string acting_person(const Args& args, bool required) {
    if (auto by = args.value("by"); by && !by->empty()) {
        return *by;
    }
    if (const char* env = std::getenv("GRIDMAP_USER"); env != nullptr && *env != '\0') {
        return env;
    }
    if (required) {
        throw InputError("who makes this change? give --by PERSON (a person id of the project) "
                         "or set GRIDMAP_USER=PERSON");
    }
    return {};
}

} // namespace gridmap::cli
