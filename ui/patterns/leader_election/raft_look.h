// How Raft's words look on the canvas: role colours and shapes, and one
// distinct glyph per kind of message (RequestVote, vote granted or denied,
// heartbeat, AppendEntries with entries, client write and reply), plus the
// legend that explains them. Classification reads message kind names and
// field names from the Vocabulary, never engine internals. UI thread only.
#pragma once

#include <clusterscope/message.h>
#include <clusterscope/vocabulary.h>
#include <QColor>
#include <QPainterPath>
#include <QString>

#include <vector>

#include "../../src/theme.h"

namespace cs::ui::leader_election {

enum class MessageClass {
  RequestVote,
  VoteGranted,
  VoteDenied,
  Heartbeat,      // AppendEntries carrying no entries
  AppendEntries,  // AppendEntries carrying entries
  AppendReply,
  ClientWrite,
  ClientReply,
  Other,
};

enum class RoleShape { Circle, Hexagon, Crowned, Box, Unknown };

MessageClass classify(const Vocabulary* vocabulary, const Message& message);

struct MessageLook {
  QColor fill;
  QPainterPath shape;  // centred on (0, 0), about 2 * radius across
  QString legend;
};
MessageLook look(MessageClass c, const Theme& theme, double radius);

QColor roleColor(const std::string& role, const Theme& theme);
RoleShape roleShape(const std::string& role);

// Every message class in legend order.
std::vector<MessageClass> legendOrder();

// A regular polygon of radius r centred on the origin, its first corner at
// `rotation` radians: the shapes of roles and message kinds.
QPainterPath polygon(int sides, double r, double rotation);

}  // namespace cs::ui::leader_election
