// The facade: the routing proxy in front of the legacy shop that clients
// call instead of the monolith. For each request it reads the route's stage
// in the route table and sends the request to legacy, to the new service,
// or — in the canary — to one of them at the route's weight. In the shadow
// stage it also mirrors a copy to the new service (the candidate) and to a
// second legacy instance (the noise baseline), and compares the answers
// after the client already has legacy's: the client never waits for, nor
// sees, the candidate's answer. With dual writes it writes a write route's
// change to the new store after legacy has committed it.
//
// Requests in progress and comparisons are volatile: a crash loses them
// (their clients time out; their comparisons are counted as timeouts). The
// route table, ledger and counters are in RouteTable, shared by the
// replicas. Kernel thread only.
#pragma once

#include <array>
#include <vector>

#include "patterns/strangler_fig/fig_words.h"
#include "patterns/strangler_fig/route_table.h"
#include "rpc/id_ring.h"
#include "rpc/rpc_node.h"

namespace cs::strangler_fig {

// The facade replicas' shared settings (live, like the route table).
struct FacadeConfig {
  SimDuration backendTimeout{500'000};
  DataSync dataSync = DataSync::ChangeDataCapture;
  // Unsafe: mirror write routes as real writes, not dry runs.
  bool mirrorWrites = false;
  // Shadow routes are mirrored; off, they are served by legacy alone.
  bool shadow = true;
};

struct FacadeTargets {
  NodeId legacy = kNoNode;
  NodeId secondary = kNoNode;                    // the second legacy instance
  std::array<NodeId, kCapabilities> services{};  // the new service of each capability
};

class Facade : public rpc::RpcNode {
 public:
  Facade(rpc::RpcSystem& system, const FigWords& words, const FigMetrics& metrics,
         RouteTable& table, const FacadeConfig& config, FacadeTargets targets);

  std::uint64_t forwarded() const { return forwarded_; }

 protected:
  void onRequest(const Message& request) override;
  void onOutcome(const rpc::Outcome& outcome) override;
  void onReset() override;

 private:
  enum Role : std::uint64_t { kPrimary = 0, kCandidate = 1, kSecondary = 2, kSecondWrite = 3 };
  struct Pending {
    rpc::ReplyTo to;
    int route = 0;
    std::int64_t key = 0;
    rpc::Status status = rpc::Status::Ok;  // the primary's, once in
    bool shadowed = false;                 // a comparison waits for the primary's answer too
    rpc::Values answer{};
  };
  struct Answer {
    rpc::Status status = rpc::Status::Timeout;
    rpc::Values values{};
  };
  struct Comparison {
    int route = 0;
    std::int64_t key = 0;
    rpc::CallId candidateCall = 0;
    int waiting = 3;                  // answers still due: primary, candidate, secondary
    std::array<Answer, 3> answers{};  // by Role
  };

  void primaryDone(std::uint64_t id, const rpc::Outcome& o);
  void answerClient(std::uint64_t id);
  void compared(std::uint64_t id, Role role, const rpc::Outcome& o);
  ShadowOutcome judge(Comparison& c);
  NodeId serviceFor(int route) const;

  const FigWords& words_;
  const FigMetrics& metrics_;
  RouteTable& table_;
  const FacadeConfig& config_;
  FacadeTargets targets_;

  // ---- Durable ----
  std::uint64_t nextId_ = 1;  // requests and their comparisons share ids
  std::uint64_t forwarded_ = 0;

  // ---- Volatile: reset in onReset ----
  rpc::IdRing<Pending> pending_;
  rpc::IdRing<Comparison> comparisons_;
  std::array<std::uint64_t, kRoutes> comparing_{};  // by route: in comparisons_
};

}  // namespace cs::strangler_fig
