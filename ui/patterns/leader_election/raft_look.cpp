// Raft's visual vocabulary. See raft_look.h.
#include "raft_look.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <cmath>
#include <string_view>

#include "../../src/canvas/fitted_text.h"
#include "../../src/canvas/node_item.h"
#include "../../src/session.h"
#include "raft_actions.h"

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

constexpr double kR = NodeItem::kRadius;

QString nodeLabel(NodeId id) {
  return id == kNoNode ? QStringLiteral("—") : QString::number(id);
}

void paintCrown(QPainter* p, const QColor& outline) {
  const Theme& t = currentTheme();
  const double w = kR * 1.1, h = kR * 0.55, y = -kR - 4;
  QPainterPath crown;
  crown.moveTo(-w / 2, y);
  crown.lineTo(-w / 2, y - h);
  crown.lineTo(-w / 4, y - h * 0.45);
  crown.lineTo(0, y - h * 1.1);
  crown.lineTo(w / 4, y - h * 0.45);
  crown.lineTo(w / 2, y - h);
  crown.lineTo(w / 2, y);
  crown.closeSubpath();
  p->setPen(QPen(outline.darker(120), t.lineWidth));
  p->setBrush(t.crown);
  p->drawPath(crown);
}

}  // namespace

MessageClass classify(const Vocabulary* vocabulary, const Message& m) {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size()) return MessageClass::Other;
  const LabelInfo& info = vocabulary->info(m.kind);
  const std::string& name = info.name;
  const bool reply = info.exchange == Exchange::Reply;
  if (contains(name, "RequestVote")) {
    if (reply)
      return field(info, m, "voteGranted", 0) ? MessageClass::VoteGranted
                                              : MessageClass::VoteDenied;
    return MessageClass::RequestVote;
  }
  if (contains(name, "AppendEntries")) {
    if (reply) return MessageClass::AppendReply;
    std::int64_t entries = field(info, m, "entries", -1);
    if (entries < 0) entries = field(info, m, "entryCount", -1);
    if (entries < 0) entries = field(info, m, "count", -1);
    if (entries < 0) entries = m.payload ? 1 : 0;
    return entries > 0 ? MessageClass::AppendEntries : MessageClass::Heartbeat;
  }
  if (contains(name, "Client") || contains(name, "client")) {
    if (reply) return MessageClass::ClientReply;
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

QColor roleColor(const ServerView* server, const Theme& t) {
  if (!server) return t.client;
  switch (server->role) {
    case Role::Leader:
      return t.leader;
    case Role::Candidate:
      return t.candidate;
    case Role::Follower:
      return t.follower;
  }
  return t.other;
}

RoleShape roleShape(const ServerView* server) {
  if (!server) return RoleShape::Box;
  switch (server->role) {
    case Role::Leader:
      return RoleShape::Crowned;
    case Role::Candidate:
      return RoleShape::Hexagon;
    case Role::Follower:
      return RoleShape::Circle;
  }
  return RoleShape::Unknown;
}

std::vector<MessageClass> legendOrder() {
  return {MessageClass::RequestVote, MessageClass::VoteGranted,   MessageClass::VoteDenied,
          MessageClass::Heartbeat,   MessageClass::AppendEntries, MessageClass::AppendReply,
          MessageClass::ClientWrite, MessageClass::ClientReply};
}

namespace {

// Where the ring, the clients and the log panel stand: members on a circle
// whose circumference leaves room for each node, the clients in a column to
// the right, outside the ring, and the logs to the right of the clients.
struct RaftPlaces {
  std::vector<NodeId> members, clients;
  double spacing = 0, radius = 0, clientX = 0, panelLeft = 0;
};

RaftPlaces places(const std::vector<NodeSnapshot>& ns) {
  RaftPlaces g;
  for (const auto& n : ns) (n.member ? g.members : g.clients).push_back(n.id);
  g.spacing = kR * 2 + 150;
  g.radius = std::max(260.0, g.spacing * static_cast<double>(g.members.size()) / (2 * M_PI));
  g.clientX = g.radius + g.spacing * 1.1;
  g.panelLeft = (g.clients.empty() ? g.radius : g.clientX) + kR + 70;
  return g;
}

}  // namespace

NodeLayout RaftLook::layout(const PatternView& view, const std::vector<NodeSnapshot>& ns) const {
  const RaftPlaces g = places(ns);
  NodeLayout l;
  l.positions.assign(ns.size(), QPointF());
  for (std::size_t i = 0; i < g.members.size(); ++i) {
    const double a = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / g.members.size();
    l.positions[g.members[i]] = QPointF(g.radius * std::cos(a), g.radius * std::sin(a));
  }
  for (std::size_t i = 0; i < g.clients.size(); ++i) {
    const double y = (static_cast<double>(i) - (g.clients.size() - 1) / 2.0) * g.spacing;
    l.positions[g.clients[i]] = QPointF(g.clientX, y);
  }
  // The legend takes the lower left; the log panel the right.
  const QRectF panel = panelBounds(view, ns);
  const double right = panel.isEmpty() ? g.clientX + 110 : panel.right() + 30;
  const double half = std::max(g.radius + 130, panel.height() / 2 + 20);
  l.sceneRect = QRectF(QPointF(-g.radius - 480, -half), QPointF(right, half));
  return l;
}

QRectF RaftLook::panelBounds(const PatternView& view, const std::vector<NodeSnapshot>& ns) const {
  const auto& raft = viewOf<RaftView>(view);
  if (raft.servers.empty()) return {};
  // Down to the ring's lowest labels: the logs take that room on a small canvas.
  const RaftPlaces g = places(ns);
  return logPanelRect(g.panelLeft, raft.servers.size(), g.radius + 110);
}

void RaftLook::paintPanel(QPainter* p, const PatternView& view,
                          const std::vector<NodeSnapshot>& ns) const {
  paintLogs(p, panelBounds(view, ns), viewOf<RaftView>(view), ns, logs_->replaced());
}

void RaftLook::observe(const PatternView& view, SimTime now) const {
  logs_->observe(viewOf<RaftView>(view), now);
}

bool RaftLook::linked(const PatternView&, const NodeSnapshot& a, const NodeSnapshot& b) const {
  // Members talk to each other; a client talks to every member.
  return a.member || b.member;
}

double RaftLook::inset(const PatternView&, const NodeSnapshot&, QPointF) const {
  return kR + 6;
}

QPainterPath RaftLook::nodeShape(const PatternView&, const NodeSnapshot&) const {
  QPainterPath p;
  p.addEllipse(QPointF(0, 0), kR + 12, kR + 12);
  return p;
}

bool RaftLook::animated(const PatternView& view, const NodeSnapshot& s) const {
  return viewOf<RaftView>(view).server(s.id) != nullptr;
}

QColor RaftLook::laneColour(const PatternView& view, const NodeSnapshot& s, const Theme& t) const {
  if (s.status == NodeStatus::Crashed) return t.dead;
  return roleColor(viewOf<RaftView>(view).server(s.id), t);
}

void RaftLook::paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                         const NodePaintContext& c) const {
  const Theme& t = currentTheme();
  const bool dead = s.status == NodeStatus::Crashed;
  const double lw = t.lineWidth;
  const ServerView* server = viewOf<RaftView>(view).server(s.id);

  // The election timer: a ring that empties as the deadline approaches.
  if (server && s.status == NodeStatus::Up) {
    const double total = static_cast<double>((server->timerDeadline - server->timerStart).count());
    const double left = static_cast<double>((server->timerDeadline - c.now).count());
    const double frac = total > 0 ? std::clamp(left / total, 0.0, 1.0) : 0.0;
    const QRectF ring(-kR - 9, -kR - 9, 2 * kR + 18, 2 * kR + 18);
    p->setPen(QPen(t.link, lw * 1.5));
    p->setBrush(Qt::NoBrush);
    p->drawEllipse(ring);
    p->setPen(QPen(t.timer, lw * 2.5, Qt::SolidLine, Qt::FlatCap));
    p->drawArc(ring, 90 * 16, static_cast<int>(frac * 360 * 16));
  }

  if (c.highlighted) {
    p->setPen(QPen(t.selection, lw * 3));
    p->setBrush(Qt::NoBrush);
    p->drawEllipse(QPointF(0, 0), kR + 16, kR + 16);
  }

  // Body: role by colour and by shape, so it reads without colour too.
  const QColor fill = dead ? t.dead : roleColor(server, t);
  const QColor outline = fill.darker(150);
  p->setPen(QPen(outline, lw * 1.5));
  p->setBrush(fill);
  switch (roleShape(server)) {
    case RoleShape::Hexagon:
      p->drawPath(polygon(6, kR * 1.08, M_PI / 6));
      break;
    case RoleShape::Box:
      p->drawRoundedRect(QRectF(-kR, -kR * 0.8, 2 * kR, 1.6 * kR), 12, 12);
      break;
    case RoleShape::Crowned:
      p->drawEllipse(QPointF(0, 0), kR, kR);
      p->setPen(QPen(t.surface, lw * 1.5));
      p->setBrush(Qt::NoBrush);
      p->drawEllipse(QPointF(0, 0), kR - 6, kR - 6);
      if (!dead) paintCrown(p, outline);
      break;
    default:
      p->drawEllipse(QPointF(0, 0), kR, kR);
  }

  // Too small to read (a very large cluster): the shape and colour say enough.
  if (c.detail < 0.3) {
    if (dead) {
      p->setPen(QPen(QColor("#b00020"), lw * 3));
      p->drawLine(QPointF(-kR * 0.8, -kR * 0.8), QPointF(kR * 0.8, kR * 0.8));
      p->drawLine(QPointF(-kR * 0.8, kR * 0.8), QPointF(kR * 0.8, -kR * 0.8));
    }
    return;
  }

  // The term, written as a term so that no one reads it as the node's id,
  // as large as the node allows.
  const QColor onFill = QColor("#ffffff");
  QFont f = font(p, 24, true);
  p->setPen(onFill);
  if (server) {
    const QString term = QStringLiteral("term %1").arg(server->currentTerm);
    while (f.pixelSize() > 16 && QFontMetricsF(f).horizontalAdvance(term) > 2 * kR - 10)
      f.setPixelSize(f.pixelSize() - 1);
    p->setFont(f);
    p->drawText(QRectF(-kR, -kR, 2 * kR, 2 * kR), Qt::AlignCenter, term);
  } else {
    f.setPixelSize(22);
    p->setFont(f);
    p->drawText(QRectF(-kR, -kR, 2 * kR, 2 * kR), Qt::AlignCenter, QStringLiteral("client"));
  }

  if (dead) {
    p->setPen(QPen(QColor("#b00020"), lw * 3, Qt::SolidLine, Qt::RoundCap));
    const double d = kR * 0.8;
    p->drawLine(QPointF(-d, -d), QPointF(d, d));
    p->drawLine(QPointF(-d, d), QPointF(d, -d));
  }

  // Name and vote under the node, larger on a projector.
  const double k = t.labelScale;
  const double nameHeight = 24 * k, stateHeight = 22 * k, halfWidth = kR + 40 * k;
  f.setPixelSize(static_cast<int>(20 * k));
  f.setBold(true);
  p->setFont(f);
  p->setPen(t.text);
  const QString name =
      QString::fromStdString(s.name.empty() ? "node " + std::to_string(s.id) : s.name);
  QString state = dead ? QStringLiteral("crashed") : QString::fromStdString(s.role);
  const QRectF nameBox(-halfWidth, kR + 12, 2 * halfWidth, nameHeight);
  drawLabelPlate(p, nameBox, Qt::AlignCenter, name);
  p->drawText(nameBox, Qt::AlignCenter, name);
  f.setPixelSize(static_cast<int>(16 * k));
  f.setBold(false);
  p->setFont(f);
  p->setPen(dead ? t.blocked : t.mutedText);
  if (server && !dead) state += QStringLiteral(" · voted ") + nodeLabel(server->votedFor);
  if (!s.member && !dead) state.clear();
  const QRectF stateBox(-halfWidth, kR + 12 + nameHeight, 2 * halfWidth, stateHeight);
  drawLabelPlate(p, stateBox, Qt::AlignCenter, state);
  drawFittedText(p, stateBox, Qt::AlignCenter, state);

  // Fault badges on the upper corners.
  auto badge = [&](QPointF at, const QString& text, const QColor& bg) {
    f.setPixelSize(17);
    f.setBold(true);
    p->setFont(f);
    const QRectF r(at.x() - 40, at.y() - 14, 80, 28);
    p->setPen(Qt::NoPen);
    p->setBrush(bg);
    p->drawRoundedRect(r, 14, 14);
    p->setPen(QColor("#ffffff"));
    p->drawText(r, Qt::AlignCenter, text);
  };
  if (s.status == NodeStatus::Paused) badge(QPointF(kR, -kR + 4), "paused", QColor("#6d4c41"));
  if (s.slowBy.count() > 0) badge(QPointF(-kR, -kR + 4), "slow", QColor("#ad5c00"));
}

int RaftLook::messageClassCount() const {
  return static_cast<int>(MessageClass::Other) + 1;
}

int RaftLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(leader_election::classify(vocabulary, message));
}

GlyphLook RaftLook::messageLook(int messageClass, const Theme& theme, double radius) const {
  const MessageLook l = look(static_cast<MessageClass>(messageClass), theme, radius);
  return {l.fill, l.shape, l.legend};
}

std::vector<int> RaftLook::legendMessageOrder() const {
  std::vector<int> v;
  for (MessageClass c : legendOrder()) v.push_back(static_cast<int>(c));
  return v;
}

QString RaftLook::paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const {
  const Theme& t = currentTheme();
  if (row == 4) {
    const QPointF a = c - QPointF(r * 1.3, 0), b = c + QPointF(r * 1.3, 0);
    p->setPen(QPen(t.blocked, 3, Qt::DashLine));
    p->drawLine(a, b);
    return QStringLiteral("partitioned link");
  }
  static const Role kRoles[] = {Role::Follower, Role::Candidate, Role::Leader, Role::Follower};
  ServerView server;
  server.role = kRoles[std::clamp(row, 0, 3)];
  const bool dead = row == 3;
  const QColor fill = dead ? t.dead : roleColor(&server, t);
  p->setPen(QPen(fill.darker(150), 1.5));
  p->setBrush(fill);
  if (roleShape(&server) == RoleShape::Hexagon) {
    QPolygonF h;
    for (int i = 0; i < 6; ++i)
      h << c + QPointF(r * 1.1 * std::cos(M_PI / 6 + M_PI / 3 * i),
                       r * 1.1 * std::sin(M_PI / 6 + M_PI / 3 * i));
    p->drawPolygon(h);
  } else {
    p->drawEllipse(c, r, r);
  }
  if (server.role == Role::Leader) {
    p->setBrush(t.crown);
    p->setPen(QPen(t.crown.darker(150), 1));
    QPolygonF crown;
    crown << c + QPointF(-r * 0.7, -r * 0.9) << c + QPointF(-r * 0.7, -r * 1.7)
          << c + QPointF(0, -r * 1.2) << c + QPointF(r * 0.7, -r * 1.7)
          << c + QPointF(r * 0.7, -r * 0.9);
    p->drawPolygon(crown);
  }
  if (dead) {
    p->setPen(QPen(QColor("#b00020"), 2));
    p->drawLine(c + QPointF(-r * 0.7, -r * 0.7), c + QPointF(r * 0.7, r * 0.7));
    p->drawLine(c + QPointF(-r * 0.7, r * 0.7), c + QPointF(r * 0.7, -r * 0.7));
    return QStringLiteral("crashed");
  }
  return QString::fromLatin1(roleName(server.role));
}

std::vector<NodeAction> RaftLook::nodeActions(const PatternView&, const NodeSnapshot& n) const {
  if (!n.member) return {};
  const bool crashed = n.status == NodeStatus::Crashed;
  const NodeId id = n.id;
  return {{QObject::tr("Time out now (start an election)"), !crashed,
           [id](Session& s) { s.apply(patternCommand("timeout", {std::to_string(id)}, id)); }},
          {QObject::tr("Send a client write here"), true,
           [writes = writes_, id](Session& s) { clientWrite(s, *writes, id); }}};
}

std::vector<PatternKnob> RaftLook::knobs(const PatternView& view,
                                         const std::vector<NodeSnapshot>&) const {
  const RaftView& raft = viewOf<RaftView>(view);
  return {
      buttonKnob(
          "isolate-leader", QObject::tr("Isolate leader"),
          QObject::tr("Cut the current leader off from everyone"),
          [](Session& s) { isolateLeader(s); }, QKeySequence(QObject::tr("Ctrl+L"))),
      buttonKnob(
          "majority-minority", QObject::tr("Majority | minority"),
          QObject::tr("Split the cluster: the leader's side is the minority"),
          [](Session& s) { partitionMajorityMinority(s); }, QKeySequence(QObject::tr("Ctrl+P"))),
      buttonKnob(
          "client-write", QObject::tr("Client write"),
          QObject::tr("Send a client write to the cluster"),
          [writes = writes_](Session& s) { clientWrite(s, *writes, kNoNode); },
          QKeySequence(QObject::tr("Ctrl+W"))),
      safetyRule(switchKnob(
          "election-restriction", QObject::tr("Election restriction"),
          QObject::tr("Safety rule (§5.4.1): vote only for a candidate whose log is at "
                      "least as up-to-date. Switch it off to watch a committed entry get "
                      "lost."),
          raft.electionRestriction, switchVerb("election-restriction")))};
}

}  // namespace cs::ui::leader_election
