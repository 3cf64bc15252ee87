// Painting the load heatmap. See shard_heatmap.h.
#include "shard_heatmap.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>

#include "../../src/theme.h"

namespace cs::ui::sharding {

ShardHeatmap::ShardHeatmap(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(120);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ShardHeatmap::setRows(std::vector<Row> rows, double tStart, double tEnd) {
  rows_ = std::move(rows);
  tStart_ = tStart;
  tEnd_ = std::max(tEnd, tStart + 1e-3);
  update();
}

QColor ShardHeatmap::heat(double rate, double peak) {
  const Theme& t = currentTheme();
  const double f = peak > 0 ? std::clamp(rate / peak, 0.0, 1.0) : 0.0;
  const QColor hot("#b71c1c"), cold = t.surface;
  return QColor::fromRgbF(static_cast<float>(cold.redF() + (hot.redF() - cold.redF()) * f),
                          static_cast<float>(cold.greenF() + (hot.greenF() - cold.greenF()) * f),
                          static_cast<float>(cold.blueF() + (hot.blueF() - cold.blueF()) * f));
}

std::pair<double, const ShardHeatmap::Row*> ShardHeatmap::peak() const {
  double peak = 0;
  const Row* busiest = nullptr;
  for (const Row& r : rows_)
    for (const auto& [x, rate] : r.cells)
      if (x >= tStart_ && rate > peak) {
        peak = rate;
        busiest = &r;
      }
  return {peak, busiest};
}

QString ShardHeatmap::title() const {
  const auto [rate, busiest] = peak();
  if (!busiest) return tr("load per shard: no operations yet");
  return tr("load per shard: darkest %1 operations/s, on %2")
      .arg(rate, 0, 'f', 0)
      .arg(busiest->name);
}

void ShardHeatmap::paintEvent(QPaintEvent*) {
  const Theme& t = currentTheme();
  QPainter p(this);
  p.fillRect(rect(), t.background);
  QFont f = font();
  f.setPointSizeF(t.fontPointSize * 0.85);
  p.setFont(f);
  const QFontMetricsF fm(f);
  const double peak = this->peak().first;
  const double line = fm.height() + 4;
  p.setPen(t.text);
  p.drawText(QRectF(8, 2, width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter, title());
  if (rows_.empty()) return;
  double nameWidth = 0;
  for (const Row& r : rows_) nameWidth = std::max(nameWidth, fm.horizontalAdvance(r.name));
  const QRectF plot(nameWidth + 30, line + 4, width() - nameWidth - 38, height() - line - 10);
  const double h = plot.height() / static_cast<double>(rows_.size());
  auto xOf = [&](double s) {
    return plot.left() +
           plot.width() * (std::clamp(s, tStart_, tEnd_) - tStart_) / (tEnd_ - tStart_);
  };
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    const double y = plot.top() + h * static_cast<double>(i);
    p.setPen(Qt::NoPen);
    p.setBrush(r.colour);
    p.drawEllipse(QPointF(10, y + h / 2), 5, 5);
    p.setPen(t.text);
    p.drawText(QRectF(20, y, nameWidth + 6, h), Qt::AlignLeft | Qt::AlignVCenter, r.name);
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
      const double from = r.cells[c].first;
      const double to = c + 1 < r.cells.size() ? r.cells[c + 1].first : tEnd_;
      if (to <= tStart_ || from >= tEnd_) continue;
      p.fillRect(QRectF(QPointF(xOf(from), y + 1), QPointF(xOf(to), y + h - 1)),
                 heat(r.cells[c].second, peak));
    }
  }
  p.setPen(QPen(t.link, 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(plot);
}

}  // namespace cs::ui::sharding
