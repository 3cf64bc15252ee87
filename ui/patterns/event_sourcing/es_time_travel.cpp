// Time travel over the log's window: state as of one position and the diff
// to another. See es_time_travel.h.
#include "es_time_travel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <map>
#include <utility>

namespace cs::ui::event_sourcing {

using cs::event_sourcing::EsView;
using cs::event_sourcing::LogEntry;
using cs::event_sourcing::Position;

std::vector<ProductAsOf> productsAsOf(const EsView& view, Position at) {
  std::vector<ProductAsOf> out;
  for (const auto& row : view.products) {
    ProductAsOf p{row.product, row.stockBefore, row.reservationsBefore, row.lastOrderBefore};
    const std::string name = "product-" + std::to_string(row.product);
    for (const LogEntry& e : view.store.recent) {
      if (e.position > at) break;
      if (e.streamName != name) continue;
      p.stock = e.stockAfter;
      p.reservations = e.reservationsAfter;
      p.lastOrder = e.lastOrderAfter;
    }
    out.push_back(p);
  }
  return out;
}

QString timeTravelText(const EsView& view, Position a, Position b) {
  QString s = QObject::tr("<b>As of position %1</b><table cellspacing=6>").arg(a);
  s += QObject::tr(
      "<tr><th align=left>product</th><th>stock</th><th>reservations</th>"
      "<th align=left>reserved last by</th></tr>");
  for (const ProductAsOf& p : productsAsOf(view, a))
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
  // Per stream, in order of its first change: the events and where it ended.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const LogEntry*>> changes;
  for (const LogEntry& e : view.store.recent) {
    if (e.position <= a || e.position > b) continue;
    if (!changes.count(e.streamName)) order.push_back(e.streamName);
    changes[e.streamName].push_back(&e);
  }
  for (const std::string& stream : order) {
    const auto& events = changes[stream];
    s += QStringLiteral("<tt>%1</tt>: ").arg(QString::fromStdString(stream));
    for (const LogEntry* e : events)
      s += QStringLiteral("<span style='color:#2e7d32'>+%1@%2</span> ")
               .arg(QString::fromStdString(e->type))
               .arg(e->position);
    const LogEntry* last = events.back();
    s += last->product ? QObject::tr("→ stock %1").arg(last->stockAfter)
                       : QObject::tr("→ %1").arg(QString::fromStdString(last->statusAfter));
    s += "<br>";
  }
  if (order.empty()) s += QObject::tr("nothing changed");
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
  const auto& recent = view_->store.recent;
  const int lo = recent.empty() ? 0 : static_cast<int>(recent.front().position) - 1;
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
