#include "map_theme.hpp"

#include "map_style.hpp"

#include <QCoreApplication>

#include <set>

namespace gridmap::render {

namespace {

QString tr_legend(const char* text) {
    return QCoreApplication::translate("Legend", text);
}

// Coverage theme.
const QColor complete_fill(67, 160, 71);
const QColor partial_fill(251, 140, 0);     // coverage: no party group; one rule: some missing
const QColor no_captain_fill(253, 216, 53); // coverage: a party group but no building captain
const QColor none_fill(229, 57, 53);
const QColor empty_fill(255, 255, 255); // nothing registered the rule could check
const QColor not_required_fill(176, 176, 176);
const QColor building_stroke(90, 90, 90);
const QColor cut_color(106, 27, 154);
const QColor cell_below(100, 181, 246, 90);
const QColor cell_within(129, 199, 132, 90);
const QColor cell_above(240, 98, 146, 100);
const QColor cell_no_worker(229, 57, 53, 110);
// Issues theme.
const QColor open_fill(229, 57, 53);
const QColor done_fill(67, 160, 71);
const QColor rejected_fill(117, 117, 117);
const QColor overdue_fill(136, 14, 79); // darker and larger than open: it must stand out
const QColor cell_no_issue(255, 255, 255, 0);
const QColor cell_few_issues(255, 183, 77, 90);
const QColor cell_many_issues(244, 81, 30, 120);
const QColor muted_fill(205, 205, 205);
const QColor muted_stroke(150, 150, 150);

FeatureStyle plain_style(const QString& layer) {
    const LayerStyle s = layer_style(layer.toStdString());
    FeatureStyle f;
    f.fill = s.fill;
    f.stroke = s.stroke;
    f.stroke_width_px = s.stroke_width_px;
    f.pen_style = s.pen_style;
    f.radius_px = s.point_radius_px;
    return f;
}

/// Gives `f` the shape of an issue category's symbol: circles 6 px, polygons 7.5 px (their
/// corners reach as far as a circle's edge looks), times `scale`.
void set_category_symbol(FeatureStyle& f, const std::string& category, double scale = 1.0) {
    const CategorySymbol sym = category_symbol(category);
    f.sides = sym.sides;
    f.rotation_deg = sym.rotation_deg;
    f.radius_px = (sym.sides == 32 ? 6.0 : 7.5) * scale;
}

QColor stage_color(gridmap::IssueStage stage) {
    switch (stage) {
    case gridmap::IssueStage::open:
        return open_fill;
    case gridmap::IssueStage::done:
        return done_fill;
    case gridmap::IssueStage::rejected:
        return rejected_fill;
    }
    return open_fill;
}

QColor cell_issue_fill(std::int64_t open) {
    return open == 0 ? cell_no_issue : open < 3 ? cell_few_issues : cell_many_issues;
}

LegendEntry entry(LegendEntry::Symbol symbol, FeatureStyle style, QString text) {
    return {symbol, std::move(style), std::move(text)};
}

struct Swatch {
    QColor fill;
    const char* text; ///< QT_TRANSLATE_NOOP("Legend", ...)
};

/// One legend entry per swatch: `base` filled with the swatch's colour, with its text.
void add_swatches(QList<LegendEntry>& out, LegendEntry::Symbol symbol, FeatureStyle base,
                  std::initializer_list<Swatch> swatches) {
    for (const Swatch& w : swatches) {
        base.fill = w.fill;
        out.push_back(entry(symbol, base, tr_legend(w.text)));
    }
}

LegendEntry heading(QString text) {
    return {LegendEntry::Symbol::heading, {}, std::move(text)};
}

LegendEntry::Symbol symbol_of(gridmap::GeometryKind kind) {
    switch (kind) {
    case gridmap::GeometryKind::line:
        return LegendEntry::Symbol::line;
    case gridmap::GeometryKind::point:
        return LegendEntry::Symbol::point;
    default:
        return LegendEntry::Symbol::fill;
    }
}

} // namespace

CategorySymbol category_symbol(const std::string& category) {
    // One shape per category of gridmap::issue_categories(): the main classes of digital urban
    // management, then the community's own requests (微心愿 points down, 微诉求 east).
    static const std::vector<std::pair<std::string_view, CategorySymbol>> symbols{
        {"市容环境", {32, 0}}, // a disc
        {"宣传广告", {4, 45}}, // a square
        {"施工管理", {3, 90}}, // a triangle pointing up
        {"突发事件", {4, 0}},  // a diamond
        {"街面秩序", {5, 90}}, // a pentagon
        {"扩展事件", {6, 0}},  // a hexagon
        {"微心愿", {3, -90}},  // a triangle pointing down
        {"微诉求", {3, 0}},    // a triangle pointing east
    };
    for (const auto& [name, symbol] : symbols) {
        if (name == category) {
            return symbol;
        }
    }
    return {8, 22.5}; // an octagon: a category outside the table
}

QString theme_name(Theme theme) {
    const std::string_view name = gridmap::map_theme_info(theme).name;
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

bool theme_from_name(const QString& name, Theme& theme) {
    if (const gridmap::MapThemeInfo* t = gridmap::find_map_theme(name.toStdString())) {
        theme = t->theme;
        return true;
    }
    return false;
}

QList<Theme> all_themes() {
    QList<Theme> out;
    for (const gridmap::MapThemeInfo& t : gridmap::map_themes()) {
        out.push_back(t.theme);
    }
    return out;
}

QString theme_title(Theme theme) {
    // The English titles of gridmap::map_themes(), translated in context "Theme".
    const std::string title(gridmap::map_theme_info(theme).title);
    return QCoreApplication::translate("Theme", title.c_str());
}

bool shows_tiling(Theme theme) {
    return theme == Theme::coverage || theme == Theme::grid_worker || theme == Theme::households;
}

FeatureStyle tiling_style(bool overlap) {
    FeatureStyle f;
    f.fill = overlap ? QColor(255, 214, 0, 210) : QColor(213, 0, 249, 170);
    f.stroke = overlap ? QColor(191, 144, 0) : QColor(142, 36, 170);
    f.stroke_width_px = 1.5;
    return f;
}

namespace {

QColor status_fill(gridmap::RuleStatus status) {
    switch (status) {
    case gridmap::RuleStatus::complete:
        return complete_fill;
    case gridmap::RuleStatus::partial:
        return partial_fill;
    case gridmap::RuleStatus::none:
        return none_fill;
    case gridmap::RuleStatus::empty:
        return empty_fill;
    case gridmap::RuleStatus::not_required:
        return not_required_fill;
    }
    return none_fill;
}

/// The status of building `b` under a theme of one building rule.
gridmap::RuleStatus building_status(const gridmap::BuildingTheme& b, Theme theme) {
    switch (theme) {
    case Theme::party_group:
        return b.party_group_status();
    case Theme::building_captain:
        return b.captain_status();
    case Theme::unit_captain:
        return b.unit_captain_status();
    default:
        return b.pairing_status();
    }
}

bool is_building_rule(Theme theme) {
    return theme == Theme::party_group || theme == Theme::building_captain ||
           theme == Theme::unit_captain || theme == Theme::pairing;
}

QColor coverage_fill(const gridmap::BuildingTheme& b) {
    switch (b.coverage()) {
    case gridmap::BuildingCoverage::complete:
        return complete_fill;
    case gridmap::BuildingCoverage::partial:
        return b.has_party_group ? no_captain_fill : partial_fill;
    case gridmap::BuildingCoverage::none:
        return none_fill;
    case gridmap::BuildingCoverage::not_required:
        return not_required_fill;
    }
    return none_fill;
}

QColor households_fill(const gridmap::CellTheme* c) {
    if (c == nullptr) {
        return cell_within;
    }
    return c->range == gridmap::HouseholdRange::below   ? cell_below
           : c->range == gridmap::HouseholdRange::above ? cell_above
                                                        : cell_within;
}

/// Buildings and cells under the coverage theme and the themes of one rule.
void coverage_feature_style(FeatureStyle& f, const MapData& data, const QString& layer,
                            const std::string& key, Theme theme) {
    if (layer == QLatin1String("building")) {
        const gridmap::BuildingTheme* b = data.theme.building(key);
        if (theme == Theme::coverage || is_building_rule(theme)) {
            f.stroke = building_stroke;
            f.fill = b == nullptr               ? none_fill
                     : theme == Theme::coverage ? coverage_fill(*b)
                                                : status_fill(building_status(*b, theme));
            if (b != nullptr && b->cut && theme == Theme::coverage) {
                f.emphasis = cut_color;
                f.emphasis_width_px = 3.0;
            }
        } else {
            f.fill = muted_fill;
            f.stroke = muted_stroke;
        }
    } else if (layer == QLatin1String("cell")) {
        const gridmap::CellTheme* c = data.theme.cell(key);
        if (theme == Theme::grid_worker) {
            f.fill = c != nullptr && c->has_grid_worker ? cell_within : cell_no_worker;
        } else if (theme == Theme::coverage || theme == Theme::households) {
            f.fill = households_fill(c);
        }
    } else if (layer == QLatin1String("compound")) {
        f.fill = Qt::transparent;
    }
}

} // namespace

FeatureStyle feature_style(const MapData& data, int layer, int feature, Theme theme) {
    const MapLayer& l = data.layers.at(static_cast<std::size_t>(layer));
    FeatureStyle f = plain_style(l.name);
    if (theme == Theme::plain) {
        return f;
    }
    const MapFeature& mf = l.features.at(static_cast<std::size_t>(feature));
    const std::string key = mf.key.toStdString();
    if (theme != Theme::issues) {
        coverage_feature_style(f, data, l.name, key, theme);
        return f;
    }
    if (l.name == QLatin1String("issue")) {
        if (const gridmap::IssueTheme* i = data.theme.issue(key)) {
            f.fill = i->overdue ? overdue_fill : stage_color(i->stage());
            set_category_symbol(f, i->category, i->overdue ? 1.4 : 1.0);
        }
    } else if (l.name == QLatin1String("cell")) {
        const gridmap::CellTheme* c = data.theme.cell(key);
        f.fill = cell_issue_fill(c != nullptr ? c->issues_open : 0);
    } else if (l.name == QLatin1String("building")) {
        f.fill = muted_fill;
        f.stroke = muted_stroke;
    } else if (l.name == QLatin1String("compound")) {
        f.fill = Qt::transparent;
    }
    return f;
}

namespace {

using S = LegendEntry::Symbol;

/// The legend of the buildings under the coverage theme or a theme of one building rule: what
/// each colour says is missing.
void building_legend(QList<LegendEntry>& out, Theme theme) {
    FeatureStyle b;
    b.stroke = building_stroke;
    switch (theme) {
    case Theme::coverage:
        out.push_back(
            heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Buildings: party group and captain"))));
        add_swatches(out, S::fill, b,
                     {{complete_fill, QT_TRANSLATE_NOOP("Legend", "both")},
                      {partial_fill, QT_TRANSLATE_NOOP("Legend", "no party group")},
                      {no_captain_fill, QT_TRANSLATE_NOOP("Legend", "no building captain")},
                      {none_fill, QT_TRANSLATE_NOOP("Legend", "no party group, no captain")}});
        break;
    case Theme::party_group:
        out.push_back(heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Buildings: party group"))));
        add_swatches(out, S::fill, b,
                     {{complete_fill, QT_TRANSLATE_NOOP("Legend", "has a party group")},
                      {none_fill, QT_TRANSLATE_NOOP("Legend", "no party group")}});
        break;
    case Theme::building_captain:
        out.push_back(
            heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Buildings: building captain"))));
        add_swatches(out, S::fill, b,
                     {{complete_fill, QT_TRANSLATE_NOOP("Legend", "has a building captain")},
                      {none_fill, QT_TRANSLATE_NOOP("Legend", "no building captain")}});
        break;
    case Theme::unit_captain:
        out.push_back(heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Buildings: unit captains"))));
        add_swatches(out, S::fill, b,
                     {{complete_fill, QT_TRANSLATE_NOOP("Legend", "every unit has a unit captain")},
                      {partial_fill, QT_TRANSLATE_NOOP("Legend", "some units lack a unit captain")},
                      {none_fill, QT_TRANSLATE_NOOP("Legend", "no unit has a unit captain")},
                      {empty_fill, QT_TRANSLATE_NOOP("Legend", "no units registered")}});
        break;
    default:
        out.push_back(
            heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Buildings: household pairing"))));
        add_swatches(out, S::fill, b,
                     {{complete_fill, QT_TRANSLATE_NOOP("Legend", "every household paired")},
                      {partial_fill, QT_TRANSLATE_NOOP("Legend", "some households lack a pairing")},
                      {none_fill, QT_TRANSLATE_NOOP("Legend", "no household paired")},
                      {empty_fill, QT_TRANSLATE_NOOP("Legend", "no households registered")}});
        break;
    }
    add_swatches(out, S::fill, b,
                 {{not_required_fill, QT_TRANSLATE_NOOP("Legend", "not residential")}});
    if (theme == Theme::coverage) {
        FeatureStyle cut;
        cut.fill = Qt::transparent;
        cut.stroke = cut_color;
        cut.stroke_width_px = 3.0;
        out.push_back(entry(S::outline, cut,
                            tr_legend(QT_TRANSLATE_NOOP("Legend", "cut by a cell boundary"))));
    }
}

/// The legend of the cells under the coverage, grid worker and households themes.
void cell_legend(QList<LegendEntry>& out, const MapData& data, Theme theme) {
    FeatureStyle c = plain_style(QStringLiteral("cell"));
    c.pen_style = Qt::SolidLine;
    if (theme == Theme::grid_worker) {
        out.push_back(heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Cells: grid worker"))));
        add_swatches(out, S::fill, c,
                     {{cell_within, QT_TRANSLATE_NOOP("Legend", "has a grid worker")},
                      {cell_no_worker, QT_TRANSLATE_NOOP("Legend", "no grid worker")}});
    } else {
        out.push_back(
            heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Cells: households (target %1-%2)"))
                        .arg(data.theme.households_min)
                        .arg(data.theme.households_max)));
        add_swatches(out, S::fill, c,
                     {{cell_below, QT_TRANSLATE_NOOP("Legend", "below the target")},
                      {cell_within, QT_TRANSLATE_NOOP("Legend", "within the target")},
                      {cell_above, QT_TRANSLATE_NOOP("Legend", "above the target")}});
    }
    out.push_back(entry(S::fill, tiling_style(false),
                        tr_legend(QT_TRANSLATE_NOOP("Legend", "gap between cells"))));
    out.push_back(entry(S::fill, tiling_style(true),
                        tr_legend(QT_TRANSLATE_NOOP("Legend", "cells overlap"))));
}

void issues_legend(QList<LegendEntry>& out, const MapData& data, const LayerShown& shown) {
    if (shown(QStringLiteral("issue"))) {
        out.push_back(heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Issues by state"))));
        FeatureStyle p = plain_style(QStringLiteral("issue"));
        p.radius_px = 6.0;
        add_swatches(out, S::point, p,
                     {{open_fill, QT_TRANSLATE_NOOP("Legend", "open")},
                      {overdue_fill, QT_TRANSLATE_NOOP("Legend", "open, overdue")},
                      {done_fill, QT_TRANSLATE_NOOP("Legend", "resolved")},
                      {rejected_fill, QT_TRANSLATE_NOOP("Legend", "rejected")}});
        std::set<std::string> categories;
        for (const auto& i : data.theme.issues) {
            categories.insert(i.category);
        }
        if (!categories.empty()) {
            out.push_back(heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Issues by category"))));
            for (const std::string& c : categories) {
                FeatureStyle s = p;
                s.fill = QColor(90, 90, 90);
                set_category_symbol(s, c);
                out.push_back(entry(S::point, s,
                                    c.empty()
                                        ? tr_legend(QT_TRANSLATE_NOOP("Legend", "no category"))
                                        : QString::fromStdString(c)));
            }
        }
    }
    if (shown(QStringLiteral("cell"))) {
        out.push_back(heading(tr_legend(QT_TRANSLATE_NOOP("Legend", "Cells: open issues"))));
        FeatureStyle c = plain_style(QStringLiteral("cell"));
        c.pen_style = Qt::SolidLine;
        add_swatches(out, S::fill, c,
                     {{cell_no_issue, QT_TRANSLATE_NOOP("Legend", "no open issues")},
                      {cell_few_issues, QT_TRANSLATE_NOOP("Legend", "1 or 2")},
                      {cell_many_issues, QT_TRANSLATE_NOOP("Legend", "3 or more")}});
    }
}

} // namespace

QList<LegendEntry> legend_entries(const MapData& data, Theme theme, const LayerShown& shown) {
    QList<LegendEntry> out;
    if (theme == Theme::plain) {
        for (const MapLayer& l : data.layers) {
            if (l.features.empty() || !shown(l.name)) {
                continue;
            }
            out.push_back(
                entry(symbol_of(l.kind), plain_style(l.name), layer_title(l.name.toStdString())));
        }
        return out;
    }
    if (theme == Theme::issues) {
        issues_legend(out, data, shown);
        return out;
    }
    if ((theme == Theme::coverage || is_building_rule(theme)) &&
        shown(QStringLiteral("building"))) {
        building_legend(out, theme);
    }
    if (shows_tiling(theme) && shown(QStringLiteral("cell"))) {
        cell_legend(out, data, theme);
    }
    return out;
}

QString cell_label(const MapData& data, const MapFeature& cell, Theme theme) {
    const gridmap::CellTheme* c = data.theme.cell(cell.key.toStdString());
    if ((theme == Theme::coverage || theme == Theme::households) && c != nullptr) {
        return cell.name + QLatin1Char('\n') + cell.key + QLatin1Char('\n') +
               QCoreApplication::translate("Label", "%1 households").arg(c->households);
    }
    if (theme == Theme::issues && c != nullptr) {
        return cell.name + QLatin1Char('\n') + cell.key + QLatin1Char('\n') +
               QCoreApplication::translate("Label", "open %1, closed %2")
                   .arg(c->issues_open)
                   .arg(c->issues_done + c->issues_rejected);
    }
    return cell.name + QLatin1Char('\n') + cell.key;
}

} // namespace gridmap::render
