// A pattern running in a kernel, with its checkers and command log. See
// simulation.h.
#include "clusterscope/simulation.h"

#include "clusterscope/errors.h"

namespace cs {

Simulation::Simulation(SimulationConfig config) : config_(std::move(config)) {
  const PatternInfo* info = findPattern(config_.pattern);
  if (!info) {
    std::string known;
    for (const auto& p : allPatterns()) {
      if (!known.empty()) known += ", ";
      known += p.name;
    }
    throw InputError("pattern", "one of " + known, "\"" + config_.pattern + "\"");
  }
  pattern_ = info->make(config_.options);
  kernel_ = std::make_unique<Kernel>(config_.seed, config_.kernel);
  pattern_->build(*kernel_);
  kernel_->setBeforeSample([this] { pattern_->updateGauges(*kernel_); });
  checkers_ = pattern_->checkers(*kernel_);
  for (std::size_t i = 0; i < checkers_.size(); ++i) {
    Checker* c = checkers_[i].get();
    c->raiseOnViolation(&violationRaised_);
    afterEvent_.push_back(i);
    kernel_->trace().addListener(c);
    InvariantVerdict verdict;
    verdict.name = c->name();
    verdict.meaning = c->meaning();
    invariants_.push_back(std::move(verdict));
  }
}

Simulation::~Simulation() {
  for (auto& c : checkers_) {
    kernel_->trace().removeListener(c.get());
    c->raiseOnViolation(nullptr);
  }
}

bool Simulation::step() {
  if (!kernel_->step()) return false;
  check();
  return true;
}

bool Simulation::stepUntil(SimTime t) {
  if (!kernel_->stepUntil(t)) return false;
  check();
  return true;
}

void Simulation::runUntil(SimTime t) {
  while (stepUntil(t)) {
  }
  kernel_->runUntil(t);
}

// Runs after every event, so the usual case (no violation pending, one or
// two checkers that look after each event) touches only those. It does what
// visiting every checker in order would: until one raises a violation, the
// others have nothing to drain.
void Simulation::check() {
  std::size_t from = 0;
  bool calledFrom = false;
  if (!violationRaised_) {
    bool stopped = false;  // a checker no longer wants afterEvent
    for (const std::size_t i : afterEvent_) {
      Checker& c = *checkers_[i];
      c.afterEvent(*kernel_);
      stopped = stopped || !c.wantsAfterEvent();
      if (violationRaised_) {
        from = i;
        calledFrom = true;
        break;
      }
    }
    if (stopped)
      std::erase_if(afterEvent_,
                    [this](std::size_t i) { return !checkers_[i]->wantsAfterEvent(); });
    if (!violationRaised_) return;
  }
  checkFrom(from, calledFrom);
}

void Simulation::checkFrom(std::size_t from, bool calledFrom) {
  // Violations raised from here on (a checker reading a Violation record)
  // are drained by the next check, as before.
  violationRaised_ = false;
  for (std::size_t i = from; i < checkers_.size(); ++i) {
    Checker& c = *checkers_[i];
    if (c.wantsAfterEvent() && !(calledFrom && i == from)) c.afterEvent(*kernel_);
    if (!c.hasViolations()) continue;  // nearly always: skip the exchange
    for (auto& text : c.takeViolations()) {
      TraceRecord r;
      r.kind = TraceKind::Violation;
      r.v[0] = static_cast<std::int64_t>(violations_.size());
      violations_.push_back(Violation{kernel_->now(), std::string(c.name()), std::move(text)});
      const std::uint64_t seq = kernel_->record(r).seq;
      violations_.back().record = seq;
      noteBroken(invariants_[i], violations_.back());
    }
  }
}

void Simulation::noteBroken(InvariantVerdict& verdict, const Violation& v) {
  if (verdict.violations++ == 0) {
    verdict.firstBrokenAt = v.at;
    verdict.firstRecord = v.record;
    verdict.firstText = v.text;
  }
  verdict.lastBrokenAt = v.at;
  verdict.lastRecord = v.record;
}

void Simulation::requireNode(NodeId node, const char* field) const {
  if (node >= kernel_->nodeCount())
    throw InputError(field, "a node from 0 to " + std::to_string(kernel_->nodeCount() - 1),
                     node == kNoNode ? "none" : std::to_string(node));
}

void Simulation::validate(const Command& c) const {
  const CommandShape& shape = commandShape(c.kind);
  if (shape.node) requireNode(c.node, "node");
  if (shape.peer) requireNode(c.peer, "peer");
  if (shape.node && shape.peer && c.node == c.peer)
    throw InputError(
        "peer",
        "a node other than node " + std::to_string(c.node) + " (a link joins two different nodes)",
        std::to_string(c.peer));
  if (shape.groups) {
    if (c.groups.size() < 2) throw InputError("groups", "at least two groups of nodes");
    for (const auto& g : c.groups)
      for (NodeId n : g) requireNode(n, "groups");
  }
  if (shape.link) {
    if (c.link.loss < 0 || c.link.loss > 1 || c.link.duplicate < 0 || c.link.duplicate > 1)
      throw InputError("loss", "a probability from 0 to 1");
    if (c.link.latency.count() < 0 || c.link.jitter.count() < 0)
      throw InputError("latency", "a duration of 0 or more");
  }
  if (shape.verb) pattern_->validate(*kernel_, c);
}

void Simulation::apply(Command c) {
  validate(c);
  c.at = kernel_->now();
  c.afterEvent = kernel_->eventsProcessed();
  c.afterSamples = kernel_->metrics().samplesTaken();
  TraceRecord r;
  r.kind = TraceKind::Command;
  r.label = static_cast<Label>(static_cast<int>(c.kind) + 1);
  r.node = c.node;
  r.peer = c.peer;
  r.v[0] = static_cast<std::int64_t>(log_.size());
  log_.push_back(std::move(c));
  kernel_->record(r);
  const Command& logged = log_.back();
  if (logged.kind == CommandKind::Pattern)
    pattern_->apply(*kernel_, logged);
  else
    applyFault(logged);
  check();
}

void Simulation::applyFault(const Command& c) {
  Kernel& k = *kernel_;
  switch (c.kind) {
    case CommandKind::Crash:
      k.crash(c.node);
      break;
    case CommandKind::Restart:
      k.restart(c.node);
      break;
    case CommandKind::Pause:
      k.pause(c.node);
      break;
    case CommandKind::Resume:
      k.resume(c.node);
      break;
    case CommandKind::Slow:
      k.setSlow(c.node, c.duration);
      break;
    case CommandKind::Isolate:
      k.isolate(c.node);
      break;
    case CommandKind::Partition:
      k.partition(c.groups);
      break;
    case CommandKind::Block:
      k.setBlocked(c.node, c.peer, true);
      break;
    case CommandKind::Cut:
      k.setBlocked(c.node, c.peer, true);
      k.setBlocked(c.peer, c.node, true);
      break;
    case CommandKind::Heal:
      k.healAll();
      break;
    case CommandKind::Network:
      k.network().setDefaultLink(c.link);
      break;
    case CommandKind::Pattern:
      break;
  }
}

void Simulation::moveTo(SimTime at, std::uint64_t afterEvent, std::uint64_t afterSamples) {
  // No event after `at` ran before that point, so a stamp that asks for more
  // events than there were (a damaged replay file) stops at `at`, not never.
  // (An empty queue may only mean the nodes have not started: stepUntil starts them.)
  while (kernel_->eventsProcessed() < afterEvent && stepUntil(at)) {
  }
  if (at > kernel_->now()) runUntil(at);
  // A run starts its nodes the first time it runs, and that takes the sample
  // at 0: a command stamped after it must act on started nodes (at 0 ms
  // nothing else would have started them yet).
  if (afterSamples > 0 && kernel_->metrics().samplesTaken() == 0) runUntil(kernel_->now());
  kernel_->sampleUpTo(afterSamples);
}

void Simulation::replay(const Command& command) {
  moveTo(command.at, command.afterEvent, command.afterSamples);
  apply(command);
}

std::string Simulation::describe(const Command& c) const {
  const Vocabulary& words = kernel_->vocabulary();
  return cs::describe(c, [&](NodeId n) { return words.nodeName(n); });
}

std::string Simulation::describe(const TraceRecord& r) const {
  if (r.kind == TraceKind::Command && r.v[0] >= 0 && static_cast<std::size_t>(r.v[0]) < log_.size())
    return "command: " + describe(log_[r.v[0]]);
  if (r.kind == TraceKind::Violation && static_cast<std::size_t>(r.v[0]) < violations_.size()) {
    const Violation& v = violations_[r.v[0]];
    return "INVARIANT VIOLATED (" + v.checker + "): " + v.text;
  }
  return kernel_->vocabulary().describe(r);
}

}  // namespace cs
