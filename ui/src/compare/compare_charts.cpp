// The compare view's overlaid charts. See compare_charts.h.
#include "compare_charts.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLineSeries>
#include <QPainter>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <optional>

#include "../docks/chart_util.h"
#include "../session.h"
#include "../theme.h"

namespace cs::ui {
namespace {

// What sits between `prefix` and `suffix` in every name that has both, in order.
std::vector<std::string> middles(const std::vector<std::string>& names, const std::string& prefix,
                                 const std::string& suffix) {
  std::vector<std::string> v;
  for (const auto& n : names)
    if (n.size() > prefix.size() + suffix.size() && n.starts_with(prefix) && n.ends_with(suffix))
      v.push_back(n.substr(prefix.size(), n.size() - prefix.size() - suffix.size()));
  return v;
}

// The legend: a line sample and the variant's name for each run, drawn with
// the series' own pens so the room can match them at a glance.
class Legend : public QWidget {
 public:
  Legend(QString a, QString b, QWidget* parent)
      : QWidget(parent), a_(std::move(a)), b_(std::move(b)) {
    setMinimumHeight(fontMetrics().height() + 10);
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QFont f = font();
    f.setBold(true);
    p.setFont(f);
    p.setPen(currentTheme().text);
    int x = 8;
    const int y = height() / 2;
    for (int run = 0; run < 2; ++run) {
      p.setPen(QPen(run == 0 ? CompareCharts::colorA() : CompareCharts::colorB(), 4,
                    run == 0 ? Qt::SolidLine : Qt::DashLine));
      p.drawLine(x, y, x + 48, y);
      x += 58;
      const QString text = run == 0 ? QStringLiteral("A: ") + a_ : QStringLiteral("B: ") + b_;
      p.setPen(currentTheme().text);
      p.drawText(QRect(x, 0, width() - x, height()), Qt::AlignVCenter | Qt::AlignLeft, text);
      x += p.fontMetrics().horizontalAdvance(text) + 40;
    }
  }

 private:
  QString a_, b_;
};

}  // namespace

std::vector<CompareMeasure> compareMeasures(const std::vector<std::string>& names) {
  std::vector<CompareMeasure> v;
  const auto services = middles(names, "svc.", ".ok");
  const auto subscriptions = middles(names, "pubsub.", ".backlog");
  // Rows: the first measure for every service, then the second.
  if (!services.empty()) {
    for (const auto& s : services)
      v.push_back({QString::fromStdString(s) + QObject::tr(": OK /s"), {"svc." + s + ".ok"}, true});
    for (const auto& s : services)
      v.push_back({QString::fromStdString(s) + QObject::tr(": failed /s"),
                   {"svc." + s + ".error", "svc." + s + ".rejected", "svc." + s + ".timeout"},
                   true});
  } else if (!subscriptions.empty()) {
    for (const auto& s : subscriptions)
      v.push_back({QString::fromStdString(s) + QObject::tr(": backlog"),
                   {"pubsub." + s + ".backlog"},
                   false});
    for (const auto& s : subscriptions)
      v.push_back({QString::fromStdString(s) + QObject::tr(": acked /s"),
                   {"pubsub." + s + ".acked"},
                   true});
  } else {
    v.push_back({QObject::tr("messages /s"), {"messages.sent"}, true});
    v.push_back({QObject::tr("term"), {"raft.term"}, false});
    v.push_back({QObject::tr("leader (node; -1 none)"), {"raft.leader"}, false});
  }
  return v;
}

CompareCharts::CompareCharts(Session* a, Session* b, const QString& captionA,
                             const QString& captionB, QWidget* parent)
    : QWidget(parent), a_(a), b_(b), captionA_(captionA), captionB_(captionB) {
  setObjectName(QStringLiteral("compareCharts"));
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(4, 0, 4, 4);
  column->setSpacing(0);
  column->addWidget(new Legend(captionA, captionB, this));
  grid_ = new QGridLayout;
  grid_->setSpacing(2);
  column->addLayout(grid_, 1);
  throttle_.setSingleShot(true);
  throttle_.setInterval(200);
  connect(&throttle_, &QTimer::timeout, this, &CompareCharts::refresh);
  for (Session* s : {a_, b_}) {
    connect(s, &Session::samplesAdded, this, &CompareCharts::scheduleRefresh);
    connect(s, &Session::runStarted, this, &CompareCharts::scheduleRefresh);
  }
  refresh();
}

QColor CompareCharts::colorA() {
  return QColor("#1f6fb2");
}

QColor CompareCharts::colorB() {
  return QColor("#e65100");
}

QLineSeries* CompareCharts::series(std::size_t chart, int run) const {
  if (chart >= views_.size()) return nullptr;
  return run == 0 ? seriesA_[chart] : seriesB_[chart];
}

void CompareCharts::applyTheme() {
  const Theme& t = currentTheme();
  for (QChartView* v : views_) {
    applyChartTheme(v);
    QFont f = v->chart()->titleFont();
    f.setBold(true);
    f.setPointSizeF(std::max(11.0, t.fontPointSize * 0.85));
    v->chart()->setTitleFont(f);
  }
  for (std::size_t i = 0; i < views_.size(); ++i) {
    seriesA_[i]->setPen(QPen(colorA(), t.lineWidth + 1.5));
    seriesB_[i]->setPen(QPen(colorB(), t.lineWidth + 1.5, Qt::DashLine));
  }
}

void CompareCharts::scheduleRefresh() {
  if (!throttle_.isActive()) throttle_.start();
}

void CompareCharts::rebuild(const std::vector<CompareMeasure>& measures) {
  for (QChartView* v : views_) delete v;
  views_.clear();
  seriesA_.clear();
  seriesB_.clear();
  measures_ = measures;
  // Two rows when there are pairs of measures (per service, per
  // subscription), one otherwise.
  const std::size_t columns = measures_.size() > 3 ? (measures_.size() + 1) / 2
                                                   : std::max<std::size_t>(1, measures_.size());
  for (std::size_t i = 0; i < measures_.size(); ++i) {
    QChart* chart = makeTimeChart();
    chart->setTitle(measures_[i].title);
    chart->legend()->hide();  // one legend for all, above
    QChartView* view = makeView(chart, this);
    view->setMinimumHeight(120);
    for (int run = 0; run < 2; ++run) {
      auto* s = new QLineSeries;
      s->setName(run == 0 ? captionA_ : captionB_);
      chart->addSeries(s);
      s->attachAxis(axis(view, Qt::Horizontal));
      s->attachAxis(axis(view, Qt::Vertical));
      (run == 0 ? seriesA_ : seriesB_).push_back(s);
    }
    axis(view, Qt::Vertical)->setTickCount(3);
    axis(view, Qt::Horizontal)->setTickCount(3);
    grid_->addWidget(view, static_cast<int>(i / columns), static_cast<int>(i % columns));
    views_.push_back(view);
  }
  for (std::size_t c = 0; c < columns; ++c) grid_->setColumnStretch(static_cast<int>(c), 1);
  for (std::size_t r = 0; r * columns < measures_.size(); ++r)
    grid_->setRowStretch(static_cast<int>(r), 1);
  applyTheme();
}

void CompareCharts::refresh() {
  const Mirror& ma = a_->mirror();
  const Mirror& mb = b_->mirror();
  std::vector<std::string> names;
  for (const MetricInfo& info : ma.metrics) names.push_back(info.name);
  const auto measures = compareMeasures(names);
  bool same = measures.size() == measures_.size();
  for (std::size_t i = 0; same && i < measures.size(); ++i)
    same = measures[i].title == measures_[i].title;
  if (!same) rebuild(measures);

  // Both runs share the window: it ends where the run ahead is.
  double tEnd = kWindow;
  for (const Mirror* m : {&ma, &mb})
    if (!m->samples.empty()) tEnd = std::max(tEnd, toSeconds(m->samples.back().at));
  const double tStart = tEnd - kWindow;
  for (std::size_t i = 0; i < measures_.size(); ++i) {
    const CompareMeasure& measure = measures_[i];
    double top = measure.rate ? 10 : 1, bottom = 0;
    for (int run = 0; run < 2; ++run) {
      const Mirror& m = run == 0 ? ma : mb;
      std::vector<std::optional<std::size_t>> ids;
      for (const auto& name : measure.metrics) ids.push_back(m.metricIndex(name));
      auto value = [&](const MetricSample& s) {
        double sum = 0;
        for (const auto& id : ids)
          if (id && *id < s.values.size()) sum += static_cast<double>(s.values[*id]);
        return sum;
      };
      QList<QPointF> points;
      const MetricSample* prev = nullptr;
      for (const MetricSample& s : m.samples) {
        const double x = toSeconds(s.at);
        if (x < tStart - 1) {
          prev = &s;
          continue;
        }
        double y = 0;
        if (measure.rate) {
          // Over half a second at least: a few calls per sample would jump.
          if (!prev) {
            prev = &s;
            continue;
          }
          const double dt = toSeconds(s.at - prev->at);
          if (dt < kInterval) continue;
          y = (value(s) - value(*prev)) / dt;
          prev = &s;
        } else {
          y = value(s);
        }
        points.append({x, y});
        top = std::max(top, y);
        bottom = std::min(bottom, y);
      }
      (run == 0 ? seriesA_ : seriesB_)[i]->replace(points);
    }
    QChartView* v = views_[i];
    axis(v, Qt::Horizontal)->setRange(tStart, tEnd);
    QValueAxis* y = axis(v, Qt::Vertical);
    y->setRange(bottom, measure.rate ? top * 1.1 : top + 1);
    y->applyNiceNumbers();
  }
}

}  // namespace cs::ui
