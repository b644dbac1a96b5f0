import QtQuick
import QtTest
import Gridmap

// The map's background jobs (styles, meshes, raster, labels) run on the desktop's own pool
// (work_pool in src/quick/worker_thread.hpp), not on QThreadPool::globalInstance(): Qt's raster
// paint engine splits large fills into pieces on the global pool and waits for them, also on
// the render thread while the GUI thread waits for it, so jobs of seconds there stalled the
// window (0.6 s after each edit at a million buildings). Here every thread of the global pool
// is held (as long jobs would) and a theme switch must still be done and shown at once. On
// the map fixture (tests/data/map/README.md); the GPU path only (`ctest -R qml_gpu`): the
// software path paints the whole map with QPainter, whose fills wait for the global pool
// anyway.
TestCase {
    id: testCase
    name: "MapJobs"
    when: windowShown

    Component {
        id: mapComponent
        Item {
            width: 480
            height: 320
            property alias map: view
            ProjectModel {
                id: model
            }
            MapView {
                id: view
                anchors.fill: parent
                project: model
                theme: "plain"
                labelsVisible: false
            }
            Component.onCompleted: model.open(fixture.mapProjectPath)
        }
    }

    // B3 is [180,230] x [40,90] in the fixture's metres (offset 500000, 3300000); a point
    // inside it clear of its label.
    readonly property point b3: Qt.point(500188, 3300082)

    function cleanup() {
        fixture.releaseGlobalPool()
    }

    function grab(map) {
        tryVerify(function () { return map.ready }, 20000, "the map never got ready")
        let image = null
        verify(map.grabToImage(function (result) { image = result.image }))
        tryVerify(function () { return image !== null }, 5000, "grabToImage never answered")
        return image
    }

    function b3Pixel(map, image) {
        const p = map.projectedToItem(b3.x, b3.y)
        return fixture.pixel(image, Math.round(p.x), Math.round(p.y))
    }

    function isRed(p) {
        // (229, 57, 53): a residential building without party group nor captain, coverage theme
        return Math.abs(p.r - 229 / 255) < 0.03 && Math.abs(p.g - 57 / 255) < 0.03
                && Math.abs(p.b - 53 / 255) < 0.03
    }

    function test_theme_switch_while_the_global_pool_is_busy() {
        const item = createTemporaryObject(mapComponent, testCase)
        const map = item.map
        tryVerify(function () { return map.featureCount === 16 }, 10000, "the fixture is not read")
        const plain = grab(map)
        if (map.renderPath !== "gpu")
            skip("the software path paints with QPainter, whose fills wait for the global pool")
        verify(!isRed(b3Pixel(map, plain)), "B3 is red in the plain theme: " + b3Pixel(map, plain))

        fixture.holdGlobalPool(20000)
        tryVerify(function () { return fixture.globalPoolHeld() }, 5000,
                  "the global pool's threads did not start")
        const clock = Date.now()
        map.theme = "coverage"
        // Styles and meshes of the new theme made and shown while the global pool is held
        // (they took 20 s, the hold, when they queued there).
        tryVerify(function () { return !map.busy && map.ready }, 5000,
                  "the theme switch waited for Qt's global thread pool")
        verify(Date.now() - clock < 5000)
        fixture.releaseGlobalPool()
        const coverage = grab(map)
        verify(isRed(b3Pixel(map, coverage)), "B3 is not red: " + b3Pixel(map, coverage))
    }

    // The desktop's frame pacer (src/quick/frame_pacer.hpp) holds the window's update requests
    // back while a frame is drawn and asks again after its swap: no change may be lost. Theme
    // switches every 5 ms, some while a frame is under way, then the last theme is shown.
    function test_paced_window_shows_every_change() {
        const item = createTemporaryObject(mapComponent, testCase)
        const map = item.map
        tryVerify(function () { return map.featureCount === 16 }, 10000, "the fixture is not read")
        grab(map)
        if (map.renderPath !== "gpu")
            skip("the software path")
        verify(fixture.paceFrames(map))
        for (let i = 0; i < 6; ++i) {
            map.theme = i % 2 === 0 ? "coverage" : "plain"
            wait(5)
        }
        map.theme = "coverage"
        const shown = grab(map)
        verify(isRed(b3Pixel(map, shown)), "B3 is not red: " + b3Pixel(map, shown))
        verify(fixture.pacedUpdates(map) >= 0)
        map.theme = "plain"
        const plain = grab(map)
        verify(!isRed(b3Pixel(map, plain)), "B3 is still red: " + b3Pixel(map, plain))
    }
}
