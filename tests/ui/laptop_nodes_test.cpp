// The nodes that carry a pattern's state on a laptop's 1280×720 (issue 13),
// in the window as the app opens it there: the Event Sourcing store and
// handlers, the Pub/Sub broker and subscribers, and the shards write their
// essential state in a compact form at kReadablePixels or more, inside
// their boxes, named once (by the look, not again by the canvas). What each
// must say comes from the typed view the canvas drew; and the shard map's
// words read as large, inside the map's bounds. Offscreen, on the screens
// readable_main.cpp sets up.
#include <clusterscope/event_sourcing/es_view.h>
#include <clusterscope/pubsub/pubsub_view.h>
#include <clusterscope/sharding/shard_view.h>
#include <gtest/gtest.h>

#include <QApplication>
#include <ostream>
#include <string>

#include "canvas/shapes.h"
#include "readable_fixture.h"

namespace cs::ui {
namespace {

using Says = QStringList (*)(const PatternView& view, NodeId node);

struct NodeCase {
  const char* scenario;
  std::int64_t ms;   // how far into the run it is measured
  const char* node;  // the node's name
  Says says;         // what its compact form must write
};

void PrintTo(const NodeCase& c, std::ostream* os) {
  *os << c.scenario << "'s " << c.node << " at " << c.ms << " ms";
}

QStringList storeSays(const PatternView& view, NodeId) {
  const auto& s = viewOf<cs::event_sourcing::EsView>(view).store;
  return {QStringLiteral("head %1").arg(s.head),
          s.rejected == 1 ? QStringLiteral("1 conflict")
                          : QStringLiteral("%1 conflicts").arg(s.rejected)};
}

QStringList handlerSays(const PatternView& view, NodeId node) {
  const auto* h = viewOf<cs::event_sourcing::EsView>(view).handler(node);
  if (!h) return {QStringLiteral("a handler")};
  return {h->holds ? QString::fromStdString(h->stream) : QStringLiteral("holds nothing"),
          h->conflicts == 1 ? QStringLiteral("1 conflict")
                            : QStringLiteral("%1 conflicts").arg(h->conflicts)};
}

QStringList brokerSays(const PatternView& view, NodeId) {
  QStringList says;
  for (const auto& sub : viewOf<cs::pubsub::PubSubView>(view).broker.subscriptions)
    if (sub.subscriber != kNoNode) {
      says << QString::fromStdString(sub.name)
           << (sub.backlog > 0 ? QStringLiteral("backlog %1").arg(sub.backlog)
                               : QStringLiteral("backlog empty"))
           << QStringLiteral("%1 in flight").arg(sub.outstanding);
    }
  return says;
}

// The narration gives a slow subscriber's handling time on average ("100 ms
// per update"), so the SLOW tag gives the same figure, not the slowest draw.
QStringList slowSubscriberSays(const PatternView& view, NodeId node) {
  const auto* sub = viewOf<cs::pubsub::PubSubView>(view).subscriber(node);
  if (!sub) return {QStringLiteral("a subscriber")};
  return {QStringLiteral("SLOW: %1 ms").arg(sub->processingMean.count() / 1000)};
}

QStringList shardSays(const PatternView& view, NodeId node) {
  const auto* s = viewOf<cs::sharding::ShardingView>(view).shard(node);
  if (!s) return {QStringLiteral("a shard")};
  return {s->ownedChunks == 1 ? QStringLiteral("1 chunk")
                              : QStringLiteral("%1 chunks").arg(s->ownedChunks),
          QStringLiteral("%1 keys").arg(s->keys), QStringLiteral("%1 ops/s").arg(s->opsPerSecond)};
}

class OnALaptop : public Readable {
 protected:
  // Opens `scenario` in a window launched on the laptop, plays it to `ms`
  // and returns the canvas's scale, which must be too small for a look's
  // own text.
  double openOnALaptop(const char* scenario, std::int64_t ms) {
    launchOnLaptop();
    openAndPlay(QString::fromLatin1(scenario), ms);
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    const double scale = w->view()->transform().m11();
    EXPECT_LT(scale, 0.4) << scenario << ": the canvas is drawn too small for a look's own text";
    return scale;
  }
  // Expects all that `item` draws at `scale` to lie inside `box` (in the
  // item's coordinates, give or take `slack`).
  void expectDrawnInside(QGraphicsItem* item, const QRectF& box, double slack, double scale,
                         const std::string& what) {
    const QRectF ink = inkBounds(item, scale).translated(-item->scenePos());
    EXPECT_TRUE(box.adjusted(-slack, -slack, slack, slack).contains(ink))
        << what << " draws over " << ink.left() << ".." << ink.right() << " x " << ink.top() << ".."
        << ink.bottom() << ", its bounds " << box.left() << ".." << box.right() << " x "
        << box.top() << ".." << box.bottom();
  }
};

class NodesOnALaptop : public OnALaptop, public ::testing::WithParamInterface<NodeCase> {};

TEST_P(NodesOnALaptop, WriteTheirStateInACompactForm) {
  const NodeCase& c = GetParam();
  const double scale = openOnALaptop(c.scenario, c.ms);

  NodeItem* node = nullptr;
  for (QGraphicsItem* item : w->scene()->items())
    if (auto* n = qgraphicsitem_cast<NodeItem*>(item); n && n->snapshot().name == c.node) node = n;
  ASSERT_NE(node, nullptr) << c.node;
  ASSERT_NE(mirror().view, nullptr);
  const TextSizeEngine::Found text =
      measureAlone([node](QGraphicsItem* item) { return item == node; });
  const QString all = text.all.join(QLatin1Char('\n'));
  EXPECT_GE(text.smallest, kReadablePixels)
      << c.node << ": smallest text \"" << text.text.toStdString() << "\" at " << text.smallest
      << " px";
  for (const QString& s : c.says(*mirror().view, node->id()))
    EXPECT_TRUE(all.contains(s)) << c.node << " does not say \"" << s.toStdString()
                                 << "\"; it says\n"
                                 << all.toStdString();
  EXPECT_EQ(text.all.count(QString::fromLatin1(c.node)), 1)
      << c.node << " is named once, by its look\n"
      << all.toStdString();

  expectDrawnInside(node, node->shape().boundingRect(), 4, scale, c.node);
  std::cout << c.scenario << "'s " << c.node << " at 1280x720: scale " << scale
            << ", text >= " << text.smallest << " px, " << text.count << " pieces\n";
}

const NodeCase kNodes[] = {
    {"es-last-item", 3000, "store", storeSays},
    {"es-last-item", 3000, "handler-2", handlerSays},
    {"es-every-change", 3000, "store", storeSays},
    {"es-forever", 6000, "store", storeSays},
    {"es-snapshots", 10000, "store", storeSays},
    {"pubsub-fan-out", 3000, "broker", brokerSays},
    {"pubsub-slow-consumer", 8000, "broker", brokerSays},
    {"pubsub-broker-restart", 2000, "search-index", slowSubscriberSays},
    {"pubsub-broker-restart", 2000, "broker", brokerSays},
    {"shard-add-a-shard", 3000, "shard-1", shardSays},
    {"shard-hot-shard", 6000, "shard-4", shardSays},
    {"shard-mod-n", 3000, "shard-2", shardSays},
    {"shard-ring", 3000, "shard-3", shardSays},
};
INSTANTIATE_TEST_SUITE_P(Each, NodesOnALaptop, ::testing::ValuesIn(kNodes),
                         [](const ::testing::TestParamInfo<NodeCase>& info) {
                           return testNameOf(std::string(info.param.scenario) + "_" +
                                             info.param.node);
                         });

// The shard map's words on a laptop (issue 13: the bar's labels read 6 px):
// the bar's or the ring's title, its ends and its shares read at
// kReadablePixels or more, inside the panel's bounds.
struct MapCase {
  const char* scenario;
  std::int64_t ms;
  const char* says;  // a word the map writes in that mode
};

void PrintTo(const MapCase& c, std::ostream* os) {
  *os << c.scenario << " at " << c.ms << " ms";
}

class ShardMapOnALaptop : public OnALaptop, public ::testing::WithParamInterface<MapCase> {};

TEST_P(ShardMapOnALaptop, ReadsInsideItsBounds) {
  const MapCase& c = GetParam();
  const double scale = openOnALaptop(c.scenario, c.ms);
  const TextSizeEngine::Found text = measurePanelText();
  const QString all = text.all.join(QLatin1Char('\n'));
  EXPECT_GE(text.smallest, kReadablePixels)
      << c.scenario << ": smallest map text \"" << text.text.toStdString() << "\" at "
      << text.smallest << " px";
  EXPECT_TRUE(all.contains(QStringLiteral("shard map v"))) << all.toStdString();
  EXPECT_TRUE(all.contains(QString::fromUtf8(c.says))) << all.toStdString();
  for (QGraphicsItem* item : w->scene()->items())
    if (item->type() == PanelItem::Type)
      expectDrawnInside(item, item->boundingRect(), 2, scale, c.scenario);
  std::cout << c.scenario << "'s map at 1280x720: scale " << scale << ", text >= " << text.smallest
            << " px (\"" << text.text.toStdString() << "\")\n";
}

const MapCase kMaps[] = {{"shard-add-a-shard", 1500, "hash 2³²"},
                         {"shard-hot-shard", 4000, "MaxKey"},
                         {"shard-mod-n", 1500, "hash mod 840"},
                         {"shard-ring", 1500, "% of the ring"},
                         {"shard-zones", 2000, "zones:"}};
INSTANTIATE_TEST_SUITE_P(Each, ShardMapOnALaptop, ::testing::ValuesIn(kMaps),
                         [](const ::testing::TestParamInfo<MapCase>& info) {
                           return testNameOf(info.param.scenario);
                         });

}  // namespace
}  // namespace cs::ui
