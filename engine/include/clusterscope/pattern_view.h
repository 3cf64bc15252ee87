// The typed picture of a pattern's state that the window draws. Each pattern
// derives its own view in a public, Qt-free header of its own folder
// (engine/patterns/<name>/include/clusterscope/<name>/): Raft's servers with
// their Role and log, the shop's services with their workers and breakers.
// The window's part for that pattern reads the fields it needs, typed, and
// never parses text. A view is built on the kernel thread from one instant
// and never changes afterwards, so it may be shared (shared_ptr<const>) with
// the UI thread and read there while the engine runs on.
#pragma once

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <typeinfo>

namespace cs {

class PatternView {
 public:
  virtual ~PatternView() = default;
};

// A look asked to draw a pattern it was not made for, or handed no view at
// all. Still a std::bad_cast, but it names the type asked for and the one
// given, so that a report of it says which look met which view.
class WrongViewError : public std::bad_cast {
 public:
  WrongViewError(const std::type_info& wanted, const PatternView* given)
      : what_("viewOf: asked for a " + readable(wanted) + " but was given " +
              (given ? "a " + readable(typeid(*given)) : std::string("no view at all"))) {}
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  static std::string readable(const std::type_info& t) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> name(
        abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free);
    return status == 0 && name ? name.get() : t.name();
  }
  std::string what_;
};

// `view` as the pattern's own view type. Throws WrongViewError (a
// std::bad_cast) when it is another pattern's, or when a caller bound the
// reference to a null view.
template <class View>
const View& viewOf(const PatternView& view) {
  try {
    return dynamic_cast<const View&>(view);
  } catch (const std::bad_cast&) {
    // A null reference is undefined behaviour, so the compiler may assume
    // &view is not null; read through a volatile, the check stays, and the
    // error names the mistake instead of crashing on it.
    const PatternView* volatile given = &view;
    throw WrongViewError(typeid(View), given);
  }
}

}  // namespace cs
