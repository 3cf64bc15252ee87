// The main window: the canvas in the middle, docks around it, actions in
// menus and toolbars (registered by stable ids), lecture mode, themes and
// saved layout. It builds the parts and wires them to one Session; it holds
// no simulation logic itself. UI thread only.
#pragma once

#include <QHash>
#include <QMainWindow>
#include <optional>

class QAction;
class QActionGroup;
class QComboBox;
class QImage;
class QLabel;
class QScreen;
class QToolBar;
class QMenu;

namespace cs::ui {

class ChartDock;
class ClusterScene;
class ClusterView;
class TimelineWidget;
class PatternControls;
class EventLogDock;
class InspectorDock;
class InvariantDock;
class InvariantStrip;
class NarrationDock;
class Session;
class SpacetimeDock;
class SpeedBox;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  Session* session() const { return session_; }
  ClusterScene* scene() const { return scene_; }
  ClusterView* view() const { return view_; }
  TimelineWidget* timeline() const { return timeline_; }
  EventLogDock* eventLog() const { return log_; }
  SpacetimeDock* spacetime() const { return spacetime_; }
  InvariantDock* invariants() const { return invariants_; }
  InvariantStrip* invariantStrip() const { return invariantStrip_; }
  // An action by its stable id ("sim.play", "view.lecture", ...); nullptr if none.
  QAction* action(const QString& id) const { return actions_.value(id); }

  // Opens a scenario by name or path. On bad input shows a (non-blocking)
  // error dialog naming the file and field and returns false.
  bool openScenario(const QString& nameOrPath, std::optional<std::uint64_t> seed = std::nullopt,
                    bool playing = true);
  void setLectureMode(bool on);
  bool lectureMode() const { return lecture_; }
  void setTheme(const QString& id);
  // The size the window opens at on `screen`: never larger than its
  // available area.
  static QSize openingSize(const QScreen* screen);
  // Restores geometry and preferences from QSettings; false if none were
  // saved (a first launch). A geometry saved on a larger screen is fitted to
  // this one.
  bool restoreSettings();
  // Shows the window as the app opens it: with the saved layout; or, on a
  // first launch, maximised on a screen smaller than the opening size (a
  // laptop), with the docks laid out for the size the window then has.
  void showAtLaunch();

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  QAction* addAction(const QString& id, const QString& text, const QKeySequence& key,
                     std::function<void()> slot);
  QWidget* centralArea();
  void createActions();
  void createMenus();
  void createToolBars();
  void createDocks();
  void updateStatus();
  // The play button's two texts, and a width that holds either.
  static QString playText();
  static QString pauseText();
  void keepPlayWidth();
  // Sizes the docks for the window's screen.
  void fitScreen();
  void keepOnScreen();
  void onScenarioOpened();
  void showError(const QString& title, const QString& text);
  void exportCanvas(bool wide);
  QImage slideImage(bool wide) const;
  void exportSvg();
  void saveReplay();
  void saveAsScenario();
  void exportCsv();
  void exportDiagram();
  void openFile();
  void applySpeedIndex(int index);

  Session* session_;
  ClusterScene* scene_;
  ClusterView* view_;
  TimelineWidget* timeline_;
  QWidget* timelineRow_;  // the timeline and its branch button
  InspectorDock* inspector_;
  EventLogDock* log_;
  ChartDock* charts_;
  SpacetimeDock* spacetime_;
  NarrationDock* narration_;
  InvariantDock* invariants_;
  InvariantStrip* invariantStrip_;
  QToolBar* timeBar_ = nullptr;
  QToolBar* faultBar_ = nullptr;
  QMenu* faultMenu_ = nullptr;
  PatternControls* controls_ = nullptr;
  SpeedBox* speed_ = nullptr;
  QComboBox* scenarios_ = nullptr;
  QLabel* clock_ = nullptr;
  QActionGroup* themes_ = nullptr;
  QHash<QString, QAction*> actions_;

  bool lecture_ = false;
  bool screenWatched_ = false;
  // A maximised window's size the docks were last laid out for; a window
  // manager maximises after the first show, and the docks follow.
  QSize fittedFor_;
  QByteArray normalState_;
  QString normalTheme_ = QStringLiteral("light");
  QString theme_ = QStringLiteral("light");
};

}  // namespace cs::ui
