#pragma once

// `ttam record`'s sense of time: the clock its scrapes are stamped with, how
// it waits for the next scrape, and Ctrl-C/SIGTERM, which end the wait.
#include <cstdint>

#include "support/clock.h"

namespace ttam::cli {

/// Waits for scrape times on a clock.
class Pacer {
 public:
  virtual ~Pacer() = default;
  /// The clock scrapes are stamped with.
  virtual const Clock& clock() const = 0;
  /// Waits until the clock says `ms` (at once when it is past); false when
  /// a stop was requested (SIGINT, SIGTERM) before or while waiting.
  virtual bool WaitUntil(int64_t ms) = 0;
};

/// Sleeps on `clock` (the process's) in short steps, checking for a stop.
class SleepingPacer final : public Pacer {
 public:
  explicit SleepingPacer(const Clock& clock) : clock_(clock) {}
  const Clock& clock() const override { return clock_; }
  bool WaitUntil(int64_t ms) override;

 private:
  const Clock& clock_;
};

/// A simulated clock for tests (`--test-clock`): it starts at `start_ms`
/// and waiting moves it to the time waited for at once; nothing sleeps. A
/// stop request still ends the run.
class SimulatedPacer final : public Pacer {
 public:
  explicit SimulatedPacer(int64_t start_ms) : clock_(start_ms) {}
  const Clock& clock() const override { return clock_; }
  bool WaitUntil(int64_t ms) override;

 private:
  FixedClock clock_;
};

/// While alive, SIGINT and SIGTERM request a stop instead of killing the
/// process (a second signal kills it, as usual); restores the previous
/// handlers when destroyed.
class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  /// True once SIGINT or SIGTERM arrived.
  static bool Requested();
};

}  // namespace ttam::cli
