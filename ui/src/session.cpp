// Draining the driver into the mirror, and the user's actions. See session.h.
#include "session.h"

#include <clusterscope/errors.h>
#include <QMetaObject>
#include <QRandomGenerator>
#include <algorithm>
#include <cmath>

namespace cs::ui {

Session::Session(QObject* parent) : QObject(parent) {}

Session::~Session() {
  if (driver_) driver_->stop();
}

bool Session::open(const QString& nameOrPath, std::optional<std::uint64_t> seed, bool playing,
                   QString* error) {
  std::unique_ptr<Driver> next;
  const std::string path = nameOrPath.toStdString();
  const bool replay = isReplayFile(path);
  try {
    Driver::Options o;
    // The pace belongs to the scenario (its speeds), not to the one before.
    o.playing = playing && !replay;
    if (replay)
      next = std::make_unique<Driver>(loadReplay(path), o);
    else
      next = std::make_unique<Driver>(loadScenario(path), seed, o);
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  const std::string& pattern = next->scenario().config.pattern;
  if (!findPatternUi(pattern)) {
    if (error)
      *error = tr("%1: pattern: the window cannot show \"%2\" (it has no part for it)")
                   .arg(nameOrPath, QString::fromStdString(pattern));
    return false;
  }
  replayFile_ = replay ? nameOrPath : QString();
  adopt(std::move(next));
  return true;
}

void Session::adopt(std::unique_ptr<Driver> next) {
  if (driver_) driver_->stop();
  driver_ = std::move(next);
  const PatternUi* ui = findPatternUi(driver_->scenario().config.pattern);
  if (ui != ui_) {
    ui_ = ui;
    look_ = ui ? ui->look() : nullptr;
  }
  driver_->setWake([this] {
    QMetaObject::invokeMethod(
        this, [this] { drain(); }, Qt::QueuedConnection);
  });
  mirror_ = Mirror{};
  selectedNode_ = kNoNode;
  selectedMessage_ = 0;
  const bool wasFollowing = followed_.active();
  followed_.clear();
  driver_->start();
  emit scenarioOpened();
  emit selectionChanged();
  if (wasFollowing) emit followChanged();
}

SimTime Session::displayTime() const {
  const DriverStatus& s = mirror_.status;
  const DriverStatus& p = pace();
  if (!p.playing || std::isinf(p.speed) || std::isinf(p.pace) || !sinceBatch_.isValid())
    return s.now;
  // Never run ahead of the engine by more than a few frames' worth.
  const double wallUs = std::min<double>(sinceBatch_.nsecsElapsed() / 1000.0, 50'000.0);
  // The pace, not the speed: slow motion and fast-forward move the picture too.
  return s.now + SimDuration{static_cast<std::int64_t>(wallUs * p.pace)};
}

void Session::drain() {
  if (!driver_) return;
  DriverBatch b = driver_->take();
  if (!b.hasStatus) return;
  sinceBatch_.restart();
  // A rebuilt run with the same seed on the same branch is the same run, so
  // its request ids and message ids mean the same messages.
  const bool sameHistory =
      mirror_.status.seed == b.status.seed && mirror_.status.branch == b.status.branch;
  if (b.newRun) {
    mirror_ = Mirror{};
    // A rebuilt run numbers its messages from 1 again: an old id would latch
    // onto an unrelated message.
    selectedMessage_ = 0;
    mirror_.vocabulary = b.vocabulary;
    emit runStarted();
  }
  if (!b.metrics.empty()) mirror_.metrics = std::move(b.metrics);
  const bool newTimeline = b.timeline != nullptr;
  if (newTimeline) mirror_.timeline = std::move(b.timeline);
  mirror_.nodes = std::move(b.nodes);
  mirror_.view = std::move(b.view);
  mirror_.inFlight = std::move(b.inFlight);
  mirror_.blockedLinks = std::move(b.blockedLinks);
  mirror_.invariants = std::move(b.invariants);
  mirror_.status = b.status;

  // Make room at the front first, telling the log before and after, so rows
  // being removed still hold their own data while views are told; a batch
  // larger than the whole log keeps only its newest records.
  mirror_.recordsForgotten += b.skippedRecords;
  const std::size_t max = Mirror::kMaxRecords;
  std::size_t first = 0;
  if (b.records.size() > max) {
    first = b.records.size() - max;
    mirror_.recordsForgotten += first;
  }
  const std::size_t incoming = b.records.size() - first;
  const std::size_t room = max - incoming;
  const int removed =
      mirror_.records.size() > room ? static_cast<int>(mirror_.records.size() - room) : 0;
  if (removed > 0) {
    emit recordsAboutToBeRemoved(removed);
    mirror_.records.erase(mirror_.records.begin(), mirror_.records.begin() + removed);
    mirror_.recordsForgotten += removed;
    emit recordsRemoved();
  }
  for (std::size_t i = first; i < b.records.size(); ++i)
    mirror_.records.push_back(std::move(b.records[i]));
  const int added = static_cast<int>(incoming);
  for (auto& s : b.samples) mirror_.samples.push_back(std::move(s));
  while (mirror_.samples.size() > Mirror::kMaxSamples) mirror_.samples.pop_front();

  bool followMoved = false;
  if (followed_.active() && b.newRun) {
    if (sameHistory)
      followed_.rebuilt(mirror_);
    else
      followed_.clear();
    followMoved = true;
  } else if (followed_.active()) {
    followed_.take(mirror_, added);  // the hops it gains are shown on updated()
  }

  if (added || removed) emit recordsChanged(removed, added);
  if (followMoved) emit followChanged();
  emit updated();
  if (!b.samples.empty()) emit samplesAdded();
  if (newTimeline) emit timelineChanged();
  if (!b.errors.empty()) {
    QStringList errors;
    for (const auto& e : b.errors) errors << QString::fromStdString(e);
    emit errorsReported(errors);
  }
}

void Session::apply(Command command) {
  if (control()) control()->apply(std::move(command));
}

void Session::toggleFailed(NodeId node) {
  const NodeSnapshot* n = mirror_.node(node);
  if (!n) return;
  Command c;
  c.kind = n->status == NodeStatus::Crashed ? CommandKind::Restart : CommandKind::Crash;
  c.node = node;
  apply(std::move(c));
}

void Session::healAll() {
  Command c;
  c.kind = CommandKind::Heal;
  apply(std::move(c));
}

void Session::saveReplay(const QString& path) {
  if (!driver_) return;
  driver_->saveReplay(path.toStdString(), savedCallback(path));
}

void Session::saveMetricsCsv(const QString& path) {
  if (!driver_) return;
  driver_->saveMetricsCsv(path.toStdString(), savedCallback(path));
}

void Session::captureRun(std::function<void(const Replay&, const QString&)> done) {
  if (!driver_) return done(Replay{}, tr("No scenario is open."));
  // Called on the engine thread: hand the run over on this one.
  driver_->captureRun([this, done = std::move(done)](Replay run, std::string error) {
    QMetaObject::invokeMethod(
        this,
        [done, run = std::move(run), error = QString::fromStdString(error)] { done(run, error); },
        Qt::QueuedConnection);
  });
}

std::function<void(std::string)> Session::savedCallback(const QString& path) {
  // Called on the engine thread: report on this one.
  return [this, path](std::string error) {
    QMetaObject::invokeMethod(
        this,
        [this, path, error = QString::fromStdString(error)] {
          if (error.isEmpty())
            emit saved(path);
          else
            emit errorsReported({error});
        },
        Qt::QueuedConnection);
  };
}

void Session::togglePlay() {
  if (control()) control()->togglePlay();
}
void Session::stepEvent() {
  if (control()) control()->stepEvent();
}
void Session::runToMilestone() {
  if (control()) control()->runToMilestone();
}
void Session::setSpeed(double speed) {
  if (control()) control()->setSpeed(speed);
}

void Session::nextStep() {
  if (control()) control()->advance();
}

bool Session::canAdvance() const {
  const DriverStatus& s = mirror_.status;
  if (s.stepCount == 0) return false;
  const bool last = s.step < s.stepCount && s.step + 1 >= s.stepCount;
  return !(last && (s.conditionMet || s.stepFailed));
}

void Session::previousStep() {
  if (!control()) return;
  const DriverStatus& s = mirror_.status;
  if (s.step >= s.stepCount) return;
  control()->gotoStep(s.step == 0 ? 0 : s.step - 1);
}

void Session::restartStep() {
  if (!control()) return;
  const DriverStatus& s = mirror_.status;
  if (s.step >= s.stepCount) return;
  control()->gotoStep(s.step);
}

void Session::reset(bool newSeed) {
  if (!control()) return;
  if (newSeed)
    control()->reset(QRandomGenerator::global()->bounded(1u, 1'000'000u));
  else
    control()->reset();
}

void Session::seek(SimTime t) {
  if (control()) control()->seek(t);
}

void Session::switchBranch(std::size_t branch) {
  if (control()) control()->switchBranch(branch);
}

void Session::selectNode(NodeId node) {
  if (selectedNode_ == node && selectedMessage_ == 0) return;
  selectedNode_ = node;
  selectedMessage_ = 0;
  emit selectionChanged();
}

void Session::selectMessage(MessageId message, NodeId from) {
  if (selectedMessage_ == message && selectedNode_ == from) return;
  selectedMessage_ = message;
  selectedNode_ = from;
  emit selectionChanged();
}

bool Session::followSelection() {
  FollowKey key = FollowedRequest::keyFor(mirror_, selectedMessage_);
  if (key.empty()) return false;
  followed_.start(std::move(key), mirror_);
  emit followChanged();
  return true;
}

void Session::stopFollowing() {
  if (!followed_.active()) return;
  followed_.clear();
  emit followChanged();
}

void Session::clearSelection() {
  if (selectedNode_ == kNoNode && selectedMessage_ == 0) return;
  selectedNode_ = kNoNode;
  selectedMessage_ = 0;
  emit selectionChanged();
}

}  // namespace cs::ui
