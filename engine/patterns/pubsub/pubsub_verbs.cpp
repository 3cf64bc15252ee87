// The Pub/Sub pattern's verbs: publishing on demand (one update, a burst, a
// poison message), the publish rate, the subscriptions' settings (ack
// deadline, max delivery attempts, flow control, retention) and a
// subscriber's processing speed. See pubsub_pattern.h. Kernel thread only.
#include <cmath>
#include <cstdlib>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"
#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/publisher.h"
#include "patterns/pubsub/pubsub_pattern.h"
#include "patterns/pubsub/subscriber.h"

namespace cs::pubsub {
namespace {

using option_checks::numberArg;
using option_checks::requireArgs;

constexpr const char* kPublish = "publish";
constexpr const char* kPoisonVerb = "poison";
constexpr const char* kBurst = "burst";
constexpr const char* kPublishRate = "publish-rate";
constexpr const char* kAckDeadline = "ack-deadline";
constexpr const char* kMaxAttempts = "max-attempts";
constexpr const char* kMaxOutstanding = "max-outstanding";
constexpr const char* kRetention = "retention";
constexpr const char* kSlowConsumer = "slow-consumer";
constexpr const char* kRecoverConsumer = "recover-consumer";
constexpr const char* kAckAfterProcessing = "ack-after-processing";

// A whole number in [lo, hi]; `what` names the argument ("burst COUNT").
std::int64_t wholeArg(const std::string& what, const std::string& arg, double lo, double hi) {
  const double v = numberArg(what, arg, lo, hi);
  if (v != std::floor(v))
    throw InputError(what,
                     "a whole number from " + option_checks::numberText(lo) + " to " +
                         option_checks::numberText(hi),
                     "\"" + arg + "\"");
  return static_cast<std::int64_t>(v);
}

// A subscriber by name ("email") or node number ("2"); its index 0..3.
std::size_t subscriberArg(const std::string& what, const std::string& arg) {
  int i = subscriberIndex(arg);
  if (i < 0) {
    char* end = nullptr;
    const long n = std::strtol(arg.c_str(), &end, 10);
    if (!arg.empty() && *end == '\0' && n >= kEmail && n <= kAnalytics)
      i = static_cast<int>(n - kEmail);
  }
  if (i < 0)
    throw InputError(what, "one of email, search-index, recommendation, analytics",
                     "\"" + arg + "\"");
  return static_cast<std::size_t>(i);
}

int changeArg(const std::string& what, const std::string& arg) {
  const int i = changeIndex(arg);
  if (i < 0) throw InputError(what, "one of name, email, interests, avatar", "\"" + arg + "\"");
  return i;
}

// The subscriptions a settings verb changes: the one named, or all four.
std::vector<std::size_t> targets(const Command& c, const std::string& verb) {
  if (c.args.size() < 2) return {0, 1, 2, 3};
  return {subscriberArg(verb + " SUBSCRIBER", c.args[1])};
}

bool isPublishing(const std::string& verb) {
  return verb == kPublish || verb == kPoisonVerb || verb == kBurst;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> PubSubPattern::verbs() const {
  return {{kPublish, "[USER] [CHANGE]"},
          {kPoisonVerb, "[USER]"},
          {kBurst, "COUNT [USER]"},
          {kPublishRate, "RATE"},
          {kAckDeadline, "MS [SUBSCRIBER]"},
          {kMaxAttempts, "N [SUBSCRIBER]"},
          {kMaxOutstanding, "N [SUBSCRIBER]"},
          {kRetention, "MS"},
          {kSlowConsumer, "SUBSCRIBER MS"},
          {kRecoverConsumer, "SUBSCRIBER"},
          {kAckAfterProcessing, "SWITCH"}};
}

void PubSubPattern::validate(const Kernel&, const Command& c) const {
  const auto& a = c.args;
  const double users = options_.users;
  if (c.verb == kPublish) {
    requireArgs(c, 0, 2, "[USER] [CHANGE]");
    if (!a.empty()) wholeArg("publish USER", a[0], 1, users);
    if (a.size() == 2) changeArg("publish CHANGE", a[1]);
  } else if (c.verb == kPoisonVerb) {
    requireArgs(c, 0, 1, "[USER]");
    if (!a.empty()) wholeArg("poison USER", a[0], 1, users);
  } else if (c.verb == kBurst) {
    requireArgs(c, 1, 2, "COUNT [USER]");
    wholeArg("burst COUNT", a[0], 1, 10'000);
    if (a.size() == 2) wholeArg("burst USER", a[1], 1, users);
  } else if (c.verb == kPublishRate) {
    requireArgs(c, 1, 1, "RATE");
    numberArg("publish-rate RATE", a[0], 0, 100'000);
  } else if (c.verb == kAckDeadline) {
    requireArgs(c, 1, 2, "MS [SUBSCRIBER]");
    numberArg("ack-deadline MS", a[0], 1, 3'600'000);
    targets(c, c.verb);
  } else if (c.verb == kMaxAttempts) {
    requireArgs(c, 1, 2, "N [SUBSCRIBER]");
    wholeArg("max-attempts N", a[0], 1, 100);
    targets(c, c.verb);
  } else if (c.verb == kMaxOutstanding) {
    requireArgs(c, 1, 2, "N [SUBSCRIBER]");
    wholeArg("max-outstanding N", a[0], 1, 10'000);
    targets(c, c.verb);
  } else if (c.verb == kRetention) {
    requireArgs(c, 1, 1, "MS");
    numberArg("retention MS", a[0], 1, 604'800'000);
  } else if (c.verb == kSlowConsumer) {
    requireArgs(c, 2, 2, "SUBSCRIBER MS");
    subscriberArg("slow-consumer SUBSCRIBER", a[0]);
    numberArg("slow-consumer MS", a[1], 0, 60'000);
  } else if (c.verb == kRecoverConsumer) {
    requireArgs(c, 1, 1, "SUBSCRIBER");
    subscriberArg("recover-consumer SUBSCRIBER", a[0]);
  } else if (c.verb == kAckAfterProcessing) {
    requireArgs(c, 1, 1, "on|off");
    option_checks::onOffArg(c.verb, a[0]);
  } else {
    option_checks::unknownVerb(c.verb, verbs());
  }
}

void PubSubPattern::apply(Kernel& kernel, const Command& c) {
  const auto& a = c.args;
  auto& broker = static_cast<Broker&>(kernel.node(kBroker));
  const bool brokerUp = kernel.status(kBroker) == NodeStatus::Up;
  auto number = [](const std::string& s) { return std::strtod(s.c_str(), nullptr); };
  if (isPublishing(c.verb)) {
    // A profile service that is down or paused publishes nothing.
    if (kernel.status(kProfile) != NodeStatus::Up) return;
    auto& publisher = static_cast<Publisher&>(kernel.node(kProfile));
    const std::size_t userAt = c.verb == kBurst ? 1 : 0;
    const auto user = a.size() > userAt ? static_cast<std::int64_t>(number(a[userAt])) : 0;
    const int count = c.verb == kBurst ? static_cast<int>(number(a[0])) : 1;
    const int change = c.verb == kPublish && a.size() == 2 ? changeIndex(a[1]) : -1;
    publisher.publishNow(count, user, change, c.verb == kPoisonVerb);
  } else if (c.verb == kPublishRate) {
    static_cast<Publisher&>(kernel.node(kProfile)).setRate(number(a[0]));
  } else if (c.verb == kAckDeadline) {
    for (std::size_t s : targets(c, c.verb)) broker.setAckDeadline(s, fromMillis(number(a[0])));
  } else if (c.verb == kMaxAttempts) {
    for (std::size_t s : targets(c, c.verb))
      broker.setMaxDeliveryAttempts(s, static_cast<int>(number(a[0])));
  } else if (c.verb == kMaxOutstanding) {
    for (std::size_t s : targets(c, c.verb))
      broker.setMaxOutstanding(s, static_cast<int>(number(a[0])));
    if (brokerUp) broker.poke();
  } else if (c.verb == kRetention) {
    broker.setRetention(fromMillis(number(a[0])));
    for (std::size_t i = 0; i < kSubscriberNames.size(); ++i)
      static_cast<Subscriber&>(kernel.node(static_cast<NodeId>(kEmail + i)))
          .rememberAtLeast(2 * fromMillis(number(a[0])));
    if (brokerUp) broker.poke();
  } else if (c.verb == kSlowConsumer || c.verb == kRecoverConsumer) {
    const std::size_t i = subscriberArg(c.verb, a[0]);
    auto& subscriber = static_cast<Subscriber&>(kernel.node(static_cast<NodeId>(kEmail + i)));
    if (c.verb == kSlowConsumer) {
      const SimDuration perMessage = fromMillis(number(a[1]));
      subscriber.setProcessing(rpc::ProcessingTime::constant(perMessage), perMessage, true);
    } else {
      subscriber.setProcessing(options_.processingTime(i), options_.slowestProcessing(i), false);
    }
  } else if (c.verb == kAckAfterProcessing) {
    // Configuration of every subscriber, up or not.
    for (std::size_t i = 0; i < kSubscriberNames.size(); ++i)
      static_cast<Subscriber&>(kernel.node(static_cast<NodeId>(kEmail + i)))
          .setAckAfterProcessing(a[0] == "on");
  }
}

}  // namespace cs::pubsub
