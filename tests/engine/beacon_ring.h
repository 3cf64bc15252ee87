// A pattern for the engine's own tests: a ring of beacons passing a flash
// along forever, one message and one delivery per hop, with whatever
// checkers the test hands it. Registered under a name of the test's choice.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clusterscope/errors.h"
#include "clusterscope/pattern.h"

namespace cs::testing {

class Beacon : public Node {
 public:
  explicit Beacon(Label flash, int ring) : flash_(flash), ring_(ring) {}
  void onStart() override {
    if (id() == 0) setTimer(SimDuration{1'000}, 0);
  }
  void onMessage(const Message&) override { pass(); }
  void onTimer(TimerHandle, std::uint64_t) override { pass(); }
  void onCrash() override {}

 private:
  void pass() { send(static_cast<NodeId>((id() + 1) % ring_), flash_, {}); }
  Label flash_;
  int ring_;
};

class BeaconRing : public Pattern {
 public:
  using MakeCheckers = std::function<std::vector<std::unique_ptr<Checker>>()>;
  explicit BeaconRing(MakeCheckers make) : make_(std::move(make)) {}
  void build(Kernel& kernel) override {
    const Label flash = kernel.defineMessage("Flash", {}, Exchange::OneWay);
    for (int i = 0; i < 3; ++i) kernel.addNode(std::make_unique<Beacon>(flash, 3));
  }
  void validate(const Kernel&, const Command& c) const override {
    throw InputError("do", "no verb", "\"" + c.verb + "\"");
  }
  void apply(Kernel&, const Command&) override {}
  std::vector<std::pair<std::string, std::string>> verbs() const override { return {}; }
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override {
    NodeSnapshot s;
    s.id = node;
    s.status = kernel.status(node);
    return s;
  }
  std::shared_ptr<const PatternView> view(const Kernel&) const override {
    return std::make_shared<PatternView>();
  }
  std::optional<NodeId> resolve(const Kernel&, std::string_view) const override {
    return std::nullopt;
  }
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel&) const override { return make_(); }

 private:
  MakeCheckers make_;
};

// Registers a beacon ring called `name` whose checkers `make` builds.
inline void registerBeaconRing(const std::string& name, BeaconRing::MakeCheckers make) {
  if (findPattern(name)) return;
  registerPattern({name, "Beacon ring",
                   [make](const nlohmann::json&) { return std::make_unique<BeaconRing>(make); }});
}

}  // namespace cs::testing
