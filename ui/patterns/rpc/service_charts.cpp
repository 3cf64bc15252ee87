// The services' charts from the run's samples. See service_charts.h.
#include "service_charts.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLineSeries>
#include <QObject>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../../src/docks/chart_util.h"
#include "../../src/mirror.h"
#include "../../src/theme.h"
#include "../circuit_breaker/breaker_band.h"

namespace cs::ui::rpc_look {
namespace {

constexpr const char* kFamily = "service";

std::vector<std::string> servicesOf(const std::vector<MetricInfo>& metrics) {
  std::vector<std::string> v;
  for (const MetricInfo& m : metrics)
    if (m.family == kFamily && m.measure == "ok") v.push_back(m.subject);
  return v;
}

std::string nameOf(const std::vector<MetricInfo>& metrics, const std::string& subject,
                   std::string_view measure) {
  for (const MetricInfo& m : metrics)
    if (m.family == kFamily && m.subject == subject && m.measure == measure) return m.name;
  return {};
}

}  // namespace

ServiceCharts::ServiceCharts(QWidget* parent) : PatternCharts(parent) {
  setObjectName(QStringLiteral("serviceCharts"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  // The breakers' band first: what the breakers did is the headline; the
  // measures that made them do it follow.
  band_ = new BreakerBand(this);
  band_->hide();
  layout->addWidget(band_);
  // The first chart names the services (its legend) and its measure on its
  // axis, the other two by their titles.
  rateView_ = makeView(makeTimeChart(), this);
  failView_ = makeView(makeTimeChart(), this);
  p99View_ = makeView(makeTimeChart(), this);
  axis(rateView_, Qt::Vertical)->setTitleText(tr("req/s"));
  failView_->chart()->setTitle(tr("failed (%)"));
  p99View_->chart()->setTitle(tr("p99 latency, each 0.1 s (ms)"));
  for (QChartView* v : {rateView_, failView_, p99View_}) {
    axis(v, Qt::Vertical)->setTickCount(2);
    v->setMinimumHeight(v == rateView_ ? 130 : 95);
    layout->addWidget(v);
  }
  for (QChartView* v : {failView_, p99View_}) v->chart()->legend()->hide();
}

void ServiceCharts::applyTheme() {
  for (QChartView* v : {rateView_, failView_, p99View_}) applyChartTheme(v);
  for (std::size_t i = 0; i < services_.size(); ++i)
    for (auto* list : {&rate_, &fail_, &p99_})
      (*list)[i]->setPen(QPen(seriesColor(i), currentTheme().lineWidth));
  band_->update();
}

void ServiceCharts::syncServices(const std::vector<std::string>& services) {
  if (services == services_) return;
  services_ = services;
  for (auto* list : {&rate_, &fail_, &p99_}) {
    for (QLineSeries* s : *list) delete s;
    list->clear();
  }
  // One colour per service, the same in all three charts.
  std::size_t i = 0;
  for (const auto& name : services_) {
    const QColor color = seriesColor(i++);
    for (auto [view, list] :
         {std::pair{rateView_, &rate_}, std::pair{failView_, &fail_}, std::pair{p99View_, &p99_}}) {
      auto* s = new QLineSeries;
      s->setName(QString::fromStdString(name));
      s->setPen(QPen(color, currentTheme().lineWidth));
      view->chart()->addSeries(s);
      s->attachAxis(axis(view, Qt::Horizontal));
      s->attachAxis(axis(view, Qt::Vertical));
      list->push_back(s);
    }
  }
}

void ServiceCharts::refresh(const Mirror& m, double tStart, double tEnd) {
  syncServices(m.subjects(kFamily, "ok"));
  const std::size_t n = services_.size();
  struct Ids {
    std::optional<std::size_t> ok, error, rejected, timeout, p99;
  };
  std::vector<Ids> ids(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& s = services_[i];
    ids[i] = {m.metricIndex(kFamily, s, "ok"), m.metricIndex(kFamily, s, "error"),
              m.metricIndex(kFamily, s, "rejected"), m.metricIndex(kFamily, s, "timeout"),
              m.metricIndex(kFamily, s, "p99")};
  }
  auto value = [](const MetricSample& s, std::optional<std::size_t> id) {
    return id && *id < s.values.size() ? static_cast<double>(s.values[*id]) : 0.0;
  };
  std::vector<QList<QPointF>> rate(n), fail(n), p99(n);
  double maxRate = 10, maxP99 = 10;
  const MetricSample* prev = nullptr;
  for (const MetricSample& s : m.samples) {
    const double x = toSeconds(s.at);
    if (prev && toSeconds(s.at - prev->at) < kInterval) continue;
    if (x >= tStart - 1 && prev) {
      const double dt = toSeconds(s.at - prev->at);
      for (std::size_t i = 0; i < n && dt > 0; ++i) {
        const Ids& d = ids[i];
        auto delta = [&](std::optional<std::size_t> id) { return value(s, id) - value(*prev, id); };
        const double ok = delta(d.ok);
        const double bad = delta(d.error) + delta(d.rejected) + delta(d.timeout);
        const double r = (ok + bad) / dt;
        rate[i].append({x, r});
        maxRate = std::max(maxRate, r);
        fail[i].append({x, ok + bad > 0 ? 100 * bad / (ok + bad) : 0});
        const double ms = value(s, d.p99) / 1000;
        p99[i].append({x, ms});
        maxP99 = std::max(maxP99, ms);
      }
    }
    prev = &s;
  }
  for (std::size_t i = 0; i < n; ++i) {
    rate_[i]->replace(rate[i]);
    fail_[i]->replace(fail[i]);
    p99_[i]->replace(p99[i]);
  }
  for (QChartView* v : {rateView_, failView_, p99View_}) setTimeRange(v, tStart, tEnd);
  axis(rateView_, Qt::Vertical)->setRange(0, maxRate * 1.15);
  axis(failView_, Qt::Vertical)->setRange(0, 100);
  axis(p99View_, Qt::Vertical)->setRange(0, maxP99 * 1.15);
  band_->setVisible(band_->show(m, tStart, tEnd));
}

std::vector<CompareMeasure> serviceMeasures(const std::vector<MetricInfo>& metrics) {
  std::vector<CompareMeasure> v;
  const auto services = servicesOf(metrics);
  // Rows: the first measure for every service, then the second.
  for (const auto& s : services)
    v.push_back(
        {QString::fromStdString(s) + QObject::tr(": OK /s"), {nameOf(metrics, s, "ok")}, true});
  for (const auto& s : services) {
    CompareMeasure failed{QString::fromStdString(s) + QObject::tr(": failed /s"), {}, true};
    for (const char* measure : {"error", "rejected", "timeout"})
      if (auto name = nameOf(metrics, s, measure); !name.empty()) failed.metrics.push_back(name);
    v.push_back(std::move(failed));
  }
  return v;
}

}  // namespace cs::ui::rpc_look
