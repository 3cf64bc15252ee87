// The Strangler Fig pattern's invariants, as checkers outside the code they
// check: they read the trace and, where data is the question, the stores.
//   - one answer, the primary's: each client request is forwarded as a
//     primary (not a mirror) at most once per facade, and an Ok answer the
//     client gets carries exactly the values the primary backend answered —
//     so a shadow's answer never reaches a client;
//   - a rollback holds: after a route's rollback, the facade sends no request
//     of that route to the new service until the route is advanced again;
//     and no request of a retired route reaches the monolith;
//   - every mirrored request has exactly one comparison outcome (a facade's
//     crash ends the rest, counted as timeouts);
//   - an order is charged at most once (a mirrored write that happened for
//     real charges twice);
//   - an acknowledged write is in the legacy database when acknowledged;
//   - the stores agree: with change data capture, once a service's lag is
//     zero its store equals the legacy database; with dual writes, no entity
//     stays behind for longer than the grace while the reconciler and the
//     service are up and reach each other (a liveness rule, so it waits for
//     a path on which a repair can land).
// The canary's split is checked in canary_split_checker.h. Kernel thread
// only.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/strangler_fig/data_sync.h"
#include "patterns/strangler_fig/fig_words.h"
#include "patterns/strangler_fig/request_window.h"
#include "patterns/strangler_fig/shop_data.h"
#include "rpc/rpc_system.h"

namespace cs::strangler_fig {

inline constexpr std::size_t kMaxFacades = 2;

// "route prices", for a violation's text.
std::string routeText(std::int64_t route);

// Who is who. Asked about every trace record, so plain arrays.
struct FigNodes {
  NodeId client = kNoNode;
  std::array<NodeId, kMaxFacades> facades{kNoNode, kNoNode};
  NodeId legacy = kNoNode;
  NodeId secondary = kNoNode;
  std::array<NodeId, kCapabilities> services{};
  NodeId sync = kNoNode;

  bool isFacade(NodeId n) const { return n == facades[0] || n == facades[1]; }
  // The facade's place in `facades`; REQUIRES: isFacade(n).
  std::size_t facadeIndex(NodeId n) const { return n == facades[0] ? 0 : 1; }
  bool isService(NodeId n) const {
    for (NodeId s : services)
      if (n == s) return true;
    return false;
  }
};

class AnswerChecker : public Checker {
 public:
  AnswerChecker(const rpc::Words& rpc, const FigWords& words, FigNodes nodes)
      : rpc_(rpc), words_(words), nodes_(std::move(nodes)) {
    listenTo({TraceKind::Sent, TraceKind::Milestone});
  }
  std::string_view name() const override { return "one answer, the primary's"; }
  std::string_view meaning() const override {
    return "a client gets exactly the answer of the one implementation its route chose; a "
           "shadow's answer never reaches it, and a rolled-back route sends nothing to the new "
           "service";
  }
  void onRecord(const TraceRecord& r) override;

 private:
  struct ClientRequest {
    SimTime at{};
    int route = 0;
    // By facade: the message that forwarded it as a primary; 0: none.
    std::array<MessageId, kMaxFacades> primaryForward{};
    bool primaryOk = false;
    rpc::Values primary{};  // the primary backend's Ok answer
  };
  // Out of line: most records are of none of these, and the path that
  // returns on a record's kind then needs no registers saved.
  [[gnu::noinline]] void onMilestone(const TraceRecord& r);
  [[gnu::noinline]] void onRequestSent(const TraceRecord& r);
  [[gnu::noinline]] void onReplySent(const TraceRecord& r);
  void prune(SimTime now);
  // A violation about `route`: before + "route prices" + after. Out of the
  // way of the records that break nothing.
  [[gnu::cold]] void report(const char* before, std::int64_t route, const char* after);

  const rpc::Words& rpc_;
  const FigWords& words_;
  FigNodes nodes_;
  RequestWindow<ClientRequest> requests_;  // by the client's request id
  std::array<bool, kRoutes> rolledBack_{};
  std::array<bool, kRoutes> retired_{};
  std::uint64_t seen_ = 0;
};

class ShadowChecker : public Checker {
 public:
  ShadowChecker(const rpc::Words& rpc, const FigWords& words, FigNodes nodes)
      : rpc_(rpc), words_(words), nodes_(std::move(nodes)) {
    listenTo({TraceKind::Sent, TraceKind::Milestone, TraceKind::Crashed});
  }
  std::string_view name() const override { return "one outcome per mirrored request"; }
  std::string_view meaning() const override {
    return "every mirrored copy ends as match, mismatch, ignored, candidate error or timeout — "
           "once — so the shadow ledger adds up";
  }
  void onRecord(const TraceRecord& r) override;
  // Mirrored copies without an outcome yet. Liveness: after healing, once
  // the facade's timeouts have passed, none (the seed sweep checks it).
  std::size_t open() const { return open_[0].size() + open_[1].size(); }

 private:
  [[gnu::cold]] void report(std::int64_t route);

  const rpc::Words& rpc_;
  const FigWords& words_;
  FigNodes nodes_;
  // By facade: the candidate call of each copy still open -> when it was
  // sent. A facade numbers its calls 1, 2, 3, ... and a copy is open for at
  // most its backend timeout, so the calls open at once are few and close
  // together: a window, not a map.
  std::array<RequestWindow<SimTime>, kMaxFacades> open_;
};

class DataChecker : public Checker {
 public:
  DataChecker(const rpc::Words& rpc, const FigWords& words, FigNodes nodes, const LegacyDb& db,
              std::array<const NewService*, kCapabilities> services, const DataSyncNode& sync,
              SimDuration grace)
      : rpc_(rpc),
        words_(words),
        nodes_(std::move(nodes)),
        db_(db),
        services_(services),
        sync_(sync),
        grace_(grace) {
    listenTo({TraceKind::Sent, TraceKind::Milestone});
  }
  std::string_view name() const override { return "data follows the routes"; }
  std::string_view meaning() const override {
    return "no order is charged twice, no acknowledged write is missing from the legacy "
           "database, and the new stores agree with it once caught up";
  }
  void onRecord(const TraceRecord& r) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  // Every kSweepEvery: compares the stores entity by entity. Out of line, so
  // that afterEvent, called after every event, is a compare and a return.
  [[gnu::noinline]] void sweep(const Kernel& kernel);
  // The reconciler and the service are up, at speed, and reach each other
  // without loss: a repair it sends lands.
  bool repairPathHealthy(const Kernel& kernel, NodeId service) const;
  [[gnu::cold]] void reportCharged(std::int64_t order, std::int64_t times);
  [[gnu::cold]] void reportMissing(std::int64_t version);

  const rpc::Words& rpc_;
  const FigWords& words_;
  FigNodes nodes_;
  const LegacyDb& db_;
  std::array<const NewService*, kCapabilities> services_;
  const DataSyncNode& sync_;
  SimDuration grace_;
  struct WriteSeen {
    int table = 0;
    std::int64_t key = 0;
    SimTime at{};
  };
  RequestWindow<WriteSeen> writes_;   // by the client's request id
  std::vector<SimTime> behindSince_;  // by table * kKeys + key; SimTime::max(): not behind
  SimTime lastSweep_{};
  std::array<bool, kCapabilities * kKeys> reported_{};
};

}  // namespace cs::strangler_fig
