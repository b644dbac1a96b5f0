import QtQuick
import QtTest
import Gridmap

// LayerPanel beside a MapView, as in the main window: the panel lists the layers with their
// counts, and clicking a layer's check box hides it on the map.
Item {
    width: 660
    height: 300

    ProjectModel {
        id: project
    }

    LayerPanel {
        id: panel
        x: 0
        y: 0
        width: 260
        height: 300
        model: project.layers
    }

    MapView {
        id: map
        x: 260
        y: 0
        width: 400
        height: 300
        project: project
    }

    TestCase {
        id: testCase
        name: "LayerPanel"
        when: windowShown

        readonly property point b3: Qt.point(114.0016, 30.50045)

        function init() {
            verify(project.open(fixture.projectPath), project.errorString)
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

        function test_check_box_follows_the_model() {
            const check = findChild(delegateOf("cell"), "visibleCheck")
            verify(project.layers.setVisible("cell", false))
            compare(check.checked, false)
            verify(project.layers.setVisible("cell", true))
            compare(check.checked, true)
        }
    }
}
