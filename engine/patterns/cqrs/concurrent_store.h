// The event store with concurrent writers, as a relational store numbers its
// events from a sequence: up to `writers` appends are written at once; each
// takes its global positions when its write begins, and is visible — to
// ReadAll and to live subscribers — only once it commits, after the commit
// delay plus a random share of `commitJitter`. So a later position can be
// visible while an earlier one is still being written. A reader that reads
// on from the highest position it has seen passes the earlier one for good
// (the event that committed late); a gap-aware reader holds at the gap
// until it fills.
//
// A crash loses the appends still waiting for a writer (their writers
// retry); the ones being written had their positions and reached the disk,
// so they are visible once the store restarts, their acknowledgments lost
// (a retry is answered "already appended"). With one writer this node is
// not used: the plain store writes one append at a time. Kernel thread only.
#pragma once

#include <deque>
#include <vector>

#include "patterns/event_sourcing/store_node.h"

namespace cs::cqrs {

using event_sourcing::Position;

struct ConcurrentWrites {
  int writers = 1;
  SimDuration commitJitter{0};
};

class ConcurrentStore : public event_sourcing::StoreNode {
 public:
  ConcurrentStore(const event_sourcing::Words& words, event_sourcing::StoreOptions options,
                  ConcurrentWrites writes, Metrics& metrics);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // Positions taken by appends still being written, lowest first: the gaps
  // a reader sees.
  std::vector<Position> unseen() const;
  // The highest position a reader can see.
  Position visibleHead() const { return visibleHead_; }

 private:
  struct Write {
    Message message;
    event_sourcing::AppendResult result;
    TimerHandle timer;
    std::uint64_t tag = 0;
  };
  void begin(const Message& m);
  void finish(std::size_t i);
  bool visible(Position p) const;
  void readAll(const Message& m);
  void subscribe(const Message& m);
  // Sends the visible events from `from` on to `subscriber`.
  void publishVisible(NodeId subscriber, Position from);

  const event_sourcing::Words words_;
  event_sourcing::StoreOptions options_;
  ConcurrentWrites writes_;

  // ---- Durable: what a reader can see ----
  Position visibleHead_ = 0;

  // ---- Volatile ----
  std::vector<Write> writing_;   // being written, in the order they began
  std::deque<Message> waiting_;  // appends waiting for a writer
  std::uint64_t nextTag_ = std::uint64_t{1} << 32;
};

}  // namespace cs::cqrs
