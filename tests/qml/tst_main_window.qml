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
        compare(window.map.featureCount, 6)
        compare(window.lastError, "")
        const list = findChild(window.contentItem, "layerList")
        verify(list !== null, "no layer list")
        compare(list.count, 8)
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
}
