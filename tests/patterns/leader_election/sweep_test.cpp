// The seed sweep: for each seed, a randomly sized cluster under a randomly
// chosen mix of faults (swarm testing) and a stream of client writes. Safety
// is checked during the faults by the pattern's checkers; then everything is
// healed and liveness is checked: a leader, every write completed, and every
// server holding the same configuration (the last value written per key).
//
// Everything random comes from a cs::Rng seeded by the test seed. A failing
// seed prints one line that reproduces it; RAFT_SWEEP_SEED=N runs only that
// seed and prints the end of its trace. Which seeds run (5000 from the
// commit's range by default) is sweep/sweep_seeds.h's.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <sstream>

#include "clusterscope/rng.h"
#include "leader_election/raft_test_support.h"
#include "sweep/sweep_seeds.h"

namespace cs::leader_election {
namespace {

using namespace testing;

constexpr SimDuration kFaultSpan = ms(20'000);
constexpr SimDuration kHealDeadline = ms(10'000);  // for a leader and every pending write
constexpr SimDuration kConvergeDeadline = ms(2'000);

struct Outcome {
  std::string failure;  // empty: passed
  std::unique_ptr<Simulation> sim;
  std::uint64_t writes = 0;
  std::uint64_t faults = 0;
  double recovery = 0;  // seconds from healing to a leader with no pending writes
};

class SeedRun {
 public:
  SeedRun(std::uint64_t seed, bool keepTrace) : rng_(deriveSeed(seed, "raft-sweep")) {
    // The cluster: its size and network drawn per seed.
    servers_ = static_cast<int>(rng_.between(3, 7));
    latency_ = rng_.between(1, 20);
    jitter_ = rng_.between(0, latency_);
    nlohmann::json options = {{"nodes", servers_}, {"latency", latency_}, {"jitter", jitter_}};
    switch (rng_.below(3)) {  // election timing: the defaults, faster or slower
      case 1:
        options.update(
            {{"electionTimeoutMin", 100}, {"electionTimeoutMax", 200}, {"heartbeatInterval", 30}});
        break;
      case 2:
        options.update(
            {{"electionTimeoutMin", 300}, {"electionTimeoutMax", 600}, {"heartbeatInterval", 100}});
        break;
    }
    SimulationConfig config = raftConfig(options, seed);
    config.kernel.traceCapacity = keepTrace ? (1u << 16) : (1u << 10);
    sim_ = std::make_unique<Simulation>(std::move(config));
    clientId_ = static_cast<NodeId>(servers_);

    // The swarm: each seed enables its own subset of faults and its own pace.
    crashes_ = rng_.chance(0.5);
    pauses_ = rng_.chance(0.5);
    partitions_ = rng_.chance(0.5);
    blocks_ = rng_.chance(0.5);
    isolates_ = rng_.chance(0.5);
    slows_ = rng_.chance(0.3);
    lossy_ = rng_.chance(0.5);
    maxLoss_ = 0.2 * rng_.unit();
    duplicates_ = rng_.chance(0.3);
    faultGap_ = rng_.between(100, 1500);
    writeGap_ = rng_.between(300, 1500);
  }

  Outcome run() {
    Outcome out;
    out.failure = runPhases();
    out.writes = submitted_;
    out.recovery = recovery_;
    out.faults = sim_->commandLog().size() - submitted_;
    out.sim = std::move(sim_);
    return out;
  }

 private:
  std::string runPhases() {
    SimTime nextFault = ms(rng_.between(0, faultGap_));
    SimTime nextWrite = ms(rng_.between(0, writeGap_));
    while (std::min(nextFault, nextWrite) < kFaultSpan) {
      if (nextFault <= nextWrite) {
        sim_->runUntil(nextFault);
        injectFault();
        nextFault += ms(rng_.between(1, 2 * faultGap_));
      } else {
        sim_->runUntil(nextWrite);
        write();
        nextWrite += ms(rng_.between(1, 2 * writeGap_));
      }
      if (!sim_->violations().empty()) return violation();
    }
    sim_->runUntil(kFaultSpan);
    if (!sim_->violations().empty()) return violation();

    healEverything();
    const SimTime healedAt = sim_->now();
    const bool live = runUntil(
        *sim_, kHealDeadline,
        [&] { return sim_->resolve("leader") && client(*sim_).pending().empty(); }, ms(20));
    recovery_ = toSeconds(sim_->now() - healedAt);
    if (!sim_->violations().empty()) return violation();
    if (!live) {
      std::ostringstream s;
      s << "no progress " << toSeconds(kHealDeadline) << " s after healing: leader "
        << (sim_->resolve("leader") ? std::to_string(*sim_->resolve("leader")) : "none") << ", "
        << client(*sim_).pending().size() << " writes pending";
      return s.str();
    }
    if (client(*sim_).completed() != submitted_)
      return "the client completed " + std::to_string(client(*sim_).completed()) + " of " +
             std::to_string(submitted_) + " writes";
    const bool converged = runUntil(
        *sim_, kConvergeDeadline, [&] { return allAgree(); }, ms(20));
    if (!sim_->violations().empty()) return violation();
    if (!converged)
      return "servers did not converge on the configuration within " +
             std::to_string(toSeconds(kConvergeDeadline)) + " s of completing (healed at " +
             std::to_string(toSeconds(healedAt)) + " s): " + describeServers();
    return {};
  }

  std::string violation() const {
    const Violation& v = sim_->violations().front();
    return "invariant \"" + v.checker + "\" violated at " + std::to_string(toSeconds(v.at)) +
           " s: " + v.text;
  }

  // Every server has the leader's commitIndex and the expected configuration.
  bool allAgree() const {
    const auto leader = sim_->resolve("leader");
    if (!leader) return false;
    const std::int64_t commit = server(*sim_, *leader).commitIndex();
    for (NodeId n = 0; n < clientId_; ++n) {
      const RaftNode& s = server(*sim_, n);
      if (s.commitIndex() != commit || s.config() != expected_) return false;
    }
    return true;
  }

  std::string describeServers() const {
    auto text = [](const std::map<std::string, std::string>& m) {
      std::string s;
      for (const auto& [k, v] : m) s += (s.empty() ? "" : ",") + k + "=" + v;
      return "{" + s + "}";
    };
    std::string s = "expected " + text(expected_);
    for (NodeId n = 0; n < clientId_; ++n)
      s += "; node " + std::to_string(n) + " " + roleName(server(*sim_, n).role()) +
           " commitIndex " + std::to_string(server(*sim_, n).commitIndex()) + " " +
           text(server(*sim_, n).config());
    return s;
  }

  NodeId anyServer() { return static_cast<NodeId>(rng_.below(servers_)); }

  void write() {
    const std::string key(1, static_cast<char>('a' + rng_.below(4)));
    const std::string value = std::to_string(++submitted_);
    expected_[key] = value;
    std::vector<std::string> args{key, value};
    if (rng_.chance(0.3)) args.push_back(std::to_string(anyServer()));
    verb(*sim_, "client-write", std::move(args));
  }

  void injectFault() {
    // Draw kinds until one that this seed enabled comes up.
    for (int attempt = 0; attempt < 16; ++attempt) {
      switch (rng_.below(9)) {
        case 0:
          if (!crashes_) continue;
          return toggle(NodeStatus::Crashed, CommandKind::Crash, CommandKind::Restart);
        case 1:
          if (!pauses_) continue;
          return toggle(NodeStatus::Paused, CommandKind::Pause, CommandKind::Resume);
        case 2: {
          if (!partitions_) continue;
          std::vector<std::vector<NodeId>> groups(2);
          for (NodeId n = 0; n < clientId_; ++n) groups[rng_.below(2)].push_back(n);
          if (rng_.chance(0.5)) groups[rng_.below(2)].push_back(clientId_);
          if (groups[0].empty() || groups[1].empty()) return command(*sim_, CommandKind::Heal);
          return partition(*sim_, std::move(groups));
        }
        case 3: {
          if (!blocks_) continue;
          const NodeId from = static_cast<NodeId>(rng_.below(clientId_ + 1));
          const NodeId to = static_cast<NodeId>(rng_.below(clientId_ + 1));
          if (from == to) continue;
          return command(*sim_, CommandKind::Block, from, to);
        }
        case 4:
          if (!isolates_) continue;
          return command(*sim_, CommandKind::Isolate, anyServer());
        case 5:
          if (!partitions_ && !blocks_ && !isolates_) continue;
          return command(*sim_, CommandKind::Heal);
        case 6: {
          if (!lossy_ && !duplicates_) continue;
          Command c;
          c.kind = CommandKind::Network;
          c.link = sim_->kernel().network().defaultLink();
          c.link.loss = lossy_ ? maxLoss_ * rng_.unit() : 0.0;
          c.link.duplicate = duplicates_ ? 0.05 * rng_.unit() : 0.0;
          sim_->apply(std::move(c));
          return;
        }
        case 7: {
          if (!slows_) continue;
          Command c;
          c.kind = CommandKind::Slow;
          c.node = anyServer();
          c.duration = rng_.chance(0.5) ? ms(rng_.between(1, 30)) : SimDuration{0};
          sim_->apply(std::move(c));
          return;
        }
        case 8:
          continue;  // a quiet moment
      }
    }
  }

  // Puts a random server into `status` (via `enter`), or brings one back (via `leave`).
  void toggle(NodeStatus status, CommandKind enter, CommandKind leave) {
    std::vector<NodeId> in, out;
    for (NodeId n = 0; n < clientId_; ++n)
      (sim_->kernel().status(n) == status ? in : out).push_back(n);
    const bool back = !in.empty() && (out.empty() || rng_.chance(0.5));
    if (back) return command(*sim_, leave, in[rng_.below(in.size())]);
    if (!out.empty()) command(*sim_, enter, out[rng_.below(out.size())]);
  }

  void healEverything() {
    for (NodeId n = 0; n < clientId_; ++n) {
      if (sim_->kernel().status(n) == NodeStatus::Crashed) command(*sim_, CommandKind::Restart, n);
      if (sim_->kernel().status(n) == NodeStatus::Paused) command(*sim_, CommandKind::Resume, n);
      if (sim_->kernel().slowness(n).count() > 0) {
        Command c;
        c.kind = CommandKind::Slow;
        c.node = n;
        sim_->apply(std::move(c));
      }
    }
    command(*sim_, CommandKind::Heal);
    Command c;
    c.kind = CommandKind::Network;
    c.link = sim_->kernel().network().defaultLink();
    c.link.loss = 0;
    c.link.duplicate = 0;
    sim_->apply(std::move(c));
  }

  Rng rng_;
  std::unique_ptr<Simulation> sim_;
  int servers_ = 0;
  std::int64_t latency_ = 0, jitter_ = 0;
  NodeId clientId_ = 0;
  bool crashes_, pauses_, partitions_, blocks_, isolates_, slows_, lossy_, duplicates_;
  double maxLoss_;
  std::int64_t faultGap_, writeGap_;
  std::uint64_t submitted_ = 0;
  double recovery_ = 0;
  std::map<std::string, std::string> expected_;
};

std::string selfPath() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "pattern_tests";
}

TEST(RaftSweep, SafetyUnderRandomFaultsLivenessAfterHealing) {
  const sweep::SweepSeeds seeds = sweep::sweepSeeds("RAFT", 5000);
  std::cout << "[ sweep    ] " << seeds.describe() << "\n";
  int failures = 0;
  std::uint64_t ran = 0, events = 0, writes = 0, faults = 0;
  double simulated = 0, slowestRecovery = 0;
  std::uint64_t slowestSeed = 0;
  // By index, not by seed: a range may end at 2^64-1 (or wrap past it).
  for (std::uint64_t i = 0; i < seeds.count && failures < 5; ++i) {
    const std::uint64_t seed = seeds.at(i);
    Outcome out = SeedRun(seed, seeds.single).run();
    ++ran;
    events += out.sim->kernel().eventsProcessed();
    simulated += toSeconds(out.sim->now());
    writes += out.writes;
    faults += out.faults;
    if (out.recovery > slowestRecovery) {
      slowestRecovery = out.recovery;
      slowestSeed = seed;
    }
    if (out.failure.empty()) continue;
    ++failures;
    if (seeds.single) {
      const Trace& t = out.sim->kernel().trace();
      const std::uint64_t from = std::max(t.firstRetained(), t.count() > 80 ? t.count() - 79 : 1);
      for (std::uint64_t s = from; s <= t.count(); ++s)
        std::cout << toSeconds(t.at(s).at) << " " << out.sim->describe(t.at(s)) << "\n";
    }
    ADD_FAILURE() << "seed " << seed << ": " << out.failure
                  << "\nreproduce: " << seeds.reproduce(seed) << " " << selfPath()
                  << " --gtest_filter=RaftSweep.*";
  }
  std::cout << "[ sweep    ] " << ran << " seeds, " << simulated << " s simulated, " << events
            << " events, " << writes << " client writes, " << faults
            << " fault commands; slowest recovery after healing " << slowestRecovery << " s (seed "
            << slowestSeed << ")\n";
}

}  // namespace
}  // namespace cs::leader_election
