// gridmap report --monthly: the monthly report (月报) as a Chinese PDF or HTML page, drawn with
// the shared renderer (src/render/monthly_report).

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/qt_app.hpp"
#include "gridmap/error.hpp"
#include "gridmap/meeting.hpp"

#include "map_data.hpp"
#include "monthly_report.hpp"

#include <QCoreApplication>
#include <QDate>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTranslator>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace gridmap::cli {

namespace {

constexpr const char* help =
    R"(usage: gridmap report PROJECT.gpkg --monthly YYYY-MM -o REPORT.pdf|REPORT.html
                      [--format pdf|html] [--date D]

The monthly report (月报) in Chinese, every figure as of the month's last second (Beijing
time; now, within the current month) from the issues' event log: a cover with the community's
name, the month and the headline figures with their change between the last two snapshots
taken by then ('gridmap snapshot', shown by date); one page per saved view ('gridmap view')
with the map, its legend, scale bar, north arrow, date and data source and the community's
figures; the coverage table by cell; the month's issues by category and state, resolved and
overdue; the on-time rate, average handling time, overdue or stuck orders and the trend of the
last 6 months; cells and grid workers ranked; road repairs (km done of planned) and the
pledges (十件实事); then the seed's work: 走访 (visits of the month, visit coverage by cell),
重点人群 (the care register as counts only), 巡查 (key places and their patrols), 积分 (rates,
branch ranking, the top 10, the four teams) and 共驻共建 (co-building units). Residents' names
and phone numbers never appear.

options:
  --monthly YYYY-MM       the month (Beijing time)
  -o, --output FILE       REPORT.pdf or REPORT.html
  --format pdf|html       default: from the extension of the output
  --date D                the date printed on every page (default: today)
)";

} // namespace

int command_report_monthly(std::span<const std::string> argv) {
    std::vector<std::string> args_copy(argv.begin(), argv.end());
    const Args args(args_copy, {"monthly", "format", "output", "date"}, {});
    if (args.help()) {
        std::cout << help_text("report --monthly", help);
        return 0;
    }
    args.expect_positionals(1, "gridmap report PROJECT.gpkg --monthly YYYY-MM -o REPORT.pdf");
    const std::string month = args.value("monthly").value_or("");
    month_bounds(month); // a bad month is refused before anything else
    const auto output = args.value("output");
    if (!output) {
        throw InputError("--monthly: an output is required (-o REPORT.pdf or REPORT.html)");
    }
    std::string format = args.value("format").value_or("");
    if (format.empty()) {
        const std::string ext = std::filesystem::path(*output).extension().string();
        format = ext == ".html" || ext == ".htm" ? "html" : "pdf";
    }
    if (format != "pdf" && format != "html") {
        throw InputError("--format " + format + ": expected pdf or html for --monthly");
    }
    {
        const std::filesystem::path dir = std::filesystem::path(*output).parent_path();
        std::error_code ec;
        if (std::filesystem::is_directory(*output, ec) ||
            (!dir.empty() && !std::filesystem::is_directory(dir, ec))) {
            throw InputError(*output + ": cannot write (no such directory, or a directory)");
        }
    }
    const std::string project_path = args.positional()[0];
    const Project project = Project::open_for_reading(project_path);

    const std::unique_ptr<QGuiApplication> app = offscreen_gui_app("gridmap report");
    // The report is in Chinese: so are the legends of its maps.
    QTranslator translator;
    if (translator.load(QStringLiteral(":/i18n/gridmap_zh_CN.qm"))) {
        QCoreApplication::installTranslator(&translator);
    }
    const std::shared_ptr<const render::MapData> data = render::load_map_data(project);
    render::MonthlyReportOptions o;
    o.month = month;
    o.date = args.value("date") ? QString::fromStdString(*args.value("date"))
                                : QDate::currentDate().toString(Qt::ISODate);
    o.source = QStringLiteral("数据：%1，%2（EPSG:%3）")
                   .arg(QFileInfo(data->path).fileName(), data->crs_name)
                   .arg(data->epsg);
    if (format == "pdf") {
        const int pages =
            render::write_monthly_pdf(project, *data, QString::fromStdString(*output), o);
        if (chinese_session()) {
            std::cout << "已写入 " << *output << "（" << month << " 月报，" << pages << " 页）\n";
        } else {
            std::cout << "wrote " << *output << " (monthly report " << month << ", " << pages
                      << " pages)\n";
        }
    } else {
        const std::string html = render::monthly_html(project, *data, o);
        std::ofstream f(*output, std::ios::binary);
        if (!f || !(f << html) || !f.flush()) {
            throw InputError(*output + ": cannot write");
        }
        if (chinese_session()) {
            std::cout << "已写入 " << *output << "（" << month << " 月报，HTML）\n";
        } else {
            std::cout << "wrote " << *output << " (monthly report " << month << ", html)\n";
        }
    }
    return 0;
}

} // namespace gridmap::cli
