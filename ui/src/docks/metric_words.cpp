// Wording a metric. See metric_words.h.
#include "metric_words.h"

#include <QObject>
#include <QRegularExpression>
#include <QStringList>

namespace cs::ui {
namespace {

// A measure is a word or a key of a few ("p99_5s", "new_failed"): each part
// a word, a window ("5s") as "over the last 5 s", and a unit suffix dropped,
// since the value that follows carries its unit.
QString measureWords(const std::string& measure) {
  static const QRegularExpression window(QStringLiteral("^(\\d+)s$"));
  QStringList words;
  for (const QString& part : QString::fromStdString(measure).split(QLatin1Char('_'))) {
    if (part.isEmpty() || part == QLatin1String("us") || part == QLatin1String("ms")) continue;
    if (const auto m = window.match(part); m.hasMatch())
      words << QObject::tr("over the last %1 s").arg(m.captured(1));
    else
      words << part;
  }
  return words.join(QLatin1Char(' '));
}

}  // namespace

QString metricWords(const MetricInfo& info) {
  QString whose = QString::fromStdString(info.subject.empty() ? info.family : info.subject);
  whose.replace(QStringLiteral("->"), QStringLiteral(" → "));
  const QString what = measureWords(info.measure);
  // "crud crud drift" says its subject once.
  if (whose.isEmpty() || what.startsWith(whose + QLatin1Char(' '))) return what;
  if (what.isEmpty()) return whose;
  return whose + QLatin1Char(' ') + what;
}

}  // namespace cs::ui
