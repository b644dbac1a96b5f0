#include "serve/server.hpp"

#include "gridmap/access.hpp"
#include "gridmap/coordinates.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/database_fault.hpp"
#include "gridmap/error.hpp"
#include "gridmap/features.hpp"
#include "gridmap/intake.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/terms.hpp"
#include "gridmap/text.hpp"
#include "gridmap/workorder.hpp"
#include "serve/assets.hpp"
#include "serve/crypto.hpp"
#include "serve/store.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

namespace gridmap::serve {

namespace {

constexpr std::size_t max_photo_bytes = 10 * 1024 * 1024;
constexpr std::size_t max_description_bytes = 4000 * 3; // 4000 characters of Chinese
constexpr std::size_t max_address_bytes = 500;
constexpr int max_results = 1000;

std::int64_t now_seconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// ---- Replies ------------------------------------------------------------------------------

// ---- Open311 documents, in JSON or XML ----------------------------------------------------

/// One field of an Open311 object: its name, its value as text and how JSON writes it.
struct Field {
    enum Kind { text, number, boolean, null };
    std::string name;
    std::string value;
    Kind kind = text;
};
using Fields = std::vector<Field>;

/// Whether a request asks for the XML form (its path ends in .xml; the spec's format suffix).
bool wants_xml(const httplib::Request& req) {
    return req.path.ends_with(".xml");
}

std::string json_object(const Fields& fields) {
    std::string o = "{";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const Field& f = fields[i];
        o += (i > 0 ? ", " : "") + json_quote(f.name) + ": " +
             (f.kind == Field::text   ? json_quote(f.value)
              : f.kind == Field::null ? std::string("null")
                                      : f.value);
    }
    return o + "}";
}

/// Text for an XML element: the five entities escaped; characters XML 1.0 cannot hold (C0
/// controls other than tab, LF, CR) as a space.
std::string xml_text(std::string_view s) {
    std::string o;
    o.reserve(s.size());
    for (const char c : s) {
        switch (c) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        case '\'':
            o += "&apos;";
            break;
        default:
            o += static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' '
                                                                                             : c;
        }
    }
    return o;
}

std::string xml_element(const std::string& name, const Fields& fields) {
    std::string o = "<" + name + ">";
    for (const Field& f : fields) {
        o += f.value.empty() ? "<" + f.name + "/>"
                             : "<" + f.name + ">" + xml_text(f.value) + "</" + f.name + ">";
    }
    return o + "</" + name + ">";
}

/// A list of Open311 objects: a JSON array, or in XML `<root><item>...</item>...</root>`.
std::string open311_document(bool xml, const std::string& root, const std::string& item,
                             const std::vector<Fields>& items) {
    std::string o = xml ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<" + root + ">" : "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        o += xml ? "\n  " + xml_element(item, items[i])
                 : (i > 0 ? ",\n  " : "\n  ") + json_object(items[i]);
    }
    if (xml) {
        return o + (items.empty() ? "" : "\n") + "</" + root + ">\n";
    }
    return o + (items.empty() ? "]\n" : "\n]\n");
}

void open311_reply(httplib::Response& res, bool xml, const std::string& body, int status = 200) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8");
}

/// An Open311 error: `[{"code": N, "description": "..."}]` (or `<errors><error>`) with HTTP
/// status N.
void open311_error(httplib::Response& res, bool xml, int status, const std::string& description) {
    open311_reply(res, xml,
                  open311_document(xml, "errors", "error",
                                   {{{"code", std::to_string(status), Field::number},
                                     {"description", description}}}),
                  status);
}

/// An error of the phone API: `{"error": "..."}`.
void api_error(httplib::Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_content("{\"error\": " + json_quote(message) + "}\n",
                    "application/json; charset=utf-8");
}

void json_reply(httplib::Response& res, const std::string& body, int status = 200) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, "application/json; charset=utf-8");
}

std::string param(const httplib::Request& req, const std::string& name) {
    if (req.has_param(name)) {
        return req.get_param_value(name);
    }
    if (req.is_multipart_form_data() && req.has_file(name)) {
        const auto f = req.get_file_value(name);
        if (f.filename.empty()) {
            return f.content;
        }
    }
    return {};
}

/// A photo of a form's file field `name`: JPEG or PNG by its first bytes, at most 10 MB.
/// InputError otherwise; nullopt when the field is absent or empty.
std::optional<IssuePhoto> photo_of(const httplib::Request& req, const std::string& name) {
    if (!req.is_multipart_form_data() || !req.has_file(name)) {
        return std::nullopt;
    }
    const auto f = req.get_file_value(name);
    if (f.content.empty()) {
        return std::nullopt;
    }
    if (f.content.size() > max_photo_bytes) {
        throw InputError(name + ": the photo is larger than 10 MB");
    }
    IssuePhoto photo{f.filename.empty() ? "photo" : f.filename.substr(0, 200), "", f.content, ""};
    if (photo.data.starts_with("\xFF\xD8\xFF")) {
        photo.mime = "image/jpeg";
    } else if (photo.data.starts_with("\x89PNG\r\n\x1A\n")) {
        photo.mime = "image/png";
    } else {
        throw InputError(name + ": not a JPEG or PNG photo (by its bytes)");
    }
    if (!is_valid_utf8(photo.name)) {
        photo.name = "photo";
    }
    return photo;
}

/// A service code per small class: the category's code and the small class's place in it
/// ("0101" 市容环境/暴露垃圾).
struct Service {
    std::string code;
    std::string category;
    std::string small_class;
};

const std::vector<Service>& services() {
    static const std::vector<Service> all = [] {
        std::vector<Service> out;
        for (const IssueCategory& c : issue_categories()) {
            for (std::size_t i = 0; i < c.small_classes.size(); ++i) {
                const std::string code = (i + 1 < 10 ? "0" : "") + std::to_string(i + 1);
                out.push_back({std::string(c.service_code) + code, std::string(c.name),
                               std::string(c.small_classes[i])});
            }
        }
        return out;
    }();
    return all;
}

const Service* find_service(const std::string& code) {
    for (const Service& s : services()) {
        if (s.code == code) {
            return &s;
        }
    }
    return nullptr;
}

const Service* service_of(const std::string& category, const std::string& small_class) {
    for (const Service& s : services()) {
        if (s.category == category && s.small_class == small_class) {
            return &s;
        }
    }
    return nullptr;
}

std::vector<Fields> services_fields() {
    std::vector<Fields> out;
    for (const Service& s : services()) {
        out.push_back({{"service_code", s.code},
                       {"service_name", s.small_class},
                       {"description", s.category + "：" + s.small_class},
                       {"metadata", "false", Field::boolean},
                       {"type", "realtime"},
                       {"keywords", s.category + "," + s.small_class},
                       {"group", s.category}});
    }
    return out;
}

/// One service request as Open311 describes it (no reporter, no resident data).
Fields request_fields(const IssueRecord& r) {
    const Service* s = service_of(r.category, r.small_class);
    return {{"service_request_id", r.id},
            {"status", is_open(r.state) ? "open" : "closed"},
            {"status_notes", term_zh(Vocabulary::issue_state, to_string(r.state))},
            {"service_name", r.small_class.empty() ? r.category : r.small_class},
            {"service_code", s != nullptr ? s->code : ""},
            {"description", r.text},
            {"agency_responsible", r.assignee_name},
            {"service_notice", ""},
            {"requested_datetime", beijing_time(r.reported_at, true)},
            {"updated_datetime", beijing_time(r.updated_at.value_or(r.reported_at), true)},
            {"expected_datetime", r.deadline ? beijing_time(*r.deadline, true) : ""},
            {"address", r.address},
            {"address_id", ""},
            {"zipcode", ""},
            {"lat", json_number(r.lat, 7), Field::number},
            {"long", json_number(r.lon, 7), Field::number},
            {"media_url", ""}};
}

void reply_requests(const httplib::Request& req, httplib::Response& res,
                    const std::vector<IssueRecord>& found) {
    std::vector<Fields> items;
    items.reserve(found.size());
    for (const IssueRecord& r : found) {
        items.push_back(request_fields(r));
    }
    const bool xml = wants_xml(req);
    open311_reply(res, xml, open311_document(xml, "service_requests", "request", items));
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = s.find(sep, start);
        const std::string part =
            s.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty()) {
            out.push_back(part);
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

/// A checked text field: valid UTF-8, at most `max` bytes.
std::string text_field(const httplib::Request& req, const std::string& name, std::size_t max) {
    std::string v = param(req, name);
    if (v.size() > max) {
        throw InputError(name + ": longer than " + std::to_string(max) + " bytes");
    }
    if (!is_valid_utf8(v)) {
        throw InputError(name + ": not valid UTF-8 text");
    }
    return v;
}

/// lat/long of a form, in WGS84 (a `coordinate_system=gcj02` location of Amap or WeChat is
/// converted). InputError naming the field.
LonLat location_of(const httplib::Request& req, const std::string& lat_name,
                   const std::string& lon_name) {
    const std::string lat_text = param(req, lat_name);
    const std::string lon_text = param(req, lon_name);
    if (lat_text.empty() || lon_text.empty()) {
        throw InputError(lat_name + " and " + lon_name +
                         " are required (this server does not geocode address_string)");
    }
    const auto lat = parse_real(lat_text);
    const auto lon = parse_real(lon_text);
    if (!lat || *lat < -90 || *lat > 90) {
        throw InputError(lat_name + " '" + lat_text.substr(0, 40) + "': not a latitude");
    }
    if (!lon || *lon < -180 || *lon > 180) {
        throw InputError(lon_name + " '" + lon_text.substr(0, 40) + "': not a longitude");
    }
    const std::string crs = param(req, "coordinate_system");
    if (crs.empty() || crs == "wgs84" || crs == "WGS84") {
        return {*lon, *lat};
    }
    if (crs == "gcj02" || crs == "GCJ02" || crs == "GCJ-02") {
        return gcj02_to_wgs84({*lon, *lat});
    }
    throw InputError("coordinate_system '" + crs.substr(0, 40) + "': expected wgs84 or gcj02");
}

// ---- Sessions and rate limits ---------------------------------------------------------------

struct Session {
    std::string person;
    std::string name;
    std::string role;
    std::string csrf;
    std::int64_t expires = 0;
};

/// Staff sessions: kept in memory and in the project (serve_session, by the hash of the
/// cookie), so that a restart of the server signs nobody out.
class Sessions {
public:
    Sessions(int minutes, Writer& writer, ReaderPool& readers)
        : m_seconds(std::int64_t{minutes} * 60), m_writer(writer), m_readers(readers) {}

    /// A new session; returns its cookie value.
    std::string open(Session s) {
        const std::string token = random_hex(32);
        const std::string hash = api_key_hash(token);
        s.expires = now_seconds() + m_seconds;
        s.csrf = random_hex(16);
        m_writer
            .run([&](Project& p) {
                save_staff_session(p, {hash, s.person, s.role, s.csrf, s.expires}, now_seconds());
            })
            .get();
        std::lock_guard lock(m_mutex);
        m_sessions[hash] = std::move(s);
        return token;
    }
    std::optional<Session> find(const std::string& token) {
        if (token.empty() || token.size() > 200) {
            return std::nullopt;
        }
        const std::string hash = api_key_hash(token);
        {
            std::lock_guard lock(m_mutex);
            const auto it = m_sessions.find(hash);
            if (it != m_sessions.end()) {
                if (it->second.expires < now_seconds()) {
                    m_sessions.erase(it);
                    return std::nullopt;
                }
                return it->second;
            }
        }
        // Opened before a restart: read from the project.
        Session s;
        {
            auto p = m_readers.get();
            const auto stored = find_staff_session(*p, hash, now_seconds());
            if (!stored) {
                return std::nullopt;
            }
            s = {stored->person, "", stored->role, stored->csrf, stored->expires};
            for (const NamedEntry& e : list_people(*p)) {
                if (e.id == s.person) {
                    s.name = e.name;
                }
            }
        }
        std::lock_guard lock(m_mutex);
        m_sessions[hash] = s;
        return s;
    }
    void close(const std::string& token) {
        if (token.empty() || token.size() > 200) {
            return;
        }
        const std::string hash = api_key_hash(token);
        {
            std::lock_guard lock(m_mutex);
            m_sessions.erase(hash);
        }
        m_writer.run([&](Project& p) { remove_staff_session(p, hash); }).get();
    }

private:
    std::int64_t m_seconds;
    Writer& m_writer;
    ReaderPool& m_readers;
    std::mutex m_mutex;
    std::unordered_map<std::string, Session> m_sessions;
};

/// At most `per_minute` events per address in any minute (a sliding window of one minute).
class RateLimit {
public:
    explicit RateLimit(int per_minute) : m_per_minute(per_minute) {}
    bool allow(const std::string& address) {
        if (m_per_minute <= 0) {
            return true;
        }
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex);
        auto& times = m_times[address];
        while (!times.empty() && now - times.front() > std::chrono::minutes(1)) {
            times.pop_front();
        }
        if (static_cast<int>(times.size()) >= m_per_minute) {
            return false;
        }
        times.push_back(now);
        return true;
    }

private:
    int m_per_minute;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> m_times;
};

std::string cookie(const httplib::Request& req, const std::string& name) {
    const std::string header = req.get_header_value("Cookie");
    for (const std::string& part : split(header, ';')) {
        std::string p = part;
        p.erase(0, p.find_first_not_of(' '));
        if (p.starts_with(name + "=")) {
            return p.substr(name.size() + 1);
        }
    }
    return {};
}

// ---- The map of the phone page ------------------------------------------------------------

struct MapFeature {
    double min_lon, min_lat, max_lon, max_lat;
    std::string json; ///< a GeoJSON feature in lon/lat
};

std::vector<MapFeature> map_features(const Project& p, const std::string& table) {
    std::vector<MapFeature> out;
    if (p.epsg() == 0) {
        return out;
    }
    const LonLatTransform t(p.epsg());
    for (const DisplayFeature& f : read_display_features(p, table)) {
        MapFeature m{1e9, 1e9, -1e9, -1e9, ""};
        std::string rings;
        for (std::size_t i = 0; i < f.shape.parts.size(); ++i) {
            const bool starts =
                i < f.shape.ring_starts_polygon.size() && f.shape.ring_starts_polygon[i];
            if (!rings.empty()) {
                rings += starts ? "]],[[" : "],[";
            } else {
                rings += "[[";
            }
            bool first = true;
            for (const XY& xy : f.shape.parts[i]) {
                const LonLat ll = t.to_lonlat({xy.x, xy.y});
                m.min_lon = std::min(m.min_lon, ll.lon);
                m.max_lon = std::max(m.max_lon, ll.lon);
                m.min_lat = std::min(m.min_lat, ll.lat);
                m.max_lat = std::max(m.max_lat, ll.lat);
                rings += std::string(first ? "" : ",") + "[" + json_number(ll.lon, 6) + "," +
                         json_number(ll.lat, 6) + "]";
                first = false;
            }
        }
        if (rings.empty()) {
            continue;
        }
        rings += "]]";
        m.json = "{\"type\":\"Feature\",\"properties\":{\"layer\":" + json_quote(table) +
                 ",\"key\":" + json_quote(f.key) + ",\"name\":" + json_quote(f.name) +
                 "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[" + rings + "]}}";
        out.push_back(std::move(m));
    }
    return out;
}

// ---- The server ---------------------------------------------------------------------------

/// A person the rule table does not allow to make a change (403, not 409).
struct Forbidden {};

std::atomic<httplib::Server*> running_server{nullptr};

extern "C" void stop_on_signal(int) {
    if (httplib::Server* s = running_server.load()) {
        s->stop();
    }
}

class App {
public:
    explicit App(const ServeOptions& o)
        : m_options(o), m_writer(o.project, o.dispatch_by), m_readers(o.project),
          m_sessions(o.session_minutes, m_writer, m_readers), m_anonymous(o.anonymous_per_minute),
          m_logins(10) {
        {
            auto p = m_readers.get();
            require_acting_person(*p, o.as_person);
            if (!o.dispatch_by.empty()) {
                require_acting_person(*p, o.dispatch_by);
            }
            // The phone map's shapes, kept in memory: cells always, buildings up to 100,000
            // (a city-wide project serves its cells only; drawing every building of a city on
            // a phone helps nobody and would cost seconds at start).
            for (const char* table : {"cell", "building"}) {
                if (std::string_view(table) == "building" && p->count("building") > 100000) {
                    continue;
                }
                auto features = map_features(*p, table);
                std::move(features.begin(), features.end(), std::back_inserter(m_map));
            }
        }
        std::string secret;
        m_writer.run([&](Project& p) { secret = server_secret(p, random_hex(32)); }).get();
        m_secret = secret;
    }

    void routes(httplib::Server& s) {
        s.set_payload_max_length(max_photo_bytes + 1024 * 1024);
        s.set_default_headers(
            {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});
        // Open311 GeoReport v2, each resource in JSON (.json) and XML (.xml)
        s.Get(R"(/open311/v2/discovery\.(json|xml))", [](const auto& req, auto& res) {
            if (wants_xml(req)) {
                return open311_reply(
                    res, true,
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<discovery><changeset>2026-12-"
                    "03</changeset><contact/><key_service>gridmap apikey add</key_service>"
                    "<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2"
                    "</specification><url>/open311/v2</url><changeset>2026-12-03</changeset>"
                    "<type>production</type><formats><format>application/json</format>"
                    "<format>text/xml</format></formats></endpoint></endpoints></discovery>\n");
            }
            json_reply(res,
                       "{\"changeset\": \"2026-12-03\", \"contact\": \"\", "
                       "\"key_service\": \"gridmap apikey add\", \"endpoints\": [{"
                       "\"specification\": \"http://wiki.open311.org/GeoReport_v2\", "
                       "\"url\": \"/open311/v2\", \"changeset\": \"2026-12-03\", \"type\": "
                       "\"production\", \"formats\": [\"application/json\", \"text/xml\"]}]}\n");
        });
        s.Get(R"(/open311/v2/services\.(json|xml))", [](const auto& req, auto& res) {
            const bool xml = wants_xml(req);
            open311_reply(res, xml,
                          open311_document(xml, "services", "service", services_fields()));
        });
        s.Get(R"(/open311/v2/services/([^/]+)\.(json|xml))", [](const auto& req, auto& res) {
            const bool xml = wants_xml(req);
            const Service* sv = find_service(req.matches[1]);
            if (sv == nullptr) {
                return open311_error(res, xml, 404,
                                     "service_code '" + std::string(req.matches[1]).substr(0, 40) +
                                         "' not found");
            }
            open311_reply(
                res, xml,
                xml ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_definition>"
                      "<service_code>" +
                          xml_text(sv->code) + "</service_code><attributes/></service_definition>\n"
                    : "{\"service_code\": " + json_quote(sv->code) + ", \"attributes\": []}\n");
        });
        s.Post(R"(/open311/v2/requests\.(json|xml))",
               [this](const auto& req, auto& res) { post_request(req, res); });
        s.Get(R"(/open311/v2/requests\.(json|xml))",
              [this](const auto& req, auto& res) { get_requests(req, res); });
        s.Get(R"(/open311/v2/requests/([^/]+)\.(json|xml))", [this](const auto& req, auto& res) {
            std::optional<IssueRecord> r;
            {
                auto p = m_readers.get();
                try {
                    r = get_issue(*p, req.matches[1].str());
                } catch (const InputError&) {
                }
            }
            if (!r) {
                return open311_error(res, wants_xml(req), 404,
                                     "service_request_id '" +
                                         std::string(req.matches[1]).substr(0, 40) + "' not found");
            }
            reply_requests(req, res, {*r});
        });
        s.Get(R"(/open311/v2/tokens/([^/]+)\.(json|xml))", [this](const auto& req, auto& res) {
            const bool xml = wants_xml(req);
            const std::string id = token_issue(m_secret, req.matches[1].str());
            if (id.empty()) {
                return open311_error(res, xml, 404, "token not found");
            }
            open311_reply(
                res, xml,
                open311_document(xml, "service_requests", "request",
                                 {{{"service_request_id", id}, {"token", req.matches[1].str()}}}));
        });
        // The phone page and its assets, bundled at build time
        for (const Asset& a : assets()) {
            s.Get(std::string(a.path), [&a](const auto&, auto& res) {
                res.set_header("Cache-Control", a.path == "/" ? "no-store" : "max-age=3600");
                res.set_header("Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data: blob:; style-src "
                               "'self' 'unsafe-inline'");
                res.set_content(std::string(a.data), std::string(a.mime) + "; charset=utf-8");
            });
        }
        s.Get("/api/map", [this](const auto& req, auto& res) { get_map(req, res); });
        s.Get("/api/issues", [this](const auto& req, auto& res) { get_issues(req, res); });
        s.Post("/api/report", [this](const auto& req, auto& res) { post_report(req, res); });
        s.Get(R"(/api/track/([^/]+))", [this](const auto& req, auto& res) { track(req, res); });
        s.Post("/api/login", [this](const auto& req, auto& res) { login(req, res); });
        s.Post("/api/logout", [this](const auto& req, auto& res) {
            m_sessions.close(cookie(req, "gm_session"));
            res.set_header("Set-Cookie",
                           "gm_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
            json_reply(res, "{}\n");
        });
        s.Get("/api/me", [this](const auto& req, auto& res) {
            const auto session = signed_in(req, res, false);
            if (session) {
                json_reply(res, session_json(*session));
            }
        });
        s.Get("/api/orders", [this](const auto& req, auto& res) { orders(req, res); });
        s.Post(R"(/api/orders/([^/]+)/(accept|resolve|reject))",
               [this](const auto& req, auto& res) { act(req, res); });
        s.Get("/api/dashboard", [this](const auto& req, auto& res) { dashboard(req, res); });
        // Refusals of the HTTP layer itself (a form over its size limit: 413, an unknown path:
        // 404) in the Open311 error format too.
        s.set_error_handler([](const auto& req, auto& res) {
            if (!res.body.empty()) {
                return;
            }
            const std::string what = res.status == 413 ? "the request is too large"
                                     : res.status == 404
                                         ? "no such resource: " + req.path.substr(0, 100)
                                         : "refused";
            if (req.path.starts_with("/open311/")) {
                open311_error(res, wants_xml(req), res.status, what);
            } else {
                api_error(res, res.status, what);
            }
        });
        // What no handler caught: a lost database connection (a project kept in PostgreSQL
        // whose server restarted; the read that found it reconnects at its next call) is the
        // server's passing state, 503 with Retry-After, from whichever read met it (the API
        // key's lookup as well as a handler's own); anything else is 500.
        s.set_exception_handler([](const auto& req, auto& res, std::exception_ptr ep) {
            int status = 500;
            std::string what = "internal error";
            try {
                std::rethrow_exception(ep);
            } catch (const ConnectionLostError& e) {
                status = 503;
                what = e.what();
                res.set_header("Retry-After", "5");
            } catch (const std::exception& e) {
                what += std::string(": ") + e.what();
            } catch (...) {
            }
            if (req.path.starts_with("/open311/")) {
                open311_error(res, wants_xml(req), status, what);
            } else {
                api_error(res, status, what);
            }
        });
    }

private:
    /// Stores a new issue through the writer and waits for its commit.
    AddedIssue store(NewIssue issue, std::optional<IssuePhoto> photo) {
        return m_writer.add(std::move(issue), std::move(photo)).get();
    }

    /// Whether an API key (by its hash) is valid: looked up in the project at most once a
    /// second per key (a revoked key stops within a second; `gridmap apikey revoke`).
    bool key_valid(const std::string& hash) {
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(m_keys_mutex);
            const auto it = m_keys.find(hash);
            if (it != m_keys.end() && now - it->second.second < std::chrono::seconds(1)) {
                return it->second.first;
            }
        }
        bool valid = false;
        {
            auto p = m_readers.get();
            valid = find_api_key(*p, hash).has_value();
        }
        std::lock_guard lock(m_keys_mutex);
        if (m_keys.size() > 10000) {
            m_keys.clear(); // guessed keys must not fill the memory
        }
        m_keys[hash] = {valid, now};
        return valid;
    }

    void post_request(const httplib::Request& req, httplib::Response& res) {
        const bool xml = wants_xml(req);
        const std::string key = param(req, "api_key");
        if (key.empty()) {
            return open311_error(res, xml, 403, "api_key is required");
        }
        if (!key_valid(api_key_hash(key))) {
            return open311_error(res, xml, 403, "api_key is not valid");
        }
        NewIssue in;
        std::optional<IssuePhoto> photo;
        try {
            const std::string code = param(req, "service_code");
            const Service* sv = find_service(code);
            if (sv == nullptr) {
                return open311_error(res, xml, 400,
                                     "service_code '" + code.substr(0, 40) +
                                         "' is not a service (see services.json)");
            }
            const LonLat at = location_of(req, "lat", "long");
            in.lon = at.lon;
            in.lat = at.lat;
            in.category = sv->category;
            in.small_class = sv->small_class;
            in.text = text_field(req, "description", max_description_bytes);
            in.address = text_field(req, "address_string", max_address_bytes);
            in.by = m_options.as_person;
            photo = photo_of(req, "media");
            if (const auto problems = issue_field_problems(in.category, in.small_class, in.text);
                !problems.empty()) {
                return open311_error(res, xml, 400,
                                     problems.front().field == "text" ? "description is required"
                                                                      : problems.front().message);
            }
        } catch (const InputError& e) {
            return open311_error(res, xml, 400, e.what());
        }
        AddedIssue added;
        try {
            added = store(std::move(in), std::move(photo));
        } catch (const ProjectError& e) {
            // Another program holds the project longer than the lock wait: try again later.
            res.set_header("Retry-After", "5");
            return open311_error(res, xml, 503, e.what());
        }
        if (!added.issue) {
            return open311_error(res, xml, 400, added.error);
        }
        const std::string id = added.issue->id;
        open311_reply(
            res, xml,
            open311_document(
                xml, "service_requests", "request",
                {{{"service_request_id", id},
                  {"token", request_token(m_secret, id)},
                  {"service_notice", added.proposal.cell ? "网格 " + *added.proposal.cell : ""},
                  {"account_id", "", Field::null}}}),
            201);
    }

    void get_requests(const httplib::Request& req, httplib::Response& res) {
        const bool xml = wants_xml(req);
        IssueQuery q;
        std::set<std::string> ids;
        try {
            for (const auto& id : split(param(req, "service_request_id"), ',')) {
                ids.insert(id);
            }
            for (const auto& code : split(param(req, "service_code"), ',')) {
                const Service* sv = find_service(code);
                if (sv == nullptr) {
                    throw InputError("service_code '" + code.substr(0, 40) + "' is not a service");
                }
                q.classes.emplace_back(sv->category, sv->small_class);
            }
            if (const auto v = param(req, "start_date"); !v.empty()) {
                q.from = require_date_time(v, "start_date");
            }
            if (const auto v = param(req, "end_date"); !v.empty()) {
                q.to = require_date_time(v, "end_date");
            }
            if (const auto v = param(req, "status"); !v.empty()) {
                const auto parts = split(v, ',');
                const bool o = std::find(parts.begin(), parts.end(), "open") != parts.end();
                const bool c = std::find(parts.begin(), parts.end(), "closed") != parts.end();
                if (!o && !c) {
                    throw InputError("status '" + v.substr(0, 40) + "': expected open or closed");
                }
                if (o != c) {
                    q.open = o;
                }
            }
            q.cell = param(req, "cell"); // extension: the requests of one grid cell
        } catch (const InputError& e) {
            return open311_error(res, xml, 400, e.what());
        }
        if (ids.empty() && !q.from && !q.to) {
            q.from = now_seconds() - 90 * 24 * 3600; // the spec's default window
        }
        std::vector<IssueRecord> found;
        {
            auto p = m_readers.get();
            if (!ids.empty()) {
                for (const std::string& id : ids) {
                    try {
                        found.push_back(get_issue(*p, id));
                    } catch (const InputError&) {
                    }
                }
            } else {
                // Filtered, ordered and cut to the spec's limit in SQL (issue #15: < 20 ms for
                // a cell at 1M buildings, whatever the cell holds).
                found = recent_issues(*p, q, max_results);
            }
        }
        if (!ids.empty()) {
            std::erase_if(found, [&](const IssueRecord& r) {
                if (q.open && is_open(r.state) != *q.open) {
                    return true;
                }
                return !q.classes.empty() &&
                       std::find(q.classes.begin(), q.classes.end(),
                                 std::make_pair(r.category, r.small_class)) == q.classes.end();
            });
            std::sort(found.begin(), found.end(), [](const IssueRecord& a, const IssueRecord& b) {
                return std::tie(b.reported_at, b.id) < std::tie(a.reported_at, a.id);
            });
        }
        reply_requests(req, res, found);
    }

    /// Same-origin check of a browser's POST (CSRF): an Origin header, when sent, must name
    /// this server.
    static bool same_origin(const httplib::Request& req) {
        const std::string origin = req.get_header_value("Origin");
        if (origin.empty()) {
            return true;
        }
        const std::string host = req.get_header_value("Host");
        return origin == "http://" + host || origin == "https://" + host;
    }

    void get_map(const httplib::Request& req, httplib::Response& res) {
        double box[4] = {-180, -90, 180, 90};
        if (const auto b = split(param(req, "bbox"), ','); b.size() == 4) {
            for (int i = 0; i < 4; ++i) {
                const auto v = parse_real(b[static_cast<std::size_t>(i)]);
                if (!v) {
                    return api_error(res, 400, "bbox: expected 4 numbers");
                }
                box[i] = *v;
            }
        }
        std::string o = "{\"type\":\"FeatureCollection\",\"features\":[";
        std::size_t n = 0;
        for (const MapFeature& m : m_map) {
            if (m.max_lon < box[0] || m.min_lon > box[2] || m.max_lat < box[1] ||
                m.min_lat > box[3]) {
                continue;
            }
            if (++n > 5000) {
                break;
            }
            o += (n > 1 ? "," : "") + m.json;
        }
        json_reply(res, o + "]}\n");
    }

    static std::string public_issue_json(const IssueRecord& r) {
        return "{\"id\":" + json_quote(r.id) + ",\"category\":" + json_quote(r.category) +
               ",\"small_class\":" + json_quote(r.small_class) +
               ",\"state\":" + json_quote(to_string(r.state)) +
               ",\"state_zh\":" + json_quote(term_zh(Vocabulary::issue_state, to_string(r.state))) +
               ",\"lon\":" + json_number(r.lon, 6) + ",\"lat\":" + json_number(r.lat, 6) + "}";
    }

    void get_issues(const httplib::Request& req, httplib::Response& res) {
        IssueFilter f;
        f.cell = param(req, "cell");
        f.from = now_seconds() - 90 * 24 * 3600;
        std::vector<IssueRecord> found;
        {
            auto p = m_readers.get();
            found = list_issues(*p, f);
        }
        std::sort(found.begin(), found.end(), [](const IssueRecord& a, const IssueRecord& b) {
            return b.reported_at < a.reported_at;
        });
        std::string o = "[";
        for (std::size_t i = 0; i < found.size() && i < 500; ++i) {
            o += (i > 0 ? "," : "") + public_issue_json(found[i]);
        }
        json_reply(res, o + "]\n");
    }

    void post_report(const httplib::Request& req, httplib::Response& res) {
        if (!same_origin(req)) {
            return api_error(res, 403, "cross-site request refused");
        }
        NewIssue in;
        std::optional<IssuePhoto> photo;
        try {
            const LonLat at = location_of(req, "lat", "lon");
            in.lon = at.lon;
            in.lat = at.lat;
            in.category = text_field(req, "category", 100);
            in.small_class = text_field(req, "small_class", 100);
            in.text = text_field(req, "text", max_description_bytes);
            in.address = text_field(req, "address", max_address_bytes);
            in.by = m_options.as_person;
            photo = photo_of(req, "photo");
            if (const auto problems = issue_field_problems(in.category, in.small_class, in.text);
                !problems.empty()) {
                return api_error(res, 400, problems.front().message);
            }
        } catch (const InputError& e) {
            return api_error(res, 400, e.what());
        }
        // Counted when it would be stored (a refused report writes nothing).
        if (!m_anonymous.allow(req.remote_addr)) {
            return api_error(res, 429,
                             "提交过于频繁，请稍后再试 (too many reports from this address)");
        }
        AddedIssue added;
        try {
            added = store(std::move(in), std::move(photo));
        } catch (const ProjectError& e) {
            res.set_header("Retry-After", "5");
            return api_error(res, 503, e.what());
        }
        if (!added.issue) {
            return api_error(res, 400, added.error);
        }
        json_reply(res,
                   "{\"id\":" + json_quote(added.issue->id) + ",\"token\":" +
                       json_quote(request_token(m_secret, added.issue->id)) + ",\"state_zh\":" +
                       json_quote(term_zh(Vocabulary::issue_state, to_string(added.issue->state))) +
                       "}\n",
                   201);
    }

    void track(const httplib::Request& req, httplib::Response& res) {
        const std::string id = token_issue(m_secret, req.matches[1].str());
        if (id.empty()) {
            return api_error(res, 404, "查询码无效 (unknown token)");
        }
        auto p = m_readers.get();
        const IssueRecord r = get_issue(*p, id);
        std::string events;
        for (const IssueEvent& e : issue_events(*p, id)) {
            events += std::string(events.empty() ? "" : ",") +
                      "{\"at\":" + json_quote(beijing_time(e.at)) + ",\"state_zh\":" +
                      json_quote(term_zh(Vocabulary::issue_state, to_string(e.to))) + "}";
        }
        json_reply(res, "{\"id\":" + json_quote(r.id) + ",\"category\":" + json_quote(r.category) +
                            ",\"small_class\":" + json_quote(r.small_class) +
                            ",\"text\":" + json_quote(r.text) +
                            ",\"state\":" + json_quote(to_string(r.state)) + ",\"state_zh\":" +
                            json_quote(term_zh(Vocabulary::issue_state, to_string(r.state))) +
                            ",\"reported_at\":" + json_quote(beijing_time(r.reported_at)) +
                            ",\"events\":[" + events + "]}\n");
    }

    static std::string session_json(const Session& s) {
        return "{\"person\":" + json_quote(s.person) + ",\"name\":" + json_quote(s.name) +
               ",\"role\":" + json_quote(s.role) + ",\"csrf\":" + json_quote(s.csrf) + "}\n";
    }

    void login(const httplib::Request& req, httplib::Response& res) {
        if (!same_origin(req)) {
            return api_error(res, 403, "cross-site request refused");
        }
        if (!m_logins.allow(req.remote_addr)) {
            return api_error(res, 429, "登录尝试过多，请稍后再试 (too many sign-in attempts)");
        }
        const std::string person = param(req, "person");
        const std::string password = param(req, "password");
        std::optional<StaffAccount> account;
        std::string name;
        {
            auto p = m_readers.get();
            if (person.size() <= 100) {
                account = find_staff_account(*p, person);
            }
            if (account) {
                for (const NamedEntry& e : list_people(*p)) {
                    if (e.id == person) {
                        name = e.name;
                    }
                }
            }
        }
        if (!account || password.size() > 1000 ||
            !password_matches(account->password_hash, password)) {
            return api_error(res, 401, "账号或密码错误 (wrong person id or password)");
        }
        Session s{person, name, account->role, "", 0};
        const std::string token = m_sessions.open(s);
        const auto opened = m_sessions.find(token);
        res.set_header("Set-Cookie", "gm_session=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
                                         (m_options.tls_cert.empty() ? "" : "; Secure"));
        json_reply(res, session_json(*opened));
    }

    /// The session of a request, else a 401 reply. With `csrf`, a POST must carry the
    /// session's X-CSRF-Token (403 otherwise).
    std::optional<Session> signed_in(const httplib::Request& req, httplib::Response& res,
                                     bool csrf) {
        auto s = m_sessions.find(cookie(req, "gm_session"));
        if (!s) {
            api_error(res, 401, "请先登录 (sign in first)");
            return std::nullopt;
        }
        if (csrf &&
            (!same_origin(req) || !same_secret(req.get_header_value("X-CSRF-Token"), s->csrf))) {
            api_error(res, 403, "CSRF token missing or wrong");
            return std::nullopt;
        }
        return s;
    }

    void orders(const httplib::Request& req, httplib::Response& res) {
        const auto s = signed_in(req, res, false);
        if (!s) {
            return;
        }
        std::map<std::string, IssueRecord> mine;
        std::string o = "[";
        {
            auto p = m_readers.get();
            IssueFilter f;
            f.assignee = s->person;
            for (IssueRecord& r : list_issues(*p, f)) {
                mine.emplace(r.id, std::move(r));
            }
            for (const std::string& cell : grid_worker_cells(*p, s->person)) {
                IssueFilter c;
                c.cell = cell;
                for (IssueRecord& r : list_issues(*p, c)) {
                    mine.emplace(r.id, std::move(r));
                }
            }
            const std::int64_t now = now_seconds();
            bool first = true;
            for (const auto& [id, r] : mine) {
                if (!is_open(r.state) && r.state != IssueState::resolved) {
                    continue;
                }
                std::string actions;
                for (IssueState next : next_states_for(*p, id, s->person)) {
                    const char* a =
                        next == IssueState::accepted && r.state == IssueState::dispatched ? "accept"
                        : next == IssueState::resolved ? "resolve"
                        : next == IssueState::rejected ? "reject"
                                                       : nullptr;
                    if (a != nullptr) {
                        actions += std::string(actions.empty() ? "" : ",") + "\"" + a + "\"";
                    }
                }
                o += std::string(first ? "" : ",") + "{\"id\":" + json_quote(r.id) +
                     ",\"category\":" + json_quote(r.category) +
                     ",\"small_class\":" + json_quote(r.small_class) +
                     ",\"text\":" + json_quote(r.text) + ",\"address\":" + json_quote(r.address) +
                     ",\"cell\":" + json_quote(r.cell.value_or("")) +
                     ",\"state\":" + json_quote(to_string(r.state)) + ",\"state_zh\":" +
                     json_quote(term_zh(Vocabulary::issue_state, to_string(r.state))) +
                     ",\"reported_at\":" + json_quote(beijing_time(r.reported_at)) +
                     ",\"deadline\":" + json_quote(r.deadline ? beijing_time(*r.deadline) : "") +
                     ",\"overdue\":" + (r.overdue(now) ? "true" : "false") +
                     ",\"lon\":" + json_number(r.lon, 6) + ",\"lat\":" + json_number(r.lat, 6) +
                     ",\"actions\":[" + actions + "]}";
                first = false;
            }
        }
        json_reply(res, o + "]\n");
    }

    void act(const httplib::Request& req, httplib::Response& res) {
        const auto s = signed_in(req, res, true);
        if (!s) {
            return;
        }
        const std::string id = req.matches[1];
        const std::string action = req.matches[2];
        StateChange c;
        c.by = s->person;
        std::optional<IssuePhoto> photo;
        try {
            if (action == "accept") {
                c.to = IssueState::accepted;
            } else if (action == "resolve") {
                c.to = IssueState::resolved;
                c.note = text_field(req, "note", max_description_bytes);
                photo = photo_of(req, "photo");
            } else {
                c.to = IssueState::rejected;
                c.note = trim_text(text_field(req, "reason", max_description_bytes));
                if (c.note.empty()) {
                    throw InputError("reason: 退回需要说明原因 (a reason is required)");
                }
            }
        } catch (const InputError& e) {
            return api_error(res, 400, e.what());
        }
        IssueRecord after;
        try {
            m_writer
                .run([&](Project& p) {
                    const IssueActor who = issue_actor(p, id, s->person);
                    const IssueRecord before = get_issue(p, id);
                    const auto a = action_of(before.state, c.to);
                    if (a && !actor_may(who, *a)) {
                        throw Forbidden{};
                    }
                    after = set_issue_state(p, id, c);
                    if (photo) {
                        add_issue_photo(p, id, *photo);
                    }
                })
                .get();
        } catch (const InputError& e) {
            return api_error(res, 409, e.what());
        } catch (const Forbidden&) {
            return api_error(res, 403, s->person + " may not " + action + " " + id);
        }
        json_reply(res, "{\"id\":" + json_quote(after.id) +
                            ",\"state\":" + json_quote(to_string(after.state)) + ",\"state_zh\":" +
                            json_quote(term_zh(Vocabulary::issue_state, to_string(after.state))) +
                            "}\n");
    }

    void dashboard(const httplib::Request& req, httplib::Response& res) {
        const auto s = signed_in(req, res, false);
        if (!s) {
            return;
        }
        if (s->role != "leader") {
            return api_error(res, 403, "只有领导账号可以查看 (leaders only)");
        }
        const std::int64_t now = now_seconds();
        std::vector<IssueAsOf> issues;
        {
            auto p = m_readers.get();
            issues = issues_as_of(*p, now);
        }
        auto counts_json = [](const IssueCounts& c) {
            std::string by_state;
            for (const auto& [k, v] : c.open_by_state) {
                by_state += std::string(by_state.empty() ? "" : ",") + json_quote(k) + ":" +
                            std::to_string(v);
            }
            std::string by_cat;
            for (const auto& [k, v] : c.open_by_category) {
                by_cat += std::string(by_cat.empty() ? "" : ",") + json_quote(k) + ":" +
                          std::to_string(v);
            }
            return "{\"all\":" + std::to_string(c.all) + ",\"open\":" + std::to_string(c.open) +
                   ",\"resolved\":" + std::to_string(c.resolved) +
                   ",\"rejected\":" + std::to_string(c.rejected) +
                   ",\"overdue\":" + std::to_string(c.overdue) + ",\"open_by_state\":{" + by_state +
                   "},\"open_by_category\":{" + by_cat + "}}";
        };
        std::string cells;
        for (const auto& [cell, c] : count_issues_by(issues, now, "cell")) {
            cells +=
                std::string(cells.empty() ? "" : ",") + json_quote(cell) + ":" + counts_json(c);
        }
        json_reply(res, "{\"at\":" + json_quote(beijing_time(now)) +
                            ",\"total\":" + counts_json(count_issues(issues, now)) +
                            ",\"cells\":{" + cells + "}}\n");
    }

    ServeOptions m_options;
    Writer m_writer;
    ReaderPool m_readers;
    Sessions m_sessions;
    RateLimit m_anonymous;
    RateLimit m_logins;
    std::string m_secret;
    std::vector<MapFeature> m_map;
    std::mutex m_keys_mutex;
    std::unordered_map<std::string, std::pair<bool, std::chrono::steady_clock::time_point>> m_keys;
};

template <class S> int listen_and_serve(S& server, App& app, const ServeOptions& o) {
    app.routes(server);
    const int threads = o.threads;
    server.set_tcp_nodelay(true); // no 40 ms Nagle/delayed-ACK stall between header and body
    server.set_keep_alive_max_count(100000);
    server.set_keep_alive_timeout(2); // an idle connection holds a thread; stop() waits for it
    server.new_task_queue = [threads] {
        return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    // cpp-httplib listens with a backlog of 5: 200 clients connecting at once would see
    // dropped connections. The listening socket is kept here and given a longer backlog.
    int listening = -1;
    server.set_socket_options([&listening](int sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listening = sock;
    });
    if (!server.bind_to_port(o.bind.c_str(), o.port)) {
        throw InputError("--bind " + o.bind + " --port " + std::to_string(o.port) +
                         ": cannot listen there (in use, or not an address of this machine)");
    }
    if (listening >= 0) {
        ::listen(listening, 1024);
    }
    running_server.store(&server);
    std::signal(SIGINT, stop_on_signal);
    std::signal(SIGTERM, stop_on_signal);
    if (o.on_ready) {
        o.on_ready(std::string(o.tls_cert.empty() ? "http" : "https") + "://" + o.bind + ":" +
                   std::to_string(o.port) + "/");
    }
    server.listen_after_bind();
    running_server.store(nullptr);
    return 0;
}

} // namespace

int serve(const ServeOptions& o) {
    crypto_init();
    if (o.as_person.empty()) {
        throw InputError("--as PERSON is required: the person recorded as entering residents' "
                         "reports");
    }
    if (o.tls_cert.empty() != o.tls_key.empty()) {
        throw InputError("--tls-cert and --tls-key go together");
    }
    App app(o);
    if (!o.tls_cert.empty()) {
        httplib::SSLServer server(o.tls_cert.c_str(), o.tls_key.c_str());
        if (!server.is_valid()) {
            throw InputError("--tls-cert " + o.tls_cert + " --tls-key " + o.tls_key +
                             ": cannot be read as a PEM certificate and its private key");
        }
        return listen_and_serve(server, app, o);
    }
    httplib::Server server;
    return listen_and_serve(server, app, o);
}

} // namespace gridmap::serve
