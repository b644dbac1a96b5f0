import QtQuick
import QtTest
import Gridmap

// The map as an image, on whichever scene graph runs the test: the software path (the
// offscreen platform, `ctest -R qml`) and the GPU path (Xvfb with OpenGL, `ctest -R qml_gpu`,
// where GRIDMAP_EXPECT_GPU=1). The hand-made map fixture (tests/data/map/README.md) in the
// coverage theme is compared pixel by pixel with the reference image of the path
// (data/map_coverage_<path>.png), and B3, a building with neither party group nor captain,
// must be red where it is.
Item {
    width: 480
    height: 320

    ProjectModel {
        id: project
    }

    MapView {
        id: map
        anchors.fill: parent
        project: project
        theme: "coverage"
        labelsVisible: false
    }

    TestCase {
        name: "MapImage"
        when: windowShown

        // B3 is [180,230] x [40,90] in the fixture's metres (offset 500000, 3300000).
        readonly property point b3: Qt.point(500205, 3300065)
        readonly property color red: Qt.rgba(229 / 255, 57 / 255, 53 / 255, 1)

        function initTestCase() {
            verify(project.open(fixture.mapProjectPath), project.errorString)
        }

        function init() {
            map.theme = "coverage"
            map.fitToData()
        }

        function grab() {
            tryVerify(function () { return map.ready }, 20000, "the map never got ready")
            let image = null
            verify(map.grabToImage(function (result) { image = result.image }))
            tryVerify(function () { return image !== null }, 5000, "grabToImage never answered")
            return image
        }

        function near(a, b, tolerance) {
            return Math.abs(a.r - b.r) <= tolerance && Math.abs(a.g - b.g) <= tolerance
                   && Math.abs(a.b - b.b) <= tolerance
        }

        function pixelAt(image, x, y) {
            const p = map.projectedToItem(x, y)
            verify(p.x >= 0 && p.x < map.width && p.y >= 0 && p.y < map.height, "off the map: " + p)
            return fixture.pixel(image, Math.round(p.x), Math.round(p.y))
        }

        function test_1_render_path() {
            tryVerify(function () { return map.renderPath !== "" }, 10000)
            compare(map.renderPath, fixture.expectGpu ? "gpu" : "software")
        }

        function test_2_matches_the_reference_image() {
            const image = grab()
            const reference = fixture.referenceDir + "/map_coverage_" + map.renderPath + ".png"
            if (fixture.updateReferences) {
                verify(fixture.saveImage(image, reference), "cannot write " + reference)
                return
            }
            const r = fixture.compareImages(image, reference, 24)
            verify(r.exists, "no reference image " + reference)
            verify(r.sameSize, "the image and " + reference + " differ in size")
            // Antialiased edges may differ a little between drivers; areas may not.
            verify(r.bad <= r.total / 500,
                   r.bad + " of " + r.total + " pixels differ from " + reference
                   + " (largest difference " + r.maxDiff + ")")
        }

        function test_3_red_building_is_red() {
            const image = grab()
            const p = pixelAt(image, b3.x, b3.y)
            verify(near(p, red, 0.03), "B3 is " + p)
            // Its neighbour B1 (both) is green, B2 (one missing) orange.
            const b1 = pixelAt(image, 500025, 3300135)
            verify(b1.g > 0.55 && b1.r < 0.35 && b1.b < 0.35, "B1 is " + b1)
            const b2 = pixelAt(image, 500025, 3300035)
            verify(b2.r > 0.9 && b2.g > 0.45 && b2.g < 0.65 && b2.b < 0.1, "B2 is " + b2)
        }

        function test_4_theme_switch_recolours() {
            map.theme = "plain"
            const plain = pixelAt(grab(), b3.x, b3.y)
            verify(near(plain, map.layerColor("building"), 0.03), "B3 in plain is " + plain)
            map.theme = "coverage"
            verify(near(pixelAt(grab(), b3.x, b3.y), red, 0.03), "B3 not red again")
        }

        function test_5_pan_moves_the_picture() {
            const before = map.projectedToItem(b3.x, b3.y)
            map.panBy(40, -25)
            const after = map.projectedToItem(b3.x, b3.y)
            fuzzyCompare(after.x - before.x, 40, 1e-6)
            fuzzyCompare(after.y - before.y, -25, 1e-6)
            verify(near(pixelAt(grab(), b3.x, b3.y), red, 0.03), "B3 not red after a pan")
        }

        function test_6_zoom_out_changes_the_level_of_detail() {
            const image = grab()
            const lod = map.levelOfDetail
            let p = map.projectedToItem(b3.x, b3.y)
            map.zoomBy(0.25, p.x, p.y)
            const far = grab()
            verify(map.levelOfDetail <= lod - 3, "level of detail " + lod + " -> " + map.levelOfDetail)
            verify(near(pixelAt(far, b3.x, b3.y), red, 0.05), "B3 not red when zoomed out")
            p = map.projectedToItem(b3.x, b3.y)
            map.zoomBy(16, p.x, p.y)
            const near_ = grab()
            verify(map.levelOfDetail >= lod + 3, "level of detail " + map.levelOfDetail)
            verify(near(pixelAt(near_, b3.x, b3.y), red, 0.03), "B3 not red when zoomed in")
        }

        function test_8_basemap_under_the_layers() {
            // The fixture's GeoTIFF: west of x = 150 m cyan, east of it yellow.
            const layers = []
            for (let i = 0; i < project.layers.count; ++i)
                layers.push(project.layers.get(i).name)
            for (const name of layers)
                verify(project.layers.setVisible(name, false))
            map.basemapSource = fixture.basemapPath
            verify(map.basemapDescription.indexOf("GTiff 60x40") === 0, map.basemapDescription)
            const image = grab()
            const west = pixelAt(image, 500075, 3300100)
            const east = pixelAt(image, 500225, 3300100)
            verify(near(west, Qt.rgba(30 / 255, 200 / 255, 220 / 255, 1), 0.03), "west " + west)
            verify(near(east, Qt.rgba(250 / 255, 220 / 255, 0, 1), 0.03), "east " + east)
            // Outside the raster: the map's background.
            const p = map.projectedToItem(499980, 3300100)
            verify(near(fixture.pixel(image, Math.round(p.x), Math.round(p.y)), map.fillColor, 0.03),
                   "outside the raster")
            // The basemap follows a pan.
            map.panBy(-60, 0)
            verify(near(pixelAt(grab(), 500225, 3300100), Qt.rgba(250 / 255, 220 / 255, 0, 1), 0.03),
                   "east after a pan")
            // The layers draw over it.
            verify(project.layers.setVisible("building", true))
            verify(near(pixelAt(grab(), b3.x, b3.y), red, 0.03), "B3 over the basemap")
            map.basemapSource = ""
            for (const name of layers)
                verify(project.layers.setVisible(name, true))
        }

        function test_7_geometry_batches() {
            grab()
            if (map.renderPath !== "gpu")
                skip("the software path draws no geometry nodes")
            verify(map.geometryNodeCount >= 8, "geometry nodes: " + map.geometryNodeCount)
            verify(map.largestBatchVertices > 0 && map.largestBatchVertices <= 65535,
                   "largest batch: " + map.largestBatchVertices)
        }
    }
}
