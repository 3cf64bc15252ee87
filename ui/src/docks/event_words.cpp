// Trace records in words. See event_words.h.
#include "event_words.h"

#include <QStringList>
#include <array>
#include <cctype>
#include <string_view>

namespace cs::ui {
namespace {

const QString kArrow = QStringLiteral(" → ");

// Fields a message carries for the program rather than the reader: the RPC
// layer's opaque arguments and results.
bool opaque(const std::string& f) {
  return f.size() > 3 && (f.rfind("arg", 0) == 0 || f.rfind("value", 0) == 0) &&
         std::isdigit(static_cast<unsigned char>(f.back()));
}

// Yes-or-no fields: said as the field's words, or as their denial.
bool yesNo(const std::string& f) {
  static constexpr std::array<std::string_view, 4> kFlags = {"voteGranted", "success", "ok",
                                                             "poison"};
  for (std::string_view k : kFlags)
    if (f == k) return true;
  return false;
}

QString seconds(std::int64_t micros) {
  return QStringLiteral("%1 s").arg(static_cast<double>(micros) / 1e6, 0, 'f', 2);
}

// "RequestVote term 3, last log index 0, last log term 0"
QString messageWords(const LabelInfo& l, const TraceRecord& r) {
  QString s = QString::fromStdString(l.name);
  QStringList parts;
  for (std::size_t i = 0; i < l.fields.size() && i < r.v.size(); ++i) {
    const std::string& f = l.fields[i];
    const std::int64_t v = r.v[i];
    if (l.correlation && *l.correlation == i) {
      s += QStringLiteral(" #%1").arg(v);
    } else if (l.outcome && *l.outcome == i) {
      const auto n = static_cast<std::size_t>(v);
      s += QStringLiteral(": ") +
           (n < l.valueNames.size() ? QString::fromStdString(l.valueNames[n]) : QString::number(v));
    } else if (opaque(f) || f == "method" || f == "flags") {
      continue;
    } else if (f == "deadline") {
      parts << QStringLiteral("deadline at ") + seconds(v);
    } else if (yesNo(f)) {
      parts << (v ? fieldWords(f) : QStringLiteral("not ") + fieldWords(f));
    } else if (f.size() > 2 && f.compare(f.size() - 2, 2, "Ms") == 0) {
      parts << QStringLiteral("%1 %2 ms").arg(fieldWords(f.substr(0, f.size() - 2))).arg(v);
    } else {
      parts << QStringLiteral("%1 %2").arg(fieldWords(f)).arg(v);
    }
  }
  if (!parts.isEmpty())
    s +=
        (l.outcome ? QStringLiteral(", ") : QStringLiteral(" ")) + parts.join(QStringLiteral(", "));
  return s;
}

// A milestone that tells of something gone wrong, by the words of its name
// ("migration-aborted", "stale-config", "publish-retried").
bool failureName(const std::string& name) {
  static constexpr std::array<std::string_view, 25> kWords = {
      "fail",     "timed-out",   "timeout",     "dead-letter", "reject",
      "expired",  "split-vote",  "exhausted",   "opened",      "growing",
      "denied",   "duplicate",   "abort",       "stale",       "gave-up",
      "mismatch", "rolled-back", "divergence",  "jumbo",       "fell-behind",
      "refused",  "retried",     "redelivered", "lost",        "twice"};
  for (std::string_view w : kWords)
    if (name.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace

QString fieldWords(const std::string& field) {
  QString out;
  for (char c : field) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += QLatin1Char(' ');
      out += QLatin1Char(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      out += QLatin1Char(c);
    }
  }
  return out;
}

QString eventWords(const Vocabulary* vocabulary, const DriverRecord& d,
                   const std::vector<MessagePhrase>& phrases) {
  const TraceRecord& r = d.record;
  QString text = QString::fromStdString(d.text);
  text.replace(QStringLiteral(" <-> "), QStringLiteral(" ↔ "));
  text.replace(QStringLiteral(" -> "), kArrow);
  if (!vocabulary || r.label == kNoLabel || r.label >= vocabulary->size()) return text;
  const LabelInfo& l = vocabulary->info(r.label);
  const MessagePhrase* phrase = findPhrase(phrases, l);
  const QString who = QString::fromStdString(vocabulary->nodeName(r.node)) + kArrow +
                      QString::fromStdString(vocabulary->nodeName(r.peer)) + QStringLiteral(": ");
  switch (r.kind) {
    case TraceKind::Sent:
      return who +
             (phrase ? QString::fromStdString(phraseText(*phrase, l, *vocabulary, r))
                     : messageWords(l, r)) +
             ((r.flags & kFlagDuplicate) ? QStringLiteral(" (a copy made by the network)")
                                         : QString());
    case TraceKind::Delivered:
      return who + QString::fromStdString(l.name) + QStringLiteral(" arrives");
    case TraceKind::Dropped:
      return who + QString::fromStdString(l.name) + QStringLiteral(" is lost: ") +
             QString::fromLatin1(dropReasonText(r.reason));
    case TraceKind::StateChanged:
      return QString::fromStdString(vocabulary->nodeName(r.node)) + QStringLiteral(": ") +
             fieldWords(l.name) + QLatin1Char(' ') +
             QString::fromStdString(vocabulary->valueName(r.label, r.v[0])) + kArrow +
             QString::fromStdString(vocabulary->valueName(r.label, r.v[1]));
    default:
      return text;
  }
}

EventTone eventTone(const Vocabulary* vocabulary, const TraceRecord& r,
                    const std::vector<MessagePhrase>& phrases) {
  switch (r.kind) {
    case TraceKind::Violation:
    case TraceKind::Dropped:
      return EventTone::Failure;
    case TraceKind::Crashed:
    case TraceKind::Restarted:
    case TraceKind::Paused:
    case TraceKind::Resumed:
    case TraceKind::Slowed:
    case TraceKind::LinkChanged:
      return EventTone::Fault;
    case TraceKind::Command:
      return EventTone::Command;
    case TraceKind::Delivered:
    case TraceKind::TimerFired:
      return EventTone::Quiet;
    default:
      break;
  }
  if (!vocabulary || r.label == kNoLabel || r.label >= vocabulary->size()) return EventTone::Plain;
  const LabelInfo& l = vocabulary->info(r.label);
  if (r.kind == TraceKind::Sent) {
    switch (messageVerdict(findPhrase(phrases, l), l, r)) {
      case Verdict::Success:
        return EventTone::Success;
      case Verdict::Failure:
        return EventTone::Failure;
      case Verdict::None:
        return EventTone::Plain;
    }
  }
  if (r.kind == TraceKind::Milestone)
    return failureName(l.name) ? EventTone::Failure : EventTone::Success;
  return EventTone::Plain;
}

}  // namespace cs::ui
