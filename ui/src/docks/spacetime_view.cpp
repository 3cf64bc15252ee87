// The space-time diagram's state: following, scrolling, zooming, and
// keeping its picture in step with the session. See spacetime_view.h.
#include "spacetime_view.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QScrollBar>
#include <algorithm>
#include <cmath>

#include "../canvas/pattern_look.h"
#include "../session.h"
#include "../theme.h"

namespace cs::ui {
namespace {

constexpr double kBottomRoom = 28;  // under "now", so the newest arrow is not on the edge
// The scale is fitted once a scenario has run this long: long enough to
// know its latencies and how many messages it sends.
constexpr SimDuration kFitAfter{500'000};
constexpr double kMinPixelsPerSecond = 1;
constexpr double kMaxPixelsPerSecond = 2'000'000;

}  // namespace

SpacetimeView::SpacetimeView(QWidget* parent) : QAbstractScrollArea(parent) {
  setObjectName(QStringLiteral("spacetimeView"));
  setFrameShape(QFrame::NoFrame);
  viewport()->setMouseTracking(false);
  viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
  verticalScrollBar()->setSingleStep(24);
  horizontalScrollBar()->setSingleStep(24);
  connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
    if (syncing_) return;
    // At the bottom is following; anywhere else is reading.
    setFollowing(value >= verticalScrollBar()->maximum() - 2);
  });
}

SpacetimeView::~SpacetimeView() = default;

void SpacetimeView::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  mirror_ = nullptr;
  if (session_) {
    connect(session_, &Session::recordsChanged, this, [this] { indexStale_ = true; });
    connect(session_, &Session::updated, this, &SpacetimeView::onRecords);
    connect(session_, &Session::runStarted, this, &SpacetimeView::onRunStarted);
    connect(session_, &Session::scenarioOpened, this, &SpacetimeView::onScenarioOpened);
    connect(session_, &Session::selectionChanged, this, &SpacetimeView::onSelectionChanged);
    connect(session_, &Session::followChanged, this, [this] { viewport()->update(); });
  }
  onScenarioOpened();
}

void SpacetimeView::showMirror(const Mirror* mirror, const PatternLook* look) {
  setSession(nullptr);
  mirror_ = mirror;
  chooseLook(look);
  indexStale_ = true;
  refresh();
  viewport()->update();
}

const Mirror* SpacetimeView::mirror() const {
  return session_ ? &session_->mirror() : mirror_;
}

SimTime SpacetimeView::now() const {
  const Mirror* m = mirror();
  return std::max(m ? m->status.now : SimTime{0}, index_.latest());
}

void SpacetimeView::chooseLook(const PatternLook* look) {
  if (look == look_) return;
  look_ = look;
  coloursStale_ = indexStale_ = true;
}

void SpacetimeView::onScenarioOpened() {
  held_ = session_ ? session_->look() : nullptr;
  chooseLook(held_.get());
  // Another scenario has other latencies: fit the scale to them afresh.
  fitted_ = userZoomed_ = false;
  onRunStarted();
}

void SpacetimeView::onRunStarted() {
  index_.clear();
  indexStale_ = layoutStale_ = true;
  setFollowing(true);
  onRecords();
}

void SpacetimeView::onRecords() {
  // A hidden diagram (a tab behind the charts) costs nothing: it catches up
  // when shown.
  if (!isVisible()) return;
  refresh();
  viewport()->update();
}

void SpacetimeView::onSelectionChanged() {
  if (selecting_) {
    viewport()->update();
    return;
  }
  refresh();
  const int i = highlightedArrow();
  if (i >= 0)
    scrollToArrow(static_cast<std::size_t>(i));
  else if (const Lane* lane = layout_.lane(session_->selectedNode()); lane && lane->shown)
    revealColumns(lane->left, lane->left + lane->width);
  viewport()->update();
}

void SpacetimeView::setFilter(const SpacetimeFilter& filter) {
  filter_ = filter;
  layoutStale_ = true;
  refresh();
  viewport()->update();
}

void SpacetimeView::setFollowing(bool on) {
  if (on == following_) return;
  following_ = on;
  if (on) setScroll(verticalScrollBar(), verticalScrollBar()->maximum());
  emit followingChanged(on);
}

void SpacetimeView::zoomBy(double factor, double anchorY) {
  refresh();
  if (anchorY < 0) anchorY = header_ + plotHeight() / 2;
  const double contentY = anchorY - header_ + verticalScrollBar()->value();
  const SimTime anchor = axis_.at(contentY);
  axis_.pixelsPerSecond =
      std::clamp(axis_.pixelsPerSecond * factor, kMinPixelsPerSecond, kMaxPixelsPerSecond);
  userZoomed_ = true;
  updateScrollBars();
  if (!following_)
    setScroll(verticalScrollBar(),
              static_cast<int>(std::lround(axis_.y(anchor) - (anchorY - header_))));
  viewport()->update();
}

// ---- The picture ----

void SpacetimeView::refresh() {
  const Mirror* m = mirror();
  if (look_ && (coloursStale_ || (m && m->vocabulary.get() != coloursFor_))) {
    colours_.build(*look_, currentTheme(), m ? m->vocabulary.get() : nullptr);
    coloursFor_ = m ? m->vocabulary.get() : nullptr;
    coloursStale_ = false;
  }
  // The first batch of a run brings its nodes, often before any record.
  const std::size_t nodes = m ? m->nodes.size() : 0;
  const Vocabulary* vocabulary = m ? m->vocabulary.get() : nullptr;
  const bool changed = nodes != nodesSeen_ || vocabulary != vocabularySeen_;
  nodesSeen_ = nodes;
  vocabularySeen_ = vocabulary;
  if (changed) indexStale_ = true;
  if (indexStale_) rebuildIndex();
  if (layoutStale_) arrange();
  updateScrollBars();
  if (changed) emit vocabularyChanged();
}

void SpacetimeView::rebuildIndex() {
  const Mirror* m = mirror();
  // Reading back in time: the moment at the top stays put as old records go.
  const SimTime top = axis_.at(verticalScrollBar()->value());
  if (m && look_)
    index_.rebuild(*m, *look_);
  else
    index_.clear();
  indexStale_ = false;
  layoutStale_ = true;
  axis_.start = index_.start();
  if (!userZoomed_ && !fitted_ && index_.latest() - index_.start() >= kFitAfter) fit();
  if (!following_) {
    updateScrollBars();
    setScroll(verticalScrollBar(), static_cast<int>(std::lround(axis_.y(top))));
  }
}

void SpacetimeView::fit() {
  const SimDuration latency = index_.medianLatency();
  const double seconds = toSeconds(index_.latest() - index_.start());
  if (latency.count() <= 0 || seconds <= 0) return;
  // About six arrows start in every 100 pixels, so a busy cluster is not a
  // blur; but a typical message still drops 8 to 30 pixels, so arrows slope
  // enough to show which way they go and not so much that little fits.
  const double rate = static_cast<double>(index_.arrows().size()) / seconds;
  const double l = toSeconds(latency);
  axis_.pixelsPerSecond = std::clamp(rate * 100 / 6, 8 / l, 30 / l);
  axis_.pixelsPerSecond = std::clamp(axis_.pixelsPerSecond, 20.0, 200'000.0);
  fitted_ = true;
}

double SpacetimeView::minimumLaneWidth() const {
  return std::round(currentTheme().fontPointSize * 2.6);
}

void SpacetimeView::arrange() {
  const Mirror* m = mirror();
  const QFontMetricsF fm(font());
  gutter_ = std::ceil(fm.horizontalAdvance(QStringLiteral("000.000 s")) * 0.85 + 12);
  layout_.arrange(index_, filter_, m ? m->nodes.size() : 0, plotWidth(), minimumLaneWidth());
  chooseTitles();
  layoutStale_ = false;
}

QString SpacetimeView::laneName(NodeId n, bool shortForm) const {
  const Mirror* m = mirror();
  const NodeSnapshot* s = m ? m->node(n) : nullptr;
  QString name = s ? QString::fromStdString(s->name) : QString::number(n);
  // "node 12" -> "12": the number is what tells crowded lanes apart.
  const qsizetype space = name.lastIndexOf(QLatin1Char(' '));
  bool number = false;
  if (shortForm && space >= 0) name.mid(space + 1).toInt(&number);
  return number ? name.mid(space + 1) : name;
}

void SpacetimeView::chooseTitles() {
  const QFontMetricsF fm(font());
  const auto& lanes = layout_.lanes();
  titles_.assign(lanes.size(), QString());
  double narrowest = SpacetimeLayout::kMaximumWidth;
  auto fits = [&](bool shortForm) {
    bool all = true;
    for (std::size_t n = 0; n < lanes.size(); ++n) {
      titles_[n] = laneName(static_cast<NodeId>(n), shortForm);
      if (!lanes[n].shown || lanes[n].collapsed) continue;
      narrowest = std::min(narrowest, lanes[n].width);
      all = all && fm.horizontalAdvance(titles_[n]) <= lanes[n].width - 8;
    }
    return all;
  };
  // Full names if they all fit; else their numbers; else full names cut
  // short while a lane holds a few letters (the tooltip has the rest); else
  // full names turned on their side.
  rotatedTitles_ = false;
  header_ = std::ceil(fm.height() + 16);
  if (fits(false) || fits(true)) return;
  fits(false);
  rotatedTitles_ = narrowest - 8 < fm.horizontalAdvance(QStringLiteral("abcde"));
  double widest = 0;
  for (std::size_t n = 0; n < lanes.size(); ++n) {
    const double room = rotatedTitles_ ? 90 : lanes[n].width - 8;
    titles_[n] = fm.elidedText(titles_[n], Qt::ElideRight, room);
    widest = std::max(widest, fm.horizontalAdvance(titles_[n]));
  }
  if (rotatedTitles_) header_ = std::ceil(widest + 18);
}

double SpacetimeView::plotHeight() const {
  return std::max(1.0, viewport()->height() - header_);
}

double SpacetimeView::plotWidth() const {
  return std::max(1.0, viewport()->width() - gutter_);
}

void SpacetimeView::updateScrollBars() {
  const double content = axis_.y(now()) + kBottomRoom;
  syncing_ = true;
  QScrollBar* v = verticalScrollBar();
  v->setRange(0, std::max(0, static_cast<int>(std::ceil(content - plotHeight()))));
  v->setPageStep(static_cast<int>(plotHeight()));
  QScrollBar* h = horizontalScrollBar();
  h->setRange(0, std::max(0, static_cast<int>(std::ceil(layout_.contentWidth() - plotWidth()))));
  h->setPageStep(static_cast<int>(plotWidth()));
  if (following_) v->setValue(v->maximum());
  syncing_ = false;
}

void SpacetimeView::setScroll(QScrollBar* bar, int value) {
  syncing_ = true;
  bar->setValue(value);
  syncing_ = false;
  viewport()->update();
}

QPointF SpacetimeView::contentOffset() const {
  return {gutter_ - horizontalScrollBar()->value(), header_ - verticalScrollBar()->value()};
}

const SpacetimeIndex& SpacetimeView::index() {
  refresh();
  return index_;
}

const SpacetimeLayout& SpacetimeView::layout() {
  refresh();
  return layout_;
}

int SpacetimeView::laneCount() {
  return layout().shownCount();
}

QLineF SpacetimeView::arrowInViewport(std::size_t i) {
  refresh();
  const QLineF l = arrowLine(index_.arrows().at(i), layout_, axis_, now()).line;
  return l.translated(contentOffset());
}

int SpacetimeView::highlightedArrow() {
  if (!session_ || !session_->selectedMessage()) return -1;
  refresh();
  const int i = index_.find(session_->selectedMessage());
  if (i < 0) return -1;
  const SpacetimeArrow& a = index_.arrows()[static_cast<std::size_t>(i)];
  return layout_.shows(a.from) && layout_.shows(a.to) ? i : -1;
}

void SpacetimeView::scrollToArrow(std::size_t i) {
  refresh();
  const QLineF l = arrowLine(index_.arrows().at(i), layout_, axis_, now()).line;
  const QRectF box = QRectF(l.p1(), l.p2()).normalized();
  QScrollBar* v = verticalScrollBar();
  if (box.top() < v->value() || box.bottom() > v->value() + plotHeight()) {
    setFollowing(false);
    setScroll(v, static_cast<int>(std::lround(box.center().y() - plotHeight() / 2)));
  }
  revealColumns(box.left(), box.right());
}

void SpacetimeView::revealColumns(double left, double right) {
  QScrollBar* h = horizontalScrollBar();
  if (left < h->value() || right > h->value() + plotWidth())
    setScroll(h, static_cast<int>(std::lround((left + right) / 2 - plotWidth() / 2)));
}

std::vector<std::size_t> SpacetimeView::followedArrowIndices() {
  refresh();
  return followedArrows(frame());
}

SpacetimeFrame SpacetimeView::frame() {
  SpacetimeFrame f;
  f.mirror = mirror();
  f.look = look_;
  f.index = &index_;
  f.layout = &layout_;
  f.colours = &colours_;
  f.titles = &titles_;
  f.rotatedTitles = rotatedTitles_;
  f.axis = axis_;
  f.filter = filter_;
  f.now = now();
  f.selectedMessage = session_ ? session_->selectedMessage() : 0;
  // A selected message names its sender too; only a node picked on its own
  // lights up its whole lane.
  if (session_ && !f.selectedMessage) f.selectedNode = session_->selectedNode();
  if (session_ && session_->followed().active()) f.followed = &session_->followed();
  f.offset = contentOffset();
  f.plot = QRectF(gutter_, header_, plotWidth(), plotHeight());
  f.header = header_;
  f.gutter = gutter_;
  f.font = font();
  return f;
}

}  // namespace cs::ui
