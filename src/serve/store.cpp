#include "serve/store.hpp"

#include "gridmap/access.hpp"
#include "gridmap/error.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace gridmap::serve {

Writer::Writer(const std::string& path, std::string dispatch_by, std::size_t batch_max)
    : m_project(Project::open(path, Project::Access::read_write)), m_intake(m_project),
      m_dispatch_by(std::move(dispatch_by)), m_batch_max(batch_max),
      m_trace(std::getenv("GRIDMAP_SERVE_TRACE") != nullptr) {
    use_write_ahead_log(m_project);
    m_intake.prepare();
    m_thread = std::thread([this] { loop(); });
}

Writer::~Writer() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

std::future<AddedIssue> Writer::add(NewIssue issue, std::optional<IssuePhoto> photo) {
    AddJob job{std::move(issue), std::move(photo), {}};
    auto f = job.done.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_adds.push_back(std::move(job));
    }
    m_wake.notify_one();
    return f;
}

std::future<void> Writer::run(std::function<void(Project&)> job) {
    RunJob r{std::move(job), {}};
    auto f = r.done.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_runs.push_back(std::move(r));
    }
    m_wake.notify_one();
    return f;
}

std::size_t Writer::batches() const {
    std::lock_guard lock(m_mutex);
    return m_batches;
}

void Writer::loop() {
    for (;;) {
        std::vector<AddJob> adds;
        std::vector<RunJob> runs;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || !m_adds.empty() || !m_runs.empty(); });
            if (m_stop && m_adds.empty() && m_runs.empty()) {
                return;
            }
            while (!m_runs.empty()) {
                runs.push_back(std::move(m_runs.front()));
                m_runs.pop_front();
            }
            while (!m_adds.empty() && adds.size() < m_batch_max) {
                adds.push_back(std::move(m_adds.front()));
                m_adds.pop_front();
            }
        }
        for (RunJob& r : runs) {
            try {
                r.job(m_project);
                r.done.set_value();
            } catch (...) {
                r.done.set_exception(std::current_exception());
            }
        }
        if (adds.empty()) {
            continue;
        }
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<NewIssue> issues;
        issues.reserve(adds.size());
        for (const AddJob& a : adds) {
            issues.push_back(a.issue);
        }
        try {
            std::vector<AddedIssue> results = m_intake.add(issues, m_dispatch_by);
            for (std::size_t i = 0; i < adds.size(); ++i) {
                if (results[i].issue && adds[i].photo) {
                    try {
                        add_issue_photo(m_project, results[i].issue->id, *adds[i].photo);
                    } catch (const InputError& e) {
                        results[i].error = std::string("photo not stored: ") + e.what();
                    }
                }
                adds[i].done.set_value(std::move(results[i]));
            }
            std::lock_guard lock(m_mutex);
            ++m_batches;
            if (m_trace) {
                std::fprintf(
                    stderr, "serve: batch of %zu stored in %.1f ms\n", adds.size(),
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count());
            }
        } catch (...) {
            for (AddJob& a : adds) {
                a.done.set_exception(std::current_exception());
            }
        }
    }
}

ReaderPool::Lease ReaderPool::get() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_free.empty()) {
            auto p = std::move(m_free.back());
            m_free.pop_back();
            return Lease(*this, std::move(p));
        }
    }
    return Lease(*this,
                 std::make_unique<Project>(Project::open(m_path, Project::Access::read_only)));
}

void ReaderPool::give_back(std::unique_ptr<Project> p) {
    if (!p) {
        return;
    }
    std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(p));
}

} // namespace gridmap::serve
