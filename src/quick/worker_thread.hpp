#pragma once

#include <functional>
#include <mutex>

class QThreadPool;

namespace gridmap::quick {

/// A new pool of one thread, kept alive and named `name`, for the project's reader and writer
/// (ProjectReader, ProjectWriter): their jobs run on it one after the other. Never destroyed:
/// its thread may still finish a job while the program exits.
QThreadPool& make_single_thread_pool(const char* name);

/// The pool of the desktop's background jobs (the map's styles, meshes, raster, labels and
/// basemap, freeing a city's old data, the assignment counts): as many threads as cores, never
/// destroyed. Not QThreadPool::globalInstance(): Qt's raster paint engine splits a large fill
/// into pieces on the global pool and waits for them, on any thread that paints, the render
/// thread too while it syncs the scene graph (QQuickPaintedItem::paint: the legend, the scale
/// bar, the overlays) with the GUI thread blocked. Jobs of seconds on the global pool (a
/// million buildings' raster) held that wait, and so the GUI thread, for as long.
QThreadPool& work_pool();

/// Makes the threads of QThreadPool::globalInstance() now and keeps them for good (once; any
/// thread). Qt's raster paint engine hands pieces of large fills to that pool and waits for
/// them, on the render thread too while the GUI thread waits. Its threads used to expire after
/// 30 s idle, and the next fill (the scale bar's, after an edit) started a new one: a new
/// thread takes the malloc arena of a thread that ended (the analysis' threads, with millions
/// of small blocks freed into it), and its first allocation consolidated them, 0.2-0.6 s of
/// a sync at a million buildings.
void keep_global_pool();

/// A function tests set to record the thread a job runs on, or to slow the job down; empty by
/// default. Set and called from any thread.
class TestHook {
public:
    void set(std::function<void()> hook);
    /// Calls the hook, if any (outside the lock: the hook may take its time).
    void call() const;

private:
    mutable std::mutex m_mutex;
    std::function<void()> m_hook;
};

} // namespace gridmap::quick
