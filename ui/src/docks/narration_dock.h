// The narration of the current scenario step: its title, its paragraph,
// what it runs until, and a clear "condition met ✓ — press → for the next
// step" when it is done, with a ✓ or ✗ per expectation the step states;
// with Previous and Next buttons. The one dock that
// stays in lecture mode. UI thread only.
#pragma once

#include <QDockWidget>

class QLabel;
class QPushButton;

namespace cs::ui {

class Session;

class NarrationDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit NarrationDock(QWidget* parent = nullptr);
  void setSession(Session* session);
  void applyTheme();

 private:
  void refresh();

  Session* session_ = nullptr;
  QLabel* scenario_;
  QLabel* counter_;
  QLabel* title_;
  QLabel* text_;
  QLabel* state_;
  QPushButton* previous_;
  QPushButton* next_;
  QString shownKey_;
};

}  // namespace cs::ui
