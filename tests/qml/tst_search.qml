import QtQuick
import QtTest
import Gridmap

// Search over the names and codes of cells, compounds, buildings, roads and issues
// (MapView.search), and the search box: typing shows the matches, choosing one selects the
// feature and zooms to it. The hand-made map fixture: tests/data/map/README.md.
Item {
    width: 640
    height: 400

    ProjectModel {
        id: project
    }

    MapView {
        id: map
        y: 40
        width: 640
        height: 360
        project: project
    }

    SearchBox {
        id: box
        map: map
        width: 300
    }

    TestCase {
        name: "Search"
        when: windowShown

        readonly property string c: "420100001001"

        function init() {
            verify(project.open(fixture.mapProjectPath), project.errorString)
            tryCompare(map, "busy", false) // the data is read off the GUI thread
            box.text = ""
            map.clearSelection()
            map.fitToData()
        }

        function keys(results) {
            return results.map(function (r) { return r.layer + ":" + r.key })
        }

        function test_cell_by_name_and_by_code() {
            compare(keys(map.search("东网格")), ["cell:" + c + "002"])
            compare(keys(map.search(c + "001")), ["cell:" + c + "001"])
            // A prefix of both codes finds both cells, in code order.
            compare(keys(map.search("42010000100100")), ["cell:" + c + "001", "cell:" + c + "002"])
        }

        function test_exact_and_prefix_matches_come_first() {
            // 幸福小区 (compound) and 幸福路 (road) both start with 幸福: compounds before roads.
            compare(keys(map.search("幸福")), ["compound:K1", "road:R1"])
            // "5" is building B5's number exactly; nothing else is called 5.
            compare(keys(map.search("5栋")), ["building:B5"])
            compare(keys(map.search("i1")), ["issue:I1"]) // case-insensitive
        }

        function test_no_residents_and_no_match() {
            compare(map.search("居民").length, 0) // households are not searchable
            compare(map.search("王楼长").length, 0) // nor people
            compare(map.search("").length, 0)
            compare(map.search("zzz").length, 0)
        }

        function test_limit() {
            compare(map.search("4", 2).length, 2)
        }

        function test_typing_and_choosing_a_result() {
            box.forceActiveFocus()
            keyClick("b")
            keyClick("3")
            compare(box.text, "b3")
            const popup = findChild(box, "searchPopup")
            tryCompare(popup, "opened", true)
            const list = findChild(box, "searchResults")
            tryCompare(list, "count", 1)
            const first = findChild(list, "result_0")
            verify(first !== null, "no result row")
            verify(first.text.indexOf("3栋") >= 0, first.text)
            const zoom = map.zoom
            mouseClick(first)
            compare(map.selectedLayer, "building")
            compare(map.selectedKey, "B3")
            verify(map.zoom > zoom * 1.5, "no zoom to the result: " + map.zoom)
            // The result is in the middle of the map.
            const p = map.projectedToItem(500205, 3300065)
            verify(Math.abs(p.x - map.width / 2) < 2 && Math.abs(p.y - map.height / 2) < 2, p)
            tryCompare(popup, "opened", false)
        }

        function test_enter_takes_the_first_result() {
            box.forceActiveFocus()
            keyClick("r")
            keyClick("1")
            keyClick(Qt.Key_Return)
            compare(map.selectedKey, "R1")
            compare(map.selectedLayer, "road")
        }
    }
}
