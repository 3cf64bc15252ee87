// The files a run will write (--save-replay, --csv, --screenshot), checked
// before the run starts: a long run must not end by failing to write, nor
// overwrite the scenario or replay it read. Main thread.
#pragma once

#include "cli.h"

namespace cs::app {

// Throws cs::InputError naming the flag if an output is the input file
// (--scenario FILE or --replay FILE) or another output, or cannot be written:
// a directory, a special file, a read-only file, or a folder that is missing
// or read-only.
void checkOutputPaths(const Options& o);

}  // namespace cs::app
