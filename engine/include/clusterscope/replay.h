// Replay files: a run saved so that it opens to the identical run on another
// machine. A run is its scenario (carried whole, so the file needs nothing
// else), its seed and its command log: every command, the scenario steps'
// actions and the user's alike, stamped with the point it applied at (time,
// events before it, samples before it). Where each step began, where the run
// stopped and the trace hash there come along, so a replay can begin the
// steps at the same points, stop at the same point and check the hash.
//
// The file is versioned JSON (see replayJson for its shape). Reading is
// strict like the scenario parser: a malformed, truncated, wrong-version or
// inconsistent file, or an unknown field, is an InputError naming the file,
// the JSON path and what was expected.
//
// Replay values are plain data (any thread). captureReplay and ReplayPlayer
// use a run: the thread that owns it (the kernel thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/command.h"
#include "clusterscope/scenario.h"

namespace cs {

// The replay file version this build writes and reads.
inline constexpr int kReplayVersion = 1;

// A point a run reached: the stamps a command carries (see Command).
struct RunPoint {
  SimTime at{};
  std::uint64_t events = 0;   // events processed by then
  std::uint64_t samples = 0;  // metric samples taken by then
};

struct Replay {
  Scenario scenario;              // as its file said (its own seed, its source)
  std::uint64_t seed = 0;         // the run's seed, which may not be the scenario's
  std::vector<StepMark> steps;    // every step begun, in order
  std::vector<Command> commands;  // the whole command log, stamped
  RunPoint end;                   // where the run stopped
  std::uint64_t traceHash = 0;    // the trace hash there
  std::string source;             // the file it was read from; empty if captured
};

// The run so far, as a replay.
Replay captureReplay(const ScenarioRunner& runner);

// The text of a replay file:
//   { "clusterscope-replay": 1,
//     "scenario": {"name", "source", "definition": <the scenario's JSON>},
//     "pattern", "options", "seed",
//     "steps": [{"step", "at-us", "events-before", "samples-before",
//                "first-command", "commands"}],
//     "commands": [{"at-us", "events-before", "samples-before", "kind",
//                   and those of node, peer, groups, duration-us, link,
//                   verb, args that the command sets}],
//     "until": {"at-us", "events", "samples"},
//     "trace-hash": "<16 hex digits>" }
// Throws InputError if the scenario has no JSON text (one not read by
// parseScenario).
std::string replayJson(const Replay& replay);
// Writes replayJson(replay) to `path`. Throws InputError naming the path if
// it cannot be written.
void saveReplay(const Replay& replay, const std::string& path);

// Reads the text of a replay file; `source` names it in errors. Checks the
// scenario, every command against the pattern's cluster, and that the steps,
// commands and end follow each other in time.
Replay parseReplay(std::string_view text, const std::string& source);
// Reads a replay file. Throws InputError naming the path if it is missing or
// unreadable, or as parseReplay.
Replay loadReplay(const std::string& path);
// Whether the file at `path` is meant as a replay file: its name ends in
// ".replay.json", or its text begins (white space aside) with
// {"clusterscope-replay". Looked at without parsing, so that a truncated or
// damaged replay is still read as one and its error says what is wrong.
// False for a missing or unreadable file.
bool isReplayFile(const std::string& path);

// Plays a replay back: rebuilds the run from the scenario and the seed, then
// carries out the recorded items in order, each at exactly the point it
// happened — a step beginning (its actions replayed from the log), a command
// the user gave, the end — so that the run is the recorded one, event for
// event. Items are exposed one at a time so that a report (the headless
// runner) can print between them.
class ReplayPlayer {
 public:
  enum class Next {
    Step,     // a scenario step begins; nextStep() says which
    Command,  // a command that no step's actions made (the user's)
    End,      // the point where the recorded run stopped
    Done,     // nothing left: the run is at its recorded end
  };

  // Throws InputError if the scenario's pattern or options are bad.
  explicit ReplayPlayer(Replay replay);

  const Replay& replay() const { return replay_; }
  ScenarioRunner& runner() { return *runner_; }
  const ScenarioRunner& runner() const { return *runner_; }
  Simulation& simulation() { return runner_->simulation(); }
  const Simulation& simulation() const { return runner_->simulation(); }

  Next next() const;
  // REQUIRES: next() == Next::Step.
  std::size_t nextStep() const;
  bool done() const { return next() == Next::Done; }

  // Where the next item happens. REQUIRES: !done().
  RunPoint nextPoint() const { return pointOf(items_[next_]); }
  // Runs up to the point where the next item happens, without carrying it
  // out. REQUIRES: !done().
  void approach();
  // Approaches, then carries out the next item. A step that could not begin
  // in the recorded run cannot begin here either: its InputError's message is
  // returned (and the player moves on). A command the run rejects means the
  // file does not belong to this build: InputError naming the file and the
  // command. REQUIRES: !done().
  std::optional<std::string> advance();
  // advance() until done().
  void playToEnd();

  // The run's trace hash now, and whether it is the recorded one.
  std::uint64_t traceHash() const;
  bool hashMatches() const { return traceHash() == replay_.traceHash; }

 private:
  struct Item {
    Next kind;
    std::size_t index;  // into replay_.steps or replay_.commands
  };
  RunPoint pointOf(const Item& item) const;

  Replay replay_;
  std::unique_ptr<ScenarioRunner> runner_;
  std::vector<Item> items_;
  std::size_t next_ = 0;
};

}  // namespace cs
