// The branch tree as a menu. See branch_button.h.
#include "branch_button.h"

#include <QMenu>
#include <functional>

#include "../session.h"

namespace cs::ui {
namespace {

QString secondsText(SimTime t) {
  return QStringLiteral("%1 s").arg(static_cast<double>(t.count()) / 1e6, 0, 'f', 1);
}

QString branchText(const BranchInfo& b) {
  if (b.parent == kNoBranch) return QObject::tr("%1 · the run").arg(b.id + 1);
  return QObject::tr("%1 · %2 at %3")
      .arg(b.id + 1)
      .arg(QString::fromStdString(b.label), secondsText(b.forkedAt));
}

}  // namespace

BranchButton::BranchButton(QWidget* parent) : QToolButton(parent) {
  setObjectName(QStringLiteral("branches"));
  setPopupMode(QToolButton::InstantPopup);
  setToolButtonStyle(Qt::ToolButtonTextOnly);
  setFocusPolicy(Qt::NoFocus);
  setToolTip(tr("Branches: acting at a past moment starts a new one; the old future is kept"));
  setMenu(new QMenu(this));
  setText(tr("Branch 1 of 1"));
}

void BranchButton::setSession(Session* session) {
  session_ = session;
  connect(session, &Session::timelineChanged, this, &BranchButton::rebuild);
}

void BranchButton::rebuild() {
  QMenu* m = menu();
  m->clear();
  const Timeline* t = session_->mirror().timeline.get();
  if (!t) return;
  // Depth first, children in the order they were made: the menu reads like `git log --graph`.
  std::function<void(std::size_t, int)> add = [&](std::size_t id, int depth) {
    const BranchInfo& b = t->branches[id];
    const QString indent = depth ? QString(2 * (depth - 1), ' ') + QStringLiteral("└ ") : QString();
    QAction* a = m->addAction(indent + branchText(b));
    a->setCheckable(true);
    a->setChecked(id == t->branch);
    connect(a, &QAction::triggered, this, [this, id] { session_->switchBranch(id); });
    for (const BranchInfo& c : t->branches)
      if (c.parent == id) add(c.id, depth + 1);
  };
  for (const BranchInfo& b : t->branches)
    if (b.parent == kNoBranch) add(b.id, 0);
  setText(tr("Branch %1 of %2").arg(t->branch + 1).arg(t->branches.size()));
}

}  // namespace cs::ui
