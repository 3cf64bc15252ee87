// The "Space-time diagram" dock: the diagram (spacetime_view.h) under a
// filter row — one node and the lanes it talks to, one kind of message,
// idle lanes collapsed — with zoom buttons and a Follow switch that keeps
// the newest records in view. UI thread only.
#pragma once

#include <QDockWidget>

class QCheckBox;
class QComboBox;
class QToolButton;

namespace cs::ui {

class Session;
class SpacetimeView;

class SpacetimeDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit SpacetimeDock(QWidget* parent = nullptr);
  void setSession(Session* session);
  SpacetimeView* view() const { return view_; }
  QComboBox* nodeFilter() const { return nodeFilter_; }
  QComboBox* kindFilter() const { return kindFilter_; }
  QCheckBox* collapseIdle() const { return collapse_; }
  QToolButton* followButton() const { return follow_; }
  // Saves the diagram as it is shown, as PNG or (for a path ending ".svg")
  // SVG. False if the file cannot be written.
  bool save(const QString& path) const;

 private:
  void fillFilters();
  void applyFilter();

  Session* session_ = nullptr;
  SpacetimeView* view_;
  QComboBox* nodeFilter_;
  QComboBox* kindFilter_;
  QCheckBox* collapse_;
  QToolButton* follow_;
};

}  // namespace cs::ui
