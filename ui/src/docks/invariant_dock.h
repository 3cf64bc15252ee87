// The open pattern's invariants with their live verdicts: a dock that lists
// each rule (in the textbook's words, with what it protects) as held or
// broken at a time, and offers "Go to the violation", which seeks the
// timeline to the moment it broke and then names the Violation record
// (violationShown) for the event log to select. The strip is the same
// verdicts as a row of pills, for lecture mode. Both read Mirror::invariants
// and name no pattern. UI thread only.
#pragma once

#include <clusterscope/invariant.h>
#include <QDockWidget>
#include <QWidget>

#include <cstdint>
#include <vector>

#include "invariant_pill.h"

class QGridLayout;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace cs::ui {

class Session;

// "broken at 3.214 s" or "broken at 3.214 s (4 times, last at 9.870 s)";
// "held" for a rule that has held.
QString verdictText(const InvariantVerdict& verdict);

class InvariantDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit InvariantDock(QWidget* parent = nullptr);
  void setSession(Session* session);

  // Seeks the run to where invariant `index` first broke; once the rebuilt
  // run has published its record, emits violationShown. Nothing if it has held.
  void goToViolation(int index);
  // The button of invariant `index` (for tests); nullptr if out of range.
  QPushButton* goToButton(int index) const;

 signals:
  // The run now stands at the Violation record `seq`: select it.
  void violationShown(std::uint64_t seq);

 private:
  struct Row {
    QWidget* box;
    QLabel* verdict;
    QLabel* name;
    QLabel* meaning;
    QPushButton* go;
  };
  void refresh();
  void rebuild(const InvariantList& list);
  void checkPending();

  Session* session_ = nullptr;
  QVBoxLayout* rows_;
  QLabel* empty_;
  std::vector<Row> shown_;
  // A seek asked for by goToViolation: the record to name once a run newer
  // than `pendingRun_` holds it; 0: none.
  std::uint64_t pendingRecord_ = 0;
  std::uint64_t pendingRun_ = 0;
};

// The verdicts as one row of green and red pills, for lecture mode: a
// broken rule shows when it broke. Clicking a red pill goes to the violation
// through the dock.
class InvariantStrip : public QWidget {
  Q_OBJECT

 public:
  InvariantStrip(InvariantDock* dock, QWidget* parent = nullptr);
  void setSession(Session* session);
  // The pills shown (for tests): one per invariant.
  const std::vector<InvariantPill*>& pills() const { return pills_; }

 protected:
  // A new theme's type (lecture mode) restyles the pills at once, not at
  // the run's next update, which a paused run never sends.
  void changeEvent(QEvent* event) override;

 private:
  void refresh();

  InvariantDock* dock_;
  Session* session_ = nullptr;
  QGridLayout* grid_;
  std::vector<InvariantPill*> pills_;
};

}  // namespace cs::ui
