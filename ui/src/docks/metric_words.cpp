// Wording a metric. See metric_words.h.
#include "metric_words.h"

namespace cs::ui {

QString metricWords(const MetricInfo& info) {
  QString whose = QString::fromStdString(info.subject.empty() ? info.family : info.subject);
  whose.replace(QStringLiteral("->"), QStringLiteral(" → "));
  const QString what = QString::fromStdString(info.words);
  // "crud crud drift" says its subject once.
  if (whose.isEmpty() || what.startsWith(whose + QLatin1Char(' '))) return what;
  if (what.isEmpty()) return whose;
  return whose + QLatin1Char(' ') + what;
}

}  // namespace cs::ui
