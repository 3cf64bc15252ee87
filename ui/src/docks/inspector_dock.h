// The inspector: everything about the selected node (role, currentTerm,
// votedFor, its log with commitIndex highlighted, its timer and every field
// its pattern reports) or the selected message (kind and fields by name).
// Reads the session's mirror; UI thread only.
#pragma once

#include <QDockWidget>

class QTextBrowser;

namespace cs::ui {

class Session;

class InspectorDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit InspectorDock(QWidget* parent = nullptr);
  void setSession(Session* session);

 private:
  void refresh();
  QString nodeHtml() const;
  QString messageHtml() const;

  Session* session_ = nullptr;
  QTextBrowser* view_;
  QString shown_;
};

}  // namespace cs::ui
