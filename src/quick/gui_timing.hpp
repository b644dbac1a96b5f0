#pragma once

#include <QElapsedTimer>

#include <cstdio>
#include <cstdlib>

namespace gridmap::quick {

/// Times a stretch of work on the GUI thread and prints it on stderr ("gui: <what> 12.3 ms")
/// when GRIDMAP_GUI_TIMING is set (to 1: every stretch; to a number of milliseconds: the
/// stretches that took at least that long). For finding what holds up the GUI thread; prints
/// nothing otherwise.
class GuiTiming {
public:
    explicit GuiTiming(const char* what) : m_what(what) {
        if (threshold_ms() >= 0) {
            m_clock.start();
        }
    }
    ~GuiTiming() {
        if (m_clock.isValid()) {
            const double ms = static_cast<double>(m_clock.nsecsElapsed()) / 1e6;
            if (ms >= threshold_ms()) {
                std::fprintf(stderr, "gui: %s %.1f ms\n", m_what, ms);
            }
        }
    }
    GuiTiming(const GuiTiming&) = delete;
    GuiTiming& operator=(const GuiTiming&) = delete;

    /// GRIDMAP_GUI_TIMING as milliseconds; -1 when unset (timing off).
    static double threshold_ms() {
        static const double value = [] {
            const char* v = std::getenv("GRIDMAP_GUI_TIMING");
            if (v == nullptr || *v == '\0') {
                return -1.0;
            }
            const double ms = std::atof(v);
            return ms > 1 ? ms : 0.0;
        }();
        return value;
    }

private:
    const char* m_what;
    QElapsedTimer m_clock;
};

} // namespace gridmap::quick
