// The narration of the current scenario step: its title, its paragraph,
// what it runs until, and a clear "condition met ✓ — press → for the next
// step" when it is done, with a ✓ or ✗ per expectation the step states;
// with Previous and Next buttons. The one dock that
// stays in lecture mode. UI thread only.
#pragma once

#include <clusterscope/driver.h>
#include <clusterscope/scenario.h>
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
  // Shows `scenario` at `status` as the session's own status would be shown,
  // until the session's next update (the tests: a step's end, with its
  // expectations, without running to it).
  void showStatus(const Scenario& scenario, const DriverStatus& status);
  // Lecture mode's caption band: the step's title, paragraph and state only
  // (the clicker moves on), at a fixed height; a long paragraph takes
  // smaller type rather than a taller band.
  void setCaptionBand(bool on);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void refresh();
  // Steps the paragraph's type down until the title, the paragraph and the
  // state fit the room the dock has.
  void fitText();
  QString expectationWords(const ExpectOutcome& outcome) const;

  Session* session_ = nullptr;
  QLabel* scenario_;
  QLabel* counter_;
  QLabel* title_;
  QLabel* text_;
  QScrollArea* scroll_;
  double textPoints_ = 0;   // the paragraph's size before fitting
  double titlePoints_ = 0;  // the title's size before fitting
  double shownTitlePoints_ = 0;
  bool band_ = false;  // lecture mode's caption band
  QLabel* state_;
  // The state with every expectation written out, and in brief (those that
  // held counted in one line); fitText shows the first that leaves room.
  QString stateFull_;
  QString stateBrief_;
  QPushButton* previous_;
  QPushButton* next_;
  QString shownKey_;
};

}  // namespace cs::ui
