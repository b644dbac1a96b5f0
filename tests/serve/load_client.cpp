// A load client for `gridmap serve`: C concurrent clients (one keep-alive connection each) POST
// N Open311 requests in all, then it prints the throughput and the p50/p99 latency and writes
// the service_request_id of every acknowledged (201) request, one a line.
//
// Closed loop by default: each client posts its next request as soon as the last is answered
// (the throughput is the server's most; the latency is mostly the queue of C clients). With a
// RATE (requests per second, all clients together), open loop: request i is due at
// start + i / RATE, the next free client sends it then, and its latency is counted from when it
// was due (a server that falls behind is charged for the wait, no coordinated omission).
//
// usage: gridmap_serve_load HOST PORT API_KEY LAT LONG N C ACKED_FILE [DESCRIPTION_PREFIX [RATE]]

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 9) {
        std::cerr << "usage: gridmap_serve_load HOST PORT API_KEY LAT LONG N C ACKED_FILE "
                     "[PREFIX]\n";
        return 2;
    }
    const std::string host = argv[1];
    const int port = std::stoi(argv[2]);
    const std::string key = argv[3];
    const std::string lat = argv[4];
    const std::string lon = argv[5];
    const int n = std::stoi(argv[6]);
    const int c = std::stoi(argv[7]);
    const std::string acked_file = argv[8];
    const std::string prefix = argc > 9 ? argv[9] : "load";
    const double rate = argc > 10 ? std::stod(argv[10]) : 0.0;

    std::atomic<int> next{0};
    std::atomic<int> refused{0};
    std::atomic<int> failed{0};
    std::mutex m;
    std::vector<double> latencies;
    latencies.reserve(static_cast<std::size_t>(n));
    std::ofstream acked(acked_file);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < c; ++t) {
        threads.emplace_back([&] {
            httplib::Client client(host, port);
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            client.set_read_timeout(60, 0);
            client.set_connection_timeout(10, 0);
            for (int i = next++; i < n; i = next++) {
                const httplib::Params params{{"api_key", key},
                                             {"service_code", "0101"},
                                             {"lat", lat},
                                             {"long", lon},
                                             {"description", prefix + " " + std::to_string(i)}};
                auto t0 = std::chrono::steady_clock::now();
                if (rate > 0) {
                    const auto due =
                        start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(i / rate));
                    std::this_thread::sleep_until(due);
                    t0 = due;
                }
                const auto res = client.Post("/open311/v2/requests.json", params);
                const double ms =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
                if (!res) {
                    if (++failed <= 3) {
                        std::lock_guard lock(m);
                        std::cerr << "no answer: " << httplib::to_string(res.error()) << "\n";
                    }
                    continue;
                }
                if (res->status != 201) {
                    ++refused;
                    continue;
                }
                const std::string& body = res->body;
                const auto a = body.find("\"service_request_id\": \"");
                const auto b = a == std::string::npos ? a : body.find('"', a + 23);
                std::lock_guard lock(m);
                latencies.push_back(ms);
                if (b != std::string::npos) {
                    acked << body.substr(a + 23, b - a - 23) << '\n' << std::flush;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
        if (latencies.empty()) {
            return 0.0;
        }
        const auto i = static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1));
        return latencies[i];
    };
    std::printf("requests %d acknowledged %zu refused %d failed %d seconds %.2f "
                "per_second %.0f p50_ms %.1f p99_ms %.1f max_ms %.1f offered_per_second %.0f\n",
                n, latencies.size(), refused.load(), failed.load(), seconds,
                static_cast<double>(latencies.size()) / seconds, pct(0.50), pct(0.99),
                latencies.empty() ? 0.0 : latencies.back(), rate);
    return 0;
}
