#pragma once

namespace ttam::cli {

/// Sets up the process heap for large inputs: reserved in big steps and
/// backed by transparent huge pages where the kernel offers them (madvise
/// mode), so that building a large tree costs few page faults. Call once,
/// first thing in main; a no-op outside glibc on Linux and under sanitizers.
void TuneHeap();

}  // namespace ttam::cli
