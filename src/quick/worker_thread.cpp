#include "worker_thread.hpp"

#include <QString>
#include <QThread>
#include <QThreadPool>

#include <utility>

namespace gridmap::quick {

QThreadPool& make_single_thread_pool(const char* name) {
    auto* pool = new QThreadPool;
    pool->setMaxThreadCount(1);
    pool->setExpiryTimeout(-1);
    pool->setObjectName(QString::fromLatin1(name));
    return *pool;
}

QThreadPool& work_pool() {
    static QThreadPool& p = []() -> QThreadPool& {
        auto* pool = new QThreadPool;
        pool->setMaxThreadCount(QThread::idealThreadCount());
        pool->setObjectName(QStringLiteral("gridmap-work"));
        return *pool;
    }();
    return p;
}

void TestHook::set(std::function<void()> hook) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_hook = std::move(hook);
}

void TestHook::call() const {
    std::function<void()> h;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        h = m_hook;
    }
    if (h) {
        h();
    }
}

} // namespace gridmap::quick
