#pragma once

#include <cstdint>

namespace ttam {

/// Where lib/ gets the wall-clock time: main makes the system one, tests a
/// fixed one. NowMs() may be called from several threads at once.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Milliseconds since the Unix epoch.
  virtual int64_t NowMs() const = 0;
};

/// The system's wall clock; only main() should make one.
class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
};

/// A clock that always says the same time, for tests.
class FixedClock final : public Clock {
 public:
  /// Says `now_ms` (milliseconds since the Unix epoch) until Set().
  explicit FixedClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_; }
  /// Moves the clock; not safe while another thread reads it.
  void Set(int64_t now_ms) { now_ms_ = now_ms; }

 private:
  int64_t now_ms_;
};

}  // namespace ttam
