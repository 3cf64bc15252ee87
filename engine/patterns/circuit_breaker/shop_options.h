// The options of the Circuit Breaker pattern's shop (see shop_pattern.h),
// parsed from the JSON object a scenario or the command line gives. Every key
// is optional; an unknown key or a value out of range is an InputError naming
// the key and the accepted range. The defaults are chosen so that, without a
// breaker, a slow payment service drags the whole shop down (cascading
// failure), and with one the catalog keeps answering. Plain values; any
// thread.
#pragma once

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/time.h"
#include "patterns/circuit_breaker/config.h"

namespace cs::circuit_breaker {

struct ShopOptions {
  // Whether orders' breaker for payment starts enabled (CLOSED) or DISABLED.
  bool breaker = true;
  // The breaker's configuration: resilience4j's keys, with defaults picked so
  // the breaker reacts within a second of simulated time (see
  // teachingBreakerConfig()).
  Config breakerConfig;
  double checkoutRate = 50;  // "checkout" requests per second from checkout-client
  double browseRate = 50;    // "browse" requests per second from browse-client
  int frontendWorkers = 16, frontendQueue = 16;
  int ordersWorkers = 4, ordersQueue = 500;  // orders sits on its work too
  int catalogWorkers = 8, catalogQueue = 32;
  int paymentWorkers = 16, paymentQueue = 1000;  // a sick payment sits on its work
  SimDuration clientTimeout{2'000'000};          // clients -> frontend
  SimDuration frontendTimeout{1'000'000};        // frontend -> orders and -> catalog
  SimDuration paymentTimeout{300'000};           // orders -> payment
  SimDuration paymentTime{10'000};               // payment's healthy processing time
  SimDuration latency{1'000};
  SimDuration jitter{500};
  double loss = 0.0;
  // How many times the frontend and orders each retry a failed call at once
  // (RetryingService); 0: never. The retry storm's knob.
  int naiveRetries = 0;
  // Safety rule: an OPEN breaker fails fast and sends nothing to payment.
  // false removes it (the unsafe switch): calls the breaker refuses go
  // through anyway, and the sick service gets no rest.
  bool failFastWhenOpen = true;

  LinkConfig link() const;
};

// The breaker defaults of this pattern, before options.breakerConfig.
nlohmann::json teachingBreakerConfig();

// Throws InputError ("options.checkoutRate: expected a number of requests per
// second from 0 to 10000, got -1"). A null value means "all defaults".
ShopOptions parseShopOptions(const nlohmann::json& options);

}  // namespace cs::circuit_breaker
