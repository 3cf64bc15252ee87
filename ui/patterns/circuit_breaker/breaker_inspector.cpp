// A breaker's window in the inspector. See breaker_inspector.h.
#include "breaker_inspector.h"

#include <QObject>

namespace cs::ui::circuit_breaker {
namespace {

using cs::circuit_breaker::Outcome;

QString rate(double percent) {
  return percent < 0 ? QObject::tr("— (too few calls)")
                     : QStringLiteral("%1%").arg(percent, 0, 'f', 1);
}

// One mark per call, coloured as the canvas colours replies.
QString mark(Outcome o) {
  switch (o) {
    case Outcome::SUCCESS:
      return QStringLiteral("<span style='color:#2e9e44'>✓</span>");
    case Outcome::SLOW_SUCCESS:
      return QStringLiteral("<span style='color:#f9a825'>◷</span>");
    case Outcome::ERROR:
      return QStringLiteral("<span style='color:#d32f2f'>✗</span>");
    case Outcome::SLOW_ERROR:
      return QStringLiteral("<span style='color:#d32f2f'>✗◷</span>");
  }
  return {};
}

}  // namespace

QString breakerHtml(const QString& title, const cs::circuit_breaker::BreakerView& b) {
  QString h = QStringLiteral("<h3>%1</h3>").arg(title.toHtmlEscaped());
  h += QStringLiteral("<p><b>%1</b> · %2 %3 · %4 %5</p>")
           .arg(QLatin1String(cs::circuit_breaker::stateName(b.state)), QObject::tr("failure rate"),
                rate(b.failureRate), QObject::tr("slow-call rate"), rate(b.slowCallRate));
  const auto& w = b.window;
  if (!w.timeBased) {
    h += QObject::tr("<p>window: last %1 calls, oldest first (%2 buffered)<br>")
             .arg(w.size)
             .arg(b.bufferedCalls);
    if (w.calls.empty()) return h + QObject::tr("<span style='color:gray'>empty</span></p>");
    for (Outcome o : w.calls) h += mark(o);
    return h + QStringLiteral("</p>");
  }
  h += QObject::tr("<p>window: last %1 s, oldest first (%2 buffered)</p>")
           .arg(w.size)
           .arg(b.bufferedCalls);
  if (w.seconds.empty()) return h + QObject::tr("<p style='color:gray'>empty</p>");
  h += QObject::tr(
      "<table cellspacing=0 cellpadding=2><tr><th>calls</th><th>failed</th>"
      "<th>slow</th></tr>");
  for (const auto& s : w.seconds)
    h += QStringLiteral(
             "<tr><td align=right>%1</td><td align=right>%2</td>"
             "<td align=right>%3</td></tr>")
             .arg(s.calls)
             .arg(s.failed)
             .arg(s.slow);
  return h + QStringLiteral("</table>");
}

}  // namespace cs::ui::circuit_breaker
