import QtQuick
import QtTest
import Gridmap

// Views follow every change of the desktop at once: the layer counts after a pin, the inspect
// panel of the selected issue after a dispatch, the issue list; the dispatch is proposed to
// whom the CLI proposes (the grid worker of the cell), recorded by the acting person (P3,
// GRIDMAP_USER of the runner); the scale stays after a save; times are Beijing time; a typed
// place that is refused is not saved. The map fixture (tests/data/map): community
// [0,300] x [0,200] at (500000, 3300000), cell 001 west of x = 150 with grid worker P3 (赵网格员),
// issues I1-I4.
TestCase {
    id: testCase
    name: "Refresh"
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
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window !== null, "Main.qml failed to load")
        verify(window.projectOpen, window.lastError)
        compare(window.project.actor, "P3")
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        tryVerify(function () { return window.map.ready }, 5000, "the map is not ready")
        tryCompare(window.map, "busy", false)
        return window
    }

    function layerCount(window, name) {
        const layers = window.project.layers
        return layers.get(layers.indexOf(name)).count
    }

    function fact(window, field) {
        const item = findChild(window.contentItem, "fact_" + field)
        return item !== null ? item.value : undefined
    }

    function test_pin_then_dispatch_refreshes_counts_and_inspect_panel() {
        const window = openCopy()
        const map = window.map
        compare(layerCount(window, "issue"), 4)
        // Zoomed in by 2: a refresh that fitted the map again would set the zoom back (under 1
        // with the legend's strip).
        const fitted = map.zoom
        map.zoomBy(2, map.width / 2, map.height / 2)
        const zoom = map.zoom
        fuzzyCompare(zoom, 2 * fitted, 1e-9)

        // Pin at (100, 60) in cell 001 through the form.
        const form = window.issueForm
        form.open()
        verify(form.placeTyped("500100, 3300060"), form.error)
        form.textField.text = "井盖缺失"
        // Beijing time is UTC + 8 h all year (no daylight saving): the minute of the save,
        // worked out from UTC here, whatever the machine's time zone.
        const beijing = function () {
            return new Date(Date.now() + 8 * 3600 * 1000).toISOString().substring(0, 16)
                .replace("T", " ")
        }
        const before = beijing()
        verify(form.save(), form.error)
        tryCompare(form, "saving", false) // stored on the project's writer
        const after = beijing()
        const id = form.lastResult.id
        compare(id, "I005")
        // The layer panel counts the new pin; the view keeps its zoom.
        compare(layerCount(window, "issue"), 5)
        // The map reads the project again off the GUI thread and then selects the new issue.
        tryCompare(map, "selectedKey", id)
        compare(map.zoom, zoom)

        // The inspect panel shows it, reported, with its time in Beijing time as the list does.
        tryCompare(findChild(window.contentItem, "inspectPanel"), "visible", true)
        compare(fact(window, "state"), "reported")
        const issues = window.issues
        const listed = issues.get(issues.indexOf(id))
        verify(listed.reportedAt === before || listed.reportedAt === after,
               listed.reportedAt + " is not Beijing time (" + before + ")")
        compare(fact(window, "reported_at"), listed.reportedAt)

        // The assignee offered is the proposal: the grid worker of cell 001.
        const panel = window.issuePanel
        compare(panel.currentId, id)
        const assignee = findChild(panel, "issueAssignee")
        tryCompare(assignee, "editText", "P3 赵网格员")

        // Dispatch: the inspect panel and the list follow at once.
        verify(panel.move("dispatched"), panel.error)
        tryCompare(panel, "moving", false) // stored on the project's writer
        compare(panel.error, "")
        compare(fact(window, "state"), "dispatched")
        // The assignee by name with the phone masked (139****2222).
        compare(fact(window, "assignee"), "赵网格员 139****2222")
        compare(issues.get(issues.indexOf(id)).stateTitle, "dispatched")
        compare(layerCount(window, "issue"), 5)
    }

    function test_form_checks_required_fields_and_shows_the_proposal() {
        const window = openCopy()
        const form = window.issueForm
        form.open()
        verify(form.placeTyped("500100, 3300060"), form.error)
        // In cell 001: the proposal is its grid worker, shown before saving.
        compare(form.proposal.assignee, "P3")
        const proposal = findChild(form.contentItem, "issueProposal")
        verify(proposal.text.indexOf("P3") >= 0, proposal.text)
        // No description: refused by the one rule, shown beside the field, nothing written.
        form.textField.text = "   "
        verify(!form.save(), "an issue without a description was saved")
        verify(form.problems.text !== undefined, JSON.stringify(form.problems))
        compare(findChild(form.contentItem, "issueTextProblem").visible, true)
        compare(window.issues.total, 4)
        // A small class of another category is refused too.
        form.textField.text = "井盖缺失"
        form.smallClassBox.editText = "不存在的小类"
        verify(!form.save(), "an unknown small class was saved")
        verify(form.problems.small_class !== undefined, JSON.stringify(form.problems))
        compare(window.issues.total, 4)
        form.smallClassBox.currentIndex = 0
        form.smallClassBox.editText = form.smallClassBox.currentText
        verify(form.save(), form.error)
        tryCompare(window.issues, "total", 5)
    }

    function test_refused_typed_place_is_not_saved() {
        const window = openCopy()
        const form = window.issueForm
        const issues = window.issues
        form.open()
        verify(form.placeTyped("500100, 3300060"), form.error)
        // Then a place outside everything is typed: refused, and Save does not use the old one.
        verify(!form.placeTyped("no-such-place-xyz"))
        form.textField.text = "路灯不亮"
        verify(!form.save(), "a refused place was saved")
        compare(issues.total, 4)
        // Typed without Enter: Save places it first, and refuses it.
        form.placeField.text = "no-such-place-xyz"
        verify(!form.save(), "an unplaced text was saved")
        compare(issues.total, 4)
        form.close()
    }
}
