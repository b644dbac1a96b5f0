#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

/// The words of the product: each coded value the project stores (a role, an issue state, a
/// road type ...) with its Chinese and English name, in ONE table per vocabulary. Every view
/// that shows a coded value (desktop, CLI, reports, PDF) takes its name from here;
/// docs/GLOSSARY.md lists them and tests/geo/terms_test.cpp checks them.

namespace gridmap {

struct Term {
    std::string_view code; ///< as stored ("building_captain", "secondary")
    std::string_view zh;   ///< "楼栋长", "次干路"
    std::string_view en;   ///< "building captain", "secondary road"
};

enum class Vocabulary {
    role,         ///< assignment roles (分工): grid_worker, ..., household_pairing
    issue_state,  ///< work-order states (三单): reported, ..., rejected
    repair_state, ///< road repair states: planned, active, done
    road_kind,    ///< road.kind: OpenStreetMap highway values
    building_kind,
    service_kind, ///< service_point.kind
};

/// Every term of a vocabulary, in its usual order.
std::span<const Term> terms(Vocabulary vocabulary);

/// The term with `code` (or with Chinese name `code`), or nullopt.
std::optional<Term> find_term(Vocabulary vocabulary, std::string_view code);

/// The Chinese name of `code`; `code` itself when the vocabulary has no such term (a value the
/// user typed: "沥青铺设").
std::string term_zh(Vocabulary vocabulary, std::string_view code);

/// The English name of `code`; `code` itself when the vocabulary has no such term.
std::string term_en(Vocabulary vocabulary, std::string_view code);

} // namespace gridmap
