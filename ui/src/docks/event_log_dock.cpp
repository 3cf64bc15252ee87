// The event log's widgets and its two-way link with the canvas selection.
// See event_log_dock.h.
#include "event_log_dock.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "../session.h"
#include "event_log_model.h"

namespace cs::ui {
namespace {

// The table, with the width its rows in view want for a column to hand.
class LogTable : public QTableView {
 public:
  using QTableView::QTableView;
  using QTableView::sizeHintForColumn;
};

}  // namespace

EventLogDock::EventLogDock(QWidget* parent) : QDockWidget(tr("Event log"), parent) {
  setObjectName(QStringLiteral("eventLog"));
  auto* w = new QWidget(this);
  auto* v = new QVBoxLayout(w);
  v->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  nodeFilter_ = new QComboBox(w);
  nodeFilter_->setObjectName(QStringLiteral("nodeFilter"));
  kindFilter_ = new QComboBox(w);
  kindFilter_->setObjectName(QStringLiteral("kindFilter"));
  kindFilter_->addItem(tr("Everything"), static_cast<int>(EventLogFilter::Kinds::All));
  kindFilter_->addItem(tr("All but deliveries and timers"),
                       static_cast<int>(EventLogFilter::Kinds::NoDeliveries));
  kindFilter_->addItem(tr("Messages"), static_cast<int>(EventLogFilter::Kinds::Messages));
  kindFilter_->addItem(tr("Milestones"), static_cast<int>(EventLogFilter::Kinds::Milestones));
  kindFilter_->addItem(tr("Faults and commands"), static_cast<int>(EventLogFilter::Kinds::Faults));
  kindFilter_->addItem(tr("State changes"), static_cast<int>(EventLogFilter::Kinds::StateChanges));
  kindFilter_->setCurrentIndex(1);
  // Narrow enough to share a laptop's bottom row with the charts; the open
  // list is as wide as its entries.
  for (QComboBox* c : {nodeFilter_, kindFilter_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(c == nodeFilter_ ? 6 : 12);
  }
  bar->addWidget(new QLabel(tr("Node:"), w));
  bar->addWidget(nodeFilter_);
  bar->addWidget(new QLabel(tr("Show:"), w));
  bar->addWidget(kindFilter_, 1);
  v->addLayout(bar);

  model_ = new EventLogModel(this);
  filter_ = new EventLogFilter(this);
  filter_->setSourceModel(model_);
  table_ = new LogTable(w);
  table_->setModel(filter_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setAlternatingRowColors(true);
  // A sentence too long for its column wraps onto more lines of its row
  // rather than ending in "…" (fitRows sizes the rows).
  table_->setWordWrap(true);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  // The time, node and kind ("AppendEntriesReply") whole, each column as
  // wide as the widest it has shown (fitRows); the sentence takes the rest.
  table_->horizontalHeader()->setStretchLastSection(true);
  for (int c : {EventLogModel::Time, EventLogModel::Node, EventLogModel::Kind})
    table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Fixed);
  v->addWidget(table_);
  setWidget(w);

  connect(nodeFilter_, &QComboBox::currentIndexChanged, this, [this] {
    const QVariant d = nodeFilter_->currentData();
    filter_->setNode(d.isValid() ? d.toUInt() : kNoNode);
  });
  connect(kindFilter_, &QComboBox::currentIndexChanged, this, [this] {
    filter_->setKinds(static_cast<EventLogFilter::Kinds>(kindFilter_->currentData().toInt()));
  });
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &EventLogDock::onRowSelected);
  connect(filter_, &QAbstractItemModel::rowsInserted, this, &EventLogDock::scrollIfFollowing);
  // Scrolling up to read stops the log from jumping to the newest row.
  connect(table_->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
    if (!syncing_) follow_ = value >= table_->verticalScrollBar()->maximum() - 2;
    fitLater_.start();
  });
  // Rows take their heights once the batch, the filter or the width settles.
  fitLater_.setSingleShot(true);
  fitLater_.setInterval(0);
  connect(&fitLater_, &QTimer::timeout, this, &EventLogDock::fitRows);
  for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
    connect(filter_, signal, &fitLater_, qOverload<>(&QTimer::start));
  connect(filter_, &QAbstractItemModel::layoutChanged, &fitLater_, qOverload<>(&QTimer::start));
  connect(filter_, &QAbstractItemModel::modelReset, &fitLater_, qOverload<>(&QTimer::start));
  connect(table_->horizontalHeader(), &QHeaderView::sectionResized, &fitLater_,
          qOverload<>(&QTimer::start));
}

void EventLogDock::fitRows() {
  // Only the rows in view are measured: a log holds thousands, and a row's
  // height is seen only when it is shown. Following, the newest rows are
  // measured first, so that the bottom row is whole once scrolled to.
  const int rows = filter_->rowCount();
  if (rows == 0) return;
  const int shown = table_->viewport()->height() / table_->verticalHeader()->defaultSectionSize();
  if (follow_) {
    for (int r = std::max(0, rows - shown - 1); r < rows; ++r) table_->resizeRowToContents(r);
    syncing_ = true;
    table_->scrollToBottom();
    syncing_ = false;
  }
  // Columns only widen within a run, so that the sentences do not rewrap
  // as rows scroll by.
  for (int c : {EventLogModel::Time, EventLogModel::Node, EventLogModel::Kind}) {
    int& widest = widest_[static_cast<std::size_t>(c)];
    widest = std::max({widest, table_->horizontalHeader()->sectionSizeHint(c),
                       static_cast<LogTable*>(table_)->sizeHintForColumn(c)});
    if (widest != table_->columnWidth(c)) table_->setColumnWidth(c, widest);
  }
  const int first = std::max(0, table_->rowAt(0));
  for (int r = first; r < rows && r <= first + shown; ++r) table_->resizeRowToContents(r);
}

void EventLogDock::resizeEvent(QResizeEvent* event) {
  QDockWidget::resizeEvent(event);
  // A narrower sentence column wraps its rows onto more lines; a taller
  // dock shows rows not measured yet.
  fitLater_.start();
}

void EventLogDock::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  model_->setSession(session);
  if (session_) {
    connect(session_, &Session::runStarted, this, &EventLogDock::fillNodeFilter);
    connect(session_, &Session::runStarted, this, [this] { widest_.fill(0); });
    connect(session_, &Session::updated, this, [this] {
      if (nodeFilter_->count() != static_cast<int>(session_->mirror().nodes.size()) + 1)
        fillNodeFilter();
    });
    connect(session_, &Session::selectionChanged, this, &EventLogDock::onSessionSelection);
  }
  fillNodeFilter();
}

void EventLogDock::fillNodeFilter() {
  const QVariant current = nodeFilter_->currentData();
  QSignalBlocker block(nodeFilter_);
  nodeFilter_->clear();
  nodeFilter_->addItem(tr("all"));
  if (session_)
    for (const auto& n : session_->mirror().nodes)
      nodeFilter_->addItem(QString::fromStdString(n.name), QVariant::fromValue<uint>(n.id));
  const int i = current.isValid() ? nodeFilter_->findData(current) : 0;
  nodeFilter_->setCurrentIndex(std::max(0, i));
  // Signals were blocked: the filter must follow what the combo now shows
  // (after a reset the old node may be gone, and the combo says "all").
  const QVariant d = nodeFilter_->currentData();
  filter_->setNode(d.isValid() ? d.toUInt() : kNoNode);
}

void EventLogDock::scrollIfFollowing() {
  if (!follow_ || syncing_) return;
  syncing_ = true;
  table_->scrollToBottom();
  syncing_ = false;
}

void EventLogDock::onRowSelected() {
  if (syncing_ || !session_) return;
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  const QModelIndex i = rows.first();
  const auto msg = i.data(EventLogModel::MessageRole).toULongLong();
  const QVariant node = i.data(EventLogModel::NodeRole);
  follow_ = false;
  syncing_ = true;
  if (msg)
    session_->selectMessage(msg, node.isValid() ? node.toUInt() : kNoNode);
  else if (node.isValid())
    session_->selectNode(node.toUInt());
  syncing_ = false;
}

bool EventLogDock::selectRecord(std::uint64_t seq) {
  int row = model_->rowCount() - 1;
  while (row >= 0 && model_->index(row, 0).data(EventLogModel::RecordSeqRole).toULongLong() != seq)
    --row;
  if (row < 0) return false;
  QModelIndex i = filter_->mapFromSource(model_->index(row, 0));
  if (!i.isValid()) {
    nodeFilter_->setCurrentIndex(0);
    kindFilter_->setCurrentIndex(0);
    i = filter_->mapFromSource(model_->index(row, 0));
  }
  follow_ = false;
  syncing_ = true;
  table_->selectionModel()->select(i,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  table_->scrollTo(i, QAbstractItemView::PositionAtCenter);
  syncing_ = false;
  return true;
}

void EventLogDock::onSessionSelection() {
  if (syncing_ || !session_) return;
  const NodeId node = session_->selectedNode();
  const MessageId message = session_->selectedMessage();
  // The newest row about it that the filter shows: by default deliveries are
  // hidden, and a message picked elsewhere should still find its send.
  QModelIndex i;
  for (int row = model_->latestRowFor(node, message); row >= 0 && !i.isValid();
       row = model_->latestRowFor(node, message, row))
    i = filter_->mapFromSource(model_->index(row, 0));
  syncing_ = true;
  if (!i.isValid()) {
    table_->clearSelection();
  } else {
    table_->selectionModel()->select(
        i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(i);
  }
  syncing_ = false;
}

}  // namespace cs::ui
