// The trace ring, its running hash and its listeners. See trace.h.
#include "clusterscope/trace.h"

#include <algorithm>
#include <bit>

namespace cs {
namespace {

std::size_t roundUpToPowerOfTwo(std::size_t n) {
  return std::bit_ceil(std::max<std::size_t>(n, 16));
}

// Folds one 64-bit word into the hash: a multiply-rotate mix, cheap enough to
// run on every record and sensitive to every bit and to word order.
inline std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
  h ^= w + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ULL;
}

}  // namespace

Trace::Trace(std::size_t capacity)
    : ring_(roundUpToPowerOfTwo(capacity)), mask_(ring_.size() - 1) {}

const TraceRecord& Trace::append(TraceRecord r) {
  r.seq = ++count_;
  std::uint64_t h = hash_;
  h = mix(h, static_cast<std::uint64_t>(r.at.count()));
  h = mix(h, static_cast<std::uint64_t>(r.due.count()));
  h = mix(h, r.msg);
  h = mix(h, r.request);
  h = mix(h, r.cause);
  for (std::int64_t x : r.v) h = mix(h, static_cast<std::uint64_t>(x));
  h = mix(h, (std::uint64_t{r.node} << 32) | r.peer);
  h = mix(h, (std::uint64_t{r.label} << 24) |
                 (std::uint64_t{static_cast<std::uint8_t>(r.kind)} << 16) |
                 (std::uint64_t{static_cast<std::uint8_t>(r.reason)} << 8) | r.flags);
  hash_ = h;
  TraceRecord& stored = ring_[(r.seq - 1) & mask_];
  stored = r;
  for (TraceListener* l : listeners_) l->onRecord(stored);
  return stored;
}

std::uint64_t Trace::firstRetained() const {
  return count_ > ring_.size() ? count_ - ring_.size() + 1 : 1;
}

void Trace::copySince(std::uint64_t after, std::vector<TraceRecord>& out) const {
  for (std::uint64_t s = std::max(after + 1, firstRetained()); s <= count_; ++s)
    out.push_back(at(s));
}

void Trace::addListener(TraceListener* listener) {
  listeners_.push_back(listener);
}

void Trace::removeListener(TraceListener* listener) {
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

}  // namespace cs
