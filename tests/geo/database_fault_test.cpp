// Faults of a project kept in PostgreSQL (gridmap/database_fault.hpp): which messages of libpq
// and the server mean a lost connection or a read-only standby, and the one message a user
// gets, in English and Chinese. The faults themselves are provoked against real servers in
// tests/cli/pg_faults_test.sh and pg_failover_test.sh.

#include <gridmap/database_fault.hpp>
#include <gridmap/messages.hpp>

#include <gtest/gtest.h>

#include <string>

using gridmap::connection_lost_message;
using gridmap::read_only_server_message;
using gridmap::says_connection_lost;
using gridmap::says_read_only_server;

TEST(DatabaseFault, RecognisesLostConnections) {
    // What a backend says when `pg_ctl restart -m fast` stops it, as GDAL passes it on.
    EXPECT_TRUE(says_connection_lost("FATAL:  terminating connection due to administrator "
                                     "command\nserver closed the connection unexpectedly\n\tThis "
                                     "probably means the server terminated abnormally"));
    EXPECT_TRUE(says_connection_lost("PostgreSQL: no connection to the server\n in: SELECT 1"));
    EXPECT_TRUE(
        says_connection_lost("could not receive data from server: Connection reset by peer"));
    EXPECT_TRUE(says_connection_lost("FATAL:  the database system is shutting down"));
    EXPECT_TRUE(says_connection_lost("SSL connection has been closed unexpectedly"));
    // Other failures are not a lost connection.
    EXPECT_FALSE(says_connection_lost("ERROR:  canceling statement due to lock timeout"));
    EXPECT_FALSE(says_connection_lost("ERROR:  permission denied for table issue"));
    EXPECT_FALSE(says_connection_lost("duplicate key value violates unique constraint"));
    EXPECT_FALSE(says_connection_lost(""));
}

TEST(DatabaseFault, RecognisesAStandby) {
    EXPECT_TRUE(says_read_only_server("ERROR:  cannot execute INSERT in a read-only transaction"));
    EXPECT_TRUE(says_read_only_server("ERROR:  cannot execute pg_notify() during recovery"));
    EXPECT_FALSE(says_read_only_server("ERROR:  relation \"issue\" does not exist"));
    EXPECT_FALSE(says_connection_lost("ERROR:  cannot execute INSERT in a read-only transaction"));
}

TEST(DatabaseFault, OneLineNamingTheProjectAndTheReason) {
    const std::string reason = "FATAL:  terminating connection due to administrator command\n"
                               "server closed the connection unexpectedly.\n";
    EXPECT_EQ(connection_lost_message("postgresql://u@h/db?schema=s", reason),
              "postgresql://u@h/db?schema=s: the connection to the database was lost "
              "(terminating connection due to administrator command); nothing of this change "
              "was saved. Try again when the database is back");
    EXPECT_EQ(
        connection_lost_message("", "server closed the connection unexpectedly.\n\tThis", true),
        "the connection to the database was lost while saving (server closed the "
        "connection unexpectedly); the change may or may not have been saved: look before "
        "doing it again");
    EXPECT_EQ(read_only_server_message("db", "ERROR:  cannot execute INSERT in a read-only "
                                             "transaction\n"),
              "db: the database is a read-only standby (cannot execute INSERT in a read-only "
              "transaction); nothing was written. Make changes on the primary server");
}

TEST(DatabaseFault, InChinese) {
    const auto zh = [](const std::string& m) {
        return gridmap::localize(m, gridmap::Language::zh_CN);
    };
    EXPECT_EQ(zh(connection_lost_message("postgresql://u@h/db?schema=s",
                                         "terminating connection due to administrator command")),
              "postgresql://u@h/db?schema=s：与数据库的连接已断开（terminating connection due to "
              "administrator command）；本次修改没有保存任何内容。请在数据库恢复后重试");
    EXPECT_EQ(zh(connection_lost_message("", "no connection to the server", true)),
              "保存时与数据库的连接断开（no connection to the server）；本次修改可能已保存，也可能"
              "没有：请先查看再决定是否重做");
}
