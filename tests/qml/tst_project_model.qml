import QtQuick
import QtTest
import Gridmap

// ProjectModel: opening the fixture project, its layer list, and failures that must be
// reported (errorOccurred, errorString) rather than crash or leave a half-open project.
TestCase {
    id: testCase
    name: "ProjectModel"

    ProjectModel {
        id: project
    }

    SignalSpy {
        id: errorSpy
        target: project
        signalName: "errorOccurred"
    }

    SignalSpy {
        id: layerErrorSpy
        target: project.layers
        signalName: "errorOccurred"
    }

    SignalSpy {
        id: changedSpy
        target: project
        signalName: "projectChanged"
    }

    function init() {
        project.close()
        errorSpy.clear()
        layerErrorSpy.clear()
        changedSpy.clear()
    }

    function layerRow(name) {
        const row = project.layers.indexOf(name)
        verify(row >= 0, "no layer " + name)
        return project.layers.get(row)
    }

    function test_open_reports_crs_and_schema() {
        verify(project.open(fixture.projectPath), project.errorString)
        compare(project.isOpen, true)
        compare(changedSpy.count, 1)
        compare(project.path, fixture.projectPath)
        compare(project.fileName, "fixture.gpkg")
        compare(project.epsg, fixture.epsg)
        compare(project.schemaVersion, fixture.schemaVersion)
        verify(project.crsName.length > 0, "empty CRS name")
        compare(project.errorString, "")
        compare(errorSpy.count, 0)
    }

    function test_layers_report_feature_counts() {
        verify(project.open(fixture.projectPath), project.errorString)
        // Counted on the project's reader thread.
        tryVerify(function () { return layerRow("building").count === 3 }, 5000,
                  "building count " + layerRow("building").count)
        compare(layerRow("cell").count, 2)
        compare(layerRow("community").count, 1)
        compare(layerRow("issue").count, 0)
    }

    function test_layers_are_the_spatial_tables_in_drawing_order() {
        verify(project.open(fixture.projectPath), project.errorString)
        const names = []
        for (let i = 0; i < project.layers.count; ++i)
            names.push(project.layers.get(i).name)
        compare(names, ["community", "cell", "compound", "building", "road", "repair_segment",
                        "service_point", "issue"])
        compare(project.layers.indexOf("household"), -1) // attribute tables are no layers
    }

    function test_layer_roles() {
        verify(project.open(fixture.projectPath), project.errorString)
        const building = layerRow("building")
        compare(building.titleZh, "楼栋")
        compare(building.title, "Buildings") // no translator installed in the test
        compare(building.geometry, "polygon")
        compare(building.visible, true)
        compare(layerRow("road").geometry, "line")
        compare(layerRow("issue").geometry, "point")
        compare(layerRow("repair_segment").titleZh, "道路维修段")
    }

    function test_visibility_flag_round_trips() {
        verify(project.open(fixture.projectPath), project.errorString)
        verify(project.layers.setVisible("cell", false))
        compare(layerRow("cell").visible, false)
        compare(layerRow("building").visible, true)
        verify(project.layers.setVisible("cell", true))
        compare(layerRow("cell").visible, true)
    }

    function test_opacity_round_trips_and_is_clamped() {
        verify(project.open(fixture.projectPath), project.errorString)
        compare(layerRow("cell").opacity, 1)
        verify(project.layers.setOpacity("cell", 0.3))
        fuzzyCompare(layerRow("cell").opacity, 0.3, 1e-9)
        verify(project.layers.setOpacity("cell", 7))
        compare(layerRow("cell").opacity, 1)
        verify(project.layers.setOpacity("cell", -1))
        compare(layerRow("cell").opacity, 0)
    }

    function test_the_project_remembers_the_map() {
        const path = fixture.copyProject(fixture.projectPath)
        verify(path !== "", "cannot copy the fixture")
        verify(project.open(path), project.errorString)
        compare(project.writable, true)
        compare(project.mapTheme, "plain")
        verify(project.layers.setVisible("cell", false))
        verify(project.layers.setOpacity("building", 0.4))
        project.mapTheme = "coverage"
        project.basemapSource = "/data/basemap.tif"
        verify(project.saveMapState())
        project.close()
        compare(errorSpy.count, 0)

        verify(project.open(path), project.errorString)
        compare(layerRow("cell").visible, false)
        fuzzyCompare(layerRow("building").opacity, 0.4, 1e-9)
        compare(layerRow("building").visible, true)
        compare(layerRow("community").opacity, 1)
        compare(project.mapTheme, "coverage")
        compare(project.basemapSource, "/data/basemap.tif")
        // The panel is stored by itself too, shortly after a change, without saveMapState.
        verify(project.layers.setOpacity("road", 0.7))
        wait(800)
        project.close()
        verify(project.open(path), project.errorString)
        fuzzyCompare(layerRow("road").opacity, 0.7, 1e-9)
        // Another project starts from its own state.
        verify(project.open(fixture.projectPath), project.errorString)
        compare(layerRow("cell").visible, true)
        compare(project.mapTheme, "plain")
    }

    function test_unknown_theme_is_refused() {
        verify(project.open(fixture.projectPath), project.errorString)
        project.mapTheme = "rainbow"
        compare(project.mapTheme, "plain")
        compare(errorSpy.count, 1)
    }

    function test_inspect() {
        verify(project.open(fixture.projectPath), project.errorString)
        const info = project.inspect("building", "B3")
        compare(info.title, "3栋")
        compare(info.layerTitle, "Buildings")
        const fields = info.facts.map(function (f) { return f.field })
        verify(fields.indexOf("cell") >= 0, fields)
        compare(info.facts[fields.indexOf("cell")].label, "Grid cell")
        compare(Object.keys(project.inspect("building", "B99")).length, 0)
        compare(errorSpy.count, 1)
    }

    function test_unknown_layer_is_an_error() {
        verify(project.open(fixture.projectPath), project.errorString)
        verify(!project.layers.setVisible("no_such_layer", false))
        compare(layerErrorSpy.count, 1)
    }

    function test_file_url_is_accepted() {
        verify(project.open("file://" + fixture.projectPath), project.errorString)
        compare(project.path, fixture.projectPath)
    }

    function test_missing_file_is_an_error_not_a_crash() {
        verify(!project.open(fixture.missingPath))
        compare(errorSpy.count, 1)
        compare(project.isOpen, false)
        verify(project.errorString.indexOf("no-such-project.gpkg") >= 0, project.errorString)
        compare(errorSpy.signalArguments[0][0], project.errorString)
        compare(project.layers.count, 0)
    }

    function test_empty_path_is_an_error() {
        verify(!project.open(""))
        compare(errorSpy.count, 1)
        verify(project.errorString.length > 0)
    }

    function test_failed_open_keeps_the_open_project() {
        verify(project.open(fixture.projectPath), project.errorString)
        verify(!project.open(fixture.notAProjectPath))
        compare(errorSpy.count, 1)
        verify(project.errorString.length > 0)
        compare(project.isOpen, true)
        compare(project.path, fixture.projectPath)
        tryVerify(function () { return layerRow("building").count === 3 }, 5000,
                  "building count " + layerRow("building").count)
    }

    function test_success_clears_the_error() {
        verify(!project.open(fixture.missingPath))
        verify(project.errorString.length > 0)
        verify(project.open(fixture.projectPath), project.errorString)
        compare(project.errorString, "")
    }

    function test_close() {
        verify(project.open(fixture.projectPath), project.errorString)
        project.close()
        compare(project.isOpen, false)
        compare(project.path, "")
        compare(project.epsg, 0)
        compare(project.layers.count, 0)
    }
}
