#pragma once

// The project behind the server: one writer thread with a queue (new requests are committed in
// batches), and a pool of read connections.

#include "gridmap/intake.hpp"
#include "gridmap/project.hpp"
#include "gridmap/workorder.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gridmap::serve {

/// The single writer of a project. `add` queues a new issue (with an optional photo); the writer
/// takes every queued one (up to `batch_max`) and stores them with one `IssueIntake::add` call
/// (`add_issues` with cells and role holders kept in memory), one transaction, then fulfils
/// each future: a request is answered only once its batch is committed (group commit). `run` queues
/// any other write (a state change), run alone in its own transaction. Exceptions reach the caller
/// through the future.
class Writer {
public:
    Writer(const std::string& path, std::string dispatch_by, std::size_t batch_max = 512);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    std::future<AddedIssue> add(NewIssue issue, std::optional<IssuePhoto> photo);
    std::future<void> run(std::function<void(Project&)> job);

    /// Batches committed and issues stored so far.
    std::size_t batches() const;

private:
    struct AddJob {
        NewIssue issue;
        std::optional<IssuePhoto> photo;
        std::promise<AddedIssue> done;
    };
    struct RunJob {
        std::function<void(Project&)> job;
        std::promise<void> done;
    };
    void loop();

    Project m_project;
    IssueIntake m_intake; ///< on m_project
    std::string m_dispatch_by;
    std::size_t m_batch_max;
    bool m_trace; ///< GRIDMAP_SERVE_TRACE set: each batch's size and time on standard error
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<AddJob> m_adds;
    std::deque<RunJob> m_runs;
    bool m_stop = false;
    std::size_t m_batches = 0;
    std::thread m_thread;
};

/// Read connections to the project, one per concurrent reader, opened on demand and kept.
class ReaderPool {
public:
    explicit ReaderPool(std::string path, std::size_t max_open = 8)
        : m_path(std::move(path)), m_max_open(max_open) {}

    /// A connection for the caller's use; returned to the pool when the lease ends. At most
    /// `max_open` connections are open (opening one costs GDAL's global locks); a caller waits
    /// for a free one beyond that.
    class Lease {
    public:
        Lease(ReaderPool& pool, std::unique_ptr<Project> p) : m_pool(pool), m_p(std::move(p)) {}
        ~Lease() { m_pool.give_back(std::move(m_p)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        const Project& operator*() const { return *m_p; }
        const Project* operator->() const { return m_p.get(); }

    private:
        ReaderPool& m_pool;
        std::unique_ptr<Project> m_p;
    };

    Lease get();

private:
    void give_back(std::unique_ptr<Project> p);
    std::string m_path;
    std::size_t m_max_open;
    std::size_t m_open = 0;
    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<std::unique_ptr<Project>> m_free;
};

} // namespace gridmap::serve
