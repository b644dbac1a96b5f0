// poll_changes (gridmap/changes.hpp) on a project kept in PostgreSQL whose connections the
// server ends (pg_terminate_backend, as a restart or a failover does): after connecting again
// it listens at once, so another editor's commit right after the reconnect is heard, and a
// poll that listens anew after another call reconnected says the project changed (issue #14,
// item 4: notifications sent while the desktop reconnects were lost).
// Needs GRIDMAP_TEST_PG=postgresql://SUPERUSER@HOST:PORT/DB (scripts/pg-test-cluster); skipped
// without it. Each test has a database of its own, so ending its connections touches no other
// test's.

#include "gridmap/changes.hpp"
#include "gridmap/database_fault.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

class PgChangesTest : public ::testing::Test {
protected:
    void SetUp() override {
        const char* env = std::getenv("GRIDMAP_TEST_PG");
        if (env == nullptr || *env == '\0') {
            GTEST_SKIP() << "GRIDMAP_TEST_PG is not set (scripts/pg-test-cluster start DIR)";
        }
        m_admin = env;
        m_admin = m_admin.substr(0, m_admin.find('?'));
        m_db = "gm_changes_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name();
        for (char& c : m_db) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (psql(m_admin, "CREATE DATABASE " + m_db) != 0) {
            GTEST_SKIP() << "no PostgreSQL at " << m_admin;
        }
        m_created = true;
        m_url = m_admin.substr(0, m_admin.rfind('/') + 1) + m_db;
        ASSERT_EQ(psql(m_url, "CREATE EXTENSION postgis"), 0);
    }

    void TearDown() override {
        if (m_created) {
            psql(m_admin, "DROP DATABASE IF EXISTS " + m_db + " WITH (FORCE)");
        }
    }

    /// Runs `sql` with psql on `url` (on its own connection); psql's exit code.
    static int psql(const std::string& url, const std::string& sql) {
        const std::string command =
            "psql -X -q -v ON_ERROR_STOP=1 -d '" + url + "' -c \"" + sql + "\" >/dev/null 2>&1";
        return std::system(command.c_str());
    }

    /// Another editor's commit on the project (schema p), with the NOTIFY every write sends.
    void other_commits() const {
        ASSERT_EQ(psql(m_url, "BEGIN; UPDATE p.settings SET value = value WHERE key = "
                              "'tolerance_m2'; NOTIFY gridmap_changed, 'p'; COMMIT"),
                  0);
    }

    /// Ends every connection to the test's database but psql's own, as a restart does.
    void end_connections() const {
        ASSERT_EQ(psql(m_admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                "datname = '" +
                                    m_db + "'"),
                  0);
        // pg_terminate_backend signals; the backends are gone a moment later.
        for (int k = 0; k < 100; ++k) {
            if (psql(m_admin, "DO \\$\\$ BEGIN IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE "
                              "datname = '" +
                                  m_db + "') THEN RAISE 'alive'; END IF; END \\$\\$") == 0) {
                return;
            }
            ::usleep(20000);
        }
        FAIL() << "the connections to " << m_db << " did not end";
    }

    std::string location() const { return m_url + "?schema=p"; }

    std::string m_admin;
    std::string m_db;
    std::string m_url;
    bool m_created = false;
};

TEST_F(PgChangesTest, ListensAgainAtTheReconnectSoACommitRightAfterIsHeard) {
    gridmap::Project project = gridmap::Project::create(location(), 4547);
    EXPECT_FALSE(gridmap::poll_changes(project)); // the first LISTEN: nothing to say
    EXPECT_FALSE(gridmap::poll_changes(project));
    other_commits();
    EXPECT_TRUE(gridmap::poll_changes(project));
    EXPECT_FALSE(gridmap::poll_changes(project));

    end_connections();
    EXPECT_THROW(gridmap::poll_changes(project), gridmap::ConnectionLostError);
    // Connected again: changed (notifications sent meanwhile reached nobody).
    EXPECT_TRUE(gridmap::poll_changes(project));
    // The caller re-read the project; a commit now is heard at the next poll. (Listening only
    // at the next poll missed it: that poll said nothing, and the desktop showed it never.)
    other_commits();
    EXPECT_TRUE(gridmap::poll_changes(project));
    EXPECT_FALSE(gridmap::poll_changes(project));
    other_commits();
    EXPECT_TRUE(gridmap::poll_changes(project));
}

TEST_F(PgChangesTest, ListeningAnewAfterAnotherCallReconnectedSaysChanged) {
    gridmap::Project project = gridmap::Project::create(location(), 4547);
    EXPECT_FALSE(gridmap::poll_changes(project));
    end_connections();
    // Another editor commits while the project is cut off: nobody hears its notification.
    other_commits();
    // A read of the project (not the poll) finds the loss, and the next one connects again.
    bool lost = false;
    for (int k = 0; k < 3; ++k) {
        try {
            (void)project.setting("tolerance_m2");
        } catch (const gridmap::ConnectionLostError&) {
            lost = true;
        }
    }
    EXPECT_TRUE(lost);
    EXPECT_EQ(project.setting("tolerance_m2").value_or(""), "1");
    // The poll listens on a new connection: the project is said changed, so that the caller
    // reads what was committed while nobody listened.
    EXPECT_TRUE(gridmap::poll_changes(project));
    EXPECT_FALSE(gridmap::poll_changes(project));
    other_commits();
    EXPECT_TRUE(gridmap::poll_changes(project));
}

} // namespace
