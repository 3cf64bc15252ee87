// Retention in the event store on its own: stream metadata ($tb, $maxCount,
// $maxAge), what a scavenge reclaims and what it keeps, reads across the
// horizon, ids and streams forgotten with their events.
#include <gtest/gtest.h>

#include <vector>

#include "patterns/event_sourcing/event_store.h"

namespace cs::event_sourcing {
namespace {

EventData ev(EventId id, std::uint16_t type = 2) {
  EventData e;
  e.id = id;
  e.type = type;
  e.body = {static_cast<std::int64_t>(id), 0, 0};
  return e;
}

// A shop-like log: stream 0 (a product) gets one event in four; streams 1,
// 2, ... (orders) three events each, one order after another. Event ids
// are their positions; an event is recorded at its position's second.
struct Shop {
  EventStore store;
  StreamId orders = 0;  // order streams written: 1..orders

  void write(std::size_t events) {
    std::vector<EventData> one(1);
    while (store.head() < events) {
      const Position p = store.head() + 1;
      const auto t = static_cast<std::int64_t>(p) * 1'000'000;
      if (p % 4 == 0) {
        one[0] = ev(p);
        store.append(0, ExpectedRevision::any(), one, t);
        continue;
      }
      if (orders == 0 || store.revision(orders) == 2) ++orders;
      one[0] = ev(p);
      store.append(orders, ExpectedRevision::any(), one, t);
    }
  }
  // Deletes orders 1..last ($tb past each one's last event).
  void deleteOrders(StreamId last) {
    for (StreamId o = 1; o <= last; ++o) {
      StreamMetadata m;
      m.truncateBefore = static_cast<std::uint32_t>(store.revision(o) + 1);
      store.setMetadata(o, m);
    }
  }
};

constexpr std::size_t kEvents = 5 * 4096;

TEST(Scavenge, TruncateBeforeHidesAtOnceAndTheScavengeReclaimsOnlyThat) {
  Shop shop;
  shop.write(kEvents);
  const Revision productLast = shop.store.revision(0);
  StreamMetadata tb;
  tb.truncateBefore = static_cast<std::uint32_t>(productLast - 9);  // the last ten stay
  shop.store.setMetadata(0, tb);
  // Readers see the truncation at once, before any scavenge.
  EXPECT_EQ(shop.store.readStream(0, 0).size(), 10u);
  EXPECT_EQ(shop.store.readStream(0, 0).front().revision, productLast - 9);
  ASSERT_TRUE(shop.store.scavengedStream(0, 0));
  EXPECT_EQ(shop.store.scavengedStream(0, 0)->firstReadable, productLast - 9);
  EXPECT_FALSE(shop.store.scavengedStream(0, productLast - 9));
  EXPECT_EQ(shop.store.eventsHeld(), shop.store.head()) << "nothing is reclaimed before a scavenge";

  // Orders written in the first three pages are deleted; the rest stay.
  const StreamId deleted = shop.store.at(3 * 4096 - 1).stream - 1;
  shop.deleteOrders(deleted);
  const ScavengeResult r = shop.store.scavenge(kEvents * 1'000'000);
  EXPECT_GT(r.reclaimed, 2u * 4096);
  EXPECT_EQ(r.horizon, shop.store.horizon());
  EXPECT_GE(r.horizon, 3u * 4096);
  EXPECT_LT(shop.store.eventsHeld(), kEvents - 2 * 4096);

  // What stays is all there, unchanged, at its revisions and positions.
  EXPECT_EQ(shop.store.revision(0), productLast);
  const auto tail = shop.store.readStream(0, 0);
  ASSERT_EQ(tail.size(), 10u);
  for (const RecordedEvent& e : tail) {
    EXPECT_EQ(e.data.id, e.position);
    EXPECT_TRUE(shop.store.verify(e.position));
  }
  for (StreamId o = deleted + 1; o <= shop.orders; ++o) {
    const auto events = shop.store.readStream(o, 0);
    EXPECT_EQ(events.size(), static_cast<std::size_t>(shop.store.revision(o) + 1)) << o;
    for (const RecordedEvent& e : events) EXPECT_EQ(shop.store.find(e.data.id), e.position);
  }
  // The deleted orders keep their revision while their page is held, and
  // their ids are forgotten with their events.
  EXPECT_EQ(shop.store.readStream(1, 0).size(), 0u);
  EXPECT_FALSE(shop.store.find(1));
  EXPECT_LE(shop.store.idsHeld(), shop.store.eventsHeld());
}

TEST(Scavenge, AllReadsSkipWhatWasReclaimedAndSayWhereTheLogResumes) {
  Shop shop;
  shop.write(kEvents);
  shop.deleteOrders(shop.store.at(2 * 4096 + 1).stream);
  StreamMetadata tb;
  tb.truncateBefore = static_cast<std::uint32_t>(shop.store.revision(0));  // its last event stays
  shop.store.setMetadata(0, tb);
  shop.store.scavenge(0);
  const Position horizon = shop.store.horizon();
  ASSERT_GE(horizon, 2u * 4096);
  // Position 1 is gone: a reader asking for it is told where the log resumes.
  ASSERT_TRUE(shop.store.scavengedAll(1));
  const Position resumes = shop.store.scavengedAll(1)->firstHeld;
  EXPECT_GT(resumes, 1u);
  EXPECT_EQ(shop.store.nextHeld(1), resumes);
  EXPECT_FALSE(shop.store.scavengedAll(horizon + 1));
  // $all from the beginning: every event held, in position order, each once.
  const auto all = shop.store.readAll(1);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().position, resumes);
  EXPECT_EQ(all.size(), shop.store.eventsHeld());
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].position, all[i].position);
  for (const RecordedEvent& e : all) EXPECT_TRUE(shop.store.holds(e.position));
  // Batches of $all resume where the last one ended.
  const auto first = shop.store.readAll(1, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(shop.store.readAll(first.back().position + 1, 1).front().position, all[3].position);
}

TEST(Scavenge, AStreamKeepsItsRevisionAndTakesAppendsAfterTruncation) {
  EventStore s;
  std::vector<EventData> batch;
  for (EventId id = 1; id <= 6; ++id) batch.push_back(ev(id));
  s.append(0, ExpectedRevision::noStream(), batch, 0);
  StreamMetadata tb;
  tb.truncateBefore = 4;
  s.setMetadata(0, tb);
  s.scavenge(0);
  EXPECT_EQ(s.revision(0), 5);
  EXPECT_EQ(s.firstRevision(0), 4);
  EXPECT_THROW(s.at(0, 3), std::out_of_range);
  EXPECT_EQ(s.at(0, 4).data.id, 5u);
  const std::vector<EventData> next = {ev(7)};
  EXPECT_EQ(s.append(0, ExpectedRevision::exact(4), next, 1).outcome,
            AppendResult::Outcome::WrongExpectedVersion);
  const AppendResult r = s.append(0, ExpectedRevision::exact(5), next, 1);
  ASSERT_EQ(r.outcome, AppendResult::Outcome::Appended);
  EXPECT_EQ(r.first, 7u);
  EXPECT_EQ(s.at(0, 6).data.id, 7u);
  // A retry of an append whose events are still held is still recognised.
  EXPECT_EQ(s.append(0, ExpectedRevision::exact(5), next, 2).outcome,
            AppendResult::Outcome::AlreadyAppended);
}

TEST(Scavenge, MaxCountHidesAtOnceAndMaxAgeAtTheScavenge) {
  EventStore s;
  std::vector<EventData> one(1);
  for (EventId id = 1; id <= 10; ++id) {
    one[0] = ev(id);
    s.append(0, ExpectedRevision::any(), one, static_cast<std::int64_t>(id) * 1'000'000);
    one[0] = ev(100 + id);
    s.append(1, ExpectedRevision::any(), one, static_cast<std::int64_t>(id) * 1'000'000);
  }
  StreamMetadata count;
  count.maxCount = 3;
  s.setMetadata(0, count);
  EXPECT_EQ(s.readStream(0, 0).size(), 3u);
  EXPECT_EQ(s.readStream(0, 0).front().data.id, 8u);
  StreamMetadata age;
  age.maxAge = 4'000'000;  // at 10 s, events before 6 s are too old
  s.setMetadata(1, age);
  EXPECT_EQ(s.readStream(1, 0).size(), 10u);
  s.scavenge(10'000'000);
  const auto young = s.readStream(1, 0);
  ASSERT_EQ(young.size(), 5u);
  EXPECT_EQ(young.front().recordedAt, 6'000'000);
  EXPECT_EQ(s.revision(1), 9);
  EXPECT_EQ(s.readStream(0, 0).size(), 3u);
  // Too few events for a page: the index forgets, the log keeps its page.
  EXPECT_EQ(s.horizon(), 0u);
}

TEST(Scavenge, StreamsWithNothingLeftAreForgottenAndTheirIdsWithThem) {
  Shop shop;
  shop.write(kEvents);
  const std::size_t streamsBefore = shop.store.streamsHeld();
  const std::size_t idsBefore = shop.store.idsHeld();
  shop.deleteOrders(shop.orders - 10);
  StreamMetadata tb;
  tb.truncateBefore = static_cast<std::uint32_t>(shop.store.revision(0));
  shop.store.setMetadata(0, tb);
  const ScavengeResult r = shop.store.scavenge(0);
  EXPECT_GT(r.streamsForgotten, 0u);
  EXPECT_LT(shop.store.streamsHeld(), streamsBefore);
  EXPECT_LT(shop.store.idsHeld(), idsBefore / 2);
  // Streams are kept in pages of 1024: the second page's orders are all gone.
  EXPECT_TRUE(shop.store.forgotten(2000));
  EXPECT_TRUE(shop.store.scavengedStream(2000, 0));
  EXPECT_FALSE(shop.store.forgotten(1)) << "order 1 shares its page with the product";
  EXPECT_FALSE(shop.store.forgotten(0));
  EXPECT_FALSE(shop.store.forgotten(shop.orders));
  EXPECT_EQ(shop.store.readStream(shop.orders, 0).size(),
            static_cast<std::size_t>(shop.store.revision(shop.orders) + 1));
}

TEST(Scavenge, APageMostlyStillReadableStopsTheScavengeUntilItIsNot) {
  Shop shop;
  shop.write(kEvents);
  // Orders of the first page stay; those of the second and third go.
  const StreamId firstPageOrders = shop.store.at(4095).stream;
  for (StreamId o = firstPageOrders + 1; o <= shop.store.at(3 * 4096 - 1).stream; ++o) {
    StreamMetadata m;
    m.truncateBefore = static_cast<std::uint32_t>(shop.store.revision(o) + 1);
    shop.store.setMetadata(o, m);
  }
  shop.store.scavenge(0);
  EXPECT_EQ(shop.store.horizon(), 0u) << "the first page is still mostly readable";
  EXPECT_EQ(shop.store.eventsHeld(), 5u * 4096);
  shop.deleteOrders(firstPageOrders);
  shop.store.scavenge(0);
  EXPECT_GE(shop.store.horizon(), 3u * 4096);
}

}  // namespace
}  // namespace cs::event_sourcing
