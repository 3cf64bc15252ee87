// The scrubber under the canvas: the whole run from 0 to its head, coloured
// by the branches it came through (branch_tree_view.h), with pins where other
// branches fork off it, the scenario's step beginnings, milestone ticks and
// one lane of fault bands per node that was ever down, paused or cut off;
// under those, the open pattern's own lanes (PatternUi::timelineLanes). The
// handle is the moment shown; dragging it seeks there (throttled while
// dragging, exact on release), and every dock follows, since a seek publishes
// the rebuilt run. Reads the session's mirror; holds no engine objects. UI
// thread only.
#pragma once

#include <clusterscope/timeline.h>
#include <QTimer>
#include <QWidget>

#include <optional>
#include <vector>

#include "../pattern_ui.h"

namespace cs::ui {

class Session;

class TimelineWidget : public QWidget {
  Q_OBJECT

 public:
  explicit TimelineWidget(QWidget* parent = nullptr);
  void setSession(Session* session);

  // The x of simulated time t, and back (clamped to 0..head).
  double xOf(SimTime t) const;
  SimTime timeAt(double x) const;
  // The time the axis ends at: a little past the head.
  SimTime span() const;
  // Branches whose fork point lies on the history shown (the current
  // branch's own, if it has a parent, last): the timeline marks them.
  std::vector<std::size_t> forks() const;
  // The tooltip at `pos`: the forks, milestones and fault bands under it.
  QString tipAt(const QPointF& pos) const;
  // Nodes with a lane of fault bands, top to bottom.
  const std::vector<NodeId>& lanes() const { return lanes_; }
  // The pattern's lanes, top to bottom, as of the moment shown.
  const std::vector<TimelineLane>& patternLanes() const { return patternLanes_; }
  // The vertical middle of pattern lane i.
  double patternLaneY(std::size_t i) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Rows {
    QRectF ruler, track;
    double laneTop = 0, laneHeight = 0, laneGap = 0;
    double patternTop = 0, patternHeight = 0, patternGap = 0;
    double left = 0, right = 0;
  };
  Rows rows() const;
  // Room for this many lanes, always; more lanes are drawn thinner.
  static constexpr double kLaneRoom = 4;
  // Room for this many of the pattern's lanes, from the scenario's start;
  // more are drawn thinner.
  static constexpr std::size_t kPatternLaneRoom = 1;
  // The fault lanes' share: a lane fewer where the pattern has its own, so
  // that the canvas keeps the height it has without them.
  double faultRoom() const { return kLaneRoom - (patternRoom_ ? 1.0 : 0.0); }
  double laneLabelWidth() const;
  // The lanes' labels' type: a little smaller than the ruler's.
  QFont smallFont() const;
  // The height of one of the pattern's lanes, in `smallFont()`.
  double patternRowHeight() const;
  // The font of a lane's name, for lanes `pitch` apart.
  QFont labelFont(double pitch) const;
  // One diamond on the track: the milestones from `first` on that would
  // overlap, `count` of them.
  struct MilestoneMark {
    double x = 0;
    std::size_t first = 0;
    std::size_t count = 0;
  };
  std::vector<MilestoneMark> milestoneMarks(const Rows& r) const;
  void timelineChanged();
  void dragTo(double x);
  void paintRuler(QPainter& p, const Rows& r) const;
  void paintTrack(QPainter& p, const Rows& r) const;
  void paintForks(QPainter& p, const Rows& r) const;
  void paintLanes(QPainter& p, const Rows& r) const;
  void paintPatternLanes(QPainter& p, const Rows& r) const;
  QString patternTipAt(const Rows& r, const QPointF& pos) const;
  void refreshPatternLanes();
  void paintHandle(QPainter& p, const Rows& r) const;
  const Timeline* timeline() const;
  SimTime shownTime() const;

  Session* session_ = nullptr;
  std::vector<NodeId> lanes_;
  std::vector<TimelineLane> patternLanes_;
  std::size_t patternRoom_ = 0;  // the pattern's lanes room is kept for (kPatternLaneRoom or none)
  std::optional<SimTime> target_;  // dragged to or sought, until the run is rebuilt there
  bool dragging_ = false;
  QTimer throttle_;
};

}  // namespace cs::ui
