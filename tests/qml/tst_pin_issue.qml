import QtQuick
import QtTest
import Gridmap

// Pin mode of the main window (issue 5): a click on the map opens the new-issue form at that
// place; saving pins the issue through gridmap::add_issue, and it appears in the issue list
// (with its cell and proposed assignee) and on the map. A click outside every community is
// refused with the library's message and adds nothing. Each test works on a copy of the
// hand-made map fixture (tests/data/map/README.md): community [0,300] x [0,200], cell 001 west
// of x = 150 with grid worker P3, issues I1-I4.
TestCase {
    id: testCase
    name: "PinIssue"
    when: windowShown

    readonly property string cell001: "420100001001001"

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
        verify(window !== null, "Main.qml failed to load")
        verify(window.projectOpen, window.lastError)
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        tryCompare(window.map, "busy", false) // the data is read off the GUI thread
        return window
    }

    function enterPinMode(window) {
        const button = findChild(window.contentItem.parent, "pinTool")
        verify(button !== null, "no pin tool")
        verify(button.enabled, "the pin tool is disabled")
        mouseClick(button)
        compare(window.map.tool, "pin")
        // The issue list opens beside the map: wait for the map to settle at its new size.
        tryCompare(window.issuePanel, "visible", true)
        tryVerify(function () { return window.map.ready }, 5000, "the map is not ready")
    }

    // The colour of the map at item point p, from a grab of the map item alone.
    function mapPixel(map, p) {
        let color = null
        verify(map.grabToImage(function (result) {
            color = fixture.pixel(result.image, Math.round(p.x), Math.round(p.y))
        }))
        tryVerify(function () { return color !== null }, 3000, "no grab")
        return color
    }

    function test_pin_an_issue_by_click() {
        const window = openCopy()
        const map = window.map
        const issues = window.issues
        compare(issues.total, 4)
        const features = map.featureCount
        enterPinMode(window)

        // In cell 001, in compound K1, away from every building and issue.
        let p = map.projectedToItem(500100, 3300060)
        const before = mapPixel(map, p)
        mouseClick(map, p.x, p.y)
        const form = window.issueForm
        tryCompare(form, "opened", true)
        compare(map.selectedKey, "") // a click in pin mode selects nothing
        verify(Math.abs(form.placeX - 500100) < 1 && Math.abs(form.placeY - 3300060) < 1,
               form.placeX + ", " + form.placeY)

        form.categoryBox.currentIndex = form.categoryBox.find("市容环境")
        compare(form.categoryBox.currentText, "市容环境")
        form.smallClassBox.editText = "暴露垃圾"
        form.textField.text = "楼下堆放垃圾"
        form.addressField.text = "幸福小区北门"
        form.photos = [fixture.basemapPath]
        mouseClick(form.saveButton)
        tryCompare(form, "opened", false)
        compare(form.error, "")

        // Stored: one more issue, in cell 001, proposed to the cell's grid worker.
        const r = form.lastResult
        compare(r.id, "I005")
        compare(r.cell, cell001)
        compare(r.assignee, "P3")
        compare(r.photos, 1)
        compare(issues.total, 5)
        compare(issues.photoCount("I005"), 1)

        // In the list, with its cell and the assignee's name, chosen.
        const row = issues.indexOf("I005")
        verify(row >= 0, "I005 is not in the list")
        const item = issues.get(row)
        compare(item.cell, cell001)
        compare(item.state, "reported")
        compare(item.category, "市容环境")
        compare(item.smallClass, "暴露垃圾")
        compare(window.issuePanel.currentId, "I005")
        compare(window.issuePanel.photoCount, 1)
        const delegate = findChild(window.issuePanel, "issueRow_I005")
        verify(delegate !== null, "no list row for I005")
        const detail = findChild(delegate, "issueRowDetail")
        verify(detail.text.indexOf(cell001) >= 0, detail.text)
        const count = findChild(window.issuePanel, "issueCount")
        verify(count.text.indexOf("5") >= 0, count.text)

        // On the map: one more feature, the issue under the click, drawn.
        tryCompare(map, "featureCount", features + 1)
        compare(map.selectedLayer, "issue")
        compare(map.selectedKey, "I005")
        tryVerify(function () { return map.ready }, 5000, "the map is not ready")
        p = map.projectedToItem(500100, 3300060)
        const hit = map.featureAt(p.x, p.y)
        compare(hit.layer, "issue")
        compare(hit.key, "I005")
        map.clearSelection()
        map.fitToData()
        tryVerify(function () { return map.ready }, 5000, "the map is not ready")
        p = map.projectedToItem(500100, 3300060)
        const after = mapPixel(map, p)
        const issueColor = map.layerColor("issue")
        verify(!Qt.colorEqual(after, before), "the map did not change at the pin: " + after)
        verify(Math.abs(after.r - issueColor.r) < 0.1 && Math.abs(after.g - issueColor.g) < 0.1
               && Math.abs(after.b - issueColor.b) < 0.1,
               "pixel " + after + " is not the issue colour " + issueColor)
    }

    function test_typed_place_and_next_state() {
        const window = openCopy()
        const issues = window.issues
        enterPinMode(window)
        const form = window.issueForm
        mouseClick(findChild(window.issuePanel, "newIssueButton"))
        tryCompare(form, "opened", true)
        // X,Y in metres: in cell 002 (x > 160).
        verify(form.placeTyped("500200, 3300020"), form.error)
        form.categoryBox.currentIndex = form.categoryBox.find("微诉求")
        form.textField.text = "路灯不亮"
        verify(form.save(), form.error)
        // Stored on the project's writer: the form closes with the answer.
        tryCompare(form, "saving", false)
        compare(form.opened, false)
        compare(form.lastResult.cell, "420100001001002")
        compare(issues.total, 5)

        // Dispatch it to P1, then try an illegal move: the refusal is shown.
        const panel = window.issuePanel
        compare(panel.currentId, "I005")
        // Done by the acting person (P3, GRIDMAP_USER of the runner), shown in the panel.
        const by = findChild(panel, "issueBy")
        compare(by.text, "P3 赵网格员")
        findChild(panel, "issueAssignee").editText = "P1"
        const dispatch = findChild(panel, "moveTo_dispatched")
        verify(dispatch !== null, "no dispatch button")
        // The buttons are laid out by a Flow: wait until it has placed them.
        const reject = findChild(panel, "moveTo_rejected")
        tryVerify(function () { return reject.x > dispatch.x || reject.y > dispatch.y }, 2000,
                  "the state buttons are not laid out")
        mouseClick(dispatch)
        tryCompare(panel, "moving", false)
        compare(panel.error, "")
        const row = issues.indexOf("I005")
        compare(issues.get(row).state, "dispatched")
        compare(issues.get(row).assignee, "P1")
        verify(findChild(panel, "moveTo_resolved") === null, "resolved offered from dispatched")
        verify(!panel.move("resolved"), "an illegal transition was accepted")
        verify(panel.error.indexOf("accepted") >= 0, panel.error)
        const error = findChild(panel, "issuePanelError")
        compare(error.visible, true)
        compare(issues.get(issues.indexOf("I005")).state, "dispatched")

        // Filters: by state, by cell.
        issues.stateFilter = "dispatched"
        compare(issues.count, 1)
        issues.stateFilter = ""
        issues.cellFilter = cell001
        compare(issues.count, 2) // I2 and I4
        issues.cellFilter = ""
        compare(issues.count, 5)

        // Browsing: a click on issue I1 on the map chooses it in the list.
        const map = window.map
        map.tool = "browse"
        map.fitToData()
        tryVerify(function () { return map.ready }, 5000, "the map is not ready")
        const p = map.projectedToItem(500200, 3300150)
        mouseClick(map, p.x, p.y)
        compare(map.selectedKey, "I1")
        compare(panel.currentId, "I1")
        compare(panel.list.currentIndex, issues.indexOf("I1"))
    }

    function test_click_outside_every_community_is_refused() {
        const window = openCopy()
        const map = window.map
        const issues = window.issues
        const features = map.featureCount
        enterPinMode(window)
        const p = map.projectedToItem(499985, 3300190) // west of the community
        mouseClick(map, p.x, p.y)
        const form = window.issueForm
        tryCompare(form, "opened", true)
        form.categoryBox.currentIndex = form.categoryBox.find("市容环境")
        form.textField.text = "outside"
        mouseClick(form.saveButton)
        // Refused by the project's writer: the form stays open and says why; nothing was added.
        tryCompare(form, "saving", false)
        compare(form.opened, true)
        verify(form.error.indexOf("不在本项目任何社区范围内") >= 0, form.error)
        const label = findChild(form.contentItem, "issueFormError")
        verify(label !== null, "no error label")
        compare(label.visible, true)
        compare(label.text, form.error)
        compare(issues.total, 4)
        compare(map.featureCount, features)
        // A typed place that is no place is refused too.
        verify(!form.placeTyped("here"))
        verify(form.error !== "", "no message for a bad place")
        mouseClick(form.cancelButton)
        tryCompare(form, "opened", false)
        compare(issues.total, 4)
    }

    function test_typed_address_finds_its_building() {
        const window = openCopy()
        const issues = window.issues
        enterPinMode(window)
        const form = window.issueForm
        mouseClick(findChild(window.issuePanel, "newIssueButton"))
        tryCompare(form, "opened", true)
        // "2栋" is building B2, [20,50] x [30,70] on paper, in the west cell 001.
        verify(form.placeTyped("2栋"), form.error)
        verify(form.placeX > 500020 && form.placeX < 500050, "x " + form.placeX)
        verify(form.placeY > 3300030 && form.placeY < 3300070, "y " + form.placeY)
        compare(form.addressField.text, "2栋")
        form.categoryBox.currentIndex = form.categoryBox.find("微诉求")
        form.textField.text = "楼道灯不亮"
        verify(form.save(), form.error)
        tryCompare(form, "saving", false)
        compare(form.lastResult.cell, "420100001001001")
        compare(issues.total, 5)
    }
}
