// Building the series from the mirror's samples. See chart_dock.h.
#include "chart_dock.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../session.h"
#include "../theme.h"

namespace cs::ui {
namespace {

std::optional<std::size_t> metricIndex(const Mirror& m, const char* name) {
  for (std::size_t i = 0; i < m.metricNames.size(); ++i)
    if (m.metricNames[i] == name) return i;
  return std::nullopt;
}

QChartView* makeView(QChart* chart, QWidget* parent) {
  chart->legend()->setAlignment(Qt::AlignTop);
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->setBackgroundRoundness(0);
  auto* v = new QChartView(chart, parent);
  v->setRenderHint(QPainter::Antialiasing);
  v->setMinimumHeight(150);
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

  layout->addWidget(ratesView_);
  layout->addWidget(termView_);
  setWidget(w);

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
  for (QChartView* v : {ratesView_, termView_}) {
    QChart* c = v->chart();
    c->setTheme(t.darkBase ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    c->setBackgroundBrush(t.surface);
    c->legend()->setLabelColor(t.text);
    QFont f = c->legend()->font();
    f.setPointSizeF(t.fontPointSize * 0.9);
    c->legend()->setFont(f);
    for (QAbstractAxis* a : c->axes()) {
      a->setLabelsColor(t.text);
      a->setTitleBrush(t.mutedText);
      QFont af = a->labelsFont();
      af.setPointSizeF(std::max(8.0, t.fontPointSize * 0.75));
      a->setLabelsFont(af);
      a->setTitleFont(af);
      a->setGridLineColor(t.link);
    }
  }
  rate_->setPen(QPen(t.accent, t.lineWidth));
  term_->setPen(QPen(t.candidate, t.lineWidth));
  leader_->setPen(QPen(t.leader, t.lineWidth, Qt::DashLine));
}

void ChartDock::scheduleRefresh() {
  if (!throttle_.isActive()) throttle_.start();
}

void ChartDock::refresh() {
  QList<QPointF> rate, term, leader;
  double tEnd = kWindow, maxRate = 10, maxTerm = 1, maxLeader = 1;
  if (session_ && !session_->mirror().samples.empty()) {
    const Mirror& m = session_->mirror();
    const auto sent = metricIndex(m, "messages.sent");
    const auto termId = metricIndex(m, "raft.term");
    const auto leaderId = metricIndex(m, "raft.leader");
    tEnd = std::max(kWindow, toSeconds(m.samples.back().at));
    const double tStart = tEnd - kWindow;
    auto value = [](const MetricSample& s, std::optional<std::size_t> id) -> std::optional<double> {
      if (!id || *id >= s.values.size()) return std::nullopt;
      return static_cast<double>(s.values[*id]);
    };
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
