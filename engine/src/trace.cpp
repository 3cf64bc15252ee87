// The trace ring, its running hash and its listeners. See trace.h.
#include "clusterscope/trace.h"

#include <algorithm>
#include <bit>

namespace cs {
namespace {

std::size_t roundUpToPowerOfTwo(std::size_t n) {
  return std::bit_ceil(std::max<std::size_t>(n, 16));
}

// 64x64 -> 128-bit multiply, folded: the mixing step of wyhash. Products of
// different word pairs are independent, so the CPU computes them in parallel;
// only the final fold into the running hash is a serial chain.
inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) {
  __extension__ using U128 = unsigned __int128;
  const U128 p = static_cast<U128>(a) * b;
  return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
}

// Per-position keys: the same value in another field hashes differently.
constexpr std::uint64_t kKey[] = {
    0xA0761D6478BD642FULL, 0xE7037ED1A0B428DBULL, 0x8EBC6AF09C88C6E3ULL, 0x589965CC75374CC3ULL,
    0x1D8E4E27C47D124FULL, 0x9E3779B97F4A7C15ULL, 0xBF58476D1CE4E5B9ULL, 0x94D049BB133111EBULL,
    0xD6E8FEB86659FD93ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL, 0x27D4EB2F165667C5ULL,
    0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL, 0x2545F4914F6CDD1DULL};

}  // namespace

Trace::Trace(std::size_t capacity)
    : ring_(roundUpToPowerOfTwo(capacity)), mask_(ring_.size() - 1) {}

const TraceRecord& Trace::commit() {
  TraceRecord& r = ring_[count_ & mask_];
  r.seq = ++count_;
  // The identity of a record, in a fixed order, reaches the hash; the
  // running hash makes it sensitive to the order of records too. A delivery
  // or drop repeats its send's due time, request, cause and fields, which the
  // send already hashed, so only its own time, message, ends and tags count.
  const std::uint64_t tags = (std::uint64_t{r.label} << 24) |
                             (std::uint64_t{static_cast<std::uint8_t>(r.kind)} << 16) |
                             (std::uint64_t{static_cast<std::uint8_t>(r.reason)} << 8) | r.flags;
  std::uint64_t fold = mum(static_cast<std::uint64_t>(r.at.count()) ^ kKey[0], r.msg ^ kKey[1]) +
                       mum(((std::uint64_t{r.node} << 32) | r.peer) ^ kKey[2], tags ^ kKey[3]);
  if (r.kind != TraceKind::Delivered && r.kind != TraceKind::Dropped) {
    fold += mum(static_cast<std::uint64_t>(r.due.count()) ^ kKey[4], r.request ^ kKey[5]) +
            mum(r.cause ^ kKey[6], static_cast<std::uint64_t>(r.v[0]) ^ kKey[7]) +
            mum(static_cast<std::uint64_t>(r.v[1]) ^ kKey[8],
                static_cast<std::uint64_t>(r.v[2]) ^ kKey[9]) +
            mum(static_cast<std::uint64_t>(r.v[3]) ^ kKey[10],
                static_cast<std::uint64_t>(r.v[4]) ^ kKey[11]) +
            mum(static_cast<std::uint64_t>(r.v[5]) ^ kKey[12], kKey[13]);
  }
  hash_ = mum(hash_ ^ fold, kKey[14]) + fold;
  for (TraceListener* l : listeners_) l->onRecord(r);
  return r;
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
