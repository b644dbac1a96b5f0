// gridmap render: the map of a project as PNG or PDF, drawn by the same renderer as the
// desktop map (src/render), with title, legend, scale bar, north arrow, date and data source.

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/qt_app.hpp"
#include "gridmap/basemap.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"
#include "gridmap/theme.hpp"

#include "map_data.hpp"
#include "map_settings.hpp"
#include "map_style.hpp"
#include "page.hpp"
#include "pdf.hpp"

#include <QCoreApplication>
#include <QDate>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QTranslator>

#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <memory>

#include <sys/resource.h>

namespace gridmap::cli {

namespace {

constexpr const char* help = R"(usage: gridmap render PROJECT.gpkg -o OUT.png|OUT.pdf [options]

Draws the map of a project as in gridmap-desktop (the same layers, theme and legend) with a
title, scale bar, north arrow, date and data-source line. PNG or PDF by the output's extension;
the PDF embeds its fonts (Noto Sans CJK for Chinese). Needs no display. Residents' names and
phone numbers are never drawn.

options:
  -o, --output FILE        OUT.png or OUT.pdf
  --theme NAME             a map theme listed below (default: the project's map.theme setting,
                           else coverage)
  --width W, --height H    size in pixels (default 1600 x 1131; a PDF page is W x H at 96 dpi)
  --extent E               community (default: every community, with a margin), cell:CODE, or
                           MINX,MINY,MAXX,MAXY in the working CRS (metres, shown exactly)
  --title T                title (default: the community's name and the theme)
  --date D                 the date printed (default: today, YYYY-MM-DD)
  --basemap RASTER         a GDAL raster (GeoTIFF, MBTiles, WMTS/TMS XML) warped under the map
                           (default: the project's map.basemap setting, if any)
  --hide LAYER[,LAYER...]  layers not to draw (default: those hidden in the app's layer panel)
  --no-labels              draw no labels
  --no-legend              no legend: the map fills the page (default: the legend in a panel
                           right of the map, where it covers nothing)
  --lang zh_CN|en          language of the legend (default: GRIDMAP_LANG, else the locale)
  --timings                print the wall and CPU seconds of each phase (stderr)
)";

/// The CPU seconds (user + system) of every thread of the process so far.
double process_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const auto seconds = [](const timeval& t) {
        return t.tv_sec + t.tv_usec / 1e6;
    };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

/// Wall and CPU time of the phases of one render, for --timings.
class PhaseClock {
public:
    void mark(const char* phase) {
        const auto now = std::chrono::steady_clock::now();
        const double cpu = process_cpu_seconds();
        char buf[128];
        std::snprintf(buf, sizeof buf, "%s %s %.3f s (CPU %.3f s)", m_line.size() > 8 ? "," : "",
                      phase, std::chrono::duration<double>(now - m_last).count(), cpu - m_cpu);
        m_line += buf;
        m_last = now;
        m_cpu = cpu;
    }
    const std::string& line() const { return m_line; }

private:
    std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
    double m_cpu = process_cpu_seconds();
    std::string m_line = "timings:";
};

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

int size_option(const Args& args, const char* name, int fallback) {
    const auto v = args.value(name);
    return v ? static_cast<int>(parse_whole(name, *v, 100, 20000)) : fallback;
}

/// The world rectangle (relative metres) of an --extent value.
QRectF extent_rect(const render::MapData& data, const std::string& spec) {
    const auto padded = [](QRectF r, double share) {
        const double m = std::max(r.width(), r.height()) * share;
        return r.adjusted(-m, -m, m, m);
    };
    if (spec == "community") {
        const QRectF r = render::community_extent(data, 0.04);
        if (r.isNull()) {
            throw InputError("the project has nothing to draw yet (import some layers first)");
        }
        return r;
    }
    if (spec.rfind("cell:", 0) == 0) {
        const QString code = qs(spec.substr(5));
        const render::MapLayer* cells = data.layer(QStringLiteral("cell"));
        const int i = cells != nullptr ? cells->index_of(code) : -1;
        if (i < 0) {
            throw InputError("--extent " + spec + ": no cell with this code");
        }
        return padded(cells->features[static_cast<std::size_t>(i)].bounds, 0.08);
    }
    const QStringList parts = qs(spec).split(QLatin1Char(','));
    if (parts.size() == 4) {
        double v[4];
        bool ok = true;
        for (int k = 0; k < 4; ++k) {
            bool one = false;
            v[k] = parts[k].trimmed().toDouble(&one);
            ok = ok && one;
        }
        if (ok && v[2] > v[0] && v[3] > v[1]) {
            return QRectF(QPointF(v[0], v[1]) - data.origin, QPointF(v[2], v[3]) - data.origin);
        }
    }
    throw InputError("--extent " + spec +
                     ": expected community, cell:CODE or MINX,MINY,MAXX,MAXY (MAX > MIN)");
}

/// The UI language: --lang, else GRIDMAP_LANG, else the locale.
QString language(const Args& args) {
    QString lang = args.value("lang") ? qs(*args.value("lang"))
                                      : qEnvironmentVariable("GRIDMAP_LANG").trimmed();
    if (lang.isEmpty()) {
        return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN")
                                                                : QStringLiteral("en");
    }
    if (lang.startsWith(QLatin1String("zh"), Qt::CaseInsensitive)) {
        return QStringLiteral("zh_CN");
    }
    if (lang.startsWith(QLatin1String("en"), Qt::CaseInsensitive)) {
        return QStringLiteral("en");
    }
    throw InputError("--lang " + lang.toStdString() + ": expected zh_CN or en");
}

} // namespace

int command_render(std::span<const std::string> argv) {
    std::vector<std::string> args_copy(argv.begin(), argv.end());
    const Args args(args_copy,
                    {"output", "theme", "width", "height", "extent", "title", "date", "basemap",
                     "hide", "lang"},
                    {"no-labels", "no-legend", "timings"});
    if (args.help()) {
        std::cout << help_text("render", help) << map_themes_help();
        return 0;
    }
    args.expect_positionals(1, "gridmap render PROJECT.gpkg -o OUT.png|OUT.pdf");
    const auto output = args.value("output");
    if (!output) {
        throw InputError("usage: gridmap render PROJECT.gpkg -o OUT.png|OUT.pdf (see --help)");
    }
    const QString out = qs(*output);
    const QString suffix = QFileInfo(out).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf")) {
        throw InputError(*output + ": the output must end in .png or .pdf");
    }
    const int width = size_option(args, "width", 1600);
    const int height = size_option(args, "height", 1131);

    PhaseClock clock;
    // A PNG's page is allocated and cleared on a second thread while the project is read.
    std::future<QImage> canvas;
    if (suffix == QLatin1String("png")) {
        canvas = std::async(std::launch::async, render::white_page_image, width, height);
    }
    const std::unique_ptr<QGuiApplication> app = offscreen_gui_app("gridmap render");
    QTranslator translator;
    const QString lang = language(args);
    if (lang != QLatin1String("en") &&
        translator.load(QStringLiteral(":/i18n/gridmap_%1.qm").arg(lang))) {
        QCoreApplication::installTranslator(&translator);
    }

    clock.mark("qt");
    const Project project = Project::open_for_reading(args.positional()[0]);
    clock.mark("open");
    const std::shared_ptr<const render::MapData> data = render::load_map_data(project);
    clock.mark("theme and layers");

    render::RenderOptions o;
    o.theme = render::Theme::coverage;
    if (auto stored = project.setting(render::theme_setting)) {
        render::theme_from_name(qs(*stored), o.theme);
    }
    if (auto v = args.value("theme")) {
        if (!render::theme_from_name(qs(*v), o.theme)) {
            throw InputError("--theme " + *v + ": expected one of " + gridmap::map_theme_names());
        }
    }
    if (auto stored = project.setting(render::layers_setting)) {
        o.layers = render::layer_states_from_json(qs(*stored));
    }
    for (const std::string& list : args.values("hide")) {
        for (const QString& layer : qs(list).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (data->layer(layer.trimmed()) == nullptr) {
                throw InputError("--hide " + layer.toStdString() + ": no such layer");
            }
            o.layers[layer.trimmed()].visible = false;
        }
    }
    o.labels = !args.flag("no-labels");
    o.background = render::background_color();

    const QSizeF size(width, height);
    render::PageOptions page;
    page.extent = extent_rect(*data, args.value("extent").value_or("community"));
    page.legend = !args.flag("no-legend");
    const render::MapView view = render::MapView::fit(page.extent, size, 0.0, 1.0);
    // The map beside the legend's panel: the basemap and the scale are those of its view.
    const render::MapView map_view = render::page_layout(*data, view, o, page).view;

    QString basemap_text;
    std::optional<std::string> basemap_source = args.value("basemap");
    if (!basemap_source) {
        basemap_source = project.setting(render::basemap_setting);
    }
    if (basemap_source && !basemap_source->empty()) {
        const Basemap basemap = Basemap::open(*basemap_source);
        const QRectF world = map_view.visible_world();
        const Extent e{world.left() + data->origin.x(), world.top() + data->origin.y(),
                       world.right() + data->origin.x(), world.bottom() + data->origin.y()};
        const RgbaImage img = basemap.render(project.epsg(), e, qRound(map_view.size.width()),
                                             qRound(map_view.size.height()));
        o.basemap =
            QImage(img.rgba.data(), img.width, img.height, img.width * 4, QImage::Format_RGBA8888)
                .copy();
        o.basemap_world = world;
        basemap_text = QCoreApplication::translate("Render", "; basemap: %1")
                           .arg(QFileInfo(qs(*basemap_source)).fileName());
    }

    if (auto t = args.value("title")) {
        page.title = qs(*t);
    } else {
        QStringList names;
        if (const render::MapLayer* c = data->layer(QStringLiteral("community"))) {
            for (const auto& f : c->features) {
                names << f.name;
            }
        }
        page.title = names.isEmpty()
                         ? render::theme_title(o.theme)
                         : QCoreApplication::translate("Render", "%1: %2")
                               .arg(names.join(QStringLiteral(", ")), render::theme_title(o.theme));
    }
    page.date =
        args.value("date") ? qs(*args.value("date")) : QDate::currentDate().toString(Qt::ISODate);
    page.source = QCoreApplication::translate("Render", "Data: %1, %2 (EPSG:%3)")
                      .arg(QFileInfo(data->path).fileName(), data->crs_name)
                      .arg(data->epsg) +
                  basemap_text;

    clock.mark("layout");
    if (suffix == QLatin1String("png")) {
        // Drawn in bands on every core, then compressed in bands on every core.
        QImage image = canvas.get();
        render::render_page_image(image, *data, view, o, page, 0, render::Canvas::already_white);
        clock.mark("draw");
        if (!render::save_png(image, out)) {
            throw InputError(*output + ": cannot write");
        }
        clock.mark("png");
    } else {
        const QString error = render::write_pdf(
            out, {QSizeF(width, height), page.title, QStringLiteral("Gridmap " GRIDMAP_VERSION)},
            [&](QPdfWriter&, QPainter& p) { render::render_page(p, *data, view, o, page); });
        if (!error.isEmpty()) {
            throw InputError(*output + ": " + error.toStdString());
        }
        clock.mark("pdf");
    }
    if (args.flag("timings")) {
        std::cerr << clock.line() << "\n";
    }
    const std::string metres = QString::number(1.0 / map_view.scale, 'f', 3).toStdString();
    if (chinese_session()) {
        std::cout << "已写入 " << *output << "（" << width << " x " << height << " 像素，专题 "
                  << render::theme_name(o.theme).toStdString() << "，1 像素 = " << metres
                  << " 米）\n";
    } else {
        std::cout << "wrote " << *output << " (" << width << " x " << height << " px, theme "
                  << render::theme_name(o.theme).toStdString() << ", 1 px = " << metres << " m)\n";
    }
    return 0;
}

} // namespace gridmap::cli
