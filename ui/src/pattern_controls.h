// The open pattern's own buttons (PatternLook::knobs): one QAction each, on
// the fault toolbar before a given action and in the Faults menu; those
// that do not fit the toolbar's row (a laptop's 1280 pixels) go on, in
// order, to a second toolbar under it, shown only then. Rebuilt
// when the session changes look (a scenario of another pattern opened) and
// their checked/enabled states refreshed from the mirror on every update. A switch's click applies
// the state the user asked for; the next snapshot then shows whether the engine took it. UI thread
// only.
#pragma once

#include <QObject>
#include <QTimer>
#include <memory>
#include <string>
#include <vector>

class QAction;
class QMenu;
class QToolBar;

namespace cs::ui {

class PatternLook;
struct PatternKnob;
class Session;

class PatternControls : public QObject {
  Q_OBJECT

 public:
  PatternControls(Session* session, QToolBar* bar, QAction* before, QMenu* menu, QObject* parent);
  // The second row for the buttons the first has no room for; without
  // one, they stand behind the toolbar's ».
  // `beside`: the toolbar that shares the second row's line.
  void spillTo(QToolBar* second, QToolBar* beside);

  // The buttons of the open pattern, in the look's order.
  const std::vector<QAction*>& actions() const { return actions_; }
  // Shows the toolbar and, if buttons need it, the second row; or hides
  // both (lecture mode). Call after restoring a saved toolbar state, which
  // may show the second row where the pattern now needs none.
  void setShown(bool on);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void rebuild();
  // Puts as many buttons as fit on the first row and the rest on the second.
  void fit();
  // The width `a`'s button takes, on whichever row holds it.
  int buttonWidth(QAction* a) const;
  void refresh();
  // The look's knobs for the state now; none before the first batch.
  std::vector<PatternKnob> knobs() const;

  Session* session_;
  QToolBar* bar_;
  QAction* before_;
  QToolBar* spill_ = nullptr;
  QToolBar* beside_ = nullptr;
  QMenu* menu_;
  std::vector<QAction*> actions_;
  std::size_t onBar_ = 0;    // how many of actions_, from the first, stand on bar_
  std::size_t onSpill_ = 0;  // how many after those stand on spill_
  bool shown_ = true;
  QTimer fitLater_;  // a resize's fit, once the toolbar's layout has settled
  std::shared_ptr<const PatternLook> builtFor_;  // the look the actions were made for
};

}  // namespace cs::ui
