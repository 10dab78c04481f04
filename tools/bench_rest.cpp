// tools/bench_rest.cpp — see bench_rest.hpp.
//
// Method. One scratch database, opened as `kjerne serve` opens it (DatabaseHandle: WAL,
// synchronous=full), holds the composition's OPT, --ehrs EHRs and one composition in each: the
// targets of GET (by version uid) and of the EHR-scoped AQL query. For each connection count N,
// nine phases of --seconds each, in this order:
//   commit / HTTP      N client threads, one keep-alive loopback connection each, POST the
//                      composition (canonical JSON) to random EHRs of the in-process server
//   commit / services  N threads call CompositionService::Create with the same bytes (parse,
//                      template validation, store): the server's work without HTTP
//   commit / store     N threads call Store::CreateComposition with a parsed document: the
//                      store's own commit rate (no parsing, no validation)
//   read / HTTP, read / services    GET composition by version uid only
//   query / HTTP, query / services  the EHR-scoped AQL query only
//   mix / HTTP         POST composition : GET composition : AQL in the weights of --mix
//   mix / services     the same operations on the services (CompositionService::Get,
//                      QueryService::Execute)
// The nine run in rounds of about one second each (--seconds rounds), one after the other,
// so that the shared machine's slow spells (fsync latency varies several-fold here) are spread
// over all of them; each phase's figures are the sum of its slices.
// The same N threads run every phase of one connection count (Workers), so the direct calls
// run on warm threads like the server's pooled workers, and each HTTP client thread keeps its
// keep-alive connection across rounds.
// Latency is measured per request on the client side (HTTP: from sending the request to the
// last byte of the response body). The server runs the application's route table (BuildRouter,
// auth none, metrics on) with N+8 worker threads, because Poco keeps a worker on each
// keep-alive connection for as long as it stays open. Client and server share the machine.
#include "tools/bench_rest.hpp"
#include "tools/bench_common.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <sqlite3.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/store_check.hpp"
#include "engine/codec/codec.hpp"
#include "engine/common/uuid.hpp"
#include "server/app/app_routes.hpp"
#include "server/app/database_handle.hpp"
#include "server/http/http_server.hpp"
#include "server/services/composition_service.hpp"
#include "server/services/ehr_service.hpp"
#include "server/services/query_service.hpp"
#include "server/services/template_service.hpp"

namespace kjerne::tools {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

enum Op { kPost = 0, kGet = 1, kAql = 2, kOps = 3 };
constexpr const char* kOpNames[kOps] = {"POST composition", "GET composition", "AQL (one EHR)"};
constexpr const char* kBase = "/rest/openehr/v1";
// EHR-scoped: the compositions of one EHR with their start times.
constexpr const char* kAqlText =
    "SELECT c/uid/value AS uid, c/context/start_time/value AS start FROM EHR e CONTAINS "
    "COMPOSITION c";

struct Target {
    std::string ehr_id;
    std::string version_uid;  // its preloaded composition
};

struct Samples {
    std::array<std::vector<double>, kOps> us;  // latencies in microseconds
    std::array<int64_t, kOps> errors{};
    std::string first_error;
};

// One request of one kind; false (with a reason) when it did not get the expected answer.
using OpFn = std::function<bool(Op, std::mt19937&, std::string& error)>;

struct Phase {
    std::string workload;  // commit | mix
    std::string via;       // HTTP | services | store
    int connections = 0;
    double seconds = 0;
    Samples samples;
};

// The OPT of a corpus composition, from compositions/MANIFEST.tsv ("" when not in the corpus).
std::string OptFor(const fs::path& corpus, const std::string& composition) {
    for (const ManifestRow& row : ReadCompositionManifest(corpus))
        if (row.file == composition && row.opt != "NOT_IN_CORPUS") return row.opt;
    return "";
}

// N threads that live through every phase of one connection count: the direct calls then run
// on warm threads, as the server's pooled workers do (thread-local allocator arenas and
// caches), and each thread keeps one OpFn per plan — for HTTP one keep-alive connection —
// across the rounds. Run() starts one timed slice of one plan on all of them and merges their
// samples.
class Workers {
public:
    Workers(int n, std::vector<std::function<OpFn(int thread)>> makers)
        : per_(static_cast<size_t>(n)), makers_(std::move(makers)) {
        for (int i = 0; i < n; ++i) threads_.emplace_back([this, i] { Loop(i); });
    }
    ~Workers() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            stop_ = true;
        }
        start_.notify_all();
        for (auto& t : threads_) t.join();
    }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    Samples Run(size_t plan, const std::array<int, kOps>& weights, double seconds) {
        std::unique_lock<std::mutex> lock(mu_);
        for (Samples& s : per_) s = Samples{};
        plan_ = plan;
        weights_ = weights;
        running_ = static_cast<int>(threads_.size());
        deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(seconds));
        ++generation_;
        start_.notify_all();
        done_.wait(lock, [this] { return running_ == 0; });
        Samples all;
        for (Samples& s : per_) {
            for (int op = 0; op < kOps; ++op) {
                all.us[op].insert(all.us[op].end(), s.us[op].begin(), s.us[op].end());
                all.errors[op] += s.errors[op];
            }
            if (all.first_error.empty()) all.first_error = s.first_error;
        }
        return all;
    }

private:
    void Loop(int i) {
        std::vector<OpFn> fns(makers_.size());
        std::mt19937 rng(static_cast<unsigned>(1000 + i));
        int seen = 0;
        for (;;) {
            size_t plan;
            std::array<int, kOps> weights;
            Clock::time_point deadline;
            {
                std::unique_lock<std::mutex> lock(mu_);
                start_.wait(lock, [&] { return stop_ || generation_ != seen; });
                if (stop_) return;
                seen = generation_;
                plan = plan_;
                weights = weights_;
                deadline = deadline_;
            }
            if (!fns[plan]) fns[plan] = makers_[plan](i);
            std::discrete_distribution<int> pick(weights.begin(), weights.end());
            Samples& s = per_[static_cast<size_t>(i)];
            while (Clock::now() < deadline) {
                Op op = static_cast<Op>(pick(rng));
                std::string error;
                auto t0 = Clock::now();
                bool ok = fns[plan](op, rng, error);
                auto t1 = Clock::now();
                s.us[op].push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
                if (!ok) {
                    ++s.errors[op];
                    if (s.first_error.empty())
                        s.first_error = std::string(kOpNames[op]) + ": " + error;
                }
            }
            {
                std::lock_guard<std::mutex> lock(mu_);
                if (--running_ == 0) done_.notify_one();
            }
        }
    }

    std::mutex mu_;
    std::condition_variable start_, done_;
    int generation_ = 0;  // guarded by mu_, as are the fields below
    bool stop_ = false;
    size_t plan_ = 0;
    std::array<int, kOps> weights_{};
    Clock::time_point deadline_;
    int running_ = 0;
    std::vector<Samples> per_;  // one per thread; written by its thread during a slice
    std::vector<std::function<OpFn(int thread)>> makers_;
    std::vector<std::thread> threads_;
};

double Percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

// A keep-alive HTTP/1.1 client on one loopback connection.
class Client {
public:
    explicit Client(uint16_t port) : session_("127.0.0.1", port) {
        session_.setKeepAlive(true);
        session_.setTimeout(Poco::Timespan(120, 0));
    }

    // The status, or 0 on a transport failure (`error` says which).
    int Send(const std::string& method, const std::string& uri, const std::string& body,
             std::string& response_body, std::string& etag, std::string& error) {
        try {
            Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
            request.setKeepAlive(true);
            if (!body.empty()) {
                request.setContentType("application/json");
                request.setContentLength(static_cast<std::streamsize>(body.size()));
            }
            std::ostream& out = session_.sendRequest(request);
            out << body;
            Poco::Net::HTTPResponse response;
            std::istream& in = session_.receiveResponse(response);
            response_body.clear();
            Poco::StreamCopier::copyToString(in,
                                             response_body);  // drained: the connection is reused
            etag = response.get("ETag", "");
            return static_cast<int>(response.getStatus());
        } catch (const Poco::Exception& e) {
            session_.reset();
            error = e.displayText();
            return 0;
        }
    }

private:
    Poco::Net::HTTPClientSession session_;
};

std::string JsonString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

struct Fixture {
    std::string body;             // the composition's bytes
    std::vector<Target> targets;  // one per EHR
};

// Thread `thread`'s requests go over its one connection, clients[thread] (made on first use),
// whichever plan it runs: an idle keep-alive connection holds a server worker.
OpFn HttpOps(std::vector<std::shared_ptr<Client>>& clients, int thread, uint16_t port,
             const Fixture& f) {
    auto& slot = clients[static_cast<size_t>(thread)];
    if (!slot) slot = std::make_shared<Client>(port);
    std::shared_ptr<Client> client = slot;
    const std::string aql_body = "{\"q\":" + JsonString(kAqlText) + "}";
    return [client, &f, aql_body](Op op, std::mt19937& rng, std::string& error) {
        const Target& t = f.targets[rng() % f.targets.size()];
        std::string body, etag;
        int want = 200, got = 0;
        switch (op) {
            case kPost:
                want = 201;
                got = client->Send("POST", std::string(kBase) + "/ehr/" + t.ehr_id + "/composition",
                                   f.body, body, etag, error);
                break;
            case kGet:
                got = client->Send(
                    "GET",
                    std::string(kBase) + "/ehr/" + t.ehr_id + "/composition/" + t.version_uid, "",
                    body, etag, error);
                break;
            default:
                got = client->Send("POST", std::string(kBase) + "/query/aql?ehr_id=" + t.ehr_id,
                                   aql_body, body, etag, error);
                break;
        }
        if (got == want) return true;
        if (got != 0) error = "HTTP " + std::to_string(got) + " " + body.substr(0, 200);
        return false;
    };
}

struct Services {
    explicit Services(store::Store& s, server::services::QueryLimits limits)
        : templates(s), ehrs(s), compositions(s, templates), queries(s, limits) {}
    server::services::TemplateService templates;
    server::services::EhrService ehrs;
    server::services::CompositionService compositions;
    server::services::QueryService queries;
};

// An Error's text, or "" when `r` is ok.
template <typename T>
std::string Failure(const Result<T>& r) {
    return r.ok() ? std::string() : r.error().ToString().substr(0, 200);
}

OpFn ServiceOps(Services& s, const Fixture& f) {
    return [&s, &f](Op op, std::mt19937& rng, std::string& error) {
        const Target& t = f.targets[rng() % f.targets.size()];
        switch (op) {
            case kPost:
                error = Failure(s.compositions.Create(t.ehr_id, f.body, codec::Format::kJson));
                break;
            case kGet:
                error = Failure(s.compositions.Get(t.ehr_id, t.version_uid, std::nullopt));
                break;
            default: {
                server::services::QueryRequest q;
                q.q = kAqlText;
                q.ehr_id = t.ehr_id;
                error = Failure(s.queries.Execute(q));
                break;
            }
        }
        return error.empty();
    };
}

OpFn StoreCommits(store::Store& st, const Fixture& f) {
    // Each thread commits its own parsed copy (documents are not shared across threads).
    auto doc = std::make_shared<rm::Document>(std::move(codec::ReadJson(f.body)).value());
    return [&st, &f, doc](Op, std::mt19937& rng, std::string& error) {
        const Target& t = f.targets[rng() % f.targets.size()];
        auto r = st.CreateComposition(t.ehr_id, *doc);
        if (!r.ok()) error = r.error().ToString().substr(0, 200);
        return r.ok();
    };
}

std::array<int, kOps> ParseMix(const std::string& text) {
    std::array<int, kOps> w{};
    std::stringstream in(text);
    std::string cell;
    for (int i = 0; i < kOps && std::getline(in, cell, ','); ++i)
        w[i] = std::max(0, std::atoi(cell.c_str()));
    if (w[0] + w[1] + w[2] == 0) w = {1, 1, 1};
    return w;
}

void Print(std::ostream& md, const std::vector<Phase>& phases) {
    md << "| workload | connections | via | operation | requests | req/s | p50 ms | p99 ms | "
          "errors |\n";
    md << "|---|---:|---|---|---:|---:|---:|---:|---:|\n";
    char buf[256];
    for (const Phase& p : phases) {
        for (int op = 0; op < kOps; ++op) {
            const auto& v = p.samples.us[op];
            if (v.empty()) continue;
            std::snprintf(
                buf, sizeof buf, "| %s | %d | %s | %s | %zu | %.0f | %.2f | %.2f | %lld |\n",
                p.workload.c_str(), p.connections, p.via.c_str(),
                p.via == "store" ? "commit (parsed document)" : kOpNames[op], v.size(),
                static_cast<double>(v.size()) / p.seconds, Percentile(v, 0.5) / 1000.0,
                Percentile(v, 0.99) / 1000.0, static_cast<long long>(p.samples.errors[op]));
            md << buf;
        }
    }
}

double Rate(const Phase& p, Op op) {
    return static_cast<double>(p.samples.us[op].size()) / p.seconds;
}

}  // namespace

int RunRestBench(const RestBenchOptions& o) {
    const fs::path corpus = o.corpus_dir;
    const fs::path comp_path = corpus / "compositions" / o.composition;
    const std::string opt_rel = OptFor(corpus, o.composition);
    if (!fs::exists(comp_path) || opt_rel.empty() || !fs::exists(corpus / opt_rel)) {
        std::cerr << "bench rest: " << comp_path.string()
                  << " or its OPT (compositions/MANIFEST.tsv) is not in the corpus; set --corpus "
                     "or KJERNE_CORPUS_DIR\n";
        return 2;
    }
    const fs::path dir = o.dir.empty() ? fs::temp_directory_path() : fs::path(o.dir);
    const fs::path db_path = dir / ("kjerne-bench-rest-" + std::to_string(::getpid()) + ".db");
    auto remove_db = [&] {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path.string() + suffix, ec);
    };
    remove_db();

    Fixture f;
    f.body = ReadOrEmpty(comp_path);
    std::vector<Phase> phases;
    const std::array<int, kOps> mix = ParseMix(o.mix);
    {
        auto db = server::app::DatabaseHandle::Open(db_path.string());
        if (!db.ok()) {
            std::cerr << "bench rest: " << db.error().ToString() << '\n';
            return 2;
        }
        store::Store& st = db->store();
        server::services::QueryLimits limits;  // the server's defaults
        Services s(st, limits);
        if (auto up = s.templates.Upload(ReadOrEmpty(corpus / opt_rel)); !up.ok()) {
            std::cerr << "bench rest: template: " << up.error().ToString() << '\n';
            return 2;
        }
        auto setup_start = Clock::now();
        for (int i = 0; i < o.ehrs; ++i) {
            auto ehr = s.ehrs.Create("", "", codec::Format::kJson);
            if (!ehr.ok()) {
                std::cerr << "bench rest: EHR: " << ehr.error().ToString() << '\n';
                return 2;
            }
            auto v = s.compositions.Create(ehr->ehr.ehr_id, f.body, codec::Format::kJson);
            if (!v.ok()) {
                std::cerr << "bench rest: the composition does not commit: " << v.error().ToString()
                          << '\n';
                return 2;
            }
            f.targets.push_back({ehr->ehr.ehr_id, v->uid});
        }
        std::cerr << "bench rest: " << o.ehrs << " EHRs with one composition each in "
                  << std::chrono::duration<double>(Clock::now() - setup_start).count() << " s\n";

        for (int n : o.connections) {
            server::http::HttpServerOptions options;
            options.port = 0;
            options.max_threads = n + 8;
            options.max_queued = std::max(256, 4 * n);
            auto server =
                server::http::HttpServer::Start(options, server::app::BuildRouter(*db, {}, limits));
            if (!server.ok()) {
                std::cerr << "bench rest: " << server.error().ToString() << '\n';
                return 2;
            }
            const uint16_t port = (*server)->port();
            // The phases run in rounds of one slice each (about a second), so slow spells of
            // the shared disk or CPU fall on all of them alike rather than on one.
            std::vector<std::shared_ptr<Client>> clients(static_cast<size_t>(n));
            const std::array<int, kOps> commit_only = {1, 0, 0};
            const std::array<int, kOps> get_only = {0, 1, 0};
            const std::array<int, kOps> aql_only = {0, 0, 1};
            struct Plan {
                const char* workload;
                const char* via;
                std::array<int, kOps> weights;
                std::function<OpFn(int thread)> make;
            };
            const std::vector<Plan> measured = {
                {"commit", "HTTP", commit_only,
                 [&](int i) { return HttpOps(clients, i, port, f); }},
                {"commit", "services", commit_only, [&](int) { return ServiceOps(s, f); }},
                {"commit", "store", commit_only, [&](int) { return StoreCommits(st, f); }},
                {"read", "HTTP", get_only, [&](int i) { return HttpOps(clients, i, port, f); }},
                {"read", "services", get_only, [&](int) { return ServiceOps(s, f); }},
                {"query", "HTTP", aql_only, [&](int i) { return HttpOps(clients, i, port, f); }},
                {"query", "services", aql_only, [&](int) { return ServiceOps(s, f); }},
                {"mix", "HTTP", mix, [&](int i) { return HttpOps(clients, i, port, f); }},
                {"mix", "services", mix, [&](int) { return ServiceOps(s, f); }},
            };
            const std::vector<Plan> soak = {
                {"mix", "HTTP", mix, [&](int i) { return HttpOps(clients, i, port, f); }}};
            const bool soaking = o.soak_seconds > 0;
            const std::vector<Plan>& plans = soaking ? soak : measured;
            const double total = soaking ? o.soak_seconds : o.seconds;
            const int rounds = std::max(1, static_cast<int>(total + 0.5));
            const double slice = total / rounds;
            const size_t first = phases.size();
            for (const Plan& plan : plans)
                phases.push_back(Phase{plan.workload, plan.via, n, 0, {}});
            std::cerr << "bench rest: " << n << " connections, " << rounds << " rounds of "
                      << plans.size() << " phases x " << slice << " s\n";
            {
                std::vector<std::function<OpFn(int thread)>> makers;
                for (const Plan& plan : plans) makers.push_back(plan.make);
                Workers workers(n, std::move(makers));
                for (int r = 0; r < rounds; ++r) {
                    for (size_t i = 0; i < plans.size(); ++i) {
                        Samples got = workers.Run(i, plans[i].weights, slice);
                        Phase& p = phases[first + i];
                        p.seconds += slice;
                        for (int op = 0; op < kOps; ++op) {
                            p.samples.us[op].insert(p.samples.us[op].end(), got.us[op].begin(),
                                                    got.us[op].end());
                            p.samples.errors[op] += got.errors[op];
                        }
                        if (p.samples.first_error.empty() && !got.first_error.empty()) {
                            p.samples.first_error = got.first_error;
                            std::cerr << "  first error (" << p.workload << " / " << p.via
                                      << "): " << got.first_error << '\n';
                        }
                    }
                    if (soaking && (r + 1) % 60 == 0) {
                        std::cerr << "  soak: " << (r + 1) << " s, " << phases[first].samples.us[kPost].size()
                                  << " commits so far\n";
                    }
                }
            }  // the workers (and their connections) end before the server stops
            clients.clear();
            (*server)->Stop();
            if (soaking) break;  // one connection count
        }
        if (o.soak_seconds > 0) {
            const Phase& p = phases.front();
            int64_t requests = 0, errors = 0;
            for (int op = 0; op < kOps; ++op) {
                requests += static_cast<int64_t>(p.samples.us[op].size()) + p.samples.errors[op];
                errors += p.samples.errors[op];
            }
            auto check = store::CheckStore(db_path.string());
            std::ostringstream md;
            Print(md, phases);
            std::cout << md.str() << "soak: " << o.soak_seconds << " s at " << p.connections
                      << " connections: " << requests << " requests, " << errors << " failed; store check "
                      << (!check.ok() ? "unreadable: " + check.error().ToString()
                                      : check->clean() ? std::string("clean")
                                                       : std::to_string(check->findings.size()) + " findings")
                      << '\n';
            if (!o.keep) remove_db();
            return errors == 0 && check.ok() && check->clean() ? 0 : 1;
        }
        auto stats = st.Stats();
        std::ostringstream md;
#ifdef NDEBUG
        const char* build = "release (NDEBUG)";
#else
        const char* build = "debug (assertions on)";
#endif
        md << MachineLine() << "; build " << build << "; SQLite " << sqlite3_libversion() << "\n";
        md << "Input: " << o.composition << " (" << f.body.size() << " bytes) with " << opt_rel
           << "; " << o.ehrs << " EHRs, one composition each before the first phase";
        if (stats.ok()) md << ", " << stats->compositions << " compositions at the end";
        md << "\nDurability: WAL, synchronous=full (as `kjerne serve`); each phase " << o.seconds
           << " s; mix weights POST:GET:AQL = " << mix[0] << ":" << mix[1] << ":" << mix[2]
           << "\n\n";
        Print(md, phases);
        md << '\n';
        auto find = [&](int n, const char* workload, const char* via) -> const Phase* {
            for (const Phase& p : phases)
                if (p.connections == n && p.workload == workload && p.via == via) return &p;
            return nullptr;
        };
        for (int n : o.connections) {
            const Phase* http = find(n, "commit", "HTTP");
            const Phase* svc = find(n, "commit", "services");
            const Phase* raw = find(n, "commit", "store");
            if (!http || !svc || !raw) continue;
            char buf[256];
            std::snprintf(
                buf, sizeof buf,
                "%d connections: REST commits %.0f/s = %.0f %% of the services' %.0f/s and %.0f %% "
                "of the store's own %.0f/s\n",
                n, Rate(*http, kPost),
                100.0 * Rate(*http, kPost) / std::max(1.0, Rate(*svc, kPost)), Rate(*svc, kPost),
                100.0 * Rate(*http, kPost) / std::max(1.0, Rate(*raw, kPost)), Rate(*raw, kPost));
            md << buf;
        }
        std::cout << md.str();
        if (!o.out_markdown.empty()) std::ofstream(o.out_markdown) << md.str();
    }
    if (!o.keep) remove_db();
    return 0;
}

void RegisterRestBench(CLI::App& bench, int& exit_code, std::string default_corpus) {
    auto options = std::make_shared<RestBenchOptions>();
    CLI::App* rest = bench.add_subcommand("rest",
                                          "REST server under concurrent keep-alive load (commits, "
                                          "reads, AQL) beside the services and the store");
    rest->add_option("--corpus", options->corpus_dir,
                     "Corpus root (default: $KJERNE_CORPUS_DIR, else ../shared/corpus)");
    rest->add_option(
        "--composition", options->composition,
        "Composition to commit, relative to compositions/ (its OPT from MANIFEST.tsv)");
    rest->add_option("--connections", options->connections,
                     "Concurrent connections per run (default 8,64)")
        ->delimiter(',');
    rest->add_option("--seconds", options->seconds, "Duration of each measured phase (default 10)")
        ->check(CLI::Range(0.1, 3600.0));
    rest->add_option("--ehrs", options->ehrs, "EHRs the load is spread over (default 500)")
        ->check(CLI::Range(1, 1000000));
    rest->add_option("--mix", options->mix,
                     "Weights POST,GET,AQL of the mixed phase (default 1,4,1)");
    rest->add_option("--dir", options->dir, "Folder for the scratch database (default: temp)");
    rest->add_option("--markdown", options->out_markdown, "Also write the results here");
    rest->add_flag("--keep", options->keep, "Keep the scratch database");
    rest->add_option("--soak", options->soak_seconds,
                     "Instead of the phases: the mixed load over HTTP for this many seconds, then the "
                     "store's integrity check (exit 1 on a failed request or a finding)")
        ->check(CLI::Range(1.0, 86400.0));
    rest->callback([options, &exit_code, default_corpus] {
        if (options->corpus_dir.empty()) options->corpus_dir = default_corpus;
        exit_code = RunRestBench(*options);
    });
}

}  // namespace kjerne::tools
