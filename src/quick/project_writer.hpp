#pragma once

#include "error_text.hpp"

#include <gridmap/changes.hpp>
#include <gridmap/project.hpp>

#include <QFuture>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

class QThreadPool;

namespace gridmap::quick {

/// The edits of the desktop off the GUI thread: pinning an issue, moving it on, assigning
/// party groups and captains, storing the map's settings run here, one after the other, on
/// one worker thread with the project's own read-write connection (a GDAL dataset and its
/// SQLite handle are never shared between threads). The GUI thread hands a job over and gets
/// its result back as a QFuture (QFuture::then with a QObject context brings it to the GUI
/// thread); every write is one transaction of the library, committed before the job returns,
/// so a reader job started after the result arrived sees it.
///
/// One writer per opened project file; the GUI thread's connection (ProjectModel::project)
/// stays for its quick reads and the project's reader (ProjectReader) for the analysis.
class ProjectWriter : public std::enable_shared_from_this<ProjectWriter> {
public:
    /// A writer of the project at `location` (an absolute path or a PostgreSQL URL). Opens
    /// nothing yet: the first job opens the connection on the worker thread.
    static std::shared_ptr<ProjectWriter> create(const QString& location);
    ~ProjectWriter();
    ProjectWriter(const ProjectWriter&) = delete;
    ProjectWriter& operator=(const ProjectWriter&) = delete;

    const QString& location() const { return m_location; }

    /// Runs `job(gridmap::Project&)` on the worker thread and returns its result. When the job
    /// throws, or the connection cannot be opened (a database that cannot be reached), the
    /// result is `refused(message)` (the message in the UI's language): no exception crosses
    /// the future (QtConcurrent would wrap it in a QUnhandledException without its message).
    template <typename Job, typename Refused>
    auto run(Job job, Refused refused) -> QFuture<std::invoke_result_t<Job, gridmap::Project&>> {
        using Result = std::invoke_result_t<Job, gridmap::Project&>;
        auto self = shared_from_this();
        return QtConcurrent::run(
            &pool(),
            [self, job = std::move(job), refused = std::move(refused)]() mutable -> Result {
                try {
                    return self->on_worker(job);
                } catch (const std::exception& e) {
                    return refused(error_text(e));
                }
            });
    }

    /// Runs `job` on the worker thread as run() does and waits for its result here. Never
    /// QFuture::result(): that runs a job that has not started yet on the waiting thread. For
    /// the few writes a caller must see done (saving the map state when a project closes).
    template <typename Job>
    auto run_and_wait(Job job) -> std::invoke_result_t<Job, gridmap::Project&> {
        using Result = std::invoke_result_t<Job, gridmap::Project&>;
        auto promise = std::make_shared<std::promise<Result>>();
        std::future<Result> result = promise->get_future();
        auto self = shared_from_this();
        // Every exception reaches the waiting thread, the connection's own as well (a database
        // that cannot be reached): the promise is always kept.
        (void)QtConcurrent::run(&pool(), [self, promise, job = std::move(job)]() mutable {
            try {
                promise->set_value(self->on_worker(job));
            } catch (...) {
                promise->set_exception(std::current_exception());
            }
        });
        return result.get();
    }

    /// Waits for the jobs handed over before this call; never throws (a writer that cannot
    /// connect has no job to finish). For destructors and the close of a project.
    void finish() noexcept {
        try {
            run_and_wait([](gridmap::Project&) { return 0; });
        } catch (...) {
        }
    }

    /// The one worker thread's pool (one thread, kept alive).
    static QThreadPool& pool();
    /// A test hook called at the start of every job: tests record the thread here and may
    /// slow the job down. Empty by default.
    static void set_job_hook(std::function<void()> hook);
    /// Calls the job hook, if any.
    static void call_job_hook();

private:
    explicit ProjectWriter(QString location);
    /// Runs `job` on the connection, one job at a time (worker thread only).
    template <typename Job>
    auto on_worker(Job& job) -> std::invoke_result_t<Job, gridmap::Project&> {
        std::lock_guard<std::mutex> lock(m_mutex);
        call_job_hook();
        gridmap::Project& p = connection();
        // A PostgreSQL connection the server ended while the desktop sat idle is replaced
        // before the write, not found dead by it.
        gridmap::reconnect_if_dropped(p);
        return job(p);
    }
    /// The connection, opened read-write on first use (worker thread only, under m_mutex).
    gridmap::Project& connection();

    QString m_location;
    std::mutex m_mutex;
    std::optional<gridmap::Project> m_project;
};

} // namespace gridmap::quick
