// tests/store/crash_test.cpp
//
// kill -9 at random moments: a child process commits in a loop (new EHR + composition,
// updates, deletions) and reports each acknowledged commit's version uid through a pipe; the
// parent kills it with SIGKILL after a random delay, then requires the integrity check to be
// clean and every acknowledged version to be readable. 50 rounds on one growing file.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/store/store_check.hpp"
#include "tests/store/store_fixture.hpp"

using namespace kjerne;
using namespace kjerne::store;
using kjerne::test::TempDbPath;

namespace {

void WriteLine(int fd, const std::string& s) {
    std::string line = s + "\n";  // < PIPE_BUF: one atomic write
    if (::write(fd, line.data(), line.size()) < 0) _exit(3);
}

// The child: never returns.
[[noreturn]] void CommitForever(const std::string& path, const rm::Document& doc, int fd, unsigned seed) {
    StoreOptions o;
    o.path = path;
    o.synchronous = Synchronous::kFull;
    auto opened = OpenSqliteStore(o);
    if (!opened.ok()) _exit(2);
    Store& s = **opened;
    std::mt19937 rng(seed);
    for (;;) {
        VersionChange c;
        c.data = &doc;
        auto created = s.CreateEhrAndCommit({}, ContributionRequest{"", {c}, {}});
        if (!created.ok()) _exit(4);
        const VersionRecord& v = created->versions.front();
        WriteLine(fd, v.uid);
        std::string prev = v.uid;
        int updates = static_cast<int>(rng() % 3);
        for (int i = 0; i < updates; ++i) {
            auto u = s.UpdateComposition(v.ehr_id, prev, doc);
            if (!u.ok()) _exit(5);
            WriteLine(fd, u->uid);
            prev = u->uid;
        }
        if (rng() % 4 == 0) {
            auto d = s.DeleteComposition(v.ehr_id, prev);
            if (!d.ok()) _exit(6);
            WriteLine(fd, d->uid);
        }
    }
}

}  // namespace

TEST_CASE("kill -9 during commits loses no acknowledged version and leaves a clean store",
          "[store][crash]") {
    TempDbPath db("kjerne-crash");
    auto c = test::MinimalObservation();
    rm::Document doc = test::LoadComposition(c);
    {
        auto s = test::OpenTestStore(db);
        test::RegisterTemplate(*s, c);
    }
    std::mt19937 rng(20261125);
    std::vector<std::string> acknowledged;
    constexpr int kRounds = 50;
    int killed_mid_run = 0;
    for (int round = 0; round < kRounds; ++round) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        unsigned seed = static_cast<unsigned>(rng());
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            CommitForever(db.str(), doc, fds[1], seed);
        }
        ::close(fds[1]);
        std::this_thread::sleep_for(std::chrono::microseconds(2000 + rng() % 40000));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++killed_mid_run;
        INFO("round " << round << " child status " << status);
        REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));  // no early exit: no error
        // Everything the child acknowledged before it died.
        std::string buf;
        char chunk[4096];
        for (ssize_t n; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) buf.append(chunk, static_cast<size_t>(n));
        ::close(fds[0]);
        for (size_t pos = 0, nl; (nl = buf.find('\n', pos)) != std::string::npos; pos = nl + 1) {
            acknowledged.push_back(buf.substr(pos, nl - pos));
        }

        auto report = CheckStore(db.str());
        REQUIRE(report.ok());
        for (const auto& f : report->findings) UNSCOPED_INFO(f);
        REQUIRE(report->clean());
    }
    auto s = test::OpenTestStore(db);
    size_t missing = 0;
    for (const std::string& uid : acknowledged) {
        if (!s->ReadVersion(uid).ok()) ++missing;
    }
    CHECK(missing == 0);
    CHECK(killed_mid_run == kRounds);
    CHECK(acknowledged.size() > static_cast<size_t>(kRounds));
    WARN(kRounds << " kill -9 rounds, " << acknowledged.size() << " acknowledged versions, all present; "
                 << s->Stats()->versions << " versions stored");
}
