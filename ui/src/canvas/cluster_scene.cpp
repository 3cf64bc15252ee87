// Keeping the canvas in step with the mirror. See cluster_scene.h.
#include "cluster_scene.h"

#include <QtMath>
#include <algorithm>
#include <cmath>

#include "../session.h"
#include "../theme.h"
#include "link_item.h"
#include "message_item.h"
#include "node_item.h"
#include "panel_item.h"
#include "pattern_look.h"

namespace cs::ui {
namespace {

// Hystrix's rolling numbers for the badge's call path: calls per second and
// the share that failed, over the last second of metric samples.
void fillHealth(const Mirror& m, LinkBadge& badge) {
  if (badge.healthPath.empty() || m.samples.size() < 2) return;
  auto idOf = [&](const char* measure) {
    return m.metricIndex("path", badge.healthPath, measure).value_or(SIZE_MAX);
  };
  const MetricSample& last = m.samples.back();
  const std::size_t back = std::min<std::size_t>(m.samples.size() - 1, 10);
  const MetricSample& first = m.samples[m.samples.size() - 1 - back];
  auto delta = [&](std::size_t id) -> double {
    auto at = [&](const MetricSample& s) { return id < s.values.size() ? s.values[id] : 0; };
    return static_cast<double>(at(last) - at(first));
  };
  const double ok = delta(idOf("ok"));
  const double bad = delta(idOf("error")) + delta(idOf("rejected")) + delta(idOf("timeout"));
  const double seconds = toSeconds(last.at - first.at);
  if (seconds <= 0) return;
  badge.volume = (ok + bad) / seconds;
  badge.errorPercent = ok + bad > 0 ? 100 * bad / (ok + bad) : 0;
}
constexpr double kMessageLane = 9;  // requests and replies on a link pass side by side
constexpr std::size_t kMaxMeshMembers = 12;
}  // namespace

ClusterScene::ClusterScene(QObject* parent) : QGraphicsScene(parent) {
  // Messages move every frame: an index would cost more than it saves.
  setItemIndexMethod(QGraphicsScene::NoIndex);
  clock_.setInterval(16);
  clock_.setTimerType(Qt::PreciseTimer);
  connect(&clock_, &QTimer::timeout, this, &ClusterScene::onTick);
  themeChanged();
}

ClusterScene::~ClusterScene() {
  for (MessageItem* m : spare_) delete m;
}

void ClusterScene::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  mirror_ = session ? &session->mirror() : nullptr;
  if (session_) {
    connect(session_, &Session::updated, this, [this] {
      refresh();
      updateClock();
    });
    connect(session_, &Session::runStarted, this, &ClusterScene::refresh);
    // Another scenario (or a replay) replaces the run: until its first batch
    // the mirror has no view, so the clock must not move the old run's
    // messages, whose ends the look measures on the view.
    connect(session_, &Session::scenarioOpened, this, [this] {
      refresh();
      updateClock();
    });
    connect(session_, &Session::selectionChanged, this, &ClusterScene::syncSelection);
    connect(session_, &Session::followChanged, this, &ClusterScene::syncSelection);
    connect(this, &ClusterScene::nodeClicked, session_,
            [this](NodeId id) { session_->selectNode(id); });
    connect(this, &ClusterScene::powerClicked, session_, [this](NodeId id) {
      session_->selectNode(id);
      session_->toggleFailed(id);
    });
    connect(this, &ClusterScene::messageClicked, session_,
            [this](MessageId id, NodeId from) { session_->selectMessage(id, from); });
  }
  refresh();
}

void ClusterScene::showMirror(const Mirror* mirror, const PatternLook* look) {
  mirror_ = mirror;
  shownLook_ = look;
  refresh();
}

void ClusterScene::themeChanged() {
  setBackgroundBrush(currentTheme().background);
  rebuildGlyphs();
  refresh();
  update();
}

void ClusterScene::rebuildGlyphs() {
  const Theme& t = currentTheme();
  glyphs_.clear();
  glyphColors_.clear();
  for (int c = 0; look_ && c < look_->messageClassCount(); ++c) {
    const GlyphLook l = look_->messageLook(c, t, t.messageRadius * 1.4);
    glyphs_.push_back(l.shape);
    glyphColors_.push_back(l.fill);
  }
  // Re-point every message at the rebuilt glyphs.
  for (auto& [key, item] : messages_) delete item;
  messages_.clear();
  for (MessageItem* item : spare_) delete item;
  spare_.clear();
}

void ClusterScene::chooseLook() {
  std::shared_ptr<const PatternLook> held = session_ ? session_->look() : nullptr;
  const PatternLook* look = session_ ? held.get() : shownLook_;
  if (look == look_) return;
  look_ = look;
  held_ = std::move(held);
  // Every item was drawn by the old look: start over.
  for (NodeItem* n : nodes_) delete n;
  nodes_.clear();
  for (auto& [k, l] : links_) delete l;
  links_.clear();
  memberFlags_.clear();
  delete panel_;
  panel_ = nullptr;
  if (look_) {
    panel_ = new PanelItem(look_);
    addItem(panel_);
  }
  rebuildGlyphs();
}

NodeItem* ClusterScene::nodeItem(NodeId id) const {
  return id < nodes_.size() ? nodes_[id] : nullptr;
}

MessageItem* ClusterScene::messageItem(MessageId id) const {
  auto it = messages_.find(id << 1);
  return it == messages_.end() ? nullptr : it->second;
}

QPointF ClusterScene::nodePosition(NodeId id) const {
  return id < positions_.size() ? positions_[id] : QPointF();
}

void ClusterScene::nodeItemClicked(NodeId id) {
  emit nodeClicked(id);
}

void ClusterScene::nodePowerClicked(NodeId id) {
  emit powerClicked(id);
}

void ClusterScene::messageItemClicked(MessageId id, NodeId from) {
  emit messageClicked(id, from);
}

void ClusterScene::refresh() {
  if (!mirror_) return;
  chooseLook();
  // Nothing to draw before the first batch, or without a look.
  if (!look_ || !mirror_->view) return;
  const bool relaid = syncNodes();
  syncPanel();
  syncLinks();
  syncMessages();
  syncSelection();
  advanceTo(session_ ? session_->displayTime() : mirror_->status.now);
  ++drawnGeneration_;
  if (relaid) emit laidOut();
}

void ClusterScene::layout() {
  NodeLayout l = look_->layout(*mirror_->view, mirror_->nodes);
  l.positions.resize(mirror_->nodes.size());
  positions_ = std::move(l.positions);
  setSceneRect(l.sceneRect);
}

bool ClusterScene::syncNodes() {
  const auto& ns = mirror_->nodes;
  std::vector<bool> flags;
  for (const auto& n : ns) flags.push_back(n.member);
  const bool relay = ns.size() != nodes_.size() || flags != memberFlags_;
  if (relay) {
    for (NodeItem* n : nodes_) delete n;
    nodes_.clear();
    for (auto& [k, l] : links_) delete l;
    links_.clear();
    memberFlags_ = flags;
    layout();
    for (const auto& n : ns) {
      auto* item = new NodeItem(n.id, look_);
      item->setPos(positions_[n.id]);
      addItem(item);
      nodes_.push_back(item);
    }
  }
  for (const auto& n : ns) nodes_[n.id]->setSnapshot(n, mirror_->view);
  return relay;
}

void ClusterScene::syncPanel() {
  look_->observe(*mirror_->view, mirror_->status.now);
  if (panel_) panel_->setState(mirror_->view, mirror_->nodes);
}

void ClusterScene::syncLinks() {
  const auto& ns = mirror_->nodes;
  std::size_t members = 0;
  for (const auto& n : ns) members += n.member ? 1 : 0;
  // A small cluster shows its full mesh; a large one only the links a
  // partition cuts, since hundreds of lines would hide everything else.
  const bool mesh = members <= kMaxMeshMembers;
  std::map<std::pair<NodeId, NodeId>, std::pair<bool, bool>> blocked;
  for (const auto& [a, b] : mirror_->blockedLinks) {
    if (a < b)
      blocked[{a, b}].first = true;
    else
      blocked[{b, a}].second = true;
  }
  auto makeLink = [&](NodeId a, NodeId b) {
    auto* l = new LinkItem(a, b);
    l->setEnds(positions_[a], positions_[b]);
    if (look_->faintLink(ns[a], ns[b])) l->setOpacity(0.3);
    addItem(l);
    links_[{a, b}] = l;
    return l;
  };
  if (mesh && links_.empty()) {
    for (std::size_t i = 0; i < ns.size(); ++i)
      for (std::size_t j = i + 1; j < ns.size(); ++j)
        if (look_->linked(*mirror_->view, ns[i], ns[j])) makeLink(ns[i].id, ns[j].id);
  }
  if (!mesh) {
    for (auto it = links_.begin(); it != links_.end();) {
      if (blocked.count(it->first)) {
        ++it;
      } else {
        delete it->second;
        it = links_.erase(it);
      }
    }
    for (const auto& [key, dirs] : blocked)
      if (!links_.count(key) && key.first < ns.size() && key.second < ns.size())
        makeLink(key.first, key.second);
  }
  for (auto& [key, item] : links_) {
    auto it = blocked.find(key);
    if (it == blocked.end())
      item->setBlocked(false, false);
    else
      item->setBlocked(it->second.first, it->second.second);
    LinkBadge badge = look_->linkBadge(*mirror_->view, ns, key.first, key.second);
    fillHealth(*mirror_, badge);
    item->setBadge(badge);
  }
}

void ClusterScene::syncMessages() {
  std::unordered_map<MessageId, MessageItem*> next;
  next.reserve(mirror_->inFlight.size());
  const Vocabulary* vocab = mirror_->vocabulary.get();
  for (const auto& f : mirror_->inFlight) {
    if (f.message.from >= positions_.size() || f.message.to >= positions_.size()) continue;
    // A duplicate made by the network shares its original's id.
    const std::uint64_t key = (f.message.id << 1) | (f.duplicate ? 1 : 0);
    MessageItem* item = nullptr;
    auto it = messages_.find(key);
    const bool fresh = it == messages_.end();
    if (!fresh) {
      item = it->second;
      messages_.erase(it);
    } else if (!spare_.empty()) {
      item = spare_.back();
      spare_.pop_back();
      item->show();
    } else {
      item = new MessageItem;
      // Messages only move: a cached pixmap per glyph is cheaper than
      // re-rasterising 2,000 antialiased paths every frame.
      item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
      addItem(item);
    }
    if (fresh) {
      const auto c = static_cast<std::size_t>(
          std::clamp(look_->classify(vocab, f.message), 0, look_->messageClassCount() - 1));
      item->setMessage(f, &glyphs_[c], glyphColors_[c]);
    }
    next[key] = item;
  }
  // Delivered or dropped: park the item for reuse.
  for (auto& [key, item] : messages_) {
    item->hide();
    item->setHighlighted(false);
    spare_.push_back(item);
  }
  messages_ = std::move(next);
}

void ClusterScene::syncSelection() {
  const NodeId node = session_ ? session_->selectedNode() : kNoNode;
  const MessageId msg = session_ ? session_->selectedMessage() : 0;
  for (NodeItem* n : nodes_) n->setHighlighted(msg == 0 && n->id() == node);
  for (auto& [key, item] : messages_) item->setHighlighted(msg != 0 && item->id() == msg);
  // The followed request: its messages and the nodes it visited stand out.
  const FollowedRequest* f =
      session_ && session_->followed().active() ? &session_->followed() : nullptr;
  for (NodeItem* n : nodes_) n->setFollowed(f && f->visited(n->id()));
  using Mark = MessageItem::FollowMark;
  for (auto& [key, item] : messages_)
    item->setFollowMark(!f ? Mark::None : f->contains(item->id()) ? Mark::Followed : Mark::Dimmed);
}

QPointF ClusterScene::endpoint(NodeId from, NodeId to, bool start) const {
  const QPointF a = positions_[from], b = positions_[to];
  QLineF line(a, b);
  const double len = line.length();
  if (len < 1) return a;
  const QPointF dir = (b - a) / len;
  const QPointF side(-dir.y() * kMessageLane, dir.x() * kMessageLane);
  const double insetFrom = look_->inset(*mirror_->view, nodes_[from]->snapshot(), dir);
  const double insetTo = look_->inset(*mirror_->view, nodes_[to]->snapshot(), -dir);
  return (start ? a + dir * insetFrom : b - dir * insetTo) + side;
}

void ClusterScene::advanceTo(SimTime now) {
  for (NodeItem* n : nodes_) n->setNow(now);
  // A message's ends are inset by the look, which reads them off the view.
  if (!look_ || !mirror_ || !mirror_->view) return;
  for (auto& [key, item] : messages_)
    item->place(now, endpoint(item->from(), item->to(), true),
                endpoint(item->from(), item->to(), false));
}

void ClusterScene::onTick() {
  if (session_) advanceTo(session_->displayTime());
}

void ClusterScene::updateClock() {
  const bool moving = session_ && session_->playing();
  if (moving && !clock_.isActive())
    clock_.start();
  else if (!moving && clock_.isActive())
    clock_.stop();
}

}  // namespace cs::ui
