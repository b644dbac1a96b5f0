#pragma once

#include <gridmap/database_fault.hpp>
#include <gridmap/project.hpp>

#include <QFuture>
#include <QString>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>

class QThreadPool;

namespace gridmap::quick {

/// Reads of the open project off the GUI thread: the analysis the views show (the map's
/// layers and theme, the dashboard figures) runs here, never on the GUI thread.
///
/// One reader per opened project file, with its own read-only connection (a GDAL dataset and
/// its SQLite handle are never shared between threads): the GUI thread keeps the read-write
/// project of ProjectModel for edits. Every job of every reader runs on one worker thread,
/// one after the other (the connection is used by one job at a time), and its result comes
/// back as a QFuture: watch it with a QFutureWatcher, whose finished() arrives on the GUI
/// thread. The connection is opened by the first job and sees every change the GUI thread
/// committed before the job started.
class ProjectReader : public std::enable_shared_from_this<ProjectReader> {
public:
    /// A reader of the project file at `path` (absolute). Opens nothing yet.
    static std::shared_ptr<ProjectReader> create(const QString& path);
    ~ProjectReader();
    ProjectReader(const ProjectReader&) = delete;
    ProjectReader& operator=(const ProjectReader&) = delete;

    const QString& path() const { return m_path; }

    /// Runs `job(const gridmap::Project&)` on the worker thread and returns its result. A job
    /// that throws makes the future throw its exception (QFuture::result rethrows it); one that
    /// finds its database connection lost runs once more on a new connection.
    template <typename Job>
    auto run(Job job) -> QFuture<std::invoke_result_t<Job, const gridmap::Project&>> {
        using Result = std::invoke_result_t<Job, const gridmap::Project&>;
        auto self = shared_from_this();
        return QtConcurrent::run(&pool(), [self, job = std::move(job)]() -> Result {
            std::lock_guard<std::mutex> lock(self->m_mutex);
            jobs_on_worker().fetch_add(1);
            try {
                return job(self->connection());
            } catch (const gridmap::ConnectionLostError&) {
                // A project kept in PostgreSQL whose server went away since the last job (it
                // restarted, or ended this connection): the project connects again at its next
                // call, so the job runs once more; a server still away fails it.
                return job(self->connection());
            }
        });
    }

    /// The one worker thread's pool (one thread, kept alive).
    static QThreadPool& pool();
    /// How many jobs ran, for tests (a job counts when it starts).
    static std::atomic<int>& jobs_on_worker();
    /// A test hook called at the start of the analysis jobs (MapItem's load, the dashboard):
    /// tests record the thread here and may slow the job down. Empty by default.
    static void set_analysis_hook(std::function<void()> hook);
    /// Calls the analysis hook, if any.
    static void call_analysis_hook();

private:
    explicit ProjectReader(QString path);
    /// The connection, opened on first use (worker thread only, under m_mutex).
    const gridmap::Project& connection();

    QString m_path;
    std::mutex m_mutex;
    std::optional<gridmap::Project> m_project;
};

} // namespace gridmap::quick
