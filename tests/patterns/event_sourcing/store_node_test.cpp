// The event store node's Loads: what a reader is sent, and that a payload
// it still holds never changes under it while the store answers others.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::event_sourcing {
namespace {

// Sends a Load for each stream asked and keeps every Loaded payload.
class Reader : public Node {
 public:
  explicit Reader(const Words& words) : words_(words) {}
  void load(StreamId stream) {
    send(0, words_.load, {static_cast<std::int64_t>(stream), ++op_, 0, kNoStreamRevision, 0, 0});
  }
  void onMessage(const Message& m) override {
    if (m.kind == words_.loaded)
      kept.push_back(std::dynamic_pointer_cast<const EventsRead>(m.payload));
  }
  void onTimer(TimerHandle, std::uint64_t) override {}
  void onCrash() override {}
  std::vector<std::shared_ptr<const EventsRead>> kept;

 private:
  const Words words_;
  std::int64_t op_ = 0;
};

EventData ev(EventId id) {
  EventData e;
  e.id = id;
  e.type = 2;
  e.body = {static_cast<std::int64_t>(id), 0, 0};
  return e;
}

TEST(StoreNode, ALoadedPayloadStillHeldIsNeverRefilledForAnotherLoad) {
  Kernel kernel{1, KernelOptions{1u << 10, SimDuration{100'000}}};
  const Words words = defineWords(kernel);
  auto storeNode = std::make_unique<StoreNode>(words, StoreOptions{}, kernel.metrics());
  EventStore& store = storeNode->mutableStore();
  kernel.addNode(std::move(storeNode));
  const std::vector<EventData> first = {ev(1), ev(2)}, second = {ev(3)};
  store.append(1, ExpectedRevision::noStream(), first, 0);
  store.append(2, ExpectedRevision::noStream(), second, 0);
  auto readerNode = std::make_unique<Reader>(words);
  Reader& reader = *readerNode;
  kernel.addNode(std::move(readerNode));
  const auto run = [&] {
    while (kernel.step()) {
    }
  };
  run();

  reader.load(1);
  run();
  reader.load(2);
  run();
  ASSERT_EQ(reader.kept.size(), 2u);
  ASSERT_NE(reader.kept[0], reader.kept[1]);
  // The first is read and dropped: the store may fill its room again, but
  // never the second's, which the reader still holds.
  reader.kept[0].reset();
  for (int i = 0; i < 3; ++i) {
    reader.load(1);
    run();
  }
  const EventsRead& held = *reader.kept[1];
  ASSERT_EQ(held.events.size(), 1u);
  EXPECT_EQ(held.events[0].stream, 2u);
  EXPECT_EQ(held.events[0].data.id, 3u);
  ASSERT_EQ(reader.kept.size(), 5u);
  for (std::size_t i = 2; i < 5; ++i) {
    ASSERT_NE(reader.kept[i], reader.kept[1]);
    ASSERT_EQ(reader.kept[i]->events.size(), 2u);
    EXPECT_EQ(reader.kept[i]->events[1].data.id, 2u);
  }
}

}  // namespace
}  // namespace cs::event_sourcing
