// A node's status in the word the inspector and scenario files use.
#pragma once

#include "clusterscope/kernel.h"

namespace cs {

// "up", "crashed", "paused".
inline const char* statusName(NodeStatus s) {
  switch (s) {
    case NodeStatus::Up:
      return "up";
    case NodeStatus::Crashed:
      return "crashed";
    case NodeStatus::Paused:
      return "paused";
  }
  return "?";
}

}  // namespace cs
