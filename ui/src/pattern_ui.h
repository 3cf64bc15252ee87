// Everything the window shows of one pattern, handed out by the pattern's
// own part under ui/patterns/<name>/: its look on the canvas (with its
// toolbar knobs and node menu entries), its charts, its inspector section,
// the options the compare view offers first, and its help page. Shared docks
// host what the part gives them and name no pattern. The registry holds one
// entry per pattern (ui/patterns/registry.cpp, one line each); a pattern the
// window has no part for is an error, never another pattern's look.
// UI thread only; registerPatternUi() before any window opens.
#pragma once

#include <clusterscope/ids.h>
#include <clusterscope/message_phrase.h>
#include <clusterscope/metrics.h>
#include <clusterscope/pattern_view.h>
#include <QColor>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cs::ui {

class PatternLook;
struct Mirror;

// The Charts dock's panel for a pattern: charts of its metrics over a
// rolling window of simulated time. refresh() replaces every series in one
// batch; no OpenGL (it crashes offscreen).
class PatternCharts : public QWidget {
 public:
  using QWidget::QWidget;
  // Draws `mirror`'s samples between tStart and tEnd (seconds).
  virtual void refresh(const Mirror& mirror, double tStart, double tEnd) = 0;
  virtual void applyTheme() {}
};

// One measure the compare view draws for both runs in one chart: the sum of
// some metrics (by name, as the runs' metric lists give them), as a rate per
// second of a counter's growth or as a gauge's value.
struct CompareMeasure {
  QString title;
  std::vector<std::string> metrics;
  bool rate = true;
};

// A lane a pattern adds to the timeline under its fault lanes: a thing of
// the pattern (a route, a shard) over time, as stretches each in one state,
// and marks at moments that matter (a rollback). Display values only.
struct TimelineSpan {
  SimTime from{};
  SimTime to{};  // for the last stretch of a lane: the moment shown
  QColor colour;
  QString text;  // drawn inside when it fits, and the tooltip
};
struct TimelineMark {
  SimTime at{};
  QColor colour;
  QString tip;
};
struct TimelineLane {
  QString name;
  std::vector<TimelineSpan> spans;
  std::vector<TimelineMark> marks;
};

struct PatternUi {
  std::string pattern;  // the engine's name for it (PatternInfo::name)
  std::function<std::unique_ptr<PatternLook>()> look;
  std::function<PatternCharts*(QWidget* parent)> charts;
  // The measures the compare view charts, from the run's metrics.
  std::function<std::vector<CompareMeasure>(const std::vector<MetricInfo>& metrics)> measures;
  // Rich text the inspector shows for a node after its rows (Raft's log);
  // "" for none. `view` is the pattern's own view.
  std::function<QString(const Mirror& mirror, const PatternView& view, NodeId node)> inspector;
  // OPTION=VALUE changes a lecturer would compare first.
  std::vector<std::string> comparePresets;
  QString helpPage;  // a resource with the pattern's explainer in Markdown
  // The pattern's own lanes on the timeline, from the moment shown; unset
  // or empty for none.
  std::function<std::vector<TimelineLane>(const Mirror& mirror)> timelineLanes;
  // The sentences the event log says for the pattern's messages (its words
  // file's); a message without one lists its fields in words.
  std::vector<MessagePhrase> messagePhrases;
};

// The window's part for `pattern`; nullptr when it has none.
const PatternUi* findPatternUi(std::string_view pattern);
// Adds a part (tests add patterns of their own). REQUIRES: no part for
// ui.pattern yet.
void registerPatternUi(PatternUi ui);

}  // namespace cs::ui
