// The branch list beside the timeline: a button naming the current branch
// whose menu is the branch tree (each branch under the one it forked from,
// with what started it and when); choosing one switches to it. UI thread only.
#pragma once

#include <QToolButton>

namespace cs::ui {

class Session;

class BranchButton : public QToolButton {
  Q_OBJECT

 public:
  explicit BranchButton(QWidget* parent = nullptr);
  void setSession(Session* session);

 private:
  void rebuild();

  Session* session_ = nullptr;
};

}  // namespace cs::ui
