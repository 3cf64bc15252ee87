// The trace: everything that happens, as typed fixed-size records. The UI,
// charts, checkers, scenario conditions and tests all read the trace instead
// of reaching into each other's internals.
//
// Records go to listeners synchronously and into a bounded ring (the most
// recent `capacity` records), so memory stays flat however long a run lasts.
// A 64-bit hash folds in every record ever appended; it identifies a run:
// same seed + same commands => same hash.
// Kernel thread only.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/time.h"

namespace cs {

enum class TraceKind : std::uint8_t {
  Sent,          // node -> peer; due = when it will arrive; v = message fields
  Delivered,     // node -> peer, handed to peer's handler
  Dropped,       // node -> peer, lost; reason says why
  TimerFired,    // at node; v[0] = timer tag
  Crashed,       // node lost its volatile state and stopped
  Restarted,     // node came back with its durable state only
  Paused,        // node stopped processing; messages wait, timers slip
  Resumed,       // node processes again
  Slowed,        // node takes v[0] microseconds per message (0 = normal speed)
  LinkChanged,   // reachability node -> peer changed; v[0] = 1 blocked, 0 open
  StateChanged,  // state field `label` of node went v[0] -> v[1]
  Milestone,     // pattern milestone `label`; v = its fields
  Command,       // a user command was applied; label = CommandKind + 1
  Violation,     // an invariant broke; v[0] = index into Simulation::violations()
};

enum class DropReason : std::uint8_t {
  None,
  Partitioned,  // the link from sender to receiver was blocked
  Loss,         // random loss on the link
  NodeDown,     // the receiver was crashed when the message arrived
  SenderDown,   // the sender crashed before the message left its queue
};
// The reason in words, as the event log says it ("receiver is down"); "" for None.
const char* dropReasonText(DropReason reason);

inline constexpr std::uint8_t kFlagDuplicate = 1;  // a copy made by the network

struct TraceRecord {
  std::uint64_t seq = 0;  // 1-based position in the whole run
  SimTime at{};
  SimTime due{};  // Sent: scheduled arrival time
  MessageId msg = 0;
  RequestId request = 0;
  MessageId cause = 0;
  std::array<std::int64_t, 6> v{};
  NodeId node = kNoNode;  // messages: the sender
  NodeId peer = kNoNode;  // messages: the receiver
  Label label = kNoLabel;
  TraceKind kind = TraceKind::Sent;
  DropReason reason = DropReason::None;
  std::uint8_t flags = 0;
};

// A set of record kinds, one bit per TraceKind.
using TraceKinds = std::uint32_t;
inline constexpr TraceKinds kEveryTraceKind = ~TraceKinds{0};
constexpr TraceKinds traceKind(TraceKind kind) {
  static_assert(static_cast<unsigned>(TraceKind::Violation) < 32, "a kind is a bit of TraceKinds");
  return TraceKinds{1} << static_cast<unsigned>(kind);
}

// Sees every record of the kinds it listens to (all, unless it narrows them)
// as it is appended, on the kernel thread. A listener must not append to the
// trace from inside onRecord.
class TraceListener {
 public:
  virtual ~TraceListener() = default;
  virtual void onRecord(const TraceRecord& record) = 0;
  // The kinds of record the trace offers to onRecord.
  TraceKinds kinds() const { return kinds_; }

 protected:
  // Narrows the records offered to these kinds: a checker that reads only
  // sends and milestones is not called for the deliveries and timers that
  // make up most of a run. The trace reads the set when the listener is
  // added, so call this from the constructor.
  void listenTo(std::initializer_list<TraceKind> kinds) {
    kinds_ = 0;
    for (TraceKind k : kinds) kinds_ |= traceKind(k);
  }

 private:
  TraceKinds kinds_ = kEveryTraceKind;
};

class Trace {
 public:
  explicit Trace(std::size_t capacity = 1u << 18);

  // Stamps seq, hashes, stores and notifies listeners. Returns the stored
  // record. Inline (below): a run commits a record or two per event, and the
  // call itself was a measurable share of a headless run.
  const TraceRecord& append(const TraceRecord& record) {
    next() = record;
    return commit();
  }
  // The hot path's two-phase append, which builds a record in place: fill
  // every field of the slot next() returns, then commit() it. REQUIRES: no
  // other append in between.
  TraceRecord& next() { return ring_[count_ & mask_]; }
  inline const TraceRecord& commit();

  std::uint64_t count() const { return count_; }  // records ever appended
  std::uint64_t hash() const { return hash_; }
  std::size_t capacity() const { return ring_.size(); }

  // The oldest seq still in the ring (count() + 1 when empty).
  std::uint64_t firstRetained() const;
  // REQUIRES: firstRetained() <= seq <= count().
  const TraceRecord& at(std::uint64_t seq) const { return ring_[(seq - 1) & mask_]; }

  // Copies records with seq > after (those still retained) to out.
  void copySince(std::uint64_t after, std::vector<TraceRecord>& out) const;

  // Listeners are not owned; REQUIRES: a listener outlives its registration.
  // A listener gets the kinds of record it listened to when it was added.
  void addListener(TraceListener* listener);
  void removeListener(TraceListener* listener);

 private:
  std::vector<TraceRecord> ring_;
  std::size_t mask_;
  std::uint64_t count_ = 0;
  std::uint64_t hash_ = 0x84222325CBF29CE4ULL;
  struct Listening {
    TraceListener* listener;
    TraceKinds kinds;  // read once: the hot loop tests a bit, not a call
  };
  std::vector<Listening> listeners_;
};

// A trace hash as every report, replay file and error prints it: 16
// lowercase hex digits.
std::string hashText(std::uint64_t hash);

namespace trace_hash {

// 64x64 -> 128-bit multiply, folded: the mixing step of wyhash. Products of
// different word pairs are independent, so the CPU computes them in parallel;
// only the final fold into the running hash is a serial chain.
inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) {
  __extension__ using U128 = unsigned __int128;
  const U128 p = static_cast<U128>(a) * b;
  return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
}

// Per-position keys: the same value in another field hashes differently.
inline constexpr std::uint64_t kKey[] = {
    0xA0761D6478BD642FULL, 0xE7037ED1A0B428DBULL, 0x8EBC6AF09C88C6E3ULL, 0x589965CC75374CC3ULL,
    0x1D8E4E27C47D124FULL, 0x9E3779B97F4A7C15ULL, 0xBF58476D1CE4E5B9ULL, 0x94D049BB133111EBULL,
    0xD6E8FEB86659FD93ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL, 0x27D4EB2F165667C5ULL,
    0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL, 0x2545F4914F6CDD1DULL};

}  // namespace trace_hash

inline const TraceRecord& Trace::commit() {
  using trace_hash::kKey;
  using trace_hash::mum;
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
  const TraceKinds kind = traceKind(r.kind);
  for (const Listening& l : listeners_)
    if (l.kinds & kind) l.listener->onRecord(r);
  return r;
}

}  // namespace cs
