// Rows over the mirror's bounded record deque. See event_log_model.h.
#include "event_log_model.h"

#include <algorithm>

#include <QApplication>
#include <QBrush>
#include <QFont>
#include <QFontMetrics>

#include "../pattern_ui.h"
#include "../session.h"
#include "../theme.h"
#include "event_words.h"

namespace cs::ui {
namespace {

// The open pattern's sentences for its messages.
const std::vector<MessagePhrase>& phrasesOf(const Session* session) {
  static const std::vector<MessagePhrase> kNone;
  const PatternUi* ui = session->patternUi();
  return ui ? ui->messagePhrases : kNone;
}

}  // namespace

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void EventLogModel::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  beginResetModel();
  session_ = session;
  rows_ = session_ ? static_cast<int>(session_->mirror().records.size()) : 0;
  endResetModel();
  if (session_) {
    connect(session_, &Session::recordsAboutToBeRemoved, this,
            [this](int count) { beginRemoveRows({}, 0, std::min(count, rows_) - 1); });
    connect(session_, &Session::recordsRemoved, this, [this] {
      rows_ = std::min(rows_, static_cast<int>(session_->mirror().records.size()));
      endRemoveRows();
    });
    connect(session_, &Session::recordsChanged, this, &EventLogModel::onRecordsChanged);
    connect(session_, &Session::runStarted, this, &EventLogModel::onRunStarted);
    connect(session_, &Session::scenarioOpened, this, &EventLogModel::onRunStarted);
  }
}

void EventLogModel::onRunStarted() {
  beginResetModel();
  rows_ = static_cast<int>(session_->mirror().records.size());
  endResetModel();
}

void EventLogModel::onRecordsChanged(int, int) {
  // Removals were announced while their rows still held their data; what is
  // left is rows appended at the back.
  const int total = static_cast<int>(session_->mirror().records.size());
  const int added = total - rows_;
  if (added > 0) {
    beginInsertRows({}, rows_, rows_ + added - 1);
    rows_ += added;
    endInsertRows();
  } else if (added < 0) {
    onRunStarted();
  }
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : rows_;
}

int EventLogModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::kindName(TraceKind kind) {
  switch (kind) {
    case TraceKind::Sent:
      return tr("sent");
    case TraceKind::Delivered:
      return tr("delivered");
    case TraceKind::Dropped:
      return tr("dropped");
    case TraceKind::TimerFired:
      return tr("timer");
    case TraceKind::Crashed:
      return tr("crashed");
    case TraceKind::Restarted:
      return tr("restarted");
    case TraceKind::Paused:
      return tr("paused");
    case TraceKind::Resumed:
      return tr("resumed");
    case TraceKind::Slowed:
      return tr("slowed");
    case TraceKind::LinkChanged:
      return tr("link");
    case TraceKind::StateChanged:
      return tr("state");
    case TraceKind::Milestone:
      return tr("milestone");
    case TraceKind::Command:
      return tr("command");
    case TraceKind::Violation:
      return tr("VIOLATION");
  }
  return {};
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
  if (!session_ || !index.isValid() || index.row() >= rows_) return {};
  const auto& records = session_->mirror().records;
  const DriverRecord& d = records[static_cast<std::size_t>(index.row())];
  const TraceRecord& r = d.record;
  switch (role) {
    case Qt::DisplayRole:
      switch (index.column()) {
        case Time:
          return QString::number(toSeconds(r.at), 'f', 3);
        case Node:
          return r.node == kNoNode ? QString() : QString::number(r.node);
        case Kind:
          if (r.kind == TraceKind::Sent || r.kind == TraceKind::Milestone)
            return QString::fromStdString(session_->mirror().labelName(r.label));
          return kindName(r.kind);
        case Text:
          return eventWords(session_->mirror().vocabulary.get(), d, phrasesOf(session_));
      }
      break;
    case Qt::ForegroundRole: {
      const Theme& t = currentTheme();
      switch (eventTone(session_->mirror().vocabulary.get(), r, phrasesOf(session_))) {
        case EventTone::Failure:
          return QBrush(t.blocked);
        case EventTone::Success:
          return QBrush(t.leader.darker(t.darkBase ? 80 : 120));
        case EventTone::Fault:
          return QBrush(t.timer.darker(t.darkBase ? 80 : 115));
        case EventTone::Command:
          return QBrush(t.clientWrite);
        case EventTone::Quiet:
          return QBrush(t.mutedText);
        case EventTone::Plain:
          break;
      }
      break;
    }
    case Qt::SizeHintRole:
      // Room for the longest time a run reaches, so no time is cut to "10.00…".
      if (index.column() == Time) {
        // In bold, as a milestone's row writes it.
        QFont bold = QApplication::font();
        bold.setBold(true);
        const QFontMetrics fm(bold);
        return QSize(fm.horizontalAdvance(QStringLiteral("00000.000")) + 14, fm.height() + 6);
      }
      break;
    case Qt::FontRole:
      if (r.kind == TraceKind::Milestone || r.kind == TraceKind::Violation ||
          r.kind == TraceKind::Command) {
        QFont f;
        f.setBold(true);
        return f;
      }
      break;
    case Qt::TextAlignmentRole:
      if (index.column() == Time || index.column() == Node)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
      break;
    case RecordSeqRole:
      return QVariant::fromValue<qulonglong>(r.seq);
    case NodeRole:
      return r.node == kNoNode ? QVariant() : QVariant::fromValue<uint>(r.node);
    case PeerRole:
      return r.peer == kNoNode ? QVariant() : QVariant::fromValue<uint>(r.peer);
    case MessageRole:
      return QVariant::fromValue<qulonglong>(r.msg);
    case KindRole:
      return static_cast<int>(r.kind);
  }
  return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Time:
      return tr("time (s)");
    case Node:
      return tr("node");
    case Kind:
      return tr("what");
    case Text:
      return tr("event");
  }
  return {};
}

int EventLogModel::latestRowFor(NodeId node, MessageId message, int before) const {
  if (!session_) return -1;
  const auto& records = session_->mirror().records;
  for (int i = (before < 0 ? rows_ : std::min(before, rows_)) - 1; i >= 0; --i) {
    const TraceRecord& r = records[static_cast<std::size_t>(i)].record;
    if (message ? r.msg == message : (r.node == node && r.kind != TraceKind::Delivered)) return i;
  }
  return -1;
}

EventLogFilter::EventLogFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void EventLogFilter::setNode(NodeId node) {
  node_ = node;
  invalidateFilter();
}

void EventLogFilter::setKinds(Kinds kinds) {
  kinds_ = kinds;
  invalidateFilter();
}

bool EventLogFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
  const QModelIndex i = sourceModel()->index(row, 0, parent);
  if (node_ != kNoNode) {
    // A message concerns its receiver as much as its sender.
    const QVariant n = i.data(EventLogModel::NodeRole), p = i.data(EventLogModel::PeerRole);
    if (!(n.isValid() && n.toUInt() == node_) && !(p.isValid() && p.toUInt() == node_))
      return false;
  }
  const auto k = static_cast<TraceKind>(i.data(EventLogModel::KindRole).toInt());
  switch (kinds_) {
    case Kinds::All:
      return true;
    case Kinds::NoDeliveries:
      return k != TraceKind::Delivered && k != TraceKind::TimerFired;
    case Kinds::Messages:
      return k == TraceKind::Sent || k == TraceKind::Delivered || k == TraceKind::Dropped;
    case Kinds::Milestones:
      return k == TraceKind::Milestone || k == TraceKind::Violation;
    case Kinds::Faults:
      return k == TraceKind::Crashed || k == TraceKind::Restarted || k == TraceKind::Paused ||
             k == TraceKind::Resumed || k == TraceKind::Slowed || k == TraceKind::LinkChanged ||
             k == TraceKind::Command;
    case Kinds::StateChanges:
      return k == TraceKind::StateChanged;
  }
  return true;
}

}  // namespace cs::ui
