// Showing the step and its condition. See narration_dock.h.
#include "narration_dock.h"

#include <algorithm>

#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

#include "../session.h"
#include "../theme.h"

namespace cs::ui {
namespace {

QString untilText(const StepCondition& c) {
  if (c.kind == StepCondition::Kind::After)
    return NarrationDock::tr("runs for %1 s").arg(toSeconds(c.duration), 0, 'g', 3);
  if (c.kind == StepCondition::Kind::At)
    return NarrationDock::tr("runs until t = %1 s").arg(toSeconds(c.at), 0, 'f', 3);
  QString s = NarrationDock::tr("runs until: %1").arg(QString::fromStdString(c.milestone));
  if (c.node) {
    s += c.node->id ? NarrationDock::tr(" at node %1").arg(*c.node->id)
                    : NarrationDock::tr(" at the %1").arg(QString::fromStdString(c.node->role));
  }
  return s;
}

}  // namespace

NarrationDock::NarrationDock(QWidget* parent) : QDockWidget(tr("Narration"), parent) {
  setObjectName(QStringLiteral("narration"));
  auto* w = new QWidget(this);
  auto* v = new QVBoxLayout(w);
  v->setContentsMargins(12, 8, 12, 8);
  scenario_ = new QLabel(w);
  // A long title wraps rather than widening the dock past a laptop's screen.
  scenario_->setWordWrap(true);
  counter_ = new QLabel(w);
  title_ = new QLabel(w);
  title_->setObjectName(QStringLiteral("stepTitle"));
  title_->setWordWrap(true);
  text_ = new QLabel(w);
  text_->setWordWrap(true);
  text_->setTextFormat(Qt::PlainText);
  text_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  state_ = new QLabel(w);
  state_->setObjectName(QStringLiteral("stepState"));
  state_->setWordWrap(true);
  previous_ = new QPushButton(tr("← Previous"), w);
  next_ = new QPushButton(tr("Next →"), w);
  previous_->setFocusPolicy(Qt::NoFocus);
  next_->setFocusPolicy(Qt::NoFocus);
  auto* head = new QHBoxLayout;
  head->addWidget(scenario_, 1);
  head->addWidget(counter_);
  v->addLayout(head);
  v->addWidget(title_);
  // Long narration first takes smaller type (fitText), and scrolls only
  // below the smallest, rather than being cut off.
  scroll_ = new QScrollArea(w);
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setWidgetResizable(true);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll_->setWidget(text_);
  v->addWidget(scroll_, 1);
  scroll_->viewport()->installEventFilter(this);
  v->addWidget(state_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(previous_);
  buttons->addStretch(1);
  buttons->addWidget(next_);
  v->addLayout(buttons);
  setWidget(w);
  connect(previous_, &QPushButton::clicked, this, [this] {
    if (session_) session_->previousStep();
  });
  connect(next_, &QPushButton::clicked, this, [this] {
    if (session_) session_->nextStep();
  });
  applyTheme();
}

void NarrationDock::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) {
    connect(session_, &Session::updated, this, &NarrationDock::refresh);
    connect(session_, &Session::scenarioOpened, this, &NarrationDock::refresh);
  }
  refresh();
}

void NarrationDock::applyTheme() {
  const Theme& t = currentTheme();
  const double pt = t.fontPointSize;
  scenario_->setStyleSheet(
      QStringLiteral("color:%1; font-size:%2pt;").arg(t.mutedText.name()).arg(pt * 0.95));
  counter_->setStyleSheet(scenario_->styleSheet());
  // A caption band keeps its height for the paragraph: a smaller title.
  titlePoints_ = pt * (band_ ? 1.2 : 1.6);
  shownTitlePoints_ = titlePoints_;
  title_->setStyleSheet(QStringLiteral("font-size:%1pt; font-weight:bold;").arg(titlePoints_));
  textPoints_ = pt * 1.2;
  shownKey_.clear();
  refresh();
  fitText();
}

void NarrationDock::preview(const QString& title, const QString& paragraph) {
  title_->setText(title);
  text_->setText(paragraph);
  shownKey_.clear();
  fitText();
}

bool NarrationDock::eventFilter(QObject* watched, QEvent* event) {
  // The paragraph's room is known once the layout has sized the viewport,
  // after the dock's own resize.
  if (watched == scroll_->viewport() && event->type() == QEvent::Resize) fitText();
  return QDockWidget::eventFilter(watched, event);
}

void NarrationDock::fitText() {
  const int width = scroll_->viewport()->width();
  const int room = scroll_->viewport()->height();
  const QString text = text_->text();
  auto needed = [&](double points) {
    QFont f = text_->font();
    f.setPointSizeF(points);
    const QRect r = QFontMetrics(f).boundingRect(QRect(0, 0, std::max(width, 50), 1 << 20),
                                                 Qt::TextWordWrap, text);
    return r.height() + 4;
  };
  auto titleHeight = [&](double points) {
    QFont f = title_->font();
    f.setPointSizeF(points);
    f.setBold(true);
    return QFontMetrics(f)
        .boundingRect(QRect(0, 0, std::max(title_->width(), 50), 1 << 20), Qt::TextWordWrap,
                      title_->text())
        .height();
  };
  // Down to 60% of the theme's size (half in a caption band, whose
  // type is large to begin with), in half points; then a smaller title (a
  // long one takes three lines) gives its room to the paragraph; only then
  // does the paragraph scroll.
  const double floor = textPoints_ * (band_ ? 0.5 : 0.6);
  const int fullTitle = titleHeight(titlePoints_);
  // The room the paragraph would have under a full-size title.
  int available = room + titleHeight(shownTitlePoints_) - fullTitle;
  double titlePoints = titlePoints_;
  double points = textPoints_;
  while (points - 0.5 >= floor && needed(points) > available) points -= 0.5;
  if (needed(points) > available && !band_) {
    titlePoints = textPoints_;
    available += fullTitle - titleHeight(titlePoints);
    points = textPoints_;
    while (points - 0.5 >= floor && needed(points) > available) points -= 0.5;
  }
  if (titlePoints != shownTitlePoints_) {
    shownTitlePoints_ = titlePoints;
    title_->setStyleSheet(QStringLiteral("font-size:%1pt; font-weight:bold;").arg(titlePoints));
  }
  const QString style = QStringLiteral("font-size:%1pt;").arg(points);
  if (text_->styleSheet() != style) text_->setStyleSheet(style);
}

void NarrationDock::setCaptionBand(bool on) {
  band_ = on;
  for (QWidget* w : {static_cast<QWidget*>(scenario_), static_cast<QWidget*>(counter_),
                     static_cast<QWidget*>(previous_), static_cast<QWidget*>(next_)})
    w->setVisible(!on);
  applyTheme();
}

void NarrationDock::refresh() {
  const Scenario* sc = session_ ? session_->scenario() : nullptr;
  if (!sc) {
    scenario_->setText(tr("No scenario open"));
    title_->clear();
    text_->clear();
    state_->clear();
    counter_->clear();
    previous_->setEnabled(false);
    next_->setEnabled(false);
    return;
  }
  const DriverStatus& s = session_->mirror().status;
  const bool started = s.step < s.stepCount && s.step < sc->steps.size();
  const Theme& t = currentTheme();
  // A laptop's short dock needs the room more than the headline needs the size.
  const double pt = t.fontPointSize * (band_ ? 1.15 : 1.0);

  // stepCount tells "step 0 begun" from the default status before the first batch.
  QString key = QStringLiteral("%1|%2/%3|%4|%5|%6")
                    .arg(QString::fromStdString(sc->source))
                    .arg(s.step)
                    .arg(s.stepCount)
                    .arg(s.conditionMet)
                    .arg(s.stepFailed)
                    .arg(s.playing);
  for (const ExpectOutcome& o : s.expectations)
    key += QStringLiteral("|%1%2").arg(o.held).arg(QString::fromStdString(o.text));
  if (key == shownKey_) return;
  shownKey_ = key;

  scenario_->setText(QString::fromStdString(sc->title));
  if (!started) {
    counter_->setText(sc->steps.empty() ? tr("free run") : tr("not started"));
    title_->setText(QString::fromStdString(sc->title));
    text_->setText(QString::fromStdString(sc->description));
    fitText();
    state_->setText(sc->steps.empty() ? QString() : tr("Press → to begin."));
    previous_->setEnabled(false);
    next_->setEnabled(!sc->steps.empty());
    return;
  }
  const ScenarioStep& step = sc->steps[s.step];
  const bool last = s.step + 1 >= s.stepCount;
  counter_->setText(tr("step %1 of %2").arg(s.step + 1).arg(s.stepCount));
  title_->setText(QString::fromStdString(step.title));
  text_->setText(QString::fromStdString(step.narration));
  fitText();
  previous_->setEnabled(s.step > 0);
  next_->setEnabled(!last);
  QString state, color, bg;
  const bool expectFailed = std::any_of(s.expectations.begin(), s.expectations.end(),
                                        [](const ExpectOutcome& o) { return !o.held; });
  if (s.conditionMet && expectFailed) {
    // A claim of the narration that the run did not bear out: as plain a
    // failure as a condition not met.
    state = tr("✗ The step ended, but not as its narration says:");
    color = QStringLiteral("#ffffff");
    bg = t.blocked.name();
  } else if (s.conditionMet) {
    state = last ? tr("Condition met ✓ — the scenario is complete. Press Space (P in lecture mode) "
                      "to keep running.")
                 : tr("Condition met ✓ — press → for the next step");
    color = QStringLiteral("#ffffff");
    bg = t.leader.name();
  } else if (s.stepFailed) {
    state = tr("✗ The condition was not met in time (%1).").arg(untilText(step.until));
    color = QStringLiteral("#ffffff");
    bg = t.blocked.name();
  } else {
    state = (s.playing ? tr("Running — ") : tr("Paused — ")) + untilText(step.until);
    color = t.text.name();
    bg = t.darkBase ? QStringLiteral("#2a3139") : QStringLiteral("#e4e7ea");
  }
  // The expectations under the headline, in plain type: they are the
  // detail, and a step may state several.
  QString html = state.toHtmlEscaped();
  for (const ExpectOutcome& o : s.expectations)
    html += QStringLiteral("<br><span style=\"font-weight:normal; font-size:%1pt\">%2 %3</span>")
                .arg(t.fontPointSize * 0.95)
                .arg(o.held ? QStringLiteral("✓") : QStringLiteral("✗"),
                     QString::fromStdString(o.text).toHtmlEscaped());
  state_->setTextFormat(Qt::RichText);
  state_->setText(html);
  state_->setStyleSheet(
      QStringLiteral("font-size:%1pt; font-weight:bold; color:%2; background:%3; padding:8px; "
                     "border-radius:6px;")
          .arg(pt)
          .arg(color, bg));
}

}  // namespace cs::ui
