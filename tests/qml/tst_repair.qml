import QtQuick
import QtTest
import Gridmap

// Drawing a road repair segment in the main window (issue 5): in the Draw tool clicks add
// vertices snapped to road R1 (y = 100 m), a double click ends the line, the panel's form
// stores it, and its length per cell and the buildings to notify are shown. On a copy of the
// hand-made map fixture (tests/data/map/README.md): B1 [20,50] x [130,170] (4 households) and
// B2 [20,50] x [30,70] (2 households) lie 30 m from the road between x = 20 and 80.
TestCase {
    id: testCase
    name: "Repair"
    when: windowShown

    Component {
        id: mainComponent
        Main {
            width: 1280
            height: 820
        }
    }

    function test_draw_snap_save_and_notify() {
        const path = fixture.copyProject(fixture.mapProjectPath)
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        const map = window.map
        const repairs = window.repairs
        mouseClick(findChild(window.contentItem.parent, "drawTool"))
        compare(map.tool, "draw")
        const panel = findChild(window.contentItem, "repairPanel")
        tryCompare(panel, "visible", true)
        tryVerify(function () { return map.ready }, 5000, "the map is not ready")
        verify(map.metresPerPixel < 1.0, "too far out: " + map.metresPerPixel)

        // Two clicks 2 m north of the road: both vertices are on the road.
        let p = map.projectedToItem(500020, 3300102)
        mouseClick(map, p.x, p.y)
        compare(repairs.points.length, 1)
        verify(repairs.lastSnapped, "the first vertex was not snapped")
        fuzzyCompare(repairs.points[0].y, 3300100, 0.01)
        p = map.projectedToItem(500080, 3300102)
        mouseDoubleClickSequence(map, p.x, p.y)
        tryCompare(repairs, "finished", true)
        compare(repairs.points.length, 2)
        fuzzyCompare(repairs.points[1].y, 3300100, 0.01)
        compare(map.selectedKey, "") // no selection, no zoom in the draw tool

        panel.roadField.text = "幸福路"
        panel.workTypeBox.currentIndex = panel.workTypeBox.find("沥青铺设")
        panel.costField.text = "12000"
        const features = map.featureCount
        mouseClick(panel.saveButton)
        compare(panel.error, "")
        verify(repairs.lastId !== "", "nothing saved")
        const s = repairs.summary
        fuzzyCompare(s.lengthM, 60, 0.5)
        compare(s.cells.length, 1)
        compare(s.cells[0].cell, "420100001001001")
        compare(repairs.notifyRows.length, 2)
        const ids = [repairs.notifyRows[0].building, repairs.notifyRows[1].building].sort()
        compare(ids, ["B1", "B2"])
        compare(repairs.notifyRows[0].households + repairs.notifyRows[1].households, 6)
        tryCompare(map, "featureCount", features + 1)
        compare(repairs.points.length, 0)

        // A line of one vertex is refused with a message.
        p = map.projectedToItem(500200, 3300150)
        mouseClick(map, p.x, p.y)
        verify(!repairs.finish())
        verify(repairs.errorString !== "", "no message")
        compare(panel.error, repairs.errorString)
        compare(findChild(panel, "repairError").visible, true)
    }
}
