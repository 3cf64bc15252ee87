// Compare lockstep, the leading side: a driver with a follower (a compare
// view's run B) tells it what its own run did — each command, each step
// begun, each rebuild and how far the run has got — so that the follower
// runs alongside, at the same simulated time. Without a follower every call
// does nothing. Engine thread of the leading driver; the calls post to the
// follower's thread (driver.h).
#pragma once

#include <cstddef>
#include <cstdint>

#include "clusterscope/command.h"
#include "clusterscope/driver.h"
#include "clusterscope/time.h"

namespace cs {

class Lockstep {
 public:
  // REQUIRES: the driver's thread has not started. nullptr: no follower.
  void setFollower(Driver* follower) { follower_ = follower; }

  // The run was rebuilt with `seed`: the follower starts over too.
  void rebuilt(std::uint64_t seed) {
    if (follower_) follower_->reset(seed);
  }
  // A command was applied (stamped, from the log): the follower applies it at the same time.
  void applied(const Command& command) {
    if (follower_) follower_->applyAt(command, command.at);
  }
  // Step `index` began at `at`: the follower begins it there, its roles
  // resolved in its own run.
  void stepBegun(std::size_t index, SimTime at) {
    if (follower_) follower_->beginStepAt(index, at);
  }
  // The run has got to `at`: the follower runs there too.
  void reached(SimTime at) {
    if (follower_) follower_->followTo(at);
  }

 private:
  Driver* follower_ = nullptr;
};

}  // namespace cs
