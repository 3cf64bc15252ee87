// Building and wiring the main window. See main_window.h.
#include "main_window.h"

#include <algorithm>

#include <clusterscope/scenario.h>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWindow>

#include "author/save_scenario_dialog.h"
#include "canvas/cluster_scene.h"
#include "canvas/cluster_view.h"
#include "compare/compare_window.h"
#include "docks/chart_dock.h"
#include "docks/event_log_dock.h"
#include "docks/inspector_dock.h"
#include "docks/invariant_dock.h"
#include "docks/narration_dock.h"
#include "docks/spacetime_dock.h"
#include "pattern_controls.h"
#include "session.h"
#include "speed_box.h"
#include "theme.h"
#include "timeline/branch_button.h"
#include "timeline/timeline_widget.h"
#include "window_actions.h"

namespace cs::ui {
namespace {

constexpr int kDefaultSpeed = 3;  // ×0.1: slow enough to watch an election

}  // namespace

QSize MainWindow::openingSize(const QScreen* screen) {
  // A desktop's room where the screen has it; a laptop's 1280×720 less its
  // panel otherwise, so the window never opens taller than the screen.
  const QSize wanted(1600, 1000);
  return screen ? wanted.boundedTo(screen->availableGeometry().size()) : wanted;
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Clusterscope"));
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
  session_ = new Session(this);
  scene_ = new ClusterScene(this);
  view_ = new ClusterView(scene_, this);
  scene_->setSession(session_);
  view_->setSession(session_);
  setCentralWidget(centralArea());

  createDocks();
  createActions();
  createMenus();
  createToolBars();
  statusBar()->showMessage(
      tr("Click a node to inspect it; click its power button (top right) to fail it, and again "
         "to restart it."));

  connect(session_, &Session::updated, this, &MainWindow::updateStatus);
  connect(session_, &Session::scenarioOpened, this, &MainWindow::onScenarioOpened);
  connect(session_, &Session::saved, this, [this](const QString& path) {
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
  });
  connect(session_, &Session::errorsReported, this,
          [this](const QStringList& errors) { statusBar()->showMessage(errors.join("; "), 8000); });
  resize(openingSize(screen()));
}

MainWindow::~MainWindow() = default;

QString MainWindow::playText() {
  return tr("▶ Play");
}

QString MainWindow::pauseText() {
  return tr("❚❚ Pause");
}

QAction* MainWindow::addAction(const QString& id, const QString& text, const QKeySequence& key,
                               std::function<void()> slot) {
  return addWindowAction(this, actions_, id, text, key, std::move(slot));
}

QWidget* MainWindow::centralArea() {
  // The canvas over the timeline, whose branch list sits at its left.
  auto* area = new QWidget(this);
  auto* column = new QVBoxLayout(area);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(0);
  column->addWidget(view_, 1);
  // The invariants' verdicts under the canvas, in lecture mode only.
  invariants_ = new InvariantDock(this);
  invariantStrip_ = new InvariantStrip(invariants_, area);
  invariantStrip_->hide();
  column->addWidget(invariantStrip_);
  timelineRow_ = new QWidget(area);
  auto* row = new QHBoxLayout(timelineRow_);
  row->setContentsMargins(6, 2, 6, 4);
  auto* branches = new BranchButton(area);
  branches->setSession(session_);
  timeline_ = new TimelineWidget(area);
  timeline_->setSession(session_);
  row->addWidget(branches, 0, Qt::AlignTop);
  row->addWidget(timeline_, 1);
  column->addWidget(timelineRow_);
  return area;
}

void MainWindow::createActions() {
  Session* s = session_;
  addAction("file.open", tr("&Open scenario or replay…"), QKeySequence::Open,
            [this] { openFile(); });
  addAction("file.export", tr("&Export canvas as PNG (2×)…"), QKeySequence(tr("Ctrl+E")),
            [this] { exportCanvas(false); });
  addAction("file.exportWide", tr("Export canvas as PNG, 3840 pixels &wide…"), {},
            [this] { exportCanvas(true); });
  addAction("file.copyCanvas", tr("&Copy canvas"), QKeySequence(tr("Ctrl+Shift+C")), [this] {
    QApplication::clipboard()->setImage(slideImage(false));
    statusBar()->showMessage(tr("Copied the canvas"), 3000);
  });
  addAction("file.exportSvg", tr("Export canvas as S&VG…"), {}, [this] { exportSvg(); });
  addAction("file.saveReplay", tr("&Save replay…"), QKeySequence::Save, [this] { saveReplay(); });
  addAction("file.saveScenario", tr("Save as sce&nario…"), {}, [this] { saveAsScenario(); });
  addAction("file.exportCsv", tr("Export &metrics as CSV…"), {}, [this] { exportCsv(); });
  addAction("file.exportDiagram", tr("Export space-time &diagram…"), {},
            [this] { exportDiagram(); });
  addAction("file.quit", tr("&Quit"), QKeySequence::Quit, [this] { close(); });

  addAction("sim.play", tr("&Play / pause"), QKeySequence(Qt::Key_Space), [s] { s->togglePlay(); });
  addAction("sim.step", tr("&Step one event"), QKeySequence(Qt::Key_Period),
            [s] { s->stepEvent(); });
  addAction("sim.milestone", tr("Run to next &milestone"), QKeySequence(Qt::Key_M),
            [s] { s->runToMilestone(); });
  addAction("sim.next", tr("&Next step"), QKeySequence(Qt::Key_PageDown), [s] { s->nextStep(); });
  addAction("sim.previous", tr("Pre&vious step"), QKeySequence(Qt::Key_PageUp),
            [s] { s->previousStep(); });
  // Right/Left as the narration says, PageDown/PageUp as a presentation
  // clicker sends.
  actions_["sim.next"]->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
  actions_["sim.previous"]->setShortcuts(
      {QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
  addAction("sim.restartStep", tr("Res&tart this step"), QKeySequence(Qt::Key_R),
            [s] { s->restartStep(); });
  addAction("sim.reset", tr("&Reset (same seed)"), QKeySequence(tr("Ctrl+R")),
            [s] { s->reset(false); });
  addAction("sim.reseed", tr("Reset with a &new seed"), QKeySequence(tr("Ctrl+Shift+R")),
            [s] { s->reset(true); });
  addAction("sim.faster", tr("&Faster"), QKeySequence(Qt::Key_BracketRight),
            [this] { speed_->faster(); });
  addAction("sim.slower", tr("S&lower"), QKeySequence(Qt::Key_BracketLeft),
            [this] { speed_->slower(); });

  // Time travel along the timeline (Left/Right are the scenario's steps).
  addAction("time.start", tr("Seek to the s&tart"), QKeySequence(Qt::Key_Home),
            [s] { s->seek(SimTime{0}); });
  addAction("time.head", tr("Seek to the &head"), QKeySequence(Qt::Key_End),
            [s] { s->seek(s->mirror().status.head); });
  addAction("time.back", tr("Seek back 1 s"), QKeySequence(tr("Shift+Left")), [s] {
    s->seek(std::max(SimTime{0}, s->mirror().status.now - SimDuration{1'000'000}));
  });
  addAction("time.forward", tr("Seek forward 1 s"), QKeySequence(tr("Shift+Right")),
            [s] { s->seek(s->mirror().status.now + SimDuration{1'000'000}); });

  addAction("time.branches", tr("&Branches…"), QKeySequence(Qt::Key_B), [this] {
    if (auto* b = findChild<BranchButton*>(QStringLiteral("branches"))) b->showTree();
  });

  addAction("fault.heal", tr("&Heal all"), QKeySequence(tr("Ctrl+H")), [s] { s->healAll(); });

  addAction("view.compare", tr("&Compare…"), QKeySequence(tr("Ctrl+Shift+C")),
            [this] { openCompareDialog(this, session_); });
  auto* lecture = addAction("view.lecture", tr("&Lecture mode"), QKeySequence(Qt::Key_F5),
                            [this] { setLectureMode(!lecture_); });
  lecture->setCheckable(true);
  auto* leave = addAction("view.leaveLecture", tr("Leave lecture mode"),
                          QKeySequence(Qt::Key_Escape), [this] { setLectureMode(false); });
  leave->setEnabled(false);
  auto* legend = addAction("view.legend", tr("Show le&gend"), QKeySequence(tr("Ctrl+G")), [this] {
    view_->setLegendVisible(actions_["view.legend"]->isChecked());
  });
  legend->setCheckable(true);
  legend->setChecked(true);

  // Follow a request (followed_request.h). Esc leaves lecture mode first.
  auto* follow = addAction("view.follow", tr("&Follow request"), QKeySequence(Qt::Key_F),
                           [s] { s->followSelection(); });
  follow->setToolTip(tr("Light up the selected message's request, hop by hop (F)"));
  follow->setEnabled(false);
  auto* stopFollowing = addAction("view.stopFollowing", tr("Stop following"),
                                  QKeySequence(Qt::Key_Escape), [s] { s->stopFollowing(); });
  stopFollowing->setEnabled(false);
  connect(s, &Session::selectionChanged, follow,
          [s, follow] { follow->setEnabled(s->selectedMessage() != 0); });
  connect(s, &Session::followChanged, stopFollowing, [this, s, stopFollowing] {
    stopFollowing->setEnabled(s->followed().active() && !lecture_);
  });

  themes_ = new QActionGroup(this);
  for (const QString& id : Theme::ids()) {
    auto* a =
        addAction("view.theme." + id, Theme::byId(id).title, {}, [this, id] { setTheme(id); });
    a->setCheckable(true);
    themes_->addAction(a);
  }
  actions_["view.theme.light"]->setChecked(true);

  actions_["sim.play"]->setToolTip(tr("Play or pause the simulation (Space)"));
  actions_["sim.step"]->setToolTip(tr("Process exactly one event (.)"));
  actions_["sim.milestone"]->setToolTip(tr("Run until the next milestone (M)"));
  actions_["fault.heal"]->setToolTip(tr("Restart, resume and reconnect everything (Ctrl+H)"));
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(actions_["file.open"]);
  QMenu* bundled = file->addMenu(tr("&Scenarios"));
  for (const auto& b : bundledScenarios()) {
    const QString name = QString::fromStdString(b.name);
    bundled->addAction(name, this, [this, name] { openScenario(name); });
  }
  file->addSeparator();
  file->addAction(actions_["file.export"]);
  file->addAction(actions_["file.exportWide"]);
  file->addAction(actions_["file.copyCanvas"]);
  file->addAction(actions_["file.exportSvg"]);
  file->addAction(actions_["file.exportDiagram"]);
  file->addAction(actions_["file.exportCsv"]);
  file->addSeparator();
  file->addAction(actions_["file.saveReplay"]);
  file->addAction(actions_["file.saveScenario"]);
  file->addSeparator();
  file->addAction(actions_["file.quit"]);

  QMenu* sim = menuBar()->addMenu(tr("&Simulation"));
  for (const char* id : {"sim.play", "sim.step", "sim.milestone"}) sim->addAction(actions_[id]);
  sim->addSeparator();
  sim->addAction(actions_["sim.next"]);
  sim->addAction(actions_["sim.previous"]);
  sim->addAction(actions_["sim.restartStep"]);
  sim->addSeparator();
  sim->addAction(actions_["sim.faster"]);
  sim->addAction(actions_["sim.slower"]);
  sim->addSeparator();
  sim->addSeparator();
  for (const char* id : {"time.start", "time.head", "time.back", "time.forward", "time.branches"})
    sim->addAction(actions_[id]);
  sim->addSeparator();
  sim->addAction(actions_["sim.reset"]);
  sim->addAction(actions_["sim.reseed"]);

  faultMenu_ = menuBar()->addMenu(tr("F&aults"));
  faultMenu_->setObjectName(QStringLiteral("faultsMenu"));
  faultMenu_->addAction(actions_["fault.heal"]);
  faultMenu_->addSeparator();

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(actions_["view.compare"]);
  view->addAction(actions_["view.lecture"]);
  view->addAction(actions_["view.legend"]);
  view->addAction(actions_["view.follow"]);
  view->addAction(actions_["view.stopFollowing"]);
  QMenu* theme = view->addMenu(tr("&Theme"));
  for (QAction* a : themes_->actions()) theme->addAction(a);
  view->addSeparator();
  for (QDockWidget* d :
       {static_cast<QDockWidget*>(narration_), static_cast<QDockWidget*>(inspector_),
        static_cast<QDockWidget*>(log_), static_cast<QDockWidget*>(charts_),
        static_cast<QDockWidget*>(spacetime_), static_cast<QDockWidget*>(invariants_)})
    view->addAction(d->toggleViewAction());

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("About this &pattern…"), this, [this] {
    // The open scenario's pattern: its explainer and its title.
    const PatternUi* ui = session_->patternUi();
    if (!ui) return;
    const PatternInfo* info = findPattern(ui->pattern);
    QFile f(ui->helpPage);
    QString text;
    if (f.open(QIODevice::ReadOnly)) text = QString::fromUtf8(f.readAll());
    auto* box = new QMessageBox(QMessageBox::Information,
                                info ? QString::fromStdString(info->title) : tr("Pattern"), text,
                                QMessageBox::Ok, this);
    box->setTextFormat(Qt::MarkdownText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  });
}

void MainWindow::createToolBars() {
  timeBar_ = addToolBar(tr("Time"));
  timeBar_->setObjectName(QStringLiteral("timeBar"));
  timeBar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  actions_["sim.play"]->setText(playText());
  timeBar_->addAction(actions_["sim.play"]);
  keepPlayWidth();
  actions_["sim.step"]->setIconText(tr("Step"));
  timeBar_->addAction(actions_["sim.step"]);
  actions_["sim.milestone"]->setIconText(tr("To milestone"));
  timeBar_->addAction(actions_["sim.milestone"]);
  speed_ = new SpeedBox(timeBar_, 0, Driver::kFlatOut);
  speed_->setToolTip(tr("Simulated seconds per wall-clock second ([ and ])"));
  speed_->setCurrentIndex(kDefaultSpeed);
  connect(speed_, &QComboBox::currentIndexChanged, this, &MainWindow::applySpeedIndex);
  timeBar_->addWidget(new QLabel(tr("  speed "), timeBar_));
  timeBar_->addWidget(speed_);
  timeBar_->addSeparator();
  actions_["sim.reset"]->setIconText(tr("Reset"));
  actions_["sim.reseed"]->setIconText(tr("New seed"));
  timeBar_->addAction(actions_["sim.reset"]);
  timeBar_->addAction(actions_["sim.reseed"]);
  timeBar_->addSeparator();
  actions_["sim.previous"]->setIconText(tr("← Step"));
  actions_["sim.next"]->setIconText(tr("Step →"));
  timeBar_->addAction(actions_["sim.previous"]);
  timeBar_->addAction(actions_["sim.next"]);
  // The clock at the status bar's right, so that the time row's free end
  // is room for a pattern's buttons (below).
  clock_ = new QLabel(statusBar());
  clock_->setObjectName(QStringLiteral("clock"));
  clock_->setMinimumWidth(260);
  statusBar()->addPermanentWidget(clock_);

  // A pattern with more buttons than a laptop's width holds continues on
  // the time row's free end: a row of its own would cost the narration
  // height a 720-line screen does not have.
  QToolBar* more = addToolBar(tr("More faults"));
  more->setObjectName(QStringLiteral("faultBar2"));
  more->setToolButtonStyle(Qt::ToolButtonTextOnly);
  addToolBarBreak();
  faultBar_ = addToolBar(tr("Faults"));
  faultBar_->setObjectName(QStringLiteral("faultBar"));
  faultBar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  actions_["fault.heal"]->setIconText(tr("Heal all"));
  faultBar_->addAction(actions_["fault.heal"]);
  faultBar_->addSeparator();
  // The open pattern's own buttons go here, before this mark.
  QAction* knobsEnd = faultBar_->addSeparator();
  knobsEnd->setVisible(false);
  controls_ = new PatternControls(session_, faultBar_, knobsEnd, faultMenu_, this);
  controls_->spillTo(more, timeBar_);
  // The scenario picker stands at the menu bar's right, where a laptop's
  // screen has room to spare, so that the pattern's own buttons have this
  // row to themselves.
  auto* picker = new QWidget(menuBar());
  auto* pickerRow = new QHBoxLayout(picker);
  pickerRow->setContentsMargins(0, 0, 4, 0);
  scenarios_ = new QComboBox(picker);
  scenarios_->setObjectName(QStringLiteral("scenarioPicker"));
  scenarios_->setFocusPolicy(Qt::NoFocus);
  scenarios_->setToolTip(tr("Open a bundled scenario"));
  // As wide as a short title, not the longest.
  scenarios_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  scenarios_->setMinimumContentsLength(22);
  for (const auto& b : bundledScenarios()) {
    QString title = QString::fromStdString(b.name);
    try {
      title = QString::fromStdString(parseScenario(b.json, "bundled:" + b.name).title);
    } catch (const std::exception&) {
    }
    scenarios_->addItem(title, QString::fromStdString(b.name));
  }
  connect(scenarios_, &QComboBox::activated, this,
          [this](int i) { openScenario(scenarios_->itemData(i).toString()); });
  pickerRow->addWidget(new QLabel(tr("scenario "), picker));
  pickerRow->addWidget(scenarios_);
  menuBar()->setCornerWidget(picker, Qt::TopRightCorner);
}

void MainWindow::createDocks() {
  narration_ = new NarrationDock(this);
  inspector_ = new InspectorDock(this);
  log_ = new EventLogDock(this);
  charts_ = new ChartDock(this);
  addDockWidget(Qt::RightDockWidgetArea, narration_);
  addDockWidget(Qt::RightDockWidgetArea, inspector_);
  addDockWidget(Qt::BottomDockWidgetArea, log_);
  addDockWidget(Qt::BottomDockWidgetArea, charts_);
  splitDockWidget(log_, charts_, Qt::Horizontal);
  spacetime_ = new SpacetimeDock(this);
  tabifyDockWidget(charts_, spacetime_);
  charts_->raise();
  tabifyDockWidget(inspector_, invariants_);
  inspector_->raise();
  fitScreen();
  resizeDocks({narration_}, {460}, Qt::Horizontal);
  resizeDocks({log_, charts_}, {700, 500}, Qt::Horizontal);
  narration_->setSession(session_);
  inspector_->setSession(session_);
  log_->setSession(session_);
  charts_->setSession(session_);
  spacetime_->setSession(session_);
  invariants_->setSession(session_);
  invariantStrip_->setSession(session_);
  connect(invariants_, &InvariantDock::violationShown, this,
          [this](std::uint64_t seq) { log_->selectRecord(seq); });
}

void MainWindow::applySpeedIndex(int index) {
  // Not kept in the settings: the speed belongs to the open scenario, and
  // the next one opens at its own.
  if (index < 0 || index >= speed_->count()) return;
  session_->setSpeed(speed_->speedAt(index));
}

bool MainWindow::openScenario(const QString& nameOrPath, std::optional<std::uint64_t> seed,
                              bool playing) {
  QString error;
  if (!session_->open(nameOrPath, seed, playing, &error)) {
    const bool replay = isReplayFile(nameOrPath.toStdString());
    showError(replay ? tr("Cannot open the replay") : tr("Cannot open scenario"), error);
    return false;
  }
  return true;
}

void MainWindow::onScenarioOpened() {
  const Scenario* sc = session_->scenario();
  setWindowTitle(tr("%1 — Clusterscope").arg(QString::fromStdString(sc->title)));
  QSignalBlocker block(scenarios_);
  const int i = scenarios_->findData(QString::fromStdString(sc->name));
  const bool bundled = sc->source.rfind("bundled:", 0) == 0;
  const QString replay = session_->replayFile();
  if (!replay.isEmpty()) {
    // A recorded run: its own entry, so the picker says what is on screen.
    int j = scenarios_->findData(replay);
    if (j < 0) {
      scenarios_->addItem(QString::fromStdString(sc->title) + tr(" (replay)"), replay);
      j = scenarios_->count() - 1;
    }
    scenarios_->setCurrentIndex(j);
  } else if (bundled && i >= 0) {
    scenarios_->setCurrentIndex(i);
  } else {
    // A file: show it in the picker too, so the toolbar never lies.
    const QString path = QString::fromStdString(sc->source);
    int j = scenarios_->findData(path);
    if (j < 0) {
      scenarios_->addItem(QString::fromStdString(sc->title) + tr(" (file)"), path);
      j = scenarios_->count() - 1;
    }
    scenarios_->setCurrentIndex(j);
  }
}

void MainWindow::showError(const QString& title, const QString& text) {
  // Non-blocking: the window stays alive behind it, and tests can find it.
  auto* box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorDialog"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::openFile() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open scenario or replay"), QString(),
                                   tr("Scenarios and replays (*.json);;All files (*)"));
  if (!path.isEmpty()) openScenario(path);
}

void MainWindow::exportSvg() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export canvas"), QStringLiteral("cluster.svg"), tr("SVG images (*.svg)"));
  if (path.isEmpty()) return;
  if (!view_->saveSvg(path, view_->viewport()->size(), windowTitle()))
    showError(tr("Export failed"), tr("Could not write %1").arg(path));
}

void MainWindow::saveReplay() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save replay"), QStringLiteral("run.replay.json"), tr("Replay files (*.json)"));
  if (!path.isEmpty()) session_->saveReplay(path);
}

void MainWindow::saveAsScenario() {
  // The run as it stands now (scrub back first to leave the end out).
  session_->captureRun([this](const Replay& run, const QString& error) {
    if (!error.isEmpty()) return showError(tr("Cannot save as scenario"), error);
    SaveScenarioDialog* dialog = nullptr;
    try {
      dialog = new SaveScenarioDialog(draftScenario(run), this);
    } catch (const std::exception& e) {
      return showError(tr("Cannot save as scenario"), QString::fromStdString(e.what()));
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SaveScenarioDialog::saved, this, [this](const QString& path) {
      statusBar()->showMessage(tr("Saved the scenario as %1").arg(path), 8000);
    });
    dialog->open();
  });
}

void MainWindow::exportDiagram() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export space-time diagram"),
                                                    QStringLiteral("diagram.svg"),
                                                    tr("SVG images (*.svg);;PNG images (*.png)"));
  if (!path.isEmpty() && !spacetime_->save(path))
    showError(tr("Export failed"), tr("Could not write %1").arg(path));
}

void MainWindow::exportCsv() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export metrics"), QStringLiteral("metrics.csv"), tr("CSV files (*.csv)"));
  if (!path.isEmpty()) session_->saveMetricsCsv(path);
}

QImage MainWindow::slideImage(bool wide) const {
  // For a slide, not the screen: twice the canvas's size, or 3840 pixels
  // wide, laid out as on screen and drawn at that resolution.
  const QSize shown = view_->viewport()->size();
  const QSize size =
      wide ? QSize(3840, 3840 * shown.height() / std::max(1, shown.width())) : shown * 2;
  return view_->renderImage(size);
}

void MainWindow::exportCanvas(bool wide) {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export canvas"), QStringLiteral("cluster.png"), tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  if (!slideImage(wide).save(path, "PNG"))
    showError(tr("Export failed"), tr("Could not write %1").arg(path));
}

void MainWindow::updateStatus() {
  const DriverStatus& s = session_->mirror().status;
  actions_["sim.play"]->setText(s.playing ? pauseText() : playText());
  QString pacing;
  if (s.playing && s.fastForward)
    pacing = tr(" · ▶▶ fast-forward");
  else if (s.playing && s.slowMotion)
    pacing = tr(" · slow motion ×%1").arg(s.pace, 0, 'g', 2);
  clock_->setText(tr("  t = %1 s · %2 events · seed %3%4")
                      .arg(toSeconds(s.now), 0, 'f', 3)
                      .arg(s.eventsProcessed)
                      .arg(s.seed)
                      .arg(pacing));
  // Wide enough for the whole text; never narrower, so the toolbar does not
  // jitter as the numbers change.
  const int wanted = clock_->fontMetrics().horizontalAdvance(clock_->text()) + 12;
  if (clock_->minimumWidth() < wanted) clock_->setMinimumWidth(wanted);
  actions_["sim.next"]->setEnabled(session_->canAdvance());
  actions_["sim.previous"]->setEnabled(s.step < s.stepCount && s.step > 0);
  speed_->showSpeed(s.speed);
}

void MainWindow::keepPlayWidth() {
  // As wide as its wider text, so that the time row does not grow when the
  // run starts and push the pattern's buttons beside it behind a ».
  QAction* play = actions_["sim.play"];
  QWidget* button = timeBar_->widgetForAction(play);
  if (!button) return;
  const QString shown = play->text();
  button->setMinimumWidth(0);
  int widest = 0;
  for (const QString& text : {playText(), pauseText()}) {
    play->setText(text);
    widest = std::max(widest, button->sizeHint().width());
  }
  play->setText(shown);
  button->setMinimumWidth(widest);
}

void MainWindow::setTheme(const QString& id) {
  theme_ = Theme::byId(id).id;
  // Lecture type is sized for a 1080-line projector; a taller screen (4K)
  // gets it larger in proportion, as the canvas already is.
  const int lines = screen() ? screen()->geometry().height() : 1080;
  applyTheme(Theme::byId(theme_), lecture_ ? std::max(1.0, lines / 1080.0) : 1.0);
  if (timeBar_) keepPlayWidth();
  if (QAction* a = actions_.value("view.theme." + theme_)) a->setChecked(true);
  scene_->themeChanged();
  charts_->applyTheme();
  narration_->applyTheme();
  view_->viewport()->update();
  if (!lecture_) QSettings().setValue(QStringLiteral("theme"), theme_);
}

void MainWindow::setLectureMode(bool on) {
  if (on == lecture_) return;
  lecture_ = on;
  actions_["view.lecture"]->setChecked(on);
  actions_["view.leaveLecture"]->setEnabled(on);
  actions_["view.stopFollowing"]->setEnabled(!on && session_->followed().active());
  if (on) {
    normalState_ = saveState();
    normalTheme_ = theme_;
    setTheme(QStringLiteral("projector"));
    for (QDockWidget* d :
         {static_cast<QDockWidget*>(inspector_), static_cast<QDockWidget*>(log_),
          static_cast<QDockWidget*>(charts_), static_cast<QDockWidget*>(spacetime_),
          static_cast<QDockWidget*>(invariants_)})
      d->hide();
    // The narration runs along the bottom, under a canvas as wide as the screen.
    addDockWidget(Qt::BottomDockWidgetArea, narration_);
    narration_->show();
    // A caption band of a quarter of the screen, so that the canvas keeps
    // about two thirds of it; a paragraph too long for the band takes
    // smaller type (NarrationDock::fitText). A minimum, because a resize
    // before the window is shown does not hold.
    const int screenHeight = screen() ? screen()->geometry().height() : 1000;
    const int band = std::max(height(), screenHeight) * 24 / 100;
    narration_->setCaptionBand(true);
    narration_->setMinimumHeight(band);
    narration_->setMaximumHeight(band);
    QTimer::singleShot(0, this, [this, band] {
      if (lecture_) resizeDocks({narration_}, {band}, Qt::Vertical);
    });
    // A presentation clicker's keys: Space, → and PageDown go on; play and
    // pause move to P.
    actions_["sim.play"]->setShortcut(QKeySequence(Qt::Key_P));
    actions_["sim.next"]->setShortcuts(
        {QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_Space)});
    view_->setPointerHighlight(true);
    // Canvas and narration only: the room needs no scrubber.
    timelineRow_->hide();
    menuBar()->hide();
    controls_->setShown(false);
    statusBar()->hide();
    showFullScreen();
    // Without a window manager (a bare X server driving a projector) nobody
    // acts on the full-screen request: the window takes the whole screen it
    // is on itself. With one, this asks for what full screen gives anyway.
    if (const QScreen* here = screen()) setGeometry(here->geometry());
  } else {
    narration_->setCaptionBand(false);
    narration_->setMinimumHeight(0);
    narration_->setMaximumHeight(QWIDGETSIZE_MAX);
    actions_["sim.play"]->setShortcut(QKeySequence(Qt::Key_Space));
    actions_["sim.next"]->setShortcuts(
        {QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
    view_->setPointerHighlight(false);
    setTheme(normalTheme_);  // before the layout: projector type makes docks taller
    menuBar()->show();
    controls_->setShown(true);
    statusBar()->show();
    showNormal();
    // Restored once the window has left full screen: restoring while it
    // leaves lays the docks out twice, and after the window was resized in
    // full screen Qt 6.4's restoreState crashes on that first layout. The
    // timeline comes back after it, taking its room from the canvas rather
    // than from the restored docks.
    QTimer::singleShot(0, this, [this] {
      if (lecture_) return;
      restoreState(normalState_);
      controls_->setShown(true);
      timelineRow_->show();
    });
  }
  invariantStrip_->setVisible(on);
  view_->setFocus();
}

void MainWindow::fitScreen() {
  if (isMaximized()) fittedFor_ = size();
  // A laptop's short screen: a lower log and charts row, so that the
  // narration and the inspector keep their room beside the canvas.
  const int h = screen() ? screen()->availableGeometry().height() : 1000;
  const bool shortScreen = h < 850;
  if (isVisible() && !isFullScreen()) keepOnScreen();
  // A 720-line laptop: lower still, for a long step's paragraph.
  const bool laptop = h < 760;
  resizeDocks({log_}, {laptop ? 160 : shortScreen ? 190 : 300}, Qt::Vertical);
  // On a laptop the inspector (which scrolls) gives the step's narration
  // and state its room: the lesson comes first.
  const int inspector = laptop ? 100 : shortScreen ? 140 : 300;
  const int narration = shortScreen ? std::max(240, h - (laptop ? 400 : 420)) : 480;
  resizeDocks({narration_, inspector_}, {narration, inspector}, Qt::Vertical);
}

void MainWindow::keepOnScreen() {
  // Saved on, or moved from, a larger screen (a desktop, then a laptop): no
  // larger than this one, and on it.
  const QScreen* here = screen();
  if (!here) return;
  const QRect room = here->availableGeometry();
  if (room.contains(frameGeometry())) return;
  const QSize frame = frameGeometry().size() - size();
  resize(size().boundedTo(room.size() - frame));
  move(room.topLeft());
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (!screenWatched_ && windowHandle()) {
    screenWatched_ = true;
    connect(windowHandle(), &QWindow::screenChanged, this, [this] {
      if (!lecture_) fitScreen();
    });
  }
}

void MainWindow::showAtLaunch() {
  if (restoreSettings()) {
    show();
    return;
  }
  resize(openingSize(screen()));
  // A screen smaller than the opening size (a laptop) gets all of its
  // room, the window manager's frame included.
  if (size() != openingSize(nullptr))
    showMaximized();
  else
    show();
  // Docks sized before the window is shown do not keep those sizes: laid
  // out again for the size it has now.
  QTimer::singleShot(0, this, [this] {
    if (!lecture_) fitScreen();
  });
}

void MainWindow::resizeEvent(QResizeEvent* event) {
  QMainWindow::resizeEvent(event);
  if (isMaximized() && !lecture_ && size() != fittedFor_)
    QTimer::singleShot(0, this, [this] {
      if (isMaximized() && !lecture_ && size() != fittedFor_) fitScreen();
    });
}

bool MainWindow::restoreSettings() {
  QSettings s;
  const bool saved = s.contains(QStringLiteral("geometry"));
  restoreGeometry(s.value(QStringLiteral("geometry")).toByteArray());
  keepOnScreen();
  restoreState(s.value(QStringLiteral("windowState")).toByteArray());
  controls_->setShown(true);
  setTheme(s.value(QStringLiteral("theme"), QStringLiteral("light")).toString());
  // An older version kept the speed here; it now belongs to the scenario.
  s.remove(QStringLiteral("speed"));
  const bool legend = s.value(QStringLiteral("legend"), true).toBool();
  actions_["view.legend"]->setChecked(legend);
  view_->setLegendVisible(legend);
  return saved;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (lecture_) setLectureMode(false);
  QSettings s;
  s.setValue(QStringLiteral("geometry"), saveGeometry());
  s.setValue(QStringLiteral("windowState"), saveState());
  s.setValue(QStringLiteral("legend"), view_->legendVisible());
  QMainWindow::closeEvent(event);
}

}  // namespace cs::ui
