// The event log as a table: one row per trace record the session still
// holds (bounded), columns time, node, what and the sentence. A view over
// the Mirror, never over engine objects. UI thread only.
#pragma once

#include <clusterscope/trace.h>
#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace cs::ui {

class Session;

class EventLogModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Time, Node, Kind, Text, ColumnCount };
  enum Role { RecordSeqRole = Qt::UserRole + 1, NodeRole, PeerRole, MessageRole, KindRole };

  explicit EventLogModel(QObject* parent = nullptr);
  void setSession(Session* session);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

  // The newest row about this message (or, with id 0, this node) above row
  // `before` (-1: anywhere); -1 if none.
  int latestRowFor(NodeId node, MessageId message, int before = -1) const;

  // A short name for a kind of record, for the filter and the Kind column.
  static QString kindName(TraceKind kind);

 private:
  void onRecordsChanged(int removed, int added);
  void onRunStarted();

  Session* session_ = nullptr;
  int rows_ = 0;
};

// Filters the log by node and by kind of record.
class EventLogFilter : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  enum class Kinds { All, NoDeliveries, Messages, Milestones, Faults, StateChanges };

  explicit EventLogFilter(QObject* parent = nullptr);
  void setNode(NodeId node);  // kNoNode: every node
  void setKinds(Kinds kinds);

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

 private:
  NodeId node_ = kNoNode;
  Kinds kinds_ = Kinds::NoDeliveries;
};

}  // namespace cs::ui
