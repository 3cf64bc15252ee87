// The branch list beside the timeline: a button naming the current branch in
// its colour; clicking it (or Simulation > Branches, B) pops up the branch
// tree (branch_tree_view.h), where clicking a branch switches to it. UI
// thread only.
#pragma once

#include <QToolButton>

class QFrame;
class QScrollArea;

namespace cs::ui {

class Session;
class BranchTreeView;

class BranchButton : public QToolButton {
  Q_OBJECT

 public:
  explicit BranchButton(QWidget* parent = nullptr);
  void setSession(Session* session);

  // Pops the tree up above the button, or over the window's centre when the
  // button is hidden (lecture mode).
  void showTree();
  // The popup and its tree (hidden until showTree()).
  QFrame* popup() const { return popup_; }
  BranchTreeView* tree() const { return tree_; }

 private:
  void timelineChanged();

  Session* session_ = nullptr;
  QFrame* popup_;
  QScrollArea* scroll_;
  BranchTreeView* tree_;
};

}  // namespace cs::ui
