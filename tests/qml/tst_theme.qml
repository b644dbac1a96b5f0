import QtQuick
import QtTest
import Gridmap

// Themes and the legend that follows them, on the hand-made map fixture
// (tests/data/map/README.md): coverage colours buildings by party group and captain and cells
// by households, and draws gaps and overlaps; issues colours issues by state and shapes them
// by category.
Item {
    width: 600
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

    MapLegend {
        id: legend
        map: map
    }

    SignalSpy {
        id: errors
        target: map
        signalName: "errorOccurred"
    }

    TestCase {
        name: "Theme"
        when: windowShown

        function init() {
            verify(project.open(fixture.mapProjectPath), project.errorString)
            tryCompare(map, "busy", false) // the data is read off the GUI thread
            map.theme = "plain"
            map.fitToData()
            errors.clear()
        }

        function grab() {
            tryVerify(function () { return map.ready }, 5000, "the map never got ready")
            let image = null
            verify(map.grabToImage(function (result) { image = result.image }))
            tryVerify(function () { return image !== null }, 5000)
            return image
        }

        function at(image, x, y) {
            const p = map.projectedToItem(500000 + x, 3300000 + y)
            return fixture.pixel(image, Math.round(p.x), Math.round(p.y))
        }

        function rgb(r, g, b) {
            return Qt.rgba(r / 255, g / 255, b / 255, 1)
        }

        function near(a, b) {
            return Math.abs(a.r - b.r) < 0.02 && Math.abs(a.g - b.g) < 0.02
                   && Math.abs(a.b - b.b) < 0.02
        }

        function verifyColor(actual, expected, what) {
            verify(near(actual, expected), what + ": expected " + expected + ", got " + actual)
        }

        function test_plain_theme() {
            const image = grab()
            verifyColor(at(image, 205, 65), map.layerColor("building"), "B3")
            verifyColor(at(image, 25, 135), map.layerColor("building"), "B1")
            compare(legend.entryCount, 8)
            verify(legend.texts.indexOf("Buildings") >= 0, legend.texts)
        }

        function test_coverage_theme() {
            map.theme = "coverage"
            compare(map.themeTitle, "Coverage")
            const image = grab()
            verifyColor(at(image, 25, 135), rgb(67, 160, 71), "B1 (both)")
            verifyColor(at(image, 25, 35), rgb(251, 140, 0), "B2 (no party group)")
            verifyColor(at(image, 205, 65), rgb(229, 57, 53), "B3 (none)")
            verifyColor(at(image, 245, 135), rgb(176, 176, 176), "B4 (not residential)")
            // The gap [290,300] x [0,200] in magenta.
            const gap = at(image, 295, 150)
            verify(gap.r > 0.8 && gap.g < 0.45 && gap.b > 0.85, "gap " + gap)
            // The overlap [150,160] x [150,200] in yellow.
            const overlap = at(image, 155, 175)
            verify(overlap.r > 0.9 && overlap.g > 0.75 && overlap.b < 0.35, "overlap " + overlap)
            // The legend follows.
            compare(legend.entryCount, 13)
            verify(legend.texts.indexOf("no party group") >= 0, legend.texts)
            verify(legend.texts.indexOf("no building captain") >= 0, legend.texts)
            verify(legend.texts.indexOf("Cells: households (target 300-500)") >= 0, legend.texts)
        }

        function test_issues_theme() {
            map.theme = "issues"
            const image = grab()
            verifyColor(at(image, 200, 150), rgb(229, 57, 53), "I1 (open)")
            verifyColor(at(image, 260, 50), rgb(67, 160, 71), "I3 (verified)")
            verifyColor(at(image, 120, 20), rgb(117, 117, 117), "I4 (rejected)")
            verify(legend.texts.indexOf("open") >= 0, legend.texts)
            verify(legend.texts.indexOf("市容环境") >= 0, legend.texts)
            // Buildings step back.
            verify(!near(at(image, 205, 65), map.layerColor("building")), "buildings not muted")
        }

        function test_legend_follows_the_layer_panel() {
            map.theme = "coverage"
            compare(legend.entryCount, 13)
            verify(project.layers.setVisible("building", false))
            compare(legend.entryCount, 6)
            verify(project.layers.setVisible("building", true))
            compare(legend.entryCount, 13)
        }

        function test_rule_themes() {
            // Every theme of the one list is offered.
            compare(map.themes.length, 9)
            compare(map.themes[5].value, "coverage_unit_captain")
            // Unit captains: B1 has one of its two units covered (orange), B2 none (red), B5
            // no units (white).
            map.theme = "coverage_unit_captain"
            compare(map.themeTitle, "Unit captains")
            let image = grab()
            verifyColor(at(image, 25, 135), rgb(251, 140, 0), "B1 (some units)")
            verifyColor(at(image, 25, 35), rgb(229, 57, 53), "B2 (no unit captain)")
            verifyColor(at(image, 165, 70), rgb(255, 255, 255), "B5 (no units)")
            verify(legend.texts.indexOf("some units lack a unit captain") >= 0, legend.texts)
            // Grid workers: cell 002 has none.
            map.theme = "coverage_grid_worker"
            image = grab()
            const east = at(image, 200, 20)
            verify(east.r > east.g + 0.15, "cell 002 " + east)
            verify(legend.texts.indexOf("no grid worker") >= 0, legend.texts)
        }

        function test_unknown_theme_is_refused() {
            map.theme = "coverage"
            map.theme = "rainbow"
            compare(map.theme, "coverage")
            compare(errors.count, 1)
        }
    }
}
