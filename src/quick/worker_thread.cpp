#include "worker_thread.hpp"

#include <QSemaphore>
#include <QString>
#include <QThread>
#include <QThreadPool>

#include <memory>
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

void keep_global_pool() {
    static std::once_flag once;
    std::call_once(once, [] {
        QThreadPool* pool = QThreadPool::globalInstance();
        pool->setExpiryTimeout(-1);
        // Start every thread at once, while the heap is small: each job waits until all have
        // started, so none of them runs two.
        const int n = pool->maxThreadCount();
        auto started = std::make_shared<QSemaphore>(0);
        for (int i = 0; i < n; ++i) {
            pool->start([started, n] {
                started->release();
                started->tryAcquire(n, 1000);
                started->release(n);
            });
        }
    });
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
