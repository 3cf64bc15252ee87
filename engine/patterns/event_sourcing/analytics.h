// The analytics consumer: a catch-up subscription on all streams, with its
// checkpoint held by the subscriber (durable, beside its projection) rather
// than by the store. It reads history in batches (ReadAll from checkpoint +
// 1) until it has reached the head, then subscribes live; if a live event
// arrives out of order (one was lost) or live events stop coming for a while
// (the store restarted and forgot the subscription), it falls back to
// catching up from its checkpoint. Its projection replays every event for
// analytics: items reserved per product and each product's stock, and it
// traces "oversold" when a product's stock falls below zero.
// Kernel thread only.
#pragma once

#include <map>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/es_words.h"

namespace cs::event_sourcing {

struct AnalyticsOptions {
  NodeId store = kNoNode;
  ShopStreams streams;
  std::size_t batch = 50;
  SimDuration readTimeout{500'000};
  SimDuration liveSilence{2'000'000};  // live, nothing heard for this long: catch up again
};

class Analytics : public Node {
 public:
  Analytics(const Words& words, AnalyticsOptions options);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  Position checkpoint() const { return checkpoint_; }
  bool live() const { return live_; }
  std::int64_t reserved(std::int64_t product) const;
  std::int64_t stock(std::int64_t product) const;
  std::uint64_t oversold() const { return oversold_; }
  std::uint64_t fellBehind() const { return fellBehind_; }

 private:
  void catchUp();
  void project(const RecordedEvent& e);
  void arm(SimDuration after);

  const Words words_;
  AnalyticsOptions options_;

  // ---- Durable: the checkpoint and the projection it belongs to ----
  Position checkpoint_ = 0;
  std::map<std::int64_t, std::int64_t> reserved_, stock_;  // by product
  std::uint64_t oversold_ = 0, fellBehind_ = 0;

  // ---- Volatile ----
  bool live_ = false;
  bool probing_ = false;   // a read to see whether live events stopped for a reason
  std::int64_t read_ = 0;  // the ReadAll awaited
  TimerHandle timer_;
};

}  // namespace cs::event_sourcing
