// The speeds offered and finding one. See speed_box.h.
#include "speed_box.h"

#include <clusterscope/driver.h>
#include <QSignalBlocker>

namespace cs::ui {
namespace {

struct SpeedChoice {
  const char* label;
  double speed;
};
constexpr SpeedChoice kSpeeds[] = {
    {"×0.01", 0.01}, {"×0.02", 0.02}, {"×0.05", 0.05}, {"×0.1", 0.1},
    {"×0.2", 0.2},   {"×0.5", 0.5},   {"×1", 1.0},     {"×2", 2.0},
    {"×5", 5.0},     {"×10", 10.0},   {"×100", 100.0}, {"flat out", Driver::kFlatOut},
};

}  // namespace

SpeedBox::SpeedBox(QWidget* parent, double slowest, double fastest) : QComboBox(parent) {
  setObjectName(QStringLiteral("speed"));
  setFocusPolicy(Qt::NoFocus);
  for (const SpeedChoice& c : kSpeeds)
    if (c.speed >= slowest && c.speed <= fastest) addItem(QString::fromUtf8(c.label), c.speed);
}

void SpeedBox::showSpeed(double speed) {
  // Compared as doubles (flat out is infinity), not through QVariant.
  for (int i = 0; i < count(); ++i) {
    if (speedAt(i) != speed || i == currentIndex()) continue;
    QSignalBlocker block(this);
    setCurrentIndex(i);
  }
}

}  // namespace cs::ui
