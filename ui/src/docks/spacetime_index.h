// What the space-time diagram draws, read from a Mirror's records: one arrow
// per copy of a message, from its Sent record to its Delivered or Dropped
// record (or still in flight), the marks on the lanes (crashes, restarts,
// pauses, milestones) and the stretches of time a node was down or paused.
// Rebuilt from scratch whenever the records change: 5,000 records take a
// fraction of a millisecond, and a rebuild cannot drift from the mirror the
// way patching in place could. A plain value; UI thread only (it reads the
// Mirror, which lives there).
#pragma once

#include <clusterscope/trace.h>

#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "../mirror.h"

namespace cs::ui {

class PatternLook;

enum class ArrowEnd : std::uint8_t {
  InFlight,   // still on the wire (or waiting at a paused node)
  Delivered,  // handed to the receiver's handler
  Dropped,    // lost; the arrow ends in a cross
};

struct SpacetimeArrow {
  MessageId msg = 0;
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  SimTime sent{};
  SimTime due{};              // when the network meant it to arrive
  SimTime end{};              // when it was delivered or dropped; unset while in flight
  std::uint64_t sentSeq = 0;  // the records behind it, for tooltips
  std::uint64_t endSeq = 0;   // 0 while in flight
  Label label = kNoLabel;
  int kindClass = 0;  // the pattern look's class of this message, which picks its colour
  ArrowEnd endKind = ArrowEnd::InFlight;
  DropReason reason = DropReason::None;
  bool duplicate = false;  // a copy the network made; it shares the original's id
};

enum class MarkKind : std::uint8_t { Crashed, Restarted, Paused, Resumed, Milestone };

struct SpacetimeMark {
  SimTime at{};
  std::uint64_t seq = 0;
  NodeId node = kNoNode;
  Label label = kNoLabel;  // Milestone: which one
  MarkKind kind = MarkKind::Milestone;
};

// A stretch of a lane when its node was down (crashed) or paused. `open`:
// it still is, so the stretch runs on to the current time.
struct SpacetimeStretch {
  NodeId node = kNoNode;
  SimTime from{};
  SimTime to{};
  bool paused = false;
  bool open = false;
};

class SpacetimeIndex {
 public:
  // Reads every record the mirror keeps. A Delivered or Dropped record whose
  // Sent record the mirror has already forgotten draws nothing: its start is
  // unknown. So does a message with no end record that is no longer in
  // flight (its end was skipped while running flat out).
  void rebuild(const Mirror& mirror, const PatternLook& look);
  void clear();

  // Oldest first, by send time (the order of the Sent records).
  const std::vector<SpacetimeArrow>& arrows() const { return arrows_; }
  const std::vector<SpacetimeMark>& marks() const { return marks_; }
  const std::vector<SpacetimeStretch>& stretches() const { return stretches_; }
  SimTime start() const { return start_; }    // the oldest record's time; 0 when none
  SimTime latest() const { return latest_; }  // the newest record's time; 0 when none

  // The indices [first, last) of the arrows that may be seen between times
  // `from` and `to`, given that it is now `now` (in-flight arrows reach it).
  std::pair<std::size_t, std::size_t> arrowsBetween(SimTime from, SimTime to, SimTime now) const;
  // The first arrow of message `msg` (the original, not a copy); -1 if none.
  int find(MessageId msg) const;
  // The median time from send to delivery; 0 with fewer than 8 deliveries.
  SimDuration medianLatency() const;

  // The record with this seq, if the mirror still holds it.
  static const DriverRecord* record(const Mirror& mirror, std::uint64_t seq);

 private:
  void addSent(const TraceRecord& r, const Vocabulary* vocabulary, const PatternLook& look);
  void addEnd(const TraceRecord& r);
  void addMark(const TraceRecord& r, MarkKind kind);
  void openStretch(NodeId node, SimTime at, bool paused);
  void closeStretch(NodeId node, SimTime at, bool paused);
  void finish(const Mirror& mirror);

  std::vector<SpacetimeArrow> arrows_;
  std::vector<SpacetimeMark> marks_;
  std::vector<SpacetimeStretch> stretches_;
  // Arrows without an end yet, by (message id << 1 | duplicate).
  std::unordered_map<std::uint64_t, std::uint32_t> open_;
  // Per node: the index of its open down / paused stretch, or -1.
  std::vector<int> openDown_, openPause_;
  std::unordered_set<std::uint64_t> inFlight_;  // scratch for finish()
  SimTime start_{};
  SimTime latest_{};
  SimDuration longestEnded_{0};  // the longest arrow that has ended
  SimTime oldestInFlight_{};     // the earliest send of an arrow still in flight
  bool anyInFlight_ = false;
};

}  // namespace cs::ui
