// server/app/termination_signal.hpp
//
// Owns how `kjerne serve` waits for SIGINT/SIGTERM. Why not a signal handler: the server must
// stop its threads and close the database in an orderly way, which is not async-signal-safe.
// Instead the signals are blocked before any thread starts (threads inherit the mask) and the
// main thread collects them synchronously with sigwait(), the same scheme as
// Poco::Util::ServerApplication::waitForTerminationRequest().
// Thread-safety: call BlockTerminationSignals() on the main thread before creating threads.
#pragma once

#include "engine/common/result.hpp"

namespace kjerne::server::app {

// Blocks SIGINT and SIGTERM for the calling thread and every thread it creates afterwards.
// Also ignores SIGPIPE, so a client closing its socket cannot kill the server.
Status BlockTerminationSignals();

// Waits until SIGINT or SIGTERM is pending and returns its number.
Result<int> WaitForTerminationSignal();

}  // namespace kjerne::server::app
