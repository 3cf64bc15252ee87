// The CQRS pattern's verbs: a flash sale, replicas added and removed live,
// projector partitions, rebuilds (in place, blue/green), the rates, an
// order on demand, and the switches (read-your-writes tokens, idempotent
// projectors, checkpoint rule, orders validated on the write or the read
// model). Partitions and rebuilds name one projector
// (NODE) or go to every one. See cqrs_pattern.h. Kernel thread only.
#include <cstdlib>

#include "clusterscope/errors.h"
#include "patterns/cqrs/browse_client.h"
#include "patterns/cqrs/cqrs_pattern.h"
#include "patterns/cqrs/order_client.h"
#include "patterns/cqrs/order_handler.h"
#include "patterns/cqrs/projector.h"
#include "patterns/event_sourcing/store_node.h"
#include "patterns/option_checks.h"

namespace cs::cqrs {
namespace {

using option_checks::numberArg;
using option_checks::onOffArg;
using option_checks::requireArgs;
using option_checks::wholeArg;

constexpr const char* kFlashSale = "flash-sale";
constexpr const char* kAddReplica = "add-replica";
constexpr const char* kRemoveReplica = "remove-replica";
constexpr const char* kPartitions = "projector-partitions";
constexpr const char* kRebuild = "rebuild";
constexpr const char* kReadRate = "read-rate";
constexpr const char* kOrderRate = "order-rate";
constexpr const char* kOrder = "order";
constexpr const char* kTokens = "tokens";
constexpr const char* kIdempotent = "idempotent";
constexpr const char* kCheckpoint = "checkpoint";
constexpr const char* kValidate = "validate";

double number(const std::string& s) {
  return std::strtod(s.c_str(), nullptr);
}

// A milestone traced by the pattern on a node's behalf (a verb is not a message).
void trace(Kernel& kernel, NodeId node, Label label, const std::array<std::int64_t, 6>& v) {
  TraceRecord r;
  r.kind = TraceKind::Milestone;
  r.node = node;
  r.label = label;
  r.v = v;
  kernel.record(r);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> CqrsPattern::verbs() const {
  return {{kFlashSale, "SECONDS [FACTOR]"},
          {kAddReplica, ""},
          {kRemoveReplica, ""},
          {kPartitions, "COUNT [NODE]"},
          {kRebuild, "MODE [NODE]"},
          {kReadRate, "RATE"},
          {kOrderRate, "RATE"},
          {kOrder, "PRODUCT [QUANTITY]"},
          {kTokens, "SWITCH"},
          {kIdempotent, "SWITCH"},
          {kCheckpoint, "RULE"},
          {kValidate, "MODEL"}};
}

void CqrsPattern::validate(const Kernel&, const Command& c) const {
  const auto& a = c.args;
  if (c.verb == kFlashSale) {
    requireArgs(c, 1, 2, "SECONDS [FACTOR]");
    numberArg("flash-sale SECONDS", a[0], 0, 3'600);
    if (a.size() == 2) numberArg("flash-sale FACTOR", a[1], 1, 100);
  } else if (c.verb == kAddReplica || c.verb == kRemoveReplica) {
    requireArgs(c, 0, 0, "no arguments");
  } else if (c.verb == kPartitions) {
    requireArgs(c, 1, 2, "COUNT [NODE]");
    wholeArg("projector-partitions COUNT", a[0], 1, 8);
    if (a.size() == 2) projectorArg("projector-partitions NODE", a[1]);
  } else if (c.verb == kRebuild) {
    requireArgs(c, 1, 2, "MODE [NODE]");
    if (a[0] != "in-place" && a[0] != "blue-green")
      throw InputError("rebuild MODE", "in-place or blue-green", "\"" + a[0] + "\"");
    if (a.size() == 2) projectorArg("rebuild NODE", a[1]);
  } else if (c.verb == kReadRate) {
    requireArgs(c, 1, 1, "RATE");
    numberArg("read-rate RATE", a[0], 0, 100'000);
  } else if (c.verb == kOrderRate) {
    requireArgs(c, 1, 1, "RATE");
    numberArg("order-rate RATE", a[0], 0, 10'000);
  } else if (c.verb == kOrder) {
    requireArgs(c, 1, 2, "PRODUCT [QUANTITY]");
    wholeArg("order PRODUCT", a[0], 1, options_.products);
    if (a.size() == 2) wholeArg("order QUANTITY", a[1], 1, 1'000'000);
  } else if (c.verb == kTokens || c.verb == kIdempotent) {
    requireArgs(c, 1, 1, "SWITCH");
    onOffArg(c.verb, a[0]);
  } else if (c.verb == kCheckpoint) {
    requireArgs(c, 1, 1, "RULE");
    if (a[0] != "gap-aware" && a[0] != "high-water")
      throw InputError("checkpoint RULE", "gap-aware or high-water", "\"" + a[0] + "\"");
  } else if (c.verb == kValidate) {
    requireArgs(c, 1, 1, "MODEL");
    if (a[0] != "write-model" && a[0] != "read-model")
      throw InputError("validate MODEL", "write-model or read-model", "\"" + a[0] + "\"");
  } else {
    option_checks::unknownVerb(c.verb, verbs());
  }
}

int CqrsPattern::projectorArg(const std::string& what, const std::string& arg) const {
  const auto first = static_cast<double>(projector(0));
  const auto last = static_cast<double>(projector(options_.projectors - 1));
  return static_cast<int>(wholeArg(what + " (a projector)", arg, first, last)) -
         static_cast<int>(projector(0));
}

std::vector<Projector*> CqrsPattern::projectorsNamed(Kernel& kernel, const Command& c,
                                                     std::size_t arg) const {
  std::vector<Projector*> v;
  for (int i = 0; i < options_.projectors; ++i)
    if (c.args.size() <= arg || projectorArg(c.verb, c.args[arg]) == i)
      v.push_back(&static_cast<Projector&>(kernel.node(projector(i))));
  return v;
}

void CqrsPattern::apply(Kernel& kernel, const Command& c) {
  const auto& a = c.args;
  auto& shoppers = static_cast<OrderClient&>(kernel.node(kShoppers));
  auto& browsers = static_cast<BrowseClient&>(kernel.node(kBrowsers));
  if (c.verb == kFlashSale) {
    const double seconds = number(a[0]);
    const double factor = a.size() == 2 ? number(a[1]) : 5.0;
    const SimTime until = kernel.now() + fromSeconds(seconds);
    browsers.surge(factor, until);
    shoppers.surge(factor, until);
    trace(kernel, kBrowsers, words_.flashSale,
          {static_cast<std::int64_t>(seconds), static_cast<std::int64_t>(factor)});
  } else if (c.verb == kAddReplica) {
    if (options_.oneModel || activeReplicas_ >= kMaxReplicas) return;
    setActiveReplicas(kernel, activeReplicas_ + 1);
    trace(kernel, replica(activeReplicas_ - 1), words_.replicaAdded,
          {activeReplicas_, activeReplicas_});
  } else if (c.verb == kRemoveReplica) {
    if (options_.oneModel || activeReplicas_ <= kMinReplicas) return;
    setActiveReplicas(kernel, activeReplicas_ - 1);
    trace(kernel, replica(activeReplicas_), words_.replicaRemoved,
          {activeReplicas_ + 1, activeReplicas_});
  } else if (c.verb == kPartitions) {
    for (Projector* p : projectorsNamed(kernel, c, 1))
      p->setWorkers(static_cast<int>(number(a[0])));
  } else if (c.verb == kRebuild) {
    // Teaching note: one read model is rebuilt while the others serve on.
    // Replaying the log rebuilds a model only while the log holds every
    // event; once retention has scavenged some, the rebuild is refused
    // rather than let the new model quietly differ from the old.
    const Position horizon =
        static_cast<const event_sourcing::StoreNode&>(kernel.node(kStore)).store().horizon();
    for (Projector* p : projectorsNamed(kernel, c, 1)) {
      if (kernel.status(p->id()) != NodeStatus::Up) continue;
      if (horizon > 0)
        trace(kernel, p->id(), words_.rebuildRefused, {static_cast<std::int64_t>(horizon)});
      else if (a[0] == "in-place")
        p->rebuildInPlace();
      else
        p->rebuildBlueGreen();
    }
  } else if (c.verb == kReadRate) {
    browsers.setRate(number(a[0]));
  } else if (c.verb == kOrderRate) {
    shoppers.setRate(number(a[0]));
  } else if (c.verb == kOrder) {
    if (kernel.status(kShoppers) != NodeStatus::Up) return;
    shoppers.orderNow(static_cast<std::int64_t>(number(a[0])),
                      a.size() == 2 ? static_cast<std::int64_t>(number(a[1])) : 1);
  } else if (c.verb == kTokens) {
    shoppers.setTokens(a[0] == "on");
  } else if (c.verb == kIdempotent) {
    for (Projector* p : projectorsNamed(kernel, c, 1)) p->setIdempotent(a[0] == "on");
  } else if (c.verb == kCheckpoint) {
    for (Projector* p : projectorsNamed(kernel, c, 1))
      p->setCheckpointRule(a[0] == "gap-aware" ? CheckpointRule::GapAware
                                               : CheckpointRule::HighWater);
  } else if (c.verb == kValidate) {
    for (int h = 0; h < options_.handlers; ++h)
      static_cast<OrderHandler&>(kernel.node(kFirstHandler + static_cast<NodeId>(h)))
          .setValidateOnReadModel(a[0] == "read-model");
  }
}

}  // namespace cs::cqrs
