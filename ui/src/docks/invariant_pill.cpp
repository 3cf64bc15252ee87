// See invariant_pill.h.
#include "invariant_pill.h"

#include <QFontMetrics>
#include <QStyle>
#include <QStyleOptionButton>

#include <algorithm>

namespace cs::ui {

void InvariantPill::setSentence(const QString& sentence) {
  sentence_ = sentence;
  fit();
}

void InvariantPill::resizeEvent(QResizeEvent* event) {
  QPushButton::resizeEvent(event);
  fit();
}

void InvariantPill::fit() {
  ensurePolished();  // the style sheet's font size and padding apply from here
  QStyleOptionButton option;
  initStyleOption(&option);
  const QRect inside = style()->subElementRect(QStyle::SE_PushButtonContents, &option, this);
  const int room = std::max(0, inside.width());
  const QString shown = fontMetrics().elidedText(sentence_, Qt::ElideRight, room);
  if (shown != text()) setText(shown);
}

}  // namespace cs::ui
