// Time travel over the whole log: state as of one position and the diff to
// another. See es_time_travel.h.
#include "es_time_travel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <algorithm>
#include <map>
#include <utility>

namespace cs::ui::event_sourcing {

using cs::event_sourcing::EsView;
using cs::event_sourcing::LogEntry;
using cs::event_sourcing::Position;

namespace {

// At most this many events are listed per stream, and order streams per diff.
constexpr std::size_t kListed = 6;
constexpr std::size_t kOrderStreams = 12;

QString added(const char* type, Position at) {
  return QStringLiteral("<span style='color:#2e7d32'>+%1@%2</span> ")
      .arg(QString::fromUtf8(type))
      .arg(at);
}

QString moreText(std::size_t n) {
  return n > 0 ? QObject::tr("… and %1 more ").arg(n) : QString();
}

// Each product that changed in (a, b], from its history: any range of the
// whole log costs a binary search per product.
QString productDiff(const EsView& view, Position a, Position b) {
  QString s;
  for (const auto& row : view.products) {
    const auto& h = row.history;
    const std::size_t from = h.countUpTo(a), to = h.countUpTo(b);
    if (to == from) continue;
    s += QStringLiteral("<tt>product-%1</tt>: ").arg(row.product);
    for (std::size_t i = from; i < std::min(to, from + kListed); ++i)
      s += added(h[i].type, h[i].position);
    s += moreText(to - from - std::min(to - from, kListed));
    const auto* before = h.asOf(a);
    const QString was =
        a <= h.forgottenUpTo() ? QStringLiteral("?") : QString::number(before ? before->stock : 0);
    s += QObject::tr("stock %1 → %2<br>").arg(was).arg(h[to - 1].stock);
  }
  return s;
}

// Each order stream that changed in (a, b] within the log's recent window,
// in the order of its first change.
QString orderDiff(const EsView& view, Position a, Position b) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const LogEntry*>> changes;
  for (const LogEntry& e : view.store.recent) {
    if (e.product || e.position <= a || e.position > b) continue;
    if (!changes.count(e.streamName)) order.push_back(e.streamName);
    changes[e.streamName].push_back(&e);
  }
  QString s;
  for (std::size_t i = 0; i < std::min(order.size(), kOrderStreams); ++i) {
    const auto& events = changes[order[i]];
    s += QStringLiteral("<tt>%1</tt>: ").arg(QString::fromStdString(order[i]));
    for (std::size_t k = 0; k < std::min(events.size(), kListed); ++k)
      s += added(events[k]->type.c_str(), events[k]->position);
    s += moreText(events.size() - std::min(events.size(), kListed));
    s += QObject::tr("→ %1<br>").arg(QString::fromStdString(events.back()->statusAfter));
  }
  if (order.size() > kOrderStreams)
    s += QObject::tr("… and %1 more order streams<br>").arg(order.size() - kOrderStreams);
  return s;
}

}  // namespace

QString timeTravelText(const EsView& view, Position a, Position b) {
  QString s = QObject::tr("<b>As of position %1</b>").arg(a);
  // Retention took the events before the horizon: no state as of then.
  if (const Position horizon = view.store.retention.horizon; horizon > 0 && a <= horizon)
    s += QObject::tr(
             "<br>The log is scavenged up to position %1 (retention): what it held "
             "before is gone, so a state as of then has no answer.")
             .arg(horizon);
  s += "<table cellspacing=6>";
  s += QObject::tr(
      "<tr><th align=left>product</th><th>stock</th><th>reservations</th>"
      "<th align=left>reserved last by</th></tr>");
  for (const auto& p : view.productsAsOf(a))
    if (p.scavenged)
      s +=
          QObject::tr("<tr><td>product-%1</td><td colspan=3>scavenged before position %2</td></tr>")
              .arg(p.product)
              .arg(p.scavengedBefore);
    else
      s += QStringLiteral(
               "<tr><td>product-%1</td><td align=center>%2</td><td align=center>%3</td>"
               "<td>%4</td></tr>")
               .arg(p.product)
               .arg(p.stock)
               .arg(p.reservations)
               .arg(p.lastOrder > 0 ? QStringLiteral("order-%1").arg(p.lastOrder) : "-");
  s += "</table>";
  if (b <= a) return s;
  s += QObject::tr("<b>diff %1..%2</b><br>").arg(a).arg(b);
  QString changes = productDiff(view, a, b) + orderDiff(view, a, b);
  // Order streams are listed from the recent window only; what came before
  // it is counted: every event not on a shown product's stream.
  const auto& recent = view.store.recent;
  const Position windowStart = recent.empty() ? view.store.head + 1 : recent.front().position;
  const Position end = std::min(b, windowStart - 1);
  if (end > a) {
    std::size_t shown = 0;
    for (const auto& row : view.products)
      shown += row.history.countUpTo(end) - row.history.countUpTo(a);
    if (const std::size_t other = (end - a) - shown; other > 0)
      changes += QObject::tr("%1 events on other streams before position %2<br>")
                     .arg(other)
                     .arg(windowStart);
  }
  s += changes.isEmpty() ? QObject::tr("nothing changed") : changes;
  return s;
}

TimeTravel::TimeTravel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  caption_ = new QLabel(this);
  from_ = new QSlider(Qt::Horizontal, this);
  to_ = new QSlider(Qt::Horizontal, this);
  from_->setToolTip(tr("Show every product as of this position in the log"));
  to_->setToolTip(tr("Show what changed between the first position and this one"));
  table_ = new QLabel(this);
  table_->setTextFormat(Qt::RichText);
  table_->setWordWrap(true);
  table_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  layout->addWidget(caption_);
  layout->addWidget(from_);
  layout->addWidget(to_);
  layout->addWidget(table_, 1);
  connect(from_, &QSlider::valueChanged, this, [this] { redraw(); });
  connect(to_, &QSlider::valueChanged, this, [this] { redraw(); });
}

void TimeTravel::setView(std::shared_ptr<const EsView> view) {
  if (!view) return;
  const bool fromAtHead = !view_ || from_->value() >= from_->maximum();
  const bool toAtHead = !view_ || to_->value() >= to_->maximum();
  view_ = std::move(view);
  // The whole log, from before its first event to the head.
  const int lo = 0;
  const int hi = static_cast<int>(view_->store.head);
  for (QSlider* s : {from_, to_}) {
    const QSignalBlocker block(s);
    s->setRange(lo, hi);
  }
  // A slider left at the head follows it; one moved back stays where it was.
  for (auto [s, atHead] : {std::pair{from_, fromAtHead}, std::pair{to_, toAtHead}}) {
    const QSignalBlocker block(s);
    if (atHead) s->setValue(hi);
  }
  redraw();
}

QString TimeTravel::shownText() const {
  return table_->text();
}

void TimeTravel::redraw() {
  if (!view_) return;
  const auto a = static_cast<Position>(from_->value());
  const auto b = static_cast<Position>(to_->value());
  caption_->setText(
      tr("Time travel in the log: as of position %1, diff to %2 (the run goes on)").arg(a).arg(b));
  table_->setText(timeTravelText(*view_, a, b));
}

}  // namespace cs::ui::event_sourcing
