// The work-order flow on the hand-drawn coverage fixture (tests/data/coverage/README.md).

#include "geo/test_util.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/text.hpp"
#include "gridmap/workorder.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

using gridmap::IssueState;
using gridmap::Project;
using gridmap::test::dump_project;
using gridmap::test::temp_file;

namespace {

const std::string C = "420902001005";
using S = IssueState;

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// The coverage fixture plus staff: P1 grid worker of cell 002, P2 building captain of B3 (in
/// cell 003, which has no grid worker), P3 a party member.
std::string fixture(const std::string& name = "wo.gpkg") {
    const std::string path = temp_file(name);
    Project p = Project::create(path, 4547);
    auto import = [&](const std::string& table, const std::string& file) {
        gridmap::ImportOptions o;
        o.table = table;
        o.source = file;
        gridmap::import_layer(p, o);
    };
    const std::string d = gridmap::test::data("coverage/");
    import("community", d + "community.geojson");
    import("cell", d + "cell.geojson");
    import("building", d + "building.geojson");
    const std::string people = temp_file("person.csv");
    write_file(people, "id,name,phone\nP1,王网格,13800001111\nP2,李楼长,13900002222\nP3,张党员,"
                       "13700003333\n");
    import("person", people);
    const std::string roles = temp_file("role.csv");
    write_file(roles, "person,role,target\nP1,grid_worker," + C + "002\nP2,building_captain,B3\n");
    import("role_assignment", roles);
    return path;
}

/// lon/lat of a fixture point drawn at (dx, dy) metres from (500000, 3300000) in EPSG:4547.
gridmap::LonLat at(double dx, double dy) {
    return gridmap::LonLatTransform(4547).to_lonlat({500000 + dx, 3300000 + dy});
}

gridmap::NewIssue new_issue(double dx, double dy, const std::string& id = "") {
    gridmap::NewIssue in;
    const auto ll = at(dx, dy);
    in.lon = ll.lon;
    in.lat = ll.lat;
    in.category = "市容环境";
    in.small_class = "暴露垃圾";
    in.text = "垃圾";
    in.id = id;
    in.at = 1790000000; // fixed clock
    return in;
}

} // namespace

TEST(WorkflowTest, EveryLegalAndIllegalTransition) {
    // The whole 6 x 6 table, written out by hand.
    const std::map<S, std::set<S>> legal{
        {S::reported, {S::dispatched, S::rejected}},
        {S::dispatched, {S::dispatched, S::accepted, S::rejected}},
        {S::accepted, {S::resolved}},
        {S::resolved, {S::verified, S::accepted}},
        {S::verified, {}},
        {S::rejected, {}},
    };
    for (const auto& [from, to_set] : legal) {
        const auto next = gridmap::next_states(from);
        EXPECT_EQ(std::set<S>(next.begin(), next.end()), to_set) << gridmap::to_string(from);
    }
    const std::string path = fixture();
    Project p = Project::open(path);
    int n = 0;
    // Bring a fresh issue to each state, then try every target state from there.
    const std::map<S, std::vector<gridmap::StateChange>> path_to{
        {S::reported, {}},
        {S::dispatched, {{S::dispatched, "P3", "", "P1", {}, {}}}},
        {S::accepted,
         {{S::dispatched, "P3", "", "P1", {}, {}}, {S::accepted, "P1", "", "", {}, {}}}},
        {S::resolved,
         {{S::dispatched, "P3", "", "P1", {}, {}},
          {S::accepted, "P1", "", "", {}, {}},
          {S::resolved, "P1", "", "", {}, {}}}},
        {S::verified,
         {{S::dispatched, "P3", "", "P1", {}, {}},
          {S::accepted, "P1", "", "", {}, {}},
          {S::resolved, "P1", "", "", {}, {}},
          {S::verified, "P3", "", "", 4, {}}}},
        {S::rejected, {{S::rejected, "P3", "重复上报", "", {}, {}}}},
    };
    for (const auto& [from, steps] : path_to) {
        for (S to :
             {S::reported, S::dispatched, S::accepted, S::resolved, S::verified, S::rejected}) {
            const std::string id = "T" + std::to_string(++n);
            gridmap::add_issue(p, new_issue(300, 300, id));
            for (const auto& step : steps) {
                gridmap::set_issue_state(p, id, step);
            }
            ASSERT_EQ(gridmap::get_issue(p, id).state, from);
            gridmap::StateChange c{to, "P3", "说明", to == S::dispatched ? "P1" : "", {}, {}};
            if (to == S::verified) {
                c.rating = 5;
            }
            const std::string before = dump_project(path);
            if (legal.at(from).contains(to)) {
                EXPECT_EQ(gridmap::set_issue_state(p, id, c).state, to);
            } else {
                EXPECT_THROW(gridmap::set_issue_state(p, id, c), gridmap::InputError)
                    << gridmap::to_string(from) << " -> " << gridmap::to_string(to);
                EXPECT_EQ(dump_project(path), before);
            }
        }
    }
}

TEST(WorkflowTest, EveryChangeIsAnEvent) {
    Project p = Project::open(fixture());
    gridmap::add_issue(p, new_issue(300, 300, "E1"));
    gridmap::set_issue_state(p, "E1", {S::dispatched, "P3", "", "P1", {}, 1790000100});
    gridmap::set_issue_state(p, "E1", {S::accepted, "P1", "马上处理", "", {}, 1790000200});
    const auto events = gridmap::issue_events(p, "E1");
    ASSERT_EQ(events.size(), 3u);
    EXPECT_FALSE(events[0].from.has_value());
    EXPECT_EQ(events[0].to, S::reported);
    EXPECT_EQ(events[1].from, S::reported);
    EXPECT_EQ(events[1].to, S::dispatched);
    EXPECT_EQ(events[1].assignee, "P1");
    EXPECT_EQ(events[1].by, "P3");
    EXPECT_EQ(events[1].at, 1790000100);
    EXPECT_EQ(events[2].note, "马上处理");
    EXPECT_EQ(gridmap::get_issue(p, "E1").assignee_name, "王网格");
}

TEST(WorkflowTest, RefusalsExplainThemselves) {
    const std::string path = fixture();
    Project p = Project::open(path);
    gridmap::add_issue(p, new_issue(300, 300, "R1"));
    const std::string before = dump_project(path);
    auto message = [&](const gridmap::StateChange& c) -> std::string {
        try {
            gridmap::set_issue_state(p, "R1", c);
        } catch (const gridmap::InputError& e) {
            return e.what();
        }
        return "<accepted>";
    };
    EXPECT_EQ(message({S::resolved, "P3", "", "", {}, {}}),
              "issue R1: cannot go from reported to resolved (allowed: dispatched, rejected)");
    EXPECT_EQ(message({S::rejected, "P3", "", "", {}, {}}),
              "issue R1: rejecting needs a reason (--note)");
    EXPECT_EQ(message({S::dispatched, "P9", "", "P1", {}, {}}), "issue R1: no person with id 'P9'");
    EXPECT_EQ(message({S::dispatched, "P3", "", "P7", {}, {}}),
              "issue R1, assignee: no person with id 'P7'");
    EXPECT_EQ(dump_project(path), before);
}

TEST(DispatchTest, ProposalFollowsTheCellThenTheBuilding) {
    Project p = Project::open(fixture());
    // In cell 002, whose grid worker is P1.
    auto [a, pa] = gridmap::add_issue(p, new_issue(300, 300));
    EXPECT_EQ(a.cell, C + "002");
    EXPECT_EQ(pa.assignee, "P1");
    EXPECT_EQ(pa.reason, "grid worker of " + C + "002");
    // In cell 003 (no grid worker) 10 m from B3 ([20,40] x [20,40]): its captain P2.
    auto [b, pb] = gridmap::add_issue(p, new_issue(50, 30));
    EXPECT_EQ(b.cell, C + "003");
    EXPECT_EQ(pb.building, "B3");
    EXPECT_EQ(pb.assignee, "P2");
    EXPECT_EQ(pb.reason, "building captain of B3");
    // Dispatch without an assignee takes the proposal.
    EXPECT_EQ(gridmap::set_issue_state(p, b.id, {S::dispatched, "P3", "", "", {}, {}}).assignee,
              "P2");
}

TEST(DispatchTest, SharedEdgeAndNoCellAndOutside) {
    const std::string path = fixture();
    Project p = Project::open(path);
    // On the 001/002 edge x = 200, given in the working CRS as a map click is: the lowest code.
    gridmap::NewIssue edge = new_issue(0, 0);
    edge.xy = {500200.0, 3300210.0};
    EXPECT_EQ(gridmap::add_issue(p, edge).first.cell, C + "001");
    // On the corner of all four cells.
    edge.xy = {500200.0, 3300200.0};
    EXPECT_EQ(gridmap::add_issue(p, edge).first.cell, C + "001");
    // In the 50 m2 gap [0,100] x [99.5,100]: in the community, in no cell.
    const auto gap = gridmap::add_issue(p, new_issue(50, 99.75));
    EXPECT_FALSE(gap.first.cell.has_value());
    EXPECT_FALSE(gap.second.cell.has_value());
    // Outside every community: refused, nothing written.
    const std::string before = dump_project(path);
    try {
        gridmap::add_issue(p, new_issue(500, 500, "X1"));
        FAIL() << "an issue outside every community was accepted";
    } catch (const gridmap::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("lies outside every community"), std::string::npos);
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(DispatchTest, MovingAPinReassignsItsCell) {
    Project p = Project::open(fixture());
    gridmap::add_issue(p, new_issue(300, 300, "M1"));
    const auto ll = at(300, 50);
    const auto [from, to] = gridmap::move_issue(p, "M1", ll.lon, ll.lat, "P3");
    EXPECT_EQ(from, C + "002");
    EXPECT_EQ(to, C + "004");
    EXPECT_EQ(gridmap::get_issue(p, "M1").cell, C + "004");
    EXPECT_EQ(gridmap::issue_events(p, "M1").back().note,
              "moved from cell " + C + "002 to cell " + C + "004");
}

TEST(IssueListTest, FiltersAndOverdue) {
    Project p = Project::open(fixture());
    gridmap::add_issue(p, new_issue(300, 300, "L1")); // 市容环境: 24 h deadline
    auto urgent = new_issue(50, 30, "L2");
    urgent.category = "突发事件"; // 4 h
    gridmap::add_issue(p, urgent);
    gridmap::IssueFilter f;
    f.now = 1790000000 + 5 * 3600; // 5 hours later: L2 is overdue, L1 is not
    f.overdue_only = true;
    const auto overdue = gridmap::list_issues(p, f);
    ASSERT_EQ(overdue.size(), 1u);
    EXPECT_EQ(overdue[0].id, "L2");
    gridmap::IssueFilter by_cell;
    by_cell.cell = C + "002";
    EXPECT_EQ(gridmap::list_issues(p, by_cell).size(), 1u);
    gridmap::IssueFilter by_category;
    by_category.category = "突发事件";
    EXPECT_EQ(gridmap::list_issues(p, by_category).front().id, "L2");
}

TEST(Open311Test, ExportHasTheGeoReportV2FieldsAndRoundTrips) {
    const std::string path = fixture();
    Project p = Project::open(path);
    gridmap::add_issue(p, new_issue(300, 300, "O1"));
    gridmap::add_issue(p, new_issue(50, 30, "O2"));
    gridmap::set_issue_state(p, "O2", {S::rejected, "P3", "不属实", "", {}, {}});
    const std::string json = gridmap::issues_to_open311(gridmap::list_issues(p));
    // The fields of a GeoReport v2 service request (open311.org, GET requests response).
    for (const char* field : {"service_request_id", "status", "status_notes", "service_name",
                              "service_code", "description", "agency_responsible", "service_notice",
                              "requested_datetime", "updated_datetime", "expected_datetime",
                              "address", "address_id", "zipcode", "lat", "long", "media_url"}) {
        EXPECT_NE(json.find("\"" + std::string(field) + "\": "), std::string::npos) << field;
    }
    EXPECT_NE(json.find("\"service_request_id\": \"O2\", \"status\": \"closed\", "
                        "\"status_notes\": \"rejected\""),
              std::string::npos)
        << json;
    EXPECT_NE(json.find("\"requested_datetime\": \"2026-09-21T22:13:20+08:00\""),
              std::string::npos)
        << json; // 1790000000 s = 2026-09-21 14:13:20 UTC
    // Import into a fresh project with the same places.
    Project q = Project::open(fixture("other.gpkg"));
    EXPECT_EQ(gridmap::import_open311(q, json, "P3", "o.json"), 2u);
    const auto a = gridmap::list_issues(p);
    const auto b = gridmap::list_issues(q);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].id, b[i].id);
        EXPECT_EQ(a[i].category, b[i].category);
        EXPECT_EQ(a[i].small_class, b[i].small_class);
        EXPECT_EQ(a[i].state, b[i].state);
        EXPECT_EQ(a[i].cell, b[i].cell);
        EXPECT_EQ(a[i].reported_at, b[i].reported_at);
        EXPECT_NEAR(a[i].x, b[i].x, 0.05); // 7 decimals of a degree ~ 1 cm
        EXPECT_NEAR(a[i].y, b[i].y, 0.05);
    }
    EXPECT_EQ(gridmap::issues_to_open311(b).size(), json.size());
    // Importing again is refused: the ids exist.
    EXPECT_THROW(gridmap::import_open311(q, json, "P3", "o.json"), gridmap::InputError);
}

TEST(Open311Test, BadRequestsAreListedAndNothingIsWritten) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const auto in = at(300, 300);
    const std::string json =
        "[{\"service_request_id\": \"A1\", \"status\": \"open\", \"service_name\": \"市容环境\", "
        "\"requested_datetime\": \"2026-10-01T08:00:00+08:00\", \"lat\": " +
        gridmap::fixed(in.lat, 7) + ", \"long\": " + gridmap::fixed(in.lon, 7) +
        "}, {\"service_request_id\": \"A2\", \"status\": \"open\", \"service_name\": \"乱涂乱画\", "
        "\"service_code\": \"99\", \"requested_datetime\": \"2026-10-01T08:00:00+08:00\", "
        "\"lat\": 30, \"long\": 114}]";
    const std::string before = dump_project(path);
    try {
        gridmap::import_open311(p, json, "", "bad.json");
        FAIL() << "accepted";
    } catch (const gridmap::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("request 2 (service_request_id 'A2'), field "
                                             "'service_name': '乱涂乱画' is no known category"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(IssuePhotoTest, PhotosAreStoredInTheProjectByteForByte) {
    const std::string path = fixture("photo.gpkg");
    std::string jpeg("\xFF\xD8\xFF\xE0", 4);
    jpeg += std::string("\0\x10JFIF\0", 7) + std::string(300, '\x7F') + std::string("\xFF\xD9", 2);
    {
        Project p = Project::open(path);
        gridmap::add_issue(p, new_issue(300, 300, "F1"));
        gridmap::add_issue_photo(p, "F1", {"IMG_0001.jpg", "image/jpeg", jpeg});
        gridmap::add_issue_photo(p, "F1", {"b.png", "image/png", std::string("\x89PNG", 4)});
        EXPECT_THROW(gridmap::add_issue_photo(p, "NOPE", {"c.jpg", "image/jpeg", jpeg}),
                     gridmap::InputError);
        EXPECT_THROW(gridmap::add_issue_photo(p, "F1", {"empty.jpg", "image/jpeg", ""}),
                     gridmap::InputError);
    }
    Project p = Project::open(path, Project::Access::read_only);
    const auto photos = gridmap::issue_photos(p, "F1");
    ASSERT_EQ(photos.size(), 2u);
    EXPECT_EQ(photos[0].name, "IMG_0001.jpg");
    EXPECT_EQ(photos[0].mime, "image/jpeg");
    EXPECT_EQ(photos[0].data, jpeg); // NUL bytes included
    EXPECT_EQ(photos[1].name, "b.png");
    EXPECT_EQ(p.count("issue_photo"), 2);
    EXPECT_THROW(gridmap::issue_photos(p, "NOPE"), gridmap::InputError);
}

TEST(IssuePhotoTest, PeopleAndPartyGroupsByIdWithoutPhones) {
    Project p = Project::open(fixture("people.gpkg"));
    const auto people = gridmap::list_people(p);
    ASSERT_EQ(people.size(), 3u);
    EXPECT_EQ(people[0].id, "P1");
    EXPECT_EQ(people[0].name, "王网格");
    EXPECT_EQ(people[2].id, "P3");
    EXPECT_TRUE(gridmap::list_party_groups(p).empty());
}
