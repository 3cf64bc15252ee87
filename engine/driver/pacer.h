// Pacing and goals: whether the run plays, how fast, and what it is running
// towards (a milestone, a time, the end of the scenario). Paced play moves
// simulated time by the wall time since the last tick x speed, on a
// steady_timer; flat out and goals run slice after slice as fast as the
// engine thread goes. The pacer decides how far a slice may go and when the
// goal is reached; what runs in the slice is the driver's (driver_engine.h).
// Engine thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>

#include "clusterscope/time.h"

namespace cs {

class Pacer {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Goal {
    None,       // plain play (or paused): paced by speed, stops at a step's condition
    Milestone,  // as fast as possible until the next milestone is traced (or a minute passes)
    Time,       // as fast as possible to a simulated time, through met steps
    End,        // as fast as possible through every remaining step
  };

  // `slice` runs one slice of work; schedule() calls it on the engine thread.
  Pacer(boost::asio::io_context& io, double speed, bool playing, std::function<void()> slice);

  double speed() const { return speed_; }
  // The speed paced play goes at now: a fast-forward's, else speed() held
  // under slow motion's cap.
  double pace() const;
  bool playing() const { return playing_; }
  Goal goal() const { return goal_; }
  // Running as fast as the CPU goes: towards a goal, or at kFlatOut.
  bool flatOut() const;

  // Ends any goal. REQUIRES: speed > 0 (or kFlatOut).
  void setSpeed(double speed);
  // A step's own pace as it begins: the speed, and nothing else (a goal
  // runs on through the step). REQUIRES: speed > 0.
  void setStepSpeed(double speed);
  // Slow motion's cap on the pace (step_pacing.h); infinity: none.
  void setSlowCap(double cap) { slowCap_ = cap; }
  // A slice aimed at `target` at the pace it began with; the pace changed
  // since (slow motion began or ended): where the rest of its wall time takes
  // the run from `now` at the pace in force.
  SimTime retarget(SimTime now, SimTime target);
  // Plays paced, with no goal.
  void play();
  // Plays paced at `speed` in place of speed() (a step hurried to its
  // condition), until play stops or the speed changes. REQUIRES: speed > 0.
  void fastForward(double speed);
  bool fastForwarding() const { return fastForward_ > 0; }
  // Stops playing and ends any goal.
  void halt();
  // Stops playing; a goal, if any, stays.
  void stopPlaying() { playing_ = false; }
  void endGoal() { goal_ = Goal::None; }
  // Plays towards `goal`, which `limit` bounds for Milestone and Time.
  // REQUIRES: goal != Goal::None.
  void pursue(Goal goal, SimTime limit = {});
  // Cancels a pending tick (schedule() takes it up again if still playing).
  void cancelTick() { timer_.cancel(); }

  // A milestone was traced (it ends a Milestone goal).
  void noteMilestone() { sawMilestone_ = true; }
  bool sawMilestone() const { return sawMilestone_; }

  // Keeps the engine moving while playing: the next slice runs at once when
  // flat out, otherwise on the next tick. At most one slice is pending.
  void schedule();

  // Where a slice that starts at wall time `start` may take the run from
  // `now`. `stepDeadline`: the current step's deadline, if its condition is
  // still to be handled (it bounds a run to the end).
  SimTime sliceTarget(SimTime now, Clock::time_point start, std::optional<SimTime> stepDeadline);
  // After a slice ran; `reached`: it got to its target. A Time or Milestone
  // goal reached ends play; an End goal ends once `stepsDone` (no step's
  // condition is left to handle).
  void sliceEnded(bool reached, bool stepsDone);

 private:
  void fire();

  boost::asio::io_context& io_;
  boost::asio::steady_timer timer_;
  std::function<void()> slice_;
  double speed_;
  bool playing_;
  bool scheduled_ = false;  // a slice is posted or its tick is pending
  Goal goal_ = Goal::None;
  double fastForward_ = 0;  // 0: not fast-forwarding
  double slowCap_ = std::numeric_limits<double>::infinity();
  double slicePace_ = 0;  // the pace the running slice's target was aimed with
  SimTime goalLimit_{};
  bool sawMilestone_ = false;
  Clock::time_point lastTick_{};
};

}  // namespace cs
