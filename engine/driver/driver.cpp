// Driver's public calls: each posts its work to the engine thread
// (driver_engine.h) and returns at once; the outbox hands the batches back.
// See driver.h for the threading contract.
#include "clusterscope/driver.h"

#include <boost/asio/post.hpp>
#include <cassert>
#include <utility>

#include "driver_engine.h"
#include "outbox.h"

namespace cs {

Driver::Driver(Scenario scenario, std::optional<std::uint64_t> seed, Options options)
    : scenario_(std::move(scenario)),
      options_(options),
      outbox_(std::make_unique<Outbox>(options.maxRecordsPerBatch)) {
  engine_ = std::make_unique<Engine>(*this, seed);
}

Driver::Driver(Scenario scenario, std::optional<std::uint64_t> seed)
    : Driver(std::move(scenario), seed, Options{}) {}

Driver::Driver(Replay replay, Options options)
    : scenario_(replay.scenario),
      options_(options),
      outbox_(std::make_unique<Outbox>(options.maxRecordsPerBatch)) {
  engine_ = std::make_unique<Engine>(*this, replay.seed);
  engine_->openReplay(replay);
  // Opening published the run before anyone could be woken (setWake comes
  // later): the batch waits, and the next publish must wake its reader.
  outbox_->rearm();
}

Driver::~Driver() {
  stop();
}

void Driver::setFollower(Driver* follower) {
  assert(!started_ && (!follower || !follower->options_.beginFirstStep));
  engine_->lockstep().setFollower(follower);
}

template <class F>
void Driver::post(F&& f) {
  ++posted_;
  boost::asio::post(engine_->io(), [this, f = std::forward<F>(f)]() mutable {
    engine_->commandArrived();
    f();
  });
}

void Driver::start() {
  if (started_) return;
  started_ = true;
  engine_->prepare();
  if (!begun_) {
    begun_ = true;
    post([this] { engine_->begin(); });  // counts as the first command
  }
  thread_ = std::thread([this] { engine_->io().run(); });
}

void Driver::stop() {
  if (!started_) return;
  boost::asio::post(engine_->io(), [this] { engine_->shutdown(); });
  if (thread_.joinable()) thread_.join();
  started_ = false;
}

void Driver::apply(Command command) {
  post([this, c = std::move(command)]() mutable { engine_->apply(std::move(c)); });
}
void Driver::setSpeed(double speed) {
  post([this, speed] { engine_->setSpeed(speed); });
}
void Driver::play() {
  post([this] { engine_->play(); });
}
void Driver::pause() {
  post([this] { engine_->pause(); });
}
void Driver::togglePlay() {
  post([this] { engine_->togglePlay(); });
}
void Driver::stepEvent() {
  post([this] { engine_->stepEvent(); });
}
void Driver::runToMilestone() {
  post([this] { engine_->runToMilestone(); });
}
void Driver::runTo(SimTime t) {
  post([this, t] { engine_->runTo(t); });
}
void Driver::runToEnd() {
  post([this] { engine_->runToEnd(); });
}
void Driver::nextStep() {
  post([this] { engine_->nextStep(); });
}
void Driver::advance() {
  post([this] { engine_->advance(); });
}
void Driver::gotoStep(std::size_t index) {
  post([this, index] { engine_->gotoStep(index); });
}
void Driver::saveReplay(std::string path, std::function<void(std::string)> done) {
  post([this, path = std::move(path), done = std::move(done)] { engine_->saveReplay(path, done); });
}
void Driver::saveMetricsCsv(std::string path, std::function<void(std::string)> done) {
  post([this, path = std::move(path), done = std::move(done)] {
    engine_->saveMetricsCsv(path, done);
  });
}
void Driver::captureRun(std::function<void(Replay, std::string)> done) {
  post([this, done = std::move(done)] { engine_->captureRun(done); });
}
void Driver::followTo(SimTime t) {
  post([this, t] { engine_->followTo(t); });
}
void Driver::applyAt(Command command, SimTime t) {
  post([this, c = std::move(command), t]() mutable { engine_->applyAt(std::move(c), t); });
}
void Driver::beginStepAt(std::size_t index, SimTime t) {
  post([this, index, t] { engine_->beginStepAt(index, t); });
}
void Driver::seek(SimTime t) {
  post([this, t] { engine_->seek(t); });
}
void Driver::switchBranch(std::size_t index) {
  post([this, index] { engine_->switchBranch(index); });
}
void Driver::reset(std::optional<std::uint64_t> seed) {
  post([this, seed] { engine_->reset(seed); });
}

DriverBatch Driver::take() {
  return outbox_->take();
}

DriverBatch Driver::waitAndTake(std::chrono::milliseconds timeout) {
  return outbox_->waitAndTake(timeout);
}

}  // namespace cs
