// The Ambassador pattern's checker. See ambassador_checker.h. Kernel thread
// only.
#include "patterns/ambassador/ambassador_checker.h"

#include <algorithm>
#include <string>

namespace cs::ambassador {

AmbassadorChecker::AmbassadorChecker(const rpc::Words& words, CheckedNodes nodes,
                                     RetryBudget::Config budget)
    : words_(words), nodes_(nodes), budget_(budget) {}

void AmbassadorChecker::forget() {
  erased_ += open_.size();  // every hint now points before the first exchange
  open_.clear();
  head_ = 0;
  requests_.clear();
  extras_.clear();
}

namespace {

// The first exchange in [first, last) whose message is not before `msg`.
template <class It>
It lowerBound(It first, It last, MessageId msg) {
  return std::lower_bound(first, last, msg, [](const auto& e, MessageId m) { return e.msg < m; });
}

}  // namespace

AmbassadorChecker::Exchange* AmbassadorChecker::find(MessageId msg) {
  // Most lookups hit the hint; a miss (a collision, or an exchange moved by
  // an insertion) bisects and mends it.
  std::uint64_t& hint = hints_[msg & (kHints - 1)];
  if (hint > erased_ + head_ && hint - erased_ <= open_.size()) {
    Exchange& e = open_[hint - 1 - erased_];
    if (e.msg == msg) return &e;
  }
  const auto begin = open_.begin() + static_cast<std::ptrdiff_t>(head_);
  auto it = lowerBound(begin, open_.end(), msg);
  if (it == open_.end() || it->msg != msg) return nullptr;
  hint = erased_ + static_cast<std::uint64_t>(it - open_.begin()) + 1;
  return &*it;
}

void AmbassadorChecker::delivered(MessageId msg, SimTime at) {
  if (head_ == open_.size() || open_.back().msg < msg) {
    open_.push_back(Exchange{msg, at, 1, 0, 0});
    hints_[msg & (kHints - 1)] = erased_ + open_.size();
    return;
  }
  if (Exchange* e = find(msg)) {
    ++e->deliveries;  // a duplicate the network made
    return;
  }
  const auto begin = open_.begin() + static_cast<std::ptrdiff_t>(head_);
  open_.insert(lowerBound(begin, open_.end(), msg), Exchange{msg, at, 1, 0, 0});
}

void AmbassadorChecker::dropFinished(SimTime now) {
  while (head_ < open_.size() && open_[head_].finished() && open_[head_].at <= now - kAnswerMemory)
    ++head_;
  if (head_ >= 1024 && head_ * 2 >= open_.size()) {
    open_.erase(open_.begin(), open_.begin() + static_cast<std::ptrdiff_t>(head_));
    erased_ += head_;
    head_ = 0;
  }
}

void AmbassadorChecker::onRecord(const TraceRecord& r) {
  // Called for every record of the run: a cheap test first.
  const bool relevant = r.kind == TraceKind::Sent ? r.node == nodes_.ambassador
                        : r.kind == TraceKind::Delivered
                            ? r.label == words_.request && watched(r.peer)
                            : r.kind == TraceKind::Crashed;
  if (relevant) check(r);
}

bool AmbassadorChecker::watched(NodeId receiver) const {
  return receiver == nodes_.ambassador || receiver == nodes_.replicas[0] ||
         receiver == nodes_.replicas[1];
}

void AmbassadorChecker::check(const TraceRecord& r) {
  const NodeId amb = nodes_.ambassador;
  if (r.kind == TraceKind::Crashed && r.node == amb) return forget();
  if (r.kind == TraceKind::Delivered) {  // a request to a watched node
    if (r.peer != amb && (r.request >> 40) == nodes_.rogue)
      violate("request " + std::to_string(r.request) + " of the rogue client reached replica " +
              std::to_string(r.peer));
    if (r.peer == amb) {
      delivered(r.msg, r.at);
      dropFinished(r.at);
      requests_.push_back(r.at);
      while (requests_.front() <= r.at - budget_.window) requests_.pop_front();
    }
    return;
  }
  if (r.kind != TraceKind::Sent || r.node != amb || (r.flags & kFlagDuplicate)) return;
  Exchange* e = find(r.cause);
  if (!e) return;  // delivered before a crash we forgot
  if (r.label == words_.reply) {
    if (++e->answers > e->deliveries)
      violate("the ambassador answered request message " + std::to_string(r.cause) + " " +
              std::to_string(e->answers) + " times");
    return;
  }
  if (r.label == words_.request && !e->finished() && ++e->tries > e->deliveries) checkBudget(r.at);
}

// An extra try at `at`: check the budget's bound.
void AmbassadorChecker::checkBudget(SimTime at) {
  const SimDuration w = budget_.window;
  const SimDuration bucket = w / budget_.buckets;
  while (!requests_.empty() && requests_.front() <= at - w) requests_.pop_front();
  extras_.push_back(at);
  while (!extras_.empty() && extras_.front() <= at - w + bucket) extras_.pop_front();
  const auto requests = static_cast<std::int64_t>(requests_.size());
  const std::int64_t allowed =
      requests * budget_.percent / 100 + std::int64_t{budget_.minPerSecond} * w.count() / 1'000'000;
  if (static_cast<std::int64_t>(extras_.size()) > allowed)
    violate("the ambassador sent " + std::to_string(extras_.size()) +
            " extra tries in a window where the retry budget allows " + std::to_string(allowed) +
            " (" + std::to_string(requests) + " requests)");
}

}  // namespace cs::ambassador
