// A topic: the broker's log of retained messages, in the order it stored
// them. Each message gets the next id (Seq) of the topic; a message stays
// retained while some subscription of the topic may still deliver it, and
// the broker trims the log from the front once every subscription has moved
// past (acknowledged, filtered out, dead-lettered or expired) a message.
//
// Messages with the same ordering key are chained (nextSameKey), so a
// subscription that delivers them in order finds the next one without a
// search. Keys get a dense index per topic for the same reason.
//
// The log is the broker's durable storage: it survives a crash. Kernel
// thread only (it lives inside the broker node).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/ring.h"
#include "clusterscope/time.h"
#include "patterns/pubsub/key_index.h"
#include "patterns/pubsub/pubsub_words.h"

namespace cs::pubsub {

struct TopicMessage {
  PublishId publish = 0;
  std::int64_t key = 0;  // the ordering key; 0: none
  Attributes attributes;
  std::uint8_t flags = 0;
  std::uint32_t keyIndex = 0;  // dense per topic, from 1; 0: no key
  Seq nextSameKey = 0;         // the next message with this key; 0: none yet
  SimTime publishTime{};       // when the broker stored it
  // Dead-letter topics: the message it was and the subscription that gave up on it.
  Seq origin = 0;
  std::int32_t source = -1;
};

class Topic {
 public:
  explicit Topic(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // Stores m and returns its id. Fills in keyIndex and chains the previous
  // message with the same key to it.
  Seq append(TopicMessage m);
  // REQUIRES: first() <= seq < end().
  const TopicMessage& at(Seq seq) const { return log_[seq - first_]; }
  Seq first() const { return first_; }  // the oldest retained message
  Seq end() const { return first_ + log_.size(); }
  std::size_t retained() const { return log_.size(); }
  // Keys are numbered 1 .. keyCount().
  std::uint32_t keyCount() const { return static_cast<std::uint32_t>(lastOfKey_.size() - 1); }

  // Forgets every message before `seq`.
  void trimBefore(Seq seq);
  // Loses every retained message (a broker without durable storage
  // crashed); ids still count on, so no id is ever given twice.
  void wipe();

 private:
  std::string name_;
  Ring<TopicMessage> log_;
  Seq first_ = 1;
  KeyIndex keyIndex_;
  std::vector<Seq> lastOfKey_ = std::vector<Seq>(1, 0);  // by key index
};

}  // namespace cs::pubsub
