// The narration of the current scenario step: its title, its paragraph,
// what it runs until, and a clear "condition met ✓ — press → for the next
// step" when it is done, with a ✓ or ✗ per expectation the step states;
// with Previous and Next buttons. The one dock that
// stays in lecture mode. UI thread only.
#pragma once

#include <QDockWidget>

class QLabel;
class QPushButton;
class QScrollArea;

namespace cs::ui {

class Session;

class NarrationDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit NarrationDock(QWidget* parent = nullptr);
  void setSession(Session* session);
  void applyTheme();
  // Shows a step's title and paragraph as the step itself would, until the
  // session's next update (a scenario author's preview; the tests).
  void preview(const QString& title, const QString& paragraph);
  // Lecture mode's caption band: the step's title, paragraph and state only
  // (the clicker moves on), at a fixed height; a long paragraph takes
  // smaller type rather than a taller band.
  void setCaptionBand(bool on);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void refresh();
  // Steps the paragraph's type down until it fits the room the dock has.
  void fitText();

  Session* session_ = nullptr;
  QLabel* scenario_;
  QLabel* counter_;
  QLabel* title_;
  QLabel* text_;
  QScrollArea* scroll_;
  double textPoints_ = 0;   // the paragraph's size before fitting
  double titlePoints_ = 0;  // the title's size before fitting
  double shownTitlePoints_ = 0;
  bool band_ = false;  // the paragraph the scroll area's minimum was set for
  QLabel* state_;
  QPushButton* previous_;
  QPushButton* next_;
  QString shownKey_;
};

}  // namespace cs::ui
