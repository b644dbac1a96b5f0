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

    function test_panel_counts_visit_entry_and_care_roles() {
        const window = openDemo("P022")
        const seed = window.seed
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
        const before = seed.summary.visits
        panel.householdField.text = "H00001"
        panel.kindBox.currentIndex = panel.kindBox.find("入户走访")
        const id = panel.saveVisit()
        verify(id !== "", panel.error)
        compare(panel.error, "")
        tryCompare(seed.summary, "visits", before + 1)

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

    function test_care_register_refused_to_others() {
        const window = openDemo("P113")
        compare(window.seed.loadCare().length, 0)
        verify(window.seed.errorString.indexOf("P113 may not see the care register") >= 0,
               window.seed.errorString)
        const staff = openDemo("P001")
        compare(staff.seed.loadCare().length, 321)
    }
}
