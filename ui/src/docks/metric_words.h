// What a metric measures, in words, from its description (MetricInfo's
// subject and the words its definition gave its measure): "router-1 mean latency over 1 s",
// "browse-client failed over the last 5 s", "orders → payment short circuited"; never its name
// ("client.browse-client.failed_5s"), which is the tests' handle. Reads the typed description only.
// UI thread only.
#pragma once

#include <clusterscope/metrics.h>
#include <QString>

namespace cs::ui {

QString metricWords(const MetricInfo& info);

}  // namespace cs::ui
