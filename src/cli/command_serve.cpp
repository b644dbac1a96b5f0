#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/error.hpp"
#include "serve/server.hpp"

#include <iostream>

namespace gridmap::cli {

namespace {

constexpr const char* help = R"(usage: gridmap serve PROJECT.gpkg --as PERSON [options]

Serves the project over HTTP: Open311 GeoReport v2 under /open311/v2/ and the phone page
(Chinese) at /. Stops on Ctrl-C or SIGTERM.

  --as PERSON         the person recorded as entering residents' reports (required)
  --dispatch-by P     dispatch each new request at once to its proposed assignee (the grid
                      worker of its cell, else the building captain, else the party group
                      leader) in the name of P, community staff; without it requests stay
                      reported until staff dispatch them in the desktop or with `issue set`
  --bind ADDR         address to listen on (default 127.0.0.1: this machine only)
  --port N            default 8311
  --tls-cert F --tls-key F
                      serve HTTPS with this PEM certificate and key
  --rate N            new reports per minute from one address on the phone page (default 20;
                      0 = no limit); Open311 clients with an API key are not limited
  --threads N         connections served at once (default 256)

Open311 (http://wiki.open311.org/GeoReport_v2), in JSON, or in XML with .xml for .json:
  GET  services.json            one service_code per small class, group = its category
  GET  requests.json            service_request_id, service_code, start_date, end_date,
                                status (open, closed); extension: cell=CODE; newest
                                first, at most 1000
  POST requests.json            api_key (gridmap apikey add), service_code, lat, long,
                                description, address_string, media (a JPEG or PNG file,
                                <= 10 MB); extension: coordinate_system=gcj02 for Amap/WeChat
                                locations (default wgs84). first_name, last_name, email and
                                phone are never stored. Answers 201 with service_request_id
                                and token, after the request is committed.
  GET  requests/ID.json, tokens/TOKEN.json, services/CODE.json, discovery.json
Staff sign in on the phone page with an account (gridmap account set); their sessions are
kept in the project and survive a restart of the server.
)";

} // namespace

int command_serve(std::span<const std::string> argv) {
    const Args args(
        argv, {"as", "dispatch-by", "bind", "port", "tls-cert", "tls-key", "rate", "threads"}, {});
    if (args.help()) {
        std::cout << help_text("serve", help);
        return 0;
    }
    if (argv.empty()) {
        std::cerr << help_text("serve", help);
        return 2;
    }
    args.expect_positionals(1, "gridmap serve PROJECT.gpkg --as PERSON");
    serve::ServeOptions o;
    o.project = args.positional()[0];
    o.as_person = args.value("as").value_or("");
    o.dispatch_by = args.value("dispatch-by").value_or("");
    o.bind = args.value("bind").value_or("127.0.0.1");
    if (auto v = args.value("port")) {
        o.port = static_cast<int>(parse_whole("port", *v, 1, 65535));
    }
    o.tls_cert = args.value("tls-cert").value_or("");
    o.tls_key = args.value("tls-key").value_or("");
    if (auto v = args.value("rate")) {
        o.anonymous_per_minute = static_cast<int>(parse_whole("rate", *v, 0, 100000));
    }
    if (auto v = args.value("threads")) {
        o.threads = static_cast<int>(parse_whole("threads", *v, 1, 1024));
    }
    o.on_ready = [](const std::string& url) {
        if (chinese_session()) {
            std::cout << "正在提供服务：" << url << "（Open311：" << url << "open311/v2/）"
                      << std::endl;
        } else {
            std::cout << "serving " << url << " (Open311: " << url << "open311/v2/)" << std::endl;
        }
    };
    return serve::serve(o);
}

} // namespace gridmap::cli
