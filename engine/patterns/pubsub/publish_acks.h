// What a checker learns from the publisher's side of the trace: the
// attributes of each publish (its message-published milestone) until the
// broker's acknowledgement says which message it was stored as. Two
// checkers need the pair: no-loss, to know which subscriptions are owed the
// message, and ordering, to count a message a subscription's filter skips
// as settled (it is never delivered there, so it would otherwise stay a gap
// in the checker's set of settled messages for the rest of the run).
// Kernel thread only.
#pragma once

#include <cstddef>
#include <map>

#include "clusterscope/trace.h"
#include "patterns/pubsub/id_set.h"
#include "patterns/pubsub/pubsub_words.h"

namespace cs::pubsub {

class PublishAcks {
 public:
  // Reads one record. For each publish that `r` acknowledges to the
  // publisher for the first time, calls onAcked(publish, message, attributes);
  // a publish acknowledged again (a retry after a lost acknowledgement) is
  // not reported twice. Returns whether the record was one of these two.
  template <class OnAcked>
  bool read(const Words& w, NodeId publisher, const TraceRecord& r, OnAcked&& onAcked) {
    if (r.kind == TraceKind::Milestone && r.label == w.messagePublished && r.node == publisher) {
      unacked_[static_cast<PublishId>(r.v[0])] = {static_cast<std::uint8_t>(r.v[2]),
                                                  static_cast<std::uint8_t>(r.v[3])};
      return true;
    }
    if (r.kind != TraceKind::Delivered || r.label != w.publishAck || r.peer != publisher)
      return false;
    for (std::int64_t i = 0; i < r.v[1]; ++i) {
      const auto publish = static_cast<PublishId>(r.v[0] + i);
      const auto published = unacked_.find(publish);
      if (!acked_.insert(publish) || published == unacked_.end()) continue;
      const Attributes attributes = published->second;
      unacked_.erase(published);
      onAcked(publish, static_cast<Seq>(r.v[2] + i), attributes);
    }
    return true;
  }

  // Entries and id-set words kept (tests of the bound). A publish whose
  // publisher crashed before its acknowledgement stays.
  std::size_t kept() const {
    return unacked_.size() + acked_.windowWords() + acked_.wordsWithGaps();
  }

 private:
  // Publishes not yet acknowledged, with their attributes: the
  // acknowledgement is the last time they are needed.
  std::map<PublishId, Attributes> unacked_;
  IdSet acked_;  // publishes acknowledged to the publisher
};

}  // namespace cs::pubsub
