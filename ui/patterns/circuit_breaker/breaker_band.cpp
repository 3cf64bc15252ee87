// Painting the breaker-state band. See breaker_band.h.
#include "breaker_band.h"

#include <QPainter>
#include <algorithm>

#include "../../src/mirror.h"
#include "../../src/theme.h"

namespace cs::ui {
namespace {

constexpr int kRowHeight = 22;
constexpr int kLabelWidth = 130;

QColor stateColor(cs::circuit_breaker::State state) {
  using cs::circuit_breaker::State;
  switch (state) {
    case State::CLOSED:
      return QColor("#2e7d32");
    case State::OPEN:
      return QColor("#c62828");
    case State::HALF_OPEN:
      return QColor("#f9a825");
    case State::FORCED_OPEN:
      return QColor("#7f0000");
    case State::METRICS_ONLY:
      return QColor("#546e7a");
    case State::DISABLED:
      break;
  }
  return QColor("#9e9e9e");
}

}  // namespace

BreakerBand::BreakerBand(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("breakerBand"));
  using cs::circuit_breaker::State;
  using cs::circuit_breaker::stateName;
  setToolTip(tr("Each breaker's state over time: green %1, red %2, amber %3, grey %4")
                 .arg(QLatin1String(stateName(State::CLOSED)),
                      QLatin1String(stateName(State::OPEN)),
                      QLatin1String(stateName(State::HALF_OPEN)),
                      QLatin1String(stateName(State::DISABLED))));
}

bool BreakerBand::show(const Mirror& m, double tStart, double tEnd) {
  tStart_ = tStart;
  tEnd_ = std::max(tEnd, tStart + 1);
  rows_.clear();
  for (std::size_t id = 0; id < m.metrics.size(); ++id) {
    const MetricInfo& info = m.metrics[id];
    if (info.family != "breaker" || info.measure != "state") continue;
    Row row;
    std::string path = info.subject;
    if (auto arrow = path.find("->"); arrow != std::string::npos) path.replace(arrow, 2, " → ");
    row.name = QString::fromStdString(path);
    for (const MetricSample& s : m.samples) {
      const double t = toSeconds(s.at);
      if (t < tStart - 1 || id >= s.values.size()) continue;
      const auto state = static_cast<cs::circuit_breaker::State>(s.values[id]);
      if (!row.segments.empty() && row.segments.back().state == state)
        row.segments.back().to = t;
      else
        row.segments.push_back({row.segments.empty() ? t : row.segments.back().to, t, state});
    }
    rows_.push_back(std::move(row));
  }
  setFixedHeight(sizeHint().height());
  update();
  return !rows_.empty();
}

QSize BreakerBand::sizeHint() const {
  return QSize(400, static_cast<int>(rows_.size()) * kRowHeight + 24);
}

void BreakerBand::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const Theme& t = currentTheme();
  QFont f = font();
  f.setPixelSize(13);
  p.setFont(f);
  p.setPen(t.text);
  p.drawText(QRect(0, 0, width(), 20), Qt::AlignCenter, tr("breaker state"));
  // As wide as the longest breaker's name, within reason.
  int labelWidth = kLabelWidth;
  for (const Row& row : rows_)
    labelWidth = std::max(labelWidth, p.fontMetrics().horizontalAdvance(row.name) + 12);
  labelWidth = std::min(labelWidth, width() / 2);
  const double left = labelWidth, right = width() - 12;
  auto x = [&](double sec) {
    return left + (std::clamp(sec, tStart_, tEnd_) - tStart_) / (tEnd_ - tStart_) * (right - left);
  };
  int y = 22;
  for (const Row& row : rows_) {
    p.setPen(t.text);
    p.drawText(QRect(0, y, labelWidth - 8, kRowHeight - 4), Qt::AlignRight | Qt::AlignVCenter,
               row.name);
    p.setPen(Qt::NoPen);
    p.setBrush(t.surface.darker(110));
    p.drawRect(QRectF(left, y + 2, right - left, kRowHeight - 8));
    for (const Segment& s : row.segments) {
      if (s.to < tStart_) continue;
      p.setBrush(stateColor(s.state));
      p.drawRect(QRectF(x(s.from), y + 2, std::max(1.5, x(s.to) - x(s.from)), kRowHeight - 8));
    }
    y += kRowHeight;
  }
}

}  // namespace cs::ui
