// The pattern's toolbar buttons and menu entries. See pattern_controls.h.
#include "pattern_controls.h"

#include <QAction>
#include <QMenu>
#include <QToolBar>

#include "canvas/pattern_look.h"
#include "session.h"

namespace cs::ui {

PatternControls::PatternControls(Session* session, QToolBar* bar, QAction* before, QMenu* menu,
                                 QObject* parent)
    : QObject(parent), session_(session), bar_(bar), before_(before), menu_(menu) {
  connect(session_, &Session::updated, this, &PatternControls::refresh);
}

void PatternControls::rebuild() {
  for (QAction* a : actions_) {
    bar_->removeAction(a);
    menu_->removeAction(a);
    a->deleteLater();
  }
  actions_.clear();
  const auto all = knobs();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const PatternKnob& k = all[i];
    auto* a = new QAction(k.label, this);
    a->setObjectName(QStringLiteral("knob.") + QString::fromStdString(k.id));
    a->setToolTip(k.tip);
    a->setStatusTip(k.tip);
    a->setCheckable(k.checkable);
    a->setProperty("safetyRule", k.safetyRule);
    a->setShortcut(k.shortcut);
    connect(a, &QAction::triggered, this, [this, i](bool checked) {
      // Ask the look again: the closure may depend on the nodes now.
      auto now = knobs();
      if (i < now.size() && now[i].run) now[i].run(*session_, checked);
    });
    bar_->insertAction(before_, a);
    menu_->addAction(a);
    actions_.push_back(a);
  }
  refresh();
}

void PatternControls::refresh() {
  // The session picks the look when a scenario opens; follow it, once the
  // first batch has brought the state the knobs are made from.
  if (session_->look() != builtFor_ && session_->mirror().view) {
    // Holding the look keeps its address from being reused by the next one.
    builtFor_ = session_->look();
    rebuild();
    return;
  }
  const auto now = knobs();
  for (std::size_t i = 0; i < now.size() && i < actions_.size(); ++i) {
    actions_[i]->setChecked(now[i].checked);
    actions_[i]->setEnabled(now[i].enabled);
  }
}

std::vector<PatternKnob> PatternControls::knobs() const {
  const Mirror& m = session_->mirror();
  if (!session_->look() || !m.view) return {};
  return session_->look()->knobs(*m.view, m.nodes);
}

}  // namespace cs::ui
