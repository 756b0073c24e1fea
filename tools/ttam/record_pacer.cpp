#include "record_pacer.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

namespace ttam::cli {
namespace {

volatile std::sig_atomic_t stop_requested = 0;
struct sigaction previous_int;
struct sigaction previous_term;

extern "C" void RecordStopHandler(int /*signal*/) { stop_requested = 1; }

}  // namespace

bool SleepingPacer::WaitUntil(int64_t ms) {
  while (!StopOnSignals::Requested()) {
    int64_t left = ms - clock_.NowMs();
    if (left <= 0) return true;
    // Short steps: a signal ends the wait within 100 ms.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(left, 100)));
  }
  return false;
}

bool SimulatedPacer::WaitUntil(int64_t ms) {
  if (StopOnSignals::Requested()) return false;
  if (ms > clock_.NowMs()) clock_.Set(ms);
  return true;
}

StopOnSignals::StopOnSignals() {
  stop_requested = 0;
  struct sigaction action {};
  action.sa_handler = RecordStopHandler;
  sigemptyset(&action.sa_mask);
  // A scrape in flight finishes (SA_RESTART); a second signal kills (SA_RESETHAND).
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

bool StopOnSignals::Requested() { return stop_requested != 0; }

}  // namespace ttam::cli
