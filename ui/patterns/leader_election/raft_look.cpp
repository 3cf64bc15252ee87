// Raft's visual vocabulary. See raft_look.h.
#include "raft_look.h"

#include <QtMath>
#include <string_view>

namespace cs::ui::leader_election {
namespace {

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// The value of a message field by name, or `otherwise` if the kind has none.
std::int64_t field(const LabelInfo& info, const Message& m, std::string_view name,
                   std::int64_t otherwise) {
  for (std::size_t i = 0; i < info.fields.size() && i < m.fields.size(); ++i)
    if (info.fields[i] == name) return m.fields[i];
  return otherwise;
}

}  // namespace

QPainterPath polygon(int sides, double r, double rotation) {
  QPainterPath p;
  for (int i = 0; i < sides; ++i) {
    const double a = rotation + 2 * M_PI * i / sides;
    const QPointF pt(r * std::cos(a), r * std::sin(a));
    if (i == 0)
      p.moveTo(pt);
    else
      p.lineTo(pt);
  }
  p.closeSubpath();
  return p;
}

MessageClass classify(const Vocabulary* vocabulary, const Message& m) {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size()) return MessageClass::Other;
  const LabelInfo& info = vocabulary->info(m.kind);
  const std::string& name = info.name;
  if (contains(name, "RequestVote")) {
    if (contains(name, "Reply") || contains(name, "Response"))
      return field(info, m, "voteGranted", 0) ? MessageClass::VoteGranted
                                              : MessageClass::VoteDenied;
    return MessageClass::RequestVote;
  }
  if (contains(name, "AppendEntries")) {
    if (contains(name, "Reply") || contains(name, "Response")) return MessageClass::AppendReply;
    std::int64_t entries = field(info, m, "entries", -1);
    if (entries < 0) entries = field(info, m, "entryCount", -1);
    if (entries < 0) entries = field(info, m, "count", -1);
    if (entries < 0) entries = m.payload ? 1 : 0;
    return entries > 0 ? MessageClass::AppendEntries : MessageClass::Heartbeat;
  }
  if (contains(name, "Client") || contains(name, "client")) {
    if (contains(name, "Reply") || contains(name, "Response") || contains(name, "Ack"))
      return MessageClass::ClientReply;
    return MessageClass::ClientWrite;
  }
  return MessageClass::Other;
}

MessageLook look(MessageClass c, const Theme& t, double r) {
  MessageLook l;
  switch (c) {
    case MessageClass::RequestVote:
      l.fill = t.vote;
      l.shape = polygon(4, r * 1.35, 0);  // diamond
      l.legend = "RequestVote";
      break;
    case MessageClass::VoteGranted:
      l.fill = t.voteGranted;
      l.shape = polygon(3, r * 1.35, -M_PI / 2);  // triangle up
      l.legend = "vote granted";
      break;
    case MessageClass::VoteDenied:
      l.fill = t.voteDenied;
      l.shape = polygon(3, r * 1.35, M_PI / 2);  // triangle down
      l.legend = "vote denied";
      break;
    case MessageClass::Heartbeat:
      l.fill = t.heartbeat;
      l.shape.addEllipse(QPointF(0, 0), r * 0.75, r * 0.75);  // small dot
      l.legend = "heartbeat";
      break;
    case MessageClass::AppendEntries:
      l.fill = t.append;
      l.shape.addRect(QRectF(-r * 1.2, -r * 0.9, r * 2.4, r * 1.8));  // envelope
      l.legend = "AppendEntries (entries)";
      break;
    case MessageClass::AppendReply:
      l.fill = t.appendReply;
      l.shape.addEllipse(QPointF(0, 0), r * 0.6, r * 0.6);
      l.legend = "AppendEntries reply";
      break;
    case MessageClass::ClientWrite:
      l.fill = t.clientWrite;
      l.shape = polygon(5, r * 1.3, -M_PI / 2);  // pentagon
      l.legend = "client write";
      break;
    case MessageClass::ClientReply:
      l.fill = t.clientReply;
      l.shape = polygon(5, r * 1.1, M_PI / 2);
      l.legend = "client reply";
      break;
    case MessageClass::Other:
      l.fill = t.other;
      l.shape.addEllipse(QPointF(0, 0), r, r);
      l.legend = "other";
      break;
  }
  return l;
}

QColor roleColor(const std::string& role, const Theme& t) {
  if (role == "leader") return t.leader;
  if (role == "candidate") return t.candidate;
  if (role == "follower") return t.follower;
  if (role == "client") return t.client;
  return t.other;
}

RoleShape roleShape(const std::string& role) {
  if (role == "leader") return RoleShape::Crowned;
  if (role == "candidate") return RoleShape::Hexagon;
  if (role == "follower") return RoleShape::Circle;
  if (role == "client") return RoleShape::Box;
  return RoleShape::Unknown;
}

std::vector<MessageClass> legendOrder() {
  return {MessageClass::RequestVote, MessageClass::VoteGranted,   MessageClass::VoteDenied,
          MessageClass::Heartbeat,   MessageClass::AppendEntries, MessageClass::AppendReply,
          MessageClass::ClientWrite, MessageClass::ClientReply};
}

}  // namespace cs::ui::leader_election
