// An invariant checker: watches the trace and, after every event, may inspect
// the cluster through the kernel's public interface. It lives outside the
// code under test and reports violations as sentences. Kernel thread only.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clusterscope/trace.h"

namespace cs {

class Kernel;

class Checker : public TraceListener {
 public:
  // A short name for verdict lines: "at most one leader per term".
  virtual std::string_view name() const = 0;
  // One line for the invariants dock: what the rule protects, in the
  // textbook's words ("two leaders in one term could both commit").
  virtual std::string_view meaning() const { return {}; }
  void onRecord(const TraceRecord&) override {}
  // Called after every processed event and command while wantsAfterEvent().
  // A checker that does not override it is not called again after the
  // first time: most need only their records, and an empty call per event
  // is a measurable share of a long headless run. An override must not
  // call this one.
  virtual void afterEvent(const Kernel&) { wantsAfterEvent_ = false; }
  bool wantsAfterEvent() const { return wantsAfterEvent_; }

  // Violations found since the last call.
  std::vector<std::string> takeViolations() { return std::exchange(pending_, {}); }
  bool hasViolations() const { return !pending_.empty(); }
  // Sets *flag whenever a violation is found, so the simulation that drains
  // them looks at its checkers only when one has something to report, not
  // after every event. Not owned; nullptr stops it.
  void raiseOnViolation(bool* flag) { raise_ = flag; }

 protected:
  void violate(std::string text) {
    pending_.push_back(std::move(text));
    if (raise_) *raise_ = true;
  }

 private:
  std::vector<std::string> pending_;
  bool* raise_ = nullptr;
  bool wantsAfterEvent_ = true;
};

}  // namespace cs
