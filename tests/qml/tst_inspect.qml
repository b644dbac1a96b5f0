import QtQuick
import QtTest
import Gridmap

// Clicking a feature on the map selects it and the inspect panel shows what it is: a
// building's compound, cell, party group, captains (name and masked phone), units and
// households; a cell's grid worker and figures. Residents appear only as counts.
// The hand-made map fixture: tests/data/map/README.md.
Item {
    width: 900
    height: 420

    ProjectModel {
        id: project
    }

    MapView {
        id: map
        width: 600
        height: 420
        project: project
        labelsVisible: false
    }

    InspectPanel {
        id: panel
        x: 600
        width: 300
        height: 420
        map: map
        project: project
    }

    SignalSpy {
        id: clicked
        target: map
        signalName: "featureClicked"
    }

    TestCase {
        name: "Inspect"
        when: windowShown

        readonly property string c: "420100001001"

        function init() {
            verify(project.open(fixture.mapProjectPath), project.errorString)
            tryCompare(map, "busy", false) // the data is read off the GUI thread
            map.fitToData()
            map.clearSelection()
            clicked.clear()
        }

        // Clicks the map at fixture metres (x, y) (offset 500000, 3300000).
        function clickAt(x, y) {
            tryVerify(function () { return map.ready }, 5000)
            const p = map.projectedToItem(500000 + x, 3300000 + y)
            mouseClick(map, p.x, p.y)
        }

        function fact(field) {
            const row = findChild(panel, "fact_" + field)
            return row === null ? null : row.value
        }

        function allFacts() {
            const out = []
            const facts = panel.info.facts
            for (let i = 0; i < facts.length; ++i)
                out.push(facts[i].field + "=" + facts[i].value)
            return out.join("; ")
        }

        function test_click_a_building() {
            clickAt(25, 135) // B1
            compare(clicked.count, 1)
            compare(map.selectedLayer, "building")
            compare(map.selectedKey, "B1")
            tryCompare(findChild(panel, "inspectTitle"), "text", "1栋")
            compare(fact("compound"), "幸福小区")
            compare(fact("cell"), c + "001 西网格")
            compare(fact("party_groups"), "第一党小组")
            compare(fact("building_captain"), "王楼长 138****5678")
            compare(fact("unit_captains"), "1单元: 李单元长 136****1111")
            compare(fact("units"), "2")
            compare(fact("households"), "4")
            const text = allFacts()
            verify(text.indexOf("居民") < 0, "a resident's name in the panel: " + text)
            verify(text.indexOf("1370000000") < 0, "a resident's phone in the panel: " + text)
            verify(text.indexOf("13812345678") < 0, "an unmasked phone: " + text)
        }

        function test_click_a_cell() {
            clickAt(5, 5) // in cell 001, outside every compound and building
            compare(map.selectedLayer, "cell")
            compare(map.selectedKey, c + "001")
            compare(fact("grid_worker"), "赵网格员 139****2222")
            compare(fact("households"), "6")
            compare(fact("buildings"), "2")
            compare(fact("issues_total"), "2")
            clickAt(280, 20) // cell 002 has no grid worker
            compare(map.selectedKey, c + "002")
            compare(fact("grid_worker"), null)
            compare(fact("issues_open"), "1")
        }

        function test_points_and_lines_win_over_polygons() {
            clickAt(200, 150) // issue I1, inside cell 002
            compare(map.selectedLayer, "issue")
            compare(map.selectedKey, "I1")
            compare(fact("category"), "市容环境")
            compare(fact("text"), "垃圾桶满溢")
            clickAt(250, 100) // road R1 (RS1 ends at x = 200)
            compare(map.selectedLayer, "road")
            compare(fact("repair_segments"), "1")
            // The road type from the one table (gridmap/terms.hpp): the English UI of the test
            // shows "secondary road", the Chinese 次干路; never the raw OSM value.
            compare(fact("kind"), "secondary road")
        }

        function test_click_on_nothing_clears_the_selection() {
            clickAt(25, 135)
            compare(map.selectedKey, "B1")
            clickAt(-15, 190) // west of the community
            compare(map.selectedKey, "")
            compare(clicked.count, 2)
            compare(clicked.signalArguments[1][1], "")
        }

        function test_hidden_layers_are_not_picked() {
            verify(project.layers.setVisible("building", false))
            clickAt(25, 135)
            compare(map.selectedLayer, "compound")
            verify(project.layers.setVisible("building", true))
        }

        function test_zoom_to_selection_and_close() {
            clickAt(205, 65) // B3
            compare(map.selectedKey, "B3")
            const zoom = map.zoom
            mouseClick(findChild(panel, "zoomToSelection"))
            verify(map.zoom > zoom * 2, "zoom " + map.zoom)
            mouseClick(findChild(panel, "inspectClose"))
            compare(map.selectedKey, "")
            compare(findChild(panel, "inspectTitle").text, "")
        }

        function test_dragging_does_not_select() {
            tryVerify(function () { return map.ready }, 5000)
            const p = map.projectedToItem(500025, 3300135)
            mouseDrag(map, p.x, p.y, 60, 10)
            compare(map.selectedKey, "")
            compare(clicked.count, 0)
        }
    }
}
