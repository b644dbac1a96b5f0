#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>

class QQuickWindow;

namespace gridmap::quick {

/// Keeps the GUI thread from waiting for the render thread. In Qt's threaded render loop the
/// GUI thread that hands over a frame (QEvent::UpdateRequest -> polish and sync) blocks until
/// the render thread has finished drawing the frame before; on llvmpipe under load a frame
/// takes 60-140 ms, and every change of any item during it (a list after an edit, the map's
/// new image) blocked the GUI thread for the rest of it. While a synced frame is not yet
/// swapped, the pacer holds the window's update requests back and asks again once it is
/// swapped (or after `fallback_ms` if neither frameSwapped nor afterFrameEnd comes): the same
/// frames, at most the same time later, but the GUI thread is free meanwhile. Owned by the window.
class FramePacer : public QObject {
    Q_OBJECT
public:
    explicit FramePacer(QQuickWindow* window, int fallback_ms = 300);

    /// Update requests held back so far (for tests).
    int heldBack() const { return m_held_back; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void release();
    bool in_flight() const;

    QQuickWindow* m_window;
    std::atomic<int> m_synced{0}; ///< frames synced (render thread)
    std::atomic<int> m_done{0};   ///< of those, swapped or ended (render thread)
    bool m_deferred = false;
    int m_held_back = 0;
    QTimer m_fallback;
};

/// Installs a FramePacer on `window` (once; MapItem does on the window it is shown in).
/// GRIDMAP_FRAME_PACING=0: none, the plain render loop.
void pace_frames(QQuickWindow* window);

} // namespace gridmap::quick
