#pragma once

// `gridmap serve`: a project over HTTP(S). Open311 GeoReport v2 under /open311/v2/ (for city
// systems and WeChat/Amap clients, with an API key), the phone page at / (residents report and
// follow their request by its token; staff sign in for their work orders; leaders see the
// dashboard), and its JSON API under /api/. One writer thread owns the project's write
// connection and commits queued new requests in batches (one transaction, one fsync per
// batch); a request is acknowledged only after its commit. Readers use a pool of read-only
// connections on the write-ahead log.

#include <functional>
#include <string>

namespace gridmap::serve {

struct ServeOptions {
    std::string project;
    std::string bind = "127.0.0.1";
    int port = 8311;
    std::string tls_cert; ///< both or neither: HTTPS
    std::string tls_key;
    /// The person id recorded as entering residents' reports (the event's `by`), required.
    std::string as_person;
    /// The community staff member in whose name new requests are dispatched at once to the
    /// proposed assignee; empty: they stay reported until staff dispatch them.
    std::string dispatch_by;
    /// New requests per minute from one address on the phone page (API-key clients are not
    /// limited); 0 = no limit.
    int anonymous_per_minute = 20;
    int threads = 256;
    int session_minutes = 8 * 60;
    /// Called once the server listens, with its URL.
    std::function<void(const std::string&)> on_ready;
};

/// Serves until SIGINT or SIGTERM; returns the exit code. Throws gridmap::Error for a bad
/// option, an unusable project or a port in use.
int serve(const ServeOptions& options);

} // namespace gridmap::serve
