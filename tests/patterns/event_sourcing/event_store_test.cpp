// The event store on its own: expected revisions, idempotent appends,
// atomic batches, reads, snapshots and digests.
#include <gtest/gtest.h>

#include "patterns/event_sourcing/event_store.h"
#include "patterns/event_sourcing/position_list.h"
#include "patterns/event_sourcing/seen_ids.h"

namespace cs::event_sourcing {
namespace {

EventData ev(EventId id, std::uint16_t type = 2, std::int64_t a = 1) {
  EventData e;
  e.id = id;
  e.type = type;
  e.body = {a, 0, 0};
  return e;
}

TEST(EventStore, AppendsGiveContiguousRevisionsAndIncreasingPositions) {
  EventStore s;
  const std::vector<EventData> a = {ev(1), ev(2)};
  const std::vector<EventData> b = {ev(3)};
  const std::vector<EventData> c = {ev(4)};
  EXPECT_EQ(s.append(0, ExpectedRevision::noStream(), a, 10).outcome,
            AppendResult::Outcome::Appended);
  EXPECT_EQ(s.append(1, ExpectedRevision::noStream(), b, 11).first, 3u);
  const AppendResult r = s.append(0, ExpectedRevision::exact(1), c, 12);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.first, 4u);
  EXPECT_EQ(r.nextExpected, 2);
  EXPECT_EQ(s.revision(0), 2);
  EXPECT_EQ(s.revision(1), 0);
  EXPECT_EQ(s.revision(7), kNoStreamRevision);
  EXPECT_EQ(s.head(), 4u);
  const auto stream0 = s.readStream(0, 0);
  ASSERT_EQ(stream0.size(), 3u);
  EXPECT_EQ(stream0[2].position, 4u);
  EXPECT_EQ(stream0[2].revision, 2);
  EXPECT_EQ(s.readAll(2, 2).size(), 2u);
  EXPECT_EQ(s.readAll(2, 2)[1].stream, 1u);
}

TEST(EventStore, WrongExpectedVersionNamesExpectedAndActualAndWritesNothing) {
  EventStore s;
  const std::vector<EventData> a = {ev(1), ev(2)};
  s.append(0, ExpectedRevision::noStream(), a, 0);
  const std::vector<EventData> late = {ev(3)};
  const AppendResult r = s.append(0, ExpectedRevision::exact(0), late, 1);
  EXPECT_EQ(r.outcome, AppendResult::Outcome::WrongExpectedVersion);
  EXPECT_EQ(r.expected.code(), 0);
  EXPECT_EQ(r.actual, 1);
  EXPECT_EQ(s.head(), 2u);
  EXPECT_EQ(s.append(0, ExpectedRevision::noStream(), late, 1).outcome,
            AppendResult::Outcome::WrongExpectedVersion);
  // "any" skips the check: the unsafe switch.
  EXPECT_TRUE(s.append(0, ExpectedRevision::any(), late, 1).ok());
  EXPECT_EQ(s.revision(0), 2);
}

TEST(EventStore, ARetriedAppendWithTheSameIdsIsRecognisedNotDuplicated) {
  EventStore s;
  const std::vector<EventData> a = {ev(7), ev(8)};
  const AppendResult first = s.append(3, ExpectedRevision::noStream(), a, 0);
  // The acknowledgment was lost; the writer sends the same append again.
  const AppendResult again = s.append(3, ExpectedRevision::noStream(), a, 5);
  EXPECT_EQ(again.outcome, AppendResult::Outcome::AlreadyAppended);
  EXPECT_EQ(again.first, first.first);
  EXPECT_EQ(again.last, first.last);
  EXPECT_EQ(s.head(), 2u);
  // Half known, half new is refused rather than half written.
  const std::vector<EventData> mixed = {ev(8), ev(9)};
  EXPECT_EQ(s.append(3, ExpectedRevision::any(), mixed, 6).outcome,
            AppendResult::Outcome::IdConflict);
  EXPECT_EQ(s.head(), 2u);
  EXPECT_EQ(s.find(8), Position{2});
  EXPECT_FALSE(s.find(9));
}

TEST(EventStore, ARetryIsRecognisedAfterOtherWritersMovedTheStreamOn) {
  EventStore s;
  const std::vector<EventData> first = {ev(1)}, ours = {ev(2), ev(3)}, theirs = {ev(4)};
  s.append(0, ExpectedRevision::noStream(), first, 0);
  s.append(0, ExpectedRevision::exact(0), ours, 1);
  s.append(0, ExpectedRevision::exact(2), theirs, 2);
  // Our acknowledgment was lost; the retry expects what the first attempt did.
  const AppendResult again = s.append(0, ExpectedRevision::exact(0), ours, 3);
  EXPECT_EQ(again.outcome, AppendResult::Outcome::AlreadyAppended);
  EXPECT_EQ(again.first, 2u);
  EXPECT_EQ(again.last, 3u);
  const std::vector<EventData> half = {ev(2), ev(9)}, fresh = {ev(5)};
  EXPECT_EQ(s.append(0, ExpectedRevision::exact(0), half, 3).outcome,
            AppendResult::Outcome::IdConflict);
  const AppendResult late = s.append(0, ExpectedRevision::exact(0), fresh, 3);
  EXPECT_EQ(late.outcome, AppendResult::Outcome::WrongExpectedVersion);
  EXPECT_EQ(late.actual, 3);
  // Under "any" the first attempt may be anywhere in the stream: the id
  // index finds it, and finds it in another stream too.
  const std::vector<EventData> anyOne = {ev(6)}, anyTwo = {ev(7)};
  s.append(1, ExpectedRevision::any(), anyOne, 4);
  s.append(1, ExpectedRevision::any(), anyTwo, 5);
  const AppendResult anyAgain = s.append(1, ExpectedRevision::any(), anyOne, 6);
  EXPECT_EQ(anyAgain.outcome, AppendResult::Outcome::AlreadyAppended);
  EXPECT_EQ(anyAgain.first, 5u);
  EXPECT_EQ(s.append(0, ExpectedRevision::any(), anyTwo, 6).outcome,
            AppendResult::Outcome::IdConflict);
  EXPECT_EQ(s.head(), 6u);
  EXPECT_EQ(s.find(4), Position{4});
  EXPECT_EQ(s.find(7), Position{6});
}

TEST(EventStore, ABatchIsAllInOrAllOut) {
  EventStore s;
  const std::vector<EventData> one = {ev(1)};
  s.append(0, ExpectedRevision::noStream(), one, 0);
  const std::vector<EventData> batch = {ev(2), ev(3), ev(4)};
  EXPECT_FALSE(s.append(0, ExpectedRevision::exact(5), batch, 1).ok());
  EXPECT_EQ(s.head(), 1u);
  EXPECT_TRUE(s.append(0, ExpectedRevision::exact(0), batch, 1).ok());
  EXPECT_EQ(s.head(), 4u);
  for (Position p = 2; p <= 4; ++p) EXPECT_EQ(s.at(p).recordedAt, 1);
}

TEST(EventStore, DigestsProveAStoredEventIsUnchanged) {
  EventStore s;
  const std::vector<EventData> one = {ev(1, 2, 5)};
  s.append(0, ExpectedRevision::noStream(), one, 0);
  EXPECT_TRUE(s.verify(1));
  RecordedEvent edited = s.at(1);
  edited.data.body[0] = 50;
  EXPECT_NE(eventDigest(edited), s.at(1).digest);
}

TEST(EventStore, KeepsOnlyTheLatestSnapshot) {
  EventStore s;
  std::vector<EventData> many;
  for (EventId i = 1; i <= 5; ++i) many.push_back(ev(i));
  s.append(0, ExpectedRevision::noStream(), many, 0);
  EXPECT_EQ(s.latestSnapshot(0), nullptr);
  s.saveSnapshot(0, {3, 4, {1, 9, 0, 0, 0, 0}});
  s.saveSnapshot(0, {1, 2, {1, 7, 0, 0, 0, 0}});
  ASSERT_NE(s.latestSnapshot(0), nullptr);
  EXPECT_EQ(s.latestSnapshot(0)->revision, 3);
  EXPECT_EQ(s.latestSnapshot(0)->state[1], 9);
  EXPECT_EQ(s.snapshotCount(), 1u);
}

TEST(EventStore, ManyStreamsAcrossPagesReadBackAsWritten) {
  // Three streams interleaved over more events than one page of the log
  // holds: each stream reads back whole, in revision order, with its
  // positions, every event intact, and a retry across pages is recognised.
  EventStore s;
  constexpr int kEvents = 10'000;
  for (int i = 0; i < kEvents; ++i) {
    const auto stream = static_cast<StreamId>(i % 3);
    const std::vector<EventData> one = {ev(static_cast<EventId>(i + 1), 2, i)};
    ASSERT_EQ(s.append(stream, ExpectedRevision::exact(s.revision(stream)), one, i).outcome,
              AppendResult::Outcome::Appended);
  }
  EXPECT_EQ(s.head(), static_cast<Position>(kEvents));
  for (StreamId stream = 0; stream < 3; ++stream) {
    const auto positions = s.positions(stream);
    ASSERT_EQ(positions.size(), s.events(stream).size());
    Revision r = 0;
    for (const RecordedEvent& e : s.events(stream)) {
      EXPECT_EQ(e.stream, stream);
      EXPECT_EQ(e.revision, r);
      EXPECT_EQ(e.position, positions[static_cast<std::size_t>(r)]);
      EXPECT_EQ(e.position, static_cast<Position>(3 * r + stream + 1));
      EXPECT_EQ(e.data.body[0], static_cast<std::int64_t>(e.position - 1));
      ++r;
    }
    EXPECT_EQ(s.readStream(stream, r - 2).front().revision, r - 2);
  }
  for (Position p = 1; p <= s.head(); p += 997) EXPECT_TRUE(s.verify(p));
  // The retry expects what its first attempt did: stream 1 at revision 1364.
  const std::vector<EventData> retry = {ev(4097, 2, 4096)};
  const AppendResult again = s.append(1, ExpectedRevision::exact(1364), retry, 0);
  EXPECT_EQ(again.outcome, AppendResult::Outcome::AlreadyAppended);
  EXPECT_EQ(again.first, 4097u);
  EXPECT_EQ(s.head(), static_cast<Position>(kEvents));
}

TEST(PositionList, KeepsItsLastPositionAsItMovesToTheHeapAndGrows) {
  PositionList list;
  for (StoredPosition p = 1; p <= 100; ++p) {
    list.push_back(3 * p);
    ASSERT_EQ(list.back(), 3 * p);
    ASSERT_EQ(list.size(), p);
    ASSERT_EQ(list[p - 1], 3 * p);
  }
  for (std::size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i], 3 * (i + 1));
  PositionList moved = std::move(list);
  EXPECT_EQ(moved.back(), 300u);
  EXPECT_EQ(moved.size(), 100u);
}

TEST(SeenIds, SaysWhenAnIdComesAgainAcrossGrowth) {
  SeenIds ids;
  for (EventId id = 1; id <= 5'000; ++id) ASSERT_TRUE(ids.insert(id * 0x10001));
  for (EventId id = 1; id <= 5'000; id += 7) EXPECT_FALSE(ids.insert(id * 0x10001));
  EXPECT_TRUE(ids.insert(0));
  EXPECT_FALSE(ids.insert(0));
  EXPECT_TRUE(ids.insert(3));
  EXPECT_EQ(ids.size(), 5'002u);
}

}  // namespace
}  // namespace cs::event_sourcing
