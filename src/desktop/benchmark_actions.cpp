#include "benchmark_actions.hpp"

#include "assign_model.hpp"
#include "issue_model.hpp"
#include "map_item.hpp"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQuickWindow>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <vector>

namespace gridmap::desktop {

struct StallMeter::State {
    QTimer timer;
    QElapsedTimer clock;
    qint64 last_ns = 0;
    double longest_ms = 0;
    double longest_own_ms = 0;
    std::atomic<qint64> sync_start_ns{-1}; ///< GUI thread: afterAnimating
    std::atomic<qint64> waited_ns{0};      ///< render thread: sync waits since the last tick
    std::vector<QMetaObject::Connection> connections;
};

StallMeter::StallMeter(QQuickWindow* window) : m_state(new State) {
    m_state->timer.setTimerType(Qt::PreciseTimer);
    m_state->timer.setInterval(2);
    State* s = m_state;
    s->clock.start();
    QObject::connect(&s->timer, &QTimer::timeout, [s] {
        const qint64 now = s->clock.nsecsElapsed();
        const double gap = static_cast<double>(now - s->last_ns) / 1e6;
        const double waited = static_cast<double>(s->waited_ns.exchange(0)) / 1e6;
        s->longest_ms = std::max(s->longest_ms, gap);
        s->longest_own_ms = std::max(s->longest_own_ms, gap - std::min(waited, gap));
        s->last_ns = now;
    });
    if (window != nullptr) {
        // afterAnimating: the GUI thread is about to polish and hand the frame to the render
        // thread; beforeSynchronizing (render thread): the render thread has finished drawing
        // the frame before and starts taking the new one (updatePaintNode, which counts as the
        // GUI thread's work: it waits for it).
        s->connections.push_back(QObject::connect(
            window, &QQuickWindow::afterAnimating, window,
            [s] { s->sync_start_ns.store(s->clock.nsecsElapsed()); }, Qt::DirectConnection));
        s->connections.push_back(QObject::connect(
            window, &QQuickWindow::beforeSynchronizing, window,
            [s] {
                const qint64 start = s->sync_start_ns.exchange(-1);
                if (start >= 0) {
                    s->waited_ns.fetch_add(s->clock.nsecsElapsed() - start);
                }
            },
            Qt::DirectConnection));
    }
    s->timer.start();
}

StallMeter::~StallMeter() {
    for (const auto& c : m_state->connections) {
        QObject::disconnect(c);
    }
    delete m_state;
}

void StallMeter::begin(const QString& /*phase*/) {
    m_state->longest_ms = 0;
    m_state->longest_own_ms = 0;
    m_state->waited_ns.store(0);
    m_state->last_ns = m_state->clock.nsecsElapsed();
}

double StallMeter::longest_ms() const {
    // The gap under way counts too: a phase that ends inside a stall is not flattered.
    const double current = static_cast<double>(m_state->clock.nsecsElapsed() - m_state->last_ns);
    return std::max(m_state->longest_ms, current / 1e6);
}

double StallMeter::longest_own_ms() const {
    return m_state->longest_own_ms;
}

namespace {

/// The last action is done: its edit stored by the project's writer, and the map has read the
/// project again, built its styles and meshes and drawn the frame.
bool settled(const QObject* project, const QObject* map) {
    return map != nullptr && !project->property("saving").toBool() &&
           map->property("ready").toBool() && !map->property("busy").toBool();
}

} // namespace

void benchmark_actions(QGuiApplication& app, QQuickWindow& window, const QString& project,
                       std::function<void()> then) {
    struct Run {
        explicit Run(QQuickWindow* w) : meter(w) {}
        StallMeter meter;
        QElapsedTimer clock;
        QTimer poll;
        std::vector<std::pair<QString, std::function<bool()>>> actions; ///< false = failed
        std::size_t next = 0;
        bool waiting = false;
        struct Result {
            double stall_ms = 0;
            double busy_ms = 0;
            double seconds = 0;
        };
        std::map<QString, Result> results;
        QString failure;
        QString error; ///< the last message of a model's errorOccurred
    };
    auto run = std::make_shared<Run>(&window);
    QObject* project_model = window.property("project").value<QObject*>();
    auto* map = qobject_cast<quick::MapItem*>(window.property("map").value<QObject*>());
    QObject* assignments = window.property("assignments").value<QObject*>();
    QObject* issues = window.property("issues").value<QObject*>();
    if (project_model == nullptr || map == nullptr || assignments == nullptr || issues == nullptr) {
        std::cerr << "gridmap-desktop: the window lacks its models\n";
        app.exit(1);
        return;
    }
    // The first features of a layer (the map's data, as the user sees them).
    const auto first_keys = [map](const char* layer, int n) {
        QStringList out;
        const auto data = map->data();
        const render::MapLayer* l = data ? data->layer(QString::fromLatin1(layer)) : nullptr;
        for (std::size_t i = 0; l != nullptr && i < l->features.size() && out.size() < n; ++i) {
            out << l->features[i].key;
        }
        return out;
    };
    run->actions.emplace_back(QStringLiteral("open"), [project_model, project] {
        bool ok = false;
        QMetaObject::invokeMethod(project_model, "open", Q_RETURN_ARG(bool, ok),
                                  Q_ARG(QString, project));
        if (ok && project_model->property("actor").toString().isEmpty()) {
            // The acting person: the first person of the project (the window would ask).
            QVariantList persons;
            QMetaObject::invokeMethod(project_model, "persons",
                                      Q_RETURN_ARG(QVariantList, persons));
            if (!persons.isEmpty()) {
                QMetaObject::invokeMethod(
                    project_model, "setActor", Q_RETURN_ARG(bool, ok),
                    Q_ARG(QString, persons.front().toMap().value(QStringLiteral("id")).toString()));
            }
        }
        return ok;
    });
    run->actions.emplace_back(QStringLiteral("assign"), [assignments, first_keys] {
        const QStringList buildings = first_keys("building", 10);
        const QVariantList groups = assignments->property("partyGroups").toList();
        if (buildings.size() < 10 || groups.isEmpty()) {
            return false;
        }
        QMetaObject::invokeMethod(assignments, "setSelection", Q_ARG(QStringList, buildings));
        bool ok = false;
        QMetaObject::invokeMethod(
            assignments, "assign", Q_RETURN_ARG(bool, ok),
            Q_ARG(QString, QStringLiteral("party_group")),
            Q_ARG(QString, groups.front().toMap().value(QStringLiteral("id")).toString()),
            Q_ARG(QString, QString()));
        return ok;
    });
    run->actions.emplace_back(QStringLiteral("issue"), [issues, map] {
        const auto data = map->data();
        const render::MapLayer* l = data ? data->layer(QStringLiteral("building")) : nullptr;
        if (l == nullptr || l->features.empty()) {
            return false;
        }
        const QPointF at = l->features.front().label_point + data->origin;
        QVariantList categories;
        QMetaObject::invokeMethod(issues, "categories", Q_RETURN_ARG(QVariantList, categories));
        if (categories.isEmpty()) {
            return false;
        }
        const QString category =
            categories.front().toMap().value(QStringLiteral("name")).toString();
        QStringList classes;
        QMetaObject::invokeMethod(issues, "smallClasses", Q_RETURN_ARG(QStringList, classes),
                                  Q_ARG(QString, category));
        bool ok = false; // handed to the writer; a refusal comes by errorOccurred
        QMetaObject::invokeMethod(
            issues, "addIssue", Q_RETURN_ARG(bool, ok),
            Q_ARG(QVariantMap,
                  (QVariantMap{{QStringLiteral("x"), at.x()},
                               {QStringLiteral("y"), at.y()},
                               {QStringLiteral("category"), category},
                               {QStringLiteral("smallClass"), classes.value(0)},
                               {QStringLiteral("text"), QStringLiteral("benchmark issue")}})));
        return ok;
    });
    run->actions.emplace_back(QStringLiteral("theme"), [project_model] {
        const QString now = project_model->property("mapTheme").toString();
        return project_model->setProperty("mapTheme", now == QLatin1String("coverage")
                                                          ? QStringLiteral("issues")
                                                          : QStringLiteral("coverage"));
    });

    const auto finish = [run, &app, then] {
        run->poll.stop();
        double worst = 0;
        double worst_busy = 0;
        QString fields;
        for (const char* name : {"open", "assign", "issue", "theme"}) {
            const auto it = run->results.find(QString::fromLatin1(name));
            if (it == run->results.end()) {
                continue;
            }
            const auto& r = it->second;
            worst = std::max(worst, r.stall_ms);
            worst_busy = std::max(worst_busy, r.busy_ms);
            fields += QStringLiteral(", \"%1_stall_ms\": %2, \"%1_busy_ms\": %3, \"%1_s\": %4")
                          .arg(QString::fromLatin1(name))
                          .arg(r.stall_ms, 0, 'f', 1)
                          .arg(r.busy_ms, 0, 'f', 1)
                          .arg(r.seconds, 0, 'f', 2);
        }
        std::printf("{\"gui_stall_ms\": %.1f, \"gui_busy_ms\": %.1f%s}\n", worst, worst_busy,
                    qPrintable(fields));
        std::fflush(stdout);
        if (!run->failure.isEmpty()) {
            std::cerr << "gridmap-desktop: " << run->failure.toStdString() << '\n';
            app.exit(1);
            return;
        }
        if (then) {
            then();
        } else {
            app.exit(0);
        }
    };
    // The edits are written off the GUI thread: a refusal arrives after the action returned.
    if (auto* m = qobject_cast<quick::AssignModel*>(assignments)) {
        QObject::connect(m, &quick::AssignModel::errorOccurred, &app,
                         [run](const QString& message) { run->error = message; });
    }
    if (auto* m = qobject_cast<quick::IssueModel*>(issues)) {
        QObject::connect(m, &quick::IssueModel::errorOccurred, &app,
                         [run](const QString& message) { run->error = message; });
    }
    QObject::connect(
        &run->poll, &QTimer::timeout, &app,
        [run, map, project_model, assignments, finish, &window] {
            if (run->waiting) {
                // Opening is done when the assign panel's party groups (read on the project's
                // reader thread) have arrived too: their arrival counts for it.
                const bool lists = run->actions[run->next - 1].first != QLatin1String("open") ||
                                   !assignments->property("partyGroups").toList().isEmpty();
                if (!lists || !settled(project_model, map)) {
                    if (run->clock.elapsed() > 600000) {
                        run->failure = QStringLiteral("the map did not settle after ") +
                                       run->actions[run->next - 1].first;
                        finish();
                    }
                    return;
                }
                const QString& name = run->actions[run->next - 1].first;
                run->results[name] = {run->meter.longest_ms(), run->meter.longest_own_ms(),
                                      static_cast<double>(run->clock.nsecsElapsed()) / 1e9};
                run->waiting = false;
                if (!run->error.isEmpty()) {
                    run->failure = name + QStringLiteral(" failed: ") + run->error;
                    finish();
                    return;
                }
            }
            if (run->next >= run->actions.size()) {
                finish();
                return;
            }
            const auto& [name, action] = run->actions[run->next++];
            run->meter.begin(name);
            run->clock.restart();
            if (!action()) {
                run->failure =
                    name + QStringLiteral(" failed: ") + window.property("lastError").toString();
                finish();
                return;
            }
            run->waiting = true;
        });
    // Starts once the window has shown its first frame.
    QObject::connect(
        &window, &QQuickWindow::frameSwapped, &app, [run] { run->poll.start(20); },
        Qt::SingleShotConnection);
}

} // namespace gridmap::desktop
