#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace gridmap::cli {

/// Command-line arguments of one subcommand, parsed by CLI11: positionals, `--name value` /
/// `--name=value` options (repeatable) and `--flag` switches; `-o` is `--output` where a command
/// has one, and
/// `--` ends the options (what follows is positional). Unknown options throw InputError, which
/// the CLI reports with exit 2.
class Args {
public:
    Args(std::span<const std::string> argv, const std::set<std::string>& value_options,
         const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    /// The last value given for an option.
    std::optional<std::string> value(const std::string& name) const;
    /// Every value given for a repeatable option, in order.
    std::vector<std::string> values(const std::string& name) const;
    bool flag(const std::string& name) const { return m_flags.contains(name); }
    bool help() const { return flag("help"); }
    /// The file of `-o/--output`; nullopt when absent or "-" (standard output).
    std::optional<std::string> output_file() const;
    /// Whether `-o -` asks for standard output.
    bool output_to_stdout() const;

    /// Throws InputError unless there are exactly `n` positionals; `usage` names them.
    void expect_positionals(std::size_t n, const std::string& usage) const;

private:
    std::vector<std::string> m_positional;
    std::multimap<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

/// `value` of option `--option` as a finite number (gridmap::parse_real); InputError
/// "--option VALUE: expected a number" otherwise.
double parse_number(const std::string& option, const std::string& value);

/// `value` of option `--option` as a whole number from `min` to `max` (gridmap::parse_integer);
/// InputError "--option VALUE: expected a whole number from MIN to MAX" otherwise.
std::int64_t parse_whole(const std::string& option, const std::string& value, std::int64_t min,
                         std::int64_t max);

/// Whether standard error is a terminal (progress is shown only there).
bool stderr_is_terminal();

/// The acting person of a writing command: `--by ID`, else the environment variable
/// GRIDMAP_USER, else (when `required`) InputError "who makes this change? give --by PERSON or
/// set GRIDMAP_USER=PERSON" (exit 2). Empty when neither is given and it is not required.
/// Whether the person exists is checked by geo/ against the project.
std::string acting_person(const Args& args, bool required);

} // namespace gridmap::cli
