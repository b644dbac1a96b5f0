#include "project_writer.hpp"

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

void ProjectWriter::set_job_hook(std::function<void()> h) {
    std::lock_guard<std::mutex> lock(hook_mutex());
    hook() = std::move(h);
}

void ProjectWriter::call_job_hook() {
    std::function<void()> h;
    {
        std::lock_guard<std::mutex> lock(hook_mutex());
        h = hook();
    }
    if (h) {
        h();
    }
}

std::shared_ptr<ProjectWriter> ProjectWriter::create(const QString& location) {
    return std::shared_ptr<ProjectWriter>(new ProjectWriter(location));
}

ProjectWriter::ProjectWriter(QString location) : m_location(std::move(location)) {}

ProjectWriter::~ProjectWriter() = default;

QThreadPool& ProjectWriter::pool() {
    // Never destroyed: its thread may still finish a job while the program exits.
    static QThreadPool* p = [] {
        auto* pool = new QThreadPool;
        pool->setMaxThreadCount(1);
        pool->setExpiryTimeout(-1);
        pool->setObjectName(QStringLiteral("gridmap-project-writer"));
        return pool;
    }();
    return *p;
}

gridmap::Project& ProjectWriter::connection() {
    if (!m_project) {
        m_project.emplace(
            gridmap::Project::open(m_location.toStdString(), gridmap::Project::Access::read_write));
    }
    return *m_project;
}

} // namespace gridmap::quick
