// How the legacy data follows the routes to the new stores, as a node of its
// own. In change-data-capture mode it is a connector (Debezium's role): it
// tails the legacy database's change log and applies each change to the new
// service that owns the table, in commit order, a poll at a time — so a new
// store lags the legacy database by up to a poll interval, visibly. Its
// offset per service is durable (a connector stores its offsets), so after a
// crash it resumes where it stopped. In dual-write mode the facade writes
// both stores and this node is the reconciler: every interval it compares
// the two stores and repairs each entity the new store is missing, because a
// crash between the two writes leaves them apart. Kernel thread only.
#pragma once

#include <array>
#include <vector>

#include "patterns/strangler_fig/fig_words.h"
#include "patterns/strangler_fig/shop_data.h"
#include "patterns/strangler_fig/shop_services.h"
#include "rpc/rpc_node.h"

namespace cs::strangler_fig {

struct SyncOptions {
  DataSync mode = DataSync::ChangeDataCapture;
  SimDuration pollInterval{500'000};
  bool reconcile = true;
  SimDuration reconcileInterval{2'000'000};
  SimDuration timeout{300'000};
};

class DataSyncNode : public rpc::RpcNode {
 public:
  DataSyncNode(rpc::RpcSystem& system, const FigWords& words, const FigMetrics& metrics,
               LegacyDb& db, std::array<const NewService*, kCapabilities> services,
               SyncOptions options);

  void setReconcile(bool on) { options_.reconcile = on; }
  const SyncOptions& options() const { return options_; }

  // Changes of the capability's table committed to the legacy database and
  // not yet applied to its new store, and how long the oldest has waited
  // (0 when none). Change-data-capture mode; 0 in dual-write mode.
  std::uint64_t pending(int capability) const;
  SimDuration lag(int capability, SimTime now) const;
  // Entities of the capability whose new store is behind the legacy database.
  std::uint64_t diverged(int capability) const;
  std::uint64_t repaired() const { return repaired_; }

  // The legacy database went with the monolith: the connector has no change
  // log left to read, so it stops for good (a restart does not resume it).
  // Changes still pending stay pending: nothing will apply them.
  void stopCapture();
  bool captureStopped() const { return captureStopped_; }
  SimTime captureStoppedAt() const { return captureStoppedAt_; }

  void onStart() override;

 protected:
  void onOwnTimer(TimerHandle timer, std::uint64_t tag) override;
  void onOutcome(const rpc::Outcome& outcome) override;
  void onReset() override;

 private:
  enum Tag : std::uint64_t { kPoll = 1, kReconcile = 2 };
  // Sends the capability's next change, if any and none is in flight.
  void pump(int capability);
  void reconcile();

  const FigWords& words_;
  const FigMetrics& metrics_;
  LegacyDb& db_;  // the connector holds its replication slot
  std::array<const NewService*, kCapabilities> services_;
  SyncOptions options_;

  // ---- Durable ----
  std::array<std::size_t, kCapabilities> offset_{};  // the next change of db_'s log(c)
  std::uint64_t repaired_ = 0;
  bool captureStopped_ = false;
  SimTime captureStoppedAt_{};

  // ---- Volatile ----
  std::array<bool, kCapabilities> inFlight_{};
};

}  // namespace cs::strangler_fig
