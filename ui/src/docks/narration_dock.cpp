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
#include "metric_words.h"

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
  scenario_->setObjectName(QStringLiteral("scenarioTitle"));
  // A long title wraps rather than widening the dock past a laptop's screen.
  scenario_->setWordWrap(true);
  counter_ = new QLabel(w);
  counter_->setObjectName(QStringLiteral("stepCounter"));
  // The step's title, paragraph and state scroll as one: their type steps
  // down to fit the room the dock has (fitText), and only below the
  // smallest does the whole scroll, so that no part is ever cut off and no
  // part's height can make the window taller than the screen.
  auto* body = new QWidget;
  title_ = new QLabel(body);
  title_->setObjectName(QStringLiteral("stepTitle"));
  title_->setWordWrap(true);
  text_ = new QLabel(body);
  text_->setObjectName(QStringLiteral("stepText"));
  text_->setWordWrap(true);
  text_->setTextFormat(Qt::PlainText);
  text_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  state_ = new QLabel(body);
  state_->setObjectName(QStringLiteral("stepState"));
  state_->setWordWrap(true);
  previous_ = new QPushButton(tr("← Previous"), w);
  next_ = new QPushButton(tr("Next →"), w);
  previous_->setFocusPolicy(Qt::NoFocus);
  next_->setFocusPolicy(Qt::NoFocus);
  v->addWidget(scenario_);
  auto* parts = new QVBoxLayout(body);
  parts->setContentsMargins(0, 0, 0, 0);
  parts->setSpacing(4);
  parts->addWidget(title_);
  parts->addWidget(text_);
  // Room to spare goes between the paragraph and the state, which stays
  // above the buttons.
  parts->addStretch(1);
  parts->addWidget(state_);
  scroll_ = new QScrollArea(w);
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setWidgetResizable(true);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll_->setWidget(body);
  v->addWidget(scroll_, 1);
  scroll_->viewport()->installEventFilter(this);
  // The counter between the buttons that move it, as a pager has it, so
  // that the scenario's title above has its line to itself.
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(previous_);
  buttons->addStretch(1);
  buttons->addWidget(counter_);
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
  const int width = std::max(scroll_->viewport()->width(), 50);
  const int room = scroll_->viewport()->height();
  const QString text = text_->text();
  auto needed = [&](double points) {
    QFont f = text_->font();
    f.setPointSizeF(points);
    const QRect r =
        QFontMetrics(f).boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, text);
    return r.height() + 4;
  };
  auto titleHeight = [&](double points) {
    QFont f = title_->font();
    f.setPointSizeF(points);
    f.setBold(true);
    return QFontMetrics(f)
        .boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, title_->text())
        .height();
  };
  // A label's height for a width is never less than its minimum: measured
  // without the one the last fit gave it.
  state_->setMinimumHeight(0);
  // The state and the gaps between the parts (and one for rounding) take
  // their room first; the
  // state in brief where in full it leaves the paragraph too little.
  const int spacing = std::max(0, scroll_->widget()->layout()->spacing());
  const double floor = textPoints_ * (band_ ? 0.5 : 0.6);
  double titlePoints = titlePoints_;
  double points = textPoints_;
  for (const QString* shown : {&stateFull_, &stateBrief_}) {
    if (state_->text() != *shown && !shown->isEmpty()) state_->setText(*shown);
    const int state = state_->text().isEmpty() ? 0 : state_->heightForWidth(width) + spacing;
    // Down to 60% of the theme's size (half in a caption band, whose
    // type is large to begin with), in half points; then a smaller title (a
    // long one takes three lines) gives its room to the paragraph; only then
    // does the whole scroll.
    titlePoints = titlePoints_;
    int available = room - state - 3 * spacing - titleHeight(titlePoints);
    points = textPoints_;
    while (points - 0.5 >= floor && needed(points) > available) points -= 0.5;
    if (needed(points) > available && !band_) {
      titlePoints = textPoints_;
      available = room - state - 3 * spacing - titleHeight(titlePoints);
      points = textPoints_;
      while (points - 0.5 >= floor && needed(points) > available) points -= 0.5;
    }
    if (needed(points) <= available) break;
  }
  if (titlePoints != shownTitlePoints_) {
    shownTitlePoints_ = titlePoints;
    title_->setStyleSheet(QStringLiteral("font-size:%1pt; font-weight:bold;").arg(titlePoints));
  }
  const QString style = QStringLiteral("font-size:%1pt;").arg(points);
  if (text_->styleSheet() != style) text_->setStyleSheet(style);
  // The body's layout squeezes a wrapped label below the height it needs at
  // its width; the parts' minimums make the body scroll instead.
  title_->setMinimumHeight(titleHeight(titlePoints));
  text_->setMinimumHeight(text.isEmpty() ? 0 : needed(points));
  state_->setMinimumHeight(state_->text().isEmpty() ? 0 : state_->heightForWidth(width));
}

void NarrationDock::setCaptionBand(bool on) {
  band_ = on;
  for (QWidget* w : {static_cast<QWidget*>(scenario_), static_cast<QWidget*>(counter_),
                     static_cast<QWidget*>(previous_), static_cast<QWidget*>(next_)})
    w->setVisible(!on);
  applyTheme();
}

void NarrationDock::refresh() {
  if (const Scenario* sc = session_ ? session_->scenario() : nullptr) {
    showStatus(*sc, session_->mirror().status);
    return;
  }
  scenario_->setText(tr("No scenario open"));
  title_->clear();
  text_->clear();
  stateFull_.clear();
  stateBrief_.clear();
  state_->clear();
  counter_->clear();
  previous_->setEnabled(false);
  next_->setEnabled(false);
  shownKey_.clear();
}

QString NarrationDock::expectationWords(const ExpectOutcome& o) const {
  // In words where the run describes the metric: what it measures, not the
  // name the scenario file gives it.
  if (session_ && o.metric && *o.metric < session_->mirror().metrics.size())
    return metricWords(session_->mirror().metrics[*o.metric]) + QString::fromStdString(o.reading);
  return QString::fromStdString(o.text);
}

void NarrationDock::showStatus(const Scenario& scenario, const DriverStatus& s) {
  const Scenario* sc = &scenario;
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
    stateFull_ = stateBrief_ = sc->steps.empty() ? QString() : tr("Press → to begin.");
    state_->setToolTip(QString());
    state_->setText(stateFull_);
    fitText();
    previous_->setEnabled(false);
    next_->setEnabled(!sc->steps.empty());
    return;
  }
  const ScenarioStep& step = sc->steps[s.step];
  const bool last = s.step + 1 >= s.stepCount;
  counter_->setText(tr("step %1 of %2").arg(s.step + 1).arg(s.stepCount));
  title_->setText(QString::fromStdString(step.title));
  text_->setText(QString::fromStdString(step.narration));
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
    // The key that plays on: P in lecture mode, where Space moves on.
    state = last ? (band_ ? tr("Condition met ✓ — the scenario is complete; P keeps it running.")
                          : tr("Condition met ✓ — the scenario is complete; Space keeps it "
                               "running."))
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
  // detail, and a step may state several. Where the dock is too short for
  // them all (a laptop), those that held say so in one line (fitText); a
  // claim that failed is always written out.
  const QString head = state.toHtmlEscaped();
  auto line = [&](const QString& mark, const QString& words) {
    return QStringLiteral("<br><span style=\"font-weight:normal; font-size:%1pt\">%2 %3</span>")
        .arg(t.fontPointSize * 0.9)
        .arg(mark, words.toHtmlEscaped());
  };
  QString html = head;
  QString brief = head;
  QString tip;
  int held = 0;
  for (const ExpectOutcome& o : s.expectations) {
    const QString mark = o.held ? QStringLiteral("✓") : QStringLiteral("✗");
    html += line(mark, expectationWords(o));
    tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + mark + QLatin1Char(' ') +
           expectationWords(o);
    if (o.held)
      ++held;
    else
      brief += line(mark, expectationWords(o));
  }
  if (held > 1) brief += line(QStringLiteral("✓"), tr("%1 claims held, as narrated").arg(held));
  stateFull_ = html;
  stateBrief_ = held > 1 ? brief : html;
  state_->setToolTip(tip);
  state_->setTextFormat(Qt::RichText);
  state_->setText(stateFull_);
  state_->setStyleSheet(
      QStringLiteral("font-size:%1pt; font-weight:bold; color:%2; background:%3; padding:6px; "
                     "border-radius:6px;")
          .arg(pt)
          .arg(color, bg));
  fitText();
}

}  // namespace cs::ui
