// The open pattern's own buttons (PatternLook::knobs): one QAction each, on
// the fault toolbar before a given action and in the Faults menu, rebuilt
// when the session changes look (a scenario of another pattern opened) and
// their checked/enabled states refreshed from the mirror on every update. A switch's click applies
// the state the user asked for; the next snapshot then shows whether the engine took it. UI thread
// only.
#pragma once

#include <QObject>
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

  // The buttons of the open pattern, in the look's order.
  const std::vector<QAction*>& actions() const { return actions_; }

 private:
  void rebuild();
  void refresh();
  // The look's knobs for the state now; none before the first batch.
  std::vector<PatternKnob> knobs() const;

  Session* session_;
  QToolBar* bar_;
  QAction* before_;
  QMenu* menu_;
  std::vector<QAction*> actions_;
  std::shared_ptr<const PatternLook> builtFor_;  // the look the actions were made for
};

}  // namespace cs::ui
