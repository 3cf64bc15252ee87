// Label registry and the sentences the event log shows. See vocabulary.h.
#include "clusterscope/vocabulary.h"

#include <cassert>

#include "clusterscope/placeholders.h"
#include "clusterscope/trace.h"

namespace cs {

const char* dropReasonText(DropReason r) {
  switch (r) {
    case DropReason::None:
      return "";
    case DropReason::Partitioned:
      return "partitioned";
    case DropReason::Loss:
      return "lost on the link";
    case DropReason::NodeDown:
      return "receiver is down";
    case DropReason::SenderDown:
      return "sender is down";
  }
  return "";
}

Vocabulary::Vocabulary() {
  LabelInfo none;
  none.name = "-";
  labels_.push_back(std::move(none));
}

Label Vocabulary::define(LabelInfo info) {
  assert(!find(info.kind, info.name));
  labels_.push_back(std::move(info));
  return static_cast<Label>(labels_.size() - 1);
}

std::optional<Label> Vocabulary::find(LabelKind kind, std::string_view name) const {
  for (std::size_t i = 1; i < labels_.size(); ++i)
    if (labels_[i].kind == kind && labels_[i].name == name) return static_cast<Label>(i);
  return std::nullopt;
}

std::string Vocabulary::valueName(Label state, std::int64_t value) const {
  const auto& names = labels_.at(state).valueNames;
  if (value >= 0 && static_cast<std::size_t>(value) < names.size()) return names[value];
  return std::to_string(value);
}

void Vocabulary::nameNode(NodeId node, std::string name) {
  if (nodeNames_.size() <= node) nodeNames_.resize(node + 1);
  nodeNames_[node] = std::move(name);
}

std::string Vocabulary::nodeName(NodeId n) const {
  if (n == kNoNode) return "-";
  if (n < nodeNames_.size() && !nodeNames_[n].empty()) return nodeNames_[n];
  return "node " + std::to_string(n);
}

std::string Vocabulary::describe(const TraceRecord& r) const {
  const LabelInfo& l = labels_.at(r.label < labels_.size() ? r.label : 0);
  auto fields = [&] {
    std::string s;
    for (std::size_t i = 0; i < l.fields.size() && i < r.v.size(); ++i)
      s += " " + l.fields[i] + "=" + std::to_string(r.v[i]);
    return s;
  };
  const std::string arrow = nodeName(r.node) + " -> " + nodeName(r.peer) + ": " + l.name;
  switch (r.kind) {
    case TraceKind::Sent:
      return arrow + fields() + ((r.flags & kFlagDuplicate) ? " (duplicate)" : "");
    case TraceKind::Delivered:
      return arrow + " delivered";
    case TraceKind::Dropped:
      return arrow + " dropped (" + dropReasonText(r.reason) + ")";
    case TraceKind::TimerFired:
      return nodeName(r.node) + ": timer fired";
    case TraceKind::Crashed:
      return nodeName(r.node) + " crashed";
    case TraceKind::Restarted:
      return nodeName(r.node) + " restarted";
    case TraceKind::Paused:
      return nodeName(r.node) + " paused";
    case TraceKind::Resumed:
      return nodeName(r.node) + " resumed";
    case TraceKind::Slowed:
      return r.v[0] ? nodeName(r.node) + " slowed to " + std::to_string(r.v[0] / 1000) +
                          " ms per message"
                    : nodeName(r.node) + " back to normal speed";
    case TraceKind::LinkChanged:
      return "link " + nodeName(r.node) + " -> " + nodeName(r.peer) +
             (r.v[0] ? " blocked" : " open");
    case TraceKind::StateChanged:
      return nodeName(r.node) + ": " + l.name + " " + valueName(r.label, r.v[0]) + " -> " +
             valueName(r.label, r.v[1]);
    case TraceKind::Milestone:
      return fillPlaceholders(l.format.empty() ? l.name : l.format, *this, r, l.fields,
                              [](std::size_t, std::int64_t v) { return std::to_string(v); });
    case TraceKind::Command:
      return "command";
    case TraceKind::Violation:
      return "invariant violated";
  }
  return l.name;
}

std::string fillPlaceholders(
    std::string format, const Vocabulary& vocabulary, const TraceRecord& record,
    const std::vector<std::string>& fields,
    const std::function<std::string(std::size_t field, std::int64_t value)>& valueText) {
  auto replace = [&format](const std::string& key, const std::string& value) {
    for (auto pos = format.find(key); pos != std::string::npos;
         pos = format.find(key, pos + value.size()))
      format.replace(pos, key.size(), value);
  };
  // {field:one|many}: the word that agrees with the field's value, so a
  // sentence says "1 event" and "3 events", never "event(s)".
  auto agree = [&format](const std::string& field, std::int64_t value) {
    const std::string key = "{" + field + ":";
    for (auto pos = format.find(key); pos != std::string::npos; pos = format.find(key, pos)) {
      const auto bar = format.find('|', pos + key.size());
      const auto end = format.find('}', pos + key.size());
      if (bar == std::string::npos || end == std::string::npos || bar > end) {
        pos += key.size();
        continue;
      }
      const std::string word = value == 1 || value == -1
                                   ? format.substr(pos + key.size(), bar - pos - key.size())
                                   : format.substr(bar + 1, end - bar - 1);
      format.replace(pos, end + 1 - pos, word);
      pos += word.size();
    }
  };
  replace("{node}", vocabulary.nodeName(record.node));
  replace("{peer}", vocabulary.nodeName(record.peer));
  for (std::size_t i = 0; i < fields.size() && i < record.v.size(); ++i) {
    agree(fields[i], record.v[i]);
    replace("{" + fields[i] + "}", valueText(i, record.v[i]));
  }
  return format;
}

}  // namespace cs
