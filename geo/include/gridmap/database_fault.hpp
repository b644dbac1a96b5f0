#pragma once

// Faults of a project kept in PostgreSQL (issue #14): the server restarted, crashed or became
// unreachable in the middle of a command, or the server is a read-only standby.

#include "gridmap/error.hpp"

#include <string>
#include <string_view>

namespace gridmap {

/// The connection to the database server was lost during a call. The transaction in progress
/// was rolled back by the server (unless the loss came while committing; the message then says
/// so); the Project reconnects at its next call.
class ConnectionLostError : public ProjectError {
public:
    explicit ConnectionLostError(const std::string& message) : ProjectError(message) {}
};

/// Whether a message of PostgreSQL (the server or libpq) says that the connection is gone.
bool says_connection_lost(std::string_view message);

/// Whether a message of PostgreSQL says that the server accepts no writes (a hot standby).
bool says_read_only_server(std::string_view message);

/// The one message of a lost connection: "<where>: the connection to the database was lost
/// (<reason>); nothing of this change was saved. ..." (or, `while_saving`, that the change may
/// or may not have been saved). `where` may be empty; `reason` is the database's message, of
/// which the line naming the loss is kept.
std::string connection_lost_message(const std::string& where, std::string_view reason,
                                    bool while_saving = false);

/// A database location (`postgresql://...`, `postgres://...`, `PG:...`) as messages name it,
/// without its password; "" when `location` names no database or cannot be parsed.
std::string database_display_name(const std::string& location);

/// The one message of a write refused by a read-only standby.
std::string read_only_server_message(const std::string& where, std::string_view reason);

} // namespace gridmap
