// Circuit breaker configuration: resilience4j's defaults, every key accepted,
// and errors that name the key and the accepted range.
#include "patterns/circuit_breaker/config.h"

#include <gtest/gtest.h>

#include "clusterscope/errors.h"

namespace cs::circuit_breaker {
namespace {

using nlohmann::json;

std::string errorFor(const json& config) {
  try {
    parseConfig(config);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CircuitBreakerConfig, Resilience4jDefaultsWhenEmptyOrNull) {
  for (const json& j : {json::object(), json()}) {
    const Config c = parseConfig(j);
    EXPECT_EQ(c.failureRateThreshold, 50);
    EXPECT_EQ(c.slowCallRateThreshold, 100);
    EXPECT_EQ(c.slowCallDurationThreshold, fromSeconds(60));
    EXPECT_EQ(c.permittedNumberOfCallsInHalfOpenState, 10);
    EXPECT_EQ(c.maxWaitDurationInHalfOpenState, SimDuration{0});
    EXPECT_EQ(c.slidingWindowType, SlidingWindowType::COUNT_BASED);
    EXPECT_EQ(c.slidingWindowSize, 100);
    EXPECT_EQ(c.minimumNumberOfCalls, 100);
    EXPECT_EQ(c.waitDurationInOpenState, fromSeconds(60));
    EXPECT_FALSE(c.automaticTransitionFromOpenToHalfOpenEnabled);
  }
}

TEST(CircuitBreakerConfig, AcceptsEveryKey) {
  const Config c = parseConfig(json{{"failureRateThreshold", 25.5},
                                    {"slowCallRateThreshold", 80},
                                    {"slowCallDurationThreshold", 250},
                                    {"permittedNumberOfCallsInHalfOpenState", 3},
                                    {"maxWaitDurationInHalfOpenState", 1500},
                                    {"slidingWindowType", "TIME_BASED"},
                                    {"slidingWindowSize", 10.0},
                                    {"minimumNumberOfCalls", 5},
                                    {"waitDurationInOpenState", 500},
                                    {"automaticTransitionFromOpenToHalfOpenEnabled", true}});
  EXPECT_DOUBLE_EQ(c.failureRateThreshold, 25.5);
  EXPECT_DOUBLE_EQ(c.slowCallRateThreshold, 80);
  EXPECT_EQ(c.slowCallDurationThreshold, fromMillis(250));
  EXPECT_EQ(c.permittedNumberOfCallsInHalfOpenState, 3);
  EXPECT_EQ(c.maxWaitDurationInHalfOpenState, fromMillis(1500));
  EXPECT_EQ(c.slidingWindowType, SlidingWindowType::TIME_BASED);
  EXPECT_EQ(c.slidingWindowSize, 10);
  EXPECT_EQ(c.minimumNumberOfCalls, 5);
  EXPECT_EQ(c.waitDurationInOpenState, fromMillis(500));
  EXPECT_TRUE(c.automaticTransitionFromOpenToHalfOpenEnabled);
}

struct BadConfig {
  json config;
  const char* message;
};

TEST(CircuitBreakerConfig, ErrorsNameTheKeyAndTheRange) {
  const BadConfig cases[] = {
      {{{"failureRateThreshold", 0}},
       "breaker.failureRateThreshold: expected a percentage from 1 to 100, got 0"},
      {{{"failureRateThreshold", 100.5}},
       "breaker.failureRateThreshold: expected a percentage from 1 to 100, got 100.5"},
      {{{"slowCallRateThreshold", "high"}},
       "breaker.slowCallRateThreshold: expected a percentage from 1 to 100, got \"high\""},
      {{{"slowCallDurationThreshold", 0}},
       "breaker.slowCallDurationThreshold: expected a number of milliseconds from 1 to "
       "3600000, got 0"},
      {{{"permittedNumberOfCallsInHalfOpenState", 0}},
       "breaker.permittedNumberOfCallsInHalfOpenState: expected an integer from 1 to 1000, got 0"},
      {{{"permittedNumberOfCallsInHalfOpenState", 2.5}},
       "breaker.permittedNumberOfCallsInHalfOpenState: expected an integer from 1 to 1000, got "
       "2.5"},
      {{{"maxWaitDurationInHalfOpenState", -1}},
       "breaker.maxWaitDurationInHalfOpenState: expected a number of milliseconds from 0 to "
       "3600000, got -1"},
      {{{"slidingWindowType", "SESSION_BASED"}},
       "breaker.slidingWindowType: expected \"COUNT_BASED\" or \"TIME_BASED\", got "
       "\"SESSION_BASED\""},
      {{{"slidingWindowSize", 0}},
       "breaker.slidingWindowSize: expected an integer from 1 to 10000, got 0"},
      {{{"minimumNumberOfCalls", 1e300}},
       "breaker.minimumNumberOfCalls: expected an integer from 1 to 10000, got 1e+300"},
      {{{"waitDurationInOpenState", 0}},
       "breaker.waitDurationInOpenState: expected a number of milliseconds from 1 to 3600000, "
       "got 0"},
      {{{"automaticTransitionFromOpenToHalfOpenEnabled", 1}},
       "breaker.automaticTransitionFromOpenToHalfOpenEnabled: expected true or false, got 1"},
      {{{"failureRate", 50}},
       "breaker.failureRate: expected one of failureRateThreshold, slowCallRateThreshold, "
       "slowCallDurationThreshold, permittedNumberOfCallsInHalfOpenState, "
       "maxWaitDurationInHalfOpenState, slidingWindowType, slidingWindowSize, "
       "minimumNumberOfCalls, waitDurationInOpenState, "
       "automaticTransitionFromOpenToHalfOpenEnabled, got an unknown key"},
      {json::array(), "breaker: expected a JSON object, got []"},
  };
  for (const auto& c : cases) EXPECT_EQ(errorFor(c.config), c.message) << c.config.dump();
}

TEST(CircuitBreakerConfig, FieldPrefixIsTheCallers) {
  try {
    parseConfig(json{{"slidingWindowSize", -3}}, "nodes[2].breaker");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "nodes[2].breaker.slidingWindowSize: expected an integer from 1 to 10000, got -3");
  }
}

}  // namespace
}  // namespace cs::circuit_breaker
