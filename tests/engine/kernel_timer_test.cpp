// Timers that are cancelled, or that a crash or a pause gets in the way of:
// a cancelled timer is no event (it never fires, is not counted and does not
// move the clock), and when the queue drops its event never changes a run.
#include <gtest/gtest.h>

#include <vector>

#include "clusterscope/kernel.h"

namespace cs {
namespace {

// A node that arms a timer per tag it is told to, and lets a test cancel them.
class TimerNode : public Node {
 public:
  std::vector<std::uint64_t> fired;

  void onMessage(const Message&) override {}
  void onTimer(TimerHandle, std::uint64_t tag) override { fired.push_back(tag); }
  void onCrash() override {}

  using Node::cancelTimer;
  using Node::setTimer;
};

struct OneNode {
  OneNode() : kernel(1) {
    auto n = std::make_unique<TimerNode>();
    node = n.get();
    kernel.addNode(std::move(n));
    kernel.step();  // starts the node
  }
  Kernel kernel;
  TimerNode* node;
};

TEST(KernelTimers, ACancelledTimerIsNoEvent) {
  OneNode c;
  TimerHandle near = c.node->setTimer(SimDuration{100}, 1);           // in the near wheel
  TimerHandle far = c.node->setTimer(SimDuration{250'000}, 2);        // a timeout's distance
  TimerHandle later = c.node->setTimer(SimDuration{400'000'000}, 3);  // beyond both wheels
  c.node->setTimer(SimDuration{300'000}, 4);
  c.node->cancelTimer(near);
  c.node->cancelTimer(far);
  c.node->cancelTimer(later);
  EXPECT_EQ(c.kernel.nextEventTime(), SimTime{300'000});
  EXPECT_TRUE(c.kernel.step());
  EXPECT_EQ(c.kernel.now(), SimTime{300'000}) << "the clock stopped at a cancelled timer";
  EXPECT_EQ(c.kernel.eventsProcessed(), 1u);
  EXPECT_FALSE(c.kernel.step()) << "a cancelled timer was still an event";
  EXPECT_EQ(c.node->fired, (std::vector<std::uint64_t>{4}));
}

TEST(KernelTimers, CancellingTwiceOrAfterFiringTouchesNoOtherTimer) {
  OneNode c;
  TimerHandle a = c.node->setTimer(SimDuration{100}, 1);
  const TimerHandle copy = a;
  c.node->cancelTimer(a);
  // The freed slot is armed again; the stale copy must not cancel the new timer.
  c.node->setTimer(SimDuration{200}, 2);
  TimerHandle stale = copy;
  c.node->cancelTimer(stale);
  c.kernel.runUntil(SimDuration{1'000});
  EXPECT_EQ(c.node->fired, (std::vector<std::uint64_t>{2}));
}

TEST(KernelTimers, ATimerCancelledWhileItWaitsForAResumeNeverFires) {
  OneNode c;
  TimerHandle t = c.node->setTimer(SimDuration{100}, 1);
  c.node->setTimer(SimDuration{200}, 2);
  c.kernel.pause(0);
  c.kernel.runUntil(SimDuration{1'000});  // both came due while paused
  c.node->cancelTimer(t);
  c.node->setTimer(SimDuration{10}, 3);  // may take the cancelled timer's slot
  c.kernel.resume(0);
  c.kernel.runUntil(SimDuration{2'000});
  EXPECT_EQ(c.node->fired, (std::vector<std::uint64_t>{2, 3}));
}

TEST(KernelTimers, ACrashCancelsTheNodesTimersEvenPastARestart) {
  OneNode c;
  c.node->setTimer(SimDuration{500}, 1);
  c.node->setTimer(SimDuration{300'000}, 2);
  c.kernel.runUntil(SimDuration{100});
  c.kernel.crash(0);
  c.kernel.restart(0);
  c.node->setTimer(SimDuration{1'000}, 3);  // armed after the restart
  c.kernel.runUntil(SimDuration{1'000'000});
  EXPECT_EQ(c.node->fired, (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(c.kernel.eventsProcessed(), 1u);
}

// A node that arms a timeout per request and cancels it on the answer, the
// way an RPC client or a router does; answers that come late find it fired.
class Caller : public Node {
 public:
  Label request = kNoLabel;
  Label answer = kNoLabel;
  std::uint64_t timedOut = 0;

  void onStart() override { setTimer(SimDuration{1'000}, kTick); }
  void onCrash() override {}
  void onMessage(const Message& m) override {
    if (m.kind == request) return (void)send(m.from, answer, m.fields, m.request, m.id);
    Waiting& w = waiting_[static_cast<std::size_t>(m.fields[0]) % waiting_.size()];
    if (w.call == static_cast<std::uint64_t>(m.fields[0])) cancelTimer(w.timeout);
  }
  void onTimer(TimerHandle, std::uint64_t tag) override {
    if (tag != kTick) {
      ++timedOut;
      return;
    }
    const std::uint64_t call = next_++;
    Waiting& w = waiting_[call % waiting_.size()];
    cancelTimer(w.timeout);
    w.call = call;
    w.timeout =
        setTimer(SimDuration{static_cast<std::int64_t>(50'000 + rng().below(400'000))}, call);
    send(1 - id(), request, {static_cast<std::int64_t>(call)});
    setTimer(SimDuration{static_cast<std::int64_t>(500 + rng().below(3'000))}, kTick);
  }

 private:
  static constexpr std::uint64_t kTick = ~std::uint64_t{0};
  struct Waiting {
    std::uint64_t call = ~std::uint64_t{0};
    TimerHandle timeout;
  };
  std::vector<Waiting> waiting_ = std::vector<Waiting>(64);
  std::uint64_t next_ = 0;
};

struct RunFigures {
  std::uint64_t hash = 0;
  std::uint64_t events = 0;
  std::uint64_t timedOut = 0;
};

// Two callers whose requests are answered (echoed) by the other, over a
// lossy link, run to 3 s in `chops` steps, peeking at the next event between
// steps the way the window does.
RunFigures callersRun(std::uint64_t seed, int chops) {
  Kernel k(seed, KernelOptions{kHeadlessTraceCapacity, SimDuration{100'000}});
  const Label request = k.defineMessage("Request", {"call"}, Exchange::Request);
  const Label answer = k.defineMessage("Answer", {"call"}, Exchange::Reply);
  for (int i = 0; i < 2; ++i) {
    auto n = std::make_unique<Caller>();
    n->request = request;
    n->answer = answer;
    k.addNode(std::move(n));
  }
  k.network().setDefaultLink(LinkConfig{SimDuration{20'000}, SimDuration{200'000}, 0.2, 0});
  const SimTime end{3'000'000};
  for (int i = 1; i <= chops; ++i) {
    k.runUntil(SimTime{end.count() * i / chops});
    (void)k.nextEventTime();
  }
  const auto timedOut = [&](NodeId n) { return static_cast<const Caller&>(k.node(n)).timedOut; };
  return {k.trace().hash(), k.eventsProcessed(), timedOut(0) + timedOut(1)};
}

TEST(KernelTimers, HowARunIsChoppedChangesNeitherItsTraceNorItsEventCount) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RunFigures whole = callersRun(seed, 1);
    ASSERT_GT(whole.timedOut, 0u) << "seed " << seed << ": no timeout fired, none was tested";
    for (int chops : {7, 300, 5'000}) {
      const RunFigures chopped = callersRun(seed, chops);
      EXPECT_EQ(chopped.hash, whole.hash) << "seed " << seed << " chops " << chops;
      EXPECT_EQ(chopped.events, whole.events) << "seed " << seed << " chops " << chops;
    }
  }
}

}  // namespace
}  // namespace cs
