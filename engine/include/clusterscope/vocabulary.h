// The words a pattern teaches with: its message kinds (with field names),
// milestones (with a sentence template) and state fields. Registered once
// when a cluster is built, read by the trace, the UI and the scenario
// conditions, so the same word appears in code, log and narration.
// Built on the kernel thread before the run; read-only (and so safe to share)
// afterwards.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/ids.h"

namespace cs {

struct TraceRecord;

enum class LabelKind : std::uint8_t {
  Message,    // a kind of message; fields name Message::fields
  Milestone,  // a pattern event worth narrating; fields name TraceRecord::v
  State,      // a state variable whose changes are traced (old, new)
};

// The part a label plays in a request/reply exchange. Request paths match a
// call with its answer, and a caller's giving up with its call, by these and
// never by a kind's name.
enum class Exchange : std::uint8_t {
  // A message that expects no answer (a notification, a gossip); also every
  // label outside an exchange: states and most milestones.
  OneWay,
  // A message that expects a Reply from its receiver.
  Request,
  // A message that answers a Request.
  Reply,
  // A milestone: its node stopped waiting for the Reply to a Request it sent
  // to the milestone's peer (the RPC layer's timeout). The Request is the
  // one whose correlation field holds the same value.
  GaveUp,
};

// How a Reply says the call ended: the field, and the names of its values,
// 0 meaning the call succeeded ("ok", "error", "rejected").
struct ReplyOutcome {
  std::string field;
  std::vector<std::string> names;
};

struct LabelInfo {
  LabelKind kind = LabelKind::Message;
  std::string name;                 // "RequestVote", "leader-elected", "role"
  std::vector<std::string> fields;  // names of the integer fields, in order
  // Which of them is called `name`; nullopt if none is.
  std::optional<std::size_t> fieldIndex(std::string_view name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (fields[i] == name) return i;
    return std::nullopt;
  }
  // Milestones: a sentence with placeholders {node}, {peer} and the field
  // names, e.g. "node {node} is leader for term {term}".
  std::string format;
  // State: names for values, when the value is an enum (role 0 = "follower").
  // A Reply with an outcome: names for the outcome's values.
  std::vector<std::string> valueNames;
  Exchange exchange = Exchange::OneWay;
  // Request, Reply and GaveUp: the field whose value a Request shares with
  // its Reply and with a GaveUp milestone about it (the RPC layer's "call");
  // nullopt when only Message::cause ties a Reply to its Request.
  std::optional<std::size_t> correlation;
  // A Reply: the field that says how the call ended, 0 meaning it succeeded.
  std::optional<std::size_t> outcome;
};

class Vocabulary {
 public:
  Vocabulary();

  // REQUIRES: no label of this kind has this name yet.
  Label define(LabelInfo info);

  const LabelInfo& info(Label label) const { return labels_.at(label); }
  std::size_t size() const { return labels_.size(); }
  std::optional<Label> find(LabelKind kind, std::string_view name) const;

  // The human sentence for a record: "node 2 -> node 4: RequestVote term=3 ...",
  // "orders -> payment: Request call=7 ...".
  std::string describe(const TraceRecord& record) const;
  // A state value by its name where one is registered ("leader"), else the number.
  std::string valueName(Label state, std::int64_t value) const;

  void nameNode(NodeId node, std::string name);
  // The node's name if it has one ("payment"), else "node 3"; "-" for kNoNode.
  std::string nodeName(NodeId node) const;

 private:
  std::vector<LabelInfo> labels_;       // index 0 is kNoLabel
  std::vector<std::string> nodeNames_;  // by node id; "" for an unnamed node
};

}  // namespace cs
