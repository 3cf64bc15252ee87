// Rendering the selection as a small HTML page. See inspector_dock.h.
#include "inspector_dock.h"

#include <QAction>
#include <QTextBrowser>
#include <algorithm>
#include <functional>

#include "../session.h"
#include "../theme.h"
#include "clusterscope/node_status_name.h"
#include "hop_table.h"

namespace cs::ui {
namespace {

QString esc(const std::string& s) {
  return QString::fromStdString(s).toHtmlEscaped();
}

// "payment" where the pattern names its nodes, "node 3" where it does not.
QString nodeName(const Mirror& m, NodeId id) {
  if (id == kNoNode) return QStringLiteral("—");
  return m.vocabulary ? esc(m.vocabulary->nodeName(id)) : QStringLiteral("node %1").arg(id);
}

QString ms(SimDuration d) {
  return QStringLiteral("%1 ms").arg(d.count() / 1000.0, 0, 'f', 1);
}

// Every milestone the log still holds about the pattern-level message a
// network message carries (its "message" field: a Pub/Sub message id), oldest
// first: its delivery attempts to each subscription, acks, dead-lettering.
QString historyHtml(const Mirror& m, const LabelInfo& info,
                    const std::function<std::int64_t(std::size_t)>& value) {
  const auto field = info.fieldIndex("message");
  if (!field || !m.vocabulary) return {};
  const std::int64_t message = value(*field);
  if (message == 0) return {};
  QString lines;
  int shown = 0;
  for (const DriverRecord& d : m.records) {
    const TraceRecord& r = d.record;
    if (r.kind != TraceKind::Milestone || r.label >= m.vocabulary->size()) continue;
    const auto at = m.vocabulary->info(r.label).fieldIndex("message");
    if (!at || *at >= r.v.size() || r.v[*at] != message) continue;
    if (++shown > 40) break;
    lines += QStringLiteral("<tr><td style='padding-right:14px'>%1 s</td><td>%2</td></tr>")
                 .arg(toSeconds(r.at), 0, 'f', 3)
                 .arg(esc(d.text));
  }
  if (lines.isEmpty()) return {};
  return QObject::tr("<h3>Message %1, its deliveries so far</h3><table>").arg(message) + lines +
         QStringLiteral("</table>");
}

QString row(const QString& k, const QString& v) {
  return QStringLiteral("<tr><td style='padding-right:14px'><b>%1</b></td><td>%2</td></tr>")
      .arg(k, v);
}

}  // namespace

InspectorDock::InspectorDock(QWidget* parent) : QDockWidget(tr("Inspector"), parent) {
  setObjectName(QStringLiteral("inspector"));
  // Hidden, it skips refreshes; shown again (after lecture mode, or from
  // behind a tab) it must catch up even while the run is paused.
  connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) refresh();
  });
  // Asked for from the View menu, it comes to the front of the tab it shares.
  connect(toggleViewAction(), &QAction::triggered, this, [this](bool on) {
    if (on) raise();
  });
  view_ = new QTextBrowser(this);
  view_->setOpenLinks(false);
  connect(view_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
    if (!session_) return;
    if (url.toString() == QLatin1String("cs:follow")) session_->followSelection();
    if (url.toString() == QLatin1String("cs:stop-following")) session_->stopFollowing();
  });
  setWidget(view_);
}

QString InspectorDock::text() const {
  return view_->toPlainText();
}

void InspectorDock::setSession(Session* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) {
    connect(session_, &Session::updated, this, &InspectorDock::refresh);
    connect(session_, &Session::selectionChanged, this, &InspectorDock::refresh);
    connect(session_, &Session::followChanged, this, &InspectorDock::refresh);
  }
  refresh();
}

void InspectorDock::refresh() {
  if (!isVisible() && !shown_.isEmpty()) return;
  QString html;
  if (!session_ || (session_->selectedNode() == kNoNode && session_->selectedMessage() == 0))
    html =
        tr("<p style='color:gray'>Click a node or a message (on the canvas or in the event "
           "log) to inspect it here. A node's power button (top right) fails or restarts "
           "it; right-click it for more faults.</p>");
  else if (session_->selectedMessage() != 0)
    html = followLink() + messageHtml();
  else
    html = nodeHtml();
  if (session_ && session_->followed().active())
    html = followedHtml(session_->mirror(), session_->followed()) + html;
  if (html == shown_) return;
  shown_ = html;
  view_->setHtml(html);
}

QString InspectorDock::nodeHtml() const {
  const Mirror& m = session_->mirror();
  const NodeSnapshot* n = m.node(session_->selectedNode());
  if (!n) return {};
  QString h = QStringLiteral("<h2>%1</h2><table>").arg(esc(n->name));
  h += row(tr("role"), esc(n->role));
  h += row(tr("status"), QString::fromLatin1(statusName(n->status)));
  if (n->slowBy.count() > 0) h += row(tr("slow"), ms(n->slowBy) + tr(" per message"));
  for (const auto& [k, v] : n->fields) h += row(esc(k), esc(v));
  h += QStringLiteral("</table>");
  // What the pattern's part draws from its typed view (Raft's log).
  const PatternUi* ui = session_->patternUi();
  if (ui && ui->inspector && m.view) h += ui->inspector(m, *m.view, n->id);
  return h;
}

// "Follow request" for a selected message that is not followed yet: by its
// request id, or by its causal chain when it has none.
QString InspectorDock::followLink() const {
  const MessageId id = session_->selectedMessage();
  if (session_->followed().contains(id)) return {};
  const auto byRequest = FollowedRequest::followable(session_->mirror(), id);
  if (!byRequest) return {};
  return QStringLiteral("<p><a href='cs:follow'><b>%1</b></a></p>")
      .arg(*byRequest ? tr("▶ Follow request (F)")
                      : tr("▶ Follow this message and its answers (F)"));
}

QString InspectorDock::messageHtml() const {
  const Mirror& m = session_->mirror();
  const MessageId id = session_->selectedMessage();
  if (const auto* f = m.message(id)) {
    const Message& msg = f->message;
    QString h = QStringLiteral("<h2>%1</h2><table>").arg(esc(m.labelName(msg.kind)));
    h += row(tr("message"), QStringLiteral("#%1").arg(msg.id));
    h += row(tr("from"), nodeName(m, msg.from));
    h += row(tr("to"), nodeName(m, msg.to));
    h += row(tr("sent"), ms(f->sentAt));
    h += row(tr("due"), ms(f->due));
    if (f->lost) h += row(tr("fate"), tr("will be lost on the link"));
    if (f->duplicate) h += row(tr("copy"), tr("a duplicate made by the network"));
    if (m.vocabulary && msg.kind < m.vocabulary->size()) {
      const auto& names = m.vocabulary->info(msg.kind).fields;
      for (std::size_t i = 0; i < names.size() && i < msg.fields.size(); ++i)
        h += row(esc(names[i]), QString::number(msg.fields[i]));
    }
    if (msg.payload) h += row(tr("payload"), esc(msg.payload->describe()));
    h += QStringLiteral("</table>");
    if (m.vocabulary && msg.kind < m.vocabulary->size())
      h += historyHtml(m, m.vocabulary->info(msg.kind),
                       [&](std::size_t i) { return i < msg.fields.size() ? msg.fields[i] : 0; });
    return h;
  }
  // Already delivered or dropped: show what the log remembers.
  for (auto it = m.records.rbegin(); it != m.records.rend(); ++it) {
    if (it->record.msg != id) continue;
    const TraceRecord& r = it->record;
    QString h = QStringLiteral("<h2>%1</h2><table>").arg(esc(m.labelName(r.label)));
    h += row(tr("message"), QStringLiteral("#%1").arg(r.msg));
    h += row(tr("from"), nodeName(m, r.node));
    h += row(tr("to"), nodeName(m, r.peer));
    if (m.vocabulary && r.label < m.vocabulary->size()) {
      const auto& names = m.vocabulary->info(r.label).fields;
      for (std::size_t i = 0; i < names.size() && i < r.v.size(); ++i)
        h += row(esc(names[i]), QString::number(r.v[i]));
    }
    h += row(tr("last seen"), esc(it->text));
    h += QStringLiteral("</table>");
    if (m.vocabulary && r.label < m.vocabulary->size())
      h += historyHtml(m, m.vocabulary->info(r.label),
                       [&](std::size_t i) { return i < r.v.size() ? r.v[i] : 0; });
    return h;
  }
  return tr("<p style='color:gray'>Message #%1 is no longer in flight.</p>").arg(id);
}

}  // namespace cs::ui
