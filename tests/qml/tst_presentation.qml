import QtQuick
import QtTest
import Gridmap

// Presentation mode in the main window, on a copy of the map fixture (tests/data/map) with two
// saved views: F5 enters (full screen, the dashboard shows the fixture's figures), the right
// arrow steps to the second view and the left arrow back (the map shows each view's extent
// and theme), Esc leaves (the window, theme and layers are as before). No resident name or
// phone appears in the dashboard.
TestCase {
    id: testCase
    name: "Presentation"
    when: windowShown

    Component {
        id: mainComponent
        Main {
            width: 1000
            height: 700
        }
    }

    // The centre and width of what the map shows, in working CRS metres.
    function shown(map) {
        const a = map.itemToProjected(0, 0)
        const b = map.itemToProjected(map.width, map.height)
        return { cx: (a.x + b.x) / 2, cy: (a.y + b.y) / 2, w: b.x - a.x, h: a.y - b.y }
    }

    function texts(item) {
        let out = []
        if (item.text !== undefined && typeof item.text === "string")
            out.push(item.text)
        for (let i = 0; i < item.children.length; ++i)
            out = out.concat(texts(item.children[i]))
        return out
    }

    function test_enter_step_through_two_views_and_leave() {
        const path = fixture.copyProject(fixture.mapProjectPath)
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        const meeting = window.presentation.meeting
        // Two views: the west cell in the coverage theme, the east cell in the issues theme
        // with only cells, buildings and issues.
        compare(meeting.addView({title: "西网格", minX: 500000, minY: 3300000, maxX: 500150,
                                 maxY: 3300200, theme: "coverage", layers: []}), "V01")
        compare(meeting.addView({title: "东网格问题", minX: 500150, minY: 3300000, maxX: 500290,
                                 maxY: 3300200, theme: "issues",
                                 layers: ["cell", "building", "issue"]}), "V02")
        compare(meeting.addView({title: "", minX: 0, minY: 0, maxX: 1, maxY: 1}), "")
        compare(meeting.addView({title: "x", minX: 0, minY: 0, maxX: 1, maxY: 1,
                                 theme: "heat"}), "")
        compare(meeting.count, 2)

        const themeBefore = window.map.theme
        const visibilityBefore = window.visibility
        compare(window.project.layers.get(window.project.layers.indexOf("road")).visible, true)
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        keyClick(Qt.Key_F5)
        tryCompare(window.presentation, "active", true)
        tryCompare(window, "visibility", Window.FullScreen)
        const map = window.presentation.map
        tryVerify(function () { return map.featureCount > 0 }, 5000)

        // Slide 1: the west cell, coverage theme.
        tryCompare(meeting, "currentIndex", 0)
        compare(map.theme, "coverage")
        tryVerify(function () { const s = shown(map); return Math.abs(s.cx - 500075) < 2 &&
                                Math.abs(s.cy - 3300100) < 2 }, 3000,
                  "not centred on view 1: " + JSON.stringify(shown(map)))
        // The extent fits (again once the window is full screen): 150 x 200 m shown whole,
        // one side exactly.
        tryVerify(function () { const s = shown(map); return s.w >= 149 && s.h >= 199 &&
                                (Math.abs(s.w - 150) < 1 || Math.abs(s.h - 200) < 1) }, 3000,
                  "view 1 does not fit: " + JSON.stringify(shown(map)))

        // Slide 2 with the right arrow: the east cell, issues theme, no road layer.
        keyClick(Qt.Key_Right)
        tryCompare(meeting, "currentIndex", 1)
        compare(map.theme, "issues")
        tryVerify(function () { const s = shown(map); return Math.abs(s.cx - 500220) < 2 &&
                                Math.abs(s.cy - 3300100) < 2 }, 3000,
                  "not centred on view 2: " + JSON.stringify(shown(map)))
        compare(window.project.layers.get(window.project.layers.indexOf("road")).visible, false)
        const title = findChild(window.presentation.contentItem, "slideTitle")
        compare(title.text, "东网格问题")
        // Stays on the last slide; back with the left arrow.
        keyClick(Qt.Key_Right)
        compare(meeting.currentIndex, 1)
        keyClick(Qt.Key_Left)
        tryCompare(meeting, "currentIndex", 0)
        compare(map.theme, "coverage")

        // The dashboard: the fixture's coverage, no resident's name or phone.
        const board = findChild(window.presentation.contentItem, "dashboard")
        verify(board !== null, "no dashboard")
        compare(board.figures.communityName, "图例社区")
        const all = texts(board).join("\n")
        verify(all.indexOf("%") >= 0, all)
        verify(all.indexOf("13812345678") < 0 && all.indexOf("13911112222") < 0, all)

        // Exports: the current view as PNG, every view as a 2-page PDF.
        verify(meeting.exportCurrent(path + ".png"), meeting.errorString)
        compare(meeting.exportAll(path + ".pdf"), 2)

        // Save as view: the map as it is becomes view V03; an empty title is refused.
        const saveButton = findChild(window.presentation.contentItem, "saveViewButton")
        verify(saveButton.enabled)
        const dialog = findChild(window.presentation, "saveViewDialog")
        mouseClick(saveButton)
        tryCompare(dialog, "opened", true)
        dialog.accept()
        tryCompare(dialog, "opened", true)
        verify(dialog.error !== "", "an empty title is refused")
        compare(meeting.count, 2)
        findChild(dialog.contentItem, "viewTitleField").text = "全社区"
        dialog.accept()
        tryCompare(meeting, "count", 3)
        compare(dialog.error, "")

        // Esc leaves: window, theme and layers as before.
        keyClick(Qt.Key_Escape)
        tryCompare(window.presentation, "active", false)
        tryCompare(window, "visibility", visibilityBefore)
        compare(window.map.theme, themeBefore)
        compare(window.project.layers.get(window.project.layers.indexOf("road")).visible, true)
    }

    function test_legend_beside_the_map() {
        // The presentation's legend sits in a column right of the map, not over it: on a
        // slide, and after panning the data to the right edge and zooming in there, no feature
        // is drawn under it (the map ends where the legend column begins).
        const path = fixture.copyProject(fixture.mapProjectPath)
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        const meeting = window.presentation.meeting
        compare(meeting.addView({title: "全社区", minX: 500000, minY: 3300000, maxX: 500290,
                                 maxY: 3300200, theme: "coverage", layers: []}), "V01")
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        keyClick(Qt.Key_F5)
        tryCompare(window.presentation, "active", true)
        const map = window.presentation.map
        tryVerify(function () { return map.featureCount > 0 }, 5000)
        const legend = findChild(window.presentation.contentItem, "presentationLegend")
        const column = findChild(window.presentation.contentItem, "presentationLegendColumn")
        verify(legend !== null && column !== null, "no legend column")
        tryCompare(legend, "visible", true)
        verify(legend.entryCount > 0)
        const clear = function (what) {
            const legendLeft = legend.mapToItem(map, 0, 0).x
            const columnLeft = column.mapToItem(map, 0, 0).x
            verify(legendLeft >= map.width, what + ": legend at x " + legendLeft + " of a map "
                   + map.width + " px wide")
            compare(columnLeft, map.width, what + ": the map does not end at the legend column")
            verify(legendLeft < map.width + 24, what + ": the legend is not beside the map")
        }
        clear("slide 1")
        // The slide's extent is shown whole left of the legend.
        const east = map.projectedToItem(500290, 3300100)
        verify(east.x <= map.width + 1, "the slide reaches x " + east.x + " of " + map.width)
        map.panBy(map.width - east.x + 200, 0)
        clear("panned right")
        map.zoomBy(4, map.width - 10, map.height - 10)
        clear("zoomed in at the bottom right")
        keyClick(Qt.Key_Escape)
        tryCompare(window.presentation, "active", false)
    }
}
