import QtQuick
import QtTest
import Gridmap

// The dashboard of presentation mode on the demo, with "now" pinned: its values are those
// worked out by hand from the demo's event log in tests/geo/figures_test.cpp (9 open issues at
// the end of November: I004 I007 I008 I010 I014 I015 I016 I017 I019, 3 reported, 3 dispatched,
// 3 accepted; S001 8 open, S002 9), and an arrow shows only where a value changed.
TestCase {
    id: testCase
    name: "Dashboard"
    when: windowShown

    ProjectModel { id: projectModel }
    MeetingModel { id: meeting; project: projectModel }
    Component {
        id: boardComponent
        Dashboard { width: 600; height: 3000 }
    }

    function row(list, key, value) {
        for (const r of list)
            if (r[key] === value)
                return r
        return undefined
    }

    function labels(item) {
        let out = {}
        if (item.objectName)
            out[item.objectName] = item
        for (let i = 0; i < item.children.length; ++i)
            Object.assign(out, labels(item.children[i]))
        return out
    }

    function test_end_of_november() {
        verify(projectModel.open(fixture.copyProject(fixture.demoProjectPath)), projectModel.errorString)
        verify(meeting.pinNow("2026-11-30T23:59:59"), meeting.errorString)
        tryCompare(meeting, "busy", false)
        const d = meeting.dashboard
        compare(d.asOf, "2026-11-30")
        compare(d.openTotal, 9)
        compare(d.overdue, 0)
        const open = row(d.community, "metric", "issues_open")
        compare(open.text, "9")
        compare(open.change, 1)
        compare(open.changeText, "2026-10-25 8 \u2192 2026-11-25 9")
        compare(row(d.community, "metric", "issues_resolved").text, "9")
        // The seed's figures of the same moment, counted from data/demo: 59 of the 67 party
        // members (person.csv) have a 报到 row by November's end (member_signup.csv): 88.1%;
        // 7 of the 9 key places patrolled within their frequency (K08 and K09 stopped): 77.8%.
        compare(row(d.community, "metric", "member_checkin").text, "88.1%")
        compare(row(d.community, "metric", "key_place_patrolled").text, "77.8%")
        compare(d.deltaFrom, "2026-10-25")
        compare(d.deltaTo, "2026-11-25")
        // By state, in flow order, adding up to the total.
        compare(d.openByState.map(s => s.state), ["reported", "dispatched", "accepted"])
        compare(d.openByState.map(s => s.count), [3, 3, 3])
        // November: I001 and I018 resolved after 123 h 20 min and 138 h 35 min; no deadlines.
        compare(d.handling.resolved, 2)
        fuzzyCompare(d.handling.averageDays, (123 + 20 / 60 + 138 + 35 / 60) / 2 / 24, 1e-9)
        compare(d.handling.onTimePercent, undefined)
        // Stuck (no event for over 7 days): all 9, the oldest report (I019, 09-01) first.
        compare(d.attention.length, 9)
        compare(d.attention[0].id, "I019")
        // Trend: open at the end of September 6, October 8, November 9.
        compare(d.trend.map(p => p.atEnd.open), [0, 0, 0, 6, 8, 9])
        // Ranking: cell 005 has I008 I015 I017 open; P006 answers for 007 and 008.
        compare(row(d.cellRanking, "code", "420902001005005").atEnd.open, 3)
        compare(row(d.cellRanking, "code", "420902001005005").handlingRank, 8) // most open
        compare(row(d.workerRanking, "person", "P006").cells, 2)

        const board = createTemporaryObject(boardComponent, testCase, {figures: d})
        const l = labels(board)
        verify(l.openHeading.text.indexOf("9") >= 0, l.openHeading.text)
        compare(l.change_issues_open.text, "\u25b2 8 \u2192 9")
    }

    // S003 taken 2026-12-01 with nothing changed since S002: no arrow anywhere, the dates shown.
    function test_no_arrow_without_change() {
        verify(projectModel.open(fixture.copyProject(fixture.demoThirdSnapshotPath)),
               projectModel.errorString)
        verify(meeting.pinNow("2026-12-02T12:00:00"), meeting.errorString)
        tryCompare(meeting, "busy", false)
        const d = meeting.dashboard
        compare(d.deltaFrom, "2026-11-25")
        compare(d.deltaTo, "2026-12-01")
        compare(d.openTotal, 9)
        // Seven coverage figures, household_visited and the seed's eight others (care_paired,
        // care_visited, key_place_patrolled, points_month, member_checkin, signup_pairing,
        // signup_night_patrol, cobuild_pledges_done).
        compare(d.community.length, 16)
        // Figures of the moment: visits and patrols age, the points are those of the moment's
        // month (November, then December), sign-ups count by the moment. The registers (and
        // the care register's pairing, the co-building pledges) keep no history: unchanged.
        const ofTheMoment = ["household_visited", "care_visited", "key_place_patrolled",
                             "points_month", "member_checkin", "signup_pairing",
                             "signup_night_patrol"]
        for (const r of d.community) {
            if (r.metric === "household_visited")
                verify(r.change !== undefined, r.metric)
            else if (ofTheMoment.indexOf(r.metric) < 0)
                compare(r.change, undefined, r.metric)
            verify(r.changeText.startsWith("2026-11-25 "), r.changeText)
        }
        compare(row(d.community, "metric", "issues_open").changeText,
                "2026-11-25 9 \u2192 2026-12-01 9")
        const board = createTemporaryObject(boardComponent, testCase, {figures: d})
        const l = labels(board)
        compare(l.change_issues_open.text, "9 \u2192 9")
        verify(l.deltaLine.text.indexOf("2026-11-25 \u2192 2026-12-01") >= 0, l.deltaLine.text)
        verify(!l.change_party_group.text.includes("\u25b2") &&
               !l.change_party_group.text.includes("\u25bc"), l.change_party_group.text)
        verify(!meeting.pinNow("not a time"))
    }
}
