// How the Sharding pattern looks on the canvas: the shard map across the
// top as a bar of chunks coloured by their owning shard (migrating ranges
// outlined, jumbo chunks marked), or in ring mode as a ring of tokens; each
// running migration as an arrow from donor to recipient with its phase and
// progress (shard_moves.h); the two routers on the left with their cached
// map version (a stale one marked) and their StaleConfig retries, a retry
// flashing as a bounce for a moment; the shards in two rows under the map,
// the config server ending the top one;
// each with its colour, keys, chunks, operations per second and queue (a
// hot shard glows red), its metadata version and its latency over the last
// second. With regions, each region is a band holding its routers and
// shards, so what sits far from whom shows (shard_regions.h).
// Spare shards stand faint until added. Draws from the pattern's typed view
// (clusterscope/sharding/shard_view.h), the snapshots' status and the
// Vocabulary; never from inspector text. UI thread only.
#pragma once

#include <clusterscope/sharding/shard_view.h>

#include "../../src/canvas/pattern_look.h"
#include "shard_moves.h"
#include "shard_regions.h"

namespace cs::ui::sharding {

enum class MessageClass {
  Operation,  // a read, write or scan from a router
  Answer,     // its reply
  Stale,      // a StaleConfig reply
  Map,        // GetMap and the map itself
  Migration,  // MoveChunks, clone, catch-up, critical section, commit
  Other,
};

class ShardLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView& view, const std::vector<NodeSnapshot>& nodes) const override;
  bool linked(const PatternView& view, const NodeSnapshot& a, const NodeSnapshot& b) const override;
  double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const override;
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) const override;
  // Every node writes its compact form on a small canvas (shard_compact.h).
  bool namesItself(const PatternView& view, const NodeSnapshot& node) const override;
  QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const override;
  QRectF nodeBounds(const NodeSnapshot& node) const override;
  QRectF panelBounds(const PatternView& view,
                     const std::vector<NodeSnapshot>& nodes) const override;
  void paintPanel(QPainter* p, const PatternView& view,
                  const std::vector<NodeSnapshot>& nodes) const override;
  // Remembers when each router's StaleConfig retries last grew.
  void observe(const PatternView& view, SimTime now) const override;
  // Whether `router` was answered StaleConfig and retried within the last
  // kBounce before `now`: its box shows the bounce.
  bool bouncing(NodeId router, SimTime now) const;
  static constexpr SimDuration kBounce{1'500'000};
  // The running migrations' arrows, where the layout puts their shards.
  std::vector<MoveArrow> moves(const PatternView& view,
                               const std::vector<NodeSnapshot>& nodes) const;
  // With regions, the band each region's nodes stand in.
  std::vector<RegionBand> bands(const PatternView& view,
                                const std::vector<NodeSnapshot>& nodes) const;
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 1; }
  QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const override;
  std::vector<int> legendMessageOrder() const override;
  Qt::Corner legendCorner() const override { return Qt::BottomLeftCorner; }
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;

 private:
  struct Retries {
    NodeId router = kNoNode;
    std::uint64_t count = 0;
    SimTime grewAt{-kBounce};
  };
  mutable std::vector<Retries> retries_;
  mutable SimTime lastSeen_{};
};

}  // namespace cs::ui::sharding
