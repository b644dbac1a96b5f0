#include "cli/args.hpp"

#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <unistd.h>

namespace gridmap::cli {

Args::Args(std::span<const std::string> argv, const std::set<std::string>& value_options,
           const std::set<std::string>& flags) {
    // An unknown option is named as typed (CLI11 would list every argument it did not expect).
    for (const std::string& a : argv) {
        if (a == "--") {
            break;
        }
        if (a.size() < 3 || a.rfind("--", 0) != 0) {
            continue;
        }
        const std::string name =
            a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
        if (name != "help" && !value_options.contains(name) && !flags.contains(name)) {
            throw InputError("unknown option --" + name + " (see --help)");
        }
    }
    CLI::App app;
    app.set_help_flag();
    bool help = false;
    app.add_flag("-h,--help", help);
    std::map<std::string, std::vector<std::string>> values;
    for (const std::string& name : value_options) {
        app.add_option(name == "output" ? "-o,--output" : "--" + name, values[name])
            ->allow_extra_args(false)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
    std::map<std::string, std::int64_t> counts;
    for (const std::string& name : flags) {
        app.add_flag("--" + name, counts[name]);
    }
    app.add_option("arguments", m_positional);
    std::vector<std::string> reversed(argv.rbegin(), argv.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        throw InputError(std::string(e.what()) + " (see --help)");
    }
    if (help) {
        m_flags.insert("help");
    }
    for (const auto& [name, n] : counts) {
        if (n > 0) {
            m_flags.insert(name);
        }
    }
    for (const auto& [name, given] : values) {
        for (const std::string& v : given) {
            m_values.emplace(name, v);
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
