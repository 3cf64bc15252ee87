// The compare view. See compare_window.h.
#include "compare_window.h"

#include <clusterscope/errors.h>
#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <iterator>

#include "../canvas/cluster_scene.h"
#include "../canvas/cluster_view.h"
#include "../pattern_controls.h"
#include "../session.h"
#include "../speed_box.h"
#include "../theme.h"
#include "../timeline/timeline_widget.h"
#include "../window_actions.h"
#include "compare_charts.h"
#include "compare_dialog.h"

namespace cs::ui {
namespace {

// The pane's caption: the run's letter and variant in its chart colour, with
// the line style its series have, so canvas and charts read together.
// Its simulated time follows, so the room sees both runs at the same moment.
QString captionHtml(int run, const std::string& variant, SimTime now) {
  const QColor c = run == 0 ? CompareCharts::colorA() : CompareCharts::colorB();
  const QString line = run == 0 ? QStringLiteral("━━━") : QStringLiteral("╍╍╍");
  return QStringLiteral(
             "<span style='color:%1'>%2</span>&nbsp; <b>%3:</b> %4"
             "&nbsp;&nbsp;&nbsp;<span style='font-weight:normal'>t = %5 s</span>")
      .arg(c.name(), line, run == 0 ? QStringLiteral("A") : QStringLiteral("B"),
           QString::fromStdString(variant).toHtmlEscaped())
      .arg(toSeconds(now), 0, 'f', 3);
}

// The speeds the compare view offers: two runs side by side are read slowly.
constexpr double kSlowest = 0.05, kFastest = 10.0;

}  // namespace

CompareWindow::CompareWindow(const Comparison& comparison, std::optional<std::uint64_t> seed,
                             bool playing, double speed, QWidget* parent)
    : QMainWindow(parent), comparison_(comparison) {
  setObjectName(QStringLiteral("compareWindow"));
  setWindowTitle(tr("Compare: %1 — %2 | %3")
                     .arg(QString::fromStdString(comparison_.a.title),
                          QString::fromStdString(comparison_.captionA),
                          QString::fromStdString(comparison_.captionB)));
  // Both drivers first: a bad scenario throws before any widget exists.
  Driver::Options leads;
  leads.playing = playing;
  leads.speed = std::clamp(speed, kSlowest, kFastest);  // one the speed box offers
  Driver::Options follows;
  follows.playing = false;
  follows.beginFirstStep = false;  // it begins each step when the leader does
  auto driverB = std::make_unique<Driver>(comparison_.b, seed, follows);
  auto driverA = std::make_unique<Driver>(comparison_.a, seed, leads);
  driverA->setFollower(driverB.get());

  a_ = new Session(this);
  b_ = new Session(this);
  b_->setLeader(a_);
  sceneA_ = new ClusterScene(this);
  sceneB_ = new ClusterScene(this);
  sceneA_->setSession(a_);
  sceneB_->setSession(b_);

  auto* central = new QWidget(this);
  auto* column = new QVBoxLayout(central);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(0);
  step_ = new QLabel(central);
  step_->setObjectName(QStringLiteral("compareStep"));
  step_->setWordWrap(true);
  step_->setTextFormat(Qt::RichText);
  step_->setContentsMargins(10, 4, 10, 4);
  column->addWidget(step_);
  auto* split = new QSplitter(Qt::Vertical, central);
  auto* runs = new QWidget(split);
  auto* runsColumn = new QVBoxLayout(runs);
  runsColumn->setContentsMargins(0, 0, 0, 0);
  runsColumn->setSpacing(0);
  auto* canvases = new QSplitter(Qt::Horizontal, runs);
  canvases->addWidget(pane(0));
  canvases->addWidget(pane(1));
  runsColumn->addWidget(canvases, 1);
  // Run A's history; seeking it rebuilds A, and B follows it there.
  timeline_ = new TimelineWidget(runs);
  timeline_->setSession(a_);
  runsColumn->addWidget(timeline_);
  charts_ = new CompareCharts(a_, b_, QString::fromStdString(comparison_.captionA),
                              QString::fromStdString(comparison_.captionB), split);
  split->addWidget(runs);
  split->addWidget(charts_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setSizes({540, 420});  // the charts need height to be read from the back of a room
  column->addWidget(split, 1);
  setCentralWidget(central);
  // Half a window each: the legend would cover the cluster, and the captions show the time.
  for (ClusterView* v : {viewA_, viewB_}) {
    v->setLegendVisible(false);
    v->setClockVisible(false);
  }

  createActions();
  createToolBar();
  speed_->showSpeed(*leads.speed);
  connect(a_, &Session::updated, this, &CompareWindow::updateStatus);
  connect(b_, &Session::updated, this, &CompareWindow::updateCaptions);
  // A command one run refuses (a node the other run does not have) is said, naming the run.
  for (int run = 0; run < 2; ++run)
    connect(session(run), &Session::errorsReported, this, [this, run](const QStringList& errors) {
      statusBar()->showMessage((run == 0 ? tr("A: ") : tr("B: ")) + errors.join("; "), 8000);
    });
  resize(1600, 1000);

  b_->adopt(std::move(driverB));  // the follower runs before the leader tells it anything
  a_->adopt(std::move(driverA));
}

CompareWindow::~CompareWindow() {
  // The leader's thread posts to the follower: stop it first.
  if (a_->driver()) a_->driver()->stop();
  if (b_->driver()) b_->driver()->stop();
}

QWidget* CompareWindow::pane(int run) {
  auto* w = new QWidget(this);
  auto* column = new QVBoxLayout(w);
  column->setContentsMargins(2, 0, 2, 0);
  column->setSpacing(0);
  auto* caption = new QLabel(
      captionHtml(run, run == 0 ? comparison_.captionA : comparison_.captionB, SimTime{0}), w);
  caption->setObjectName(run == 0 ? QStringLiteral("captionA") : QStringLiteral("captionB"));
  caption->setTextFormat(Qt::RichText);
  caption->setAlignment(Qt::AlignCenter);
  QFont f = caption->font();
  f.setPointSizeF(std::max(16.0, currentTheme().fontPointSize * 1.6));
  caption->setFont(f);
  caption->setContentsMargins(0, 4, 0, 4);
  auto* view = new ClusterView(run == 0 ? sceneA_ : sceneB_, w);
  view->setSession(run == 0 ? a_ : b_);
  column->addWidget(caption);
  column->addWidget(view, 1);
  (run == 0 ? captionA_ : captionB_) = caption;
  (run == 0 ? viewA_ : viewB_) = view;
  return w;
}

QAction* CompareWindow::addAction(const QString& id, const QString& text, const QKeySequence& key,
                                  std::function<void()> slot) {
  return addWindowAction(this, actions_, id, text, key, std::move(slot));
}

// Every action goes to run A's session; run A's driver leads run B's.
void CompareWindow::createActions() {
  Session* s = a_;
  addAction("sim.play", tr("▶ Play"), QKeySequence(Qt::Key_Space), [s] { s->togglePlay(); });
  addAction("sim.step", tr("Step"), QKeySequence(Qt::Key_Period), [s] { s->stepEvent(); });
  addAction("sim.milestone", tr("To milestone"), QKeySequence(Qt::Key_M),
            [s] { s->runToMilestone(); });
  addAction("sim.next", tr("Step →"), QKeySequence(Qt::Key_Right), [s] { s->nextStep(); });
  actions_["sim.next"]->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
  addAction("sim.previous", tr("← Step"), QKeySequence(Qt::Key_Left), [s] { s->previousStep(); });
  actions_["sim.previous"]->setShortcuts(
      {QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
  addAction("sim.reset", tr("Reset"), QKeySequence(tr("Ctrl+R")), [s] { s->reset(false); });
  addAction("fault.heal", tr("Heal all"), QKeySequence(tr("Ctrl+H")), [s] { s->healAll(); });
  addAction("sim.faster", tr("Faster"), QKeySequence(Qt::Key_BracketRight),
            [this] { speed_->faster(); });
  addAction("sim.slower", tr("Slower"), QKeySequence(Qt::Key_BracketLeft),
            [this] { speed_->slower(); });
  auto* legend = addAction("view.legend", tr("Legend"), QKeySequence(tr("Ctrl+G")), [this] {
    viewA_->setLegendVisible(actions_["view.legend"]->isChecked());
  });
  legend->setCheckable(true);
  addAction("compare.close", tr("Close compare"), QKeySequence(Qt::Key_Escape),
            [this] { close(); });
}

void CompareWindow::createToolBar() {
  QToolBar* bar = addToolBar(tr("Compare"));
  bar->setObjectName(QStringLiteral("compareBar"));
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  for (const char* id : {"sim.play", "sim.step", "sim.milestone"}) bar->addAction(actions_[id]);
  speed_ = new SpeedBox(bar, kSlowest, kFastest);
  connect(speed_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) a_->setSpeed(speed_->speedAt(i));
  });
  bar->addWidget(new QLabel(tr("  speed "), bar));
  bar->addWidget(speed_);
  bar->addSeparator();
  for (const char* id : {"sim.previous", "sim.next", "sim.reset"}) bar->addAction(actions_[id]);
  bar->addSeparator();
  bar->addAction(actions_["view.legend"]);
  auto* spacer = new QWidget(bar);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  bar->addWidget(spacer);
  bar->addAction(actions_["compare.close"]);

  // A second row, as in the main window, so that projector type still fits.
  addToolBarBreak();
  QToolBar* faults = addToolBar(tr("Faults"));
  faults->setObjectName(QStringLiteral("compareFaults"));
  faults->setMovable(false);
  faults->setToolButtonStyle(Qt::ToolButtonTextOnly);
  faults->addAction(actions_["fault.heal"]);
  // The pattern's knobs act on run A, and so on both.
  QAction* gap = faults->addSeparator();
  QMenu* knobs = menuBar()->addMenu(tr("&Actions"));
  knobs->addAction(actions_["fault.heal"]);
  controls_ = new PatternControls(a_, faults, gap, knobs, this);
  faults->addWidget(new QLabel(tr("  click a node in either run to fail it in both"), faults));
  menuBar()->hide();  // the toolbars have it all; the menu only hosts the knobs' entries
}

void CompareWindow::updateCaptions() {
  captionA_->setText(captionHtml(0, comparison_.captionA, a_->mirror().status.now));
  captionB_->setText(captionHtml(1, comparison_.captionB, b_->mirror().status.now));
}

void CompareWindow::updateStatus() {
  updateCaptions();
  const DriverStatus& s = a_->mirror().status;
  actions_["sim.play"]->setText(s.playing ? tr("❚❚ Pause") : tr("▶ Play"));
  actions_["sim.next"]->setEnabled(a_->canAdvance());
  actions_["sim.previous"]->setEnabled(s.step < s.stepCount && s.step > 0);
  speed_->showSpeed(s.speed);
  QString text;
  if (s.step < s.stepCount) {
    const ScenarioStep& step = comparison_.a.steps[s.step];
    text = tr("<b>Step %1/%2: %3</b>")
               .arg(s.step + 1)
               .arg(s.stepCount)
               .arg(QString::fromStdString(step.title).toHtmlEscaped());
    text += tr(" &nbsp;· seed %1").arg(s.seed);
    if (s.conditionMet) text += tr(" &nbsp;— done; → for the next step");
    text += QStringLiteral("<br>") + QString::fromStdString(step.narration).toHtmlEscaped();
  }
  step_->setText(text);
}

void CompareWindow::replace(QWidget* window) {
  replaced_ = window;
  if (!window) return;
  setGeometry(window->geometry());
  if (window->isFullScreen())
    showFullScreen();
  else if (window->isMaximized())
    showMaximized();
  else
    show();
  window->hide();
}

void CompareWindow::closeEvent(QCloseEvent* event) {
  a_->driver()->pause();
  if (replaced_) replaced_->show();
  event->accept();
}

void openCompareDialog(QWidget* window, Session* session) {
  if (!session->scenario()) return;
  if (session->mirror().status.playing) session->togglePlay();
  auto* dialog = new CompareDialog(*session->scenario(), window);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(dialog, &QDialog::accepted, window, [window, dialog, session] {
    try {
      auto* compare = new CompareWindow(*dialog->comparison(), session->mirror().status.seed, true,
                                        session->mirror().status.speed);
      compare->setAttribute(Qt::WA_DeleteOnClose);
      compare->replace(window);
    } catch (const InputError& e) {
      QMessageBox::warning(window, QObject::tr("Compare"), QString::fromStdString(e.what()));
    }
  });
  dialog->open();
}

}  // namespace cs::ui
