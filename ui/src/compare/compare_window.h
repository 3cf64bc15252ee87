// The compare view: the same scenario run twice side by side, as written (A)
// and with one option changed (B), with the same seed. Run A's driver leads
// and run B's follows it (driver.h), so both stay at the same simulated time
// and every action — play, pause, speed, step, next step, reset, a click on
// a node of either canvas, a toolbar knob — reaches both at the same time.
// Under the canvases, run A's timeline seeks both runs (B is rebuilt with A
// and follows it there), and the charts overlay the two runs. The window it was
// opened from is hidden while it is open and shown again when it closes.
// UI thread only.
#pragma once

#include <clusterscope/compare.h>
#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <optional>

class QAction;
class QLabel;

namespace cs::ui {

class ClusterScene;
class ClusterView;
class CompareCharts;
class PatternControls;
class SpeedBox;
class Session;
class TimelineWidget;

class CompareWindow : public QMainWindow {
  Q_OBJECT

 public:
  // Builds both runs; throws InputError if the scenario's pattern or
  // options are bad. `playing`: start playing at once.
  CompareWindow(const Comparison& comparison, std::optional<std::uint64_t> seed, bool playing,
                double speed = 0.1, QWidget* parent = nullptr);
  ~CompareWindow() override;

  const Comparison& comparison() const { return comparison_; }
  // Run A (the leader) and run B (the follower).
  Session* session(int run) const { return run == 0 ? a_ : b_; }
  ClusterScene* scene(int run) const { return run == 0 ? sceneA_ : sceneB_; }
  ClusterView* view(int run) const { return run == 0 ? viewA_ : viewB_; }
  QLabel* caption(int run) const { return run == 0 ? captionA_ : captionB_; }
  CompareCharts* charts() const { return charts_; }
  TimelineWidget* timeline() const { return timeline_; }
  // An action by its stable id ("sim.play", "sim.next", "compare.close", ...).
  QAction* action(const QString& id) const { return actions_.value(id); }
  const PatternControls* controls() const { return controls_; }
  // Hides `window` while this one is open, shows it again when it closes.
  void replace(QWidget* window);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  QAction* addAction(const QString& id, const QString& text, const QKeySequence& key,
                     std::function<void()> slot);
  QWidget* pane(int run);
  void createActions();
  void createToolBar();
  void updateStatus();
  void updateCaptions();

  Comparison comparison_;
  Session* a_;
  Session* b_;
  ClusterScene* sceneA_;
  ClusterScene* sceneB_;
  ClusterView* viewA_ = nullptr;
  ClusterView* viewB_ = nullptr;
  QLabel* captionA_ = nullptr;
  QLabel* captionB_ = nullptr;
  QLabel* step_ = nullptr;
  SpeedBox* speed_ = nullptr;
  CompareCharts* charts_ = nullptr;
  TimelineWidget* timeline_ = nullptr;
  PatternControls* controls_ = nullptr;
  QHash<QString, QAction*> actions_;
  QPointer<QWidget> replaced_;
};

// View > Compare…: asks which option to change for the scenario `session`
// has open, then opens the compare view over `window`. Pauses the session.
void openCompareDialog(QWidget* window, Session* session);

}  // namespace cs::ui
