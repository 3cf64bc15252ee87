// Building the series from the mirror's samples. See chart_dock.h.
#include "chart_dock.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../session.h"
#include "../theme.h"
#include "breaker_band.h"
#include "chart_util.h"
#include "pubsub_charts.h"

namespace cs::ui {
namespace {

// The services a run measures: every "svc.<name>.ok", in order.
std::vector<std::string> serviceNames(const Mirror& m) {
  std::vector<std::string> v;
  for (const auto& info : m.metrics)
    if (const std::string& n = info.name;
        n.starts_with("svc.") && n.ends_with(".ok") && n.size() > 7)
      v.push_back(n.substr(4, n.size() - 7));
  return v;
}

}  // namespace

ChartDock::ChartDock(QWidget* parent) : QDockWidget(tr("Charts"), parent) {
  setObjectName(QStringLiteral("charts"));
  auto* w = new QWidget(this);
  auto* layout = new QVBoxLayout(w);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);

  auto* rates = new QChart;
  rate_ = new QLineSeries;
  rate_->setName(tr("messages per second"));
  rates->addSeries(rate_);
  rateX_ = new QValueAxis;
  rateY_ = new QValueAxis;
  rateY_->setLabelFormat(QStringLiteral("%d"));
  rates->addAxis(rateX_, Qt::AlignBottom);
  rates->addAxis(rateY_, Qt::AlignLeft);
  rate_->attachAxis(rateX_);
  rate_->attachAxis(rateY_);
  ratesView_ = makeView(rates, w);

  auto* terms = new QChart;
  term_ = new QLineSeries;
  term_->setName(tr("term"));
  leader_ = new QLineSeries;
  leader_->setName(tr("leader (node; -1 none)"));
  terms->addSeries(term_);
  terms->addSeries(leader_);
  termX_ = new QValueAxis;
  termY_ = new QValueAxis;
  leaderY_ = new QValueAxis;
  termY_->setLabelFormat(QStringLiteral("%d"));
  leaderY_->setLabelFormat(QStringLiteral("%d"));
  terms->addAxis(termX_, Qt::AlignBottom);
  terms->addAxis(termY_, Qt::AlignLeft);
  terms->addAxis(leaderY_, Qt::AlignRight);
  term_->attachAxis(termX_);
  term_->attachAxis(termY_);
  leader_->attachAxis(termX_);
  leader_->attachAxis(leaderY_);
  termView_ = makeView(terms, w);

  // Three small charts, one per measure, each service in the same colour:
  // the first names the services (its legend) and its measure on its axis,
  // the other two by their titles.
  svcRateView_ = makeView(makeTimeChart(), w);
  svcFailView_ = makeView(makeTimeChart(), w);
  svcP99View_ = makeView(makeTimeChart(), w);
  axis(svcRateView_, Qt::Vertical)->setTitleText(tr("req/s"));
  svcFailView_->chart()->setTitle(tr("failed (%)"));
  svcP99View_->chart()->setTitle(tr("p99 latency (ms)"));
  for (QChartView* v : {svcRateView_, svcFailView_, svcP99View_}) {
    axis(v, Qt::Vertical)->setTickCount(2);
    v->setMinimumHeight(v == svcRateView_ ? 130 : 95);
  }
  for (QChartView* v : {svcFailView_, svcP99View_}) v->chart()->legend()->hide();

  layout->addWidget(ratesView_);
  layout->addWidget(termView_);
  // The breakers' band first: what the breakers did is the headline; the
  // measures that made them do it follow.
  band_ = new BreakerBand(w);
  layout->addWidget(band_);
  pubsub_ = new PubSubCharts(w);
  layout->addWidget(pubsub_);
  pubsub_->hide();
  layout->addWidget(svcRateView_);
  layout->addWidget(svcFailView_);
  layout->addWidget(svcP99View_);
  for (QChartView* v : {svcRateView_, svcFailView_, svcP99View_}) v->hide();
  band_->hide();
  // A short dock scrolls rather than squeezing the charts until their axes
  // cannot be read.
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(w);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumHeight(270);
  setWidget(scroll);

  throttle_.setSingleShot(true);
  throttle_.setInterval(200);
  connect(&throttle_, &QTimer::timeout, this, &ChartDock::refresh);
  applyTheme();
}

void ChartDock::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) {
    connect(session_, &Session::samplesAdded, this, &ChartDock::scheduleRefresh);
    connect(session_, &Session::runStarted, this, &ChartDock::refresh);
  }
  refresh();
}

void ChartDock::applyTheme() {
  const Theme& t = currentTheme();
  for (QChartView* v : {ratesView_, termView_, svcRateView_, svcFailView_, svcP99View_})
    applyChartTheme(v);
  pubsub_->applyTheme();
  rate_->setPen(QPen(t.accent, t.lineWidth));
  term_->setPen(QPen(t.candidate, t.lineWidth));
  leader_->setPen(QPen(t.leader, t.lineWidth, Qt::DashLine));
}

void ChartDock::scheduleRefresh() {
  if (!throttle_.isActive()) throttle_.start();
}

void ChartDock::syncServices(const std::vector<std::string>& services) {
  if (services == services_) return;
  services_ = services;
  for (auto* list : {&svcRate_, &svcFail_, &svcP99_}) {
    for (QLineSeries* s : *list) delete s;
    list->clear();
  }
  // One colour per service, the same in all three charts.
  std::size_t i = 0;
  for (const auto& name : services_) {
    const QColor color = seriesColor(i++);
    for (auto [view, list] :
         {std::pair{svcRateView_, &svcRate_}, std::pair{svcFailView_, &svcFail_},
          std::pair{svcP99View_, &svcP99_}}) {
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

void ChartDock::refreshServices() {
  const Mirror& m = session_->mirror();
  syncServices(serviceNames(m));
  const std::size_t n = services_.size();
  struct Ids {
    std::optional<std::size_t> ok, error, rejected, timeout, p99;
  };
  std::vector<Ids> ids(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string p = "svc." + services_[i] + ".";
    ids[i] = {m.metricIndex(p + "ok"), m.metricIndex(p + "error"), m.metricIndex(p + "rejected"),
              m.metricIndex(p + "timeout"), m.metricIndex(p + "p99_us")};
  }
  auto value = [](const MetricSample& s, std::optional<std::size_t> id) {
    return id && *id < s.values.size() ? static_cast<double>(s.values[*id]) : 0.0;
  };
  std::vector<QList<QPointF>> rate(n), fail(n), p99(n);
  double tEnd = kWindow, maxRate = 10, maxP99 = 10;
  if (!m.samples.empty()) {
    tEnd = std::max(kWindow, toSeconds(m.samples.back().at));
    const double tStart = tEnd - kWindow;
    // Rates over half a second at least: per-sample deltas of a few calls
    // would make the failure percentage jump between 0 and 100.
    const MetricSample* prev = nullptr;
    for (const MetricSample& s : m.samples) {
      const double x = toSeconds(s.at);
      if (prev && toSeconds(s.at - prev->at) < kServiceInterval) continue;
      if (x >= tStart - 1 && prev) {
        const double dt = toSeconds(s.at - prev->at);
        for (std::size_t i = 0; i < n && dt > 0; ++i) {
          const Ids& d = ids[i];
          const double ok = value(s, d.ok) - value(*prev, d.ok);
          const double bad = value(s, d.error) - value(*prev, d.error) + value(s, d.rejected) -
                             value(*prev, d.rejected) + value(s, d.timeout) -
                             value(*prev, d.timeout);
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
  }
  for (std::size_t i = 0; i < n; ++i) {
    svcRate_[i]->replace(rate[i]);
    svcFail_[i]->replace(fail[i]);
    svcP99_[i]->replace(p99[i]);
  }
  for (QChartView* v : {svcRateView_, svcFailView_, svcP99View_})
    axis(v, Qt::Horizontal)->setRange(tEnd - kWindow, tEnd);
  axis(svcRateView_, Qt::Vertical)->setRange(0, maxRate * 1.15);
  axis(svcFailView_, Qt::Vertical)->setRange(0, 100);
  axis(svcP99View_, Qt::Vertical)->setRange(0, maxP99 * 1.15);
  band_->setVisible(band_->show(m, tEnd - kWindow, tEnd));
}

void ChartDock::refresh() {
  // A Pub/Sub run gets its own charts; a pattern of services its services'
  // charts; Raft the rest.
  const Mirror* m = session_ ? &session_->mirror() : nullptr;
  const double tEnd =
      m && !m->samples.empty() ? std::max(kWindow, toSeconds(m->samples.back().at)) : kWindow;
  const bool pubsub = m && pubsub_->show(*m, tEnd - kWindow, tEnd);
  pubsub_->setVisible(pubsub);
  const bool services = !pubsub && m && !serviceNames(*m).empty();
  ratesView_->setVisible(!services && !pubsub);
  termView_->setVisible(!services && !pubsub);
  for (QChartView* v : {svcRateView_, svcFailView_, svcP99View_}) v->setVisible(services);
  if (!services) band_->hide();
  if (pubsub) return;
  if (services) {
    refreshServices();
    return;
  }
  QList<QPointF> rate, term, leader;
  double maxRate = 10, maxTerm = 1, maxLeader = 1;
  if (m && !m->samples.empty()) {
    const auto sent = m->metricIndex("messages.sent");
    const auto termId = m->metricIndex("raft.term");
    const auto leaderId = m->metricIndex("raft.leader");
    const double tStart = tEnd - kWindow;
    auto value = [](const MetricSample& s, std::optional<std::size_t> id) -> std::optional<double> {
      if (!id || *id >= s.values.size()) return std::nullopt;
      return static_cast<double>(s.values[*id]);
    };
    const MetricSample* prev = nullptr;
    for (const MetricSample& s : m->samples) {
      const double x = toSeconds(s.at);
      if (x < tStart - 1) {
        prev = &s;
        continue;
      }
      if (prev) {
        const double dt = toSeconds(s.at - prev->at);
        const auto a = value(*prev, sent), b = value(s, sent);
        if (a && b && dt > 0) {
          rate.append({x, (*b - *a) / dt});
          maxRate = std::max(maxRate, (*b - *a) / dt);
        }
        // Steps, not slopes: a term changes at an instant.
        if (auto v = value(s, termId)) {
          if (auto pv = value(*prev, termId)) term.append({x, *pv});
          term.append({x, *v});
          maxTerm = std::max(maxTerm, *v);
        }
        if (auto v = value(s, leaderId)) {
          if (auto pv = value(*prev, leaderId)) leader.append({x, *pv});
          leader.append({x, *v});
          maxLeader = std::max(maxLeader, *v);
        }
      }
      prev = &s;
    }
  }
  rate_->replace(rate);
  term_->replace(term);
  leader_->replace(leader);
  for (QValueAxis* x : {rateX_, termX_}) {
    x->setTickCount(5);
    x->setLabelFormat(QStringLiteral("%.0f s"));
  }
  rateY_->setTickCount(4);
  rateX_->setRange(tEnd - kWindow, tEnd);
  termX_->setRange(tEnd - kWindow, tEnd);
  rateY_->setRange(0, maxRate * 1.15);
  termY_->setRange(0, maxTerm + 1);
  termY_->setTickCount(std::min(6, static_cast<int>(maxTerm) + 2));
  leaderY_->setRange(-1, maxLeader + 1);
  leaderY_->setTickCount(std::min(8, static_cast<int>(maxLeader) + 3));
}

}  // namespace cs::ui
