// An allocator for the large flat tables a run looks up at random (a
// shard's stamps, the checker's acknowledgments by key): a table of two
// megabytes or more is placed on transparent huge pages where the system
// offers them, so a random lookup costs one TLB entry per two megabytes
// instead of one per four kilobytes. With a million keys the page walks
// of those lookups were the largest single cost of a run. Smaller tables
// come from the ordinary heap. Only where memory sits changes, never what
// is stored, so a run is the same with or without huge pages. Any thread.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cs::sharding {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  static bool huge(std::size_t n) { return n * sizeof(T) >= kHugePage; }

  T* allocate(std::size_t n) {
    if (!huge(n)) return std::allocator<T>{}.allocate(n);
    // aligned_alloc wants a multiple of the alignment.
    const std::size_t bytes = (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, bytes);
    if (!p) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
    madvise(p, bytes, MADV_HUGEPAGE);  // a hint: without it the pages are small
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    if (!huge(n)) return std::allocator<T>{}.deallocate(p, n);
    std::free(p);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace cs::sharding
