// Time travel in the domain, separate from the run's timeline: two position
// sliders on the event store's log. The first shows every product as of that
// global position; the second, later one, what changed between the two,
// like `git diff A B`: each stream's events in between and its state before
// and after. Both sliders span the whole log: products come from their
// histories in the typed view (a binary search each, however long the log),
// order streams from the log's recent entries. UI thread only.
#pragma once

#include <clusterscope/event_sourcing/es_view.h>
#include <QString>
#include <QWidget>

class QLabel;
class QSlider;

namespace cs::ui::event_sourcing {

// The state as of `a` and the diff from `a` to `b`, as rich text.
QString timeTravelText(const cs::event_sourcing::EsView& view, cs::event_sourcing::Position a,
                       cs::event_sourcing::Position b);

class TimeTravel : public QWidget {
 public:
  explicit TimeTravel(QWidget* parent = nullptr);
  // Follows the view's log: the sliders span it all; a slider at the head
  // stays at the head.
  void setView(std::shared_ptr<const cs::event_sourcing::EsView> view);
  QSlider* from() const { return from_; }
  QSlider* to() const { return to_; }
  QString shownText() const;

 private:
  void redraw();
  QSlider* from_;
  QSlider* to_;
  QLabel* caption_;
  QLabel* table_;
  std::shared_ptr<const cs::event_sourcing::EsView> view_;
};

}  // namespace cs::ui::event_sourcing
