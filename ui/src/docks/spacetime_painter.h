// Painting the space-time diagram: lane bands and lines (grey and dashed
// while a node is down), the time grid, message arrows batched by colour,
// drop crosses, fault and milestone marks, the selection on top, then the
// lane headers and the time gutter pinned over the scrolled content. Only
// what lies in the visible time range is visited. Colours come from the
// current theme and the open pattern's look. UI thread only.
#pragma once

#include <QColor>
#include <QFont>
#include <QLineF>
#include <QPainterPath>
#include <QRectF>
#include <QString>

#include <vector>

#include "../mirror.h"
#include "spacetime_index.h"
#include "spacetime_layout.h"

class QPainter;

namespace cs::ui {

class FollowedRequest;
class PatternLook;
struct Theme;

// An arrow's colour: the look's colour for its class, as on the canvas; for
// kinds the look lumps together as "other" (its last class), a stable
// colour chosen by the kind's name, so they can still be told apart.
class SpacetimeColours {
 public:
  void build(const PatternLook& look, const Theme& theme, const Vocabulary* vocabulary);
  int key(const SpacetimeArrow& a) const;
  const QColor& colour(int key) const { return colours_[static_cast<std::size_t>(key)]; }
  std::size_t size() const { return colours_.size(); }

 private:
  std::vector<QColor> colours_;  // the look's classes, then the palette
  std::vector<int> byLabel_;     // a catch-all label's key
  int catchAll_ = -1;
};

// Where an arrow is drawn, in content coordinates, and how it ends.
struct ArrowLine {
  QLineF line;
  bool head = true;     // an arrowhead at line.p2() (delivered)
  bool cross = false;   // a red cross there (dropped)
  bool dashed = false;  // still in flight
};
ArrowLine arrowLine(const SpacetimeArrow& a, const SpacetimeLayout& layout, const TimeAxis& axis,
                    SimTime now);

// Everything one paint reads.
struct SpacetimeFrame {
  const Mirror* mirror = nullptr;
  const SpacetimeIndex* index = nullptr;
  const SpacetimeLayout* layout = nullptr;
  const SpacetimeColours* colours = nullptr;
  const PatternLook* look = nullptr;             // the lanes' role colours
  const std::vector<QString>* titles = nullptr;  // by node: the header text
  bool rotatedTitles = false;
  TimeAxis axis;
  SpacetimeFilter filter;
  SimTime now{};
  MessageId selectedMessage = 0;
  NodeId selectedNode = kNoNode;
  // A followed request (null when none): its arrows bold, the rest faded,
  // the lanes it visited tinted.
  const FollowedRequest* followed = nullptr;
  QPointF offset;  // viewport = content + offset
  QRectF plot;     // the scrolled part of the viewport
  double header = 0;
  double gutter = 0;
  QFont font;
};

class SpacetimePainter {
 public:
  void paint(QPainter& p, const SpacetimeFrame& f);

 private:
  void paintLanes(QPainter& p, const SpacetimeFrame& f);
  void paintGrid(QPainter& p, const SpacetimeFrame& f);
  void paintArrows(QPainter& p, const SpacetimeFrame& f);
  void collectArrows(const SpacetimeFrame& f);
  void paintInFlight(QPainter& p, const SpacetimeFrame& f, double width);
  void paintFollowed(QPainter& p, const SpacetimeFrame& f);
  void paintSelected(QPainter& p, const SpacetimeFrame& f);
  void paintMarks(QPainter& p, const SpacetimeFrame& f);
  void paintNow(QPainter& p, const SpacetimeFrame& f);
  void paintHeader(QPainter& p, const SpacetimeFrame& f);
  void paintGutter(QPainter& p, const SpacetimeFrame& f);

  // Scratch, kept between paints so a frame allocates nothing once warm.
  std::vector<std::vector<QLineF>> lines_;        // by colour key
  std::vector<QPainterPath> heads_;               // by colour key
  std::vector<std::pair<QLineF, int>> inFlight_;  // with their colour keys
  std::vector<QPointF> crosses_;
};

// The indices into index.arrows() of the followed request's arrows that the
// filters and lanes let show.
std::vector<std::size_t> followedArrows(const SpacetimeFrame& f);

}  // namespace cs::ui
