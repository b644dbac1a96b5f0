#pragma once

#include <QString>

#include <functional>

class QGuiApplication;
class QQuickWindow;

namespace gridmap::desktop {

/// The longest stalls of the GUI thread: a timer on the GUI thread ticks every 2 ms and the
/// largest gap between two ticks is the longest time the thread did not get back to its event
/// loop (analysis, reading, building scene graph nodes while the render thread waits ...).
/// Gaps are gathered per named phase. With the threaded render loop the GUI thread also waits
/// for the render thread to finish drawing the frame before (from afterAnimating on the GUI
/// thread to beforeSynchronizing on the render thread); that part of each gap is measured too,
/// so that a stall can be told apart from the GUI thread's own work (which includes the scene
/// graph sync, updatePaintNode, during which it is blocked).
class StallMeter {
public:
    /// Measures the GUI thread; with `window` also its waits for the window's render thread.
    explicit StallMeter(QQuickWindow* window = nullptr);
    ~StallMeter();
    StallMeter(const StallMeter&) = delete;
    StallMeter& operator=(const StallMeter&) = delete;

    /// Starts a phase: the gaps from now on count for it (and the gap under way is cut here).
    void begin(const QString& phase);
    /// The longest gap of the phase so far, milliseconds.
    double longest_ms() const;
    /// The longest gap of the phase less the time in it the GUI thread waited for the render
    /// thread to finish drawing: the GUI thread's own longest busy stretch, milliseconds.
    double longest_own_ms() const;

private:
    struct State;
    State* m_state;
};

/// For scripts/bench (--benchmark-actions): opens `project` while measuring the GUI thread's
/// stalls, waits for the map (ready and not busy), then: selects 10 buildings and assigns them
/// a party group; pins an issue at a building; switches the map to the coverage theme; after
/// each action waits until its edit is stored (the project's writer thread), the map has its new
/// data and frame again and, after opening, the assign panel's party groups have arrived. Prints
/// {"gui_stall_ms", "gui_busy_ms", "open_stall_ms", "open_busy_ms", "open_s", ... for assign,
/// issue and theme} (stall: longest gap of the GUI thread's event loop; busy: the same less its
/// waits for the render thread; _s: until the map showed the result) on one line, then calls `then`
/// (the frame benchmark) or quits. Exit code 1 when an action fails or the map takes over 600 s.
void benchmark_actions(QGuiApplication& app, QQuickWindow& window, const QString& project,
                       std::function<void()> then);

} // namespace gridmap::desktop
