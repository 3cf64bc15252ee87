// The Sharding pattern's part of the window: its look, its charts, its
// inspector section and what the compare view offers.
#include "shard_ui.h"

#include <clusterscope/sharding/shard_view.h>
#include <clusterscope/sharding/sharding_phrases.h>
#include <QObject>

#include "shard_charts.h"
#include "shard_look.h"
#include "shard_paint.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::ShardingView;

// Operations per shard and StaleConfig retries: what a lecturer compares
// between mod N and the ring, or ranged and hashed chunks.
std::vector<CompareMeasure> measures(const std::vector<MetricInfo>& metrics) {
  std::vector<CompareMeasure> ops, other;
  for (const MetricInfo& m : metrics) {
    const QString subject = QString::fromStdString(m.subject);
    if (m.family == "shard" && m.measure == "ops")
      ops.push_back({subject + QObject::tr(": ops /s"), {m.name}, true});
    if (m.family == "router" && m.measure == "stale")
      other.push_back({subject + QObject::tr(": StaleConfig /s"), {m.name}, true});
    if (m.family == "map" && m.measure == "migrations")
      other.push_back({QObject::tr("migrations committed"), {m.name}, false});
  }
  ops.insert(ops.end(), other.begin(), other.end());
  return ops;
}

QString inspectorText(const ShardingView& v, NodeId node) {
  if (v.kind(node) != cs::sharding::NodeKind::Config && !v.shard(node)) return {};
  QString s = QObject::tr(
                  "<b>Chunks</b> (map %1):<br><table cellspacing=4>"
                  "<tr><th align=left>range</th><th>owner</th><th>version</th></tr>")
                  .arg(versionLabel(v.version));
  int rows = 0;
  for (const auto& c : v.chunks) {
    if (v.shard(node) && c.owner != node) continue;
    if (++rows > 40) {
      s += QObject::tr("<tr><td colspan=3>… %1 chunks in all</td></tr>").arg(v.chunks.size());
      break;
    }
    const auto* owner = v.shard(c.owner);
    s += QStringLiteral("<tr><td>[%1, %2)%3</td><td>%4</td><td>%5</td></tr>")
             .arg(c.range.lo)
             .arg(c.range.hi)
             .arg(c.jumbo ? QObject::tr(" <b>jumbo</b>") : QString())
             .arg(QString::fromStdString(owner ? owner->name : std::string("?")))
             .arg(versionLabel(c.version));
  }
  return s + "</table>";
}

}  // namespace

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "sharding";
  ui.look = [] { return std::make_unique<ShardLook>(); };
  ui.messagePhrases = cs::sharding::shardingPhrases();
  ui.charts = [](QWidget* parent) { return new ShardCharts(parent); };
  ui.measures = measures;
  ui.inspector = [](const Mirror&, const PatternView& view, NodeId node) {
    return inspectorText(viewOf<ShardingView>(view), node);
  };
  ui.comparePresets = {"mode=mod-n",   "mode=ring",    "mode=hashed",
                       "mode=ranged",  "balancer=off", "distribution=increasing",
                       "versioned=off"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/sharding.md");
  return ui;
}

}  // namespace cs::ui::sharding
