#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/accounts.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/project.hpp"

#include <iostream>
#include <string>

namespace gridmap::cli {

namespace {
constexpr const char* help =
    R"(usage: gridmap user add PROJECT --login NAME --person ID --role ROLE [--password-stdin]
       gridmap user list PROJECT
       gridmap user remove PROJECT --login NAME
       gridmap user password PROJECT --login NAME      (the new password on standard input)
       gridmap user audit PROJECT [--since DATE] [--table NAME] [--login NAME] [--limit N]

Accounts of a project kept in PostgreSQL (postgresql://...?schema=NAME): each is a database
login mapped to a person of the project, with one role. The database enforces the roles
(grants and row-level security), whatever program connects:

  community_admin  reads and changes everything; reads the audit
  grid_worker      reads everything; adds issues and changes those of their cells or
                   assigned to them
  captain, member  read; add issues and change those they reported or were assigned
  leader           reads figures and maps: no names or phones of residents or people;
                   writes nothing
  auditor          reads the audit and the accounts only (opens the project for that:
                   its settings, no other table)

The first account also installs the roles, the row-level security and the audit table: from
then on every insert, update and delete of every table is recorded with the login and the
time, and no role can change or delete audit rows. Managing accounts needs a login that may
create roles (the project's owner). Logins are lower-case names; passwords come from standard
input, never the command line.

user audit prints the changes recorded in the audit, oldest first, one a line, tab-separated:
the time (Beijing), the login, the table, INSERT/UPDATE/DELETE and the changed row's id (its
fid when the table has no id). Never the row's data: the audit keeps it, with residents'
names and phones. For auditors, community admins and the owner.

  --since DATE    changes at or after DATE (YYYY-MM-DD[ HH:MM[:SS]], Beijing time)
  --table NAME    changes of table NAME
  --login NAME    changes by login NAME
  --limit N       the newest N changes (default 1000; 0: every one)
)";

std::string read_password() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    return password;
}
} // namespace

int command_user(std::span<const std::string> argv) {
    const Args args(argv, {"login", "person", "role", "since", "table", "limit"},
                    {"password-stdin"});
    if (args.help() || args.positional().empty()) {
        std::cout << help_text("user", help);
        return args.help() ? 0 : 2;
    }
    const std::string action = args.positional()[0];
    auto required = [&args](const char* name) {
        const auto v = args.value(name);
        if (!v || v->empty()) {
            throw InputError(std::string("--") + name + " is required");
        }
        return *v;
    };
    if (action == "list") {
        args.expect_positionals(2, "gridmap user list PROJECT");
        const Project project = Project::open_for_reading(args.positional()[1]);
        for (const Account& a : list_accounts(project)) {
            std::cout << a.login << "\t" << a.person << "\t" << a.role << "\n";
        }
        return 0;
    }
    if (action == "add") {
        args.expect_positionals(2, "gridmap user add PROJECT --login NAME --person ID --role R");
        Project project = Project::open(args.positional()[1]);
        const std::string login = required("login");
        const std::string password = args.flag("password-stdin") ? read_password() : "";
        add_account(project, login, required("person"), required("role"), password);
        std::cout << tr("added login ", "已添加登录名 ") << login << tr(" (", "（")
                  << *args.value("role") << tr(", person ", "，人员 ") << *args.value("person")
                  << tr(")\n", "）\n");
        return 0;
    }
    if (action == "remove") {
        args.expect_positionals(2, "gridmap user remove PROJECT --login NAME");
        Project project = Project::open(args.positional()[1]);
        remove_account(project, required("login"));
        std::cout << tr("removed login ", "已删除登录名 ") << *args.value("login") << "\n";
        return 0;
    }
    if (action == "password") {
        args.expect_positionals(2, "gridmap user password PROJECT --login NAME");
        Project project = Project::open(args.positional()[1]);
        const std::string login = required("login");
        set_account_password(project, login, read_password());
        std::cout << tr("password of ", "已设置 ") << login << tr(" set\n", " 的密码\n");
        return 0;
    }
    if (action == "audit") {
        args.expect_positionals(2, "gridmap user audit PROJECT [--since DATE] [--table NAME] "
                                   "[--login NAME] [--limit N]");
        AuditFilter filter;
        if (const auto v = args.value("since")) {
            filter.since = require_date_time(*v, "--since");
        }
        filter.table = args.value("table").value_or("");
        filter.login = args.value("login").value_or("");
        if (const auto v = args.value("limit")) {
            const auto n = parse_integer(*v);
            if (!n || *n < 0) {
                throw InputError("--limit '" + *v + "': a whole number, 0 or more");
            }
            filter.limit = *n;
        }
        const Project project = Project::open_for_reading(args.positional()[1]);
        for (const AuditRow& r : read_audit(project, filter)) {
            std::cout << r.at << "\t" << r.login << "\t" << r.table << "\t" << r.operation << "\t"
                      << r.row << "\n";
        }
        return 0;
    }
    throw InputError("unknown action '" + action +
                     "' (add, list, remove, password, audit; see --help)");
}

} // namespace gridmap::cli
