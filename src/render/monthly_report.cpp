#include "monthly_report.hpp"

#include "map_renderer.hpp"
#include "map_style.hpp"
#include "map_theme.hpp"
#include "page.hpp"
#include "pdf.hpp"
#include "seed_report.hpp"

#include "gridmap/error.hpp"
#include "gridmap/workorder.hpp"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace gridmap::render {

namespace {

// A4 portrait (595.276 x 841.89 pt), drawn in units of 0.5263 pt (1131 x 1600 units).
constexpr double a4_w_pt = 595.276;
constexpr double a4_h_pt = 841.89;
constexpr int page_w = 1131;
constexpr int page_h = 1600;
constexpr int margin = 60;
constexpr int bottom = page_h - 70; ///< content ends here; the footer is below
/// A map starts a new page only below this (the page is then more than half full); above it,
/// it takes the room left (at least 680 units, the map at least 400).
constexpr int view_new_page_y = 850;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

/// An issue resolved in the month with a photo from before (the first) and after (the last).
struct PhotoPair {
    IssueRecord issue;
    std::int64_t resolved_at = 0;
    IssuePhoto before;
    IssuePhoto after;
};

/// Everything the report shows, read once.
struct Content {
    MonthlyFigures month;
    std::vector<SavedView> views;
    std::vector<SnapshotFigure> now; ///< the figures as of the month's moment
    QString community;               ///< the names of the communities
    QString month_title;             ///< "2026年11月"
    QString as_of;                   ///< the day of the moment, "2026-11-30"
    std::vector<PhotoPair> photos;   ///< resolved in the month, with before and after
    std::vector<SeedSection> seed; ///< 走访, 重点人群, 巡查, 积分, 共驻共建 (seed_report.hpp)
};

/// The issues first resolved in the month (by the moment) that have both kinds of photo.
std::vector<PhotoPair> photo_pairs(const Project& project, const MonthlyFigures& m) {
    std::vector<PhotoPair> out;
    for (const IssueRecord& r : list_issues(project)) {
        std::optional<std::int64_t> resolved;
        for (const IssueEvent& e : issue_events(project, r.id)) {
            if (e.to == IssueState::resolved) {
                resolved = e.at;
                break;
            }
        }
        if (!resolved || *resolved < m.from || *resolved >= m.to || *resolved > m.as_of) {
            continue;
        }
        PhotoPair pair{r, *resolved, {}, {}};
        for (IssuePhoto& photo : issue_photos(project, r.id)) {
            if (photo.stage == "after") {
                pair.after = std::move(photo);
            } else if (pair.before.data.empty()) {
                pair.before = std::move(photo);
            }
        }
        if (!pair.before.data.empty() && !pair.after.data.empty()) {
            out.push_back(std::move(pair));
        }
    }
    return out;
}

Content read_content(const Project& project, const MonthlyReportOptions& o) {
    Content c;
    c.month = monthly_figures(project, o.month); // refuses a bad month first
    c.views = list_views(project);
    c.now = c.month.figures;
    c.photos = photo_pairs(project, c.month);
    c.seed = seed_sections(project, o.month, c.month.as_of);
    c.as_of = qs(date_text(c.month.as_of));
    QStringList names;
    for (const auto& [code, name] : c.month.communities) {
        names << (name.empty() ? qs(code) : qs(name));
    }
    c.community = names.isEmpty() ? QStringLiteral("社区") : names.join(QStringLiteral("、"));
    c.month_title = QStringLiteral("%1年%2月")
                        .arg(qs(o.month.substr(0, 4)))
                        .arg(std::stoi(o.month.substr(5, 2)));
    return c;
}

QString percent(std::optional<double> v) {
    return v ? QString::number(*v, 'f', 1) + QStringLiteral("%") : QStringLiteral("—");
}

QString figure_text(const SnapshotFigure& f) {
    return is_count_metric(f.metric) ? QString::number(f.numerator) : percent(f.value);
}

QString change_text(const FigureChange* c) {
    if (c == nullptr) {
        return {};
    }
    const auto d = c->change();
    if (!d || std::fabs(*d) < 0.05) {
        return {};
    }
    return is_count_metric(c->metric) ? QString::asprintf("%+.0f", *d)
                                      : QString::asprintf("%+.1f", *d);
}

QString km(double metres) {
    return QString::number(metres / 1000.0, 'f', 2) + QStringLiteral(" 公里");
}

QString day_text(std::int64_t t) {
    return qs(date_text(t));
}

/// "▲" or "▼" for a change, nothing when the value did not change.
QString arrow(const FigureChange* c) {
    const auto d = c != nullptr ? c->change() : std::nullopt;
    if (!d || std::fabs(*d) < 1e-9) {
        return {};
    }
    return *d > 0 ? QStringLiteral("▲") : QStringLiteral("▼");
}

/// The community-scope figures of the first community, in metric order.
std::vector<SnapshotFigure> community_figures(const Content& c) {
    std::vector<SnapshotFigure> out;
    const std::string first = c.month.communities.empty() ? "" : c.month.communities[0].first;
    for (const SnapshotFigure& f : c.now) {
        if (f.scope == "community" && f.target == first) {
            out.push_back(f);
        }
    }
    return out;
}

const FigureChange* change_of(const Content& c, const SnapshotFigure& f) {
    return c.month.delta ? c.month.delta->find(f.scope, f.target, f.metric) : nullptr;
}

/// The tables of the report as rows of text (header first), shared by PDF and HTML.
struct Table {
    QString title;
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<double> weights; ///< relative column widths (empty: equal)
};

Table cell_table(const Content& c) {
    Table t;
    t.title = QStringLiteral("各网格覆盖情况");
    t.header = {QStringLiteral("网格编码"), QStringLiteral("网格名称")};
    t.weights = {1.6, 1, 1.1, 1.1, 1.1, 0.8, 1.1, 0.8};
    const std::vector<std::string> metrics = {"party_group", "building_captain",  "unit_captain",
                                              "grid_worker", "household_pairing", "issues_open"};
    for (const std::string& m : metrics) {
        t.header << qs(metric_title_zh(m));
    }
    std::map<std::string, QStringList> rows;
    for (const SnapshotFigure& f : c.now) {
        if (f.scope != "cell" ||
            std::find(metrics.begin(), metrics.end(), f.metric) == metrics.end()) {
            continue;
        }
        QStringList& row = rows[f.target];
        if (row.isEmpty()) {
            row << qs(f.target) << qs(f.target_name);
            for (std::size_t k = 0; k < metrics.size(); ++k) {
                row << QStringLiteral("—");
            }
        }
        const auto k = static_cast<qsizetype>(std::find(metrics.begin(), metrics.end(), f.metric) -
                                              metrics.begin());
        QString text = f.metric == "grid_worker"
                           ? (f.numerator > 0 ? QStringLiteral("有") : QStringLiteral("无"))
                           : figure_text(f);
        const QString change = change_text(change_of(c, f));
        if (!change.isEmpty() && f.metric != "grid_worker") {
            text += QStringLiteral(" (") + change + QStringLiteral(")");
        }
        row[2 + k] = text;
    }
    for (auto& [code, row] : rows) {
        t.rows.push_back(row);
    }
    if (c.month.open_in_no_cell > 0) {
        // So that the column adds up to the open issues of the month's end.
        QStringList row{QStringLiteral("—"), QStringLiteral("不在任何网格内")};
        for (std::size_t k = 0; k + 1 < metrics.size(); ++k) {
            row << QStringLiteral("—");
        }
        row << QString::number(c.month.open_in_no_cell);
        t.rows.push_back(row);
    }
    return t;
}

Table issue_table(const Content& c) {
    Table t;
    t.title = QStringLiteral("本月问题（按类别和状态）");
    const std::vector<std::string>& states = issue_state_names();
    t.header << QStringLiteral("类别");
    for (const std::string& s : states) {
        t.header << qs(state_title_zh(s));
    }
    t.header << QStringLiteral("合计");
    for (const auto& [category, by_state] : c.month.reported_by_category_state) {
        QStringList row{qs(category)};
        std::int64_t sum = 0;
        for (const std::string& s : states) {
            const auto it = by_state.find(s);
            const std::int64_t n = it == by_state.end() ? 0 : it->second;
            sum += n;
            row << QString::number(n);
        }
        row << QString::number(sum);
        t.rows.push_back(row);
    }
    return t;
}

Table open_table(const Content& c) {
    Table t;
    t.title = QStringLiteral("截至 %1 未办结问题（按状态）").arg(c.as_of);
    t.header = {QStringLiteral("状态"), QStringLiteral("数量")};
    for (const std::string& state : issue_state_names()) {
        if (const auto it = c.month.open_by_state.find(state); it != c.month.open_by_state.end()) {
            t.rows.push_back({qs(state_title_zh(state)), QString::number(it->second)});
        }
    }
    return t;
}

Table open_category_table(const Content& c) {
    Table t;
    t.title = QStringLiteral("截至 %1 未办结问题（按类别）").arg(c.as_of);
    t.header = {QStringLiteral("类别"), QStringLiteral("数量")};
    for (const auto& [category, n] : c.month.open_by_category) {
        t.rows.push_back({qs(category), QString::number(n)});
    }
    return t;
}

Table pledge_table(const Content& c) {
    Table t;
    t.title = QStringLiteral("十件实事进度");
    t.header = {QStringLiteral("编号"), QStringLiteral("事项"),   QStringLiteral("目标"),
                QStringLiteral("进度"), QStringLiteral("完成率"), QStringLiteral("期限"),
                QStringLiteral("状态")};
    t.weights = {0.5, 3.2, 0.9, 0.9, 0.8, 1, 0.8};
    for (const Pledge& p : c.month.pledges) {
        const QString unit = qs(p.unit);
        const QString state = p.state == "done"      ? QStringLiteral("已完成")
                              : p.state == "active"  ? QStringLiteral("推进中")
                              : p.state == "planned" ? QStringLiteral("计划中")
                                                     : qs(p.state);
        t.rows.push_back({qs(p.id), qs(p.title),
                          p.target ? QString::number(*p.target) + unit : QStringLiteral("—"),
                          p.progress ? QString::number(*p.progress) + unit : QStringLiteral("—"),
                          percent(p.percent()), qs(p.due), state});
    }
    return t;
}

QString count_or_dash(const std::optional<double>& v, int decimals, const QString& unit) {
    return v ? QString::number(*v, 'f', decimals) + unit : QStringLiteral("—");
}

QString on_time_text(const Handling& h) {
    return count_or_dash(h.on_time_percent, 1, QStringLiteral("%"));
}

QString days_text(const Handling& h) {
    return count_or_dash(h.average_hours ? std::optional<double>(*h.average_hours / 24.0)
                                         : std::nullopt,
                         1, QStringLiteral(" 天"));
}

/// "本月办结 2 件，按时办结率 —（有时限 0 件），平均办理时长 3.2 天。"
QString handling_line(const Handling& h) {
    return QStringLiteral("本月办结 %1 件，按时办结率 %2（有时限 %3 件，按时 %4 件），平均办理时长 "
                          "%5。")
        .arg(h.resolved)
        .arg(on_time_text(h))
        .arg(h.with_deadline)
        .arg(h.on_time)
        .arg(days_text(h));
}

constexpr int list_rows = 14;      ///< rows of a ranking on its page (two on one page)
constexpr int attention_rows = 10; ///< overdue or stuck orders listed (with the trend below)

Table attention_table(const Content& c) {
    const MonthlyFigures& m = c.month;
    Table t;
    t.title = QStringLiteral("截至 %1 超期或滞留工单（%2 件，滞留：%3 天以上无进展）")
                  .arg(c.as_of)
                  .arg(m.attention.size())
                  .arg(stuck_days);
    t.header = {QStringLiteral("编号"),     QStringLiteral("类别"), QStringLiteral("网格"),
                QStringLiteral("状态"),     QStringLiteral("上报"), QStringLiteral("时限"),
                QStringLiteral("最近进展"), QStringLiteral("情况")};
    t.weights = {0.6, 0.9, 1.5, 0.8, 1, 1, 1, 1.4};
    for (const IssueAsOf& i : m.attention) {
        QStringList why;
        if (i.overdue(m.as_of)) {
            why << QStringLiteral("超期");
        }
        if (i.stuck(m.as_of)) {
            why << QStringLiteral("滞留 %1 天").arg((m.as_of - i.changed_at) / 86400);
        }
        t.rows.push_back({qs(i.id), qs(i.category), qs(i.cell.empty() ? "—" : i.cell),
                          qs(state_title_zh(to_string(i.state))), day_text(i.reported_at),
                          i.deadline ? day_text(*i.deadline) : QStringLiteral("无"),
                          day_text(i.changed_at), why.join(QStringLiteral("、"))});
    }
    return t;
}

Table trend_table(const Content& c) {
    Table t;
    t.title = QStringLiteral("近 %1 个月趋势（各月月末）").arg(c.month.trend.size());
    t.header = {QStringLiteral("月份"),
                QStringLiteral("新增问题"),
                QStringLiteral("办结"),
                QStringLiteral("按时办结率"),
                QStringLiteral("平均办理"),
                QStringLiteral("月末未办结"),
                QStringLiteral("月末超期"),
                qs(metric_title_zh("party_group")),
                qs(metric_title_zh("household_pairing"))};
    t.weights = {0.9, 0.9, 0.7, 1, 1, 1, 0.9, 1.1, 1.2};
    for (const MonthPoint& p : c.month.trend) {
        auto snap = [&](const char* metric) {
            const auto it = p.snapshot.find(metric);
            return it == p.snapshot.end() ? QStringLiteral("—")
                                          : QString::number(it->second, 'f', 1) + "%";
        };
        t.rows.push_back(
            {qs(p.month), QString::number(p.reported), QString::number(p.handling.resolved),
             on_time_text(p.handling), days_text(p.handling), QString::number(p.at_end.open),
             QString::number(p.at_end.overdue), snap("party_group"), snap("household_pairing")});
    }
    return t;
}

QString coverage_text(const std::optional<double>& v) {
    return percent(v);
}

/// The columns of both rankings after the first ones: coverage, issues, handling.
QStringList rank_header() {
    return {QStringLiteral("平均覆盖率"), QStringLiteral("未办结"),     QStringLiteral("超期"),
            QStringLiteral("本月办结"),   QStringLiteral("按时办结率"), QStringLiteral("平均办理"),
            QStringLiteral("办理名次")};
}

template <typename R> QStringList rank_values(const R& r) {
    return {coverage_text(r.coverage),         QString::number(r.at_end.open),
            QString::number(r.at_end.overdue), QString::number(r.handling.resolved),
            on_time_text(r.handling),          days_text(r.handling),
            QString::number(r.handling_rank)};
}

Table cell_rank_table(const Content& c) {
    Table t;
    t.title = QStringLiteral("网格排名（按覆盖率；办理名次按超期、未办结、本月办结，截至 %1）")
                  .arg(c.as_of);
    t.header =
        QStringList{QStringLiteral("名次"), QStringLiteral("网格"), QStringLiteral("网格员")} +
        rank_header();
    t.weights = {0.5, 1.4, 1, 1, 0.7, 0.6, 0.8, 1, 0.9, 0.8};
    int rank = 0;
    for (const CellRank& r : c.month.cells) {
        t.rows.push_back(QStringList{QString::number(++rank), qs(r.name.empty() ? r.code : r.name),
                                     qs(r.grid_worker.empty() ? "无" : r.grid_worker)} +
                         rank_values(r));
    }
    return t;
}

Table worker_rank_table(const Content& c) {
    Table t;
    t.title =
        QStringLiteral("网格员排名（按所负责网格的覆盖率；办理名次同上，截至 %1）").arg(c.as_of);
    t.header =
        QStringList{QStringLiteral("名次"), QStringLiteral("网格员"), QStringLiteral("网格数")} +
        rank_header();
    t.weights = {0.5, 1.2, 0.7, 1, 0.7, 0.6, 0.8, 1, 0.9, 0.8};
    int rank = 0;
    for (const WorkerRank& r : c.month.workers) {
        t.rows.push_back(
            QStringList{QString::number(++rank), qs(r.name), QString::number(r.cells.size())} +
            rank_values(r));
    }
    return t;
}

QStringList summary_lines(const Content& c) {
    const MonthlyFigures& m = c.month;
    QStringList lines;
    lines << QStringLiteral(
                 "本月新增问题 %1 件，本月办结 %2 件；截至 %5 未办结 %3 件，其中超期 %4 件。")
                 .arg(m.reported)
                 .arg(m.resolved_in_month)
                 .arg(m.open_at_end)
                 .arg(m.overdue_at_end)
                 .arg(c.as_of);
    lines << handling_line(m.handling);
    lines << QStringLiteral("道路维修：计划 %1，已完成 %2（%3），施工中 %4。")
                 .arg(km(m.repairs.planned_m), km(m.repairs.done_m),
                      percent(m.repairs.planned_m > 0
                                  ? std::optional<double>(100.0 * m.repairs.done_m /
                                                          m.repairs.planned_m)
                                  : std::nullopt),
                      km(m.repairs.active_m));
    if (m.delta) {
        lines << QStringLiteral("覆盖变化：%1 → %2。")
                     .arg(day_text(m.delta->previous.taken_at), day_text(m.delta->latest.taken_at));
    } else {
        lines << QStringLiteral("尚无两次快照，无法比较覆盖变化。");
    }
    return lines;
}

/// Headline figures: "党小组覆盖率 95.0%（上次 82.0%）".
QStringList headline_lines(const Content& c) {
    QStringList lines;
    for (const SnapshotFigure& f : community_figures(c)) {
        QString line = qs(metric_title_zh(f.metric)) + QStringLiteral("：") + figure_text(f);
        if (const FigureChange* ch = change_of(c, f); ch && ch->before && ch->after) {
            line += QStringLiteral("（%1 %2 → %3 %4%5）")
                        .arg(day_text(c.month.delta->previous.taken_at), figure_text(*ch->before),
                             day_text(c.month.delta->latest.taken_at), figure_text(*ch->after),
                             arrow(ch).isEmpty() ? QString() : QStringLiteral(" ") + arrow(ch));
        }
        lines << line;
    }
    return lines;
}

RenderOptions view_options(const MapData& data, const SavedView& v) {
    RenderOptions o;
    o.theme = Theme::coverage;
    theme_from_name(qs(v.theme), o.theme);
    if (!v.layers.empty()) {
        for (const MapLayer& layer : data.layers) {
            const bool shown = std::find(v.layers.begin(), v.layers.end(),
                                         layer.name.toStdString()) != v.layers.end();
            o.layers[layer.name].visible = shown;
        }
    }
    o.background = background_color();
    return o;
}

MapView view_of(const MapData& data, const SavedView& v, QSizeF size) {
    const QRectF world(QPointF(v.extent.min_x, v.extent.min_y) - data.origin,
                       QPointF(v.extent.max_x, v.extent.max_y) - data.origin);
    return MapView::fit(world, size, 0.0, 1.0);
}

/// "I001 · 市容环境/暴露垃圾 · 网格 420902001005001 · 上报 2026-11-03 · 办结 2026-11-20": no text
/// (it may name a resident), no reporter.
QString photo_caption(const PhotoPair& pair) {
    const IssueRecord& r = pair.issue;
    return QStringLiteral("%1 · %2%3 · 网格 %4 · 上报 %5 · 办结 %6")
        .arg(qs(r.id), qs(r.category),
             r.small_class.empty() ? QString() : QStringLiteral("/") + qs(r.small_class),
             qs(r.cell.value_or("—")), day_text(r.reported_at), day_text(pair.resolved_at));
}

// ---- PDF -------------------------------------------------------------------------------------

class PdfPages {
public:
    PdfPages(QPdfWriter& pdf, QPainter& p, const MonthlyReportOptions& o, const Content& c)
        : m_pdf(pdf), m_p(p), m_o(o), m_c(c) {}

    /// Starts a page (the first is already open) and draws its footer.
    void new_page(bool source = true) {
        if (m_pages > 0) {
            m_pdf.newPage();
        }
        ++m_pages;
        m_p.fillRect(QRectF(0, 0, page_w, page_h), Qt::white);
        m_y = margin;
        footer(source);
    }

    /// A section flows on below the previous one: a new page only when its heading and the
    /// first `need` units after it do not fit (so no page is left half empty).
    void section(const QString& heading, double need) {
        if (m_pages == 0 || m_y + 70 + need > bottom) {
            new_page();
        } else {
            m_y += 24;
        }
        text(heading, 34, true);
        m_y += 10;
    }

    /// Starts a new page unless `height` more units fit on this one.
    void ensure(double height) {
        if (m_y + height > bottom) {
            new_page();
        }
    }

    void footer(bool source) {
        m_p.setFont(map_font(16));
        m_p.setPen(QColor(90, 90, 90));
        const QRectF r(margin, page_h - 45, page_w - 2 * margin, 30);
        if (source) {
            m_p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, m_o.source);
        }
        m_p.drawText(r, Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("%1 %2月报 · %3 · 第 %4 页")
                         .arg(m_c.community, m_c.month_title, m_o.date)
                         .arg(m_pages));
    }

    void text(const QString& s, int px, bool bold = false, QColor colour = Qt::black) {
        m_p.setFont(map_font(px, bold));
        const QRectF r(margin, m_y, page_w - 2 * margin, page_h);
        const QRectF used = m_p.boundingRect(r, Qt::TextWordWrap, s);
        if (m_y + used.height() > bottom && m_y > margin) {
            new_page();
            m_p.setFont(map_font(px, bold));
            return text(s, px, bold, colour);
        }
        m_p.setPen(colour);
        m_p.drawText(QRectF(margin, m_y, page_w - 2 * margin, page_h), Qt::TextWordWrap, s);
        m_y += used.height() + px * 0.4;
    }

    /// A table; it breaks between rows only, its title (续) and header repeated on the next page.
    void table(const Table& t, int from = 0, int count = -1) {
        constexpr double row_h = 30;
        const int end = count < 0 ? static_cast<int>(t.rows.size())
                                  : std::min(static_cast<int>(t.rows.size()), from + count);
        ensure(50 + row_h * (1 + std::clamp(end - from, 1, 3))); // title, header, a few rows
        text(t.title, 24, true);
        const std::vector<double> w = column_widths(t);
        draw_row(t.header, w, true);
        for (int r = from; r < end; ++r) {
            if (m_y + row_h > bottom) {
                new_page();
                text(t.title + QStringLiteral("（续）"), 24, true);
                draw_row(t.header, w, true);
            }
            draw_row(t.rows[static_cast<std::size_t>(r)], w, false);
        }
        if (t.rows.empty()) {
            text(QStringLiteral("（无）"), 17);
        }
        m_y += 24;
    }

    /// A horizontal progress bar with a label.
    void bar(const QString& label, double share) {
        ensure(36);
        m_p.setFont(map_font(18));
        m_p.setPen(Qt::black);
        m_p.drawText(QRectF(margin, m_y, 400, 30), Qt::AlignVCenter | Qt::AlignLeft, label);
        const QRectF box(margin + 410, m_y + 5, 460, 20);
        m_p.fillRect(box, QColor(230, 230, 230));
        m_p.fillRect(
            QRectF(box.topLeft(), QSizeF(box.width() * std::clamp(share, 0.0, 1.0), box.height())),
            QColor(30, 120, 60));
        m_p.drawText(QRectF(box.right() + 14, m_y, 130, 30), Qt::AlignVCenter,
                     percent(100.0 * share));
        m_y += 36;
    }

    void trend_chart(const std::vector<MonthPoint>& trend, double height);
    void photo_pair(const PhotoPair& pair);

    double& y() { return m_y; }
    int pages() const { return m_pages; }

private:
    std::vector<double> column_widths(const Table& t) const {
        const double width = page_w - 2 * margin;
        const std::size_t n = t.header.size();
        std::vector<double> w(n, width / static_cast<double>(n));
        if (t.weights.size() == n) {
            double sum = 0;
            for (double x : t.weights) {
                sum += x;
            }
            for (std::size_t k = 0; k < n; ++k) {
                w[k] = width * t.weights[k] / sum;
            }
        }
        return w;
    }

    void draw_row(const QStringList& cells, const std::vector<double>& w, bool header) {
        constexpr double row_h = 30;
        const double width = page_w - 2 * margin;
        double x = margin;
        if (header) {
            m_p.fillRect(QRectF(margin, m_y, width, row_h), QColor(225, 232, 240));
        }
        m_p.setFont(map_font(16, header));
        m_p.setPen(Qt::black);
        for (std::size_t k = 0; k < w.size() && k < static_cast<std::size_t>(cells.size()); ++k) {
            m_p.drawText(QRectF(x + 5, m_y, w[k] - 8, row_h), Qt::AlignVCenter | Qt::AlignLeft,
                         cells[static_cast<qsizetype>(k)]);
            x += w[k];
        }
        m_p.setPen(QPen(QColor(190, 190, 190), 1));
        m_p.drawLine(QPointF(margin, m_y + row_h), QPointF(margin + width, m_y + row_h));
        m_y += row_h;
    }

    QPdfWriter& m_pdf;
    QPainter& m_p;
    const MonthlyReportOptions& m_o;
    const Content& m_c;
    double m_y = margin;
    int m_pages = 0;
};

/// Bars of the trend: issues reported in each month (blue) and open at its end (orange), with
/// their values, the months below and a key; `height` units in all.
void PdfPages::trend_chart(const std::vector<MonthPoint>& trend, double height) {
    ensure(height + 40);
    text(QStringLiteral("近 %1 个月：新增问题与月末未办结").arg(trend.size()), 22, true);
    const QColor reported(40, 110, 190);
    const QColor open(230, 120, 20);
    std::int64_t most = 1;
    for (const MonthPoint& p : trend) {
        most = std::max({most, p.reported, p.at_end.open});
    }
    const double base = m_y + height - 60;
    const double scale = (height - 100) / static_cast<double>(most);
    const double slot = (page_w - 2 * margin - 220) / std::max<double>(1, trend.size());
    const double bar = std::min(40.0, slot / 4);
    m_p.setFont(map_font(16));
    for (std::size_t k = 0; k < trend.size(); ++k) {
        const double x = margin + slot * static_cast<double>(k) + slot / 2;
        const std::pair<std::int64_t, QColor> bars[] = {{trend[k].reported, reported},
                                                        {trend[k].at_end.open, open}};
        for (int b = 0; b < 2; ++b) {
            const double h = scale * static_cast<double>(bars[b].first);
            const QRectF r(x - bar - 2 + b * (bar + 4), base - h, bar, h);
            m_p.fillRect(r, bars[b].second);
            m_p.setPen(Qt::black);
            m_p.drawText(QRectF(r.x() - 10, r.y() - 24, bar + 20, 22), Qt::AlignCenter,
                         QString::number(bars[b].first));
        }
        m_p.drawText(QRectF(x - slot / 2, base + 6, slot, 24), Qt::AlignCenter, qs(trend[k].month));
    }
    m_p.setPen(QPen(QColor(120, 120, 120), 1));
    m_p.drawLine(QPointF(margin, base), QPointF(page_w - margin - 220, base));
    const double kx = page_w - margin - 190;
    for (const auto& [colour, label] : {std::pair{reported, QStringLiteral("本月新增")},
                                        std::pair{open, QStringLiteral("月末未办结")}}) {
        const double ky = base - height + 110 + (colour == open ? 34 : 0);
        m_p.fillRect(QRectF(kx, ky, 22, 22), colour);
        m_p.setPen(Qt::black);
        m_p.drawText(QRectF(kx + 32, ky - 2, 160, 26), Qt::AlignVCenter | Qt::AlignLeft, label);
    }
    m_y = base + 40;
}

/// One resolved issue: its id, category, cell and dates (never the reporter), then the photo
/// from before and after side by side, each scaled into its box with its aspect kept.
void PdfPages::photo_pair(const PhotoPair& pair) {
    constexpr double box_h = 380;
    constexpr double gap = 30;
    ensure(40 + 30 + box_h + 30);
    text(photo_caption(pair), 20, true);
    const double box_w = (page_w - 2 * margin - gap) / 2;
    const std::pair<QString, const IssuePhoto*> sides[] = {{QStringLiteral("办结前"), &pair.before},
                                                           {QStringLiteral("办结后"), &pair.after}};
    for (int k = 0; k < 2; ++k) {
        const QRectF box(margin + k * (box_w + gap), m_y, box_w, box_h);
        m_p.setFont(map_font(18));
        m_p.setPen(QColor(60, 60, 60));
        m_p.drawText(QRectF(box.x(), box.y(), box_w, 26), Qt::AlignLeft | Qt::AlignVCenter,
                     sides[k].first);
        const QRectF area = box.adjusted(0, 30, 0, 0);
        const QImage image = QImage::fromData(QByteArray::fromRawData(
            sides[k].second->data.data(), static_cast<qsizetype>(sides[k].second->data.size())));
        if (image.isNull()) {
            m_p.drawText(area, Qt::AlignCenter, QStringLiteral("（照片无法显示）"));
            continue;
        }
        const QSizeF fit = QSizeF(image.size()).scaled(area.size(), Qt::KeepAspectRatio);
        m_p.drawImage(QRectF(area.x() + (area.width() - fit.width()) / 2, area.y(), fit.width(),
                             fit.height()),
                      image);
    }
    m_y += box_h + 30;
}

} // namespace

namespace {

/// A saved view: the map drawn by render_page with the community's figures below it, in the
/// room left on the page (a new page when the page is already more than half full).
void draw_view(PdfPages& pages, QPainter& p, const MapData& data, const MonthlyReportOptions& o,
               const Content& c, const SavedView& v) {
    const std::vector<SnapshotFigure> figures = community_figures(c);
    constexpr int columns = 3;
    const double figures_h =
        50 + 68.0 * static_cast<double>((figures.size() + columns - 1) / columns);
    if (pages.y() > view_new_page_y) {
        pages.new_page(false); // the map's own decorations carry the source line
    } else if (pages.y() > margin) {
        pages.y() += 20;
    }
    const double map_h = std::min(1000.0, bottom - pages.y() - figures_h - 10);
    const QSizeF size(page_w - 2 * margin, map_h);
    PageOptions po;
    po.title = qs(v.title);
    po.date = o.date;
    po.source = o.source;
    p.save();
    p.translate(margin, pages.y());
    p.setClipRect(QRectF(QPointF(0, 0), size));
    render_page(p, data, view_of(data, v, size), view_options(data, v), po);
    p.restore();
    double y = pages.y() + map_h + 16;
    p.setPen(Qt::black);
    p.setFont(map_font(24, true));
    p.drawText(QRectF(margin, y, page_w - 2 * margin, 40), Qt::AlignLeft,
               QStringLiteral("社区指标"));
    y += 44;
    const double col_w = (page_w - 2 * margin) / columns;
    for (std::size_t k = 0; k < figures.size(); ++k) {
        const SnapshotFigure& f = figures[k];
        const double x = margin + col_w * static_cast<double>(k % columns);
        const double fy = y + 68.0 * static_cast<double>(k / columns);
        p.setFont(map_font(18));
        p.drawText(QRectF(x, fy, col_w - 10, 28), Qt::AlignLeft, qs(metric_title_zh(f.metric)));
        QString value = figure_text(f);
        const QString ch = change_text(change_of(c, f));
        if (!ch.isEmpty()) {
            value += QStringLiteral("（") + ch + QStringLiteral("）");
        }
        p.setFont(map_font(22, true));
        p.drawText(QRectF(x, fy + 26, col_w - 10, 32), Qt::AlignLeft, value);
    }
    pages.y() += map_h + figures_h + 10;
}

void draw_cover(PdfPages& pages, const Content& c) {
    pages.new_page();
    pages.y() = 160;
    pages.text(c.community, 64, true, QColor(160, 20, 20));
    pages.text(c.month_title + QStringLiteral(" 网格化管理工作月报"), 44, true);
    pages.y() += 30;
    for (const QString& line : summary_lines(c)) {
        pages.text(line, 24);
    }
    pages.y() += 10;
    for (const QString& line : headline_lines(c)) {
        pages.text(line, 22);
    }
}

/// Issues, handling (on-time rate, average time, the overdue or stuck orders, the trend) and
/// the ranking of cells and grid workers.
void draw_issue_sections(PdfPages& pages, const Content& c) {
    pages.section(c.month_title + QStringLiteral("问题处置"), 150);
    pages.text(summary_lines(c).front(), 22);
    pages.table(issue_table(c));
    pages.table(open_table(c));
    pages.table(open_category_table(c));

    pages.section(QStringLiteral("工单时效与趋势"), 150);
    pages.text(handling_line(c.month.handling), 22);
    pages.table(attention_table(c), 0, attention_rows);
    if (c.month.attention.size() > static_cast<std::size_t>(attention_rows)) {
        pages.text(QStringLiteral("另有 %1 件未列出。")
                       .arg(c.month.attention.size() - static_cast<std::size_t>(attention_rows)),
                   17);
    }
    pages.table(trend_table(c));
    pages.trend_chart(c.month.trend, 150);

    pages.section(QStringLiteral("网格与网格员排名"), 150);
    for (const Table& t : {cell_rank_table(c), worker_rank_table(c)}) {
        pages.table(t, 0, list_rows);
        if (t.rows.size() > static_cast<std::size_t>(list_rows)) {
            pages.y() -= 18;
            pages.text(QStringLiteral("共 %1 名，列出前 %2 名（全部见 HTML 月报）。")
                           .arg(t.rows.size())
                           .arg(list_rows),
                       17);
        }
    }
}

/// Draws the pages of the monthly report, each section flowing on below the previous one;
/// returns the number of pages.
int draw_monthly_pages(QPdfWriter& pdf, QPainter& p, const MapData& data,
                       const MonthlyReportOptions& o, const Content& c) {
    PdfPages pages(pdf, p, o, c);
    draw_cover(pages, c);
    for (const SavedView& v : c.views) {
        draw_view(pages, p, data, o, c, v);
    }
    pages.section(QStringLiteral("覆盖情况（按网格）"), 150);
    pages.table(cell_table(c));
    draw_issue_sections(pages, c);
    if (!c.photos.empty()) {
        pages.section(QStringLiteral("办结前后对比"), 470);
        for (const PhotoPair& pair : c.photos) {
            pages.photo_pair(pair);
        }
    }

    pages.section(QStringLiteral("道路维修与十件实事"), 150);
    const RepairProgress& r = c.month.repairs;
    pages.text(QStringLiteral("道路维修：%1 段，计划 %2，已完成 %3 段 %4，施工中 %5。")
                   .arg(r.segments)
                   .arg(km(r.planned_m))
                   .arg(r.segments_done)
                   .arg(km(r.done_m), km(r.active_m)),
               22);
    pages.bar(QStringLiteral("维修完成（公里）"), r.planned_m > 0 ? r.done_m / r.planned_m : 0);
    pages.y() += 20;
    pages.table(pledge_table(c));
    for (const Pledge& pl : c.month.pledges) {
        pages.bar(qs(pl.title), pl.percent().value_or(0) / 100.0);
    }
    for (const SeedSection& s : c.seed) {
        pages.section(s.heading, 150);
        for (const QString& line : s.lines) {
            pages.text(line, 22);
        }
        for (const SeedTable& t : s.tables) {
            pages.table(Table{t.title, t.header, t.rows, t.weights});
        }
    }
    return pages.pages();
}

} // namespace

int write_monthly_pdf(const Project& project, const MapData& data, const QString& path,
                      const MonthlyReportOptions& o) {
    const Content c = read_content(project, o);
    int pages = 0;
    const QString error = write_pdf(
        path,
        {QSizeF(a4_w_pt, a4_h_pt) / 0.75,
         c.community + QStringLiteral(" ") + c.month_title + QStringLiteral("月报"),
         QStringLiteral("Gridmap")},
        [&](QPdfWriter& pdf, QPainter& p) {
            p.scale(a4_w_pt / 0.75 / page_w, a4_h_pt / 0.75 / page_h); // units of the layout
            pages = draw_monthly_pages(pdf, p, data, o, c);
        });
    if (!error.isEmpty()) {
        throw InputError(path.toStdString() + ": " + error.toStdString());
    }
    return pages;
}

// ---- HTML ------------------------------------------------------------------------------------

namespace {

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

QString html_table(const Table& t) {
    QString h = QStringLiteral("<h2>") + esc(t.title) + QStringLiteral("</h2>\n<table><tr>");
    for (const QString& cell : t.header) {
        h += QStringLiteral("<th>") + esc(cell) + QStringLiteral("</th>");
    }
    h += QStringLiteral("</tr>\n");
    for (const QStringList& row : t.rows) {
        h += QStringLiteral("<tr>");
        for (const QString& cell : row) {
            h += QStringLiteral("<td>") + esc(cell) + QStringLiteral("</td>");
        }
        h += QStringLiteral("</tr>\n");
    }
    if (t.rows.empty()) {
        h += QStringLiteral("<tr><td>（无）</td></tr>\n");
    }
    return h + QStringLiteral("</table>\n");
}

} // namespace

std::string monthly_html(const Project& project, const MapData& data,
                         const MonthlyReportOptions& o) {
    const Content c = read_content(project, o);
    const QString title =
        c.community + QStringLiteral(" ") + c.month_title + QStringLiteral("月报");
    QString h =
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                       "<title>") +
        esc(title) +
        QStringLiteral("</title>\n<style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em;"
                       "color:#111}h1{color:#a01414}table{border-collapse:collapse;margin:0 0 1em}"
                       "th,td{border:1px solid #bbb;padding:4px 8px;text-align:left}th{background:"
                       "#e1e8f0}img{max-width:100%;border:1px solid #ccc}.view{margin:1em 0 2em}"
                       "footer{color:#555;font-size:90%}</style></head><body>\n");
    h += QStringLiteral("<h1>") + esc(c.community) + QStringLiteral("</h1>\n<h2>") +
         esc(c.month_title) + QStringLiteral(" 网格化管理工作月报</h2>\n");
    for (const QString& line : summary_lines(c)) {
        h += QStringLiteral("<p>") + esc(line) + QStringLiteral("</p>\n");
    }
    h += QStringLiteral("<ul>\n");
    for (const QString& line : headline_lines(c)) {
        h += QStringLiteral("<li>") + esc(line) + QStringLiteral("</li>\n");
    }
    h += QStringLiteral("</ul>\n");
    for (const SavedView& v : c.views) {
        const QSize size(1200, 848);
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            PageOptions po;
            po.title = qs(v.title);
            po.date = o.date;
            po.source = o.source;
            render_page(p, data, view_of(data, v, QSizeF(size)), view_options(data, v), po);
        }
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        h += QStringLiteral("<div class=\"view\"><h2>") + esc(qs(v.title)) +
             QStringLiteral("</h2><img alt=\"") + esc(qs(v.title)) +
             QStringLiteral("\" src=\"data:image/png;base64,") +
             QString::fromLatin1(png.toBase64()) + QStringLiteral("\"></div>\n");
    }
    h += html_table(cell_table(c));
    h += html_table(issue_table(c));
    h += html_table(open_table(c));
    h += html_table(open_category_table(c));
    h += QStringLiteral("<p>") + esc(handling_line(c.month.handling)) + QStringLiteral("</p>\n");
    h += html_table(attention_table(c));
    h += html_table(trend_table(c));
    h += html_table(cell_rank_table(c));
    h += html_table(worker_rank_table(c));
    if (!c.photos.empty()) {
        h += QStringLiteral("<h2>办结前后对比</h2>\n");
    }
    for (const PhotoPair& pair : c.photos) {
        h += QStringLiteral("<div class=\"view\"><p>") + esc(photo_caption(pair)) +
             QStringLiteral("</p>");
        for (const IssuePhoto* photo : {&pair.before, &pair.after}) {
            h += QStringLiteral("<img style=\"max-width:48%;margin-right:1%\" alt=\"") +
                 (photo == &pair.before ? QStringLiteral("办结前") : QStringLiteral("办结后")) +
                 QStringLiteral("\" src=\"data:") + esc(qs(photo->mime)) +
                 QStringLiteral(";base64,") +
                 QString::fromLatin1(
                     QByteArray::fromRawData(photo->data.data(),
                                             static_cast<qsizetype>(photo->data.size()))
                         .toBase64()) +
                 QStringLiteral("\">");
        }
        h += QStringLiteral("</div>\n");
    }
    h += html_table(pledge_table(c));
    for (const SeedSection& s : c.seed) {
        h += QStringLiteral("<h2>") + esc(s.heading) + QStringLiteral("</h2>\n");
        for (const QString& line : s.lines) {
            h += QStringLiteral("<p>") + esc(line) + QStringLiteral("</p>\n");
        }
        for (const SeedTable& t : s.tables) {
            h += html_table(Table{t.title, t.header, t.rows, t.weights});
        }
    }
    h += QStringLiteral("<footer>") + esc(o.source) + QStringLiteral(" · ") + esc(o.date) +
         QStringLiteral("</footer>\n</body></html>\n");
    return h.toStdString();
}

} // namespace gridmap::render
