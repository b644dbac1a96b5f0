import QtQuick
import QtTest
import Gridmap

// The seed's work in the main window (issue 16) on the demo (data/demo): the Community work
// panel shows the care register as counts (321 entries, 275 households: care_tag.csv), records
// a visit by the acting person, and lists the care register only to a grid worker or a paired
// member. P022 is paired with H00001 (household_pairing.csv); P001 is a grid worker; P113 has
// no role and no pairing.
TestCase {
    id: testCase
    name: "Seed"
    when: windowShown

    Component {
        id: mainComponent
        Main {
            width: 1280
            height: 820
        }
    }

    function cleanup() {
        fixture.setUser("P3")
        fixture.slowAnalysis(0)
    }

    function openDemo(user) {
        fixture.setUser(user)
        const path = fixture.copyProject(fixture.demoProjectPath)
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window !== null, "Main.qml failed to load")
        verify(window.projectOpen, window.lastError)
        compare(window.project.actor, user)
        return window
    }

    // The panel's figures are read on the project reader's thread (like the map): they arrive
    // after the window opens, and again after a visit entered in the panel, while the GUI
    // thread goes on (every analysis job slowed down by 400 ms here).
    function test_figures_load_off_the_gui_thread() {
        fixture.slowAnalysis(400)
        const runs = fixture.analysisRuns()
        const onGui = fixture.analysisOnGuiThread()
        const window = openDemo("P022")
        const seed = window.seed
        tryCompare(seed, "busy", false, 10000)
        compare(seed.summary.careEntries, 321)
        compare(seed.summary.places, 9)
        compare(seed.cells.length, 8)
        verify(fixture.analysisRuns() > runs, "the panel's figures were not read by the reader")

        const button = findChild(window.contentItem.parent, "seedButton")
        mouseClick(button)
        const panel = findChild(window.contentItem, "seedPanel")
        tryCompare(panel, "visible", true)
        seed.month = Qt.formatDate(new Date(), "yyyy-MM")
        tryCompare(seed, "busy", false, 10000)
        const before = seed.summary.visits
        const loads = fixture.analysisRuns()
        panel.householdField.text = "H00001"
        panel.kindBox.currentIndex = panel.kindBox.find("入户走访")
        verify(panel.saveVisit() !== "", panel.error)
        // Written at once; the figures follow from the worker thread.
        verify(seed.busy, "the panel is not reading the figures again")
        compare(seed.summary.visits, before)
        tryCompare(seed, "busy", false, 10000)
        compare(seed.summary.visits, before + 1)
        verify(fixture.analysisRuns() > loads)
        compare(fixture.analysisOnGuiThread(), onGui)
    }

    function test_panel_counts_visit_entry_and_care_roles() {
        const window = openDemo("P022")
        const seed = window.seed
        tryCompare(seed, "busy", false, 10000)
        // Counts of the care register, for anyone (no household, no name).
        compare(seed.summary.careEntries, 321)
        compare(seed.summary.careHouseholds, 275)
        compare(seed.summary.places, 9)
        compare(seed.cells.length, 8)
        let households = 0
        for (let i = 0; i < seed.cells.length; ++i)
            households += seed.cells[i].households
        compare(households, 2079)

        const button = findChild(window.contentItem.parent, "seedButton")
        mouseClick(button)
        const panel = findChild(window.contentItem, "seedPanel")
        tryCompare(panel, "visible", true)

        // A visit to H00001 this month, by the acting person P022.
        seed.month = Qt.formatDate(new Date(), "yyyy-MM")
        tryCompare(seed, "busy", false, 10000)
        const before = seed.summary.visits
        panel.householdField.text = "H00001"
        panel.kindBox.currentIndex = panel.kindBox.find("入户走访")
        const id = panel.saveVisit()
        verify(id !== "", panel.error)
        compare(panel.error, "")
        tryCompare(seed, "busy", false, 10000)
        compare(seed.summary.visits, before + 1)

        // A household of another building than given is refused with its reason.
        panel.householdField.text = "H99999"
        compare(panel.saveVisit(), "")
        verify(panel.error.indexOf("no household with id 'H99999'") >= 0, panel.error)

        // P022 sees only the care entries of their own households.
        const mine = seed.loadCare()
        verify(mine.length > 0 && mine.length < 321, "P022 saw " + mine.length)
        for (let k = 0; k < mine.length; ++k)
            verify(mine[k].paired.indexOf("P022") >= 0, JSON.stringify(mine[k]))
    }

    // The patrol and care-register entry of the panel: a patrol of K01 by the grid worker
    // P001 today makes K01 patrolled today; P001 tags H00003 (untagged in care_tag.csv) and
    // the count grows by one; P022 (no grid worker) finds the care form disabled and geo
    // refuses the tag all the same.
    function test_patrol_and_care_entry() {
        const window = openDemo("P001")
        const seed = window.seed
        tryCompare(seed, "busy", false, 10000)
        const button = findChild(window.contentItem.parent, "seedButton")
        mouseClick(button)
        const panel = findChild(window.contentItem, "seedPanel")
        tryCompare(panel, "visible", true)
        const entries = seed.summary.careEntries
        panel.placeBox.currentIndex = panel.placeBox.indexOfValue("K01")
        compare(panel.placeBox.currentValue, "K01")
        const id = panel.savePatrol()
        verify(id !== "", panel.error)
        tryCompare(seed, "busy", false, 10000)
        const today = Qt.formatDate(new Date(), "yyyy-MM-dd")
        let k01 = null
        for (let i = 0; i < seed.places.length; ++i)
            if (seed.places[i].id === "K01")
                k01 = seed.places[i]
        verify(k01 !== null)
        compare(k01.daysSince, 0)
        compare(k01.overdue, false)
        // A patrol dated in the future is refused with its reason.
        panel.patrolDateField.text = "2099-01-01"
        compare(panel.savePatrol(), "")
        verify(panel.error.indexOf("lies in the future") >= 0, panel.error)

        verify(seed.mayChangeCare)
        verify(panel.careForm.enabled)
        panel.careHouseholdField.text = "H00003"
        panel.careTagBox.currentIndex = panel.careTagBox.find("空巢老人")
        verify(panel.saveCareTag(), panel.error)
        tryCompare(seed, "busy", false, 10000)
        compare(seed.summary.careEntries, entries + 1)
        // The same tag twice is refused.
        verify(!panel.saveCareTag())
        verify(panel.error.indexOf("already tagged") >= 0, panel.error)

        const other = openDemo("P022")
        // P022's sweep plan: their 38 paired households on two A4 pages (as `gridmap visit
        // plan -o` writes it).
        compare(other.seed.exportSweepPlan(fixture.copyProject(fixture.demoProjectPath) + ".plan.pdf"),
                2)
        tryCompare(other.seed, "busy", false, 10000)
        verify(!other.seed.mayChangeCare)
        verify(!other.seed.addCareTag({household: "H00004", tag: "空巢老人", since: ""}))
        verify(other.seed.errorString.indexOf("P022 may not change the care register") >= 0,
               other.seed.errorString)
    }

    function test_care_register_refused_to_others() {
        const window = openDemo("P113")
        compare(window.seed.loadCare().length, 0)
        verify(window.seed.errorString.indexOf("P113 may not see the care register") >= 0,
               window.seed.errorString)
        const staff = openDemo("P001")
        compare(staff.seed.loadCare().length, 321)
    }
}
