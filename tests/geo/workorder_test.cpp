// The work-order flow on the hand-drawn coverage fixture (tests/data/coverage/README.md).

#include "geo/test_util.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/schema.hpp"
#include "gridmap/text.hpp"
#include "gridmap/workorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <vector>

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

/// The coverage fixture plus staff: P1 grid worker of cell 002 (so community staff of
/// 420902001005), P2 building captain of B3 (in cell 003, which has no grid worker), P3 a
/// party member with no role.
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
    in.by = "P1";
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
    // Community staff P1 dispatches to P2, P2 accepts and resolves, P1 verifies or rejects.
    const gridmap::StateChange dispatch{S::dispatched, "P1", "", "P2", {}, {}};
    const gridmap::StateChange accept{S::accepted, "P2", "", "", {}, {}};
    const gridmap::StateChange resolve{S::resolved, "P2", "", "", {}, {}};
    const std::map<S, std::vector<gridmap::StateChange>> path_to{
        {S::reported, {}},
        {S::dispatched, {dispatch}},
        {S::accepted, {dispatch, accept}},
        {S::resolved, {dispatch, accept, resolve}},
        {S::verified, {dispatch, accept, resolve, {S::verified, "P1", "", "", 4, {}}}},
        {S::rejected, {{S::rejected, "P1", "重复上报", "", {}, {}}}},
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
            // Staff may make every legal move: only the state machine refuses here.
            gridmap::StateChange c{to, "P1", "说明", to == S::dispatched ? "P1" : "", {}, {}};
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
    gridmap::set_issue_state(p, "E1", {S::dispatched, "P1", "", "P1", {}, 1790000100});
    gridmap::set_issue_state(p, "E1", {S::accepted, "P1", "马上处理", "", {}, 1790000200});
    const auto events = gridmap::issue_events(p, "E1");
    ASSERT_EQ(events.size(), 3u);
    EXPECT_FALSE(events[0].from.has_value());
    EXPECT_EQ(events[0].by, "P1"); // who entered it
    EXPECT_EQ(events[0].to, S::reported);
    EXPECT_EQ(events[1].from, S::reported);
    EXPECT_EQ(events[1].to, S::dispatched);
    EXPECT_EQ(events[1].assignee, "P1");
    EXPECT_EQ(events[1].by, "P1");
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
    EXPECT_EQ(message({S::resolved, "P1", "", "", {}, {}}),
              "issue R1: cannot go from reported to resolved (allowed: dispatched, rejected)");
    EXPECT_EQ(message({S::rejected, "P1", "", "", {}, {}}),
              "issue R1: rejecting needs a reason (--note)");
    EXPECT_EQ(message({S::dispatched, "P9", "", "P1", {}, {}}), "issue R1: no person with id 'P9'");
    EXPECT_EQ(message({S::dispatched, "", "", "P1", {}, {}}),
              "issue R1: who makes this change? a person id is required");
    EXPECT_EQ(message({S::dispatched, "P1", "", "P7", {}, {}}),
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
    EXPECT_EQ(gridmap::set_issue_state(p, b.id, {S::dispatched, "P1", "", "", {}, {}}).assignee,
              "P2");
    // The same proposal for a place not yet pinned (the desktop's form).
    EXPECT_EQ(gridmap::propose_assignee_at(p, 500050, 3300030).assignee, "P2");
    EXPECT_EQ(gridmap::propose_assignee_at(p, 500300, 3300300).assignee, "P1");
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
        EXPECT_NE(std::string(e.what()).find("不在本项目任何社区范围内"), std::string::npos);
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(DispatchTest, MovingAPinReassignsItsCell) {
    Project p = Project::open(fixture());
    gridmap::add_issue(p, new_issue(300, 300, "M1"));
    const auto ll = at(300, 50);
    const auto [from, to] = gridmap::move_issue(p, "M1", ll.lon, ll.lat, "P1");
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
    urgent.small_class = "道路积水";
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
    gridmap::set_issue_state(p, "O2", {S::rejected, "P1", "不属实", "", {}, {}});
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
    EXPECT_EQ(gridmap::import_open311(q, json, "P1", "o.json"), 2u);
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
    EXPECT_THROW(gridmap::import_open311(q, json, "P1", "o.json"), gridmap::InputError);
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
        gridmap::import_open311(p, json, "P1", "bad.json");
        FAIL() << "accepted";
    } catch (const gridmap::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("request 2 (service_request_id 'A2'), field "
                                             "'service_name': '乱涂乱画' is no known category"),
                  std::string::npos)
            << e.what();
        // A1 names a category but neither a small class nor a description: the one rule.
        EXPECT_NE(std::string(e.what()).find("request 1 (service_request_id 'A1'), text: a "
                                             "description is required (it is empty)"),
                  std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("request 1 (service_request_id 'A1'), "
                                             "small_class: missing, a small class of 市容环境"),
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

TEST(IssuePhotoTest, APhotoAddedOnceResolvedIsAnAfterPhoto) {
    Project p = Project::open(fixture("photo_stage.gpkg"));
    gridmap::add_issue(p, new_issue(300, 300, "G1"));
    const std::string png("\x89PNG\r\n", 6);
    gridmap::add_issue_photo(p, "G1", {"reported.png", "image/png", png}); // open: before
    gridmap::set_issue_state(p, "G1", {S::dispatched, "P1", "", "P2", {}, 1790000100});
    gridmap::set_issue_state(p, "G1", {S::accepted, "P2", "", "", {}, 1790000200});
    gridmap::add_issue_photo(p, "G1", {"site.png", "image/png", png}); // accepted: still before
    gridmap::set_issue_state(p, "G1", {S::resolved, "P2", "", "", {}, 1790000300});
    gridmap::add_issue_photo(p, "G1", {"done.png", "image/png", png});           // resolved: after
    gridmap::add_issue_photo(p, "G1", {"late.png", "image/png", png, "before"}); // as told
    EXPECT_THROW(gridmap::add_issue_photo(p, "G1", {"x.png", "image/png", png, "during"}),
                 gridmap::InputError);
    const auto photos = gridmap::issue_photos(p, "G1");
    ASSERT_EQ(photos.size(), 4u);
    EXPECT_EQ(photos[0].stage, "before");
    EXPECT_EQ(photos[1].stage, "before");
    EXPECT_EQ(photos[2].stage, "after");
    EXPECT_EQ(photos[3].stage, "before");
}

TEST(IssuePhotoTest, PhotosOfASchema5ProjectAreBeforePhotos) {
    // A schema-5 file has no issue_photo.stage: migrating adds it (NULL), read as before.
    const std::string path = fixture("photo_v5.gpkg");
    {
        Project p = Project::open(path);
        gridmap::add_issue(p, new_issue(300, 300, "H1"));
        gridmap::add_issue_photo(p, "H1", {"old.png", "image/png", std::string("\x89PNG", 4)});
        p.set_setting("schema_version", "5");
    }
    gridmap::test::gdal_sql(path, "ALTER TABLE issue_photo DROP COLUMN stage");
    ASSERT_EQ(dump_project(path).find("data;stage;"), std::string::npos);
    Project p = Project::open(path);
    EXPECT_EQ(p.schema_version(), gridmap::schema_version);
    EXPECT_NE(dump_project(path).find("data;stage;"), std::string::npos);
    const auto photos = gridmap::issue_photos(p, "H1");
    ASSERT_EQ(photos.size(), 1u);
    EXPECT_EQ(photos[0].stage, "before");
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

TEST(IssueFieldsTest, OneRuleForTextCategoryAndSmallClass) {
    using gridmap::issue_field_problems;
    EXPECT_TRUE(issue_field_problems("市容环境", "暴露垃圾", "垃圾堆放").empty());
    EXPECT_TRUE(issue_field_problems("微心愿", "楼道灯维修", " 楼道灯坏了 ").empty());
    // Empty once trimmed: spaces, a tab, a line break and two full-width spaces (U+3000).
    for (const char* blank : {"", "   ", "\t\n", "\u3000\u3000"}) {
        const auto p = issue_field_problems("市容环境", "暴露垃圾", blank);
        ASSERT_EQ(p.size(), 1u) << blank;
        EXPECT_EQ(p[0].field, "text");
        EXPECT_EQ(p[0].message, "text: a description is required (it is empty)");
    }
    EXPECT_EQ(gridmap::trim_text("\u3000 占道经营\t"), "占道经营");
    // An unknown small class: named, with the first six of 市容环境's ten classes.
    auto p = issue_field_problems("市容环境", "不存在的小类", "x");
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].field, "small_class");
    EXPECT_EQ(p[0].message, "small_class: '不存在的小类' is not a small class of 市容环境 (one of "
                            "暴露垃圾, 积存垃圾渣土, 道路不洁, 水域不洁, 绿地脏乱, 私搭乱建, … "
                            "(10 in all))");
    // A small class of another category is not one of this one.
    EXPECT_EQ(issue_field_problems("市容环境", "占道经营", "x").size(), 1u);
    EXPECT_TRUE(issue_field_problems("街面秩序", "占道经营", "x").empty());
    // An unknown category: its small class cannot be judged; with no text, two problems.
    p = issue_field_problems("垃圾", "暴露垃圾", "");
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(p[1].field, "category");
    EXPECT_EQ(p[1].message,
              "category: '垃圾' is not one of 市容环境, 宣传广告, 施工管理, 突发事件, "
              "街面秩序, 扩展事件, 微心愿, 微诉求");
    // The one table: the eight categories, each with its classes.
    ASSERT_EQ(gridmap::issue_categories().size(), 8u);
    for (const auto& c : gridmap::issue_categories()) {
        EXPECT_GE(c.small_classes.size(), 6u) << c.name;
    }
    EXPECT_EQ(gridmap::find_category("微诉求")->deadline_hours, 72);
}

TEST(IssueFieldsTest, AddIssueRefusesEmptyTextUnknownClassAndUnknownPerson) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const std::string before = dump_project(path);
    auto message = [&](const gridmap::NewIssue& in) -> std::string {
        try {
            gridmap::add_issue(p, in);
        } catch (const gridmap::InputError& e) {
            return e.what();
        }
        return "<accepted>";
    };
    auto in = new_issue(300, 300, "N1");
    in.text = " \u3000 ";
    EXPECT_EQ(message(in), "new issue: text: a description is required (it is empty)");
    in = new_issue(300, 300, "N1");
    in.small_class = "不存在的小类";
    EXPECT_NE(message(in).find("new issue: small_class: '不存在的小类' is not a small class of "
                               "市容环境 (one of 暴露垃圾"),
              std::string::npos);
    in = new_issue(300, 300, "N1");
    in.by = "P999";
    EXPECT_EQ(message(in), "new issue: no person with id 'P999'");
    in.by = "";
    EXPECT_EQ(message(in), "new issue: who makes this change? a person id is required");
    EXPECT_THROW(gridmap::require_acting_person(p, "P999"), gridmap::InputError);
    EXPECT_NO_THROW(gridmap::require_acting_person(p, "P3"));
    EXPECT_EQ(dump_project(path), before);
    // Anyone of the project may report (群众点单), P3 with no role included; the text is
    // stored trimmed and the event names who entered it.
    in = new_issue(300, 300, "N2");
    in.by = "P3";
    in.text = "  垃圾桶满了\u3000";
    EXPECT_EQ(gridmap::add_issue(p, in).first.text, "垃圾桶满了");
    EXPECT_EQ(gridmap::issue_events(p, "N2").front().by, "P3");
}

TEST(IssueRoleTest, WhoMayDoWhatWorkedByHand) {
    // The rule table (docs/ARCHITECTURE.md), written out by hand for the three kinds of person
    // of the fixture: P1 community staff (grid worker of cell 002 of community 420902001005),
    // P2 the assignee (a building captain, dispatched to), P3 nobody's role (party member).
    using A = gridmap::IssueAction;
    struct Row {
        S from;
        S to;
        A action;
        bool staff, assignee, none;
    };
    const std::vector<Row> table{
        {S::reported, S::dispatched, A::dispatch, true, false, false},
        {S::reported, S::rejected, A::reject, true, false, false},
        {S::dispatched, S::dispatched, A::dispatch, true, false, false}, // again, to another
        {S::dispatched, S::accepted, A::accept, true, true, false},
        {S::dispatched, S::rejected, A::reject, true, false, false},
        {S::accepted, S::resolved, A::resolve, true, true, false},
        {S::resolved, S::verified, A::verify, true, false, false},
        {S::resolved, S::accepted, A::reopen, true, false, false},
    };
    // Every legal transition is in the table once.
    std::size_t legal = 0;
    for (S from :
         {S::reported, S::dispatched, S::accepted, S::resolved, S::verified, S::rejected}) {
        legal += gridmap::next_states(from).size();
    }
    ASSERT_EQ(table.size(), legal);
    const gridmap::IssueActor staff{true, false};
    const gridmap::IssueActor assignee{false, true};
    const gridmap::IssueActor none{false, false};
    for (const Row& r : table) {
        EXPECT_EQ(gridmap::action_of(r.from, r.to), r.action);
        EXPECT_EQ(gridmap::actor_may(staff, r.action), r.staff);
        EXPECT_EQ(gridmap::actor_may(assignee, r.action), r.assignee);
        EXPECT_EQ(gridmap::actor_may(none, r.action), r.none);
    }
    EXPECT_FALSE(gridmap::action_of(S::reported, S::resolved).has_value());
    EXPECT_TRUE(gridmap::actor_may(none, A::report));
    EXPECT_TRUE(gridmap::actor_may(assignee, A::move));
    EXPECT_FALSE(gridmap::actor_may(none, A::move));
    EXPECT_FALSE(gridmap::actor_may(assignee, A::import_requests));

    // The same table against the project: each person tries each transition of a fresh issue
    // brought to `from` (dispatched to P2); a refusal leaves the project as it was.
    const std::string path = fixture();
    Project p = Project::open(path);
    const std::map<S, std::vector<gridmap::StateChange>> path_to{
        {S::reported, {}},
        {S::dispatched, {{S::dispatched, "P1", "", "P2", {}, {}}}},
        {S::accepted,
         {{S::dispatched, "P1", "", "P2", {}, {}}, {S::accepted, "P2", "", "", {}, {}}}},
        {S::resolved,
         {{S::dispatched, "P1", "", "P2", {}, {}},
          {S::accepted, "P2", "", "", {}, {}},
          {S::resolved, "P2", "", "", {}, {}}}},
    };
    int n = 0;
    for (const Row& r : table) {
        for (const auto& [person, allowed] :
             {std::pair{"P1", r.staff}, std::pair{"P2", r.assignee}, std::pair{"P3", r.none}}) {
            const std::string id = "W" + std::to_string(++n);
            gridmap::add_issue(p, new_issue(300, 300, id));
            for (const auto& step : path_to.at(r.from)) {
                gridmap::set_issue_state(p, id, step);
            }
            gridmap::StateChange c{r.to, person, "说明", "", {}, {}};
            if (r.to == S::dispatched) {
                c.assignee = r.from == S::reported ? "P2" : "P1";
            }
            if (r.to == S::verified) {
                c.rating = 4;
            }
            const auto offered = gridmap::next_states_for(p, id, person);
            EXPECT_EQ(std::find(offered.begin(), offered.end(), r.to) != offered.end(), allowed)
                << person << " " << gridmap::to_string(r.from) << " -> "
                << gridmap::to_string(r.to);
            const std::string before = dump_project(path);
            if (allowed) {
                EXPECT_EQ(gridmap::set_issue_state(p, id, c).state, r.to) << person;
            } else {
                EXPECT_THROW(gridmap::set_issue_state(p, id, c), gridmap::InputError)
                    << person << " " << gridmap::to_string(r.from) << " -> "
                    << gridmap::to_string(r.to);
                EXPECT_EQ(dump_project(path), before);
            }
        }
    }
}

TEST(IssueRoleTest, RefusalsNameWhoMayAct) {
    const std::string path = fixture();
    Project p = Project::open(path);
    gridmap::add_issue(p, new_issue(300, 300, "Q1"));
    auto message = [&](const gridmap::StateChange& c) -> std::string {
        try {
            gridmap::set_issue_state(p, "Q1", c);
        } catch (const gridmap::InputError& e) {
            return e.what();
        }
        return "<accepted>";
    };
    EXPECT_EQ(message({S::dispatched, "P2", "", "P2", {}, {}}),
              "P2 cannot dispatch Q1: only community staff (grid workers of 420902001005: P1) may");
    gridmap::set_issue_state(p, "Q1", {S::dispatched, "P1", "", "P2", {}, {}});
    EXPECT_EQ(message({S::accepted, "P3", "", "", {}, {}}),
              "P3 cannot accept Q1: it is assigned to P2; only the assignee or community staff "
              "(grid workers of 420902001005: P1) may");
    // Moving the pin: staff or the assignee, not P3.
    const auto ll = at(300, 50);
    EXPECT_THROW(gridmap::move_issue(p, "Q1", ll.lon, ll.lat, "P3"), gridmap::InputError);
    EXPECT_EQ(gridmap::move_issue(p, "Q1", ll.lon, ll.lat, "P2").second, C + "004");
    // What each person is to it, and its staff by name.
    EXPECT_TRUE(gridmap::issue_actor(p, "Q1", "P1").community_staff);
    EXPECT_FALSE(gridmap::issue_actor(p, "Q1", "P1").assignee);
    EXPECT_TRUE(gridmap::issue_actor(p, "Q1", "P2").assignee);
    EXPECT_FALSE(gridmap::issue_actor(p, "Q1", "P3").community_staff);
    const auto staff = gridmap::issue_staff(p, "Q1");
    ASSERT_EQ(staff.size(), 1u);
    EXPECT_EQ(staff[0].id, "P1");
    EXPECT_EQ(staff[0].name, "王网格");
    // An Open311 import by someone who is not staff: refused, nothing written.
    const std::string json = gridmap::issues_to_open311({gridmap::get_issue(p, "Q1")});
    Project q = Project::open(fixture("other.gpkg"));
    try {
        gridmap::import_open311(q, json, "P3", "q.json");
        FAIL() << "an import by P3 was accepted";
    } catch (const gridmap::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("P3 cannot import it: only community staff"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(gridmap::import_open311(q, json, "", "q.json"), gridmap::InputError);
    EXPECT_EQ(gridmap::import_open311(q, json, "P1", "q.json"), 1u);
}
