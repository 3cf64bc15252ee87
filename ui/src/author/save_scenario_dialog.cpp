// The save-as-scenario dialog. See save_scenario_dialog.h.
#include "save_scenario_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include "scenario_draft_model.h"

namespace cs::ui {
namespace {

// A narration is a paragraph: a few lines of text in place, written back to
// the model as it is typed, so that Save… never loses the last keystrokes.
class NarrationDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;

  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&,
                        const QModelIndex& index) const override {
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(QStringLiteral("narration%1").arg(index.row()));
    edit->setTabChangesFocus(true);
    edit->setPlaceholderText(index.row() == 0
                                 ? tr("What you say before the first action…")
                                 : tr("What you say as this happens (empty: the action in words)"));
    connect(edit, &QPlainTextEdit::textChanged, this,
            [this, edit] { emit const_cast<NarrationDelegate*>(this)->commitData(edit); });
    return edit;
  }
  void setEditorData(QWidget* editor, const QModelIndex& index) const override {
    auto* edit = static_cast<QPlainTextEdit*>(editor);
    const QString text = index.data(Qt::EditRole).toString();
    if (edit->toPlainText() == text) return;
    const QSignalBlocker quiet(edit);  // not typed: nothing to write back
    edit->setPlainText(text);
  }
  void setModelData(QWidget* editor, QAbstractItemModel* model,
                    const QModelIndex& index) const override {
    model->setData(index, static_cast<QPlainTextEdit*>(editor)->toPlainText(), Qt::EditRole);
  }
};

// "The leader fails" -> "the-leader-fails.json".
QString fileNameFor(const QString& title) {
  QString stem = title.toLower();
  stem.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
  stem.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
  return (stem.isEmpty() ? QStringLiteral("scenario") : stem) + QStringLiteral(".json");
}

}  // namespace

SaveScenarioDialog::SaveScenarioDialog(ScenarioDraft draft, QWidget* parent)
    : QDialog(parent), model_(new ScenarioDraftModel(std::move(draft), this)) {
  setObjectName(QStringLiteral("saveScenarioDialog"));
  setWindowTitle(tr("Save as scenario"));

  title_ = new QLineEdit(model_->title(), this);
  title_->setObjectName(QStringLiteral("scenarioTitle"));
  connect(title_, &QLineEdit::textChanged, model_, &ScenarioDraftModel::setTitle);
  description_ = new QPlainTextEdit(model_->description(), this);
  description_->setObjectName(QStringLiteral("scenarioDescription"));
  description_->setFixedHeight(description_->fontMetrics().lineSpacing() * 4);
  connect(description_, &QPlainTextEdit::textChanged, this,
          [this] { model_->setDescription(description_->toPlainText()); });
  auto* form = new QFormLayout;
  form->addRow(tr("&Title"), title_);
  form->addRow(tr("&Description"), description_);

  auto* hint = new QLabel(
      tr("Each action you performed becomes a step that begins with it and runs until the "
         "next. Type what you will say at each; the saved scenario replays exactly this run."),
      this);
  hint->setWordWrap(true);

  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("scenarioSteps"));
  table_->setModel(model_);
  table_->setItemDelegateForColumn(ScenarioDraftModel::NarrationColumn,
                                   new NarrationDelegate(table_));
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->setWordWrap(true);
  table_->verticalHeader()->hide();
  const int rowHeight = fontMetrics().lineSpacing() * 4;
  table_->verticalHeader()->setDefaultSectionSize(rowHeight);
  QHeaderView* columns = table_->horizontalHeader();
  columns->setSectionResizeMode(ScenarioDraftModel::TimeColumn, QHeaderView::ResizeToContents);
  columns->setSectionResizeMode(ScenarioDraftModel::ActionColumn, QHeaderView::Interactive);
  columns->resizeSection(ScenarioDraftModel::ActionColumn, fontMetrics().averageCharWidth() * 34);
  columns->setSectionResizeMode(ScenarioDraftModel::NarrationColumn, QHeaderView::Stretch);
  for (int row = 0; row < model_->rowCount(); ++row)
    table_->openPersistentEditor(model_->index(row, ScenarioDraftModel::NarrationColumn));

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Save)->setText(tr("Save…"));
  connect(buttons, &QDialogButtonBox::accepted, this, &SaveScenarioDialog::chooseFile);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(hint);
  layout->addWidget(table_, 1);
  layout->addWidget(buttons);
  resize(1000, std::min(720, 260 + rowHeight * (model_->rowCount() + 1)));
}

void SaveScenarioDialog::chooseFile() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save scenario"), fileNameFor(title_->text()), tr("Scenarios (*.json)"));
  if (!path.isEmpty()) saveTo(path);
}

bool SaveScenarioDialog::saveTo(const QString& path) {
  QString error;
  if (!model_->save(path, &error)) {
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Cannot save the scenario"), error,
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
  }
  emit saved(path);
  accept();
  return true;
}

}  // namespace cs::ui
