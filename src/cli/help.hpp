#pragma once

#include <string>
#include <string_view>

namespace gridmap::cli {

/// The --help text of `command` ("gridmap" for `gridmap --help`, else the command's name:
/// "check", "report --monthly", "visit" for every command of the seed's work ...) in the
/// language of messages (gridmap::language_from_environment(), the rule of localize() and
/// `check`): `english` byte for byte in English, the Chinese text of help_zh.cpp in Chinese.
/// Option names, placeholders and examples are the same in both (tests/cli/help_zh_test.sh
/// checks that every option of the English text is in the Chinese one).
std::string help_text(std::string_view command, std::string_view english);

/// Whether the language of messages is Chinese (the rule of help_text).
bool chinese_session();

/// A line of a command's standard output in the language of messages: `en` in English, `zh`
/// in a Chinese session (the words of docs/GLOSSARY.md).
std::string tr(std::string_view en, std::string_view zh);

} // namespace gridmap::cli
