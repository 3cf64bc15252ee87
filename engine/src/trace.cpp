// The trace ring, its running hash and its listeners. See trace.h.
#include "clusterscope/trace.h"

#include <algorithm>
#include <bit>
#include <cinttypes>
#include <cstdio>

namespace cs {
namespace {

std::size_t roundUpToPowerOfTwo(std::size_t n) {
  return std::bit_ceil(std::max<std::size_t>(n, 16));
}

}  // namespace

std::string hashText(std::uint64_t hash) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, hash);
  return buf;
}

Trace::Trace(std::size_t capacity)
    : ring_(roundUpToPowerOfTwo(capacity)), mask_(ring_.size() - 1) {}

std::uint64_t Trace::firstRetained() const {
  return count_ > ring_.size() ? count_ - ring_.size() + 1 : 1;
}

void Trace::copySince(std::uint64_t after, std::vector<TraceRecord>& out) const {
  for (std::uint64_t s = std::max(after + 1, firstRetained()); s <= count_; ++s)
    out.push_back(at(s));
}

void Trace::addListener(TraceListener* listener) {
  listeners_.push_back({listener, listener->kinds()});
}

void Trace::removeListener(TraceListener* listener) {
  std::erase_if(listeners_, [listener](const Listening& l) { return l.listener == listener; });
}

}  // namespace cs
