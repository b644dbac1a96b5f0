import QtQuick
import QtTest
import Gridmap

// LayerPanel beside a MapView, as in the main window: the panel lists the layers with their
// counts, and clicking a layer's check box hides it on the map.
Item {
    width: 660
    height: 480

    ProjectModel {
        id: project
    }

    LayerPanel {
        id: panel
        onZoomToLayerRequested: name => map.zoomToLayer(name)
        x: 0
        y: 0
        width: 260
        height: 480
        model: project.layers
    }

    MapView {
        id: map
        x: 260
        y: 0
        width: 400
        height: 300
        project: project
        labelsVisible: false
    }

    TestCase {
        id: testCase
        name: "LayerPanel"
        when: windowShown

        readonly property point b3: Qt.point(114.0016, 30.50045)

        function init() {
            verify(project.open(fixture.projectPath), project.errorString)
            tryCompare(map, "busy", false) // the data is read off the GUI thread
        }

        function cleanup() {
            project.close()
        }

        function delegateOf(name) {
            let row = null
            tryVerify(function () { row = findChild(panel, "layer_" + name); return row !== null },
                      2000, "no delegate for " + name)
            return row
        }

        function mapPixel(lonlat) {
            tryVerify(function () { return map.ready }, 5000, "the map never got ready")
            const p = map.lonLatToItem(lonlat.x, lonlat.y)
            return grabImage(map).pixel(Math.round(p.x), Math.round(p.y))
        }

        function near(a, b) {
            return Math.abs(a.r - b.r) < 0.02 && Math.abs(a.g - b.g) < 0.02
                   && Math.abs(a.b - b.b) < 0.02
        }

        function test_lists_layers_with_counts() {
            const list = findChild(panel, "layerList")
            verify(list !== null)
            compare(list.count, 8)
            compare(findChild(delegateOf("building"), "countLabel").text, "3")
            compare(findChild(delegateOf("cell"), "countLabel").text, "2")
        }

        function test_check_box_hides_the_layer_on_the_map() {
            const building = map.layerColor("building")
            verify(near(mapPixel(b3), building), "B3 not drawn: " + mapPixel(b3))

            const check = findChild(delegateOf("building"), "visibleCheck")
            verify(check !== null)
            compare(check.checked, true)
            mouseClick(check)
            compare(check.checked, false)
            compare(project.layers.get(project.layers.indexOf("building")).visible, false)
            tryVerify(function () { return !near(mapPixel(b3), building) }, 2000,
                      "B3 still drawn after unchecking")

            mouseClick(check)
            compare(project.layers.get(project.layers.indexOf("building")).visible, true)
            tryVerify(function () { return near(mapPixel(b3), building) }, 2000,
                      "B3 not drawn after checking again")
        }

        function test_opacity_slider_blends_the_layer() {
            const building = map.layerColor("building")
            const opaque = mapPixel(b3)
            const slider = findChild(delegateOf("building"), "opacitySlider")
            verify(slider !== null, "no opacity slider")
            compare(slider.value, 1)
            // Drag the handle to the left end: transparent.
            const y = slider.height / 2
            mousePress(slider, slider.width - 6, y)
            mouseMove(slider, slider.width - 30, y)
            mouseMove(slider, slider.width / 2, y)
            mouseMove(slider, 0, y)
            mouseRelease(slider, 0, y)
            tryVerify(function () {
                return project.layers.get(project.layers.indexOf("building")).opacity < 0.05
            }, 2000, "the slider did not set the opacity")
            tryVerify(function () { return !near(mapPixel(b3), building) }, 2000,
                      "B3 still opaque: " + mapPixel(b3))
            verify(project.layers.setOpacity("building", 0.5))
            compare(slider.value, 0.5)
            tryVerify(function () {
                const p = mapPixel(b3)
                return !near(p, building) && Math.abs(p.r - building.r) < 0.25
            }, 2000, "B3 not half transparent: " + mapPixel(b3))
            verify(project.layers.setOpacity("building", 1))
            verify(!project.layers.setOpacity("nothing", 1))
        }

        function test_zoom_to_layer_button() {
            map.fitToData()
            const button = findChild(delegateOf("building"), "zoomButton")
            verify(button !== null, "no zoom button")
            mouseClick(button)
            tryVerify(function () { return map.zoom > 1.05 }, 2000, "zoom " + map.zoom)
            const empty = findChild(delegateOf("issue"), "zoomButton")
            compare(empty.enabled, false) // no issues in this fixture
        }

        function test_check_box_follows_the_model() {
            const check = findChild(delegateOf("cell"), "visibleCheck")
            verify(project.layers.setVisible("cell", false))
            compare(check.checked, false)
            verify(project.layers.setVisible("cell", true))
            compare(check.checked, true)
        }
    }
}
