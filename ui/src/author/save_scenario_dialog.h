// File > Save as scenario: the session's actions as the steps of a new
// scenario, each with a field for its narration, a title and a description;
// Save… asks where to write the file. Non-modal. UI thread only.
#pragma once

#include <clusterscope/scenario_author.h>
#include <QDialog>

class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace cs::ui {

class ScenarioDraftModel;

class SaveScenarioDialog : public QDialog {
  Q_OBJECT

 public:
  // Takes the draft (scenario_author.h) the rows are made of.
  SaveScenarioDialog(ScenarioDraft draft, QWidget* parent = nullptr);

  ScenarioDraftModel* model() const { return model_; }
  QTableView* table() const { return table_; }
  // Writes the scenario to `path` with the title, description and
  // narration entered so far. On failure shows the reason in an error
  // dialog and returns false; on success emits saved(path) and closes.
  bool saveTo(const QString& path);

 signals:
  void saved(const QString& path);

 private:
  void chooseFile();

  ScenarioDraftModel* model_;
  QLineEdit* title_;
  QPlainTextEdit* description_;
  QTableView* table_;
};

}  // namespace cs::ui
