// The compare dialog. See compare_dialog.h.
#include "compare_dialog.h"

#include <clusterscope/errors.h>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

#include <map>
#include <string>
#include <vector>

#include "../theme.h"

namespace cs::ui {
namespace {

// What a lecturer would compare first, per pattern; those the scenario's
// pattern refuses or the scenario already has are left out.
const std::map<std::string, std::vector<std::string>>& candidates() {
  static const std::map<std::string, std::vector<std::string>> c = {
      {"circuit-breaker", {"breaker=on", "breaker=off", "naiveRetries=0", "naiveRetries=3"}},
      {"ambassador",
       {"retries=off", "retries=on", "hedging=off", "hedging=on", "breaker=off", "breaker=on",
        "ambassador=off", "ambassador=on"}},
      {"leader-election", {"nodes=3", "nodes=7", "loss=0.1"}},
      {"pubsub",
       {"ordering=off", "ordering=on", "durable=off", "durable=on", "maxDeliveryAttempts=1"}},
  };
  return c;
}

}  // namespace

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
  QStringList list;
  const auto it = candidates().find(scenario_.config.pattern);
  if (it == candidates().end()) return list;
  for (const auto& text : it->second) {
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
