// The branch tree drawn like `git log --graph`, laid along simulated time:
// one row per branch, each under the one it forked from (depth first, in the
// order they were made). A branch's line starts at its fork point on its
// parent's line and runs to its head; beside it, what forked it and when.
// The current branch is highlighted with a marker at the moment shown;
// clicking a row (or Up/Down and Enter) switches to that branch. Reads the
// session's mirror; holds no engine objects. UI thread only.
#pragma once

#include <clusterscope/timeline.h>
#include <QColor>
#include <QWidget>

#include <vector>

namespace cs::ui {

class Session;

// One colour per branch, the same in the tree, the timeline and the button.
QColor branchColour(std::size_t branch);
// The branches from the first to `branch`, each the parent of the next.
std::vector<std::size_t> lineage(const Timeline& timeline, std::size_t branch);
// "crash node 2 at 12.3 s"; "the first run" for the first branch.
QString branchTitle(const BranchInfo& branch);

class BranchTreeView : public QWidget {
  Q_OBJECT

 public:
  explicit BranchTreeView(QWidget* parent = nullptr);
  void setSession(Session* session);

  // Branch ids, top row first.
  const std::vector<std::size_t>& order() const { return order_; }
  // The row of a branch; empty if there is none.
  QRect rowRect(std::size_t branch) const;
  // Where a branch's line begins: its fork point on its parent's line (the
  // first branch: 0 s on its own).
  QPointF forkPoint(std::size_t branch) const;
  // The x of simulated time t in the graph.
  double xOf(SimTime t) const;
  // The branch's second line: where it came from and how far it reached.
  QString branchDetail(const BranchInfo& branch) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  // The user chose a branch (the session has been told to switch to it).
  void branchChosen(std::size_t branch);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Layout {
    double margin = 0, header = 0, row = 0, badge = 0;
    double textLeft = 0, textWidth = 0, graphLeft = 0, graphRight = 0;
    SimTime span{};  // the time the graph's axis ends at
  };
  // Measures every branch's text: a paint computes it once and hands it on.
  Layout layout() const;
  double xOf(const Layout& l, SimTime t) const;
  double rowCentre(const Layout& l, std::size_t branch) const;
  QPointF forkPoint(const Layout& l, std::size_t branch) const;
  void timelineChanged();
  const Timeline* timeline() const;
  SimTime headOf(const BranchInfo& b) const;
  SimTime span() const;
  int rowAt(const QPoint& pos) const;  // index into order_, or -1
  void choose(std::size_t branch);
  void paintAxis(QPainter& p, const Layout& l) const;
  void paintRow(QPainter& p, const Layout& l, std::size_t row) const;
  void paintGraph(QPainter& p, const Layout& l) const;

  Session* session_ = nullptr;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> rowOf_;  // by branch id: its index in order_
  int hover_ = -1;
  int keyRow_ = -1;  // the row Up/Down moved to; -1: the current branch's
};

}  // namespace cs::ui
