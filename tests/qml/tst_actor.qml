import QtQuick
import QtTest
import Gridmap

// The acting person (操作人) of the main window: when a project with persons opens and nobody
// is chosen, a dialog lists the persons with their roles; the one chosen is shown in the window,
// remembered for that project (QSettings) and overridden by GRIDMAP_USER. Roles of the map
// fixture (tests/data/map): P1 building captain of B1, B2 and party member; P2 unit captain;
// P3 grid worker of cell 001 and party member; P4 leader of PG1 and party member.
TestCase {
    id: testCase
    name: "ActingPerson"
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

    function openWindow(path) {
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window !== null, "Main.qml failed to load")
        verify(window.projectOpen, window.lastError)
        window.requestActivate()
        tryVerify(function () { return window.active }, 2000, "the window is not active")
        return window
    }

    function test_chooser_lists_persons_with_roles_and_remembers_the_choice() {
        fixture.setUser("")
        const path = fixture.copyProject(fixture.mapProjectPath)
        let window = openWindow(path)
        const chooser = window.actorChooser
        tryCompare(chooser, "opened", true)
        compare(window.project.actor, "")
        // Nobody may work unnamed: Escape does not close it.
        keyClick(Qt.Key_Escape)
        compare(chooser.opened, true)
        const persons = chooser.persons
        compare(persons.length, 4)
        const roles = {}
        for (let i = 0; i < persons.length; ++i)
            roles[persons[i].id] = persons[i].roles
        compare(roles["P1"], "building captain, party member")
        compare(roles["P2"], "unit captain")
        compare(roles["P3"], "grid worker, party member")
        compare(roles["P4"], "party group leader, party member")
        const row = findChild(chooser.list, "actor_P3")
        verify(row !== null, "no row for P3")
        verify(row.text.indexOf("赵网格员") >= 0, row.text)
        verify(row.text.indexOf("13911112222") < 0, "a phone number is shown: " + row.text)

        // Typed filter, then Enter: P2 acts.
        tryVerify(function () { return chooser.filterField.activeFocus }, 2000, "no focus")
        keyClick(Qt.Key_P)
        keyClick(Qt.Key_2)
        compare(chooser.persons.length, 1)
        keyClick(Qt.Key_Return)
        tryCompare(chooser, "opened", false)
        compare(window.project.actor, "P2")
        compare(window.project.actorName, "李单元长")
        verify(window.title.indexOf("李单元长") >= 0, window.title)
        const label = findChild(window.contentItem.parent, "actorLabel")
        verify(label.text.indexOf("P2") >= 0, label.text)
        window.destroy()
        wait(0)

        // Opened again: remembered, not asked.
        window = openWindow(path)
        compare(window.project.actor, "P2")
        wait(50)
        compare(window.actorChooser.opened, false)
        // An unknown id is refused and changes nothing.
        verify(!window.project.setActor("P99"))
        compare(window.project.actor, "P2")
        window.destroy()
        wait(0)

        // GRIDMAP_USER overrides what was remembered.
        fixture.setUser("P4")
        window = openWindow(path)
        compare(window.project.actor, "P4")
        compare(window.project.actorRoles, "party group leader, party member")
    }

    function test_project_without_persons_does_not_ask() {
        fixture.setUser("")
        const window = openWindow(fixture.copyProject(fixture.projectPath))
        wait(50)
        compare(window.actorChooser.opened, false)
        compare(window.project.actor, "")
    }
}
