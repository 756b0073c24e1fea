#include "progress.h"

#include <ostream>
#include <utility>

namespace ttam::cli {

Progress::Progress(Io& io, bool enabled, std::string unit)
    : io_(io), enabled_(enabled), unit_(std::move(unit)) {}

void Progress::Update(size_t done, size_t total) {
  if (!enabled_ || total == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  constexpr size_t kWidth = 30;
  size_t filled = done * kWidth / total;
  io_.err << "\r[" << std::string(filled, '=') << std::string(kWidth - filled, ' ') << "] " << done
          << "/" << total << " " << unit_ << std::flush;
}

void Progress::Clear() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  io_.err << "\r" << std::string(60, ' ') << "\r" << std::flush;
}

}  // namespace ttam::cli
