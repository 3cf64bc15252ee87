// A subscriber's record of the publishes it processed (its idempotent
// handler's) stays the size of its horizon over a long run, however many
// publishes never reach it (analytics' filter lets one kind in), while
// every copy that does come within the horizon is still recognised: over a
// network that loses and duplicates messages, with a short ack deadline,
// copies come again and again, and no publish is processed twice. Test
// thread only.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>

#include "pubsub_test_support.h"

namespace cs::pubsub {
namespace {

using namespace testing;

// Every delivery to one subscriber, by publish: how many distinct
// publishes reached it.
class Reached : public Milestones {
 public:
  explicit Reached(Simulation& sim) : Milestones(sim, "delivered") {}
  void onRecord(const TraceRecord& r) override {
    Milestones::onRecord(r);
    if (!seen.empty()) {
      const TraceRecord& last = seen.back();
      publishes[last.node].insert(static_cast<PublishId>(last.v[1]));
      seen.clear();
    }
  }
  std::map<NodeId, std::set<PublishId>> publishes;
};

std::size_t words(const Subscriber& s) {
  return s.processedIds().ids().windowWords() + s.processedIds().ids().wordsWithGaps();
}

TEST(ProcessedMemory, StaysOneHorizonLongAndNoPublishIsProcessedTwice) {
  // A 20 s retention: the subscribers remember for 40 s. 25 publishes a
  // second for ten minutes, fifteen horizons; an ack deadline shorter than
  // the wait in search-index's queue, so copies of messages in work come again.
  auto sim = world({{"publishRate", 25},
                    {"retention", 20'000},
                    {"ackDeadline", 100},
                    {"maxDeliveryAttempts", 100}});
  // A network that loses and duplicates a few messages: lost acks bring
  // redeliveries and publishes stored twice, duplicated ones second copies.
  Command lossy;
  lossy.kind = CommandKind::Network;
  lossy.link.latency = ms(2);
  lossy.link.jitter = ms(1);
  lossy.link.loss = 0.02;
  lossy.link.duplicate = 0.05;
  sim->apply(lossy);
  Reached reached(*sim);
  std::array<std::size_t, 4> most{};
  for (std::int64_t s = 10; s <= 600; s += 10) {
    // The last half minute drains what the subscribers hold.
    if (s == 580) sim->apply(verb("publish-rate", {"0"}));
    sim->runUntil(ms(s * 1000));
    for (NodeId n = kEmail; n <= kAnalytics; ++n)
      if (s >= 120) most[n - kEmail] = std::max(most[n - kEmail], words(subscriber(*sim, n)));
  }
  EXPECT_TRUE(sim->violations().empty());
  std::uint64_t duplicates = 0;
  for (NodeId n = kEmail; n <= kAnalytics; ++n) {
    const Subscriber& s = subscriber(*sim, n);
    duplicates += s.duplicates();
    // Processed once each: as many as the distinct publishes that came.
    EXPECT_EQ(s.processed(), reached.publishes[n].size()) << "subscriber " << n;
    // A horizon of ids is 1,000 publishes, 16 words, plus a period's and the
    // retention's worth of late copies; the run's 15,000 would be 234.
    EXPECT_LE(most[n - kEmail], 60u) << "subscriber " << n;
  }
  EXPECT_GT(duplicates, 100u) << "the run must bring copies for the record to recognise";
}

}  // namespace
}  // namespace cs::pubsub
