// One invariant's pill in the strip under the canvas: its verdict and rule
// in a sentence that is cut with an ellipsis where the pill is too narrow,
// so a cut reads as a cut from the back row. GUI thread only.
#pragma once

#include <QPushButton>
#include <QString>

namespace cs::ui {

class InvariantPill : public QPushButton {
 public:
  using QPushButton::QPushButton;
  // The whole sentence; what shows is as much of it as fits.
  void setSentence(const QString& sentence);
  const QString& sentence() const { return sentence_; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void fit();
  QString sentence_;
};

}  // namespace cs::ui
