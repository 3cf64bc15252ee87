// The shared drawing of request/response patterns. See rpc_look.h.
#include "rpc_look.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <cmath>

#include "../../src/canvas/crash_mark.h"
#include "../../src/canvas/fitted_text.h"

namespace cs::ui::rpc_look {
namespace {

std::int64_t field(const LabelInfo& info, const Message& m, std::string_view name,
                   std::int64_t otherwise) {
  const auto i = info.fieldIndex(name);
  return i && *i < m.fields.size() ? m.fields[*i] : otherwise;
}

}  // namespace

MessageClass classify(const Vocabulary* vocabulary, const Message& m) {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size()) return MessageClass::Other;
  const LabelInfo& info = vocabulary->info(m.kind);
  if (info.name == "Request") return MessageClass::Request;
  if (info.name != "Reply") return MessageClass::Other;
  // Reply status: 0 ok, 1 error, 2 rejected (rpc::Status). An error's
  // value0 tells a short-circuit (503) and a refusal (403) from a failure.
  switch (field(info, m, "status", -1)) {
    case 0:
      return MessageClass::OkReply;
    case 1:
      switch (field(info, m, "value0", 0)) {
        case 503:
          return MessageClass::Fallback;
        case 403:
          return MessageClass::Forbidden;
        default:
          return MessageClass::ErrorReply;
      }
    case 2:
      return MessageClass::Rejected;
    default:
      return MessageClass::Other;
  }
}

GlyphLook messageLook(MessageClass c, const Theme& t, double r) {
  GlyphLook l;
  switch (c) {
    case MessageClass::Request:
      l.fill = QColor("#1565c0");
      l.shape = polygon(4, r * 1.35, 0);  // diamond
      l.legend = QObject::tr("request");
      break;
    case MessageClass::OkReply:
      l.fill = QColor("#2e9e44");
      l.shape.addEllipse(QPointF(0, 0), r, r);
      l.legend = QObject::tr("reply: ok");
      break;
    case MessageClass::ErrorReply:
      l.fill = QColor("#d32f2f");
      l.shape = polygon(3, r * 1.4, M_PI / 2);  // triangle down
      l.legend = QObject::tr("reply: error");
      break;
    case MessageClass::Rejected:
      l.fill = QColor("#ef6c00");
      l.shape.addRect(QRectF(-r, -r, 2 * r, 2 * r));
      l.legend = QObject::tr("reply: rejected (queue full)");
      break;
    case MessageClass::Fallback:
      l.fill = QColor("#8e24aa");
      l.shape = polygon(6, r * 1.25, 0);
      l.legend = QObject::tr("fallback (short-circuited)");
      break;
    case MessageClass::Forbidden:
      l.fill = QColor("#212121");
      l.shape = polygon(8, r * 1.3, M_PI / 8);  // a stop sign
      l.legend = QObject::tr("refused: no identity (403)");
      break;
    case MessageClass::Other:
      l.fill = t.other;
      l.shape.addEllipse(QPointF(0, 0), r * 0.7, r * 0.7);
      l.legend = QObject::tr("other");
      break;
  }
  return l;
}

QString millisText(SimDuration d) {
  const double ms = static_cast<double>(d.count()) / 1000;
  if (ms >= 1000) return QStringLiteral("%1 s").arg(ms / 1000, 0, 'g', 3);
  return QStringLiteral("%1 ms").arg(ms, 0, 'g', 3);
}

bool isSick(const rpc::ServiceView& service) {
  return service.processing.usualMax >= kSickTime || service.errorRate > 0;
}

LinkBadge breakerBadge(cs::circuit_breaker::State state, double rate,
                       const QString& protectedName) {
  using cs::circuit_breaker::State;
  LinkBadge badge;
  badge.text = QColor("#ffffff");
  badge.title = QString::fromLatin1(cs::circuit_breaker::stateName(state));
  badge.detail = rate < 0 ? QObject::tr("failures: too few calls")
                          : QObject::tr("failures %1%").arg(rate, 0, 'f', 0);
  switch (state) {
    case State::CLOSED:
      badge.fill = kClosed;
      break;
    case State::OPEN:
    case State::FORCED_OPEN:
      badge.fill = kOpen;
      badge.detail = QObject::tr("failing fast");
      break;
    case State::HALF_OPEN:
      badge.fill = kHalfOpen;
      badge.text = QColor("#1d232b");
      badge.detail = QObject::tr("probing %1").arg(protectedName);
      break;
    case State::DISABLED:
    case State::METRICS_ONLY:
      badge.title = QObject::tr("NO BREAKER");
      badge.detail = QObject::tr("disabled");
      badge.fill = kDisabled;
      break;
  }
  return badge;
}

bool onCallGraph(std::span<const std::pair<std::string_view, std::string_view>> calls,
                 const NodeSnapshot& a, const NodeSnapshot& b) {
  return std::any_of(calls.begin(), calls.end(), [&](const auto& c) {
    return (c.first == a.name && c.second == b.name) || (c.first == b.name && c.second == a.name);
  });
}

QColor bodyFill(const NodeSnapshot& s, const rpc::ServiceView* service) {
  const Theme& t = currentTheme();
  if (s.status == NodeStatus::Crashed) return t.dead;
  if (!service) return t.client;
  return isSick(*service) ? kSick : kHealthy;
}

QRectF paintBody(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c, QSizeF half,
                 const QColor& fill, const QString& title) {
  const Theme& t = currentTheme();
  const double lw = t.lineWidth;
  const QRectF body = box(half);
  if (c.highlighted) {
    p->setPen(QPen(t.selection, lw * 3));
    p->setBrush(Qt::NoBrush);
    p->drawRoundedRect(body.adjusted(-9, -9, 9, 9), 20, 20);
  }
  p->setPen(QPen(fill.darker(150), lw * 1.5));
  p->setBrush(fill);
  p->drawRoundedRect(body, 14, 14);
  if (c.detail < 0.3) return body;
  p->setFont(font(p, 22, true));
  p->setPen(QColor("#ffffff"));
  // Clear of the power button on the top right corner, and centred.
  drawFittedText(p, QRectF(body.left() + 22, body.top() + 6, body.width() - 44, 30),
                 Qt::AlignCenter, title.isEmpty() ? QString::fromStdString(s.name) : title);
  return body;
}

void paintWorkers(QPainter* p, const NodeSnapshot& s, const rpc::ServiceView& service,
                  const QRectF& body, const QColor& fill) {
  const QColor onFill("#ffffff");
  const bool dead = s.status == NodeStatus::Crashed;
  // One slot per worker, filled while busy.
  const int busy = service.workersBusy, workers = service.workers;
  const double inner = body.width() - 24, gap = workers > 8 ? 3 : 5;
  const double slot = workers > 0 ? std::min(34.0, (inner - gap * (workers - 1)) / workers) : inner;
  const double rowWidth = workers * slot + std::max(0, workers - 1) * gap;
  const double cx = body.center().x(), cy = body.center().y();
  double x = cx - rowWidth / 2;
  for (int i = 0; i < workers; ++i, x += slot + gap) {
    p->setPen(QPen(onFill, 1.5));
    p->setBrush(i < busy && !dead ? QBrush(onFill) : QBrush(Qt::NoBrush));
    p->drawRoundedRect(QRectF(x, cy - 18, slot, 24), 3, 3);
  }
  // The queue: a bar that fills towards capacity, with the count on it.
  const auto queued = static_cast<int>(service.queueLength);
  const int capacity = service.queueCapacity;
  const QRectF bar(body.left() + 12, cy + 14, inner, 22);
  p->setPen(Qt::NoPen);
  p->setBrush(fill.darker(170));
  p->drawRoundedRect(bar, 4, 4);
  if (queued > 0 && capacity > 0) {
    const double frac = std::clamp(static_cast<double>(queued) / capacity, 0.0, 1.0);
    p->setBrush(QColor("#ffb300"));
    p->drawRoundedRect(QRectF(bar.left(), bar.top(), std::max(6.0, bar.width() * frac), 22), 4, 4);
  }
  p->setFont(font(p, 17, true));
  p->setPen(onFill);
  p->drawText(bar, Qt::AlignCenter,
              queued > 0 ? QObject::tr("queue %1").arg(queued) : QObject::tr("queue empty"));
  p->setFont(font(p, 17, false));
  p->drawText(QRectF(body.left(), cy + 37, body.width(), 24), Qt::AlignCenter,
              QObject::tr("%1/%2 workers busy").arg(busy).arg(workers));
}

void paintClientCounts(QPainter* p, const rpc::ClientView& client, const QRectF& body) {
  p->setPen(QColor("#ffffff"));
  p->setFont(font(p, 18, false));
  p->drawText(QRectF(body.left(), body.top() + 40, body.width(), 26), Qt::AlignCenter,
              QObject::tr("sends %1/s").arg(client.rate));
  p->drawText(
      QRectF(body.left(), body.top() + 68, body.width(), 26), Qt::AlignCenter,
      QObject::tr("ok %1 · failed %2").arg(client.outcomes.ok).arg(client.outcomes.failed()));
  // Under the box, where a service shows its p99: the share failing now, over
  // a window a narration can name, beside the totals since the run began.
  if (client.failedRecentPercent < 0) return;
  const Theme& t = currentTheme();
  p->setPen(client.failedRecentPercent > 0 ? t.blocked : t.mutedText);
  p->setFont(font(p, static_cast<int>(17 * t.labelScale), false));
  const QRectF under(body.left() - 30, body.bottom() + 6, body.width() + 60, 26 * t.labelScale);
  const QString failed = QObject::tr("failed %1% (last 5 s)").arg(client.failedRecentPercent);
  drawLabelPlate(p, under, Qt::AlignCenter, failed);
  drawFittedText(p, under, Qt::AlignCenter, failed);
}

void paintStatusLine(QPainter* p, const NodeSnapshot& s, const rpc::ServiceView* service,
                     const QRectF& body) {
  const Theme& t = currentTheme();
  const double k = t.labelScale;
  p->setFont(font(p, static_cast<int>(17 * k), false));
  QString state;
  if (s.status == NodeStatus::Crashed) {
    state = QObject::tr("crashed");
    p->setPen(t.blocked);
  } else if (service && s.member) {
    if (!service->p99Recent) return;
    // Under a millisecond: no call finished in the last 5 s (a stuck
    // service), or too few to say. Timeouts count at the time the caller
    // waited, so a service whose callers give up shows their patience.
    const auto ms = service->p99Recent->count() / 1000;
    state = ms == 0 ? QObject::tr("p99 — (last 5 s)") : QObject::tr("p99 %1 ms (last 5 s)").arg(ms);
    p->setPen(t.mutedText);
  }
  const QRectF under(body.left() - 30, body.bottom() + 6, body.width() + 60, 26 * k);
  drawLabelPlate(p, under, Qt::AlignCenter, state);
  drawFittedText(p, under, Qt::AlignCenter, state);
}

void paintPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg, double x) {
  p->setFont(font(p, 16, true));
  const double w = QFontMetricsF(p->font()).horizontalAdvance(text) + 20;
  const QRectF r(x - w / 2, body.top() - 30, w, 28);
  p->setPen(QPen(bg.darker(140), 1.5));
  p->setBrush(bg);
  p->drawRoundedRect(r, 14, 14);
  p->setPen(QColor("#ffffff"));
  p->drawText(r, Qt::AlignCenter, text);
}

void paintTopBadges(QPainter* p, const NodeSnapshot& s, const rpc::ServiceView* service,
                    const QRectF& body) {
  const double cx = body.center().x();
  const bool up = s.status != NodeStatus::Crashed;
  if (service && s.member && up && isSick(*service)) {
    QString text = QObject::tr("SICK");
    if (service->processing.usualMax >= kSickTime)
      text +=
          QStringLiteral(": ") + millisText(service->processing.usualMax) + QObject::tr("/call");
    if (service->errorRate > 0)
      text += QObject::tr(" · %1% errors").arg(service->errorRate * 100, 0, 'g', 3);
    paintPill(p, body, text, QColor("#8e0000"), cx);
  }
  if (service && s.member && !isSick(*service) && service->processing.slowShare > 0) {
    // A heavy tail: some calls take far longer.
    paintPill(p, body,
              QObject::tr("heavy tail: %1% take %2")
                  .arg(std::round(service->processing.slowShare * 100))
                  .arg(millisText(service->processing.slowMax)),
              QColor("#ad5c00"), cx);
  }
  if (s.status == NodeStatus::Paused)
    paintPill(p, body, QObject::tr("paused"), QColor("#6d4c41"), cx + 60);
  if (s.slowBy.count() > 0)
    paintPill(p, body, QObject::tr("slow link"), QColor("#ad5c00"), cx - 60);
}

QString paintServiceLegend(QPainter* p, QPointF c, double r) {
  const QRectF b(c.x() - r * 1.3, c.y() - r * 0.9, r * 2.6, r * 1.8);
  p->setPen(Qt::NoPen);
  p->setBrush(kHealthy);
  p->drawRoundedRect(b, 3, 3);
  p->setBrush(QColor("#ffffff"));
  p->drawRect(QRectF(b.left() + 3, b.top() + 3, r * 0.8, b.height() - 6));
  return QObject::tr("service (slot: busy worker)");
}

}  // namespace cs::ui::rpc_look
