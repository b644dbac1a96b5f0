#include "project_reader.hpp"
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

std::shared_ptr<ProjectReader> ProjectReader::create(const QString& path) {
    return std::shared_ptr<ProjectReader>(new ProjectReader(path));
}

ProjectReader::ProjectReader(QString path) : m_path(std::move(path)) {}

ProjectReader::~ProjectReader() = default;

QThreadPool& ProjectReader::pool() {
    static QThreadPool& p = make_single_thread_pool("gridmap-project-reader");
    return p;
}

std::atomic<int>& ProjectReader::jobs_on_worker() {
    static std::atomic<int> n{0};
    return n;
}

void ProjectReader::set_analysis_hook(std::function<void()> h) {
    test_hook().set(std::move(h));
}

void ProjectReader::call_analysis_hook() {
    test_hook().call();
}

const gridmap::Project& ProjectReader::connection() {
    if (!m_project) {
        m_project.emplace(
            gridmap::Project::open(m_path.toStdString(), gridmap::Project::Access::read_only));
    }
    return *m_project;
}

} // namespace gridmap::quick
