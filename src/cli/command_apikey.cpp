#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/access.hpp"
#include "gridmap/error.hpp"
#include "gridmap/text.hpp"
#include "serve/crypto.hpp"

#include <iostream>

namespace gridmap::cli {

namespace {

constexpr const char* apikey_help = R"(usage: gridmap apikey add|list|revoke PROJECT.gpkg ...

API keys of the Open311 clients of `gridmap serve` (a WeChat mini program, a hotline system).
  add P --name NAME     prints a new key; only its hash is stored, so note it now
  list P                names, dates, revoked or not (never the keys)
  revoke P --name NAME  the key stops working at once
)";

constexpr const char* account_help = R"(usage: gridmap account set|list|remove PROJECT.gpkg ...

Staff accounts of the phone page of `gridmap serve` (a person of the project signs in with
their person id and password).
  set P --person ID [--role staff|leader]
        reads the password (at least 8 characters) from the first line of standard input;
        stores its Argon2id hash. staff: my work orders; leader: also the dashboard
  list P                person ids and roles
  remove P --person ID
)";

} // namespace

int command_apikey(std::span<const std::string> argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        std::cout << help_text("apikey", apikey_help);
        return argv.empty() ? 2 : 0;
    }
    const std::string action = argv[0];
    const Args args(argv.subspan(1), {"name"}, {});
    if (args.help()) {
        std::cout << help_text("apikey", apikey_help);
        return 0;
    }
    serve::crypto_init();
    if (action == "list") {
        args.expect_positionals(1, "gridmap apikey list PROJECT.gpkg");
        Project project = Project::open_for_reading(args.positional()[0]);
        for (const ApiKey& k : list_api_keys(project)) {
            std::cout << k.name << '\t' << beijing_time(k.created_at) << '\t'
                      << (k.revoked_at ? tr("revoked ", "已吊销 ") + beijing_time(*k.revoked_at)
                                       : tr("active", "有效"))
                      << '\n';
        }
        return 0;
    }
    if (action != "add" && action != "revoke") {
        throw InputError("apikey " + action + ": expected add, list or revoke (see --help)");
    }
    args.expect_positionals(1, "gridmap apikey " + action + " PROJECT.gpkg --name NAME");
    const auto name = args.value("name");
    if (!name) {
        throw InputError("apikey " + action + ": --name is required");
    }
    Project project = Project::open(args.positional()[0]);
    if (action == "revoke") {
        revoke_api_key(project, *name);
        std::cout << tr("revoked API key ", "已吊销 API 密钥 ") << *name << '\n';
        return 0;
    }
    const std::string key = "gm_" + serve::random_hex(32);
    add_api_key(project, *name, serve::api_key_hash(key));
    std::cout << key << '\n';
    return 0;
}

int command_account(std::span<const std::string> argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        std::cout << help_text("account", account_help);
        return argv.empty() ? 2 : 0;
    }
    const std::string action = argv[0];
    const Args args(argv.subspan(1), {"person", "role"}, {});
    if (args.help()) {
        std::cout << help_text("account", account_help);
        return 0;
    }
    serve::crypto_init();
    if (action == "list") {
        args.expect_positionals(1, "gridmap account list PROJECT.gpkg");
        Project project = Project::open_for_reading(args.positional()[0]);
        for (const std::string& person : list_staff_accounts(project)) {
            std::cout << person << '\t' << find_staff_account(project, person)->role << '\n';
        }
        return 0;
    }
    if (action != "set" && action != "remove") {
        throw InputError("account " + action + ": expected set, list or remove (see --help)");
    }
    args.expect_positionals(1, "gridmap account " + action + " PROJECT.gpkg --person ID");
    const auto person = args.value("person");
    if (!person) {
        throw InputError("account " + action + ": --person is required");
    }
    Project project = Project::open(args.positional()[0]);
    if (action == "remove") {
        remove_staff_account(project, *person);
        std::cout << tr("removed the account of ", "已删除账号：") << *person << '\n';
        return 0;
    }
    const std::string role = args.value("role").value_or("staff");
    if (role != "staff" && role != "leader") {
        throw InputError("--role " + role + ": expected staff or leader");
    }
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    if (password.size() < 8 || password.size() > 1000) {
        throw InputError("account set: the password (standard input, first line) must have 8 "
                         "to 1000 characters");
    }
    set_staff_password(project, *person, serve::password_hash(password), role);
    if (chinese_session()) {
        std::cout << "已设置 " << *person << " 的账号（" << (role == "leader" ? "领导" : "工作人员")
                  << "）\n";
    } else {
        std::cout << "set the " << role << " account of " << *person << '\n';
    }
    return 0;
}

} // namespace gridmap::cli
