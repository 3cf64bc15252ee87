// The Ambassador pattern: a client sends to service A; A's code is plain
// (AppService: one call to "B" per request) and every outbound call goes
// through A's sidecar, the ambassador, one local hop away (zero latency both
// ways). The ambassador spreads A's calls over two replicas of B, b1 and b2
// — b2 has a heavy tail — with timeouts, retries (backoff, jitter, budget),
// hedging, a breaker per replica, identity, logging and metrics
// (OutboundAmbassador). Each replica sits behind its own receiving sidecar
// (InboundAmbassador), also a local hop away, which refuses calls without a
// valid service identity: the rogue client, calling b1's ambassador
// directly, is refused every time.
//
// Node ids, in build order: client 0, app 1, ambassador 2, b1 3,
// b1-ambassador 4, b2 5, b2-ambassador 6, rogue 7. Kernel thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/pattern.h"
#include "patterns/ambassador/ambassador_options.h"
#include "patterns/ambassador/outbound_ambassador.h"
#include "rpc/rpc_system.h"

namespace cs::ambassador {

enum AmbassadorNode : NodeId {
  kClient = 0,
  kApp = 1,
  kAmbassador = 2,
  kB1 = 3,
  kB1Ambassador = 4,
  kB2 = 5,
  kB2Ambassador = 6,
  kRogue = 7,
};

// Service identities (an mTLS stand-in; see InboundAmbassador): A's, which
// the replicas' ambassadors accept, and the one the rogue makes up.
inline constexpr std::int64_t kAppIdentity = 0x5eed'a11;
inline constexpr std::int64_t kForgedIdentity = 0xbad;

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

class AmbassadorPattern : public Pattern {
 public:
  explicit AmbassadorPattern(AmbassadorOptions options) : options_(std::move(options)) {}

  void build(Kernel& kernel) override;
  void validate(const Kernel& kernel, const Command& command) const override;
  void apply(Kernel& kernel, const Command& command) override;
  std::vector<std::pair<std::string, std::string>> verbs() const override;
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override;
  std::shared_ptr<const PatternView> view(const Kernel& kernel) const override;
  std::optional<NodeId> resolve(const Kernel& kernel, std::string_view role) const override;
  std::vector<std::string> roleWords() const override;
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel& kernel) const override;
  void updateGauges(Kernel& kernel) override;

  const AmbassadorOptions& options() const { return options_; }
  const AmbassadorWords& words() const { return words_; }
  // REQUIRES: build() ran.
  const rpc::RpcSystem& rpc() const { return *system_; }

 private:
  std::unique_ptr<rpc::RpcSystem> system_;
  AmbassadorOptions options_;
  AmbassadorWords words_;
};

}  // namespace cs::ambassador
