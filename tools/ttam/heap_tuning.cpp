#include "heap_tuning.h"

#include <cstddef>
#include <cstdint>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define TTAM_HEAP_TUNING 1
#endif

// A sanitizer brings its own allocator: there is no glibc heap to tune.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#undef TTAM_HEAP_TUNING
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#undef TTAM_HEAP_TUNING
#endif
#endif

namespace ttam::cli {

void TuneHeap() {
#ifdef TTAM_HEAP_TUNING
  // Faulting fresh 4 KiB pages in one by one is a large part of loading a big
  // file (a 20,000-rule file touches about 40 MB of tree: some 10,000 faults,
  // each a trip into the kernel, costlier still under a hypervisor). The
  // heap is reserved in one 64 MiB step and marked for transparent huge
  // pages, as glibc's own glibc.malloc.hugetlb=1 tunable would: a 2 MiB page
  // is one fault. Nothing is touched ahead of use, so memory is paid for
  // as it is used, in 2 MiB steps.
  constexpr size_t kHugePage = size_t{2} << 20;
  constexpr size_t kReserve = size_t{64} << 20;
  mallopt(M_TOP_PAD, static_cast<int>(kReserve));
  // Allocations up to 4 MiB come from that heap too (glibc would give each
  // of 128 KiB and up its own mapping of small pages).
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  // The heap grows by kReserve on this allocation (more than the little
  // the start-up left free at its top).
  void* probe = malloc(kHugePage);
  if (probe == nullptr) return;
  auto start = reinterpret_cast<uintptr_t>(probe);
  auto end = reinterpret_cast<uintptr_t>(sbrk(0));
  free(probe);
  uintptr_t first = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (end > first + kHugePage) {
    // Advice only: without transparent huge pages (`never`) this fails and
    // nothing changes.
    madvise(reinterpret_cast<void*>(first), (end - first) & ~(kHugePage - 1), MADV_HUGEPAGE);
  }
#endif
}

}  // namespace ttam::cli
