import QtQuick
import QtTest
import Gridmap

// The main window of gridmap-desktop (Main.qml): it loads, opens the project it is given and
// shows its CRS and schema version, and shows an error instead of failing on a bad file.
TestCase {
    id: testCase
    name: "MainWindow"
    when: windowShown

    Component {
        id: mainComponent
        Main {
            width: 900
            height: 600
        }
    }

    function test_opens_the_initial_project() {
        const window = createTemporaryObject(mainComponent, testCase,
                                             {initialPath: fixture.projectPath})
        verify(window !== null, "Main.qml failed to load")
        verify(window.projectOpen, window.lastError)
        verify(window.title.indexOf("fixture.gpkg") >= 0, window.title)
        const crs = findChild(window.contentItem.parent, "crsLabel")
        verify(crs !== null, "no crsLabel")
        verify(crs.text.indexOf("EPSG:" + fixture.epsg) >= 0, crs.text)
        const schema = findChild(window.contentItem.parent, "schemaLabel")
        verify(schema.text.indexOf("" + fixture.schemaVersion) >= 0, schema.text)
        tryCompare(window.map, "featureCount", 6) // read off the GUI thread
        compare(window.lastError, "")
        const list = findChild(window.contentItem, "layerList")
        verify(list !== null, "no layer list")
        compare(list.count, 8)
    }

    function test_theme_switch_in_the_toolbar_is_remembered() {
        const path = fixture.copyProject(fixture.mapProjectPath)
        let window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        compare(window.map.theme, "plain")
        const box = findChild(window.contentItem.parent, "themeBox")
        verify(box !== null, "no theme box")
        compare(box.currentValue, "plain")
        const legend = findChild(window.contentItem, "legend")
        verify(legend !== null, "no legend")
        tryCompare(legend, "visible", true)
        compare(legend.entryCount, 8)
        // Choose "Coverage" with the keyboard: the map and the legend follow.
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        box.forceActiveFocus()
        keyClick(Qt.Key_Down)
        tryCompare(box, "currentValue", "coverage")
        tryCompare(window.map, "theme", "coverage")
        compare(window.project.mapTheme, "coverage")
        tryCompare(legend, "entryCount", 13)
        window.project.saveMapState()
        window.destroy()
        // Opened again, the project shows the coverage theme.
        window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        compare(window.map.theme, "coverage")
        compare(findChild(window.contentItem.parent, "themeBox").currentValue, "coverage")
    }

    function test_click_inspect_and_cursor() {
        const window = createTemporaryObject(mainComponent, testCase,
                                             {initialPath: fixture.mapProjectPath})
        verify(window.projectOpen, window.lastError)
        const map = window.map
        const panel = findChild(window.contentItem, "inspectPanel")
        compare(panel.visible, false)
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        tryVerify(function () { return map.ready }, 5000)
        // Inside compound K1, away from the buttons and the legend over the map.
        const p = map.projectedToItem(500110, 3300150)
        mouseMove(map, p.x, p.y)
        const cursor = findChild(window.contentItem.parent, "cursorLabel")
        tryVerify(function () { return cursor.visible && cursor.text.indexOf("EPSG:4547") >= 0 },
                  2000, "cursor label: " + cursor.text)
        verify(/X 5001\d\d\.\d Y 33001\d\d\.\d/.test(cursor.text), cursor.text)
        mouseClick(map, p.x, p.y)
        compare(map.selectedLayer, "compound")
        compare(map.selectedKey, "K1")
        tryCompare(panel, "visible", true)
        compare(findChild(panel, "inspectTitle").text, "幸福小区")
        // Zoom buttons.
        const zoom = map.zoom
        mouseClick(findChild(window.contentItem, "zoomInButton"))
        fuzzyCompare(map.zoom, zoom * 2, 1e-9)
        mouseClick(findChild(window.contentItem, "fitButton"))
        fuzzyCompare(map.zoom, zoom, 1e-9) // fitted as when opened, clear of the legend
    }

    function test_bad_initial_project_shows_an_error() {
        const window = createTemporaryObject(mainComponent, testCase,
                                             {initialPath: fixture.missingPath})
        verify(window !== null, "Main.qml failed to load")
        compare(window.projectOpen, false)
        verify(window.lastError.indexOf("no-such-project.gpkg") >= 0, window.lastError)
        const dialog = findChild(window.contentItem.parent, "errorDialog")
        verify(dialog !== null, "no error dialog")
        tryCompare(dialog, "opened", true)
        const label = findChild(window.contentItem.parent, "errorLabel")
        compare(label.text, window.lastError)
        const ok = findChild(dialog, "errorOkButton")
        verify(ok !== null, "no OK button")
        mouseClick(ok)
        tryCompare(dialog, "opened", false)
    }

    function test_legend_never_covers_the_map() {
        // The legend sits in a column right of the map, not over it: at the fitted view and
        // after panning and zooming, no feature is drawn under it.
        const path = fixture.copyProject(fixture.mapProjectPath)
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window.projectOpen, window.lastError)
        const legend = findChild(window.contentItem, "legend")
        tryCompare(legend, "visible", true)
        const map = window.map
        tryVerify(function () { return map.width > 0 && map.ready }, 5000, "the map is not shown")
        const clear = function (what) {
            const legendLeft = legend.mapToItem(map, 0, 0).x
            verify(legendLeft >= map.width, what + ": legend at x " + legendLeft + " of a map "
                   + map.width + " px wide")
            verify(legendLeft < map.width + 24, what + ": the legend is not beside the map")
        }
        compare(map.reservedRight, 0)
        clear("fitted")
        const e = map.extent
        const east = map.projectedToItem(e.x + e.width, e.y + e.height / 2)
        const west = map.projectedToItem(e.x, e.y + e.height / 2)
        verify(east.x <= map.width, "data reaches x " + east.x + " of " + map.width)
        verify(west.x >= 0, "data starts at x " + west.x)
        // Pan the data to the right edge and beyond, zoom in there: the legend stays clear.
        map.panBy(map.width - east.x + 200, 0)
        clear("panned right")
        map.zoomBy(4, map.width - 10, map.height - 10)
        clear("zoomed in at the bottom right")
        verify(map.zoomToFeature("building", "B4"))
        clear("zoomed to B4")
        // The legend hidden: the map takes the whole width again.
        const area = map.parent
        findChild(window.contentItem, "legendCheck").checked = false
        tryCompare(map, "width", area.width)
        findChild(window.contentItem, "legendCheck").checked = true
        tryVerify(function () { return map.width < area.width - legend.width }, 2000)
    }
}
