// A trace listener gets the kinds of record it listens to and no others;
// one that narrows nothing gets every record, as listeners always have.
#include <gtest/gtest.h>

#include <vector>

#include "clusterscope/trace.h"

namespace cs {
namespace {

class Kinds : public TraceListener {
 public:
  Kinds() = default;
  explicit Kinds(std::initializer_list<TraceKind> kinds) { listenTo(kinds); }
  void onRecord(const TraceRecord& r) override { seen.push_back(r.kind); }
  std::vector<TraceKind> seen;
};

TraceRecord record(TraceKind kind) {
  TraceRecord r;
  r.kind = kind;
  return r;
}

const std::vector<TraceKind> kRun = {TraceKind::Sent,       TraceKind::Delivered,
                                     TraceKind::TimerFired, TraceKind::Milestone,
                                     TraceKind::Crashed,    TraceKind::Violation};

TEST(TraceListener, UnnarrowedSeesEveryRecord) {
  Trace trace(16);
  Kinds all;
  trace.addListener(&all);
  for (TraceKind k : kRun) trace.append(record(k));
  EXPECT_EQ(all.seen, kRun);
}

TEST(TraceListener, NarrowedSeesOnlyItsKindsInOrder) {
  Trace trace(16);
  Kinds some{TraceKind::Milestone, TraceKind::Sent, TraceKind::Violation};
  const std::initializer_list<TraceKind> nothing{};
  Kinds none(nothing);  // as a checker that only looks after events
  trace.addListener(&some);
  trace.addListener(&none);
  for (TraceKind k : kRun) trace.append(record(k));
  EXPECT_EQ(some.seen,
            (std::vector<TraceKind>{TraceKind::Sent, TraceKind::Milestone, TraceKind::Violation}));
  EXPECT_TRUE(none.seen.empty());
  EXPECT_EQ(trace.count(), kRun.size()) << "every record is still stored";
}

TEST(TraceListener, NarrowingChangesNeitherHashNorOtherListeners) {
  Trace plain(16), narrowed(16);
  Kinds a, b, some{TraceKind::Sent};
  plain.addListener(&a);
  narrowed.addListener(&some);
  narrowed.addListener(&b);
  for (TraceKind k : kRun) {
    plain.append(record(k));
    narrowed.append(record(k));
  }
  EXPECT_EQ(plain.hash(), narrowed.hash());
  EXPECT_EQ(a.seen, b.seen);
}

TEST(TraceListener, RemovedListenerSeesNothingMore) {
  Trace trace(16);
  Kinds sends{TraceKind::Sent};
  trace.addListener(&sends);
  trace.append(record(TraceKind::Sent));
  trace.removeListener(&sends);
  trace.append(record(TraceKind::Sent));
  EXPECT_EQ(sends.seen.size(), 1u);
}

}  // namespace
}  // namespace cs
