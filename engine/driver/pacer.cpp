// Pacing and goals. See pacer.h.
#include "pacer.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cassert>
#include <cmath>
#include <utility>

namespace cs {

namespace {
// At most this much wall time is credited to one pacing tick, so a stall
// (a debugger, a busy machine) does not make the simulation leap ahead.
constexpr auto kMaxTickCredit = std::chrono::milliseconds(100);
constexpr auto kTickPeriod = std::chrono::milliseconds(16);
// How far a flat-out slice may aim; the wall budget stops it much sooner.
constexpr SimDuration kFlatOutReach{3'600'000'000};
}  // namespace

Pacer::Pacer(boost::asio::io_context& io, double speed, bool playing, std::function<void()> slice)
    : io_(io), timer_(io), slice_(std::move(slice)), speed_(speed), playing_(playing) {}

bool Pacer::flatOut() const {
  return goal_ != Goal::None || std::isinf(speed_);
}

void Pacer::setSpeed(double speed) {
  assert(speed > 0);
  speed_ = speed;
  goal_ = Goal::None;
  fastForward_ = 0;
}

void Pacer::setStepSpeed(double speed) {
  assert(speed > 0);
  speed_ = speed;
}

double Pacer::pace() const {
  return fastForward_ > 0 ? fastForward_ : std::min(speed_, slowCap_);
}

SimTime Pacer::retarget(SimTime now, SimTime target) {
  const double pace = this->pace();
  if (slicePace_ <= 0 || pace == slicePace_ || std::isinf(pace) || std::isinf(slicePace_))
    return target;
  const double wallUs = static_cast<double>((target - now).count()) / slicePace_;
  slicePace_ = pace;
  return now + SimDuration{static_cast<std::int64_t>(wallUs * pace)};
}

void Pacer::play() {
  playing_ = true;
  goal_ = Goal::None;
  fastForward_ = 0;
}

void Pacer::fastForward(double speed) {
  assert(speed > 0);
  playing_ = true;
  goal_ = Goal::None;
  fastForward_ = speed;
}

void Pacer::halt() {
  playing_ = false;
  goal_ = Goal::None;
  fastForward_ = 0;
}

void Pacer::pursue(Goal goal, SimTime limit) {
  assert(goal != Goal::None);
  goal_ = goal;
  goalLimit_ = limit;
  if (goal == Goal::Milestone) sawMilestone_ = false;
  playing_ = true;
}

void Pacer::schedule() {
  if (!playing_ || scheduled_) return;
  scheduled_ = true;
  lastTick_ = Clock::now();
  if (flatOut()) {
    boost::asio::post(io_, [this] { fire(); });
  } else {
    timer_.expires_after(kTickPeriod);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) return fire();
      // Cancelled: by a pause, or by a rebuild (seek, reset, a step gone
      // back to) after which play may go on.
      scheduled_ = false;
      schedule();
    });
  }
}

void Pacer::fire() {
  scheduled_ = false;
  slice_();
}

SimTime Pacer::sliceTarget(SimTime now, Clock::time_point start,
                           std::optional<SimTime> stepDeadline) {
  SimTime target;
  slicePace_ = 0;  // a goal or flat out: no pace to keep
  if (goal_ == Goal::Time || goal_ == Goal::Milestone) {
    target = std::max(goalLimit_, now);
  } else if (goal_ == Goal::End || std::isinf(speed_)) {
    // As far as the budget allows; the deadline keeps a stuck step finite.
    target = now + kFlatOutReach;
    if (goal_ == Goal::End && stepDeadline) target = std::max(now, *stepDeadline);
  } else {
    const auto wall = std::min<Clock::duration>(start - lastTick_, kMaxTickCredit);
    slicePace_ = pace();
    const double us = std::chrono::duration<double, std::micro>(wall).count() * slicePace_;
    target = now + SimDuration{static_cast<std::int64_t>(us)};
  }
  lastTick_ = start;
  return target;
}

void Pacer::sliceEnded(bool reached, bool stepsDone) {
  if (reached && playing_) {
    if (goal_ == Goal::Time || goal_ == Goal::Milestone)
      halt();
    else if (goal_ == Goal::End && stepsDone)
      halt();
  }
  if (!playing_ && goal_ == Goal::End) goal_ = Goal::None;
}

}  // namespace cs
