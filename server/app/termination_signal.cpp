// server/app/termination_signal.cpp — see termination_signal.hpp.
#include "server/app/termination_signal.hpp"

#include <pthread.h>

#include <csignal>
#include <cstring>
#include <string>

namespace kjerne::server::app {
namespace {

sigset_t TerminationSet() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

Status BlockTerminationSignals() {
    std::signal(SIGPIPE, SIG_IGN);
    sigset_t set = TerminationSet();
    if (int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
        return Error::Internal(std::string("pthread_sigmask: ") + std::strerror(rc));
    }
    return OkStatus();
}

Result<int> WaitForTerminationSignal() {
    sigset_t set = TerminationSet();
    int signal_number = 0;
    if (int rc = sigwait(&set, &signal_number); rc != 0) {
        return Error::Internal(std::string("sigwait: ") + std::strerror(rc));
    }
    return signal_number;
}

}  // namespace kjerne::server::app
