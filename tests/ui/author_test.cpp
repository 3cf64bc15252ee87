// Replays and saved scenarios in the window, offscreen. A replay file opens
// to the recorded run: the same trace hash at its end, paused, the timeline
// covering all of it (seek to its start and back), and play goes on; a
// damaged one gets an error dialog and the open run stays. File > Save as
// scenario: the dialog's rows are the session's actions, its narration is
// what was typed, and the file it writes re-runs — headless and in the
// window — to the session's trace hash and is listed by its title.
#include <clusterscope/replay.h>
#include <clusterscope/scenario_author.h>
#include <gtest/gtest.h>
#include <QComboBox>
#include <QLineEdit>
#include <QTableView>

#include "author/save_scenario_dialog.h"
#include "author/scenario_draft_model.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

class Authoring : public Window {
 protected:
  // The two-step scenario run headless with the user's crash of a follower
  // at 1.3 s, to 9 s, saved as a replay file named `name`.
  Replay recordRun(const QString& name) {
    ScenarioRunner runner(parseScenario(fixtures::kTwoSteps, path.toStdString()));
    runner.beginStep(0);
    runner.runStep();
    Command crash;
    crash.kind = CommandKind::Crash;
    crash.node = crashed = (*runner.simulation().resolve("leader") + 1) % 5;
    runner.simulation().runUntil(fromSeconds(1.3));
    runner.simulation().apply(crash);
    runner.beginStep(1);
    runner.runStep();
    runner.simulation().runUntil(fromSeconds(9));
    Replay r = captureReplay(runner);
    replayPath = dir.filePath(name);
    saveReplay(r, replayPath.toStdString());
    return r;
  }
  QString pickerText() {
    return w->findChild<QComboBox*>(QStringLiteral("scenarioPicker"))->currentText();
  }
  QMessageBox* errorDialog() { return w->findChild<QMessageBox*>(QStringLiteral("errorDialog")); }
  // The run so far, as File > Save as scenario captures it.
  Replay capture() {
    std::optional<Replay> run;
    w->session()->captureRun([&](const Replay& r, const QString& error) {
      EXPECT_TRUE(error.isEmpty()) << error.toStdString();
      run = r;
    });
    EXPECT_TRUE(until([&] { return run.has_value(); }));
    return run.value_or(Replay{});
  }
  void runTo(double seconds) {
    w->session()->driver()->runTo(fromSeconds(seconds));
    ASSERT_TRUE(settled());
  }

  QString replayPath;
  NodeId crashed = kNoNode;
};

TEST_F(Authoring, AReplayOpensAtItsEndWithTheSameHashAndTheWholeRunOnTheTimeline) {
  const Replay recorded = recordRun(QStringLiteral("run.json"));  // known by its content
  ASSERT_TRUE(w->openScenario(replayPath));
  ASSERT_TRUE(settled());
  const DriverStatus& s = mirror().status;
  EXPECT_EQ(s.traceHash, recorded.traceHash);
  EXPECT_EQ(s.now, recorded.end.at);
  EXPECT_EQ(s.eventsProcessed, recorded.end.events);
  EXPECT_FALSE(s.playing) << "it opens paused";
  EXPECT_EQ(w->session()->replayFile(), replayPath);
  EXPECT_TRUE(pickerText().endsWith(QStringLiteral("(replay)"))) << pickerText().toStdString();

  // The timeline covers the whole run: both steps, the first election, the crash.
  ASSERT_TRUE(mirror().timeline);
  const Timeline& t = *mirror().timeline;
  EXPECT_EQ(t.head, recorded.end.at);
  EXPECT_EQ(t.branches.size(), 1u);
  ASSERT_EQ(t.steps.size(), 2u);
  EXPECT_EQ(t.steps[1], recorded.steps[1].at);
  ASSERT_FALSE(t.milestones.empty());
  EXPECT_LT(t.milestones.front().at, fromSeconds(1)) << "the first election is on it";
  bool band = false;
  for (const FaultBand& f : t.faults) band |= f.node == crashed && f.fault == kFaultDown;
  EXPECT_TRUE(band) << "the user's crash is on it";

  // Scrub to the start and back to the end: the same run.
  w->session()->seek(SimTime{0});
  ASSERT_TRUE(settled());
  EXPECT_EQ(mirror().status.now, SimTime{0});
  w->session()->seek(recorded.end.at);
  ASSERT_TRUE(settled());
  EXPECT_EQ(mirror().status.traceHash, recorded.traceHash);

  // And play goes on from its end.
  runTo(10);
  EXPECT_EQ(mirror().status.now, fromSeconds(10));
  EXPECT_EQ(mirror().status.head, fromSeconds(10));
}

TEST_F(Authoring, ADamagedReplayGetsAnErrorDialogAndTheOpenRunStays) {
  openPaused();
  recordRun(QStringLiteral("good.replay.json"));
  QFile good(replayPath);
  ASSERT_TRUE(good.open(QIODevice::ReadOnly));
  const QByteArray text = good.readAll();

  const QString cut = dir.filePath(QStringLiteral("cut.replay.json"));
  QFile f(cut);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(text.left(text.size() / 2));
  f.close();
  EXPECT_FALSE(w->openScenario(cut));
  ASSERT_TRUE(errorDialog());
  EXPECT_EQ(errorDialog()->windowTitle(), QStringLiteral("Cannot open the replay"));
  EXPECT_TRUE(errorDialog()->text().startsWith(cut + QStringLiteral(": line ")))
      << errorDialog()->text().toStdString();
  errorDialog()->close();
  QCoreApplication::processEvents();

  // Another hash: the run is not the recorded one.
  QByteArray edited = text;
  const int at = edited.indexOf("\"trace-hash\": \"") + 15;
  edited.replace(at, 16, "0123456789abcdef");
  const QString other = dir.filePath(QStringLiteral("other.json"));
  QFile g(other);
  ASSERT_TRUE(g.open(QIODevice::WriteOnly));
  g.write(edited);
  g.close();
  EXPECT_FALSE(w->openScenario(other));
  ASSERT_TRUE(until([this] { return errorDialog() != nullptr; }));
  EXPECT_TRUE(errorDialog()->text().contains(QStringLiteral("the run was not reproduced")))
      << errorDialog()->text().toStdString();
  EXPECT_EQ(w->session()->scenario()->title, "Two steps") << "the open run stays";
  EXPECT_TRUE(w->session()->replayFile().isEmpty());
}

TEST_F(Authoring, ASavedScenarioReRunsToTheSessionsHash) {
  openPaused();
  clickPower(2);  // fails node 2 before the run begins
  // The first election, then paused: the run stays in the first step.
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  w->session()->setSpeed(0.1);
  runTo(2.5);
  w->session()->apply(patternCommand("client-write", {"x", "1", "1"}, 1));  // as the menu sends it
  runTo(4.25);
  ASSERT_EQ(mirror().status.step, 0u);
  w->session()->nextStep();  // the scenario's own step: the leader crashes
  runTo(6);
  ASSERT_EQ(mirror().status.step, 1u);
  const std::uint64_t sessionHash = mirror().status.traceHash;

  w->action(QStringLiteral("file.saveScenario"))->trigger();
  SaveScenarioDialog* dialog = nullptr;
  ASSERT_TRUE(until([&] { return (dialog = w->findChild<SaveScenarioDialog*>()) != nullptr; }));
  ScenarioDraftModel* model = dialog->model();
  ASSERT_EQ(model->rowCount(), 4);  // the opening, the crash, the write, step 2
  EXPECT_EQ(model->index(1, ScenarioDraftModel::ActionColumn).data().toString(),
            QStringLiteral("crash node 2"));
  EXPECT_EQ(model->index(2, ScenarioDraftModel::TimeColumn).data().toString(),
            QStringLiteral("2.500 s"));
  EXPECT_EQ(model->index(3, ScenarioDraftModel::NarrationColumn).data().toString(),
            QStringLiteral("The leader crashes."))
      << "a scenario step keeps its narration";
  dialog->findChild<QLineEdit*>(QStringLiteral("scenarioTitle"))
      ->setText(QStringLiteral("Node 2 down first"));
  model->setData(model->index(0, ScenarioDraftModel::NarrationColumn),
                 QStringLiteral("Five servers, no leader yet."));
  model->setData(model->index(1, ScenarioDraftModel::NarrationColumn),
                 QStringLiteral("I crash node 2 before anything happens."));

  const QString file = dir.filePath(QStringLiteral("node-2-down-first.json"));
  ASSERT_TRUE(dialog->saveTo(file));

  // Headless, as `clusterscope --headless --scenario FILE` runs it.
  ScenarioRunner saved(loadScenario(file.toStdString()));
  for (std::size_t i = 0; i < saved.stepCount(); ++i) {
    saved.beginStep(i);
    ASSERT_TRUE(saved.runStep()) << i;
  }
  EXPECT_EQ(saved.simulation().kernel().trace().hash(), sessionHash);
  EXPECT_EQ(saved.simulation().now(), fromSeconds(6));
  EXPECT_EQ(saved.scenario().title, "Node 2 down first");
  EXPECT_EQ(saved.scenario().steps[0].narration, "Five servers, no leader yet.");
  EXPECT_EQ(saved.scenario().steps[1].narration, "I crash node 2 before anything happens.");

  // In the window: listed by its title, and run to its end, the same run.
  ASSERT_TRUE(w->openScenario(file, std::nullopt, false));
  ASSERT_TRUE(settled());
  EXPECT_EQ(pickerText(), QStringLiteral("Node 2 down first (file)"));
  w->session()->driver()->runToEnd();
  ASSERT_TRUE(settled());
  EXPECT_EQ(mirror().status.step, 3u);
  EXPECT_EQ(mirror().status.traceHash, sessionHash);
}

TEST_F(Authoring, ARunAfterScrubbingBackIsSavedUpToTheMomentShown) {
  openPaused();
  runTo(3);
  clickPower(3);
  runTo(5);
  w->session()->seek(fromSeconds(2));
  ASSERT_TRUE(settled());
  const Replay run = capture();
  EXPECT_EQ(run.end.at, fromSeconds(2));
  for (const DraftStep& s : draftScenario(run).steps) {
    EXPECT_LE(s.at.at, fromSeconds(2));
    EXPECT_NE(s.action, "crash node 3") << "the crash at 3 s is after the moment shown";
  }
}

}  // namespace
}  // namespace cs::ui
