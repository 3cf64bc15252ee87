// The retained log of a topic. See topic.h. Kernel thread only.
#include "patterns/pubsub/topic.h"

namespace cs::pubsub {

Seq Topic::append(TopicMessage m) {
  const Seq seq = end();
  m.nextSameKey = 0;
  m.keyIndex = 0;
  if (m.key != 0) {
    m.keyIndex = keyIndex_.findOrAdd(m.key);
    if (m.keyIndex == lastOfKey_.size()) lastOfKey_.push_back(0);
    const Seq previous = lastOfKey_[m.keyIndex];
    if (previous >= first_ && previous < seq) log_[previous - first_].nextSameKey = seq;
    lastOfKey_[m.keyIndex] = seq;
  }
  log_.push_back(m);
  return seq;
}

void Topic::trimBefore(Seq seq) {
  while (first_ < seq && !log_.empty()) {
    log_.pop_front();
    ++first_;
  }
}

void Topic::wipe() {
  first_ = end();
  log_.clear();
}

}  // namespace cs::pubsub
