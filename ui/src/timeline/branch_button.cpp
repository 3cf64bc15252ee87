// The branch button and the popup holding the tree. See branch_button.h.
#include "branch_button.h"

#include <QFrame>
#include <QLabel>
#include <QPainter>
#include <QScreen>
#include <QVBoxLayout>

#include "../session.h"
#include "branch_tree_view.h"

namespace cs::ui {
namespace {

QIcon swatch(const QColor& colour, int size) {
  QPixmap pm(size, size);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(Qt::NoPen);
  p.setBrush(colour);
  p.drawEllipse(QRectF(1, 1, size - 2, size - 2));
  return QIcon(pm);
}

}  // namespace

BranchButton::BranchButton(QWidget* parent) : QToolButton(parent) {
  setObjectName(QStringLiteral("branches"));
  setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  setFocusPolicy(Qt::NoFocus);
  setToolTip(tr("Branches (B): acting at a past moment starts a new one; the old future is kept"));
  setText(tr("Branch 1 of 1"));

  popup_ = new QFrame(this, Qt::Popup);
  popup_->setObjectName(QStringLiteral("branchPopup"));
  popup_->setFrameShape(QFrame::StyledPanel);
  auto* column = new QVBoxLayout(popup_);
  auto* title = new QLabel(tr("<b>Branches</b> — acting at a past moment starts a new branch; "
                              "click one to switch to it"),
                           popup_);
  column->addWidget(title);
  tree_ = new BranchTreeView(popup_);
  column->addWidget(tree_, 1);
  connect(tree_, &BranchTreeView::branchChosen, popup_, &QWidget::hide);
  connect(this, &QToolButton::clicked, this, &BranchButton::showTree);
}

void BranchButton::setSession(Session* session) {
  session_ = session;
  tree_->setSession(session);
  connect(session, &Session::timelineChanged, this, &BranchButton::timelineChanged);
}

void BranchButton::timelineChanged() {
  const Timeline* t = session_->mirror().timeline.get();
  if (!t) return;
  setText(tr("Branch %1 of %2").arg(t->branch + 1).arg(t->branches.size()));
  setIcon(swatch(branchColour(t->branch), 32));
  if (popup_->isVisible()) showTree();  // grown or shrunk: placed again
}

void BranchButton::showTree() {
  popup_->adjustSize();
  QSize size = popup_->sizeHint();
  const QWidget* w = window();
  const QRect room = w->screen() ? w->screen()->availableGeometry() : w->geometry();
  size = size.boundedTo(room.size() * 0.9);
  QPoint at;
  if (isVisible()) {
    // Above the button: the timeline sits at the bottom of the window.
    at = mapToGlobal(QPoint(0, 0)) - QPoint(0, size.height() + 4);
  } else {
    at = w->mapToGlobal(w->rect().center()) - QPoint(size.width() / 2, size.height() / 2);
  }
  at.setX(std::clamp(at.x(), room.left(), std::max(room.left(), room.right() - size.width())));
  at.setY(std::clamp(at.y(), room.top(), std::max(room.top(), room.bottom() - size.height())));
  popup_->setGeometry(QRect(at, size));
  popup_->show();
  tree_->setFocus();
}

}  // namespace cs::ui
