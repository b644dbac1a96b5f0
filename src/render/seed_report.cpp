#include "seed_report.hpp"

#include "map_renderer.hpp"
#include "pdf.hpp"

#include "gridmap/error.hpp"
#include "gridmap/seed.hpp"

#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <functional>

namespace gridmap::render {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString pct(double share) {
    return QString::number(share * 100.0, 'f', 1) + QStringLiteral("%");
}

QString rate_text(const Rate& r) {
    return QStringLiteral("%1/%2（%3）").arg(r.numerator).arg(r.denominator).arg(pct(r.share()));
}

QString month_title(const std::string& month) {
    return QStringLiteral("%1年%2月")
        .arg(qs(month.substr(0, 4)))
        .arg(std::stoi(month.substr(5, 2)));
}

SeedTable group_table(const QString& title, const QString& what,
                      const std::vector<GroupPoints>& groups) {
    SeedTable t;
    t.title = title;
    t.header = {QStringLiteral("名次"), what, QStringLiteral("人数"), QStringLiteral("积分"),
                QStringLiteral("人均")};
    t.weights = {0.6, 3, 0.8, 0.8, 0.8};
    int k = 0;
    for (const GroupPoints& g : groups) {
        t.rows.push_back({QString::number(++k), qs(g.name), QString::number(g.members),
                          QString::number(g.points), QString::number(g.average, 'f', 1)});
    }
    return t;
}

SeedTable member_table(const PointsNotice& n, std::size_t limit) {
    SeedTable t;
    t.title = limit < n.members.size() ? QStringLiteral("个人积分前 %1 名").arg(limit)
                                       : QStringLiteral("个人积分");
    t.header = {QStringLiteral("名次"), QStringLiteral("姓名"), QStringLiteral("党支部/单位")};
    t.weights = {0.6, 1.2, 2.4};
    for (const PointRule& r : point_rules()) {
        t.header << qs(std::string(r.title_zh)).left(4);
        t.weights.push_back(0.75);
    }
    t.header << QStringLiteral("积分");
    t.weights.push_back(0.7);
    for (std::size_t i = 0; i < n.members.size() && i < limit; ++i) {
        const MemberPoints& m = n.members[i];
        QStringList row{QString::number(i + 1), qs(m.name),
                        qs(m.branch) +
                            (m.unit.empty() ? QString() : QStringLiteral(" / ") + qs(m.unit))};
        for (const PointRule& r : point_rules()) {
            const auto it = m.counts.find(std::string(r.id));
            row << QString::number(it == m.counts.end() ? 0 : it->second);
        }
        row << QString::number(m.points);
        t.rows.push_back(row);
    }
    return t;
}

QStringList rate_lines(const PointsNotice& n) {
    return {QStringLiteral("党员到社区报到率 %1；结对帮困报名率 %2；夜间巡逻报名率 %3。")
                .arg(rate_text(n.checkin), rate_text(n.pairing), rate_text(n.patrolling))};
}

} // namespace

std::vector<SeedSection> seed_sections(const Project& project, const std::string& month,
                                       std::int64_t as_of) {
    std::vector<SeedSection> out;
    const MonthVisits mv = month_visits(project, month);
    const auto cells = visit_coverage_by_cell(project, as_of);
    const CareCounts care = care_counts(project, as_of);
    const auto places = key_place_status(project, as_of);
    const PointsNotice notice = points_notice(project, month);
    const auto units = co_unit_figures(project, month);
    const auto teams = team_figures(project, month);
    const std::int64_t patrols = month_patrols(project, month);
    if (mv.visits == 0 && care.entries == 0 && places.empty() && units.empty() && teams.empty() &&
        list_visits(project).empty()) {
        return out;
    }

    SeedSection visits;
    visits.heading = QStringLiteral("走访");
    auto kind = [&](const char* k) {
        const auto it = mv.by_kind.find(k);
        return it == mv.by_kind.end() ? std::int64_t{0} : it->second;
    };
    visits.lines << QStringLiteral("本月走访 %1 次（入户走访 %2、摸排 %3、帮扶 %4、宣传 %5），"
                                   "入户 %6 户，参与人员 %7 名，发现问题转为工单 %8 件。")
                        .arg(mv.visits)
                        .arg(kind("入户走访"))
                        .arg(kind("摸排"))
                        .arg(kind("帮扶"))
                        .arg(kind("宣传"))
                        .arg(mv.households)
                        .arg(mv.members)
                        .arg(mv.issues);
    SeedTable cov;
    cov.title = QStringLiteral("走访覆盖（%1 天内，按网格）").arg(visit_interval_days(project));
    cov.header = {QStringLiteral("网格"), QStringLiteral("户数"), QStringLiteral("已走访"),
                  QStringLiteral("覆盖率")};
    cov.weights = {2, 1, 1, 1};
    std::int64_t all = 0;
    std::int64_t seen = 0;
    for (const CellVisits& c : cells) {
        all += c.households;
        seen += c.visited;
        cov.rows.push_back({qs(c.cell), QString::number(c.households), QString::number(c.visited),
                            pct(c.share())});
    }
    cov.rows.push_back({QStringLiteral("合计"), QString::number(all), QString::number(seen),
                        pct(all == 0 ? 1.0 : static_cast<double>(seen) / all)});
    visits.tables.push_back(std::move(cov));
    out.push_back(std::move(visits));

    SeedSection cs;
    cs.heading = QStringLiteral("重点人群");
    cs.lines << QStringLiteral("在册 %1 条，涉及 %2 户；未结对 %3 户；%4 天内未走访 %5 户。"
                               "（只列人数，不列姓名）")
                    .arg(care.entries)
                    .arg(care.households)
                    .arg(care.unpaired)
                    .arg(care_visit_days(project))
                    .arg(care.due);
    SeedTable ct;
    ct.title = QStringLiteral("重点人群分类");
    ct.header = {QStringLiteral("类别"), QStringLiteral("数量")};
    ct.weights = {3, 1};
    for (const auto& [tag, n] : care.by_tag) {
        ct.rows.push_back({qs(tag), QString::number(n)});
    }
    cs.tables.push_back(std::move(ct));
    out.push_back(std::move(cs));

    SeedSection ps;
    ps.heading = QStringLiteral("巡查");
    const auto overdue =
        std::count_if(places.begin(), places.end(), [](const PlaceStatus& p) { return p.overdue; });
    ps.lines << QStringLiteral("重点场所 %1 处，本月巡查 %2 次；逾期未巡查 %3 处。")
                    .arg(places.size())
                    .arg(patrols)
                    .arg(overdue);
    SeedTable pt;
    pt.title = QStringLiteral("重点场所巡查");
    pt.header = {QStringLiteral("编号"), QStringLiteral("名称"),     QStringLiteral("类别"),
                 QStringLiteral("频次"), QStringLiteral("最近巡查"), QStringLiteral("状态")};
    pt.weights = {0.6, 2, 0.9, 0.9, 1.3, 0.9};
    for (const PlaceStatus& p : places) {
        pt.rows.push_back({qs(p.id), qs(p.name), qs(p.kind),
                           QStringLiteral("%1 天").arg(p.patrol_days),
                           p.last_patrol.empty() ? QStringLiteral("从未") : qs(p.last_patrol),
                           p.overdue ? QStringLiteral("逾期") : QStringLiteral("正常")});
    }
    ps.tables.push_back(std::move(pt));
    out.push_back(std::move(ps));

    SeedSection pts;
    pts.heading = QStringLiteral("积分");
    pts.lines << rate_lines(notice);
    pts.tables.push_back(
        group_table(QStringLiteral("党支部积分排名"), QStringLiteral("党支部"), notice.branches));
    pts.tables.push_back(member_table(notice, 10));
    SeedTable tt;
    tt.title = QStringLiteral("四支队伍");
    tt.header = {QStringLiteral("队伍"), QStringLiteral("类别"), QStringLiteral("成员"),
                 QStringLiteral("本月活动"), QStringLiteral("参与人次")};
    tt.weights = {2.2, 1.4, 0.8, 0.9, 0.9};
    for (const TeamFigures& t : teams) {
        tt.rows.push_back({qs(t.name), qs(t.kind), QString::number(t.members),
                           QString::number(t.activities), QString::number(t.participants)});
    }
    pts.tables.push_back(std::move(tt));
    out.push_back(std::move(pts));

    SeedSection us;
    us.heading = QStringLiteral("共驻共建");
    us.lines << QStringLiteral("大党委成员单位 %1 家。").arg(units.size());
    SeedTable ut;
    ut.title = QStringLiteral("共驻共建单位");
    ut.header = {QStringLiteral("单位"),     QStringLiteral("协议签订"), QStringLiteral("下沉党员"),
                 QStringLiteral("已报到"),   QStringLiteral("走访"),     QStringLiteral("办结工单"),
                 QStringLiteral("认领实事"), QStringLiteral("积分")};
    ut.weights = {2.2, 1.2, 0.9, 0.8, 0.7, 0.9, 0.9, 0.7};
    for (const CoUnitFigures& u : units) {
        ut.rows.push_back({qs(u.name), qs(u.signed_on), QString::number(u.members),
                           QString::number(u.checked_in), QString::number(u.visits),
                           QString::number(u.orders),
                           QStringLiteral("%1（完成 %2）").arg(u.pledges).arg(u.pledges_done),
                           QString::number(u.points)});
    }
    us.tables.push_back(std::move(ut));
    us.tables.push_back(
        group_table(QStringLiteral("单位积分排名"), QStringLiteral("单位"), notice.units));
    out.push_back(std::move(us));
    return out;
}

namespace {

constexpr int page_w = 1131;
constexpr int page_h = 1600;
constexpr int margin = 60;
constexpr int bottom = page_h - 70;

/// A plain flowing page layout for the points notice.
class NoticePages {
public:
    NoticePages(QPdfWriter& pdf, QPainter& p, QString footer)
        : m_pdf(pdf), m_p(p), m_footer(std::move(footer)) {}

    void new_page() {
        if (m_pages > 0) {
            m_pdf.newPage();
        }
        ++m_pages;
        m_p.fillRect(QRectF(0, 0, page_w, page_h), Qt::white);
        m_y = margin;
        m_p.setFont(map_font(16));
        m_p.setPen(QColor(90, 90, 90));
        m_p.drawText(QRectF(margin, page_h - 45, page_w - 2 * margin, 30),
                     Qt::AlignRight | Qt::AlignVCenter,
                     m_footer + QStringLiteral(" · 第 %1 页").arg(m_pages));
    }

    void text(const QString& s, int px, bool bold = false) {
        if (m_pages == 0) {
            new_page();
        }
        m_p.setFont(map_font(px, bold));
        const QRectF r(margin, m_y, page_w - 2 * margin, page_h);
        const QRectF used = m_p.boundingRect(r, Qt::TextWordWrap, s);
        if (m_y + used.height() > bottom) {
            new_page();
            m_p.setFont(map_font(px, bold));
        }
        m_p.setPen(Qt::black);
        m_p.drawText(QRectF(margin, m_y, page_w - 2 * margin, page_h), Qt::TextWordWrap, s);
        m_y += used.height() + px * 0.4;
    }

    void table(const SeedTable& t) {
        constexpr double row_h = 30;
        if (m_y + 50 + row_h * 3 > bottom) {
            new_page();
        }
        text(t.title, 24, true);
        std::vector<double> w(static_cast<std::size_t>(t.header.size()));
        double sum = 0;
        for (std::size_t k = 0; k < w.size(); ++k) {
            w[k] = k < t.weights.size() ? t.weights[k] : 1.0;
            sum += w[k];
        }
        for (double& x : w) {
            x = (page_w - 2 * margin) * x / sum;
        }
        row(t.header, w, true);
        for (const QStringList& r : t.rows) {
            if (m_y + row_h > bottom) {
                new_page();
                text(t.title + QStringLiteral("（续）"), 24, true);
                row(t.header, w, true);
            }
            row(r, w, false);
        }
        if (t.rows.empty()) {
            text(QStringLiteral("（无）"), 17);
        }
        m_y += 24;
    }

    int pages() const { return m_pages; }

private:
    void row(const QStringList& cells, const std::vector<double>& w, bool header) {
        constexpr double row_h = 30;
        double x = margin;
        if (header) {
            m_p.fillRect(QRectF(margin, m_y, page_w - 2 * margin, row_h), QColor(225, 232, 240));
        }
        m_p.setFont(map_font(15, header));
        m_p.setPen(Qt::black);
        for (std::size_t k = 0; k < w.size() && k < static_cast<std::size_t>(cells.size()); ++k) {
            m_p.drawText(QRectF(x + 4, m_y, w[k] - 8, row_h), Qt::AlignVCenter | Qt::AlignLeft,
                         cells[static_cast<qsizetype>(k)]);
            x += w[k];
        }
        m_p.setPen(QColor(190, 190, 190));
        m_p.drawLine(QPointF(margin, m_y + row_h), QPointF(page_w - margin, m_y + row_h));
        m_y += row_h;
    }

    QPdfWriter& m_pdf;
    QPainter& m_p;
    QString m_footer;
    int m_pages = 0;
    double m_y = margin;
};

/// Writes an A4 notice of NoticePages to `path` (title in the PDF's metadata and on the page's
/// footer with `date`); `draw` fills the pages. Returns the page count; a file that cannot be
/// written is an InputError naming it.
int write_notice_pdf(const QString& path, const QString& title, const QString& date,
                     const std::function<void(NoticePages&)>& draw) {
    constexpr double a4_w_pt = 595.276;
    constexpr double a4_h_pt = 841.89;
    int pages = 0;
    const QString error =
        write_pdf(path, {QSizeF(a4_w_pt, a4_h_pt) / 0.75, title, QStringLiteral("Gridmap")},
                  [&](QPdfWriter& pdf, QPainter& p) {
                      p.scale(a4_w_pt / 0.75 / page_w, a4_h_pt / 0.75 / page_h);
                      NoticePages pg(pdf, p, title + QStringLiteral(" · ") + date);
                      draw(pg);
                      pages = pg.pages();
                  });
    if (!error.isEmpty()) {
        throw InputError(path.toStdString() + ": " + error.toStdString());
    }
    return pages;
}

} // namespace

int write_points_pdf(const Project& project, const std::string& month, const QString& path,
                     const QString& date) {
    const PointsNotice n = points_notice(project, month); // refuses a bad month first
    const QString title = month_title(month) + QStringLiteral("积分通报");
    return write_notice_pdf(path, title, date, [&](NoticePages& pg) {
        pg.text(title, 40, true);
        pg.text(QStringLiteral("积分由走访、巡查、工单、志愿活动和报到记录自动计算，不手工录入。"),
                18);
        QStringList rules;
        for (const PointRule& r : point_rules()) {
            rules << QStringLiteral("%1 %2 分").arg(qs(std::string(r.title_zh))).arg(r.points);
        }
        pg.text(QStringLiteral("积分表：") + rules.join(QStringLiteral("；")) +
                    QStringLiteral("。"),
                18);
        for (const QString& line : rate_lines(n)) {
            pg.text(line, 22);
        }
        pg.table(
            group_table(QStringLiteral("党支部积分排名"), QStringLiteral("党支部"), n.branches));
        pg.table(group_table(QStringLiteral("共建单位积分排名"), QStringLiteral("单位"), n.units));
        pg.table(member_table(n, n.members.size()));
    });
}

int write_sweep_plan_pdf(const Project& project, const std::string& person,
                         const std::vector<SweepStop>& stops, const QString& path,
                         const QString& date, Language language) {
    const bool zh = language == Language::zh_CN;
    const std::string text = sweep_plan_text(project, person, stops, language);
    // The header's first two lines: "扫楼入户计划：P001 name" and the counts.
    const QStringList header = qs(text).split(QLatin1Char('\n')).mid(0, 2);
    const QString title = header.value(0);
    const int interval = visit_interval_days(project);
    return write_notice_pdf(path, title, date, [&](NoticePages& pg) {
        pg.text(title, 36, true);
        pg.text(header.value(1), 20);
        pg.text(zh ? QStringLiteral("按步行顺序排列；“待走访”为 %1 天内未走访的户，走访后打勾。"
                                    "本表只列户号和房号，不列居民姓名和电话。")
                         .arg(interval)
                   : QStringLiteral("In walking order; \"due\": not visited within %1 days, "
                                    "tick when visited. Household ids and rooms only, no "
                                    "residents' names or phones.")
                         .arg(interval),
                17);
        std::size_t k = 0;
        while (k < stops.size()) {
            const SweepStop& first = stops[k];
            SeedTable t;
            const QString building =
                qs(first.building) + (first.building_name.empty()
                                          ? QString()
                                          : QStringLiteral(" ") + qs(first.building_name));
            t.title =
                zh ? QStringLiteral("楼栋 ") + building : QStringLiteral("Building ") + building;
            t.header = zh ? QStringList{QStringLiteral("序号"),     QStringLiteral("单元"),
                                        QStringLiteral("房号"),     QStringLiteral("户号"),
                                        QStringLiteral("上次走访"), QStringLiteral("待走访")}
                          : QStringList{QStringLiteral("#"),          QStringLiteral("Unit"),
                                        QStringLiteral("Room"),       QStringLiteral("Household"),
                                        QStringLiteral("Last visit"), QStringLiteral("Due")};
            t.weights = {0.6, 1, 1, 1.4, 1.4, 0.8};
            for (; k < stops.size() && stops[k].building == first.building; ++k) {
                const SweepStop& st = stops[k];
                t.rows.push_back(
                    {QString::number(st.order), qs(st.unit), qs(st.room), qs(st.household),
                     st.last_visit.empty() ? (zh ? QStringLiteral("从未") : QStringLiteral("never"))
                                           : qs(st.last_visit),
                     st.due ? QStringLiteral("\u25a1") : QStringLiteral("\u2713")});
            }
            pg.table(t);
        }
        if (stops.empty()) {
            pg.text(zh ? QStringLiteral("（无结对户）") : QStringLiteral("(no paired household)"),
                    20);
        }
    });
}

} // namespace gridmap::render
