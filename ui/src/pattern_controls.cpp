// The pattern's toolbar buttons and menu entries. See pattern_controls.h.
#include "pattern_controls.h"

#include <QAction>
#include <QEvent>
#include <QLayout>
#include <QMenu>
#include <QStyle>
#include <QToolBar>
#include <algorithm>

#include "canvas/pattern_look.h"
#include "session.h"

namespace cs::ui {

PatternControls::PatternControls(Session* session, QToolBar* bar, QAction* before, QMenu* menu,
                                 QObject* parent)
    : QObject(parent), session_(session), bar_(bar), before_(before), menu_(menu) {
  connect(session_, &Session::updated, this, &PatternControls::refresh);
}

void PatternControls::spillTo(QToolBar* second, QToolBar* beside) {
  spill_ = second;
  beside_ = beside;
  beside_->installEventFilter(this);
  spill_->hide();
  fitLater_.setSingleShot(true);
  fitLater_.setInterval(0);
  connect(&fitLater_, &QTimer::timeout, this, &PatternControls::fit);
  bar_->installEventFilter(this);
  fit();
}

bool PatternControls::eventFilter(QObject* watched, QEvent* event) {
  // The toolbar fills its row: its width is the room the buttons have.
  // The bar beside the second row grows with its texts ("❚❚ Pause").
  if ((watched == bar_ || watched == beside_) && event->type() == QEvent::Resize) fitLater_.start();
  return QObject::eventFilter(watched, event);
}

void PatternControls::setShown(bool on) {
  shown_ = on;
  bar_->setVisible(on);
  fit();
}

int PatternControls::buttonWidth(QAction* a) const {
  QWidget* w = bar_->widgetForAction(a);
  if (!w && spill_) w = spill_->widgetForAction(a);
  return w ? w->sizeHint().width() : 0;
}

void PatternControls::fit() {
  if (!spill_) return;
  // What the row holds besides the pattern's buttons (its handle, margins,
  // "Heal all" and the separators), then the buttons in order while they fit.
  const QLayout* layout = bar_->layout();
  const int gap = std::max(0, layout->spacing());
  const QMargins margins = layout->contentsMargins();
  int used = margins.left() + margins.right() + gap;
  if (bar_->isMovable()) used += bar_->style()->pixelMetric(QStyle::PM_ToolBarHandleExtent);
  for (QAction* a : bar_->actions()) {
    if (!a->isVisible() || std::find(actions_.begin(), actions_.end(), a) != actions_.end())
      continue;
    if (const QWidget* w = bar_->widgetForAction(a)) used += w->sizeHint().width() + gap;
  }
  std::size_t fits = 0;
  while (fits < actions_.size() && used + buttonWidth(actions_[fits]) + gap <= bar_->width()) {
    used += buttonWidth(actions_[fits]) + gap;
    ++fits;
  }
  // The second row's room: what the bar beside it leaves of the window's
  // width. Buttons beyond it stay on the first row, behind its ».
  int room = bar_->width() - beside_->sizeHint().width() - margins.left() - margins.right() - gap;
  if (spill_->isMovable()) room -= spill_->style()->pixelMetric(QStyle::PM_ToolBarHandleExtent);
  std::size_t spilled = fits;
  while (spilled < actions_.size() && buttonWidth(actions_[spilled]) + gap <= room) {
    room -= buttonWidth(actions_[spilled]) + gap;
    ++spilled;
  }
  if (fits != onBar_ || spilled - fits != onSpill_) {
    // Moved in order: the first `fits` before the end mark, the rest on
    // the second row.
    for (QAction* a : actions_) {
      bar_->removeAction(a);
      spill_->removeAction(a);
    }
    for (std::size_t i = 0; i < actions_.size(); ++i) {
      if (i < fits || i >= spilled)
        bar_->insertAction(before_, actions_[i]);
      else
        spill_->addAction(actions_[i]);
    }
    onBar_ = fits;
    onSpill_ = spilled - fits;
    // Laid out now: a toolbar whose layout has not run since it was last
    // invalidated posts no request for the new buttons, which would stay
    // hidden until something else resized it.
    for (QToolBar* b : {bar_, spill_}) {
      b->layout()->invalidate();
      b->layout()->activate();
    }
  }
  spill_->setVisible(shown_ && spilled > fits);
}

void PatternControls::rebuild() {
  for (QAction* a : actions_) {
    bar_->removeAction(a);
    if (spill_) spill_->removeAction(a);
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
  onBar_ = actions_.size();
  fit();
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
