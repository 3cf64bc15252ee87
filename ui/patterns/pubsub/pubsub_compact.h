// The Pub/Sub nodes' compact forms, for a canvas drawn so small (a laptop's
// window) that the look's own type would not read: in the broker, each
// subscription's name with its backlog and the messages in flight, in its
// row level with its subscriber, and the dead letters; in a subscriber, what
// it processed, or that it is slow or failing. Written at kReadablePixels or
// more (compact_lines.h) from the typed view; the look draws the boxes and
// bars. UI thread only.
#pragma once

#include <clusterscope/pubsub/pubsub_view.h>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace cs::ui::pubsub {

// A subscription and the row of the broker it is drawn in.
struct RowPlace {
  const cs::pubsub::SubscriptionView* subscription = nullptr;
  QRectF row;
};

// The broker's name at the top of `body`; each subscription's words in its
// row; the dead letters in `deadLetters`, the box of the dead-letter topic.
void writeCompactBroker(QPainter* p, const QString& name, const QRectF& body,
                        const std::vector<RowPlace>& rows, std::uint64_t deadLetterCount,
                        const QRectF& deadLetters);
// A subscriber's name and its state in one line; `slowest` is how long a
// message may take it when it is drawn slow, else zero.
void writeCompactSubscriber(QPainter* p, const QString& name, const QRectF& body,
                            const cs::pubsub::SubscriberView* sub, double meanMillis);

}  // namespace cs::ui::pubsub
