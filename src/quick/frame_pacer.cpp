#include "frame_pacer.hpp"

#include <QEvent>
#include <QQuickWindow>

namespace gridmap::quick {

FramePacer::FramePacer(QQuickWindow* window, int fallback_ms) : QObject(window), m_window(window) {
    m_fallback.setSingleShot(true);
    m_fallback.setInterval(fallback_ms);
    connect(&m_fallback, &QTimer::timeout, this, [this] {
        m_in_flight.store(false);
        release();
    });
    // Render thread, while the GUI thread waits for the sync: a frame is under way.
    connect(
        window, &QQuickWindow::afterSynchronizing, this, [this] { m_in_flight.store(true); },
        Qt::DirectConnection);
    // Render thread, after the swap, or the end of a frame that drew nothing (queued to this
    // object's thread, the GUI thread).
    const auto done = [this] {
        m_in_flight.store(false);
        release();
    };
    connect(window, &QQuickWindow::frameSwapped, this, done);
    connect(window, &QQuickWindow::afterFrameEnd, this, done);
    window->installEventFilter(this);
}

bool FramePacer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window && event->type() == QEvent::UpdateRequest && m_in_flight.load()) {
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
    m_fallback.stop();
    if (m_deferred) {
        m_deferred = false;
        m_window->requestUpdate();
    }
}

void pace_frames(QQuickWindow* window) {
    if (window != nullptr &&
        window->findChild<FramePacer*>(QString(), Qt::FindDirectChildrenOnly) == nullptr) {
        new FramePacer(window);
    }
}

} // namespace gridmap::quick
