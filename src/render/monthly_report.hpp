#pragma once

// The monthly report (月报) of a project: a Chinese PDF (QPdfWriter, fonts embedded) on A4
// portrait or one standalone HTML page, for leaders who read it on paper. In order: a cover
// (community, month, headline figures and their change since the previous snapshot), each
// saved view (the map drawn by render_page with its legend, scale bar, north arrow, date and
// source, and the community's figures below it), the coverage table by cell, the month's issues
// by category and state, the on-time rate, average handling time and overdue or stuck orders,
// the trend of the last 6 months, the ranking of cells and grid workers, before/after photos
// of the issues resolved in the month (办结前后对比, when both exist), and the repairs and
// pledges (十件实事), then the seed's sections (seed_report.hpp: 走访, 重点人群 as counts, 巡查,
// 积分, 共驻共建). The sections flow on below each other (a new page only when the next
// block does not fit; a table breaks between rows, its header repeated), so no page but the
// last is left half empty. Every figure is read as of the month's end (monthly_figures,
// gridmap/meeting.hpp).
// No resident name or phone number is read.

#include "map_data.hpp"

#include "gridmap/meeting.hpp"
#include "gridmap/project.hpp"

#include <QString>

#include <string>

namespace gridmap::render {

struct MonthlyReportOptions {
    std::string month; ///< "YYYY-MM"
    QString date;      ///< printed on every page (the caller's clock), "YYYY-MM-DD"
    QString source;    ///< the data-source line
};

/// Writes the report as a PDF at `path`; returns the number of pages. Throws InputError for a
/// bad month or an unwritable path.
int write_monthly_pdf(const Project& project, const MapData& data, const QString& path,
                      const MonthlyReportOptions& options);

/// The report as one standalone HTML page (UTF-8, zh-CN, inline CSS, the maps of the saved
/// views as inline PNG images, no script, no external resource).
std::string monthly_html(const Project& project, const MapData& data,
                         const MonthlyReportOptions& options);

} // namespace gridmap::render
