// Fitting, overlay and the node menu. See cluster_view.h.
#include "cluster_view.h"

#include <QContextMenuEvent>
#include <QFontMetrics>
#include <QImage>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QtMath>
#include <algorithm>
#include <cmath>

#include "../session.h"
#include "../theme.h"
#include "cluster_scene.h"
#include "ink_bounds.h"
#include "link_item.h"
#include "node_item.h"
#include "panel_item.h"
#include "pattern_look.h"

namespace cs::ui {

ClusterView::ClusterView(ClusterScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), scene_(scene) {
  setRenderHint(QPainter::Antialiasing);
  // The overlay is drawn in viewport coordinates over moving items, so the
  // whole viewport is repainted each frame.
  setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
  setOptimizationFlag(QGraphicsView::DontSavePainterState);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setFrameShape(QFrame::NoFrame);
  // Small enough for a laptop's 1280×720 beside its docks; the scene scales.
  setMinimumSize(360, 240);
  connect(scene, &QGraphicsScene::sceneRectChanged, this, [this] { fit(); });
  connect(scene, &ClusterScene::laidOut, this, [this] { fit(); });
}

void ClusterView::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) {
    connect(session_, &Session::updated, this, [this] {
      // What a look draws grows as the run goes on (a badge's health circle,
      // a tag): where the clock no longer finds room, the scene is fitted
      // anew under a band for it.
      if (clock_ && shownOverlay().clockSize == 0) fit();
      viewport()->update();
    });
  }
  fit();
}

void ClusterView::setLegendVisible(bool on) {
  legend_ = on;
  viewport()->update();
}

void ClusterView::setClockVisible(bool on) {
  clock_ = on;
  fit();
  viewport()->update();
}

void ClusterView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  fit();
}

void ClusterView::fit() {
  const QRectF r = fittedSource(viewport()->rect());
  if (r.isEmpty()) return;
  setSceneRect(r);
  fitInView(r, Qt::KeepAspectRatio);
}

QRect ClusterView::legendRect() const {
  return shownOverlay().legend;
}

bool ClusterView::legendIsStrip() const {
  return shownOverlay().legendStrip;
}

QRect ClusterView::clockRect() const {
  return shownOverlay().clock;
}

QRect ClusterView::hintRect() const {
  return shownOverlay().hint;
}

ClusterView::Overlay ClusterView::shownOverlay() const {
  return overlayIn(viewport()->rect(), sceneRect());
}

namespace {
// How large `source` is drawn when fitted into `area`.
double fittedScale(QRect area, QRectF source) {
  if (source.isEmpty() || area.isEmpty()) return 1;
  return std::min(area.width() / source.width(), area.height() / source.height());
}
}  // namespace

ClusterView::Overlay ClusterView::overlayIn(QRect area, QRectF source) const {
  Overlay o;
  const std::vector<QRect> drawn =
      inArea(area, source, drawnAreasCached(fittedScale(area, source)));
  if (session_ && clock_) {
    // Top right at full size where it hides nothing; else smaller; else
    // in the top left corner (fittedSource keeps a band for it where none
    // of these is free).
    for (const auto& [size, left] : kClockPlaces)
      if (!hides(clockBox(area, size, left), drawn)) {
        o.clockSize = size;
        o.clock = clockBox(area, size, left);
        break;
      }
  }
  const double scale = currentTheme().fontPointSize / 11.0;
  o.legend = legendBox(area, legendScaleFor(scale), drawn, o.clock);
  if (o.legend.isEmpty()) {
    // No corner is free: a strip along the bottom, where fittedSource left
    // room for it, unless it would hide what the scene draws there.
    const QRect strip = legendStripBox(area, legendScaleFor(scale));
    if (!strip.isEmpty() && !hides(strip, drawn) && !strip.intersects(o.clock)) {
      o.legend = strip;
      o.legendStrip = true;
    }
  }
  o.hint = hintBox(area, drawn, o.clock, o.legend);
  return o;
}

const std::vector<QRectF>& ClusterView::drawnAreasCached(double scale) const {
  const std::uint64_t generation = scene_->drawnGeneration();
  if (scale != drawnScale_ || generation != drawnAt_) {
    drawn_ = drawnAreas(scale);
    drawnScale_ = scale;
    drawnAt_ = generation;
  }
  return drawn_;
}

std::vector<QRectF> ClusterView::drawnAreas(double scale) const {
  std::vector<QRectF> areas;
  for (QGraphicsItem* item : scene_->items()) {
    if (!item->isVisible()) continue;
    QRectF r;
    if (item->type() == NodeItem::Type || item->type() == PanelItem::Type)
      r = inkBounds(item, scale);
    else if (auto* link = qgraphicsitem_cast<LinkItem*>(item))
      r = link->mapRectToScene(link->badgeArea());
    if (!r.isEmpty()) areas.push_back(r);
  }
  return areas;
}

std::vector<QRect> ClusterView::inArea(QRect area, QRectF source,
                                       const std::vector<QRectF>& drawn) {
  // The scene fitted into `area` as fitInView and renderTo fit it.
  std::vector<QRect> v;
  if (source.isEmpty() || area.isEmpty()) return v;
  const double k = fittedScale(area, source);
  const QPointF origin(area.left() + (area.width() - source.width() * k) / 2,
                       area.top() + (area.height() - source.height() * k) / 2);
  for (const QRectF& r : drawn)
    v.push_back(QRectF(origin + (r.topLeft() - source.topLeft()) * k, r.size() * k)
                    .toAlignedRect()
                    .adjusted(-2, -2, 2, 2));
  return v;
}

bool ClusterView::hides(QRect box, const std::vector<QRect>& drawn) {
  return std::any_of(drawn.begin(), drawn.end(), [&](const QRect& r) { return r.intersects(box); });
}

double ClusterView::legendScaleFor(double typeScale) const {
  // The legend grows with the canvas, not with the theme's type alone, so it
  // is never larger than the nodes and messages it explains.
  const double canvasScale = transform().m11() > 0 ? transform().m11() : 1;
  return std::clamp(canvasScale * 1.2, std::min(0.8, typeScale), typeScale);
}

QRect ClusterView::clockBox(QRect area, double size, bool left) const {
  // As wide as a long time and a paused state read, so that it does not
  // change as the run goes on (and the scene fitted under it never moves).
  const double scale = currentTheme().fontPointSize / 11.0 * size;
  QFont f = font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(static_cast<int>(28 * scale));
  f.setBold(true);
  int wide = QFontMetrics(f).horizontalAdvance(QStringLiteral("t = 000.000 s"));
  f.setPixelSize(static_cast<int>(15 * scale));
  f.setBold(false);
  // Every state line it may show, slow motion and fast-forward included.
  for (const QString& state : {QStringLiteral("paused · ×0.25"), fastForwardText(),
                               QStringLiteral("playing · ×0.25") + slowMotionText()})
    wide = std::max(wide, QFontMetrics(f).horizontalAdvance(state));
  wide += 32;
  const int high = 12 + static_cast<int>(36 * scale) + 2 + static_cast<int>(22 * scale);
  return {left ? area.left() : area.right() - wide, area.top(), wide + 1, high};
}

QRectF ClusterView::fittedSource(QRect area) const {
  const QRectF r = clockedSource(area);
  if (!legend_ || !scene_->look() || r.isEmpty() || area.isEmpty()) return r;
  // Where no corner holds the legend beside what it explains, the scene is
  // fitted above a strip that holds it: a student alone needs the legend
  // more than the scene needs those pixels.
  const double plain = fittedScale(area, r);
  const double scale = legendScaleFor(currentTheme().fontPointSize / 11.0);
  const std::vector<QRect> drawn = inArea(area, r, drawnAreas(plain));
  const QRect clock = session_ && clock_ ? clockBox(area, kSmallClock) : QRect();
  if (!legendBox(area, scale, drawn, clock).isEmpty()) return r;
  const QRect strip = legendStripBox(area, scale);
  if (strip.isEmpty() || strip.height() > area.height() / 3) return r;
  // The strip's height and a margin, as what is drawn is kept apart from it.
  const int band = area.bottom() - strip.top() + 8;
  const QRect above = area.adjusted(0, 0, 0, -band);
  const QRectF source = clockedSource(above);
  const double k = fittedScale(above, source);
  // Grown downwards by the band, so that fitted into the whole area the
  // scene lands where it would in the area above the strip.
  return source.adjusted(0, 0, 0, band / k);
}

QRectF ClusterView::clockedSource(QRect area) const {
  const QRectF r = scene_->sceneRect();
  if (r.isEmpty() || area.isEmpty() || !session_ || !clock_) return r;
  // The clock stands over the canvas's top right. Where it would hide what
  // the scene draws, the scene is fitted under it instead: moved down where
  // the canvas has height to spare, else a little smaller, but never much
  // smaller, since what is drawn must first be large enough to read. Where
  // neither clock fits so, a band as high as the small clock stands above
  // all the scene draws: the time is what everyone watches.
  const double plain = fittedScale(area, r);
  const std::vector<QRectF> drawn = drawnAreas(plain);
  const auto clockFree = [&](QRectF source, double size, bool left = false) {
    return !hides(clockBox(area, size, left), inArea(area, source, drawn));
  };
  // `r` from `top` to `bottom`, under a band `band` pixels high.
  const auto under = [&](double top, double band, double bottom) {
    const double high = bottom - top;
    const double k = std::min(area.width() / r.width(), (area.height() - band) / high);
    return QRectF(r.left(), top - band / k, r.width(), high + band / k);
  };
  if (clockFree(r, 1)) return r;
  const double band = clockBottom(area) - area.top();
  const QRectF moved = under(r.top(), band, r.bottom());
  if (fittedScale(area, moved) >= 0.9 * plain && clockFree(moved, 1)) return moved;
  for (const auto& [size, left] : kClockPlaces)
    if (clockFree(r, size, left)) return r;
  // The band takes the place of the scene's margins above and below what it
  // draws, so that what is drawn shrinks as little as it can.
  if (drawn.empty()) return under(r.top(), clockBox(area, kSmallClock).height() + 4, r.bottom());
  double top = drawn.front().top(), bottom = drawn.front().bottom();
  for (const QRectF& d : drawn) {
    top = std::min(top, d.top());
    bottom = std::max(bottom, d.bottom());
  }
  return under(top, clockBox(area, kSmallClock).height() + 4, bottom);
}

void ClusterView::paintEvent(QPaintEvent* event) {
  QGraphicsView::paintEvent(event);
  if (!painted_) {
    painted_ = true;
    emit firstFramePainted();
  }
}

void ClusterView::drawForeground(QPainter* painter, const QRectF&) {
  painter->save();
  painter->resetTransform();
  paintOverlay(painter, viewport()->rect(), sceneRect());
  if (pointer_ && pointerAt_.x() >= 0) {
    // A ring, not a dot: what it points at stays visible inside it.
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(255, 196, 0, 230), 6));
    painter->setBrush(QColor(255, 214, 0, 60));
    painter->drawEllipse(QPointF(pointerAt_), 34, 34);
  }
  painter->restore();
}

void ClusterView::setPointerHighlight(bool on) {
  pointer_ = on;
  setMouseTracking(on);
  viewport()->setMouseTracking(on);
  viewport()->update();
}

void ClusterView::mouseMoveEvent(QMouseEvent* event) {
  if (pointer_) {
    pointerAt_ = event->position().toPoint();
    viewport()->update();
  }
  QGraphicsView::mouseMoveEvent(event);
}

void ClusterView::leaveEvent(QEvent* event) {
  pointerAt_ = QPoint(-1, -1);
  if (pointer_) viewport()->update();
  QGraphicsView::leaveEvent(event);
}

int ClusterView::clockBottom(QRect area) const {
  if (!session_ || !clock_) return area.top();
  const double scale = currentTheme().fontPointSize / 11.0;
  return area.top() + 12 + static_cast<int>(36 * scale) + 2 + static_cast<int>(22 * scale);
}

int ClusterView::legendTextWidth(const PatternLook& look, double scale) const {
  QFont f = font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(static_cast<int>(14 * scale));
  const QFontMetrics metrics(f);
  int widest = 0;
  const Theme& t = currentTheme();
  for (int c : look.legendMessageOrder())
    widest = std::max(widest, metrics.horizontalAdvance(look.messageLook(c, t, 6).legend));
  // A symbol row's text comes from drawing it; drawn here where no one sees it.
  QImage scratch(1, 1, QImage::Format_ARGB32);
  QPainter p(&scratch);
  for (int i = 0; i < look.legendSymbolRows(); ++i)
    widest =
        std::max(widest, metrics.horizontalAdvance(look.paintLegendSymbol(&p, i, QPointF(), 6)));
  return widest;
}

QRect ClusterView::legendBoxAt(QRect area, double scale, Qt::Corner corner) const {
  const PatternLook& look = *scene_->look();
  const int row = static_cast<int>(24 * scale);
  const int rows = static_cast<int>(look.legendMessageOrder().size()) + look.legendSymbolRows();
  // As wide as its longest line, so that no line is cut off.
  const int width = static_cast<int>(50 * scale) + legendTextWidth(look, scale);
  const bool right = corner == Qt::BottomRightCorner || corner == Qt::TopRightCorner;
  const bool top = corner == Qt::TopLeftCorner || corner == Qt::TopRightCorner;
  const int left = right ? area.right() - 12 - width : area.left() + 12;
  const int height = rows * row + 16;
  // Top right stands under the clock, never over it.
  const int below = top && right ? clockBottom(area) + 8 : area.top() + 12;
  return {left, top ? below : area.bottom() - 12 - height, width, height};
}

QRect ClusterView::legendBox(QRect area, double scale, const std::vector<QRect>& drawn,
                             QRect clock) const {
  if (!legend_ || !scene_->look()) return {};
  // The look's corner, else the first corner where the legend fits on the
  // canvas and hides neither what the scene draws nor the clock; none on a
  // canvas too small for it to sit beside what it explains.
  for (Qt::Corner corner : {scene_->look()->legendCorner(), Qt::BottomLeftCorner,
                            Qt::BottomRightCorner, Qt::TopLeftCorner, Qt::TopRightCorner}) {
    const QRect box = legendBoxAt(area, scale, corner);
    if (area.contains(box) && !box.intersects(clock) && !hides(box, drawn)) return box;
  }
  return {};
}

void ClusterView::paintOverlay(QPainter* p, QRect area, QRectF source) {
  const Theme& t = currentTheme();
  const double scale = t.fontPointSize / 11.0;
  p->setRenderHint(QPainter::Antialiasing);
  QFont f = font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  const double legendScale = legendScaleFor(scale);
  const Overlay overlay = overlayIn(area, source);

  // Simulated time, top right: the one number everyone watches.
  if (const double size = overlay.clockSize; size > 0) {
    const double clockScale = scale * size;
    const auto& s = session_->pace();
    const double secs = toSeconds(session_->displayTime());
    f.setPixelSize(static_cast<int>(28 * clockScale));
    f.setBold(true);
    p->setFont(f);
    p->setPen(t.text);
    const QString time = QStringLiteral("t = %1 s").arg(secs, 0, 'f', 3);
    // Its text 20 px in from the canvas's edge, on whichever side it stands.
    const bool left = overlay.clock.left() == area.left();
    const Qt::Alignment side = left ? Qt::AlignLeft : Qt::AlignRight;
    // As wide as its box, which fits the widest time and state at this
    // type, less the 20 px in from the canvas's edge.
    const int wide = std::max(overlay.clock.width() - 20, 1);
    const QRect clockRow(left ? area.left() + 20 : area.right() - 20 - wide, area.top() + 12, wide,
                         static_cast<int>(36 * clockScale));
    p->drawText(clockRow, side | Qt::AlignVCenter, time);
    f.setPixelSize(static_cast<int>(15 * clockScale));
    f.setBold(false);
    p->setFont(f);
    p->setPen(t.mutedText);
    QString speed = std::isinf(s.speed) ? QStringLiteral("flat out")
                                        : QStringLiteral("×%1").arg(s.speed, 0, 'g', 3);
    QString state =
        s.playing ? QStringLiteral("playing · ") + speed : QStringLiteral("paused · ") + speed;
    // How the step is paced right now, so a slowed or hurried moment is not
    // mistaken for the system itself being slow or fast.
    if (s.playing && s.fastForward)
      state = fastForwardText();
    else if (s.playing && s.slowMotion)
      state += slowMotionText();
    const QRect stateRow(clockRow.left(), clockRow.bottom() + 2, wide,
                         static_cast<int>(22 * clockScale));
    p->setPen(s.playing && (s.slowMotion || s.fastForward) ? t.accent : t.mutedText);
    p->drawText(stateRow, side | Qt::AlignVCenter, state);
  }
  // The gestures, where the nodes are: a click inspects, the power button
  // breaks. In a corner where it hides nothing; none where every one would.
  if (const QRect hint = overlay.hint; !hint.isEmpty()) {
    p->setFont(hintFont());
    p->setPen(t.mutedText);
    p->drawText(hint, Qt::AlignLeft | Qt::AlignVCenter, hintText());
  }

  if (!legend_ || !scene_->look()) return;
  // Legend, in the look's corner: the look's symbols (roles, links), then each kind
  // of message.
  if (overlay.legendStrip)
    legendStrip(p, overlay.legend, *scene_->look(), legendScale);
  else if (!overlay.legend.isEmpty())
    paintLegend(p, overlay.legend, *scene_->look(), legendScale);
}

QString ClusterView::fastForwardText() {
  return tr("▶▶ fast-forward");
}

QString ClusterView::slowMotionText() {
  return tr(" · slow motion");
}

QString ClusterView::hintText() {
  return tr("click a node to inspect it · its red power button fails it");
}

QFont ClusterView::hintFont() const {
  QFont f = font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(static_cast<int>(15 * currentTheme().fontPointSize / 11.0));
  return f;
}

QRect ClusterView::hintBox(QRect area, const std::vector<QRect>& drawn, QRect clock,
                           QRect legend) const {
  // Shown with the clock, which the compare view leaves out.
  if (!session_ || !clock_) return {};
  const QFontMetrics metrics(hintFont());
  const QSize size(metrics.horizontalAdvance(hintText()) + 4, metrics.height() + 4);
  // Top left first, where the eye starts; then under the clock, then the
  // bottom corners.
  const int left = area.left() + 12;
  const int right = area.right() - 12 - size.width();
  const int bottom = area.bottom() - 8 - size.height();
  const int underClock = clock.isEmpty() ? area.top() + 8 : clock.bottom() + 2;
  for (const QPoint at : {QPoint(left, area.top() + 8), QPoint(right, underClock),
                          QPoint(left, bottom), QPoint(right, bottom)}) {
    const QRect box(at, size);
    if (area.contains(box) && !box.intersects(clock) && !box.intersects(legend) &&
        !hides(box, drawn))
      return box;
  }
  return {};
}

QRect ClusterView::legendStripBox(QRect area, double scale) const {
  if (!legend_ || !scene_->look()) return {};
  const QRect row(area.left() + 12, 0, area.width() - 24, 0);
  const int high = legendStrip(nullptr, row, *scene_->look(), scale) + 8;
  return {row.left(), area.bottom() - 6 - high, row.width(), high};
}

int ClusterView::legendStrip(QPainter* p, QRect box, const PatternLook& look, double scale) const {
  const Theme& t = currentTheme();
  QFont f = font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(static_cast<int>(14 * scale));
  const QFontMetrics metrics(f);
  const int row = static_cast<int>(22 * scale);
  const int glyph = static_cast<int>(26 * scale);
  const int gap = static_cast<int>(18 * scale);
  const double r = 8 * scale;
  // The items: the look's symbols, then each kind of message. A symbol
  // row's text comes from drawing it; measured where no one sees it.
  QImage scratch(1, 1, QImage::Format_ARGB32);
  QPainter measure(&scratch);
  const int symbols = look.legendSymbolRows();
  const std::vector<int> order = look.legendMessageOrder();
  if (p) {
    QColor bg = t.surface;
    bg.setAlpha(225);
    p->setPen(QPen(t.link, 1));
    p->setBrush(bg);
    p->drawRoundedRect(box, 8, 8);
  }
  int x = box.left() + 8, y = box.top() + 4;
  const int items = symbols + static_cast<int>(order.size());
  for (int i = 0; i < items; ++i) {
    const bool symbol = i < symbols;
    const int c = symbol ? 0 : order[static_cast<std::size_t>(i - symbols)];
    const QString label =
        symbol ? look.paintLegendSymbol(&measure, i, {}, r) : look.messageLook(c, t, r).legend;
    const int wide = glyph + metrics.horizontalAdvance(label);
    if (x > box.left() + 8 && x + wide > box.right() - 8) {
      x = box.left() + 8;
      y += row;
    }
    if (p) {
      const QPointF centre(x + glyph / 2.0 - 2, y + row / 2.0);
      p->save();
      if (symbol) {
        look.paintLegendSymbol(p, i, centre, r);
      } else {
        const GlyphLook l = look.messageLook(c, t, r * 0.8);
        p->translate(centre);
        p->setPen(QPen(t.surface, 1));
        p->setBrush(l.fill);
        p->drawPath(l.shape);
      }
      p->restore();
      p->setFont(f);
      p->setPen(t.text);
      p->drawText(QRect(x + glyph, y, wide - glyph + 2, row), Qt::AlignLeft | Qt::AlignVCenter,
                  label);
    }
    x += wide + gap;
  }
  return y + row - (box.top() + 4);
}

void ClusterView::paintLegend(QPainter* p, QRect box, const PatternLook& look, double scale) {
  const Theme& t = currentTheme();
  QFont f = font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  const int row = static_cast<int>(24 * scale);
  const auto order = look.legendMessageOrder();
  const int width = box.width();
  QColor bg = t.surface;
  bg.setAlpha(225);
  p->setPen(QPen(t.link, 1));
  p->setBrush(bg);
  p->drawRoundedRect(box, 8, 8);
  f.setPixelSize(static_cast<int>(14 * scale));
  f.setBold(false);
  p->setFont(f);
  int y = box.top() + 8;
  const int gx = box.left() + static_cast<int>(20 * scale);
  const int tx = box.left() + static_cast<int>(42 * scale);
  auto text = [&](const QString& s) {
    p->setPen(t.text);
    p->drawText(QRect(tx, y, width - (tx - box.left()), row), Qt::AlignVCenter, s);
    y += row;
  };
  const double r = 8 * scale;
  for (int i = 0; i < look.legendSymbolRows(); ++i) {
    p->save();
    const QString label = look.paintLegendSymbol(p, i, QPointF(gx, y + row / 2.0), r);
    p->restore();
    p->setFont(f);
    text(label);
  }
  for (int c : order) {
    const GlyphLook l = look.messageLook(c, t, r * 0.8);
    p->save();
    p->translate(gx, y + row / 2.0);
    p->setPen(QPen(t.surface, 1));
    p->setBrush(l.fill);
    p->drawPath(l.shape);
    p->restore();
    text(l.legend);
  }
}

void ClusterView::contextMenuEvent(QContextMenuEvent* event) {
  for (QGraphicsItem* item : items(event->pos())) {
    if (auto* n = qgraphicsitem_cast<NodeItem*>(item)) {
      nodeMenu(n->id(), event->globalPos());
      return;
    }
  }
  QGraphicsView::contextMenuEvent(event);
}

void ClusterView::nodeMenu(NodeId id, QPoint globalPos) {
  if (!session_) return;
  const NodeSnapshot* n = session_->mirror().node(id);
  if (!n) return;
  session_->selectNode(id);
  auto command = [this, id](CommandKind kind, SimDuration d = SimDuration{0}) {
    Command c;
    c.kind = kind;
    c.node = id;
    c.duration = d;
    session_->apply(std::move(c));
  };
  QMenu menu(this);
  const bool crashed = n->status == NodeStatus::Crashed;
  menu.addSection(QString::fromStdString(n->name));
  if (crashed)
    menu.addAction(tr("Restart"), this, [command] { command(CommandKind::Restart); });
  else
    menu.addAction(tr("Fail (crash)"), this, [command] { command(CommandKind::Crash); });
  if (n->status == NodeStatus::Paused)
    menu.addAction(tr("Resume"), this, [command] { command(CommandKind::Resume); });
  else
    menu.addAction(tr("Pause (GC pause)"), this, [command] { command(CommandKind::Pause); })
        ->setEnabled(!crashed);
  menu.addAction(tr("Isolate from the others"), this, [command] { command(CommandKind::Isolate); });
  if (n->slowBy.count() > 0)
    menu.addAction(tr("Back to normal speed"), this, [command] { command(CommandKind::Slow); });
  else
    menu.addAction(tr("Slow (200 ms per message)"), this,
                   [command] { command(CommandKind::Slow, fromMillis(200)); });
  const Mirror& m = session_->mirror();
  const auto actions = scene_->look() && m.view ? scene_->look()->nodeActions(*m.view, *n)
                                                : std::vector<NodeAction>{};
  if (!actions.empty()) menu.addSeparator();
  for (const NodeAction& a : actions)
    menu.addAction(a.label, this, [this, run = a.run] { run(*session_); })->setEnabled(a.enabled);
  menu.exec(globalPos);
}

void ClusterView::renderTo(QPainter* p, QSize size) {
  p->fillRect(QRect(QPoint(0, 0), size), currentTheme().background);
  p->setRenderHint(QPainter::Antialiasing);
  // Centred as fitInView centres it on screen, so the overlay (legend, clock)
  // lands where it does in the window; render() alone would align top-left.
  const QRectF source = fittedSource(QRect(QPoint(0, 0), size));
  const QSizeF fitted = source.size().scaled(QSizeF(size), Qt::KeepAspectRatio);
  const QRectF target(
      QPointF((size.width() - fitted.width()) / 2, (size.height() - fitted.height()) / 2), fitted);
  scene_->render(p, target, source, Qt::IgnoreAspectRatio);
  paintOverlay(p, QRect(QPoint(0, 0), size), source);
}

QImage ClusterView::renderImage(QSize size) {
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  QPainter p(&image);
  renderTo(&p, size);
  return image;
}

bool ClusterView::saveSvg(const QString& path, QSize size, const QString& title) {
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  svg.setTitle(title);
  QPainter p;
  if (!p.begin(&svg)) return false;
  renderTo(&p, size);
  return p.end();
}

}  // namespace cs::ui
