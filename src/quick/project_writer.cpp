#include "project_writer.hpp"
#include "worker_thread.hpp"

#include <QThreadPool>

#include <utility>

namespace gridmap::quick {

namespace {

TestHook& test_hook() {
    static TestHook h;
    return h;
}

} // namespace

void ProjectWriter::set_job_hook(std::function<void()> h) {
    test_hook().set(std::move(h));
}

void ProjectWriter::call_job_hook() {
    test_hook().call();
}

std::shared_ptr<ProjectWriter> ProjectWriter::create(const QString& location) {
    return std::shared_ptr<ProjectWriter>(new ProjectWriter(location));
}

ProjectWriter::ProjectWriter(QString location) : m_location(std::move(location)) {}

ProjectWriter::~ProjectWriter() = default;

QThreadPool& ProjectWriter::pool() {
    static QThreadPool& p = make_single_thread_pool("gridmap-project-writer");
    return p;
}

gridmap::Project& ProjectWriter::connection() {
    if (!m_project) {
        m_project.emplace(
            gridmap::Project::open(m_location.toStdString(), gridmap::Project::Access::read_write));
    }
    return *m_project;
}

} // namespace gridmap::quick
