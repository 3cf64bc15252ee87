// View > Compare…: which option run B changes. Offers the changes the open
// scenario's pattern accepts (those the scenario does not already have) and
// takes any OPTION=VALUE typed in; a change the pattern refuses is explained
// under the field, in the engine's words, and the dialog stays open.
// UI thread only.
#pragma once

#include <clusterscope/compare.h>
#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;

namespace cs::ui {

class CompareDialog : public QDialog {
  Q_OBJECT

 public:
  explicit CompareDialog(Scenario scenario, QWidget* parent = nullptr);

  // The changes offered, each accepted by the pattern.
  QStringList suggestions() const;
  QComboBox* field() const { return field_; }
  QLabel* error() const { return error_; }
  // Set once the dialog was accepted.
  const std::optional<Comparison>& comparison() const { return comparison_; }

  void accept() override;

 private:
  Scenario scenario_;
  QComboBox* field_;
  QLabel* error_;
  std::optional<Comparison> comparison_;
};

}  // namespace cs::ui
