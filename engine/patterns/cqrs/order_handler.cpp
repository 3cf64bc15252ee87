// The CQRS shop's command handler and its unsafe switch. See
// order_handler.h. Kernel thread only.
#include "patterns/cqrs/order_handler.h"

namespace cs::cqrs {
namespace {

using event_sourcing::AppendBatch;
using event_sourcing::AppendResult;
using event_sourcing::CommandOutcome;
using event_sourcing::CommandType;
using event_sourcing::Decision;
using event_sourcing::ExpectedRevision;
using event_sourcing::Refusal;

// Its own query and append ids, and the tags of their timers, start far above
// the ones the write-model path uses (small numbers; its timer's tag is 1).
constexpr std::int64_t kFirstOp = std::int64_t{1} << 40;

}  // namespace

OrderHandler::OrderHandler(const Words& words, event_sourcing::HandlerOptions options,
                           Metrics& metrics, int index)
    : CommandHandler(words.es, options, metrics, index),
      words_(words),
      streams_(options.streams),
      nextOp_(kFirstOp) {}

void OrderHandler::onCrash() {
  CommandHandler::onCrash();
  deciding_.clear();
}

void OrderHandler::onMessage(const Message& m) {
  if (m.kind == words_.es.command && readModel_ && !replicas_.empty()) {
    const event_sourcing::ShopCommand c = event_sourcing::commandFrom(m.fields);
    if (c.kind == CommandType::PlaceOrder)
      return ask({c, m.from, m.fields[5], m.request, m.id, Stage::AskingListing, {}, 0});
  }
  if (m.fields[0] >= kFirstOp) {
    if (m.kind == words_.queryResult) return onListing(m);
    if (m.kind == words_.es.appendAck) return onAppended(m);
  }
  CommandHandler::onMessage(m);
}

void OrderHandler::onTimer(TimerHandle timer, std::uint64_t tag) {
  const auto op = static_cast<std::int64_t>(tag);
  if (op < kFirstOp) return CommandHandler::onTimer(timer, tag);
  const auto it = deciding_.find(op);
  if (it == deciding_.end()) return;
  it->second.timeout = {};
  finish(op, CommandOutcome::GaveUp);
}

void OrderHandler::ask(Deciding d) {
  const std::int64_t op = nextOp_++;
  const NodeId replica = replicas_[rng().below(replicas_.size())];
  send(replica, words_.query,
       {static_cast<std::int64_t>(QueryKind::Listing), d.command.product, 0, 0, op, 0}, d.request,
       d.cause);
  d.timeout = setTimer(options().timeout, static_cast<std::uint64_t>(op));
  deciding_.emplace(op, std::move(d));
}

void OrderHandler::onListing(const Message& m) {
  const std::int64_t op = m.fields[0];
  const auto it = deciding_.find(op);
  if (it == deciding_.end() || it->second.stage != Stage::AskingListing) return;
  Deciding& d = it->second;
  if (static_cast<QueryOutcome>(m.fields[1]) != QueryOutcome::Ok)
    return finish(op, CommandOutcome::GaveUp);
  // Teaching note: the unsafe shortcut — the rule "never sell more than is
  // in stock" checked against the listing, which lags behind the store.
  event_sourcing::Aggregate shown;
  shown.exists = m.fields[4] != 0;
  shown.stock = m.fields[3];
  const Decision decision = event_sourcing::decide(d.command, 0, shown, options().schema);
  ++decidedOnReadModel_;
  milestone(words_.decidedOnReadModel,
            {d.command.product, shown.stock, d.command.quantity, d.command.order, m.fields[2],
             decision.refusal == Refusal::None ? 1 : 0});
  if (decision.refusal != Refusal::None)
    return finish(op, CommandOutcome::Refused, decision.refusal);
  d.stage = Stage::Reserving;
  append(rekey(op), streams_.product(d.command.product), decision, true);
}

void OrderHandler::onAppended(const Message& m) {
  const std::int64_t op = m.fields[0];
  const auto it = deciding_.find(op);
  if (it == deciding_.end() || it->second.stage == Stage::AskingListing) return;
  Deciding& d = it->second;
  const auto outcome = static_cast<AppendResult::Outcome>(m.fields[1]);
  if (outcome != AppendResult::Outcome::Appended &&
      outcome != AppendResult::Outcome::AlreadyAppended)
    return finish(op, CommandOutcome::GaveUp);
  d.position = static_cast<Position>(m.fields[4]);
  if (d.stage == Stage::Placing) return finish(op, CommandOutcome::Done);
  // The order's own stream is new: its OrderPlaced expects no stream.
  d.stage = Stage::Placing;
  const StreamId stream = streams_.order(d.command.order);
  append(rekey(op), stream,
         event_sourcing::decide(d.command, 1, event_sourcing::Aggregate{}, options().schema),
         false);
}

std::int64_t OrderHandler::rekey(std::int64_t op) {
  auto node = deciding_.extract(op);
  cancelTimer(node.mapped().timeout);
  const std::int64_t next = nextOp_++;
  node.key() = next;
  node.mapped().timeout = setTimer(options().timeout, static_cast<std::uint64_t>(next));
  deciding_.insert(std::move(node));
  return next;
}

void OrderHandler::append(std::int64_t op, StreamId stream, const Decision& decision, bool any) {
  const Deciding& d = deciding_.at(op);
  std::vector<event_sourcing::EventData> events = decision.events;
  for (auto& e : events) {
    do e.id = rng().next();
    while (e.id == 0);
  }
  Message m;
  m.to = options().store;
  m.kind = words_.es.append;
  m.request = d.request;
  m.cause = d.cause;
  const ExpectedRevision expected = any ? ExpectedRevision::any() : decision.expected;
  m.fields = {static_cast<std::int64_t>(stream),
              op,
              expected.code(),
              static_cast<std::int64_t>(events.size()),
              static_cast<std::int64_t>(events.front().id),
              0};
  m.payload = std::make_shared<AppendBatch>(std::move(events));
  send(std::move(m));
}

void OrderHandler::finish(std::int64_t op, CommandOutcome outcome, Refusal refusal) {
  auto node = deciding_.extract(op);
  Deciding& d = node.mapped();
  cancelTimer(d.timeout);
  if (outcome == CommandOutcome::Done) ++doneOnReadModel_;
  send(d.client, words_.es.commandResult,
       {d.id, static_cast<std::int64_t>(outcome), static_cast<std::int64_t>(refusal), 0,
        static_cast<std::int64_t>(d.position)},
       d.request, d.cause);
}

}  // namespace cs::cqrs
