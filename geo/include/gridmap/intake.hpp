#pragma once

// The intake of `gridmap serve`: new issues arriving in batches on the server's one writer, and
// the bounded reads of Open311 `requests.json`.
//
// `IssueIntake::add` stores a batch exactly as `add_issues` does (the same checks, cell,
// deadline, proposal, dispatch and events; tests/geo/intake_test.cpp compares the rows of both),
// but fast enough for hundreds of requests a second: the communities and cells are kept in
// memory as prepared geometries in an STRtree (loaded once, reloaded when another connection
// commits: `PRAGMA data_version`), role holders and names are looked up once, and the rows are
// written with prepared SQLite statements instead of OGR features (the GeoPackage's own
// triggers keep the R-tree and the feature count). A PostgreSQL project takes `add_issues`.

#include "gridmap/workorder.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gridmap {

class IssueIntake {
public:
    /// On the writer's (read-write) project, which must outlive the intake.
    explicit IssueIntake(Project& project);
    ~IssueIntake();
    IssueIntake(const IssueIntake&) = delete;
    IssueIntake& operator=(const IssueIntake&) = delete;

    /// `add_issues(project, issues, dispatch_by)`, in one transaction: each refused issue has
    /// its message, the others are stored; an error of the project (a lock, a damaged geometry)
    /// throws and stores none.
    std::vector<AddedIssue> add(const std::vector<NewIssue>& issues,
                                const std::string& dispatch_by = "");

    /// Loads what is kept in memory now (the server calls it at start, so that the first
    /// requests do not wait for it: 10,000 cells take a few hundred milliseconds).
    void prepare();

    /// Forgets what is kept in memory (call it after other writes through the same project:
    /// its own commits do not change its data_version).
    void invalidate();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

/// A bounded query of issues for Open311 `requests.json`: the filters are applied in SQL and
/// only the newest `limit` rows are read (newest first, then by id descending), so a cell with
/// tens of thousands of issues costs what its newest page costs.
struct IssueQuery {
    std::string cell;                 ///< empty: any
    std::optional<std::int64_t> from; ///< reported at or after (seconds since 1970)
    std::optional<std::int64_t> to;   ///< reported before
    std::optional<bool> open;         ///< open (reported, dispatched, accepted) or closed
    /// (category, small class) pairs; empty: any.
    std::vector<std::pair<std::string, std::string>> classes;
};

/// The newest `limit` issues matching `query`, newest first.
std::vector<IssueRecord> recent_issues(const Project& project, const IssueQuery& query,
                                       std::size_t limit);

} // namespace gridmap
