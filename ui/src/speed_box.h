// The speed chooser of the main window and the compare view: simulated
// seconds per wall-clock second, slowest first, each item carrying its speed.
// UI thread only.
#pragma once

#include <QComboBox>

namespace cs::ui {

class SpeedBox : public QComboBox {
 public:
  // Offers the speeds from `slowest` to `fastest`, both included
  // (Driver::kFlatOut: as fast as the CPU goes).
  SpeedBox(QWidget* parent, double slowest, double fastest);

  double speedAt(int index) const { return itemData(index).toDouble(); }
  // Selects `speed` without signalling a change: the offered speed nearest
  // to it (a scenario may name any pace).
  void showSpeed(double speed);
  // One step faster or slower ([ and ]), staying within the offer.
  void faster() { setCurrentIndex(std::min(currentIndex() + 1, count() - 1)); }
  void slower() { setCurrentIndex(std::max(currentIndex() - 1, 0)); }
};

}  // namespace cs::ui
