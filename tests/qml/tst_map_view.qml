import QtQuick
import QtTest
import Gridmap

// MapView: what is drawn where, and how the view moves. The fixture (tests/qml/data) is a
// community of 200 m x 100 m, lon 114.0000..114.0021, lat 30.5000..30.5009, cut into a west and
// an east cell at lon 114.00105, with buildings B1 (north-west), B2 (south-west) and B3 (east).
// Labels are off: the pixels checked here are the features'.
Item {
    width: 400
    height: 300

    ProjectModel {
        id: project
    }

    MapView {
        id: map
        x: 0
        y: 0
        width: 400
        height: 300
        project: project
        labelsVisible: false
    }

    TestCase {
        id: testCase
        name: "MapView"
        when: windowShown

        // Centres of buildings and of an empty spot of the west cell, lon/lat.
        readonly property point b1: Qt.point(114.00035, 30.5007)
        readonly property point b2: Qt.point(114.00035, 30.5002)
        readonly property point b3: Qt.point(114.0016, 30.50045)
        readonly property point westCellEmpty: Qt.point(114.0008, 30.5007)

        SignalSpy {
            id: mapErrorSpy
            target: map
            signalName: "errorOccurred"
        }

        function init() {
            verify(project.open(fixture.projectPath), project.errorString)
            tryCompare(map, "busy", false) // the data is read off the GUI thread
            map.fitToData()
            mapErrorSpy.clear()
        }

        function cleanup() {
            project.close()
        }

        // The map as an image, through Item.grabToImage. The ItemGrabResult is deleted after the
        // callback, so its image is taken there.
        function grab() {
            tryVerify(function () { return map.ready }, 5000, "the map never got ready")
            let image = null
            verify(map.grabToImage(function (result) { image = result.image }))
            tryVerify(function () { return image !== null }, 5000, "grabToImage never answered")
            compare(fixture.imageSize(image), Qt.size(map.width, map.height))
            return image
        }

        function pixelAt(image, lonlat) {
            const p = map.lonLatToItem(lonlat.x, lonlat.y)
            verify(!isNaN(p.x) && !isNaN(p.y), "no item position for " + lonlat)
            verify(p.x >= 0 && p.x < map.width && p.y >= 0 && p.y < map.height,
                   "outside the item: " + p)
            return fixture.pixel(image, Math.round(p.x), Math.round(p.y))
        }

        function near(a, b) {
            return Math.abs(a.r - b.r) < 0.02 && Math.abs(a.g - b.g) < 0.02
                   && Math.abs(a.b - b.b) < 0.02
        }

        function verifyColor(actual, expected, what) {
            verify(near(actual, expected), what + ": expected " + expected + ", got " + actual)
        }

        function test_reads_every_feature() {
            compare(map.featureCount, 6) // 1 community + 2 cells + 3 buildings
            verify(map.extent.width > 190 && map.extent.width < 210, "extent " + map.extent)
            verify(map.extent.height > 90 && map.extent.height < 110, "extent " + map.extent)
        }

        function test_buildings_are_drawn_where_they_are() {
            const image = grab()
            const building = map.layerColor("building")
            verifyColor(pixelAt(image, b1), building, "B1")
            verifyColor(pixelAt(image, b2), building, "B2")
            verifyColor(pixelAt(image, b3), building, "B3")
            verify(!near(pixelAt(image, westCellEmpty), building), "building colour off buildings")
        }

        function test_hiding_a_layer_removes_it_from_the_map() {
            const building = map.layerColor("building")
            const before = grab()
            verifyColor(pixelAt(before, b1), building, "B1 while visible")
            const ground = pixelAt(before, westCellEmpty)

            verify(project.layers.setVisible("building", false))
            const hidden = grab()
            const there = pixelAt(hidden, b1)
            verify(!near(there, building), "B1 still drawn when hidden: " + there)
            verifyColor(there, ground, "B1 hidden shows the cell beneath")

            verify(project.layers.setVisible("building", true))
            verifyColor(pixelAt(grab(), b1), building, "B1 visible again")
        }

        function test_hiding_cells_and_community_shows_the_background() {
            const image = grab()
            const ground = pixelAt(image, westCellEmpty)
            verify(project.layers.setVisible("cell", false))
            const noCells = pixelAt(grab(), westCellEmpty)
            verify(!near(noCells, ground), "cell fill not drawn: " + noCells)
            verify(project.layers.setVisible("community", false))
            verifyColor(pixelAt(grab(), westCellEmpty), map.fillColor, "background")
            verify(project.layers.setVisible("cell", true))
            verify(project.layers.setVisible("community", true))
        }

        function test_north_is_up_and_east_is_right() {
            const north = map.lonLatToItem(b1.x, b1.y)
            const south = map.lonLatToItem(b2.x, b2.y)
            const east = map.lonLatToItem(b3.x, b3.y)
            verify(north.y < south.y, "north " + north + " below south " + south)
            verify(Math.abs(north.x - south.x) < 1, "same longitude, different x")
            verify(east.x > north.x, "east " + east + " left of west " + north)
        }

        function test_data_is_fitted_to_the_item() {
            // 200 m x 100 m in 400 x 300 px: the width limits the scale, so the community spans
            // (nearly) the whole width, centred, and is half as high as wide.
            const sw = map.lonLatToItem(114.0000, 30.5000)
            const ne = map.lonLatToItem(114.0021, 30.5009)
            const w = ne.x - sw.x
            const h = sw.y - ne.y
            verify(w > 0.85 * map.width && w <= map.width, "width on screen " + w)
            verify(Math.abs(h / w - 100 / 201) < 0.03, "aspect " + h / w)
            verify(Math.abs((sw.x + ne.x) / 2 - map.width / 2) < 1, "not centred horizontally")
            verify(Math.abs((sw.y + ne.y) / 2 - map.height / 2) < 1, "not centred vertically")
            const image = grab()
            verifyColor(fixture.pixel(image, 2, map.height / 2), map.fillColor, "left margin")
            verifyColor(fixture.pixel(image, map.width / 2, 2), map.fillColor, "top margin")
        }

        function test_lonlat_round_trip() {
            const p = map.lonLatToItem(b3.x, b3.y)
            const back = map.itemToLonLat(p.x, p.y)
            fuzzyCompare(back.x, b3.x, 1e-7)
            fuzzyCompare(back.y, b3.y, 1e-7)
        }

        function test_zoom_and_fit() {
            const before = map.lonLatToItem(b3.x, b3.y)
            mouseWheel(map, map.width / 2, map.height / 2, 0, 120)
            verify(map.zoom > 1, "zoom " + map.zoom)
            const zoomed = map.lonLatToItem(b3.x, b3.y)
            verify(Math.abs(zoomed.x - map.width / 2) > Math.abs(before.x - map.width / 2),
                   "zooming in did not spread the map")
            map.fitToData()
            compare(map.zoom, 1)
            const fitted = map.lonLatToItem(b3.x, b3.y)
            fuzzyCompare(fitted.x, before.x, 0.01)
            fuzzyCompare(fitted.y, before.y, 0.01)
        }

        function test_drag_pans() {
            const before = map.lonLatToItem(b1.x, b1.y)
            mouseDrag(map, 200, 150, 40, 30)
            const after = map.lonLatToItem(b1.x, b1.y)
            verify(Math.abs(after.x - before.x - 40) < 3 && Math.abs(after.y - before.y - 30) < 3,
                   "panned from " + before + " to " + after)
        }

        function test_zoom_buttons_keep_the_centre() {
            const centre = map.itemToLonLat(map.width / 2, map.height / 2)
            map.zoomIn()
            fuzzyCompare(map.zoom, 2, 1e-9)
            let back = map.itemToLonLat(map.width / 2, map.height / 2)
            fuzzyCompare(back.x, centre.x, 1e-9)
            fuzzyCompare(back.y, centre.y, 1e-9)
            map.zoomOut()
            map.zoomOut()
            fuzzyCompare(map.zoom, 0.5, 1e-9)
        }

        function test_zoom_to_layer_and_feature() {
            verify(map.zoomToFeature("building", "B3"))
            verify(map.zoom > 2, "zoom " + map.zoom)
            const p = map.lonLatToItem(b3.x, b3.y)
            verify(Math.abs(p.x - map.width / 2) < 2 && Math.abs(p.y - map.height / 2) < 2,
                   "B3 not centred: " + p)
            verify(map.zoomToLayer("cell"))
            verify(map.zoom < 1.2 && map.zoom > 0.8, "zoom " + map.zoom)
            verify(!map.zoomToLayer("issue")) // empty layer
            compare(mapErrorSpy.count, 1)
            verify(!map.zoomToFeature("building", "B99"))
        }

        function test_scale_bar_follows_the_zoom() {
            const before = map.metresPerPixel
            verify(before > 0.3 && before < 0.7, "metres per pixel " + before)
            verify(map.scaleBarPixels > 0 && map.scaleBarPixels <= 120, map.scaleBarPixels)
            verify(/^[125]0* m$/.test(map.scaleBarText), map.scaleBarText)
            map.zoomIn()
            fuzzyCompare(map.metresPerPixel, before / 2, 1e-9)
        }

        function test_cursor_coordinates() {
            const p = map.lonLatToItem(b3.x, b3.y)
            const x = Math.round(p.x)
            const y = Math.round(p.y)
            mouseMove(map, x, y)
            tryVerify(function () { return map.cursorValid })
            const at = map.itemToLonLat(x, y)
            fuzzyCompare(map.cursorLon, at.x, 1e-9)
            fuzzyCompare(map.cursorLat, at.y, 1e-9)
            fuzzyCompare(map.cursorLon, b3.x, 1e-5) // within a pixel (0.5 m)
            fuzzyCompare(map.cursorLat, b3.y, 1e-5)
            // Working CRS metres: the CGCS2000 Gauss-Kruger zone of 114E has false easting 500 km.
            verify(Math.abs(map.cursorX - 500153) < 10, "x " + map.cursorX)
            verify(map.cursorY > 3375000 && map.cursorY < 3377000, "y " + map.cursorY)
        }

        function test_closing_the_project_clears_the_map() {
            project.close()
            compare(map.featureCount, 0)
            const image = grab()
            verifyColor(fixture.pixel(image, map.width / 2, map.height / 2), map.fillColor,
                        "centre after close")
            const p = map.lonLatToItem(b1.x, b1.y)
            verify(isNaN(p.x), "a position without a map")
            compare(mapErrorSpy.count, 1)
        }
    }
}
