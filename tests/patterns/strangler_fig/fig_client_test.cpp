// The shop client's arrivals: an open-loop rate that holds at any speed,
// with a timer that ticks at most once per ShopClient::kTick — so at a high
// rate the arrivals of one tick go out together, and at a low one each has
// its own moment. Test thread only.
#include <gtest/gtest.h>

#include <vector>

#include "fig_test_support.h"

namespace cs::strangler_fig {
namespace {

using namespace testing;

// The moments at which the client sent its requests.
class ClientSends : public TraceListener {
 public:
  explicit ClientSends(Simulation& sim)
      : sim_(sim), request_(*sim.kernel().vocabulary().find(LabelKind::Message, "Request")) {
    sim.kernel().trace().addListener(this);
  }
  ~ClientSends() override { sim_.kernel().trace().removeListener(this); }
  ClientSends(const ClientSends&) = delete;
  ClientSends& operator=(const ClientSends&) = delete;
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Sent && r.node == kClient && r.label == request_) at.push_back(r.at);
  }
  std::vector<SimTime> at;

 private:
  Simulation& sim_;
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

}  // namespace
}  // namespace cs::strangler_fig
