// Sharding in the window, offscreen: a running migration is an arrow from
// the donor's box to the recipient's that names its phase and shows its
// progress; ring mode draws the map as a ring of tokens instead of a bar; a
// jumbo chunk is marked on the bar; the charts give a load heatmap per shard
// and the share of keys the last change moved. From hand-made typed views
// and mirrors, and from a bundled scenario run in the window.
#include <gtest/gtest.h>
#include <QImage>
#include <QPainter>

#include <algorithm>

#include "../../ui/patterns/sharding/shard_charts.h"
#include "../../ui/patterns/sharding/shard_heatmap.h"
#include "../../ui/patterns/sharding/shard_look.h"
#include "../../ui/patterns/sharding/shard_moves.h"
#include "../../ui/patterns/sharding/shard_paint.h"
#include "../../ui/patterns/sharding/shard_ring.h"
#include "canvas/panel_item.h"
#include "mirror.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

using cs::sharding::Chunk;
using cs::sharding::MigrationPhase;
using cs::sharding::MigrationView;
using cs::sharding::Partitioning;
using cs::sharding::Position;
using cs::sharding::ShardingView;
using cs::sharding::ShardView;
using sharding::MoveArrow;
using sharding::ShardLook;

constexpr NodeId kFirstShard = 3;  // after the config server and two routers

// The config server, two routers and eight shards, the first four members,
// with ranged chunks two per member shard.
std::shared_ptr<ShardingView> world(Partitioning mode = Partitioning::Ranged) {
  auto v = std::make_shared<ShardingView>();
  v->mode = mode;
  v->config = 0;
  v->version = {3, 1};
  v->keySpace = 1000;
  v->space = mode == Partitioning::Ring ? cs::sharding::kHashSpace : cs::sharding::kMaxKey;
  for (NodeId r = 1; r <= 2; ++r) {
    cs::sharding::RouterView router;
    router.id = r;
    router.name = "router-" + std::to_string(r);
    v->routers.push_back(router);
  }
  for (int i = 0; i < 8; ++i) {
    ShardView s;
    s.id = kFirstShard + static_cast<NodeId>(i);
    s.name = "shard-" + std::to_string(i + 1);
    s.member = i < 4;
    s.keys = s.member ? 250 : 0;
    v->shards.push_back(s);
  }
  return v;
}

void rangedChunks(ShardingView& v) {
  for (int i = 0; i < 8; ++i) {
    Chunk c;
    c.range = {i * 125, i == 7 ? v.space : (i + 1) * 125};
    c.owner = kFirstShard + static_cast<NodeId>(i / 2);
    v.chunks.push_back(c);
  }
}

std::vector<NodeSnapshot> nodesOf(const ShardingView& v) {
  std::vector<NodeSnapshot> nodes(kFirstShard + v.shards.size());
  for (NodeId id = 0; id < nodes.size(); ++id) {
    nodes[id].id = id;
    nodes[id].name = id == 0            ? "config"
                     : id < kFirstShard ? v.routers[id - 1].name
                                        : v.shards[id - kFirstShard].name;
    nodes[id].member = id < kFirstShard || v.shards[id - kFirstShard].member;
  }
  return nodes;
}

MigrationView migration(NodeId donor, NodeId recipient, MigrationPhase phase) {
  MigrationView m;
  m.id = 7;
  m.donor = donor;
  m.recipient = recipient;
  m.phase = phase;
  m.ranges = {{250, 375}};
  m.keys = 270;
  m.cloned = 120;
  return m;
}

// The look's panel drawn alone, white around it, in scene coordinates.
QImage paintPanel(const ShardLook& look, const ShardingView& v) {
  const auto nodes = nodesOf(v);
  const QRectF r = look.panelBounds(v, nodes);
  QImage img(r.size().toSize(), QImage::Format_ARGB32);
  img.fill(Qt::white);
  QPainter p(&img);
  p.translate(-r.topLeft());
  look.paintPanel(&p, v, nodes);
  p.end();
  return img;
}

// Pixels within 3 px of `at` (scene coordinates) that have `colour`.
int near(const QImage& img, QPointF origin, QPointF at, QColor colour) {
  int n = 0;
  const QPoint c = (at - origin).toPoint();
  for (int y = c.y() - 3; y <= c.y() + 3; ++y)
    for (int x = c.x() - 3; x <= c.x() + 3; ++x)
      if (img.valid(x, y) && img.pixel(x, y) == colour.rgb()) ++n;
  return n;
}

TEST(ShardMoves, AMigrationIsAnArrowFromDonorToRecipientNamingItsPhase) {
  auto v = world();
  rangedChunks(*v);
  const NodeId donor = kFirstShard + 1, recipient = kFirstShard + 3;
  v->migrations.push_back(migration(donor, recipient, MigrationPhase::Clone));
  ShardLook look;
  const auto nodes = nodesOf(*v);
  const std::vector<MoveArrow> arrows = look.moves(*v, nodes);
  ASSERT_EQ(arrows.size(), 1u);
  const MoveArrow& a = arrows[0];
  EXPECT_TRUE(a.label.contains(QStringLiteral("clone"))) << a.label.toStdString();
  EXPECT_TRUE(a.label.contains(QStringLiteral("120/270"))) << a.label.toStdString();
  EXPECT_NEAR(a.progress, 0.6 * 120 / 270, 1e-9);
  // It leaves the donor's box and enters the recipient's.
  const auto positions = look.layout(*v, nodes).positions;
  const QRectF donorBox = look.nodeShape(*v, nodes[donor]).boundingRect();
  const QRectF recipientBox = look.nodeShape(*v, nodes[recipient]).boundingRect();
  const QPointF start = a.shaft.pointAtPercent(0), end = a.shaft.pointAtPercent(1);
  EXPECT_LT(QLineF(start, positions[donor]).length(), QLineF(start, positions[recipient]).length());
  EXPECT_TRUE(donorBox.translated(positions[donor]).adjusted(-12, -12, 12, 12).contains(start));
  EXPECT_TRUE(
      recipientBox.translated(positions[recipient]).adjusted(-12, -12, 12, 12).contains(end));
  EXPECT_FALSE(donorBox.translated(positions[donor]).intersects(a.labelBox))
      << "the label stands clear of the boxes";

  // Drawn: the way come in the recipient's colour, and the panel holds it all.
  const QRectF bounds = look.panelBounds(*v, nodes);
  EXPECT_TRUE(bounds.contains(a.labelBox));
  EXPECT_TRUE(bounds.contains(a.shaft.boundingRect()));
  const QImage img = paintPanel(look, *v);
  const QColor colour = sharding::shardColour(*v, recipient);
  EXPECT_GT(near(img, bounds.topLeft(), a.shaft.pointAtPercent(a.progress / 2), colour), 10);
  EXPECT_EQ(near(img, bounds.topLeft(), a.shaft.pointAtPercent(0.5 + a.progress / 2), colour), 0)
      << "the way still to go is not filled";

  // Each phase by its name; the progress only grows.
  double last = a.progress;
  for (auto [phase, word] : {std::pair{MigrationPhase::CatchUp, "catch-up"},
                             {MigrationPhase::CriticalSection, "critical section"},
                             {MigrationPhase::Commit, "commit"},
                             {MigrationPhase::RangeDeletion, "range deletion"}}) {
    v->migrations[0].phase = phase;
    const auto next = look.moves(*v, nodes);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_TRUE(next[0].label.contains(QLatin1String(word))) << next[0].label.toStdString();
    EXPECT_GT(next[0].progress, last) << word;
    last = next[0].progress;
  }
  EXPECT_EQ(last, 1.0);

  // A crashed donor breaks the arrow; no phase, no arrow.
  v->shards[1].crashed = true;
  const auto broken = look.moves(*v, nodes);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_TRUE(broken[0].broken);
  EXPECT_TRUE(broken[0].label.contains(QStringLiteral("donor down")));
  v->migrations[0].phase = MigrationPhase::Idle;
  EXPECT_TRUE(look.moves(*v, nodes).empty());
}

// A shard joining in the bottom row gets its arrow through the gap between
// the rows, not across the other shards.
TEST(ShardMoves, AnArrowToTheBottomRowCrossesTheGap) {
  auto v = world();
  rangedChunks(*v);
  v->shards[4].member = true;
  const NodeId donor = kFirstShard + 2, recipient = kFirstShard + 4;
  v->migrations.push_back(migration(donor, recipient, MigrationPhase::CatchUp));
  ShardLook look;
  const auto nodes = nodesOf(*v);
  const auto arrows = look.moves(*v, nodes);
  ASSERT_EQ(arrows.size(), 1u);
  const auto positions = look.layout(*v, nodes).positions;
  const QRectF box = look.nodeShape(*v, nodes[donor]).boundingRect();
  for (NodeId s = kFirstShard; s < nodes.size(); ++s) {
    const QRectF r = box.translated(positions[s]).adjusted(2, 2, -2, -2);
    EXPECT_FALSE(r.intersects(arrows[0].labelBox)) << nodes[s].name;
    for (int i = 2; i <= 98; i += 4)
      EXPECT_FALSE(r.contains(arrows[0].shaft.pointAtPercent(i / 100.0)))
          << "the shaft runs under " << nodes[s].name << " at " << i << "%";
  }
}

// One shard above the other (shard-1 draining into shard-5): the label
// stands beside the short arrow, not over it.
TEST(ShardMoves, AnArrowDownAColumnKeepsItsLabelBesideIt) {
  auto v = world();
  rangedChunks(*v);
  v->shards[4].member = true;
  v->migrations.push_back(migration(kFirstShard, kFirstShard + 4, MigrationPhase::Clone));
  ShardLook look;
  const auto arrows = look.moves(*v, nodesOf(*v));
  ASSERT_EQ(arrows.size(), 1u);
  for (int i = 0; i <= 100; i += 10)
    EXPECT_FALSE(arrows[0].labelBox.contains(arrows[0].shaft.pointAtPercent(i / 100.0))) << i;
}

TEST(ShardRing, RingModeDrawsARingOfTokensColouredByOwner) {
  auto v = world(Partitioning::Ring);
  // Sixteen tokens, dealt to the four members in turn.
  const Position step = cs::sharding::kHashSpace / 16;
  for (int i = 0; i < 16; ++i) {
    Chunk c;
    c.range = {i * step + (i ? 1 : 0), i == 15 ? v->space : (i + 1) * step + 1};
    c.owner = kFirstShard + static_cast<NodeId>(i % 4);
    v->chunks.push_back(c);
  }
  ASSERT_EQ(sharding::ringTokens(*v).size(), 15u);
  EXPECT_EQ(sharding::ringTokens(*v)[2].owner, kFirstShard + 2);
  ShardLook look;
  const auto nodes = nodesOf(*v);
  const QRectF bounds = look.panelBounds(*v, nodes);
  const QImage img = paintPanel(look, *v);
  // Find the ring: every chunk's middle, on the band, is its owner's colour.
  int hits = 0;
  const QPointF centre = [&] {
    // The ring stands at the left of the panel, as tall as it.
    const QRectF area(bounds.left() + 10, bounds.top() + 10, bounds.width() - 20,
                      bounds.height() - 20);
    return sharding::ringCentre(area);
  }();
  const double radius = sharding::ringRadius(
      QRectF(bounds.left() + 10, bounds.top() + 10, bounds.width() - 20, bounds.height() - 20));
  for (const Chunk& c : v->chunks) {
    const QPointF at = sharding::ringPoint(*v, (c.range.lo + c.range.hi) / 2, centre, radius - 8);
    hits += near(img, bounds.topLeft(), at, sharding::shardColour(*v, c.owner)) > 20 ? 1 : 0;
  }
  EXPECT_EQ(hits, 16) << "each chunk an arc of its owner's colour";
  // The ring is round: no chunk colour in a straight bar through its middle.
  const QPointF opposite = sharding::ringPoint(*v, 0, centre, 0);
  EXPECT_EQ(near(img, bounds.topLeft(), opposite, sharding::shardColour(*v, kFirstShard)), 0)
      << "the middle of the ring is empty";

  // The same map ranged is a bar, with no ring.
  v->mode = Partitioning::Hashed;
  EXPECT_LT(look.panelBounds(*v, nodes).height(), bounds.height());
}

TEST(ShardMapBar, AJumboChunkIsMarkedWideEnoughToSee) {
  auto v = world();
  rangedChunks(*v);
  // One key, 500, is hot and stands alone in its chunk.
  v->chunks[4].range = {500, 501};
  v->chunks[5].range = {501, 750};
  ShardLook look;
  // The panel starts kMapBarRoomAbove px above the bar; between the title
  // and the bar's top edge only a jumbo chunk's mark stands.
  auto blackAboveTheBar = [&] {
    const QImage img = paintPanel(look, *v);
    const int top = static_cast<int>(sharding::kMapBarRoomAbove);
    int n = 0;
    for (int x = 0; x < img.width(); ++x)
      for (int y = top - 6; y < top - 1; ++y)
        if (img.pixel(x, y) == qRgb(0, 0, 0)) ++n;
    return n;
  };
  EXPECT_EQ(blackAboveTheBar(), 0);
  v->chunks[4].jumbo = true;
  EXPECT_GT(blackAboveTheBar(), 20) << "the jumbo chunk's mark rises above the bar";
}

// A router answered StaleConfig retries: its box shows the bounce for a
// moment, then not; going back in time forgets it.
TEST(ShardRouters, AStaleConfigRetryShowsAsABounce) {
  auto v = world();
  rangedChunks(*v);
  ShardLook look;
  const SimTime second{1'000'000};
  look.observe(*v, second);
  EXPECT_FALSE(look.bouncing(1, second));
  auto retried = std::make_shared<ShardingView>(*v);
  retried->routers[0].staleRetries = 2;
  look.observe(*retried, 2 * second);
  EXPECT_TRUE(look.bouncing(1, 2 * second + second / 2));
  EXPECT_FALSE(look.bouncing(2, 2 * second + second / 2)) << "the other router did not retry";
  EXPECT_FALSE(look.bouncing(1, 4 * second)) << "a moment, not for ever";
  look.observe(*retried, 3 * second);
  EXPECT_TRUE(look.bouncing(1, 3 * second)) << "no new retry: the bounce runs on from 2 s";
  look.observe(*v, second / 2);
  EXPECT_FALSE(look.bouncing(1, second / 2));
}

// Four shards of 250 keys (and a spare), shard-2 serving ten times the
// others; at 1 s the balancer moves 50 keys, and at 6 s a change moves 800.
Mirror shardedMirror() {
  Mirror m;
  for (int s = 1; s <= 5; ++s) {
    const std::string name = "shard-" + std::to_string(s);
    m.metrics.push_back(MetricInfo::counter("shard." + name + ".ops", "shard", name, "ops"));
    m.metrics.push_back(MetricInfo::gauge("shard." + name + ".keys", "shard", name, "keys"));
    m.metrics.push_back(MetricInfo::gauge("shard." + name + ".queue", "shard", name, "queue"));
  }
  // After the rest, so that their indexes stay: shard-2 answers in 80 ms (p99
  // 120), the others in 4 ms.
  for (int s = 1; s <= 5; ++s) {
    const std::string name = "shard-" + std::to_string(s);
    m.metrics.push_back(MetricInfo::gauge("shard." + name + ".latency-1s", "shard", name,
                                          "mean latency over 1 s", MetricUnit::Microseconds));
    m.metrics.push_back(MetricInfo::gauge("shard." + name + ".p99-1s", "shard", name,
                                          "p99 latency over 1 s", MetricUnit::Microseconds));
  }
  m.metrics.push_back(MetricInfo::counter("shard.map.keys-moved", "map", "config", "keys-moved"));
  for (int i = 0; i <= 100; ++i) {
    MetricSample s;
    s.at = SimDuration{i * 100'000};
    s.values.assign(m.metrics.size(), 0);
    for (int sh = 0; sh < 4; ++sh) {
      s.values[static_cast<std::size_t>(sh * 3)] = i * (sh == 1 ? 10 : 1);
      s.values[static_cast<std::size_t>(sh * 3 + 1)] = 250;
    }
    for (int sh = 0; sh < 4; ++sh) {
      s.values[static_cast<std::size_t>(15 + sh * 2)] = sh == 1 ? 80'000 : 4'000;
      s.values[static_cast<std::size_t>(16 + sh * 2)] = sh == 1 ? 120'000 : 6'000;
    }
    s.values.back() = i < 10 ? 0 : i < 60 ? 50 : 850;
    m.samples.push_back(std::move(s));
  }
  return m;
}

TEST(ShardChartsTest, AHeatmapRowPerShardAndTheShareTheLastChangeMoved) {
  const Mirror m = shardedMirror();
  sharding::ShardCharts charts;
  charts.refresh(m, 0, 10);
  const auto& rows = charts.heatmap()->rows();
  ASSERT_EQ(rows.size(), 4u) << "the spare that never held a key has no row";
  EXPECT_EQ(rows[1].name, QStringLiteral("shard-2"));
  ASSERT_FALSE(rows[1].cells.empty());
  EXPECT_NEAR(rows[1].cells[3].second, 100, 1e-6) << "ten operations a sample is 100 ops/s";
  EXPECT_NEAR(rows[0].cells[3].second, 10, 1e-6);
  EXPECT_EQ(rows[1].colour, sharding::shardColourAt(1)) << "the canvas's colour for shard-2";
  EXPECT_NE(sharding::ShardHeatmap::heat(100, 100), sharding::ShardHeatmap::heat(10, 100));
  EXPECT_TRUE(charts.movedText().contains(QStringLiteral("800 of 1000 keys (80%)")))
      << charts.movedText().toStdString();
}

// The heatmap's title gives the darkest cell's rate and whose it is; with
// no operations served (mod-n and ring only move keys), it says so rather
// than "darkest 0" (issue 13).
TEST(ShardChartsTest, TheHeatmapTitleNamesTheBusiestShardOrSaysThereIsNoLoad) {
  sharding::ShardCharts charts;
  charts.refresh(shardedMirror(), 0, 10);
  EXPECT_EQ(charts.heatmap()->title(),
            QStringLiteral("load per shard: darkest 100 operations/s, on shard-2"));

  Mirror idle = shardedMirror();
  for (MetricSample& s : idle.samples)
    for (int sh = 0; sh < 5; ++sh) s.values[static_cast<std::size_t>(sh * 3)] = 0;
  charts.refresh(idle, 0, 10);
  ASSERT_FALSE(charts.heatmap()->rows().empty()) << "the shards hold keys, so they have rows";
  EXPECT_EQ(charts.heatmap()->title(), QStringLiteral("load per shard: no operations yet"));
}

TEST(ShardChartsTest, EachShardsLatencyIsChartedInMillisecondsWithItsP99) {
  const Mirror m = shardedMirror();
  sharding::ShardCharts charts;
  charts.refresh(m, 0, 10);
  const QList<QPointF> far = charts.shardLatency(1, false), near = charts.shardLatency(0, false);
  ASSERT_FALSE(far.isEmpty());
  ASSERT_FALSE(near.isEmpty());
  EXPECT_DOUBLE_EQ(far.back().y(), 80);
  EXPECT_DOUBLE_EQ(near.back().y(), 4);
  EXPECT_DOUBLE_EQ(charts.shardLatency(1, true).back().y(), 120);
  EXPECT_TRUE(charts.shardLatency(9, false).isEmpty());
}

// Two regions, eu and us: the shards alternate between them, router-1 and
// the config server in eu, router-2 in us.
std::shared_ptr<ShardingView> regional() {
  auto v = world();
  rangedChunks(*v);
  v->regions = {"eu", "us"};
  v->configRegion = 0;
  v->regionLatencyUs = 40'000;
  v->routers[0].region = 0;
  v->routers[1].region = 1;
  for (std::size_t i = 0; i < v->shards.size(); ++i) v->shards[i].region = static_cast<int>(i % 2);
  return v;
}

TEST(ShardRegions, EachRegionIsABandHoldingItsRoutersAndShards) {
  auto v = regional();
  ShardLook look;
  const auto nodes = nodesOf(*v);
  const auto bands = look.bands(*v, nodes);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_FALSE(bands[0].area.intersects(bands[1].area)) << "the ocean between them";
  const auto l = look.layout(*v, nodes);
  auto regionOf = [&](NodeId id) {
    if (id == 0) return v->configRegion;
    if (id < kFirstShard) return v->routers[id - 1].region;
    return v->shards[id - kFirstShard].region;
  };
  for (NodeId id = 0; id < nodes.size(); ++id) {
    const QRectF box = look.nodeShape(*v, nodes[id]).boundingRect().translated(l.positions[id]);
    const int r = regionOf(id);
    EXPECT_TRUE(bands[static_cast<std::size_t>(r)].area.contains(box)) << nodes[id].name;
    EXPECT_FALSE(bands[static_cast<std::size_t>(1 - r)].area.intersects(box)) << nodes[id].name;
    EXPECT_TRUE(l.sceneRect.contains(box)) << nodes[id].name;
  }
  // The panel draws the bands: its bounds hold them.
  for (const auto& b : bands) EXPECT_TRUE(look.panelBounds(*v, nodes).contains(b.area));
  // Without regions, no bands.
  EXPECT_TRUE(look.bands(*world(), nodes).empty());
}

TEST(ShardRegions, TheZonesSwitchIsOnWhileKeysArePinnedAndNeedsRegionsAndClients) {
  auto find = [](const std::vector<PatternKnob>& knobs) {
    for (const auto& k : knobs)
      if (k.id == "zones") return k;
    ADD_FAILURE() << "no zones knob";
    return PatternKnob{};
  };
  ShardLook look;
  auto plain = world();
  EXPECT_FALSE(find(look.knobs(*plain, nodesOf(*plain))).enabled);
  auto v = regional();
  v->clientKeys = {{0, 500}, {500, 1000}};
  PatternKnob k = find(look.knobs(*v, nodesOf(*v)));
  EXPECT_TRUE(k.enabled);
  EXPECT_TRUE(k.checkable);
  EXPECT_FALSE(k.checked);
  v->zones = {{{0, 500}, 0}};
  EXPECT_TRUE(find(look.knobs(*v, nodesOf(*v))).checked);
}

class ShardWindow : public Window {
 protected:
  const ShardingView& view() { return viewOf<ShardingView>(*mirror().view); }
};

// The bundled scenario drains shard-1: while its chunk moves, the canvas's
// panel draws the arrow to its recipient with the phase named.
TEST_F(ShardWindow, TheCanvasDrawsTheRunningMigrationAsAnArrow) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("shard-crash-mid-migration"), std::nullopt, false));
  ASSERT_TRUE(settled());
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  ASSERT_FALSE(view().migrations.empty()) << "the first step ends with a migration running";
  const auto* look = dynamic_cast<const ShardLook*>(w->session()->look().get());
  ASSERT_NE(look, nullptr);
  const auto arrows = look->moves(view(), mirror().nodes);
  ASSERT_EQ(arrows.size(), 1u);
  const auto& m = view().migrations[0];
  EXPECT_EQ(m.donor, kFirstShard);
  EXPECT_TRUE(arrows[0].label.contains(sharding::phaseWord(m.phase)))
      << arrows[0].label.toStdString();
  // The scene's panel holds the arrow, and draws it in the recipient's colour.
  PanelItem* panel = nullptr;
  for (QGraphicsItem* item : w->scene()->items())
    if (auto* p = qgraphicsitem_cast<PanelItem*>(item)) panel = p;
  ASSERT_NE(panel, nullptr);
  EXPECT_TRUE(panel->boundingRect().contains(arrows[0].labelBox));
  const QRectF r = panel->boundingRect();
  QImage img(r.size().toSize(), QImage::Format_ARGB32);
  img.fill(Qt::white);
  QPainter p(&img);
  p.translate(-r.topLeft());
  panel->paint(&p, nullptr, nullptr);
  p.end();
  const QColor colour = sharding::shardColour(view(), m.recipient);
  EXPECT_GT(
      near(img, r.topLeft(), arrows[0].labelBox.center() + QPointF(0, 13), colour.darker(125)), 3)
      << "the label's pill";
}

}  // namespace
}  // namespace cs::ui
