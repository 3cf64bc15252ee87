// Authoring: a session saved as a scenario, so that a lecturer prepares a
// demo by doing it once. The run so far (a Replay: its scenario, seed, the
// steps it began and its command log) becomes a draft: an opening step, then
// one step per action performed — a scenario step begun, or a command the
// user gave — each with narration the author types. Written out, the draft
// is an ordinary scenario file whose steps end at exactly the point where the
// session's next action came (StepCondition::Kind::At), so that it runs,
// headless or in the window, to the same trace hash as the session did.
//
// Plain values and functions; any thread.
#pragma once

#include <string>
#include <vector>

#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"

namespace cs {

// One step of the scenario being written: where an action came in the
// session, the commands it carried out there, and the author's words.
struct DraftStep {
  RunPoint at;                    // where the step begins (the run's start for the first)
  std::vector<Command> commands;  // carried out as the step begins: its actions
  std::string action;             // the action in words: "crash payment"
  std::string title;              // the step's title in the scenario
  std::string narration;          // the author's; empty: the action in words
};

struct ScenarioDraft {
  std::string title;
  std::string description;
  SimulationConfig config;  // the session's pattern, options and seed
  // steps[0] opens the run, before the first action; each step runs until
  // the next one begins, and the last until `end`.
  std::vector<DraftStep> steps;
  RunPoint end;  // where the session stood
};

// The session's run as a draft: its title and description are the
// scenario's; a step the session began keeps its title and narration.
// Throws InputError if the scenario's pattern or options are bad.
ScenarioDraft draftScenario(const Replay& run);

// The scenario file's text (the format parseScenario reads). Throws
// InputError naming the step and the command if a command cannot be written
// as an action that reads back as the same command.
std::string draftJson(const ScenarioDraft& draft);
// Writes draftJson(draft) to `path`. Throws InputError naming the path if it
// cannot be written, or as draftJson.
void saveDraft(const ScenarioDraft& draft, const std::string& path);

// A command in words, with the nodes' names ("crash payment", "partition
// {node 0, node 1} | {node 2, node 3, node 4}").
std::string describeAction(const Command& command, const Simulation& sim);

}  // namespace cs
