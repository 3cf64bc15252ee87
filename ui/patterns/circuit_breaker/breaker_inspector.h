// The inspector's section for a circuit breaker: its state, its rates and
// the calls in its sliding window, call by call, oldest first, from the
// typed BreakerView. Shared by the shop and the ambassador's world (whose
// sidecar has a breaker per replica). UI thread only.
#pragma once

#include <clusterscope/circuit_breaker/breaker_view.h>
#include <QString>

namespace cs::ui::circuit_breaker {

// Rich text headed `title` ("breaker for payment").
QString breakerHtml(const QString& title, const cs::circuit_breaker::BreakerView& breaker);

}  // namespace cs::ui::circuit_breaker
