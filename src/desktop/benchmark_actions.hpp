#pragma once

#include <QString>

#include <functional>

class QGuiApplication;
class QQuickWindow;

namespace gridmap::desktop {

/// The longest stalls of the GUI thread: a timer on the GUI thread ticks every 2 ms and the
/// largest gap between two ticks is the longest time the thread did not get back to its event
/// loop (analysis, reading, building scene graph nodes while the render thread waits ...).
/// Gaps are gathered per named phase.
class StallMeter {
public:
    StallMeter();
    ~StallMeter();
    StallMeter(const StallMeter&) = delete;
    StallMeter& operator=(const StallMeter&) = delete;

    /// Starts a phase: the gaps from now on count for it (and the gap under way is cut here).
    void begin(const QString& phase);
    /// The longest gap of the phase so far, milliseconds.
    double longest_ms() const;

private:
    struct State;
    State* m_state;
};

/// For scripts/bench (--benchmark-actions): opens `project` while measuring the GUI thread's
/// stalls, waits for the map (ready and not busy), then: selects 10 buildings and assigns them
/// a party group; pins an issue at a building; switches the map to the coverage theme; after
/// each action waits until the map has its new data and frame again. Prints
/// {"gui_stall_ms", "open_stall_ms", "assign_stall_ms", "issue_stall_ms", "theme_stall_ms",
/// "open_s", "assign_s", "issue_s", "theme_s"} (stalls: longest gap of the GUI thread; _s: until
/// the map showed the result) on one line, then calls `then` (the frame benchmark) or quits.
/// Exit code 1 when an action fails or the map takes over 600 s.
void benchmark_actions(QGuiApplication& app, QQuickWindow& window, const QString& project,
                       std::function<void()> then);

} // namespace gridmap::desktop
