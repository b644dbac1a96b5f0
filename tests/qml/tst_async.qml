import QtQuick
import QtTest
import Gridmap

// The analysis behind the views and the edits never run on the GUI thread (issue 13): an edit
// is written on the project writer's thread, then the map reads the project and computes its
// theme on the project reader's thread, the window stays responsive meanwhile, and the counts
// and figures arrive right. Every analysis job is slowed down by 1.5 s here
// (fixture.slowAnalysis), every write by 0.6 s (fixture.slowWrites): on the GUI thread that
// would stall it for as long.
// On a copy of the map fixture (tests/data/map/README.md): 16 features, 4 issues; of the 4
// residential buildings B1 has party group PG1 (B2, B3, B5 none).
TestCase {
    id: testCase
    name: "Async"
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
        tryCompare(window.map, "busy", false)
        tryVerify(function () { return window.map.ready }, 5000, "the map is not ready")
        return window
    }

    function layerCount(window, name) {
        const layers = window.project.layers
        return layers.get(layers.indexOf(name)).count
    }

    function cleanup() {
        fixture.slowAnalysis(0)
        fixture.slowWrites(0)
    }

    function test_edits_are_analysed_off_the_gui_thread() {
        const window = openCopy()
        const map = window.map
        const assign = window.assignments
        window.project.mapTheme = "coverage"
        tryCompare(map, "busy", false)
        compare(map.featureCount, 16)
        tryCompare(assign, "withPartyGroup", 1) // counted off the GUI thread
        compare(assign.residentialBuildings, 4)

        fixture.slowAnalysis(1500)
        fixture.slowWrites(600)
        const runs = fixture.analysisRuns()
        const writes = fixture.writeRuns()
        fixture.startStallMeter()

        // Assign party group PG1 to B2 and B3: written on the writer, analysed in the
        // background.
        assign.setSelection(["B2", "B3"])
        verify(assign.assign("party_group", "PG1", ""), assign.errorString)
        verify(assign.saving, "the assignment is not being saved")
        verify(window.project.saving, "the project does not say it is saving")
        compare(assign.withPartyGroup, 1) // the figures of the data shown until then
        tryVerify(function () { return map.busy }, 3000, "the map is not reading the project again")
        compare(assign.saving, false)
        compare(assign.log[0].person, "PG1") // the log read after the change
        // A second edit while the first is analysed: one more read, the first one dropped.
        let pinned = null
        window.issues.issueAdded.connect(function (result) { pinned = result })
        verify(window.issues.addIssue({x: 500100, y: 3300060, category: "市容环境",
                                       smallClass: "暴露垃圾", text: "井盖缺失"}),
               window.issues.errorString)
        compare(pinned, null) // not stored yet: the writer takes 0.6 s
        compare(layerCount(window, "issue"), 4)
        tryVerify(function () { return pinned !== null }, 3000, "the issue was not stored")
        compare(pinned.id, "I005")
        compare(layerCount(window, "issue"), 5) // the layer panel counts with the answer
        compare(window.issues.total, 5) // and the list holds it
        verify(window.issues.indexOf("I005") >= 0, "I005 is not listed")
        verify(map.select("issue", "I005"), "the new issue cannot be selected while it arrives")

        tryCompare(map, "busy", false, 10000)
        // Both edits arrived: 2 more buildings with a party group, one more feature, selected.
        tryCompare(assign, "withPartyGroup", 3)
        compare(assign.residentialBuildings, 4)
        compare(map.featureCount, 17)
        compare(map.selectedKey, "I005")
        tryVerify(function () { return map.ready }, 5000, "the map is not ready")

        // The slowed analysis ran (at least the read after the pin), never on the GUI thread,
        // and the GUI thread never stopped for anything near its 1.5 s.
        verify(fixture.analysisRuns() > runs, "no analysis ran")
        compare(fixture.analysisOnGuiThread(), 0)
        verify(fixture.writeRuns() >= writes + 2, "the edits did not go through the writer")
        compare(fixture.writesOnGuiThread(), 0)
        const stall = fixture.longestStallMs()
        verify(stall < 750, "the GUI thread stalled for " + stall + " ms")
    }

    function test_dashboard_is_computed_off_the_gui_thread() {
        const window = openCopy()
        const meeting = window.presentation.meeting
        fixture.slowAnalysis(1500)
        fixture.startStallMeter()
        verify(meeting.pinNow("2026-11-30T23:59:59"), meeting.errorString)
        verify(meeting.busy, "the dashboard is not being computed")
        tryCompare(meeting, "busy", false, 10000)
        compare(meeting.dashboard.asOf, "2026-11-30")
        // Of the fixture's issues only I1 is open (reported); I2 is resolved, I3 verified and
        // I4 rejected.
        compare(meeting.dashboard.openTotal, 1)
        compare(meeting.dashboard.openByState.map(s => s.state), ["reported"])
        compare(fixture.analysisOnGuiThread(), 0)
        const stall = fixture.longestStallMs()
        verify(stall < 750, "the GUI thread stalled for " + stall + " ms")
    }
}
