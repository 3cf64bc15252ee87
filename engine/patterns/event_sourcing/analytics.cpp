// The analytics consumer's catch-up subscription and projection. See
// analytics.h. Kernel thread only.
#include "patterns/event_sourcing/analytics.h"

namespace cs::event_sourcing {
namespace {

constexpr std::uint64_t kWake = 1;

std::int64_t valueOr0(const std::map<std::int64_t, std::int64_t>& m, std::int64_t k) {
  const auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

Analytics::Analytics(const Words& words, AnalyticsOptions options)
    : words_(words), options_(std::move(options)) {}

std::int64_t Analytics::reserved(std::int64_t product) const {
  return valueOr0(reserved_, product);
}
std::int64_t Analytics::stock(std::int64_t product) const {
  return valueOr0(stock_, product);
}

void Analytics::onStart() {
  catchUp();
}

void Analytics::onCrash() {
  live_ = false;
  probing_ = false;
  timer_ = {};
}

void Analytics::arm(SimDuration after) {
  cancelTimer(timer_);
  timer_ = setTimer(after, kWake);
}

void Analytics::catchUp() {
  live_ = false;
  ++read_;
  send(options_.store, words_.readAll,
       {static_cast<std::int64_t>(checkpoint_ + 1), static_cast<std::int64_t>(options_.batch),
        read_, 0, 0, 0});
  arm(options_.readTimeout);
}

void Analytics::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag != kWake) return;
  timer_ = {};
  // Live and silent: either nothing happened, or the store restarted and
  // forgot the subscription. A read from the checkpoint tells which.
  const bool wasLive = live_;
  catchUp();
  probing_ = wasLive;
}

void Analytics::onMessage(const Message& m) {
  const auto* read = payloadAs<EventsRead>(m);
  if (!read) return;
  if (m.kind == words_.readAllReply) {
    if (live_ || m.fields[3] != read_) return;  // an old read's answer
    const bool quiet = probing_ && read->events.empty();
    if (probing_ && !read->events.empty()) {
      ++fellBehind_;
      milestone(words_.subscriptionFellBehind,
                {static_cast<std::int64_t>(checkpoint_),
                 static_cast<std::int64_t>(read->events.front().position)});
    }
    probing_ = false;
    // History comes whole from the checkpoint on, except what a scavenge
    // reclaimed ($all skips it, and the reply says where it resumed): a
    // gap in a read is that, and the projection goes on after it.
    for (const RecordedEvent& e : read->events)
      if (e.position > checkpoint_) project(e);
    if (checkpoint_ < static_cast<Position>(m.fields[2])) return catchUp();
    // At the head: from now on the store pushes what it commits.
    live_ = true;
    if (!quiet) milestone(words_.subscriptionCaughtUp, {static_cast<std::int64_t>(checkpoint_)});
    send(options_.store, words_.subscribe, {static_cast<std::int64_t>(checkpoint_ + 1)});
    arm(options_.liveSilence);
    return;
  }
  if (m.kind == words_.eventAppeared && live_) {
    for (const RecordedEvent& e : read->events) {
      if (e.position <= checkpoint_) continue;  // a duplicate
      if (e.position != checkpoint_ + 1) {
        // A gap: an event was lost on the way. History has it.
        ++fellBehind_;
        milestone(words_.subscriptionFellBehind,
                  {static_cast<std::int64_t>(checkpoint_), static_cast<std::int64_t>(e.position)});
        return catchUp();
      }
      project(e);
    }
    arm(options_.liveSilence);
  }
}

void Analytics::project(const RecordedEvent& recorded) {
  checkpoint_ = recorded.position;
  if (!options_.streams.isProduct(recorded.stream)) return;
  const std::int64_t product = options_.streams.number(recorded.stream);
  const EventData e = upcast(recorded.data);
  std::int64_t& stock = stock_[product];
  switch (static_cast<EventType>(e.type)) {
    case EventType::StockReceived:
    case EventType::StockCorrected:
      stock += e.body[0];
      break;
    case EventType::ItemReserved:
      stock -= e.body[1];
      reserved_[product] += e.body[1];
      if (stock < 0) {
        ++oversold_;
        milestone(words_.oversold, {product, stock, static_cast<std::int64_t>(recorded.position)});
      }
      break;
    case EventType::ReservationReleased:
      stock += e.body[1];
      reserved_[product] -= e.body[1];
      break;
    default:
      break;
  }
}

}  // namespace cs::event_sourcing
