// Building the Strangler Fig charts from the mirror's samples. See
// fig_charts.h.
#include "fig_charts.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include <clusterscope/strangler_fig/fig_view.h>

#include "../../src/docks/chart_util.h"
#include "../../src/mirror.h"
#include "../../src/theme.h"

namespace cs::ui::strangler_fig {
namespace {

using Ids = std::vector<std::size_t>;

QLineSeries* addSeries(QChartView* view, const QString& name, const QColor& color,
                       Qt::PenStyle style = Qt::SolidLine) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setPen(QPen(color, currentTheme().lineWidth, style));
  view->chart()->addSeries(s);
  s->attachAxis(axis(view, Qt::Horizontal));
  s->attachAxis(axis(view, Qt::Vertical));
  return s;
}

// Every route's metric of this measure.
Ids routeMetrics(const Mirror& m, const char* measure) {
  Ids ids;
  for (const std::string& route : m.subjects("route", measure))
    if (auto id = m.metricIndex("route", route, measure)) ids.push_back(*id);
  return ids;
}

double sum(const MetricSample& s, const Ids& ids) {
  double v = 0;
  for (std::size_t id : ids)
    if (id < s.values.size()) v += static_cast<double>(s.values[id]);
  return v;
}

double valueOf(const MetricSample& s, std::optional<std::size_t> id) {
  return id && *id < s.values.size() ? static_cast<double>(s.values[*id]) : 0;
}

// The routes in flight: in shadow or canary now, at most three, in table order.
std::vector<std::string> routesInFlight(const Mirror& m) {
  using cs::strangler_fig::FigView;
  using cs::strangler_fig::Stage;
  std::vector<std::string> v;
  const auto* view = dynamic_cast<const FigView*>(m.view.get());
  if (!view) return v;
  for (const auto& r : view->routes)
    if ((r.stage == Stage::Shadow || r.stage == Stage::Canary) && v.size() < 3) v.push_back(r.name);
  return v;
}

double maxOf(const MetricSample& s, const Ids& ids) {
  double v = 0;
  for (std::size_t id : ids)
    if (id < s.values.size()) v = std::max(v, static_cast<double>(s.values[id]));
  return v;
}

}  // namespace

FigCharts::FigCharts(QWidget* parent) : PatternCharts(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  traffic_ = makeView(makeTimeChart(), this);
  shadow_ = makeView(makeTimeChart(), this);
  latency_ = makeView(makeTimeChart(), this);
  lag_ = makeView(makeTimeChart(), this);
  routeErrors_ = makeView(makeTimeChart(), this);
  routeLatency_ = makeView(makeTimeChart(), this);
  data_ = makeView(makeTimeChart(), this);
  traffic_->chart()->setTitle(tr("client requests answered per second"));
  shadow_->chart()->setTitle(tr("shadow comparisons per second"));
  latency_->chart()->setTitle(tr("p99 (ms): legacy vs slowest new service"));
  lag_->chart()->setTitle(tr("CDC lag per new store (ms)"));
  routeErrors_->chart()->setTitle(tr("routes in flight: failed % (legacy dashed, new solid)"));
  routeLatency_->chart()->setTitle(tr("routes in flight: mean latency (ms) at this weight"));
  data_->chart()->setTitle(tr("stores diverged (entities) and orders charged twice"));
  for (QChartView* v : {traffic_, routeErrors_, routeLatency_, shadow_, latency_, lag_, data_}) {
    axis(v, Qt::Vertical)->setTickCount(3);
    v->setMinimumHeight(120);
    layout->addWidget(v);
  }
  legacyOk_ = addSeries(traffic_, tr("legacy ok"), QColor("#455a64"));
  newOk_ = addSeries(traffic_, tr("new ok"), QColor("#2e7d32"));
  legacyFailed_ = addSeries(traffic_, tr("legacy failed"), QColor("#455a64"), Qt::DashLine);
  newFailed_ = addSeries(traffic_, tr("new failed"), QColor("#c62828"), Qt::DashLine);
  match_ = addSeries(shadow_, tr("match"), QColor("#2e7d32"));
  mismatch_ = addSeries(shadow_, tr("mismatch"), QColor("#c62828"));
  candidateError_ = addSeries(shadow_, tr("candidate error"), QColor("#ef6c00"));
  legacyP99_ = addSeries(latency_, tr("legacy"), QColor("#455a64"));
  newP99_ = addSeries(latency_, tr("new (slowest)"), QColor("#2e7d32"));
  diverged_ = addSeries(data_, tr("diverged"), QColor("#c62828"));
  doubleCharges_ = addSeries(data_, tr("charged twice"), QColor("#6a1b9a"), Qt::DashLine);
  applyTheme();
}

void FigCharts::applyTheme() {
  for (QChartView* v : {traffic_, routeErrors_, routeLatency_, shadow_, latency_, lag_, data_})
    applyChartTheme(v);
}

void FigCharts::chooseRoutes(const std::vector<std::string>& routes) {
  flying_ = routes;
  for (QLineSeries* s : errorSeries_) delete s;
  for (QLineSeries* s : latencySeries_) delete s;
  errorSeries_.clear();
  latencySeries_.clear();
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const QString name = QString::fromStdString(routes[i]);
    for (QChartView* v : {routeErrors_, routeLatency_}) {
      auto& series = v == routeErrors_ ? errorSeries_ : latencySeries_;
      series.push_back(addSeries(v, tr("%1 legacy").arg(name), seriesColor(i), Qt::DashLine));
      series.push_back(addSeries(v, tr("%1 new").arg(name), seriesColor(i)));
    }
  }
  applyTheme();
}

// Each route in flight's failed share per half second, and its mean
// latency at the current weight, for legacy and for its new service.
void FigCharts::refreshRoutes(const Mirror& m, double tStart) {
  const std::vector<std::string> routes = routesInFlight(m);
  if (routes != flying_) chooseRoutes(routes);
  std::vector<QList<QPointF>> errors(errorSeries_.size()), latency(latencySeries_.size());
  double maxLatency = 10;
  for (std::size_t i = 0; i < flying_.size(); ++i) {
    const std::string& r = flying_[i];
    const std::array<std::optional<std::size_t>, 4> counts = {
        m.metricIndex("route", r, "legacy_ok"), m.metricIndex("route", r, "legacy_failed"),
        m.metricIndex("route", r, "new_ok"), m.metricIndex("route", r, "new_failed")};
    const std::array<std::optional<std::size_t>, 2> ms = {
        m.metricIndex("route", r, "legacy latency"), m.metricIndex("route", r, "new latency")};
    const MetricSample* prev = nullptr;
    for (const MetricSample& s : m.samples) {
      const double x = toSeconds(s.at);
      if (x < tStart - 1) continue;
      for (std::size_t k = 0; k < 2; ++k) {
        const double v = valueOf(s, ms[k]) / 1000;
        if (v <= 0) continue;  // nothing served at this weight yet
        latency[i * 2 + k].append({x, v});
        maxLatency = std::max(maxLatency, v);
      }
      if (prev && toSeconds(s.at - prev->at) < 0.5) continue;
      if (prev)
        for (std::size_t k = 0; k < 2; ++k) {
          const double ok = valueOf(s, counts[k * 2]) - valueOf(*prev, counts[k * 2]);
          const double failed = valueOf(s, counts[k * 2 + 1]) - valueOf(*prev, counts[k * 2 + 1]);
          if (ok + failed > 0) errors[i * 2 + k].append({x, 100 * failed / (ok + failed)});
        }
      prev = &s;
    }
  }
  for (std::size_t i = 0; i < errors.size(); ++i) errorSeries_[i]->replace(errors[i]);
  for (std::size_t i = 0; i < latency.size(); ++i) latencySeries_[i]->replace(latency[i]);
  axis(routeErrors_, Qt::Vertical)->setRange(0, 105);
  axis(routeLatency_, Qt::Vertical)->setRange(0, maxLatency * 1.15);
}

void FigCharts::refresh(const Mirror& m, double tStart, double tEnd) {
  const std::vector<std::string> subjects = m.subjects("cdc", "lag");
  if (subjects != lagSubjects_) {
    lagSubjects_ = subjects;
    for (QLineSeries* s : lagSeries_) delete s;
    lagSeries_.clear();
    for (std::size_t i = 0; i < subjects.size(); ++i)
      lagSeries_.push_back(addSeries(lag_, QString::fromStdString(subjects[i]), seriesColor(i)));
    applyTheme();
  }
  Ids lagIds;
  for (const auto& s : lagSubjects_)
    if (auto id = m.metricIndex("cdc", s, "lag")) lagIds.push_back(*id);
  const Ids legacyOk = routeMetrics(m, "legacy_ok"), newOk = routeMetrics(m, "new_ok"),
            legacyFailed = routeMetrics(m, "legacy_failed"),
            newFailed = routeMetrics(m, "new_failed"), match = routeMetrics(m, "match"),
            mismatch = routeMetrics(m, "mismatch"), error = routeMetrics(m, "candidate_error");
  Ids legacyP99, newP99;
  for (const std::string& svc : m.subjects("service", "p99")) {
    auto id = m.metricIndex("service", svc, "p99");
    if (!id) continue;
    if (svc == "legacy")
      legacyP99.push_back(*id);
    else if (svc != "legacy-2")
      newP99.push_back(*id);
  }
  const std::vector<std::pair<const Ids*, QLineSeries*>> rates = {
      {&legacyOk, legacyOk_},   {&newOk, newOk_}, {&legacyFailed, legacyFailed_},
      {&newFailed, newFailed_}, {&match, match_}, {&mismatch, mismatch_},
      {&error, candidateError_}};
  std::vector<QList<QPointF>> ratePoints(rates.size()), lagPoints(lagIds.size());
  QList<QPointF> lp, np, dp, cp;
  const auto divergedId = m.metricIndex("cdc", "", "diverged"),
             chargedId = m.metricIndex("payment", "", "double");
  double maxData = 5;
  double maxTraffic = 10, maxShadow = 5, maxLatency = 10, maxLag = 100;
  // Once the legacy database is switched off there is nothing to capture:
  // the lag lines end where capture stopped.
  using cs::strangler_fig::FigView;
  const auto* fig = dynamic_cast<const FigView*>(m.view.get());
  const bool cdcStopped = fig && fig->cdcStopped;
  const QString lagTitle = cdcStopped ? tr("CDC lag per new store (ms): stopped, legacy off")
                                      : tr("CDC lag per new store (ms)");
  if (lag_->chart()->title() != lagTitle) lag_->chart()->setTitle(lagTitle);
  const MetricSample* prev = nullptr;
  for (const MetricSample& s : m.samples) {
    const double x = toSeconds(s.at);
    if (x < tStart - 1) continue;
    lp.append({x, maxOf(s, legacyP99) / 1000});
    np.append({x, maxOf(s, newP99) / 1000});
    dp.append({x, valueOf(s, divergedId)});
    cp.append({x, valueOf(s, chargedId)});
    maxData = std::max({maxData, dp.back().y(), cp.back().y()});
    maxLatency = std::max({maxLatency, lp.back().y(), np.back().y()});
    for (std::size_t i = 0; i < lagIds.size() && !(cdcStopped && s.at > fig->cdcStoppedAt); ++i) {
      const double ms = sum(s, Ids{lagIds[i]}) / 1000;
      lagPoints[i].append({x, ms});
      maxLag = std::max(maxLag, ms);
    }
    // Rates over half a second: per-sample deltas of a few requests jump about.
    if (prev && toSeconds(s.at - prev->at) < 0.5) continue;
    if (prev) {
      const double dt = toSeconds(s.at - prev->at);
      for (std::size_t i = 0; i < rates.size(); ++i) {
        const double r = (sum(s, *rates[i].first) - sum(*prev, *rates[i].first)) / dt;
        ratePoints[i].append({x, r});
        (i < 4 ? maxTraffic : maxShadow) = std::max(i < 4 ? maxTraffic : maxShadow, r);
      }
    }
    prev = &s;
  }
  for (std::size_t i = 0; i < rates.size(); ++i) rates[i].second->replace(ratePoints[i]);
  for (std::size_t i = 0; i < lagIds.size(); ++i) lagSeries_[i]->replace(lagPoints[i]);
  legacyP99_->replace(lp);
  newP99_->replace(np);
  diverged_->replace(dp);
  doubleCharges_->replace(cp);
  refreshRoutes(m, tStart);
  for (QChartView* v : {traffic_, routeErrors_, routeLatency_, shadow_, latency_, lag_, data_})
    setTimeRange(v, tStart, tEnd);
  axis(data_, Qt::Vertical)->setRange(0, maxData * 1.15);
  axis(traffic_, Qt::Vertical)->setRange(0, maxTraffic * 1.15);
  axis(shadow_, Qt::Vertical)->setRange(0, maxShadow * 1.15);
  axis(latency_, Qt::Vertical)->setRange(0, maxLatency * 1.15);
  axis(lag_, Qt::Vertical)->setRange(0, maxLag * 1.15);
}

}  // namespace cs::ui::strangler_fig
