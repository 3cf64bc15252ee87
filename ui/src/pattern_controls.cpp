// The pattern's toolbar buttons and menu entries. See pattern_controls.h.
#include "pattern_controls.h"

#include <QAction>
#include <QMenu>
#include <QToolBar>

#include "canvas/cluster_scene.h"
#include "canvas/pattern_look.h"
#include "session.h"

namespace cs::ui {

PatternControls::PatternControls(Session* session, const ClusterScene* scene, QToolBar* bar,
                                 QAction* before, QMenu* menu, QObject* parent)
    : QObject(parent), session_(session), scene_(scene), bar_(bar), before_(before), menu_(menu) {
  connect(session_, &Session::updated, this, &PatternControls::refresh);
}

void PatternControls::rebuild() {
  for (QAction* a : actions_) {
    bar_->removeAction(a);
    menu_->removeAction(a);
    a->deleteLater();
  }
  actions_.clear();
  const auto knobs = scene_->look().knobs(session_->mirror().nodes);
  for (std::size_t i = 0; i < knobs.size(); ++i) {
    const PatternKnob& k = knobs[i];
    auto* a = new QAction(k.label, this);
    a->setObjectName(QStringLiteral("knob.") + k.label);
    a->setToolTip(k.tip);
    a->setStatusTip(k.tip);
    a->setCheckable(k.checkable);
    a->setShortcut(k.shortcut);
    connect(a, &QAction::triggered, this, [this, i](bool checked) {
      // Ask the look again: the closure may depend on the nodes now.
      auto now = scene_->look().knobs(session_->mirror().nodes);
      if (i < now.size() && now[i].run) now[i].run(*session_, checked);
    });
    bar_->insertAction(before_, a);
    menu_->addAction(a);
    actions_.push_back(a);
  }
  refresh();
}

void PatternControls::refresh() {
  // The scene picks its look as it refreshes; follow it.
  if (scene_->lookPattern() != builtFor_) {
    builtFor_ = scene_->lookPattern();
    rebuild();
    return;
  }
  const auto knobs = scene_->look().knobs(session_->mirror().nodes);
  for (std::size_t i = 0; i < knobs.size(); ++i) {
    actions_[i]->setChecked(knobs[i].checked);
    actions_[i]->setEnabled(knobs[i].enabled);
  }
}

}  // namespace cs::ui
