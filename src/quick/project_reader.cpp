#include "project_reader.hpp"

#include <QThreadPool>

#include <utility>

namespace gridmap::quick {

namespace {

std::mutex& hook_mutex() {
    static std::mutex m;
    return m;
}

std::function<void()>& hook() {
    static std::function<void()> h;
    return h;
}

} // namespace

std::shared_ptr<ProjectReader> ProjectReader::create(const QString& path) {
    return std::shared_ptr<ProjectReader>(new ProjectReader(path));
}

ProjectReader::ProjectReader(QString path) : m_path(std::move(path)) {}

ProjectReader::~ProjectReader() = default;

QThreadPool& ProjectReader::pool() {
    // Never destroyed: its thread may still finish a job while the program exits.
    static QThreadPool* p = [] {
        auto* pool = new QThreadPool;
        pool->setMaxThreadCount(1);
        pool->setExpiryTimeout(-1);
        pool->setObjectName(QStringLiteral("gridmap-project-reader"));
        return pool;
    }();
    return *p;
}

std::atomic<int>& ProjectReader::jobs_on_worker() {
    static std::atomic<int> n{0};
    return n;
}

void ProjectReader::set_analysis_hook(std::function<void()> h) {
    std::lock_guard<std::mutex> lock(hook_mutex());
    hook() = std::move(h);
}

void ProjectReader::call_analysis_hook() {
    std::function<void()> h;
    {
        std::lock_guard<std::mutex> lock(hook_mutex());
        h = hook();
    }
    if (h) {
        h();
    }
}

const gridmap::Project& ProjectReader::connection() {
    if (!m_project) {
        m_project.emplace(
            gridmap::Project::open(m_path.toStdString(), gridmap::Project::Access::read_only));
    }
    return *m_project;
}

} // namespace gridmap::quick
