// Allocator policy: glibc's malloc and freshly faulted pages.
//
// libtorch allocates every operator's output afresh (CPU tensors are not pooled). glibc serves
// blocks above its mmap threshold (128 KiB at start, raised dynamically up to 32 MiB) with mmap
// and gives them back with munmap on free, and it returns the top of the heap to the kernel once
// more than the trim threshold is free there. Either way the next activation of the same size
// lands on new pages, and every 4 KiB page faults on its first write. On a virtual machine a page
// fault is expensive: training the 4-class fusion with the pretrained YAMNet spent a third of its
// time in the kernel's fault handler here (README, "Allocator policy"). Keeping freed blocks in the
// process removes those faults.
#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "shim.h"

namespace {

constexpr int kRetainMmapThreshold = 32 << 20;  // glibc's largest allowed value on 64-bit
constexpr int kRetainTrimThreshold = 1 << 30;
// A thread arena (every thread but the main one) grows in 64 MiB heaps, and glibc unmaps a whole
// heap as soon as it is empty, whatever the trim threshold. A top pad of 64 MiB keeps it.
constexpr int kRetainTopPad = 64 << 20;
constexpr int kGlibcInitialThreshold = 128 << 10;
constexpr int kGlibcTopPad = 128 << 10;

std::atomic<int> retaining{0};

#if defined(__GLIBC__)
bool apply(bool retain) {
  int mmap_threshold = retain ? kRetainMmapThreshold : kGlibcInitialThreshold;
  int trim_threshold = retain ? kRetainTrimThreshold : kGlibcInitialThreshold;
  int top_pad = retain ? kRetainTopPad : kGlibcTopPad;
  bool ok = mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 &&
            mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1 && mallopt(M_TOP_PAD, top_pad) == 1;
  if (ok) retaining.store(retain ? 1 : 0, std::memory_order_release);
  return ok;
}

// The user chose malloc settings (environment): leave them alone.
bool user_tuned_malloc() {
  const char* opt = std::getenv("SER_TORCH_MALLOC");
  if (opt != nullptr && std::strcmp(opt, "default") == 0) return true;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.") != nullptr) return true;
  return std::getenv("MALLOC_MMAP_THRESHOLD_") != nullptr ||
         std::getenv("MALLOC_TRIM_THRESHOLD_") != nullptr ||
         std::getenv("MALLOC_TOP_PAD_") != nullptr;
}

// Runs when the shim is loaded, before any tensor exists.
__attribute__((constructor)) void retain_by_default() {
  if (!user_tuned_malloc()) apply(true);
}
#endif

}  // namespace

extern "C" {

int st_set_retain_freed_memory(int retain) {
#if defined(__GLIBC__)
  return apply(retain != 0) ? 1 : 0;
#else
  (void)retain;
  return 0;
#endif
}

int st_get_retain_freed_memory(void) { return retaining.load(std::memory_order_acquire); }

}  // extern "C"
