// The Pub/Sub nodes' compact forms. See pubsub_compact.h.
#include "pubsub_compact.h"

#include <QObject>
#include <QPainter>

#include "../../src/canvas/compact_lines.h"
#include "pubsub_paint.h"

namespace cs::ui::pubsub {
namespace {

const QColor kInk("#ffffff");

QString backlogWords(const cs::pubsub::SubscriptionView& sub) {
  return sub.backlog > 0 ? QObject::tr("backlog %1").arg(sub.backlog)
                         : QObject::tr("backlog empty");
}

}  // namespace

void writeCompactBroker(QPainter* p, const QString& name, const QRectF& body,
                        const std::vector<RowPlace>& rows, std::uint64_t deadLetterCount,
                        const QRectF& deadLetters) {
  writeCompactForm(p, body, {{name}, kInk, true}, {});
  const double line = compactLineHeight(p);
  for (const RowPlace& r : rows) {
    const auto& sub = *r.subscription;
    // Two lines centred in the row, or the counts alone where it holds one.
    const bool both = r.row.height() >= 2 * line;
    const double top = r.row.center().y() - (both ? line : line / 2);
    const QRectF words = r.row.adjusted(line / 4, 0, -line / 4, 0);
    if (both)
      writeCompactLine(p, QRectF(words.left(), top, words.width(), line), compactPixels(p),
                       {{QString::fromStdString(sub.name)}, kInk, true});
    const QString backlog = backlogWords(sub);
    const QString inFlight = QObject::tr("%1 in flight").arg(sub.outstanding);
    writeCompactLine(p, QRectF(words.left(), both ? top + line : top, words.width(), line),
                     compactPixels(p),
                     {{backlog + QStringLiteral(" · ") + inFlight, backlog}, kInk, false});
  }
  writeCompactLine(p, deadLetters, compactPixels(p),
                   {{QObject::tr("dead letters: %1").arg(deadLetterCount),
                     QObject::tr("dead: %1").arg(deadLetterCount)},
                    kInk,
                    true});
}

void writeCompactSubscriber(QPainter* p, const QString& name, const QRectF& body,
                            const cs::pubsub::SubscriberView* sub, double meanMillis) {
  std::vector<CompactLine> lines;
  if (sub) {
    if (meanMillis > 0)
      lines.push_back({{QObject::tr("SLOW: %1/message").arg(millisText(meanMillis)),
                        QObject::tr("SLOW: %1").arg(millisText(meanMillis))},
                       kInk,
                       true});
    else if (sub->failures > 0)
      lines.push_back({{QObject::tr("handler failed %1×").arg(sub->failures),
                        QObject::tr("failed %1×").arg(sub->failures)},
                       kInk,
                       true});
    else
      lines.push_back(
          {{QObject::tr("processed %1").arg(sub->processed), QString::number(sub->processed)},
           kInk,
           false});
  }
  writeCompactForm(p, body, {{name}, kInk, true}, lines);
}

}  // namespace cs::ui::pubsub
