#pragma once

// The seed's sections of the monthly report (走访, 重点人群, 巡查, 积分, 共驻共建) and the
// monthly points notice (积分通报) as its own PDF. Read from geo (gridmap/seed.hpp); the care
// register appears as counts only, never a household or a name.

#include "gridmap/messages.hpp"
#include "gridmap/project.hpp"
#include "gridmap/seed.hpp"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

namespace gridmap::render {

/// A table of a section as rows of text (header first).
struct SeedTable {
    QString title;
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<double> weights; ///< relative column widths (empty: equal)
};

/// One section: a heading, lines of text, tables.
struct SeedSection {
    QString heading;
    QStringList lines;
    std::vector<SeedTable> tables;
};

/// The five sections of `month` ("YYYY-MM"), "within N days" judged at `as_of` (the report's
/// moment). Empty when the project holds none of the seed's logs.
std::vector<SeedSection> seed_sections(const Project& project, const std::string& month,
                                       std::int64_t as_of);

/// The points notice of `month` as an A4 PDF (积分通报: rates, branch and unit rankings, every
/// member's points by rule); returns the number of pages. InputError for a bad month or an
/// unwritable path.
int write_points_pdf(const Project& project, const std::string& month, const QString& path,
                     const QString& date);

/// The sweep plan (扫楼) of `person` as an A4 PDF to take along: one table per building in
/// walking order (unit, room, household id, last visit, a box to tick for the due ones). The
/// headings are in `language` only (Chinese: 楼栋, 单元, ...); no resident's name or phone is
/// on it. Returns the number of pages; InputError for an unwritable path.
int write_sweep_plan_pdf(const Project& project, const std::string& person,
                         const std::vector<SweepStop>& stops, const QString& path,
                         const QString& date, Language language);

} // namespace gridmap::render
