import QtQuick
import QtTest
import Gridmap

// Far-out views as one image (MapView.rasterThreshold, src/quick/map_raster.hpp): on the GPU
// path (`ctest -R qml_gpu`) the layers other than points are drawn into an image on a pool
// thread and shown as one textured quad. The image must look like the meshes it stands in for,
// and must be drawn again after an edit. On the hand-made map fixture (tests/data/map/README.md)
// in the coverage theme, whose 11 features other than points (community, 2 cells, compound,
// 5 buildings, road, repair segment) are all in view: a threshold of 8 shows the raster there
// and not 8 times closer (at most 4 in view), 0 never does. On the software path (`ctest -R qml`) the whole map is painted
// anyway: no raster, and the tests say so and stop.
TestCase {
    id: testCase
    name: "MapRaster"
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
                theme: "coverage"
                labelsVisible: false
            }
            Component.onCompleted: model.open(fixture.mapProjectPath)
        }
    }

    Component {
        id: mainComponent
        Main {
            width: 1280
            height: 820
        }
    }

    // B3 is [180,230] x [40,90] in the fixture's metres (offset 500000, 3300000); a point
    // inside it clear of its label.
    readonly property point b3: Qt.point(500188, 3300082)

    function grab(map) {
        tryVerify(function () { return map.ready }, 20000, "the map never got ready")
        let image = null
        verify(map.grabToImage(function (result) { image = result.image }))
        tryVerify(function () { return image !== null }, 5000, "grabToImage never answered")
        return image
    }

    function pixelAt(map, image, x, y) {
        const p = map.projectedToItem(x, y)
        verify(p.x >= 0 && p.x < map.width && p.y >= 0 && p.y < map.height, "off the map: " + p)
        return fixture.pixel(image, Math.round(p.x), Math.round(p.y))
    }

    function test_1_raster_matches_the_meshes() {
        const item = createTemporaryObject(mapComponent, testCase)
        const map = item.map
        tryVerify(function () { return map.featureCount === 16 }, 10000, "the fixture is not read")
        map.rasterThreshold = 0
        const meshes = grab(map)
        verify(!map.rasterShown, "a threshold of 0 showed the raster")
        if (map.renderPath !== "gpu")
            skip("the software path paints the whole map and has no raster")
        map.rasterThreshold = 8
        tryVerify(function () { return map.ready && map.rasterShown }, 20000,
                  "the raster is not shown")
        const raster = grab(map)
        verify(map.rasterShown)
        // The same picture: B3 red in both, and at most 2 % of the pixels differ by more than
        // 24 of 255 in a channel. Measured on llvmpipe: 2,218 of 153,600 (1.4 %), the dashes of
        // the cell outlines (their phase along the ring: where two cells' dashed edges lie on
        // one another the raster's fill each other's gaps) and outline edges a pixel apart (the
        // meshes' widths are those of their level of detail, up to 19 % off the view's).
        const red = Qt.rgba(229 / 255, 57 / 255, 53 / 255, 1)
        for (const image of [meshes, raster]) {
            const p = pixelAt(map, image, b3.x, b3.y)
            verify(Math.abs(p.r - red.r) < 0.03 && Math.abs(p.g - red.g) < 0.03
                   && Math.abs(p.b - red.b) < 0.03, "B3 is " + p)
        }
        const r = fixture.compareGrabs(meshes, raster, 24)
        verify(r.sameSize, "the images differ in size")
        verify(r.bad <= r.total / 50, r.bad + " of " + r.total + " pixels differ (largest "
               + r.maxDiff + ")")
        // The 5 points (4 issues, a service point) in the raster too: at most 0.5 % more
        // pixels differ (their edges; measured 2,546 in all, 328 more).
        map.rasterPointThreshold = 1
        tryVerify(function () { return map.ready && map.rasterShown }, 20000,
                  "the raster with points is not shown")
        const points = fixture.compareGrabs(meshes, grab(map), 24)
        verify(points.bad <= r.bad + r.total / 200,
               points.bad + " of " + points.total + " pixels differ with the points in the raster")
        map.rasterPointThreshold = 2000
        // Zoomed in by 8: under 8 features in view, the meshes again.
        map.zoomBy(8, map.width / 2, map.height / 2)
        tryVerify(function () { return map.ready && !map.rasterShown }, 20000,
                  "the meshes are not shown when zoomed in: ready " + map.ready + ", raster "
                  + map.rasterShown + ", busy " + map.busy)
    }

    function test_3_large_city_meshed_a_region_at_a_time() {
        // A threshold of 2: 11 features are over 4 x 2, as a city of a million buildings is
        // over 4 x 50,000: zoomed in, only the view and half a view around it is meshed, and
        // a pan out of that region meshes the new one.
        const item = createTemporaryObject(mapComponent, testCase)
        const map = item.map
        tryVerify(function () { return map.featureCount === 16 }, 10000, "the fixture is not read")
        map.rasterThreshold = 2
        grab(map)
        if (map.renderPath !== "gpu")
            skip("the software path paints the whole map and has no raster")
        verify(map.rasterShown, "11 features over a threshold of 2 and no raster")
        // B1 [20,50] x [130,170], complete: green; 8 times closer, it alone is in view.
        let p = map.projectedToItem(500035, 3300150)
        map.zoomBy(8, p.x, p.y)
        tryVerify(function () { return map.ready && !map.rasterShown }, 20000,
                  "no meshes for B1 zoomed in")
        const b1 = pixelAt(map, grab(map), 500035, 3300150)
        verify(b1.g > 0.55 && b1.r < 0.35 && b1.b < 0.35, "B1 is " + b1)
        // B4 [240,280] x [130,170], a shop: grey. 200 m east, out of the region meshed.
        verify(map.showFeature("building", "B4"))
        tryVerify(function () { return map.ready && !map.rasterShown }, 20000,
                  "no meshes for B4 after the pan")
        const b4 = pixelAt(map, grab(map), 500260, 3300150)
        verify(Math.abs(b4.r - b4.g) < 0.05 && Math.abs(b4.g - b4.b) < 0.05 && b4.r > 0.4
               && b4.r < 0.85, "B4 is " + b4)
    }

    function test_2_an_edit_draws_the_raster_again() {
        const path = fixture.copyProject(fixture.mapProjectPath)
        verify(path !== "", "cannot copy the fixture")
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        const map = window.map
        map.rasterThreshold = 8
        window.project.mapTheme = "coverage"
        tryCompare(map, "busy", false)
        let p = pixelAt(map, grab(map), b3.x, b3.y)
        verify(p.r > 0.85 && p.g < 0.3 && p.b < 0.3, "B3 is not red: " + p)
        if (map.renderPath === "gpu")
            verify(map.rasterShown, "the raster is not shown")
        // Party group PG1 for B3 (no captain): yellow in the coverage theme.
        const assign = window.assignments
        assign.setSelection(["B3"])
        verify(assign.assign("party_group", "PG1", ""), assign.errorString)
        // The map reads the project again, styles it and draws a new raster; until then the
        // old image may show (no frame waits for it).
        for (let i = 0; i < 100; ++i) {
            tryCompare(map, "busy", false, 10000)
            p = pixelAt(map, grab(map), b3.x, b3.y)
            if (p.g > 0.6)
                break
            wait(100)
        }
        verify(p.r > 0.9 && p.g > 0.78 && p.g < 0.9 && p.b < 0.3, "B3 is not yellow: " + p)
        if (map.renderPath === "gpu")
            verify(map.rasterShown, "the raster is not shown after the edit")
    }
}
