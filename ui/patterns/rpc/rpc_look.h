// The drawing vocabulary every request/response pattern shares (the shop,
// the ambassador's world, and later ones): a service box with one slot per
// worker and a bar for its queue, a client box with its outcome counts, the
// badges and status line around a box, the classes of RPC messages and their
// glyphs, and the colours of a breaker's states. Draws a service from its
// typed rpc::ServiceView, a client from its rpc::ClientView and a breaker
// from its cs::circuit_breaker::State (the engine's public view headers), a node's
// name and status from its snapshot, and messages from the Vocabulary's
// "Request"/"Reply" fields. UI thread only.
#pragma once

#include <clusterscope/circuit_breaker/breaker_view.h>
#include <clusterscope/message.h>
#include <clusterscope/pattern.h>
#include <clusterscope/rpc/service_view.h>
#include <clusterscope/vocabulary.h>
#include <QColor>
#include <QPainterPath>
#include <QRectF>
#include <QString>

#include <span>
#include <string_view>
#include <utility>

#include "../../src/canvas/pattern_look.h"
#include "../../src/canvas/shapes.h"

class QPainter;

namespace cs::ui::rpc_look {

inline const QColor kHealthy{"#1f6fb2"};
inline const QColor kSick{"#c62828"};
inline const QColor kClosed{"#2e7d32"};
inline const QColor kOpen{"#c62828"};
inline const QColor kHalfOpen{"#f9a825"};
inline const QColor kDisabled{"#757575"};

// A service is drawn sick when its usual calls take at least this long or
// it fails some of them on purpose; a mixture's slow part is a heavy tail.
inline constexpr SimDuration kSickTime{100'000};

enum class MessageClass {
  Request,
  OkReply,
  ErrorReply,
  Rejected,
  Fallback,   // an answer of a short-circuited call (Error 503)
  Forbidden,  // a call refused for want of a valid identity (Error 403)
  Other,
};
inline constexpr int kMessageClassCount = static_cast<int>(MessageClass::Other) + 1;

MessageClass classify(const Vocabulary* vocabulary, const Message& message);
GlyphLook messageLook(MessageClass c, const Theme& theme, double radius);

QString millisText(SimDuration d);
bool isSick(const rpc::ServiceView& service);

// A breaker's state as a badge: fill, text colour, its name and a short line
// for what the breaker is doing, given its failure rate (-1: too few calls)
// and the name of the service it protects.
LinkBadge breakerBadge(cs::circuit_breaker::State state, double failureRate,
                       const QString& protectedName);

// The body of a node: a rounded box in `fill` with the node's name on top,
// (or `title`), the selection ring when highlighted. Returns the body rectangle.
QRectF paintBody(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c, QSizeF half,
                 const QColor& fill, const QString& title = {});
// Inside a service's body: worker slots, the queue bar, "n/m workers busy".
void paintWorkers(QPainter* p, const NodeSnapshot& s, const rpc::ServiceView& service,
                  const QRectF& body, const QColor& fill);
// Inside a client's body: its rate and outcome counts.
void paintClientCounts(QPainter* p, const rpc::ClientView& client, const QRectF& body);
// Under the body: "crashed", or a service's p99 over the last interval.
// `service` is nullptr for a node that is not a service.
void paintStatusLine(QPainter* p, const NodeSnapshot& s, const rpc::ServiceView* service,
                     const QRectF& body);
// Across the top edge: a service's SICK (with how) or heavy tail; paused,
// slow link. `service` is nullptr for a node that is not a service.
void paintTopBadges(QPainter* p, const NodeSnapshot& s, const rpc::ServiceView* service,
                    const QRectF& body);
// The same for a node that is not a service: paused, slow link.
inline void paintTopBadges(QPainter* p, const NodeSnapshot& s, const QRectF& body) {
  paintTopBadges(p, s, nullptr, body);
}
// One pill-shaped badge centred at x on the body's top edge.
void paintPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg, double x);

// Whether a and b are joined in a call graph given as (caller, callee) names.
bool onCallGraph(std::span<const std::pair<std::string_view, std::string_view>> calls,
                 const NodeSnapshot& a, const NodeSnapshot& b);

// The fill of a service or client box: crashed, client, sick or healthy.
// `service` is nullptr for a client.
QColor bodyFill(const NodeSnapshot& s, const rpc::ServiceView* service);

// The legend row of a service box ("service (slot: busy worker)").
QString paintServiceLegend(QPainter* p, QPointF c, double r);

}  // namespace cs::ui::rpc_look
