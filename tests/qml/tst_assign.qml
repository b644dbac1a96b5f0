import QtQuick
import QtTest
import Gridmap

// Assignments in the main window (issue 5): in the Assign tool a click selects a building and a
// shift-click adds one; the assign panel gives the selected buildings a party group through
// gridmap::apply_assignments; the coverage figure and the buildings' colours in the coverage
// theme change at once; Undo takes the change back. On a copy of the hand-made map fixture
// (tests/data/map/README.md): residential B1 (party group PG1 and captain: green), B2 (captain
// only: orange), B3 and B5 (neither: red); B4 is a shop.
TestCase {
    id: testCase
    name: "Assign"
    when: windowShown

    Component {
        id: mainComponent
        Main {
            width: 1280
            height: 820
        }
    }

    function openCopy() {
        const path = fixture.copyProject(fixture.mapProjectPath)
        verify(path !== "", "cannot copy the fixture")
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        window.project.mapTheme = "coverage"
        const button = findChild(window.contentItem.parent, "selectTool")
        verify(button !== null, "no assign tool")
        mouseClick(button)
        compare(window.map.tool, "select")
        tryCompare(window.assignPanel, "visible", true)
        tryVerify(function () { return window.map.ready }, 5000, "the map is not ready")
        tryCompare(window.map, "busy", false)
        // The party groups and people are read on the project's reader thread.
        tryVerify(function () { return window.assignments.partyGroups.length > 0 }, 5000,
                  "no party groups")
        return window
    }

    function point(map, x, y) {
        return map.projectedToItem(500000 + x, 3300000 + y)
    }

    // Colours of the map item alone at fixture metres [[x, y], ...].
    function mapPixels(map, places) {
        let colors = null
        verify(map.grabToImage(function (result) {
            const out = []
            for (let i = 0; i < places.length; ++i) {
                const p = point(map, places[i][0], places[i][1])
                out.push(fixture.pixel(result.image, Math.round(p.x), Math.round(p.y)))
            }
            colors = out
        }))
        tryVerify(function () { return colors !== null }, 3000, "no grab")
        return colors
    }

    function sameColor(a, b) {
        return Math.abs(a.r - b.r) < 0.02 && Math.abs(a.g - b.g) < 0.02
               && Math.abs(a.b - b.b) < 0.02
    }

    function test_assign_a_party_group_to_two_buildings_and_undo() {
        const window = openCopy()
        const map = window.map
        const model = window.assignments
        const panel = window.assignPanel
        // Counted off the GUI thread once the map's data is there.
        tryCompare(model, "residentialBuildings", 4)
        compare(model.withPartyGroup, 1)
        const figure = findChild(panel, "partyGroupCoverage")
        verify(figure.text.indexOf("1") >= 0 && figure.text.indexOf("4") >= 0, figure.text)
        const figureBefore = figure.text
        const places = [[35, 40], [190, 50]] // inside B2 and B3, away from their labels
        const before = mapPixels(map, places)

        // Click B2, shift-click B3: both selected, nothing selected for inspection.
        let p = point(map, 35, 40)
        mouseClick(map, p.x, p.y)
        compare(model.selection, ["B2"])
        p = point(map, 190, 50)
        mouseClick(map, p.x, p.y, Qt.LeftButton, Qt.ShiftModifier)
        compare(model.selection, ["B2", "B3"])
        compare(map.selectedKey, "")
        // Shift-click toggles: B3 out and in again.
        mouseClick(map, p.x, p.y, Qt.LeftButton, Qt.ShiftModifier)
        compare(model.selection, ["B2"])
        mouseClick(map, p.x, p.y, Qt.LeftButton, Qt.ShiftModifier)
        compare(model.selection, ["B2", "B3"])
        const label = findChild(panel, "selectionLabel")
        verify(label.text.indexOf("B2, B3") >= 0, label.text)
        const overlay = findChild(window.contentItem, "mapOverlay")
        compare(overlay.highlightKeys, ["B2", "B3"])

        // Assign party group PG1.
        panel.roleBox.currentIndex = 0
        compare(panel.roleBox.currentValue, "party_group")
        panel.whoBox.currentIndex = 0
        verify(panel.whoBox.currentText.indexOf("PG1") >= 0, panel.whoBox.currentText)
        const events = model.log.length
        mouseClick(panel.assignButton)
        compare(findChild(panel, "assignError").visible, false)
        // The figures follow the map's theme, computed again off the GUI thread.
        tryCompare(model, "withPartyGroup", 3) // exactly 2 more
        compare(model.residentialBuildings, 4)
        verify(figure.text !== figureBefore && figure.text.indexOf("3") >= 0, figure.text)
        compare(model.log.length, events + 2)
        compare(model.log[0].role, "party_group")
        compare(model.log[0].person, "PG1")
        // The log line is Chinese (assignment_event_text): "分配 党小组 PG1 → B3" or B2.
        verify(/^分配 党小组 PG1 → B[23]$/.test(model.log[0].text), model.log[0].text)
        verify(model.canUndo)
        // The selection survives the change, and the colours changed: B2 orange -> green,
        // B3 red -> orange.
        compare(model.selection, ["B2", "B3"])
        tryVerify(function () { return map.ready }, 5000, "the map is not ready")
        const after = mapPixels(map, places)
        verify(!sameColor(after[0], before[0]), "B2 did not change colour: " + after[0])
        verify(!sameColor(after[1], before[1]), "B3 did not change colour: " + after[1])
        verify(after[0].g > after[0].r, "B2 is not green: " + after[0])

        // Undo: the figure and the colours are back.
        mouseClick(panel.undoButton)
        compare(findChild(panel, "assignError").visible, false)
        tryCompare(model, "withPartyGroup", 1)
        compare(figure.text, figureBefore)
        compare(model.log.length, events + 4)
        compare(model.log[0].note, "undo")
        verify(/^取消 党小组 PG1 → B[23]（撤销）$/.test(model.log[0].text), model.log[0].text)
        compare(model.canUndo, false)
        tryVerify(function () { return map.ready }, 5000, "the map is not ready")
        const undone = mapPixels(map, places)
        verify(sameColor(undone[0], before[0]), "B2 after undo: " + undone[0] + " " + before[0])
        verify(sameColor(undone[1], before[1]), "B3 after undo: " + undone[1] + " " + before[1])
        // Nothing left to undo: refused with a message.
        verify(!panel.undo())
        verify(panel.error !== "", "no message")

        // The other roles reach from the selected buildings: P1 becomes the grid worker of
        // their cells (001 had P3: replaced), and is refused as their unit captain only if
        // they have no units.
        panel.roleBox.currentIndex = 4
        compare(panel.roleBox.currentValue, "grid_worker")
        panel.whoBox.currentIndex = -1
        panel.whoBox.editText = "P1"
        const logBefore = model.log.length
        verify(panel.assign(), panel.error)
        // Written on the project's writer: the log follows when it is stored.
        tryVerify(function () { return model.log.length > logBefore }, 5000, "no event")
        compare(panel.error, "")
        compare(model.log[0].role, "grid_worker")
        compare(model.log[0].person, "P1")
        compare(model.log[0].action, "assign")
        verify(model.log[0].target.indexOf("420100001001") === 0, model.log[0].target)
    }

    function test_lasso_and_refusal() {
        const window = openCopy()
        const map = window.map
        const model = window.assignments
        const panel = window.assignPanel
        // A lasso around B3 and B4 (x 175-285, y 35-175), dragged with the lasso switch on.
        panel.lasso = true
        const corners = [[175, 35], [285, 35], [285, 175], [175, 175]]
        let p = point(map, corners[0][0], corners[0][1])
        mousePress(map, p.x, p.y)
        for (let i = 1; i <= corners.length; ++i) {
            const c = corners[i % corners.length]
            p = point(map, c[0], c[1])
            mouseMove(map, p.x, p.y, -1, Qt.LeftButton)
        }
        mouseRelease(map, p.x, p.y)
        compare(model.selection.slice().sort(), ["B3", "B4"])
        panel.lasso = false
        // A captain who is no person is refused with the library's message; nothing changes.
        panel.roleBox.currentIndex = 1
        compare(panel.roleBox.currentValue, "building_captain")
        panel.whoBox.currentIndex = -1
        panel.whoBox.editText = "NOBODY"
        const captains = model.withCaptain
        // Handed to the project's writer, which refuses it; the panel shows why.
        verify(panel.assign(), panel.error)
        tryVerify(function () { return panel.error.indexOf("NOBODY") >= 0 }, 20000, panel.error)
        compare(model.saving, false)
        compare(findChild(panel, "assignError").visible, true)
        compare(model.withCaptain, captains)
        compare(model.canUndo, false)
    }
}
