// The space-time diagram widget: one lane per node, time flowing down,
// messages as arrows from send to delivery. It follows the run (the newest
// at the bottom) until the user scrolls up or picks something, and links
// with the rest of the window through the Session's selection: a click on
// an arrow selects that message, a click on a lane header or a mark selects
// the node, and a selection made elsewhere is highlighted and scrolled into
// view. Ctrl+wheel zooms time. The index and layout are rebuilt lazily, at
// most once a batch, and not at all while the widget is hidden.
// UI thread only.
#pragma once

#include <QAbstractScrollArea>

#include <memory>
#include <string>
#include <vector>

#include "spacetime_index.h"
#include "spacetime_layout.h"
#include "spacetime_painter.h"

namespace cs::ui {

class PatternLook;
class Session;

class SpacetimeView : public QAbstractScrollArea {
  Q_OBJECT

 public:
  explicit SpacetimeView(QWidget* parent = nullptr);
  ~SpacetimeView() override;

  // Follows a session: its records, its selection and its runs.
  void setSession(Session* session);
  // Shows a mirror directly, drawn with `pattern`'s look (tests, benchmarks).
  void showMirror(const Mirror* mirror, const PatternLook* look);

  void setFilter(const SpacetimeFilter& filter);
  const SpacetimeFilter& filter() const { return filter_; }
  // Following keeps the newest records in view as they arrive.
  void setFollowing(bool on);
  bool following() const { return following_; }
  // Multiplies the pixels per simulated second, keeping the time at the
  // viewport's height `anchorY` in place (the middle when negative).
  void zoomBy(double factor, double anchorY = -1);
  double pixelsPerSecond() const { return axis_.pixelsPerSecond; }

  // The current picture (rebuilt first if stale), in content coordinates.
  const SpacetimeIndex& index();
  const SpacetimeLayout& layout();
  int laneCount();  // lanes shown (the node filter hides the rest)
  // The narrowest a lane that is not collapsed may get, for this theme's type.
  double minimumLaneWidth() const;
  // Arrow `i` of index().arrows() in viewport coordinates.
  QLineF arrowInViewport(std::size_t i);
  // The arrow drawn as selected; -1 if none is.
  int highlightedArrow();
  // The arrows drawn as the followed request's (indices into index().arrows()).
  std::vector<std::size_t> followedArrowIndices();
  // Scrolls so arrow `i` is in view; stops following if that moves anything.
  void scrollToArrow(std::size_t i);
  // Scrolls sideways so content columns [left, right] are in view.
  void revealColumns(double left, double right);
  QPointF contentOffset() const;
  double headerHeight() const { return header_; }  // the plot starts this far down
  // The simulated time drawn at viewport height `y`.
  SimTime timeAt(double y) const { return axis_.at(y - contentOffset().y()); }

 signals:
  void followingChanged(bool on);
  void messageClicked(MessageId msg, NodeId from);
  void nodeClicked(NodeId node);
  // The run's vocabulary or nodes changed: the dock refills its filters.
  void vocabularyChanged();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  bool viewportEvent(QEvent* event) override;
  void changeEvent(QEvent* event) override;
  void scrollContentsBy(int dx, int dy) override;

 private:
  struct Hit {
    int arrow = -1;
    int mark = -1;  // with node: a fault or milestone on its lane
    NodeId node = kNoNode;
  };

  const Mirror* mirror() const;
  SimTime now() const;
  void onRecords();
  void onRunStarted();
  void onScenarioOpened();
  void onSelectionChanged();
  void chooseLook(const PatternLook* look);
  void refresh();
  void rebuildIndex();
  void fit();
  void arrange();
  void chooseTitles();
  QString laneName(NodeId node, bool shortForm) const;
  void updateScrollBars();
  void setScroll(QScrollBar* bar, int value);
  double plotHeight() const;
  double plotWidth() const;
  Hit hitTest(QPointF at);
  QString toolTipFor(const Hit& hit);
  SpacetimeFrame frame();

  Session* session_ = nullptr;
  const Mirror* mirror_ = nullptr;           // without a session
  const PatternLook* look_ = nullptr;        // the session's, or showMirror's
  std::shared_ptr<const PatternLook> held_;  // the session's, while drawn with
  SpacetimeIndex index_;
  SpacetimeLayout layout_;
  SpacetimeColours colours_;
  SpacetimePainter painter_;
  SpacetimeFilter filter_;
  TimeAxis axis_;
  std::vector<QString> titles_;
  bool rotatedTitles_ = false;
  double header_ = 30;
  double gutter_ = 60;
  const Vocabulary* coloursFor_ = nullptr;
  const Vocabulary* vocabularySeen_ = nullptr;  // what the dock's filters were filled from
  std::size_t nodesSeen_ = 0;
  bool indexStale_ = true;
  bool layoutStale_ = true;
  bool coloursStale_ = true;
  bool following_ = true;
  bool syncing_ = false;    // moving the scroll bars ourselves
  bool selecting_ = false;  // the selection change is our own click's
  bool userZoomed_ = false;
  bool fitted_ = false;  // the scale was fitted to this scenario's latencies and rate
};

}  // namespace cs::ui
