// The open scenario as the window sees it: owns the Driver, drains its outbox
// on the UI thread into a Mirror, and tells the docks and the canvas what
// changed through a few broad signals. Also holds the current selection (a
// node or a message, by id). Docks get setSession(...) and read mirror().
// UI thread only (the driver calls back through a queued invocation).
#pragma once

#include <clusterscope/driver.h>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

#include "canvas/pattern_look.h"
#include "followed_request.h"
#include "mirror.h"
#include "pattern_ui.h"

namespace cs::ui {

class Session : public QObject {
  Q_OBJECT

 public:
  explicit Session(QObject* parent = nullptr);
  ~Session() override;

  // Loads a scenario by name or path and starts it. A replay file (see
  // isReplayFile) opens as its recorded run, paused at its end, and `seed`
  // and `playing` do not apply. On bad input returns false with a message
  // naming the file and the field; the previous scenario (if any) keeps running.
  bool open(const QString& nameOrPath, std::optional<std::uint64_t> seed, bool playing,
            QString* error);
  // Starts a driver built elsewhere (not started yet), as open() does one it
  // loaded: the compare view builds a leader and its follower this way.
  void adopt(std::unique_ptr<Driver> driver);
  // Makes this session a view of a follower (driver.h): its actions (faults,
  // knobs, play, steps, reset) go to `leader`, which passes them on to this
  // session's driver at the same simulated time. nullptr: act on its own.
  void setLeader(Session* leader) { leader_ = leader; }
  bool isOpen() const { return driver_ != nullptr; }
  // The replay file the open run came from; empty for a scenario.
  const QString& replayFile() const { return replayFile_; }
  const Scenario* scenario() const { return driver_ ? &driver_->scenario() : nullptr; }
  // The open pattern's window part and its look (pattern_ui.h), chosen once
  // when a scenario is opened; null before. Whoever draws with the look
  // holds it: a look replaced by another pattern's stays alive (and so at
  // its address) until the last holder lets it go.
  const PatternUi* patternUi() const { return ui_; }
  const std::shared_ptr<const PatternLook>& look() const { return look_; }
  Driver* driver() { return driver_.get(); }

  const Mirror& mirror() const { return mirror_; }
  // Simulated time for drawing: the last published time, advanced by the
  // wall time since then x speed while playing, so motion stays smooth
  // between batches.
  // A follower's moves with its leader's play state and speed.
  SimTime displayTime() const;
  // Whether the run moves: its own driver plays, or its leader's does.
  bool playing() const { return pace().playing; }
  // The status whose play state and speed the run moves with: its own, or
  // its leader's.
  const DriverStatus& pace() const { return leader_ ? leader_->mirror_.status : mirror_.status; }

  // ---- Actions (forwarded to the engine thread) ----
  void apply(Command command);
  void toggleFailed(NodeId node);  // crash an up node, restart a crashed one
  // Tells the user why an action of theirs could not be taken (a pattern's
  // knob with nothing to act on), as a rejected command is told.
  void reportError(const QString& error) { emit errorsReported({error}); }
  void healAll();
  void togglePlay();
  void stepEvent();
  void runToMilestone();
  void setSpeed(double speed);
  // The clicker's "next" (Driver::advance): runs a step that has not run
  // to its condition, fast-forwards a running one there, and begins the next
  // step once it is met. Never skips a step that has not run.
  void nextStep();
  // Whether nextStep() has anything left to do: false only once the last
  // step's condition was met (or failed).
  bool canAdvance() const;
  void previousStep();
  // Begins the current step again, from the same state as the first time.
  void restartStep();
  void reset(bool newSeed);
  // Time travel (driver.h): rebuild the run at t, at most the head, paused;
  // or switch to another branch of the timeline at the time shown now.
  void seek(SimTime t);
  void switchBranch(std::size_t branch);
  // Writes the run so far as a replay file, or its metrics as CSV; then
  // emits saved(path) or errorsReported.
  void saveReplay(const QString& path);
  void saveMetricsCsv(const QString& path);
  // The run so far as a Replay, handed to `done` on this (the UI) thread
  // once the driver has handled the commands posted before; `error` is
  // empty or says why it could not be captured.
  void captureRun(std::function<void(const Replay& run, const QString& error)> done);

  // ---- Selection ----
  NodeId selectedNode() const { return selectedNode_; }
  MessageId selectedMessage() const { return selectedMessage_; }
  void selectNode(NodeId node);
  void selectMessage(MessageId message, NodeId from = kNoNode);
  void clearSelection();

  // ---- Following a request (followed_request.h) ----
  const FollowedRequest& followed() const { return followed_; }
  // Follows the selected message's request, or its causal chain when it
  // carries no request id. Returns false when no message is selected or its
  // records are gone. It is kept across seeks and steps begun again (same
  // seed, same branch), and dropped when the run or the scenario changes.
  bool followSelection();
  void stopFollowing();

  // Drains the driver's outbox now (also called by the wake callback).
  void drain();

 signals:
  void scenarioOpened();
  // The run was rebuilt (reset, previous step): forget everything older.
  void runStarted();
  // Nodes, messages, links or the status changed.
  void updated();
  // `count` records are about to leave the front of mirror().records (still
  // there during this signal); recordsRemoved() follows once they are gone.
  void recordsAboutToBeRemoved(int count);
  void recordsRemoved();
  // `removed` records left the front of mirror().records, `added` arrived at the back.
  void recordsChanged(int removed, int added);
  void samplesAdded();
  // mirror().timeline was replaced: milestones, fault bands or branches changed.
  void timelineChanged();
  void selectionChanged();
  // The followed request started, stopped or was rebuilt (a seek). The
  // records it gains as the run plays come with updated(), as all do.
  void followChanged();
  void errorsReported(const QStringList& errors);
  void saved(const QString& path);

 private:
  std::function<void(std::string)> savedCallback(const QString& path);
  // Where actions go: the leader's driver when there is one.
  Driver* control() { return leader_ ? leader_->driver() : driver_.get(); }
  std::unique_ptr<Driver> driver_;
  Session* leader_ = nullptr;
  Mirror mirror_;
  QElapsedTimer sinceBatch_;
  NodeId selectedNode_ = kNoNode;
  MessageId selectedMessage_ = 0;
  FollowedRequest followed_;
  const PatternUi* ui_ = nullptr;
  std::shared_ptr<const PatternLook> look_;
  QString replayFile_;
};

}  // namespace cs::ui
