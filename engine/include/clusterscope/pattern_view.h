// The typed picture of a pattern's state that the window draws. Each pattern
// derives its own view in a public, Qt-free header of its own folder
// (engine/patterns/<name>/include/clusterscope/<name>/): Raft's servers with
// their Role and log, the shop's services with their workers and breakers.
// The window's part for that pattern reads the fields it needs, typed, and
// never parses text. A view is built on the kernel thread from one instant
// and never changes afterwards, so it may be shared (shared_ptr<const>) with
// the UI thread and read there while the engine runs on.
#pragma once

#include <typeinfo>

namespace cs {

class PatternView {
 public:
  virtual ~PatternView() = default;
};

// `view` as the pattern's own view type. Throws std::bad_cast when it is
// another pattern's: a look asked to draw a pattern it was not made for.
template <class View>
const View& viewOf(const PatternView& view) {
  return dynamic_cast<const View&>(view);
}

}  // namespace cs
