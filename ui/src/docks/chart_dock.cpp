// Hosting the open pattern's charts. See chart_dock.h.
#include "chart_dock.h"

#include <cmath>

#include <QChartView>
#include <QEvent>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

#include "../pattern_ui.h"
#include "../session.h"
#include "chart_util.h"

namespace cs::ui {

ChartDock::ChartDock(QWidget* parent) : QDockWidget(tr("Charts"), parent) {
  setObjectName(QStringLiteral("charts"));
  auto* w = new QWidget(this);
  layout_ = new QVBoxLayout(w);
  layout_->setContentsMargins(0, 0, 0, 0);
  layout_->setSpacing(0);
  // A short dock scrolls rather than squeezing the charts until their axes
  // cannot be read.
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(w);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumHeight(120);
  setWidget(scroll);

  throttle_.setSingleShot(true);
  throttle_.setInterval(200);
  connect(&throttle_, &QTimer::timeout, this, &ChartDock::refresh);
}

void ChartDock::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) {
    connect(session_, &Session::samplesAdded, this, &ChartDock::scheduleRefresh);
    connect(session_, &Session::runStarted, this, &ChartDock::refresh);
    connect(session_, &Session::scenarioOpened, this, &ChartDock::refresh);
  }
  refresh();
}

void ChartDock::applyTheme() {
  if (charts_) charts_->applyTheme();
}

void ChartDock::scheduleRefresh() {
  if (!throttle_.isActive()) throttle_.start();
}

void ChartDock::choosePattern() {
  const PatternUi* ui = session_ ? session_->patternUi() : nullptr;
  if (ui == shownFor_) return;
  shownFor_ = ui;
  delete charts_;
  charts_ = ui && ui->charts ? ui->charts(layout_->parentWidget()) : nullptr;
  if (!charts_) return;
  // Room for a chart's title, legend, plot and whole axis labels: QtCharts
  // cuts every axis label to "…" once a chart is squeezed below that. A short
  // dock scrolls instead.
  constexpr int kReadableHeight = 190;
  for (QChartView* v : charts_->findChildren<QChartView*>()) {
    v->setMinimumHeight(std::max(v->minimumHeight(), kReadableHeight));
    v->installEventFilter(this);
  }
  layout_->addWidget(charts_);
  charts_->applyTheme();
}

void ChartDock::refresh() {
  choosePattern();
  if (!charts_ || !session_) return;
  const Mirror& m = session_->mirror();
  // The run so far, to the next whole second; once longer than the window,
  // its last kWindow seconds, scrolling.
  const double last = m.samples.empty() ? 0 : toSeconds(m.samples.back().at);
  const double tEnd = last < kWindow ? std::max(1.0, std::ceil(last)) : last;
  charts_->refresh(m, std::max(0.0, tEnd - kWindow), tEnd);
  // After the refresh: it may add a series, and with it a legend entry.
  fitLegends();
}

void ChartDock::fitLegends() {
  if (!charts_) return;
  for (QChartView* v : charts_->findChildren<QChartView*>()) fitLegend(v);
}

bool ChartDock::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::Resize)
    if (auto* v = qobject_cast<QChartView*>(watched)) fitLegend(v);
  return QDockWidget::eventFilter(watched, event);
}

}  // namespace cs::ui
