// The canvas widget: shows a ClusterScene scaled to fit, draws the legend and
// the simulated time over it, and offers each node's fault menu on a right
// click. UI thread only.
#pragma once

#include <clusterscope/ids.h>
#include <QElapsedTimer>
#include <QGraphicsView>
#include <cstdint>

#include <utility>
#include <vector>

namespace cs::ui {

class ClusterScene;
class PatternLook;
class Session;

class ClusterView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit ClusterView(ClusterScene* scene, QWidget* parent = nullptr);

  void setSession(Session* session);
  void setLegendVisible(bool on);
  // The simulated time over the canvas, top right (on unless a caption shows it).
  void setClockVisible(bool on);
  // A presenter's pointer: a bright ring follows the mouse over the canvas
  // (lecture mode), so the room sees what the lecturer points at.
  void setPointerHighlight(bool on);
  bool pointerHighlight() const { return pointer_; }
  bool legendVisible() const { return legend_; }
  // Where the legend and the clock stand over the viewport now; empty when
  // not drawn. A legend that finds no corner where it hides nothing is
  // drawn as a strip along the canvas's bottom, the scene fitted above it.
  QRect legendRect() const;
  bool legendIsStrip() const;
  QRect clockRect() const;
  // Where the gestures' hint ("click a node to inspect it") stands: in a
  // corner where it hides nothing the scene draws (a node with its labels
  // and tags, the panel, a link's badge), nor the clock or the legend; empty
  // when every corner would.
  QRect hintRect() const;
  ClusterScene* clusterScene() const { return scene_; }
  // Renders the whole canvas (scene, legend, time) into an image.
  QImage renderImage(QSize size);
  // The same picture as vectors: an SVG file of `size` pixels. False if it
  // cannot be written.
  bool saveSvg(const QString& path, QSize size, const QString& title);

 signals:
  void firstFramePainted();

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void drawForeground(QPainter* painter, const QRectF& rect) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  // Where the overlay's parts stand in `area` over the scene's `source`
  // fitted there, each where it hides nothing the scene draws; a part left
  // out is empty. The clock is drawn at `clockSize` (1, kSmallClock, or 0).
  struct Overlay {
    double clockSize = 0;
    QRect clock;
    QRect legend;
    bool legendStrip = false;  // the legend in rows along the bottom, not a box
    QRect hint;
  };
  Overlay overlayIn(QRect area, QRectF source) const;
  // The viewport's overlay, as it is drawn now.
  Overlay shownOverlay() const;
  void fit();
  void paintOverlay(QPainter* p, QRect area, QRectF source);
  // Where the clock's two rows end in `area` (its top when no clock shows).
  int clockBottom(QRect area) const;
  // The longest line of the look's legend at type `scale`, in pixels.
  int legendTextWidth(const PatternLook& look, double scale) const;
  // The legend's box in `area`'s `corner` at type `scale`.
  QRect legendBoxAt(QRect area, double scale, Qt::Corner corner) const;
  // The legend's type scale, given the theme's.
  double legendScaleFor(double typeScale) const;
  // Where the legend is drawn in `area` at type `scale`, hiding neither
  // `drawn` nor `clock`; empty when hidden or when every corner would.
  QRect legendBox(QRect area, double scale, const std::vector<QRect>& drawn, QRect clock) const;
  QRect hintBox(QRect area, const std::vector<QRect>& drawn, QRect clock, QRect legend) const;
  static QString hintText();
  // The clock's state line while a step hurries to its condition, and what
  // it adds while a moment plays slowly.
  static QString fastForwardText();
  static QString slowMotionText();
  QFont hintFont() const;
  // Where the clock's rows stand in `area`, at `size` times its full size,
  // in the top right corner or the top left.
  QRect clockBox(QRect area, double size = 1, bool left = false) const;
  static constexpr double kSmallClock = 0.65;
  // Where the clock may stand, in order: its size and whether on the left.
  static constexpr std::pair<double, bool> kClockPlaces[] = {
      {1.0, false}, {kSmallClock, false}, {1.0, true}, {kSmallClock, true}};
  // The part of the scene fitted into `area`: its scene rectangle, grown
  // upwards by a band for the clock where the clock would hide what the
  // scene draws.
  QRectF fittedSource(QRect area) const;
  // fittedSource without room for a legend strip.
  QRectF clockedSource(QRect area) const;
  // The legend's items laid out in rows across `box` at type `scale`, each
  // row filled before the next begins; drawn when `p` is given. Returns the
  // height the rows take.
  int legendStrip(QPainter* p, QRect box, const PatternLook& look, double scale) const;
  // Where the strip stands at the bottom of `area` at type `scale`; empty
  // when the legend is hidden.
  QRect legendStripBox(QRect area, double scale) const;
  // What the scene's items draw at `scale`, in scene coordinates: the nodes'
  // and the panel's ink (labels, tags and pills around a node included) and
  // the links' badges.
  std::vector<QRectF> drawnAreas(double scale) const;
  // What the nodes, the panel and link badges draw, measured once per scene
  // refresh and scale rather than on every frame the clock repaints.
  const std::vector<QRectF>& drawnAreasCached(double scale) const;
  // Where `drawn` lies once `source` is fitted into `area`, with a margin.
  static std::vector<QRect> inArea(QRect area, QRectF source, const std::vector<QRectF>& drawn);
  static bool hides(QRect box, const std::vector<QRect>& drawn);
  // The legend in `box`, its type at `scale` times the base size.
  void paintLegend(QPainter* p, QRect box, const PatternLook& look, double scale);
  // The whole canvas, fitted into `size` as on screen, with the overlay.
  void renderTo(QPainter* p, QSize size);
  void nodeMenu(NodeId node, QPoint globalPos);

  ClusterScene* scene_;
  mutable std::vector<QRectF> drawn_;
  mutable double drawnScale_ = -1;
  mutable std::uint64_t drawnAt_ = 0;
  Session* session_ = nullptr;
  bool legend_ = true;
  bool clock_ = true;
  bool painted_ = false;
  bool pointer_ = false;
  QPoint pointerAt_{-1, -1};  // viewport coordinates; x < 0 when outside
};

}  // namespace cs::ui
