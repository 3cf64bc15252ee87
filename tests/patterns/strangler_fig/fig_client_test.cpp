// The shop client's arrivals: an open-loop rate that holds at any speed,
// with a timer that ticks at most once per ShopClient::kTick — so at a high
// rate the arrivals of one tick go out together, and at a low one each has
// its own moment. Test thread only.
#include <gtest/gtest.h>

#include <vector>

#include "fig_test_support.h"
#include "patterns/trace_taps.h"

namespace cs::strangler_fig {
namespace {

using namespace testing;

// The moments at which the client sent its requests.
class ClientSends : public taps::Tap {
 public:
  explicit ClientSends(Simulation& sim)
      : Tap(sim), request_(*sim.kernel().vocabulary().find(LabelKind::Message, "Request")) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Sent && r.node == kClient && r.label == request_) at.push_back(r.at);
  }
  std::vector<SimTime> at;

 private:
  Label request_;
};

TEST(FigClient, AtAHighRateTheArrivalsOfATickGoOutTogetherAndTheRateHolds) {
  auto sim = world({{"rate", 20'000}, {"legacyWorkers", 256}, {"legacyQueue", 10'000}});
  ClientSends sends(*sim);
  sim->runUntil(SimTime{ms(1'000)});
  ASSERT_FALSE(sends.at.empty());
  EXPECT_NEAR(static_cast<double>(sends.at.size()), 20'000, 400);
  std::size_t moments = 1;
  for (std::size_t i = 1; i < sends.at.size(); ++i) {
    if (sends.at[i] == sends.at[i - 1]) continue;
    ++moments;
    EXPECT_GE(sends.at[i] - sends.at[i - 1], ShopClient::kTick) << "request " << i;
  }
  // About ten arrivals a tick, so about a tenth as many moments as requests.
  EXPECT_LE(moments, sends.at.size() / 8);
}

TEST(FigClient, AtALowRateEachRequestHasAMomentOfItsOwn) {
  auto sim = world({{"rate", 800}});
  ClientSends sends(*sim);
  sim->runUntil(SimTime{ms(2'000)});
  EXPECT_NEAR(static_cast<double>(sends.at.size()), 1'600, 80);
  for (std::size_t i = 1; i < sends.at.size(); ++i)
    EXPECT_GT(sends.at[i], sends.at[i - 1]) << "request " << i;
}

TEST(FigClient, StoppedAtRateZeroItStartsAgainWhenGivenARate) {
  auto sim = world({{"rate", 400}});
  ClientSends sends(*sim);
  sim->runUntil(SimTime{ms(500)});
  sim->apply(verb("rate", {"0"}));
  sim->runUntil(SimTime{ms(1'000)});
  const std::size_t stopped = sends.at.size();
  sim->runUntil(SimTime{ms(1'500)});
  EXPECT_EQ(sends.at.size(), stopped) << "nothing sent at rate 0";
  sim->apply(verb("rate", {"400"}));
  sim->runUntil(SimTime{ms(2'500)});
  EXPECT_NEAR(static_cast<double>(sends.at.size() - stopped), 400, 60);
  sim->apply(verb("rate", {"800"}));  // already running: one arrival chain, not two
  sim->runUntil(SimTime{ms(3'500)});
  EXPECT_NEAR(static_cast<double>(sends.at.size() - stopped), 1'200, 100);
}

TEST(FigClient, ACrashedClientGivenARateStartsOnceAtItsRestart) {
  auto sim = world({{"rate", 0}});
  ClientSends sends(*sim);
  sim->apply(fault(CommandKind::Crash, kClient));
  sim->apply(verb("rate", {"400"}));
  sim->runUntil(SimTime{ms(500)});
  EXPECT_TRUE(sends.at.empty());
  sim->apply(fault(CommandKind::Restart, kClient));
  sim->runUntil(SimTime{ms(1'500)});
  EXPECT_NEAR(static_cast<double>(sends.at.size()), 400, 60) << "one arrival chain";
}

}  // namespace
}  // namespace cs::strangler_fig
