// Raft's charts from the run's samples. See raft_charts.h.
#include "raft_charts.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../../src/docks/chart_util.h"
#include "../../src/mirror.h"
#include "../../src/theme.h"

namespace cs::ui::leader_election {
namespace {

std::optional<double> value(const MetricSample& s, std::optional<std::size_t> id) {
  if (!id || *id >= s.values.size()) return std::nullopt;
  return static_cast<double>(s.values[*id]);
}

}  // namespace

RaftCharts::RaftCharts(QWidget* parent) : PatternCharts(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);

  ratesView_ = makeView(makeTimeChart(), this);
  rate_ = new QLineSeries;
  rate_->setName(tr("messages per second"));
  ratesView_->chart()->addSeries(rate_);
  rate_->attachAxis(axis(ratesView_, Qt::Horizontal));
  rate_->attachAxis(axis(ratesView_, Qt::Vertical));
  axis(ratesView_, Qt::Vertical)->setLabelFormat(QStringLiteral("%d"));

  termView_ = makeView(makeTimeChart(), this);
  QChart* terms = termView_->chart();
  term_ = new QLineSeries;
  term_->setName(tr("term"));
  leader_ = new QLineSeries;
  leader_->setName(tr("no leader"));
  terms->addSeries(term_);
  terms->addSeries(leader_);
  leaderY_ = new QValueAxis;
  leaderY_->setLabelFormat(QStringLiteral("%d"));
  terms->addAxis(leaderY_, Qt::AlignRight);
  axis(termView_, Qt::Vertical)->setLabelFormat(QStringLiteral("%d"));
  term_->attachAxis(axis(termView_, Qt::Horizontal));
  term_->attachAxis(axis(termView_, Qt::Vertical));
  leader_->attachAxis(axis(termView_, Qt::Horizontal));
  leader_->attachAxis(leaderY_);

  layout->addWidget(ratesView_);
  layout->addWidget(termView_);
}

void RaftCharts::applyTheme() {
  const Theme& t = currentTheme();
  for (QChartView* v : {ratesView_, termView_}) applyChartTheme(v);
  rate_->setPen(QPen(t.accent, t.lineWidth));
  term_->setPen(QPen(t.candidate, t.lineWidth));
  leader_->setPen(QPen(t.leader, t.lineWidth, Qt::DashLine));
}

void RaftCharts::refresh(const Mirror& m, double tStart, double tEnd) {
  QList<QPointF> rate, term, leader;
  double maxRate = 10, maxTerm = 1, maxLeader = 1;
  const auto sent = m.metricIndex("network", "", "sent");
  const auto termId = m.metricIndex("raft", "", "term");
  const auto leaderId = m.metricIndex("raft", "", "leader");
  const MetricSample* prev = nullptr;
  for (const MetricSample& s : m.samples) {
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
  rate_->replace(rate);
  term_->replace(term);
  leader_->replace(leader);
  // The legend says who leads now, in words; the line says who led when.
  const auto now = m.samples.empty() ? std::nullopt : value(m.samples.back(), leaderId);
  leader_->setName(now && *now >= 0 ? tr("leader: node %1").arg(static_cast<int>(*now))
                                    : tr("no leader"));
  for (QChartView* v : {ratesView_, termView_}) setTimeRange(v, tStart, tEnd);
  QValueAxis* rateY = axis(ratesView_, Qt::Vertical);
  rateY->setTickCount(4);
  rateY->setRange(0, maxRate * 1.15);
  QValueAxis* termY = axis(termView_, Qt::Vertical);
  termY->setRange(0, maxTerm + 1);
  termY->setTickCount(std::min(6, static_cast<int>(maxTerm) + 2));
  leaderY_->setRange(-1, maxLeader + 1);
  leaderY_->setTickCount(std::min(8, static_cast<int>(maxLeader) + 3));
}

}  // namespace cs::ui::leader_election
