import QtQuick
import QtTest
import Gridmap

// The desktop on a project kept in PostgreSQL loses its server and gets it back (issue #14,
// items 4 and 6), against a real throwaway cluster (tests/qml/pg_desktop_test.sh starts it and
// gives GRIDMAP_TEST_PG_DESKTOP and GRIDMAP_TEST_PG_CONTROL; skipped without them). The map
// fixture (tests/data/map) is copied into a schema: community [0,300] x [0,200] at (500000,
// 3300000), cell 001 west of x = 150 with grid worker P3, issues I1-I4; P3 acts.
//  - Another editor's assignment shows within 2 s without reopening (LISTEN/NOTIFY).
//  - The server stops: the banner says the connection was lost, word for word; a pin made
//    meanwhile is refused with the database's message and writes nothing.
//  - The server starts and another editor pins an issue at once, before the desktop connected
//    again (nobody heard its notification): the banner goes by itself, and the desktop reads
//    the project anew, so the pin shows. Another editor's assignment right after the
//    reconnect shows within 2 s (the desktop listens again before it reads).
//  - The desktop's own pin and dispatch (派单) are stored and shown; another editor's pin
//    shows within 2 s.
//  - The desktop's connections are ended by pg_terminate_backend and another editor changes
//    an issue before the desktop noticed: it connects again by itself and shows the change;
//    a dispatch and a pin after are stored and shown.
// The 2 s are the requirement for another editor's change (issue #14 item 4); only the
// reconnects themselves get longer.
TestCase {
    id: testCase
    name: "PgReconnect"
    when: windowShown

    SignalSpy {
        id: stateFailed
        signalName: "stateChangeFailed"
    }

    Component {
        id: mainComponent
        Main {
            width: 1280
            height: 820
        }
    }

    function layerCount(window, name) {
        const layers = window.project.layers
        return layers.get(layers.indexOf(name)).count
    }

    function banner(window) {
        const item = findChild(window.contentItem, "connectionBanner")
        verify(item !== null, "no connection banner")
        return item
    }

    function bannerText(window) {
        return findChild(window.contentItem, "connectionBannerText").text
    }

    // The issue list's row of `id` ({} when it is not listed).
    function row(window, id) {
        return window.issues.get(window.issues.indexOf(id))
    }

    // Pins an issue at (x, y) m of the fixture through the form and waits for the writer's
    // answer; returns its id or "" with the form's error in `out.error`.
    function pin(window, x, y, text, out) {
        const form = window.issueForm
        form.open()
        form.placeTyped((500000 + x) + ", " + (3300000 + y))
        form.textField.text = text
        if (!form.save()) {
            out.error = form.error
            form.close()
            return ""
        }
        tryCompare(form, "saving", false, 15000)
        out.error = form.error
        if (out.error !== "") {
            form.close()
            return ""
        }
        return form.lastResult.id
    }

    // Dispatches issue `id` to P3 from the desktop and waits until the list shows it; a
    // refusal fails the test with its message.
    function dispatch(window, id) {
        stateFailed.target = window.issues
        stateFailed.clear()
        verify(window.issues.setState(id, "dispatched", "", "派单", "P3", 0), window.issues.errorString)
        tryVerify(function () { return row(window, id).state === "dispatched" || stateFailed.count > 0 }, 15000,
                  "no answer to the desktop's dispatch of " + id)
        compare(stateFailed.count, 0, stateFailed.count > 0 ? stateFailed.signalArguments[0][1] : "")
    }

    // Another editor (its own connection) adds issue `id`, a copy of I1, and notifies.
    function otherPins(id, text) {
        compare(fixture.pgQuery("BEGIN; CREATE TEMP TABLE other AS SELECT * FROM desk.issue WHERE id = 'I1'; "
                                + "UPDATE other SET fid = nextval('desk.issue_fid_seq'), id = '" + id + "', "
                                + "text = '" + text + "', state = 'reported', assignee = NULL; "
                                + "INSERT INTO desk.issue SELECT * FROM other; "
                                + "NOTIFY gridmap_changed, 'desk'; COMMIT"), "")
    }

    // Another editor assigns issue `id` to P3 (派单) and notifies.
    function otherAssigns(id) {
        compare(fixture.pgQuery("BEGIN; UPDATE desk.issue SET state = 'dispatched', assignee = 'P3' "
                                + "WHERE id = '" + id + "'; NOTIFY gridmap_changed, 'desk'; COMMIT"), "")
    }

    function assignedShown(window, id) {
        const r = row(window, id)
        return r.state === "dispatched" && r.assignee === "P3"
    }

    function test_server_goes_away_and_comes_back() {
        if (fixture.pgUrl === "")
            skip("needs GRIDMAP_TEST_PG_DESKTOP and GRIDMAP_TEST_PG_CONTROL (tests/qml/pg_desktop_test.sh)")
        const path = fixture.pgProject("desk")
        verify(path !== "", "cannot copy the map fixture into PostgreSQL")
        const window = createTemporaryObject(mainComponent, testCase, {initialPath: path})
        verify(window !== null, "Main.qml failed to load")
        verify(window.projectOpen, window.lastError)
        compare(window.project.actor, "P3")
        window.requestActivate()
        tryVerify(function () { return window.map.ready }, 15000, "the map is not ready")
        tryCompare(window.map, "busy", false, 15000)
        compare(layerCount(window, "issue"), 4)
        tryCompare(window.issues, "total", 4, 15000)
        compare(banner(window).visible, false)
        wait(1500) // the first poll starts listening for other editors' changes
        // Another editor's assignment shows without reopening (NOTIFY from their commit).
        compare(row(window, "I1").state, "reported")
        otherAssigns("I1")
        tryVerify(function () { return assignedShown(window, "I1") }, 2000,
                  "another editor's assignment of I1 is not shown within 2 s")
        tryCompare(window.map, "busy", false, 15000)

        // --- The server stops --------------------------------------------------------------
        verify(fixture.pgServer("stop"), "cannot stop the server")
        const lost = path + ": the connection to the database was lost; connecting again when it is back"
        tryVerify(function () { return banner(window).visible }, 5000, "no banner after the server stopped")
        compare(bannerText(window), lost)
        const refused = {}
        compare(pin(window, 100, 60, "停电时的井盖", refused), "", "a pin was saved with the server down")
        verify(refused.error.indexOf(path + ": ") === 0, refused.error)
        verify(refused.error.indexOf("the connection to the database was lost") > 0
               || refused.error.indexOf("cannot connect to the database") > 0, refused.error)
        compare(layerCount(window, "issue"), 4)
        wait(1500)
        verify(banner(window).visible, "the banner went while the server is still down")
        compare(bannerText(window), lost)

        // --- The server is back ------------------------------------------------------------
        verify(fixture.pgServer("start"), "cannot start the server")
        // Another editor pins at once, before the desktop connected again: its notification
        // reached nobody; the desktop reads the project anew when it has reconnected.
        otherPins("I005", "回来时别人报的")
        tryVerify(function () { return !banner(window).visible }, 8000, "the banner stays after the server came back")
        tryCompare(window.issues, "total", 5, 2000)
        verify(window.issues.indexOf("I005") >= 0, "the issue pinned before the reconnect is not listed")
        tryVerify(function () { return layerCount(window, "issue") === 5 }, 2000, "the layer count after the reconnect")
        // Right after the reconnect: heard (the desktop listened again before reading).
        otherAssigns("I005")
        tryVerify(function () { return assignedShown(window, "I005") }, 2000,
                  "another editor's assignment right after the reconnect is not shown within 2 s")
        tryCompare(window.map, "busy", false, 15000)
        compare(fixture.pgQuery("SELECT count(*) FROM desk.issue"), "5")
        const out = {}
        const id = pin(window, 100, 60, "井盖缺失", out)
        compare(id, "I006", out.error)
        tryVerify(function () { return layerCount(window, "issue") === 6 }, 15000, "the layer count after the pin")
        tryCompare(window.map, "selectedKey", id, 15000)
        verify(window.issues.indexOf(id) >= 0, "the new issue is not in the list")
        dispatch(window, id)
        compare(fixture.pgQuery("SELECT state || ' ' || assignee || ' ' || cell FROM desk.issue WHERE id = 'I006'"),
                "dispatched P3 420100001001001")
        compare(fixture.pgQuery("SELECT count(*) FROM desk.issue_event WHERE issue = 'I006'"), "2")
        compare(window.lastError, "")

        // Another editor pins an issue: shown within 2 s, without reopening.
        otherPins("I007", "别人报的")
        tryCompare(window.issues, "total", 7, 2000)
        tryVerify(function () { return layerCount(window, "issue") === 7 }, 2000, "the layer count after another editor's pin")

        // --- The desktop's connections are ended ------------------------------------------
        // Another editor changes I007 before the desktop noticed (its listening connection is
        // gone): shown once it has connected again by itself. (The server is up: the desktop
        // may connect again at its next call, before a poll could show the banner, so the
        // banner is not required here.)
        tryCompare(window.map, "busy", false, 15000)
        verify(fixture.pgServer("terminate"), "cannot end the desktop's connections")
        compare(fixture.pgQuery("BEGIN; UPDATE desk.issue SET text = '断线时别人改的' WHERE id = 'I007'; "
                                + "NOTIFY gridmap_changed, 'desk'; COMMIT"), "")
        tryVerify(function () { return row(window, "I007").text === "断线时别人改的" }, 8000,
                  "another editor's change while the desktop was cut off is not shown")
        tryVerify(function () { return !banner(window).visible }, 8000, "the banner stays after the connections were ended")
        tryCompare(window.map, "busy", false, 15000)
        // The writer's own connection was ended too: it is replaced before the write
        // (gridmap::reconnect_if_dropped), so the first dispatch is stored.
        dispatch(window, "I007")
        compare(fixture.pgQuery("SELECT state FROM desk.issue WHERE id = 'I007'"), "dispatched")
        const after = {}
        compare(pin(window, 110, 70, "又一个井盖", after), "I008", after.error)
        tryVerify(function () { return layerCount(window, "issue") === 8 }, 15000, "the layer count after the last pin")
        compare(fixture.pgQuery("SELECT count(*) FROM desk.issue"), "8")
        // No read of the map left running when the window goes (a job still running at the
        // program's exit would report into a torn-down application).
        tryCompare(window.map, "selectedKey", "I008", 15000)
        tryCompare(window.map, "busy", false, 15000)
    }
}
