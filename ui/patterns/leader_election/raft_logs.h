// Raft's logs on the canvas, as RaftScope draws them: one row per server,
// entries aligned by index, a colour per term, the key=value in each entry,
// committed entries solid and the rest dashed, a bar at each commitIndex,
// and entries a leader's AppendEntries replaced struck out above the ones
// that replaced them. LogMemory remembers what each server held so that a
// replaced entry can still be shown. UI thread only.
#pragma once

#include <clusterscope/leader_election/raft_view.h>
#include <clusterscope/pattern.h>
#include <QColor>
#include <QRectF>

#include <cstdint>
#include <string>
#include <vector>

class QPainter;

namespace cs::ui::leader_election {

using cs::leader_election::LogEntryView;
using cs::leader_election::RaftView;

// An entry a server held at `index` until a leader's log overwrote or
// truncated it (the paper's §5.3: "delete the existing entry and all that
// follow it").
struct ReplacedEntry {
  NodeId server = kNoNode;
  std::int64_t index = 0;
  std::int64_t term = 0;
  std::string text;
};

class LogMemory {
 public:
  // Compares each server's log with the one last seen; an entry gone or of
  // another term was replaced. A time earlier than the last forgets all:
  // the run went back.
  void observe(const RaftView& view, SimTime now);
  const std::vector<ReplacedEntry>& replaced() const { return replaced_; }

 private:
  SimTime last_{};
  std::vector<std::vector<LogEntryView>> seen_;  // by server id
  std::vector<ReplacedEntry> replaced_;
};

// The colour of a term's entries: a cycle apart from the role colours.
QColor termColour(std::int64_t term);

// The panel for `servers` servers with its left edge at `left`: its top
// where the lecture's rows, centred vertically on 0, begin; its bottom at
// `bottom` (the room beside the ring, which the logs take where the canvas
// is drawn small) or lower where those rows need it.
QRectF logPanelRect(double left, std::size_t servers, double bottom = 0);

// Draws the panel within `room`, a logPanelRect: on a canvas drawn so small
// that the lecture's type would read under kReadablePixels (shapes.h), in
// fewer, larger columns over all of the room's height.
void paintLogs(QPainter* p, const QRectF& room, const RaftView& view,
               const std::vector<NodeSnapshot>& nodes, const std::vector<ReplacedEntry>& replaced);

}  // namespace cs::ui::leader_election
