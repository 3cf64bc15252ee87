// The invariants dock and its lecture strip. See invariant_dock.h.
#include "invariant_dock.h"

#include <algorithm>

#include <QEvent>
#include <QFontInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "../session.h"

namespace cs::ui {
namespace {

const QString kHeldStyle = QStringLiteral(
    "background:#2e7d32; color:white; border-radius:6px; padding:2px 8px; font-weight:bold;");
const QString kBrokenStyle = QStringLiteral(
    "background:#c62828; color:white; border-radius:6px; padding:2px 8px; font-weight:bold;");

QString seconds(SimTime t) {
  return QObject::tr("%1 s").arg(toSeconds(t), 0, 'f', 3);
}

bool sameRules(const InvariantList& list, const std::vector<QString>& names) {
  if (list.size() != names.size()) return false;
  for (std::size_t i = 0; i < list.size(); ++i)
    if (QString::fromStdString(list[i].name) != names[i]) return false;
  return true;
}

}  // namespace

QString verdictText(const InvariantVerdict& v) {
  if (!v.broken()) return QObject::tr("held");
  if (v.violations == 1) return QObject::tr("broken at %1").arg(seconds(v.firstBrokenAt));
  return QObject::tr("broken at %1 (%2 times, last at %3)")
      .arg(seconds(v.firstBrokenAt))
      .arg(v.violations)
      .arg(seconds(v.lastBrokenAt));
}

// ---- The dock ----

InvariantDock::InvariantDock(QWidget* parent) : QDockWidget(tr("Invariants"), parent) {
  setObjectName(QStringLiteral("invariants"));
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  auto* w = new QWidget(scroll);
  rows_ = new QVBoxLayout(w);
  rows_->setContentsMargins(6, 6, 6, 6);
  empty_ = new QLabel(tr("No scenario is open."), w);
  rows_->addWidget(empty_);
  rows_->addStretch(1);
  scroll->setWidget(w);
  setWidget(scroll);
}

void InvariantDock::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  pendingRecord_ = 0;
  if (session_)
    connect(session_, &Session::updated, this, [this] {
      refresh();
      checkPending();
    });
  refresh();
}

QPushButton* InvariantDock::goToButton(int index) const {
  return index >= 0 && static_cast<std::size_t>(index) < shown_.size() ? shown_[index].go : nullptr;
}

void InvariantDock::rebuild(const InvariantList& list) {
  for (Row& r : shown_) delete r.box;
  shown_.clear();
  empty_->setVisible(list.empty());
  for (std::size_t i = 0; i < list.size(); ++i) {
    Row r;
    r.box = new QWidget(widget());
    r.box->setObjectName(QStringLiteral("invariant.%1").arg(i));
    auto* grid = new QVBoxLayout(r.box);
    grid->setContentsMargins(0, 4, 0, 8);
    auto* top = new QHBoxLayout;
    r.verdict = new QLabel(r.box);
    r.verdict->setObjectName(QStringLiteral("verdict"));
    r.name = new QLabel(QString::fromStdString(list[i].name), r.box);
    r.name->setWordWrap(true);
    QFont bold = r.name->font();
    bold.setBold(true);
    r.name->setFont(bold);
    top->addWidget(r.verdict, 0, Qt::AlignTop);
    top->addWidget(r.name, 1);
    grid->addLayout(top);
    r.meaning = new QLabel(QString::fromStdString(list[i].meaning), r.box);
    r.meaning->setWordWrap(true);
    r.meaning->setEnabled(false);  // muted: the why, under the rule
    grid->addWidget(r.meaning);
    r.go = new QPushButton(tr("Go to the violation"), r.box);
    r.go->setObjectName(QStringLiteral("goToViolation"));
    r.go->setToolTip(
        tr("Rewind to the moment this rule first broke and select it in the event log"));
    connect(r.go, &QPushButton::clicked, this, [this, i] { goToViolation(static_cast<int>(i)); });
    grid->addWidget(r.go, 0, Qt::AlignLeft);
    rows_->insertWidget(static_cast<int>(i), r.box);
    shown_.push_back(r);
  }
}

void InvariantDock::refresh() {
  static const InvariantList kNone;
  const InvariantList& list = session_ ? session_->mirror().invariants : kNone;
  std::vector<QString> names;
  for (const Row& r : shown_) names.push_back(r.name->text());
  if (!sameRules(list, names)) rebuild(list);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const InvariantVerdict& v = list[i];
    Row& r = shown_[i];
    const QString text = v.broken() ? tr("✗ %1").arg(verdictText(v)) : tr("✓ held");
    // A style sheet set again restyles the widget: only when the verdict changes.
    if (r.verdict->text() == text) continue;
    r.verdict->setText(text);
    r.verdict->setStyleSheet(v.broken() ? kBrokenStyle : kHeldStyle);
    r.verdict->setToolTip(QString::fromStdString(v.firstText));
    r.go->setEnabled(v.broken());
  }
}

void InvariantDock::goToViolation(int index) {
  if (!session_ || index < 0) return;
  const InvariantList& list = session_->mirror().invariants;
  if (static_cast<std::size_t>(index) >= list.size() || !list[index].broken()) return;
  pendingRecord_ = list[index].firstRecord;
  pendingRun_ = session_->mirror().status.run;
  session_->seek(list[index].firstBrokenAt);
}

void InvariantDock::checkPending() {
  if (!pendingRecord_ || !session_) return;
  const Mirror& m = session_->mirror();
  // The seek rebuilds the run: only a newer run stands at the violation.
  if (m.status.run <= pendingRun_ || m.records.empty()) return;
  if (m.records.back().record.seq < pendingRecord_) return;
  const std::uint64_t seq = std::exchange(pendingRecord_, 0);
  if (m.records.front().record.seq <= seq) emit violationShown(seq);
}

// ---- The strip ----

InvariantStrip::InvariantStrip(InvariantDock* dock, QWidget* parent)
    : QWidget(parent), dock_(dock) {
  setObjectName(QStringLiteral("invariantStrip"));
  // Never wider than the window: a long rule is cut at its end, after the
  // verdict, which comes first.
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(6, 2, 6, 2);
  grid_->setSpacing(4);
}

void InvariantStrip::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) connect(session_, &Session::updated, this, &InvariantStrip::refresh);
  refresh();
}

void InvariantStrip::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::FontChange) refresh();
}

void InvariantStrip::refresh() {
  static const InvariantList kNone;
  const InvariantList& list = session_ ? session_->mirror().invariants : kNone;
  std::vector<QString> names;
  for (InvariantPill* p : pills_) names.push_back(p->toolTip().section(QLatin1Char('\n'), 0, 0));
  if (!sameRules(list, names)) {
    for (InvariantPill* p : pills_) delete p;
    pills_.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto* p = new InvariantPill(this);
      p->setFlat(true);
      p->setFocusPolicy(Qt::NoFocus);  // the clicker's keys stay with the window
      connect(p, &QPushButton::clicked, this,
              [this, i] { dock_->goToViolation(static_cast<int>(i)); });
      p->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
      // At most two lines, so the canvas keeps its height on a projector;
      // each pill shows its verdict first and is cut at its end, with an
      // ellipsis.
      const int n = static_cast<int>(list.size());
      const int columns = n > 2 ? std::max(2, (n + 1) / 2) : n;
      grid_->addWidget(p, static_cast<int>(i) / columns, static_cast<int>(i) % columns);
      pills_.push_back(p);
    }
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const InvariantVerdict& v = list[i];
    InvariantPill* p = pills_[i];
    const QString name = QString::fromStdString(v.name);
    const QString text = v.broken() ? tr("✗ broken at %1: %2").arg(seconds(v.firstBrokenAt), name)
                                    : tr("✓ %1").arg(name);
    // Left-aligned: a pill cut short keeps its verdict. Two thirds of the
    // window's type (16 px on a 1080-line projector), so a rule's whole
    // sentence fits half a projector's width and the canvas keeps its room.
    const int pixels = std::max(12, QFontInfo(font()).pixelSize() * 2 / 3);
    const QString style = (v.broken() ? kBrokenStyle : kHeldStyle) +
                          QStringLiteral("text-align:left; font-size:%1px;").arg(pixels);
    if (p->sentence() == text && p->styleSheet() == style) continue;  // restyle only on a change
    p->setStyleSheet(style);
    p->setSentence(text);
    p->setToolTip(name + QLatin1Char('\n') + QString::fromStdString(v.meaning));
  }
}

}  // namespace cs::ui
