// Simulation::check: after every event, each checker that wants it looks at
// the cluster, and every violation found goes into the trace in checker
// order, whether it was found while reading records or after the event.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "beacon_ring.h"
#include "clusterscope/simulation.h"

namespace cs {
namespace {

// Reports from onRecord at its n-th Sent record.
class SendCounter : public Checker {
 public:
  explicit SendCounter(std::uint64_t reportAt) : reportAt_(reportAt) {
    listenTo({TraceKind::Sent});
  }
  std::string_view name() const override { return "sends"; }
  void onRecord(const TraceRecord& r) override {
    ++seen;
    if (r.kind != TraceKind::Sent) ++others;
    if (seen == reportAt_) violate("send " + std::to_string(seen));
  }
  std::uint64_t seen = 0;
  std::uint64_t others = 0;

 private:
  std::uint64_t reportAt_;
};

// Reports from afterEvent at its n-th call.
class EventCounter : public Checker {
 public:
  explicit EventCounter(std::uint64_t reportAt) : reportAt_(reportAt) {}
  std::string_view name() const override { return "events"; }
  void afterEvent(const Kernel&) override {
    if (++calls == reportAt_) violate("event " + std::to_string(calls));
  }
  std::uint64_t calls = 0;

 private:
  std::uint64_t reportAt_;
};

// Wants records only: its afterEvent is the default.
class Quiet : public Checker {
 public:
  std::string_view name() const override { return "quiet"; }
};

SimulationConfig config(const char* pattern) {
  SimulationConfig c;
  c.pattern = pattern;
  return c;
}

std::vector<std::string> texts(const Simulation& sim) {
  std::vector<std::string> out;
  for (const Violation& v : sim.violations()) out.push_back(v.checker + ": " + v.text);
  return out;
}

TEST(SimulationCheck, AfterEventRunsAfterEveryEventForThoseThatWantIt) {
  testing::registerBeaconRing("check-counts", [] {
    std::vector<std::unique_ptr<Checker>> v;
    v.push_back(std::make_unique<Quiet>());
    v.push_back(std::make_unique<EventCounter>(0));
    v.push_back(std::make_unique<SendCounter>(0));
    return v;
  });
  Simulation sim(config("check-counts"));
  for (int i = 0; i < 50; ++i) sim.step();
  const auto& events = dynamic_cast<const EventCounter&>(*sim.checkers()[1]);
  const auto& sends = dynamic_cast<const SendCounter&>(*sim.checkers()[2]);
  EXPECT_EQ(events.calls, 50u);
  EXPECT_FALSE(sim.checkers()[0]->wantsAfterEvent());
  EXPECT_EQ(sends.seen, 50u) << "one flash sent per event";
  EXPECT_EQ(sends.others, 0u) << "a checker that listens to sends gets no deliveries";
  EXPECT_TRUE(sim.violations().empty());
}

TEST(SimulationCheck, ViolationsOfOneEventGoIntoTheTraceInCheckerOrder) {
  // All report during the 7th event: the first from its 7th record, the
  // others from their 7th afterEvent.
  testing::registerBeaconRing("check-order", [] {
    std::vector<std::unique_ptr<Checker>> v;
    v.push_back(std::make_unique<EventCounter>(7));
    v.push_back(std::make_unique<SendCounter>(7));
    v.push_back(std::make_unique<Quiet>());
    v.push_back(std::make_unique<EventCounter>(7));
    return v;
  });
  Simulation sim(config("check-order"));
  for (int i = 0; i < 6; ++i) sim.step();
  EXPECT_TRUE(sim.violations().empty());
  sim.step();
  EXPECT_EQ(texts(sim),
            (std::vector<std::string>{"events: event 7", "sends: send 7", "events: event 7"}));
  const Trace& trace = sim.kernel().trace();
  for (std::size_t i = 0; i < sim.violations().size(); ++i) {
    const TraceRecord& r = trace.at(sim.violations()[i].record);
    EXPECT_EQ(r.kind, TraceKind::Violation);
    EXPECT_EQ(r.v[0], static_cast<std::int64_t>(i));
    EXPECT_EQ(r.seq, trace.count() - sim.violations().size() + 1 + i) << "the event's last records";
  }
  EXPECT_EQ(sim.invariants()[1].violations, 1u);
  EXPECT_EQ(sim.invariants()[2].violations, 0u);
  for (int i = 0; i < 20; ++i) sim.step();
  EXPECT_EQ(sim.violations().size(), 3u) << "each reported once";
}

TEST(SimulationCheck, ACheckerAfterOneThatReportsStillLooksOnce) {
  testing::registerBeaconRing("check-after", [] {
    std::vector<std::unique_ptr<Checker>> v;
    v.push_back(std::make_unique<EventCounter>(0));  // never reports
    v.push_back(std::make_unique<Quiet>());
    v.push_back(std::make_unique<EventCounter>(7));
    v.push_back(std::make_unique<EventCounter>(7));
    return v;
  });
  Simulation sim(config("check-after"));
  for (int i = 0; i < 7; ++i) sim.step();
  EXPECT_EQ(texts(sim), (std::vector<std::string>{"events: event 7", "events: event 7"}));
  for (std::size_t i : {0u, 2u, 3u})
    EXPECT_EQ(dynamic_cast<const EventCounter&>(*sim.checkers()[i]).calls, 7u) << "checker " << i;
}

TEST(SimulationCheck, AViolationFoundBetweenEventsIsDrainedByTheNextCheck) {
  testing::registerBeaconRing("check-records", [] {
    std::vector<std::unique_ptr<Checker>> v;
    v.push_back(std::make_unique<Quiet>());
    v.push_back(std::make_unique<SendCounter>(3));
    return v;
  });
  Simulation sim(config("check-records"));
  for (int i = 0; i < 3; ++i) sim.step();
  ASSERT_EQ(texts(sim), std::vector<std::string>{"sends: send 3"});
  EXPECT_EQ(sim.violations()[0].at, sim.now());
}

}  // namespace
}  // namespace cs
