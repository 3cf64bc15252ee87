// Leader Election options: defaults, accepted values and errors that name the
// key and the accepted range.
#include "patterns/leader_election/options.h"

#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "clusterscope/simulation.h"

namespace cs::leader_election {
namespace {

using nlohmann::json;

std::string errorFor(const json& options) {
  try {
    parseOptions(options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LeaderElectionOptions, DefaultsWhenEmptyOrNull) {
  for (const json& j : {json::object(), json()}) {
    const Options o = parseOptions(j);
    EXPECT_EQ(o.nodes, 5);
    EXPECT_EQ(o.electionTimeoutMin, SimDuration{150'000});
    EXPECT_EQ(o.electionTimeoutMax, SimDuration{300'000});
    EXPECT_EQ(o.heartbeatInterval, SimDuration{50'000});
    EXPECT_EQ(o.latency, SimDuration{10'000});
    EXPECT_EQ(o.jitter, SimDuration{5'000});
    EXPECT_EQ(o.loss, 0.0);
  }
}

TEST(LeaderElectionOptions, AcceptsEveryKey) {
  const Options o = parseOptions(json{{"nodes", 3},
                                      {"electionTimeoutMin", 1000},
                                      {"electionTimeoutMax", 2000},
                                      {"heartbeatInterval", 100},
                                      {"latency", 0},
                                      {"jitter", 2.5},
                                      {"loss", 0.2}});
  EXPECT_EQ(o.nodes, 3);
  EXPECT_EQ(o.electionTimeoutMin, SimDuration{1'000'000});
  EXPECT_EQ(o.electionTimeoutMax, SimDuration{2'000'000});
  EXPECT_EQ(o.heartbeatInterval, SimDuration{100'000});
  EXPECT_EQ(o.latency, SimDuration{0});
  EXPECT_EQ(o.jitter, SimDuration{2'500});
  EXPECT_DOUBLE_EQ(o.loss, 0.2);
  EXPECT_EQ(o.link().latency, o.latency);
  EXPECT_DOUBLE_EQ(o.link().loss, 0.2);
}

TEST(LeaderElectionOptions, NodesOutOfRangeNamesKeyAndRange) {
  EXPECT_EQ(errorFor({{"nodes", 12}}), "options.nodes: expected an integer from 3 to 9, got 12");
  EXPECT_EQ(errorFor({{"nodes", 2}}), "options.nodes: expected an integer from 3 to 9, got 2");
  EXPECT_EQ(errorFor({{"nodes", "five"}}),
            "options.nodes: expected an integer from 3 to 9, got \"five\"");
  EXPECT_EQ(errorFor({{"nodes", 4.5}}), "options.nodes: expected an integer from 3 to 9, got 4.5");
}

TEST(LeaderElectionOptions, TimeoutErrorsNameTheKey) {
  EXPECT_EQ(
      errorFor({{"electionTimeoutMin", 5}}),
      "options.electionTimeoutMin: expected a number of milliseconds from 10 to 60000, got 5");
  EXPECT_EQ(
      errorFor({{"electionTimeoutMax", 70000}}),
      "options.electionTimeoutMax: expected a number of milliseconds from 10 to 60000, got 70000");
  EXPECT_NE(
      errorFor({{"electionTimeoutMin", 300}, {"electionTimeoutMax", 200}})
          .find("options.electionTimeoutMax: expected electionTimeoutMin < electionTimeoutMax"),
      std::string::npos);
  EXPECT_NE(errorFor({{"electionTimeoutMin", 400}}).find("options.electionTimeoutMin"),
            std::string::npos);
}

TEST(LeaderElectionOptions, HeartbeatMustBeBelowElectionTimeoutMin) {
  EXPECT_EQ(errorFor({{"heartbeatInterval", 150}}),
            "options.heartbeatInterval: expected a number of milliseconds from 1 to below "
            "electionTimeoutMin (150), got 150");
  EXPECT_NE(errorFor({{"electionTimeoutMin", 40}, {"electionTimeoutMax", 80}})
                .find("options.electionTimeoutMin"),
            std::string::npos);
  EXPECT_EQ(
      errorFor({{"electionTimeoutMin", 40}, {"electionTimeoutMax", 80}, {"heartbeatInterval", 20}}),
      "(no error)");
}

TEST(LeaderElectionOptions, NetworkErrorsNameTheKey) {
  EXPECT_EQ(errorFor({{"latency", -1}}),
            "options.latency: expected a number of milliseconds from 0 to 10000, got -1");
  EXPECT_EQ(errorFor({{"jitter", 20000}}),
            "options.jitter: expected a number of milliseconds from 0 to 10000, got 20000");
  EXPECT_EQ(errorFor({{"loss", 1.5}}), "options.loss: expected a probability from 0 to 1, got 1.5");
  EXPECT_EQ(errorFor({{"loss", "lots"}}),
            "options.loss: expected a probability from 0 to 1, got \"lots\"");
}

TEST(LeaderElectionOptions, UnknownKeyAndNonObjectAreErrors) {
  const std::string unknown = errorFor({{"nodez", 5}});
  EXPECT_EQ(
      unknown.rfind("options.nodez: expected one of the options nodes, electionTimeoutMin", 0), 0u)
      << unknown;
  EXPECT_EQ(errorFor(json::array({1})), "options: expected a JSON object, got [1]");
}

TEST(LeaderElectionOptions, SimulationRejectsBadOptions) {
  SimulationConfig config;
  config.pattern = "leader-election";
  config.options = {{"nodes", 12}};
  EXPECT_THROW(Simulation{config}, InputError);
}

}  // namespace
}  // namespace cs::leader_election
