// The inspector: everything about the selected node (role, currentTerm,
// votedFor, its log with commitIndex highlighted, its timer and every field
// its pattern reports) or the selected message (kind and fields by name,
// and a link to follow its request), and above it the followed request's
// hops with their latencies (hop_table.h).
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
  // What the inspector shows now, as plain text.
  QString text() const;

 private:
  void refresh();
  QString nodeHtml() const;
  QString messageHtml() const;
  QString followLink() const;

  Session* session_ = nullptr;
  QTextBrowser* view_;
  QString shown_;
};

}  // namespace cs::ui
