#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/qt_app.hpp"
#include "gridmap/check.hpp"
#include "gridmap/error.hpp"
#include "gridmap/report.hpp"

#include "map_data.hpp"
#include "map_style.hpp"
#include "page.hpp"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QTranslator>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap report PROJECT.gpkg [--by cell|compound|community]
                      [--format csv|json|html] [-o FILE] [options]

The figures of every cell (or compound, or community), one row each, sorted by code:
buildings (assigned to cells by largest overlap, as 'gridmap check' does), households,
persons, party groups, residential buildings without a party group or a building captain,
households not paired with a party member, open issues, repair length in metres, units and
units without a unit captain; the grid worker or compound captain by name. Residents' names
and phone numbers never appear, nor any phone number.

  csv    UTF-8, a header row, RFC 4180 quoting, a last row TOTAL (party groups counted once)
  json   {"by", "households_min", "households_max", "rows": [...], "totals": {...}};
         same project, byte-identical output
  html   one standalone page: the figures, the coverage rules of 'gridmap check' and the
         coverage map as 'gridmap render' and the desktop draw it (same colours and legend),
         an inline PNG

options:
  --monthly YYYY-MM              the monthly report (月报) as a Chinese PDF or HTML page
                                 instead (see 'gridmap report --monthly M --help')
  --by cell|compound|community   one row per ... (default: cell)
  --format csv|json|html         default: from the extension of -o, else csv
  -o, --output FILE              write to FILE instead of standard output
  --households MIN-MAX           target households per cell (default: settings, 300-500)
  --date TEXT                    the date in the HTML title (default: today)
  --osm                          the data is from OpenStreetMap: the HTML map credits it
  --bom                          start the CSV with a UTF-8 byte-order mark (for Excel)
  --threads N                    threads for the cell assignment (default: every core)
)";

int whole_number(const std::string& option, const std::string& v) {
    return static_cast<int>(parse_whole(option, v, 0, 1000000));
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}

/// The report's map: the coverage theme over the communities, drawn by the shared renderer
/// (render::render_page, as `gridmap render` and the desktop: colours, legend, scale bar, north
/// arrow, source line) in Chinese, as a PNG data URI.
std::string coverage_map_uri(const Project& project, const std::string& date,
                             const std::string& source_name, bool osm) {
    const std::unique_ptr<QGuiApplication> app = offscreen_gui_app("gridmap report");
    QTranslator translator; // the report is in Chinese: so is the map's legend
    if (translator.load(QStringLiteral(":/i18n/gridmap_zh_CN.qm"))) {
        QCoreApplication::installTranslator(&translator);
    }
    const std::shared_ptr<const render::MapData> data = render::load_map_data(project);
    const QRectF world = render::community_extent(*data);
    if (world.isNull()) {
        return {};
    }
    const QSize size(1400, 990);
    render::RenderOptions o;
    o.theme = render::Theme::coverage;
    o.background = render::background_color();
    render::PageOptions page;
    page.extent = world; // as `gridmap render --extent community`: the legend's panel beside it
    page.date = QString::fromStdString(date);
    page.source = QCoreApplication::translate("Render", "Data: %1, %2 (EPSG:%3)")
                      .arg(QString::fromStdString(source_name), data->crs_name)
                      .arg(data->epsg) +
                  (osm ? QStringLiteral(" · © OpenStreetMap 贡献者") : QString());
    // Drawn as `gridmap render` draws a PNG (in bands on every core), so that the two are the
    // same bytes.
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    render::render_page_image(image, *data, render::MapView::fit(world, QSizeF(size), 0.0, 1.0), o,
                              page);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!render::save_png(image, &buffer)) {
        return {};
    }
    return "data:image/png;base64," + png.toBase64().toStdString();
}

} // namespace

int command_report(std::span<const std::string> argv) {
    for (const std::string& a : argv) {
        if (a == "--monthly" || a.rfind("--monthly=", 0) == 0) {
            return command_report_monthly(argv);
        }
    }
    std::vector<std::string> args_copy(argv.begin(), argv.end());
    const Args args(args_copy, {"by", "format", "output", "households", "date", "threads"},
                    {"osm", "bom"});
    if (args.help()) {
        std::cout << help_text("report", help);
        return 0;
    }
    args.expect_positionals(1, "gridmap report PROJECT.gpkg [--by cell|compound|community] "
                               "[--format csv|json|html] [-o FILE]");
    const std::string by_text = args.value("by").value_or("cell");
    if (by_text != "cell" && by_text != "compound" && by_text != "community") {
        throw InputError("--by " + by_text + ": expected cell, compound or community");
    }
    const ReportBy by = report_by_from_string(by_text);
    const std::optional<std::string> output = args.output_file();
    std::string format = args.value("format").value_or("");
    if (format.empty()) {
        const std::string ext =
            output ? std::filesystem::path(*output).extension().string() : std::string();
        format = ext == ".json" ? "json" : ext == ".html" || ext == ".htm" ? "html" : "csv";
    }
    if (format != "csv" && format != "json" && format != "html") {
        throw InputError("--format " + format + ": expected csv, json or html");
    }
    ReportOptions o;
    if (auto v = args.value("threads")) {
        o.threads = static_cast<unsigned>(whole_number("threads", *v));
    }
    if (auto v = args.value("households")) {
        const auto dash = v->find('-');
        if (dash == std::string::npos) {
            throw InputError("--households " + *v + ": expected MIN-MAX, e.g. 300-500");
        }
        o.households_min = whole_number("households", v->substr(0, dash));
        o.households_max = whole_number("households", v->substr(dash + 1));
    }
    const std::string project_path = args.positional()[0];
    const Project project = Project::open_for_reading(project_path);
    // Refuse an unwritable output before the work, without touching an existing file.
    if (output) {
        const std::filesystem::path dir = std::filesystem::path(*output).parent_path();
        std::error_code ec;
        if (std::filesystem::is_directory(*output, ec) ||
            (!dir.empty() && !std::filesystem::is_directory(dir, ec))) {
            throw InputError(*output + ": cannot write (no such directory, or a directory)");
        }
    }

    const ReportTable table = build_report(project, by, o);
    std::string out;
    if (format == "csv") {
        out = report_to_csv(table, args.flag("bom"));
    } else if (format == "json") {
        out = report_to_json(table);
    } else {
        CheckOptions co;
        co.households_min = o.households_min;
        co.households_max = o.households_max;
        co.threads = o.threads;
        HtmlOptions ho;
        ho.date = args.value("date").value_or(today());
        ho.source_name = std::filesystem::path(project_path).filename().string();
        ho.osm = args.flag("osm");
        ho.map_image_uri = coverage_map_uri(project, ho.date, ho.source_name, ho.osm);
        out = report_to_html(table, check_project(project, co), build_report_map(project), ho);
    }
    if (output) {
        std::ofstream f(*output, std::ios::binary);
        if (!f || !(f << out) || !f.flush()) {
            throw InputError(*output + ": cannot write");
        }
        if (chinese_session()) {
            const std::string unit = by == ReportBy::cell       ? "网格"
                                     : by == ReportBy::compound ? "小区"
                                                                : "社区";
            std::cout << "已写入 " << *output << "（按" << unit << "，" << table.rows.size()
                      << " 行，" << format << "）\n";
        } else {
            std::cout << "wrote " << *output << " (" << table.rows.size() << " rows by "
                      << to_string(by) << ", " << format << ")\n";
        }
    } else {
        std::cout << out;
    }
    return 0;
}

} // namespace gridmap::cli
