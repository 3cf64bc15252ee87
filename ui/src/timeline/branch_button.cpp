// The branch button and the popup holding the tree. See branch_button.h.
#include "branch_button.h"

#include <QFrame>
#include <QLabel>
#include <QPainter>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
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
  // Many branches scroll rather than run off the screen.
  scroll_ = new QScrollArea(popup_);
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setWidgetResizable(true);
  tree_ = new BranchTreeView(scroll_);
  scroll_->setWidget(tree_);
  column->addWidget(scroll_, 1);
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
  const QWidget* w = window();
  const QRect room = w->screen() ? w->screen()->availableGeometry() : w->geometry();
  // The whole tree if it fits in most of the screen; else as much as fits, scrolling.
  const QSize want = tree_->sizeHint();
  const QSize most = room.size() * 0.8;
  QSize view = want.boundedTo(most);
  if (want.height() > view.height())
    view.setWidth(
        std::min(most.width(), view.width() + scroll_->verticalScrollBar()->sizeHint().width()));
  scroll_->setFixedSize(view);
  popup_->adjustSize();
  const QSize size = popup_->size();
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
  if (const Timeline* t = session_ ? session_->mirror().timeline.get() : nullptr) {
    const QRect current = tree_->rowRect(t->branch);
    scroll_->ensureVisible(current.center().x(), current.center().y(), 0, current.height());
  }
  tree_->setFocus();
}

}  // namespace cs::ui
