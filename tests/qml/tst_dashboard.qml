import QtQuick
import QtTest
import Gridmap

// The dashboard of presentation mode on the demo, with "now" pinned: its values are those
// worked out by hand from the demo's event log in tests/geo/figures_test.cpp (6 open issues at
// the end of November: I004 I007 I008 I014 I016 I019, 3 reported, 1 dispatched, 2 accepted;
// I019 and I004 past their deadline; S001 1 open, S002 3), and an arrow shows only where a
// value changed.
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
        compare(d.openTotal, 6)
        compare(d.overdue, 2)
        const open = row(d.community, "metric", "issues_open")
        compare(open.text, "6")
        compare(open.change, 2)
        compare(open.changeText, "2026-10-25 1 \u2192 2026-11-25 3")
        compare(row(d.community, "metric", "issues_resolved").text, "12")
        // The seed's figures of the same moment, counted from data/demo: 59 of the 67 party
        // members (person.csv) have a 报到 row by November's end (member_signup.csv): 88.1%;
        // 7 of the 9 key places patrolled within their frequency (K08 and K09 stopped): 77.8%.
        compare(row(d.community, "metric", "member_checkin").text, "88.1%")
        compare(row(d.community, "metric", "key_place_patrolled").text, "77.8%")
        compare(d.deltaFrom, "2026-10-25")
        compare(d.deltaTo, "2026-11-25")
        // By state, in flow order, adding up to the total.
        compare(d.openByState.map(s => s.state), ["reported", "dispatched", "accepted"])
        compare(d.openByState.map(s => s.count), [3, 1, 2])
        // November: I018, I001 and I010 resolved after 37 h 55, 22 h 20 and 44 h 50 min; I010
        // past its deadline: 2 of 3 on time.
        compare(d.handling.resolved, 3)
        compare(d.handling.withDeadline, 3)
        compare(d.handling.onTime, 2)
        fuzzyCompare(d.handling.onTimePercent, 200 / 3, 1e-9)
        fuzzyCompare(d.handling.averageDays, (37 + 55 / 60 + 22 + 20 / 60 + 44 + 50 / 60) / 3 / 24,
                     1e-9)
        // Overdue and stuck: I019 (reported 11-10) and I004 (11-19), the oldest report first.
        compare(d.attention.map(i => i.id), ["I019", "I004"])
        // Trend, June to November: open at each month's end, reported in each month.
        compare(d.trend.map(p => p.atEnd.open), [0, 1, 0, 0, 1, 6])
        compare(d.trend.map(p => p.reported), [2, 3, 2, 2, 3, 8])
        // Ranking: cell 001 has I004 (overdue) and I016 open: last by handling; 002 (none open,
        // I010 resolved) first; P006 answers for 007 and 008.
        compare(row(d.cellRanking, "code", "420902001005001").atEnd.open, 2)
        compare(row(d.cellRanking, "code", "420902001005001").atEnd.overdue, 1)
        compare(row(d.cellRanking, "code", "420902001005001").handlingRank, 8)
        compare(row(d.cellRanking, "code", "420902001005002").handlingRank, 1)
        compare(row(d.workerRanking, "person", "P006").cells, 2)

        const board = createTemporaryObject(boardComponent, testCase, {figures: d})
        const l = labels(board)
        verify(l.openHeading.text.indexOf("6") >= 0, l.openHeading.text)
        compare(l.change_issues_open.text, "\u25b2 1 \u2192 3")
        // The on-time rate of each month under the bars: October's one order (I006) was late.
        verify(l.trendOnTime.text.indexOf("10 0.0%") >= 0, l.trendOnTime.text)
        verify(l.trendOnTime.text.indexOf("11 66.7%") >= 0, l.trendOnTime.text)
        verify(l.handling.text.indexOf("66.7%") >= 0, l.handling.text)
    }

    // S003 taken 2026-12-01 10:00 with no row changed since S002: no arrow but where a figure of
    // the moment moved. Issues: I007 I008 I014 were reported after S002 (3 -> 6 open, ▲);
    // nothing was resolved in between (12 -> 12, no arrow).
    function test_no_arrow_without_change() {
        verify(projectModel.open(fixture.copyProject(fixture.demoThirdSnapshotPath)),
               projectModel.errorString)
        verify(meeting.pinNow("2026-12-02T12:00:00"), meeting.errorString)
        tryCompare(meeting, "busy", false)
        const d = meeting.dashboard
        compare(d.deltaFrom, "2026-11-25")
        compare(d.deltaTo, "2026-12-01")
        compare(d.openTotal, 6)
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
            // The issues reported between the two snapshots change the open count.
            if (r.metric === "household_visited" || r.metric === "issues_open")
                verify(r.change !== undefined, r.metric)
            else if (ofTheMoment.indexOf(r.metric) < 0)
                compare(r.change, undefined, r.metric)
            verify(r.changeText.startsWith("2026-11-25 "), r.changeText)
        }
        compare(row(d.community, "metric", "issues_open").changeText,
                "2026-11-25 3 \u2192 2026-12-01 6")
        compare(row(d.community, "metric", "issues_resolved").changeText,
                "2026-11-25 12 \u2192 2026-12-01 12")
        const board = createTemporaryObject(boardComponent, testCase, {figures: d})
        const l = labels(board)
        compare(l.change_issues_open.text, "\u25b2 3 \u2192 6")
        compare(l.change_issues_resolved.text, "12 \u2192 12")
        verify(l.deltaLine.text.indexOf("2026-11-25 \u2192 2026-12-01") >= 0, l.deltaLine.text)
        verify(!l.change_party_group.text.includes("\u25b2") &&
               !l.change_party_group.text.includes("\u25bc"), l.change_party_group.text)
        verify(!meeting.pinNow("not a time"))
    }
}
