#pragma once

// The monthly report (月报) of a project: a Chinese PDF (QPdfWriter, fonts embedded) or one
// standalone HTML page, for leaders who read it on paper. Pages: a cover (community, month,
// headline figures and their change since the previous snapshot), one page per saved view (the
// map drawn by render_page with its legend, scale bar, north arrow, date and source, and the
// community's figures beside it), the coverage table by cell, the month's issues by category
// and state, the on-time rate, average handling time and overdue or stuck orders, the trend of
// the last 6 months, the ranking of cells and grid workers, and the repairs and pledges
// (十件实事). Every figure is read as of the month's end (monthly_figures, gridmap/meeting.hpp).
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

/// The number of pages write_monthly_pdf writes for `cells` cells and `views` saved views:
/// cover + views + the cell table (30 cells a page) + issues + handling and trend + ranking +
/// repairs and pledges.
int monthly_page_count(int cells, int views);

/// Writes the report as a PDF at `path`; returns the number of pages. Throws InputError for a
/// bad month or an unwritable path.
int write_monthly_pdf(const Project& project, const MapData& data, const QString& path,
                      const MonthlyReportOptions& options);

/// The report as one standalone HTML page (UTF-8, zh-CN, inline CSS, the maps of the saved
/// views as inline PNG images, no script, no external resource).
std::string monthly_html(const Project& project, const MapData& data,
                         const MonthlyReportOptions& options);

} // namespace gridmap::render
