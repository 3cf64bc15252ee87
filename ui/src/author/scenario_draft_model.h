// The rows of File > Save as scenario: one per step of the draft
// (scenario_author.h) — the opening, then each action the session performed
// — with its time, the action in words and the narration the author types,
// which is the only editable column. Also holds the title and description.
// UI thread only.
#pragma once

#include <clusterscope/scenario_author.h>
#include <QAbstractTableModel>
#include <QString>

namespace cs::ui {

class ScenarioDraftModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { TimeColumn, ActionColumn, NarrationColumn, ColumnCount };

  explicit ScenarioDraftModel(ScenarioDraft draft, QObject* parent = nullptr);

  QString title() const { return QString::fromStdString(draft_.title); }
  void setTitle(const QString& title) { draft_.title = title.toStdString(); }
  QString description() const { return QString::fromStdString(draft_.description); }
  void setDescription(const QString& text) { draft_.description = text.toStdString(); }

  // Writes the scenario file. On failure returns false with the reason
  // (the file, or the command the format cannot express) in `error`.
  bool save(const QString& path, QString* error) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  ScenarioDraft draft_;
};

}  // namespace cs::ui
