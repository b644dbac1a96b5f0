#pragma once

#include <span>
#include <string>
#include <string_view>

/// Messages of geo/ and the CLI in the user's language.
///
/// geo/ builds every message in English, as before (`InputError::what()` stays English, so
/// logs and tests read the same everywhere). At the boundary where a message is shown (the
/// CLI's stderr, the desktop's error bar) `localize` turns it into Chinese by matching it
/// against the templates of the catalog (geo/src/message_catalog.cpp): a template is the
/// English text with {} for each part computed at run time ("{}: no such file"), the key
/// the source code builds the message from. The parts a template captures are translated in
/// turn (a composed message "FILE: feature 3, field 'floors': 'six' is not a whole number"
/// matches "{}: {}; ..." then "{}, field '{}': {}" then "'{}' is not a whole number"), except
/// a part between quotes ('B012', a name, a value the user typed), which is kept as it is.
/// A message or part no template matches is kept in English. scripts/message-scan lists the
/// templates of the source that have no Chinese entry (ctest message_catalog).

namespace gridmap {

enum class Language {
    en,    ///< English: messages are returned unchanged
    zh_CN, ///< Simplified Chinese
};

/// The language of messages: GRIDMAP_LANG (zh_CN|en, any "zh"/"en" prefix), else the locale
/// (LC_ALL, LC_MESSAGES, LANG: a value starting with "zh" is Chinese), else English. The same
/// rule as `gridmap render --lang` and the desktop's UI language.
Language language_from_environment();

/// `message` (one or more lines, as geo/ or the CLI built it) in `language`. English returns
/// it byte for byte; Chinese translates each template the catalog knows, line by line.
std::string localize(std::string_view message, Language language);

/// One entry of the catalog: the English template and its Chinese text. In `zh`, "{}" takes
/// the captured parts in order; "{1}" ... "{9}" take a given one (to reorder or drop one, as
/// the plural "s" of "{} field{}").
struct MessageEntry {
    std::string_view en;
    std::string_view zh;
};

/// Every entry of the Chinese catalog.
std::span<const MessageEntry> message_catalog();

} // namespace gridmap
