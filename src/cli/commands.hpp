#pragma once

#include <span>
#include <string>

namespace gridmap::cli {

// One function per subcommand (command_<name>.cpp). Each takes the arguments after its name,
// returns the exit code, and throws gridmap::Error on bad input (main turns that into exit 2).

int command_account(std::span<const std::string> args);
int command_apikey(std::span<const std::string> args);
int command_assign(std::span<const std::string> args);
int command_check(std::span<const std::string> args);
int command_copy(std::span<const std::string> args);
int command_demo(std::span<const std::string> args);
int command_grid(std::span<const std::string> args);
int command_import(std::span<const std::string> args);
int command_info(std::span<const std::string> args);
int command_issue(std::span<const std::string> args);
int command_init(std::span<const std::string> args);
int command_render(std::span<const std::string> args);
int command_repair(std::span<const std::string> args);
int command_report(std::span<const std::string> args);
/// `gridmap report --monthly` (command_monthly.cpp): the monthly report as PDF or HTML.
int command_report_monthly(std::span<const std::string> args);
/// The seed's work (command_seed.cpp): `command` is visit, care, place, patrol, signup, points,
/// cobuild or team.
int command_seed(const std::string& command, std::span<const std::string> args);
int command_serve(std::span<const std::string> args);
int command_snapshot(std::span<const std::string> args);
int command_user(std::span<const std::string> args);
int command_view(std::span<const std::string> args);

/// The "map themes:" section of a --help: every name of gridmap::map_themes() with its title
/// (command_view.cpp).
std::string map_themes_help();

} // namespace gridmap::cli
