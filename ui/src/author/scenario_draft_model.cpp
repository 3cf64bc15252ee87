// The rows of the save-as-scenario dialog. See scenario_draft_model.h.
#include "scenario_draft_model.h"

#include <clusterscope/errors.h>

namespace cs::ui {

ScenarioDraftModel::ScenarioDraftModel(ScenarioDraft draft, QObject* parent)
    : QAbstractTableModel(parent), draft_(std::move(draft)) {}

bool ScenarioDraftModel::save(const QString& path, QString* error) const {
  try {
    saveDraft(draft_, path.toStdString());
    return true;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
}

int ScenarioDraftModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(draft_.steps.size());
}

int ScenarioDraftModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScenarioDraftModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const DraftStep& s = draft_.steps[static_cast<std::size_t>(index.row())];
  const bool opening = index.row() == 0;
  switch (index.column()) {
    case TimeColumn:
      if (role == Qt::DisplayRole) return tr("%1 s").arg(toSeconds(s.at.at), 0, 'f', 3);
      if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignRight | Qt::AlignTop);
      break;
    case ActionColumn:
      if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        if (!opening) return QString::fromStdString(s.action);
        return s.commands.empty()
                   ? tr("Before the first action")
                   : tr("Before the first action: %1").arg(QString::fromStdString(s.action));
      }
      if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignLeft | Qt::AlignTop);
      break;
    case NarrationColumn:
      if (role == Qt::DisplayRole || role == Qt::EditRole)
        return QString::fromStdString(s.narration);
      break;
    default:
      break;
  }
  return {};
}

bool ScenarioDraftModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || index.column() != NarrationColumn || role != Qt::EditRole) return false;
  std::string& narration = draft_.steps[static_cast<std::size_t>(index.row())].narration;
  const std::string text = value.toString().toStdString();
  if (text == narration) return true;
  narration = text;
  emit dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
  return true;
}

Qt::ItemFlags ScenarioDraftModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (index.column() == NarrationColumn) f |= Qt::ItemIsEditable;
  return f;
}

QVariant ScenarioDraftModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case TimeColumn:
      return tr("Time");
    case ActionColumn:
      return tr("Action");
    case NarrationColumn:
      return tr("Narration (what you will say)");
    default:
      return {};
  }
}

}  // namespace cs::ui
