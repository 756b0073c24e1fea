#pragma once

// The progress line long work shows on a terminal: "[=====     ] 12/40 files".

#include <cstddef>
#include <mutex>
#include <string>

#include "common_options.h"

namespace ttam::cli {

/// A progress bar on stderr, drawn only when `enabled` (stderr is a
/// terminal); Update may be called from several threads.
class Progress {
 public:
  /// `unit` names what is counted ("files", "targets").
  Progress(Io& io, bool enabled, std::string unit);
  /// Redraws the bar at `done` of `total`.
  void Update(size_t done, size_t total);
  /// Erases the bar.
  void Clear();

 private:
  Io& io_;
  bool enabled_;
  std::string unit_;
  std::mutex mu_;
};

}  // namespace ttam::cli
