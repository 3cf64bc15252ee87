// The compare dialog. See compare_dialog.h.
#include "compare_dialog.h"

#include <clusterscope/errors.h>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

#include <string>
#include <vector>

#include "../pattern_ui.h"
#include "../theme.h"

namespace cs::ui {

CompareDialog::CompareDialog(Scenario scenario, QWidget* parent)
    : QDialog(parent), scenario_(std::move(scenario)) {
  setWindowTitle(tr("Compare"));
  setObjectName(QStringLiteral("compareDialog"));
  auto* column = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("Run <b>%1</b> twice, side by side: A as written, B with one option changed. "
         "Both use the same seed, and every action goes to both at the same simulated time.")
          .arg(QString::fromStdString(scenario_.title).toHtmlEscaped()),
      this);
  intro->setWordWrap(true);
  column->addWidget(intro);
  column->addWidget(new QLabel(tr("Option for B (OPTION=VALUE):"), this));
  field_ = new QComboBox(this);
  field_->setEditable(true);
  field_->setObjectName(QStringLiteral("compareOption"));
  field_->addItems(suggestions());
  column->addWidget(field_);
  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("compareError"));
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: %1").arg(currentTheme().blocked.name()));
  error_->hide();
  column->addWidget(error_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &CompareDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &CompareDialog::reject);
  column->addWidget(buttons);
  resize(560, sizeHint().height());
}

QStringList CompareDialog::suggestions() const {
  // What a lecturer would compare first (the pattern's presets); those the
  // scenario's pattern refuses or the scenario already has are left out.
  QStringList list;
  const PatternUi* ui = findPatternUi(scenario_.config.pattern);
  if (!ui) return list;
  for (const auto& text : ui->comparePresets) {
    try {
      makeComparison(scenario_, parseOptionChange(text, "option"));
      list << QString::fromStdString(text);
    } catch (const InputError&) {
      // Not for this scenario: it already has that value, or the pattern lacks it.
    }
  }
  return list;
}

void CompareDialog::accept() {
  try {
    comparison_ = makeComparison(
        scenario_, parseOptionChange(field_->currentText().trimmed().toStdString(), "option"));
  } catch (const InputError& e) {
    error_->setText(QString::fromStdString(e.what()));
    error_->show();
    return;
  }
  QDialog::accept();
}

}  // namespace cs::ui
