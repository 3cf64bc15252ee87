// The Pub/Sub pattern's part of the window: the broker's look, its charts
// and what the compare view offers.
#include "pubsub_ui.h"

#include <clusterscope/pubsub/pubsub_phrases.h>
#include <QObject>

#include "pubsub_charts.h"
#include "pubsub_look.h"

namespace cs::ui::pubsub {
namespace {

// Each subscription's backlog, then how fast each acknowledges: the two
// things a lecturer compares between two settings of the world.
std::vector<CompareMeasure> measures(const std::vector<MetricInfo>& metrics) {
  std::vector<CompareMeasure> backlogs, acks;
  for (const MetricInfo& m : metrics) {
    if (m.family != "subscription") continue;
    const QString sub = QString::fromStdString(m.subject);
    if (m.measure == "backlog")
      backlogs.push_back({sub + QObject::tr(": backlog"), {m.name}, false});
    if (m.measure == "acked") acks.push_back({sub + QObject::tr(": acked /s"), {m.name}, true});
  }
  backlogs.insert(backlogs.end(), acks.begin(), acks.end());
  return backlogs;
}

}  // namespace

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "pubsub";
  ui.look = [] { return std::make_unique<PubSubLook>(); };
  ui.messagePhrases = cs::pubsub::pubsubPhrases();
  ui.charts = [](QWidget* parent) { return new PubSubCharts(parent); };
  ui.measures = measures;
  ui.comparePresets = {
      "ordering=off",          "ordering=on",           "durable=off",           "durable=on",
      "maxDeliveryAttempts=1", "ackAfterProcessing=on", "ackAfterProcessing=off"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/pubsub.md");
  return ui;
}

}  // namespace cs::ui::pubsub
