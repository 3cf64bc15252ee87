// The panel under the CQRS canvas's lanes: one positions axis (the store's
// head, each projector's checkpoint, the replicas, the last order's token)
// so that lag is a distance, the last stale read beside the lag that caused
// it, and the product listing as a replica shows it beside the truth. On a
// canvas drawn so small (a laptop's window) that its type would read under
// kReadablePixels (shapes.h), the same room holds fewer, larger words: the
// positions as one line of coloured names under the axis, the stale read in
// two sentences, four rows of the listing. Draws from the typed view. UI
// thread only.
#pragma once

#include <clusterscope/cqrs/cqrs_view.h>
#include <QColor>
#include <QRectF>
#include <QString>

#include <cstdint>

class QPainter;

namespace cs::ui::cqrs {

using cs::cqrs::CqrsView;

// Colours the nodes and the panel share.
inline const QColor kProjectorFill{"#00796b"};
inline const QColor kReplicaFill{"#2e7d32"};
inline const QColor kStaleColour{"#d32f2f"};
inline const QColor kTokenColour{"#ef6c00"};

// A duration in microseconds, in milliseconds with one decimal.
QString millis(std::int64_t us);

// Where the panel's parts stand in the scene: the whole panel, where the
// positions axis ends and where the stale read and the listing begin.
struct PanelPlaces {
  QRectF panel;
  double axisRight = 0;
  double cardLeft = 0;
};

void paintCqrsPanel(QPainter* p, const CqrsView& v, const PanelPlaces& at);

}  // namespace cs::ui::cqrs
