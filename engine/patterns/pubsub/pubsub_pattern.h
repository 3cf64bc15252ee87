// The Pub/Sub pattern: a profile service publishes ProfileUpdated to the
// topic "profile-updated" on a broker (open loop, the user id as ordering
// key, attributes change and region). Four services each consume their own
// subscription: email (push), search-index, recommendation and analytics
// (pull; analytics through an attribute filter). Each subscription keeps its
// own backlog until its subscriber acknowledges; unacknowledged messages are
// redelivered after the ack deadline; after maxDeliveryAttempts a message
// moves to the dead-letter topic "profile-updated-dead-letter", retained in
// its subscription "dead-letter-sub" for someone to look at. The
// recommendation handler fails on poison messages.
//
// Node ids, in build order: profile 0, broker 1, email 2, search-index 3,
// recommendation 4, analytics 5. Subscription indices at the broker:
// email-sub 0, search-index-sub 1, recommendation-sub 2, analytics-sub 3,
// dead-letter-sub 4. Kernel thread only.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/pattern.h"
#include "patterns/pubsub/pubsub_checker.h"
#include "patterns/pubsub/pubsub_options.h"
#include "patterns/pubsub/pubsub_words.h"

namespace cs::pubsub {

enum PubSubNode : NodeId {
  kProfile = 0,
  kBroker = 1,
  kEmail = 2,
  kSearchIndex = 3,
  kRecommendation = 4,
  kAnalytics = 5,
};

inline constexpr std::array<const char*, 6> kNodeNames = {
    "profile", "broker", "email", "search-index", "recommendation", "analytics"};
inline constexpr const char* kTopicName = "profile-updated";
inline constexpr const char* kDeadLetterTopicName = "profile-updated-dead-letter";
inline constexpr std::size_t kDeadLetterSub = 4;
// "email-sub" for subscriber index 0; "dead-letter-sub" for kDeadLetterSub.
std::string subscriptionName(std::size_t index);

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

class PubSubPattern : public Pattern {
 public:
  explicit PubSubPattern(PubSubOptions options) : options_(std::move(options)) {}

  void build(Kernel& kernel) override;
  void validate(const Kernel& kernel, const Command& command) const override;
  void apply(Kernel& kernel, const Command& command) override;
  std::vector<std::pair<std::string, std::string>> verbs() const override;
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override;
  std::shared_ptr<const PatternView> view(const Kernel& kernel) const override;
  std::optional<NodeId> resolve(const Kernel& kernel, std::string_view role) const override;
  std::vector<std::string> roleWords() const override;
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel& kernel) const override;
  void updateGauges(Kernel& kernel) override;

  const PubSubOptions& options() const { return options_; }
  const Words& words() const { return words_; }
  // The world as the checkers see it. REQUIRES: build() ran.
  CheckedWorld checkedWorld() const;

 private:
  void snapshotBroker(const Kernel& kernel, NodeSnapshot& snap) const;
  void snapshotSubscriber(const Kernel& kernel, NodeSnapshot& snap) const;

  PubSubOptions options_;
  Words words_;
  MetricId publishRate_ = 0, deliveryRate_ = 0;
  std::int64_t lastPublished_ = 0, lastDelivered_ = 0;
};

}  // namespace cs::pubsub
