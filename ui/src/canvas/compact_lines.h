// A box's compact form, for a canvas drawn so small (a laptop's window) that
// a look's own type would read under kReadablePixels (shapes.h): the box's
// name and a few lines of its essential state, written from the top down at
// the smallest size that reads. Each line offers its wordings longest first
// and the first that fits the box's width is written, so that a line is
// shortened in words rather than in type; lines the box has no height left
// for are left out. What a look draws for a node that names itself
// (PatternLook::namesItself). Plain drawing, no state. UI thread only.
#pragma once

#include <QColor>
#include <QRectF>
#include <QStringList>

#include <vector>

class QPainter;

namespace cs::ui {

// One line of a compact form: its wordings, longest first.
struct CompactLine {
  QStringList wordings;
  QColor ink;
  bool bold = false;
};

// The pixel size of a compact form's lines under `p` now: kReadablePixels
// on screen. Its name is written a size larger where the box has room.
int compactPixels(const QPainter* p);
int compactNamePixels(const QPainter* p);
// The height of one of its lines under `p` now.
double compactLineHeight(const QPainter* p);

// Whether `text` fits on one line of the compact form writeCompactForm
// writes in `box`.
bool fitsCompactLine(QPainter* p, const QRectF& box, const QString& text, bool bold);

// Writes the first of `line`'s wordings that fits `r`'s width at `pixels`,
// vertically centred in `r`; the last one narrowed to fit when none does.
void writeCompactLine(QPainter* p, const QRectF& r, int pixels, const CompactLine& line,
                      Qt::Alignment align = Qt::AlignHCenter);

// Writes `name`, then `lines`, from the top of `box` down, centred, a few
// screen pixels inside its edges, while each has the height left; returns
// where the last line written ends.
double writeCompactForm(QPainter* p, const QRectF& box, const CompactLine& name,
                        const std::vector<CompactLine>& lines);

}  // namespace cs::ui
