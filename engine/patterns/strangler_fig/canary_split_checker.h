// The canary's invariant, as a checker outside the facade: of a canary
// route's client requests, the share the facade forwards to the new service
// stays within a tolerance of the route's weight. It reads where the
// facade's primary forwards went from the trace and the weight from the
// route table (the configuration the facade was given), and counts afresh
// each time the route's weight or stage changes. Kernel thread only.
#pragma once

#include <array>
#include <cstdint>

#include "clusterscope/checker.h"
#include "patterns/strangler_fig/fig_checkers.h"
#include "patterns/strangler_fig/route_table.h"

namespace cs::strangler_fig {

class CanarySplitChecker : public Checker {
 public:
  // A split is judged once this many requests were counted, and every as
  // many after.
  static constexpr std::uint64_t kJudgeEvery = 64;
  // The observed share may stray from the weight by this much and by five
  // standard deviations of the count: far beyond chance, so only a facade
  // that splits at another weight breaks it.
  static constexpr double kSlack = 0.02;
  static constexpr double kDeviations = 5;

  CanarySplitChecker(const rpc::Words& rpc, FigNodes nodes, const RouteTable& table)
      : rpc_(rpc), nodes_(nodes), table_(table) {
    listenTo({TraceKind::Sent});
  }
  std::string_view name() const override { return "canary split matches its weight"; }
  std::string_view meaning() const override {
    return "of a canary route's client requests, the share sent to the new service stays within "
           "a tolerance of the route's weight";
  }
  void onRecord(const TraceRecord& r) override;

  // The route's count at its current weight: requests, and those sent to new.
  struct Split {
    std::uint64_t generation = 0;  // the route table's, for this route, when counting began
    int weight = 0;
    std::uint64_t requests = 0;
    std::uint64_t toNew = 0;
    bool reported = false;
  };
  const Split& split(int route) const { return splits_[static_cast<std::size_t>(route)]; }

 private:
  void judge(int route, Split& s);

  const rpc::Words& rpc_;
  FigNodes nodes_;
  const RouteTable& table_;
  std::array<Split, kRoutes> splits_{};
};

}  // namespace cs::strangler_fig
