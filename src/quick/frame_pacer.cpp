#include "frame_pacer.hpp"

#include <QCoreApplication>
#include <QEvent>
#include <QQuickWindow>

namespace gridmap::quick {

FramePacer::FramePacer(QQuickWindow* window, int fallback_ms) : QObject(window), m_window(window) {
    m_fallback.setSingleShot(true);
    m_fallback.setInterval(fallback_ms);
    connect(&m_fallback, &QTimer::timeout, this, [this] {
        m_done.store(m_synced.load()); // a sync that drew no frame: nothing to wait for
        release();
    });
    // Render thread, while the GUI thread waits for the sync: a frame is under way.
    connect(
        window, &QQuickWindow::afterSynchronizing, this, [this] { m_synced.fetch_add(1); },
        Qt::DirectConnection);
    // Render thread, after the swap (or the end of a frame that drew nothing): every frame
    // synced so far is done. Counted there, not in the queued call below: by the time that
    // runs the GUI thread may have synced the next frame already.
    const auto finished = [this] {
        m_done.store(m_synced.load());
    };
    connect(window, &QQuickWindow::frameSwapped, this, finished, Qt::DirectConnection);
    connect(window, &QQuickWindow::afterFrameEnd, this, finished, Qt::DirectConnection);
    // Then on this object's (the GUI) thread: hand over what was held back.
    connect(window, &QQuickWindow::frameSwapped, this, [this] { release(); });
    connect(window, &QQuickWindow::afterFrameEnd, this, [this] { release(); });
    window->installEventFilter(this);
}

bool FramePacer::in_flight() const {
    return m_done.load() < m_synced.load();
}

bool FramePacer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window && event->type() == QEvent::UpdateRequest && in_flight()) {
        m_deferred = true;
        ++m_held_back;
        if (!m_fallback.isActive()) {
            m_fallback.start();
        }
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void FramePacer::release() {
    if (!m_deferred || in_flight()) {
        return; // nothing held back, or a newer frame is drawn: its end releases
    }
    m_fallback.stop();
    m_deferred = false;
    // Posted, not QWindow::requestUpdate(): that waits a refresh interval (16 ms on xcb)
    // more, which the held request had already waited.
    QCoreApplication::postEvent(m_window, new QEvent(QEvent::UpdateRequest));
}

void pace_frames(QQuickWindow* window) {
    if (qEnvironmentVariable("GRIDMAP_FRAME_PACING") == QLatin1String("0")) {
        return; // the plain render loop
    }
    if (window != nullptr &&
        window->findChild<FramePacer*>(QString(), Qt::FindDirectChildrenOnly) == nullptr) {
        new FramePacer(window);
    }
}

} // namespace gridmap::quick
