// The space-time dock's filter row and its wiring. See spacetime_dock.h.
#include "spacetime_dock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>

#include "../session.h"
#include "spacetime_view.h"

namespace cs::ui {

SpacetimeDock::SpacetimeDock(QWidget* parent) : QDockWidget(tr("Space-time diagram"), parent) {
  setObjectName(QStringLiteral("spacetime"));
  auto* w = new QWidget(this);
  auto* v = new QVBoxLayout(w);
  v->setContentsMargins(4, 4, 4, 4);
  v->setSpacing(4);
  auto* bar = new QHBoxLayout;
  nodeFilter_ = new QComboBox(w);
  nodeFilter_->setObjectName(QStringLiteral("spacetimeNodeFilter"));
  nodeFilter_->setToolTip(tr("One node's lane and the lanes it talks to"));
  kindFilter_ = new QComboBox(w);
  kindFilter_->setObjectName(QStringLiteral("spacetimeKindFilter"));
  kindFilter_->setToolTip(tr("One kind of message"));
  // Narrow enough to share a laptop's bottom row with the event log; the
  // open list is as wide as its entries.
  for (QComboBox* c : {nodeFilter_, kindFilter_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(9);
  }
  collapse_ = new QCheckBox(tr("Collapse idle"), w);
  collapse_->setToolTip(tr("Lanes with no message or fault shown shrink to a sliver"));
  auto* out = new QToolButton(w);
  out->setText(QStringLiteral("−"));
  out->setToolTip(tr("Zoom out: more time on the page (Ctrl+wheel)"));
  auto* in = new QToolButton(w);
  in->setText(QStringLiteral("+"));
  in->setToolTip(tr("Zoom in: messages spread further apart (Ctrl+wheel)"));
  follow_ = new QToolButton(w);
  follow_->setText(tr("Follow"));
  follow_->setCheckable(true);
  follow_->setChecked(true);
  follow_->setToolTip(tr("Keep the newest messages in view as the run plays"));
  // The filters' first entries ("all nodes", "all kinds") say what they are.
  bar->addWidget(nodeFilter_);
  bar->addWidget(kindFilter_);
  bar->addWidget(collapse_);
  bar->addStretch(1);
  bar->addWidget(out);
  bar->addWidget(in);
  bar->addWidget(follow_);
  v->addLayout(bar);
  view_ = new SpacetimeView(w);
  v->addWidget(view_, 1);
  setWidget(w);

  connect(nodeFilter_, &QComboBox::currentIndexChanged, this, &SpacetimeDock::applyFilter);
  connect(kindFilter_, &QComboBox::currentIndexChanged, this, &SpacetimeDock::applyFilter);
  connect(collapse_, &QCheckBox::toggled, this, &SpacetimeDock::applyFilter);
  connect(out, &QToolButton::clicked, view_, [this] { view_->zoomBy(1 / 1.5); });
  connect(in, &QToolButton::clicked, view_, [this] { view_->zoomBy(1.5); });
  connect(follow_, &QToolButton::toggled, view_, &SpacetimeView::setFollowing);
  connect(view_, &SpacetimeView::followingChanged, follow_, &QToolButton::setChecked);
  connect(view_, &SpacetimeView::vocabularyChanged, this, &SpacetimeDock::fillFilters);
  fillFilters();
}

void SpacetimeDock::setSession(Session* session) {
  session_ = session;
  view_->setSession(session);
  fillFilters();
}

void SpacetimeDock::fillFilters() {
  const Mirror* m = session_ ? &session_->mirror() : nullptr;
  // Keep what was chosen when it still exists: the same node, the same
  // kind by name (label numbers differ between patterns).
  const QVariant node = nodeFilter_->currentData();
  const QString kind = kindFilter_->currentIndex() > 0 ? kindFilter_->currentText() : QString();
  {
    const QSignalBlocker a(nodeFilter_), b(kindFilter_);
    nodeFilter_->clear();
    nodeFilter_->addItem(tr("all nodes"));
    kindFilter_->clear();
    kindFilter_->addItem(tr("all kinds"));
    if (m) {
      for (const NodeSnapshot& n : m->nodes)
        nodeFilter_->addItem(QString::fromStdString(n.name), QVariant::fromValue<uint>(n.id));
      const Vocabulary* vocabulary = m->vocabulary.get();
      for (std::size_t l = 1; vocabulary && l < vocabulary->size(); ++l) {
        const LabelInfo& info = vocabulary->info(static_cast<Label>(l));
        if (info.kind == LabelKind::Message)
          kindFilter_->addItem(QString::fromStdString(info.name), static_cast<int>(l));
      }
    }
    nodeFilter_->setCurrentIndex(std::max(0, node.isValid() ? nodeFilter_->findData(node) : 0));
    kindFilter_->setCurrentIndex(std::max(0, kind.isEmpty() ? 0 : kindFilter_->findText(kind)));
  }
  applyFilter();
}

void SpacetimeDock::applyFilter() {
  SpacetimeFilter f;
  const QVariant node = nodeFilter_->currentData();
  f.node = node.isValid() ? node.toUInt() : kNoNode;
  const QVariant kind = kindFilter_->currentData();
  f.kind = kind.isValid() ? static_cast<Label>(kind.toInt()) : kNoLabel;
  f.collapseIdle = collapse_->isChecked();
  view_->setFilter(f);
}

bool SpacetimeDock::save(const QString& path) const {
  QWidget* shown = view_->viewport();
  const QSize size = shown->size();
  if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(windowTitle());
    QPainter p;
    if (!p.begin(&svg)) return false;
    shown->render(&p);
    return p.end();
  }
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter p(&image);
  shown->render(&p);
  p.end();
  return image.save(path, "PNG");
}

}  // namespace cs::ui
