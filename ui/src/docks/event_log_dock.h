// The event log dock: the filterable table of trace records, linked both
// ways with the canvas selection. UI thread only.
#pragma once

#include <QDockWidget>
#include <QTimer>

#include <array>
#include <cstdint>

class QComboBox;
class QTableView;

namespace cs::ui {

class EventLogFilter;
class EventLogModel;
class Session;

class EventLogDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit EventLogDock(QWidget* parent = nullptr);
  void setSession(Session* session);
  QTableView* table() const { return table_; }
  EventLogModel* model() const { return model_; }
  // Selects and shows the row of trace record `seq`, widening the filters
  // if they hide it. False if the log no longer holds it.
  bool selectRecord(std::uint64_t seq);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void fillNodeFilter();
  void onRowSelected();
  void onSessionSelection();
  void scrollIfFollowing();
  // Sizes the rows in view to their wrapped sentences.
  void fitRows();

  Session* session_ = nullptr;
  EventLogModel* model_;
  EventLogFilter* filter_;
  QTableView* table_;
  QComboBox* nodeFilter_;
  QComboBox* kindFilter_;
  bool syncing_ = false;
  bool follow_ = true;
  QTimer fitLater_;
  std::array<int, 3> widest_{};  // the time, node and kind columns' widest so far
};

}  // namespace cs::ui
