#include "meeting_model.hpp"
#include "error_text.hpp"
#include "gui_timing.hpp"
#include "model_access.hpp"

#include "map_renderer.hpp"
#include "map_style.hpp"
#include "page.hpp"
#include "pdf.hpp"

#include <gridmap/error.hpp>
#include <gridmap/meeting.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QUrl>

#include <cmath>
#include <functional>
#include <map>

namespace gridmap::quick {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString share_text(const std::optional<double>& v) {
    return v ? QString::number(*v, 'f', 1) + QLatin1Char('%') : QStringLiteral("\u2014");
}

QString figure_text(const SnapshotFigure& f) {
    return is_count_metric(f.metric) ? QString::number(f.numerator) : share_text(f.value);
}

QVariantMap view_to_map(const SavedView& v) {
    QStringList layers;
    for (const std::string& l : v.layers) {
        layers << qs(l);
    }
    return {{QStringLiteral("id"), qs(v.id)},         {QStringLiteral("title"), qs(v.title)},
            {QStringLiteral("theme"), qs(v.theme)},   {QStringLiteral("layers"), layers},
            {QStringLiteral("minX"), v.extent.min_x}, {QStringLiteral("minY"), v.extent.min_y},
            {QStringLiteral("maxX"), v.extent.max_x}, {QStringLiteral("maxY"), v.extent.max_y}};
}

QString day(std::int64_t t) {
    return qs(date_text(t));
}

/// An issue state in the user's language: the one table of state names (the "Inspect"
/// translations, equal in Chinese to state_title_zh of the reports).
QString state_title(const std::string& state) {
    return render::term_text(gridmap::Vocabulary::issue_state, state);
}

QVariant optional_number(const std::optional<double>& v) {
    return v ? QVariant(*v) : QVariant();
}

QVariantMap handling_map(const Handling& h) {
    return {{QStringLiteral("resolved"), static_cast<qlonglong>(h.resolved)},
            {QStringLiteral("withDeadline"), static_cast<qlonglong>(h.with_deadline)},
            {QStringLiteral("onTime"), static_cast<qlonglong>(h.on_time)},
            {QStringLiteral("onTimePercent"), optional_number(h.on_time_percent)},
            {QStringLiteral("averageDays"),
             optional_number(h.average_hours ? std::optional<double>(*h.average_hours / 24.0)
                                             : std::nullopt)}};
}

QVariantMap counts_map(const IssueCounts& n) {
    return {{QStringLiteral("open"), static_cast<qlonglong>(n.open)},
            {QStringLiteral("overdue"), static_cast<qlonglong>(n.overdue)},
            {QStringLiteral("resolved"), static_cast<qlonglong>(n.resolved)}};
}

/// The community figures with their change between the last two snapshots: "change" only
/// when the value changed (the arrow), "changeText" with the dates of both.
QVariantList community_rows(const MonthlyFigures& m) {
    const std::string first = m.communities.empty() ? "" : m.communities[0].first;
    QVariantList out;
    for (const SnapshotFigure& f : m.figures) {
        if (f.scope != "community" || f.target != first) {
            continue;
        }
        QVariantMap row{{QStringLiteral("metric"), qs(f.metric)},
                        {QStringLiteral("text"), figure_text(f)}};
        const FigureChange* c = m.delta ? m.delta->find(f.scope, f.target, f.metric) : nullptr;
        if (c != nullptr && c->before && c->after) {
            row[QStringLiteral("changeText")] =
                day(m.delta->previous.taken_at) + QLatin1Char(' ') + figure_text(*c->before) +
                QStringLiteral(" \u2192 ") + day(m.delta->latest.taken_at) + QLatin1Char(' ') +
                figure_text(*c->after);
            row[QStringLiteral("changeValues")] =
                figure_text(*c->before) + QStringLiteral(" \u2192 ") + figure_text(*c->after);
            if (const auto d = c->change(); d && std::fabs(*d) > 1e-9) {
                row[QStringLiteral("change")] = *d;
            }
        }
        out << row;
    }
    return out;
}

QVariantList area_rows(const MonthlyFigures& m) {
    std::map<std::pair<int, std::string>, QVariantMap> areas;
    for (const SnapshotFigure& f : m.figures) {
        if (f.scope == "compound" || f.scope == "cell") {
            QVariantMap& row = areas[{f.scope == "compound" ? 0 : 1, f.target}];
            row[QStringLiteral("scope")] = qs(f.scope);
            row[QStringLiteral("target")] = qs(f.target);
            row[QStringLiteral("name")] = qs(f.target_name.empty() ? f.target : f.target_name);
            row[qs(f.metric)] = figure_text(f);
        }
    }
    QVariantList out;
    for (auto& [key, row] : areas) {
        out << row;
    }
    return out;
}

/// Trend, overdue or stuck orders and the ranking (what a 街道 meeting asks for).
void add_meeting_lists(QVariantMap& d, const MonthlyFigures& m) {
    QVariantList trend;
    for (const MonthPoint& p : m.trend) {
        trend << QVariantMap{{QStringLiteral("month"), qs(p.month)},
                             {QStringLiteral("reported"), static_cast<qlonglong>(p.reported)},
                             {QStringLiteral("atEnd"), counts_map(p.at_end)},
                             {QStringLiteral("handling"), handling_map(p.handling)}};
    }
    d[QStringLiteral("trend")] = trend;
    QVariantList attention;
    for (const IssueAsOf& i : m.attention) {
        attention << QVariantMap{
            {QStringLiteral("id"), qs(i.id)},
            {QStringLiteral("category"), qs(i.category)},
            {QStringLiteral("cell"), qs(i.cell)},
            {QStringLiteral("stateTitle"), state_title(std::string(to_string(i.state)))},
            {QStringLiteral("reported"), day(i.reported_at)},
            {QStringLiteral("overdue"), i.overdue(m.as_of)},
            {QStringLiteral("idleDays"), static_cast<qlonglong>((m.as_of - i.changed_at) / 86400)}};
    }
    d[QStringLiteral("attention")] = attention;
    QVariantList cells;
    for (const CellRank& r : m.cells) {
        cells << QVariantMap{{QStringLiteral("code"), qs(r.code)},
                             {QStringLiteral("name"), qs(r.name.empty() ? r.code : r.name)},
                             {QStringLiteral("gridWorker"), qs(r.grid_worker)},
                             {QStringLiteral("coverage"), share_text(r.coverage)},
                             {QStringLiteral("handlingRank"), r.handling_rank},
                             {QStringLiteral("atEnd"), counts_map(r.at_end)},
                             {QStringLiteral("handling"), handling_map(r.handling)}};
    }
    d[QStringLiteral("cellRanking")] = cells;
    QVariantList workers;
    for (const WorkerRank& r : m.workers) {
        workers << QVariantMap{{QStringLiteral("person"), qs(r.person)},
                               {QStringLiteral("name"), qs(r.name)},
                               {QStringLiteral("cells"), static_cast<int>(r.cells.size())},
                               {QStringLiteral("coverage"), share_text(r.coverage)},
                               {QStringLiteral("handlingRank"), r.handling_rank},
                               {QStringLiteral("atEnd"), counts_map(r.at_end)},
                               {QStringLiteral("handling"), handling_map(r.handling)}};
    }
    d[QStringLiteral("workerRanking")] = workers;
}

QVariantMap build_dashboard(const Project& project, std::optional<std::int64_t> now) {
    const MonthlyFigures m = dashboard_figures(project, now);
    QVariantMap d;
    QStringList names;
    for (const auto& [code, name] : m.communities) {
        names << qs(name.empty() ? code : name);
    }
    d[QStringLiteral("communityName")] = names.join(QStringLiteral(", "));
    d[QStringLiteral("asOf")] = day(m.as_of);
    d[QStringLiteral("community")] = community_rows(m);
    d[QStringLiteral("areas")] = area_rows(m);
    QVariantList by_state;
    for (const std::string& state : issue_state_names()) {
        if (const auto it = m.open_by_state.find(state); it != m.open_by_state.end()) {
            by_state << QVariantMap{{QStringLiteral("state"), qs(state)},
                                    {QStringLiteral("title"), state_title(state)},
                                    {QStringLiteral("count"), static_cast<qlonglong>(it->second)}};
        }
    }
    QVariantList by_category;
    for (const auto& [category, n] : m.open_by_category) {
        by_category << QVariantMap{{QStringLiteral("category"), qs(category)},
                                   {QStringLiteral("count"), static_cast<qlonglong>(n)}};
    }
    d[QStringLiteral("openTotal")] = static_cast<qlonglong>(m.open_at_end);
    d[QStringLiteral("overdue")] = static_cast<qlonglong>(m.overdue_at_end);
    d[QStringLiteral("openByState")] = by_state;
    d[QStringLiteral("openByCategory")] = by_category;
    d[QStringLiteral("handling")] = handling_map(m.handling);
    add_meeting_lists(d, m);
    d[QStringLiteral("repairs")] =
        QVariantMap{{QStringLiteral("plannedKm"), m.repairs.planned_m / 1000.0},
                    {QStringLiteral("doneKm"), m.repairs.done_m / 1000.0},
                    {QStringLiteral("activeKm"), m.repairs.active_m / 1000.0},
                    {QStringLiteral("share"),
                     m.repairs.planned_m > 0 ? m.repairs.done_m / m.repairs.planned_m : 0.0}};
    QVariantList pledges;
    for (const Pledge& p : m.pledges) {
        const QString unit = qs(p.unit);
        pledges << QVariantMap{
            {QStringLiteral("title"), qs(p.title)},
            {QStringLiteral("percent"), p.percent().value_or(0)},
            {QStringLiteral("state"), qs(p.state)},
            {QStringLiteral("text"),
             (p.progress ? QString::number(*p.progress) : QString()) + QStringLiteral(" / ") +
                 (p.target ? QString::number(*p.target) : QString()) + QLatin1Char(' ') + unit}};
    }
    d[QStringLiteral("pledges")] = pledges;
    d[QStringLiteral("hasDelta")] = m.delta.has_value();
    if (m.delta) {
        d[QStringLiteral("deltaFrom")] = day(m.delta->previous.taken_at);
        d[QStringLiteral("deltaTo")] = day(m.delta->latest.taken_at);
    }
    return d;
}

render::RenderOptions options_for(const render::MapData& data, const QVariantMap& v,
                                  render::RenderOptions o) {
    render::theme_from_name(v.value(QStringLiteral("theme")).toString(), o.theme);
    const QStringList layers = v.value(QStringLiteral("layers")).toStringList();
    for (const render::MapLayer& layer : data.layers) {
        o.layers[layer.name].visible = layers.isEmpty() || layers.contains(layer.name);
    }
    o.selected_key.clear();
    o.selected_layer.clear();
    return o;
}

render::MapView view_for(const render::MapData& data, const QVariantMap& v, QSizeF size) {
    const QRectF world(QPointF(v.value(QStringLiteral("minX")).toDouble(),
                               v.value(QStringLiteral("minY")).toDouble()) -
                           data.origin,
                       QPointF(v.value(QStringLiteral("maxX")).toDouble(),
                               v.value(QStringLiteral("maxY")).toDouble()) -
                           data.origin);
    return render::MapView::fit(world, size, 0.0, 1.0);
}

constexpr int export_w = 1600;
constexpr int export_h = 1131;

} // namespace

MeetingModel::MeetingModel(QObject* parent) : ProjectTool(parent) {
    connect(&m_dashboard_watcher, &QFutureWatcher<Figures>::finished, this, [this] {
        QFuture<Figures> future = m_dashboard_watcher.future();
        const Figures f = future.resultCount() > 0 ? future.takeResult() : Figures{};
        if (f.generation != m_dashboard_generation || m_dashboard_again) {
            start_dashboard(); // an edit came meanwhile: compute the newer state
            return;
        }
        if (!f.error.isEmpty()) {
            m_dashboard.clear();
            fail(f.error);
        } else {
            m_dashboard = f.dashboard;
        }
        m_dashboard_pending = false;
        emit dashboardChanged();
        emit busyChanged();
    });
}

QVariantMap MeetingModel::currentView() const {
    return m_current >= 0 && m_current < count() ? m_views[m_current].toMap() : QVariantMap();
}

void MeetingModel::project_reset() {
    m_dashboard_wanted = m_presenting;
    ++m_dashboard_generation;
    m_dashboard.clear();
    emit dashboardChanged();
    read_views();
    if (m_dashboard_wanted) {
        request_dashboard();
    }
}

void MeetingModel::project_edited() {
    read_views();
    if (m_dashboard_wanted) {
        request_dashboard();
    }
}

bool MeetingModel::read_views() {
    GuiTiming timing("MeetingModel::read_views");
    m_views.clear();
    ProjectModel* model = m_project.data();
    const Project* project = model != nullptr ? model->project() : nullptr;
    bool ok = true;
    if (project != nullptr) {
        try {
            for (const SavedView& v : list_views(*project)) {
                m_views << view_to_map(v);
            }
        } catch (const std::exception& e) {
            ok = fail(error_text(e));
        }
    }
    if (m_current >= count()) {
        m_current = -1;
        emit currentChanged();
    }
    emit viewsChanged();
    return ok;
}

bool MeetingModel::refresh() {
    const bool ok = read_views();
    m_dashboard_wanted = true;
    request_dashboard();
    return ok;
}

void MeetingModel::request_dashboard() {
    ++m_dashboard_generation;
    if (m_dashboard_pending) {
        m_dashboard_again = true; // the finished handler computes once more
        return;
    }
    start_dashboard();
}

void MeetingModel::start_dashboard() {
    const bool was_busy = m_dashboard_pending;
    m_dashboard_again = false;
    ProjectModel* model = m_project.data();
    std::shared_ptr<ProjectReader> reader = model != nullptr ? model->reader() : nullptr;
    if (!reader) {
        m_dashboard_pending = false;
        m_dashboard.clear();
        emit dashboardChanged();
        if (was_busy) {
            emit busyChanged();
        }
        return;
    }
    m_dashboard_pending = true;
    const int generation = m_dashboard_generation;
    const std::optional<std::int64_t> now = m_now;
    m_dashboard_watcher.setFuture(reader->run([generation, now](const Project& project) {
        Figures f;
        f.generation = generation;
        try {
            ProjectReader::call_analysis_hook();
            f.dashboard = build_dashboard(project, now);
        } catch (const std::exception& e) {
            f.error = QString::fromUtf8(e.what());
        }
        return f;
    }));
    if (!was_busy) {
        emit busyChanged();
    }
}

bool MeetingModel::pinNow(const QString& moment) {
    if (moment.isEmpty()) {
        m_now.reset();
    } else if (const auto t = parse_time_text(moment.toStdString())) {
        m_now = *t;
    } else {
        return fail(tr("%1: not a date and time").arg(moment));
    }
    return refresh();
}

void MeetingModel::begin() {
    MapItem* map = m_map.data();
    ProjectModel* model = m_project.data();
    LayerListModel* layers = model != nullptr ? model->layers() : nullptr;
    if (map != nullptr && layers != nullptr && !m_presenting) {
        m_saved_theme = map->theme();
        m_saved_layers = layers->states();
        m_presenting = true;
    }
    refresh();
    m_current = -1;
    emit currentChanged();
    if (count() > 0) {
        if (map != nullptr && !map->data()) {
            // The map still reads the project (off the GUI thread): the first view once it is
            // there.
            connect(
                map, &MapItem::featuresChanged, this,
                [this] {
                    const MapItem* m = m_map.data();
                    if (m_presenting && m_current < 0 && count() > 0 && m != nullptr && m->data()) {
                        showView(0);
                    }
                },
                Qt::SingleShotConnection);
        } else {
            showView(0);
        }
    }
}

void MeetingModel::end() {
    if (!m_presenting) {
        return;
    }
    m_presenting = false;
    ProjectModel* model = m_project.data();
    if (LayerListModel* layers = model != nullptr ? model->layers() : nullptr) {
        layers->apply_states(m_saved_layers);
    }
    if (MapItem* map = m_map.data()) {
        map->setTheme(m_saved_theme);
    }
    m_current = -1;
    emit currentChanged();
}

bool MeetingModel::showView(int index) {
    if (index < 0 || index >= count()) {
        return fail(tr("No saved view %1 (the project has %2)").arg(index + 1).arg(count()));
    }
    MapItem* map = m_map.data();
    ProjectModel* model = m_project.data();
    LayerListModel* layer_model = model != nullptr ? model->layers() : nullptr;
    if (map == nullptr || layer_model == nullptr || !map->data()) {
        return fail(tr("No map to show the view on"));
    }
    const QVariantMap v = m_views[index].toMap();
    map->setTheme(v.value(QStringLiteral("theme")).toString());
    const QStringList layers = v.value(QStringLiteral("layers")).toStringList();
    QHash<QString, render::LayerState> states = layer_model->states();
    for (auto it = states.begin(); it != states.end(); ++it) {
        it->visible = layers.isEmpty() || layers.contains(it.key());
    }
    layer_model->apply_states(states);
    // Zoom so that the extent fills the map, centred: pan its centre to the middle, then zoom
    // about the middle.
    const double w = map->width();
    const double h = map->height();
    const QPointF a = map->projectedToItem(v.value(QStringLiteral("minX")).toDouble(),
                                           v.value(QStringLiteral("maxY")).toDouble());
    const QPointF b = map->projectedToItem(v.value(QStringLiteral("maxX")).toDouble(),
                                           v.value(QStringLiteral("minY")).toDouble());
    if (w > 0 && h > 0 && std::isfinite(a.x()) && std::isfinite(b.x()) && b.x() > a.x() &&
        b.y() > a.y()) {
        const QPointF centre = (a + b) / 2.0;
        map->panBy(w / 2.0 - centre.x(), h / 2.0 - centre.y());
        map->zoomBy(std::min(w / (b.x() - a.x()), h / (b.y() - a.y())), w / 2.0, h / 2.0);
    }
    m_current = index;
    emit currentChanged();
    return true;
}

QString MeetingModel::addView(const QVariantMap& view) {
    ProjectModel* model = m_project.data();
    Project* project = model != nullptr ? model->editable_project() : nullptr;
    if (project == nullptr) {
        fail(tr("The project is not open for editing"));
        return {};
    }
    SavedView v;
    v.title = view.value(QStringLiteral("title")).toString().toStdString();
    v.extent = {view.value(QStringLiteral("minX")).toDouble(),
                view.value(QStringLiteral("minY")).toDouble(),
                view.value(QStringLiteral("maxX")).toDouble(),
                view.value(QStringLiteral("maxY")).toDouble()};
    v.theme =
        view.value(QStringLiteral("theme"), QStringLiteral("coverage")).toString().toStdString();
    for (const QString& layer : view.value(QStringLiteral("layers")).toStringList()) {
        v.layers.push_back(layer.toStdString());
    }
    try {
        v = add_view(*project, v);
    } catch (const std::exception& e) {
        fail(error_text(e));
        return {};
    }
    refresh();
    return qs(v.id);
}

QString MeetingModel::saveCurrentView(const QString& title) {
    MapItem* map = m_map.data();
    ProjectModel* model = m_project.data();
    LayerListModel* layer_model = model != nullptr ? model->layers() : nullptr;
    const auto data = map != nullptr ? map->data() : nullptr;
    if (!data || layer_model == nullptr) {
        fail(tr("Nothing to save: no project is open"));
        return {};
    }
    const QRectF world = map->view().visible_world();
    QStringList layers;
    bool all = true;
    const auto states = layer_model->states();
    for (const render::MapLayer& layer : data->layers) {
        if (states.value(layer.name).visible) {
            layers << layer.name;
        } else {
            all = false;
        }
    }
    return addView({{QStringLiteral("title"), title},
                    {QStringLiteral("minX"), world.left() + data->origin.x()},
                    {QStringLiteral("minY"), world.top() + data->origin.y()},
                    {QStringLiteral("maxX"), world.right() + data->origin.x()},
                    {QStringLiteral("maxY"), world.bottom() + data->origin.y()},
                    {QStringLiteral("theme"), map->theme()},
                    {QStringLiteral("layers"), all ? QStringList() : layers}});
}

bool MeetingModel::next() {
    if (count() == 0) {
        return false;
    }
    return showView(std::min(m_current + 1, count() - 1));
}

bool MeetingModel::previous() {
    if (count() == 0) {
        return false;
    }
    return showView(std::max(m_current - 1, 0));
}

QString MeetingModel::source_line() const {
    MapItem* map = m_map.data();
    const auto data = map != nullptr ? map->data() : nullptr;
    if (!data) {
        return {};
    }
    return QCoreApplication::translate("Render", "Data: %1, %2 (EPSG:%3)")
        .arg(QFileInfo(data->path).fileName(), data->crs_name)
        .arg(data->epsg);
}

namespace {

bool write_pages(const QString& path, const std::vector<std::function<void(QPainter&)>>& pages,
                 const QString& title) {
    return render::write_pdf(path, {QSizeF(export_w, export_h), title, QStringLiteral("Gridmap")},
                             [&pages](QPdfWriter& pdf, QPainter& p) {
                                 bool first = true;
                                 for (const auto& page : pages) {
                                     if (!first) {
                                         pdf.newPage();
                                     }
                                     first = false;
                                     page(p);
                                 }
                             })
        .isEmpty();
}

bool write_png(const QString& path, const std::function<void(QPainter&)>& page) {
    QImage image(export_w, export_h, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        page(p);
    }
    return image.save(path, "PNG");
}

} // namespace

bool MeetingModel::exportCurrent(const QString& pathOrUrl, const QString& title) {
    MapItem* map = m_map.data();
    const auto data = map != nullptr ? map->data() : nullptr;
    if (!data) {
        return fail(tr("Nothing to export: no project is open"));
    }
    const QString path = local_path(pathOrUrl);
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf")) {
        return fail(tr("%1: the file must end in .png or .pdf").arg(path));
    }
    render::RenderOptions o = map->render_options();
    o.features = true;
    o.background = render::background_color();
    o.selected_key.clear();
    o.selected_layer.clear();
    // The export shows what the map shows, at the export's size.
    const render::MapView shown = map->view();
    const render::MapView view =
        render::MapView::fit(shown.visible_world(), QSizeF(export_w, export_h), 0.0, 1.0);
    render::PageOptions page;
    page.title = !title.isEmpty() ? title
                 : m_current >= 0 ? currentView().value(QStringLiteral("title")).toString()
                                  : render::theme_title(o.theme);
    page.date = beijing_date_today();
    page.source = source_line();
    const auto draw = [&](QPainter& p) {
        render::render_page(p, *data, view, o, page);
    };
    const bool ok = suffix == QLatin1String("png") ? write_png(path, draw)
                                                   : write_pages(path, {draw}, page.title);
    return ok ? true : fail(tr("%1: cannot write").arg(path));
}

int MeetingModel::exportAll(const QString& pathOrUrl) {
    MapItem* map = m_map.data();
    const auto data = map != nullptr ? map->data() : nullptr;
    if (!data) {
        fail(tr("Nothing to export: no project is open"));
        return 0;
    }
    if (count() == 0) {
        fail(tr("The project has no saved views"));
        return 0;
    }
    const QString path = local_path(pathOrUrl);
    const QFileInfo info(path);
    const QString suffix = info.suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf")) {
        fail(tr("%1: the file must end in .png or .pdf").arg(path));
        return 0;
    }
    render::RenderOptions base;
    base.background = render::background_color();
    base.labels = true;
    const QString date = beijing_date_today();
    const QString source = source_line();
    std::vector<std::function<void(QPainter&)>> pages;
    for (const QVariant& item : m_views) {
        const QVariantMap v = item.toMap();
        pages.push_back([data, v, base, date, source](QPainter& p) {
            render::PageOptions page;
            page.title = v.value(QStringLiteral("title")).toString();
            page.date = date;
            page.source = source;
            render::render_page(p, *data, view_for(*data, v, QSizeF(export_w, export_h)),
                                options_for(*data, v, base), page);
        });
    }
    if (suffix == QLatin1String("pdf")) {
        if (!write_pages(path, pages, tr("Saved views"))) {
            fail(tr("%1: cannot write").arg(path));
            return 0;
        }
        return static_cast<int>(pages.size());
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const QString id =
            m_views[static_cast<qsizetype>(i)].toMap().value(QStringLiteral("id")).toString();
        const QString file = info.dir().filePath(info.completeBaseName() + QLatin1Char('-') + id +
                                                 QStringLiteral(".png"));
        if (!write_png(file, pages[i])) {
            fail(tr("%1: cannot write").arg(file));
            return 0;
        }
    }
    return static_cast<int>(pages.size());
}

} // namespace gridmap::quick
