// The speeds offered and finding one. See speed_box.h.
#include "speed_box.h"

#include <clusterscope/driver.h>
#include <QSignalBlocker>
#include <cmath>
#include <limits>

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
  // Compared as doubles (flat out is infinity), not through QVariant, and
  // by ratio on a log scale.
  int best = -1;
  double bestDistance = std::numeric_limits<double>::infinity();
  for (int i = 0; i < count(); ++i) {
    const double offered = speedAt(i);
    const double distance = std::isinf(speed) || std::isinf(offered)
                                ? (offered == speed ? 0 : std::numeric_limits<double>::infinity())
                                : std::abs(std::log(offered / speed));
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  if (best < 0 || best == currentIndex()) return;
  QSignalBlocker block(this);
  setCurrentIndex(best);
}

}  // namespace cs::ui
