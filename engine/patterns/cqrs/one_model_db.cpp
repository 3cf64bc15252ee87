// The one-model twin. See one_model_db.h. Kernel thread only.
#include "patterns/cqrs/one_model_db.h"

#include "patterns/cqrs/read_replica.h"

namespace cs::cqrs {

using event_sourcing::CommandOutcome;
using event_sourcing::OrderStatus;
using event_sourcing::Refusal;

OneModelDb::OneModelDb(const Words& words, DbOptions options)
    : words_(words),
      options_(std::move(options)),
      model_(options_.streams, options_.sessions),
      pool_(options_.workers, options_.queue) {
  for (std::int64_t p = 1; p <= options_.streams.products; ++p)
    model_.set(options_.streams.product(p), {0, options_.initialStock, 0, 0});
}

void OneModelDb::onCrash() {
  pool_.clear();
}

SimDuration OneModelDb::costOf(const Message& m) const {
  return m.kind == words_.query ? options_.readCost : options_.writeCost;
}

void OneModelDb::onMessage(const Message& m) {
  if (m.kind != words_.query && m.kind != words_.es.command) return;
  std::size_t worker = 0;
  switch (pool_.admit(Job{m}, &worker)) {
    case WorkerPool<Job>::Admit::Started:
      setTimer(costOf(m), worker);
      break;
    case WorkerPool<Job>::Admit::Queued:
      break;
    case WorkerPool<Job>::Admit::Rejected:
      ++rejected_;
      if (m.kind == words_.query)
        send(m.from, words_.queryResult,
             {m.fields[4], static_cast<std::int64_t>(QueryOutcome::Rejected), 0, 0, 0, m.fields[0]},
             m.request, m.id);
      else
        send(m.from, words_.es.commandResult,
             {m.fields[5], static_cast<std::int64_t>(CommandOutcome::GaveUp), 0, 0, 0}, m.request,
             m.id);
      break;
  }
}

void OneModelDb::onTimer(TimerHandle, std::uint64_t tag) {
  if (!pool_.holds(tag)) return;
  bool next = false;
  const Job done = pool_.finish(tag, &next);
  if (next) setTimer(costOf(pool_.job(tag).request), tag);
  serve(done.request);
}

void OneModelDb::serve(const Message& m) {
  if (m.kind == words_.es.command) return placeOrder(m);
  const QueryAnswer a = answerFrom(model_, options_.streams, static_cast<QueryKind>(m.fields[0]),
                                   m.fields[1], m.fields[5]);
  send(m.from, words_.queryResult,
       {m.fields[4], static_cast<std::int64_t>(QueryOutcome::Ok),
        static_cast<std::int64_t>(writes_), a.value, a.found ? 1 : 0, m.fields[0]},
       m.request, m.id);
}

void OneModelDb::placeOrder(const Message& m) {
  const event_sourcing::ShopCommand c = event_sourcing::commandFrom(m.fields);
  Refusal refusal = Refusal::None;
  const Row* product = c.product >= 1 && c.product <= options_.streams.products
                           ? model_.row(options_.streams.product(c.product))
                           : nullptr;
  if (c.kind != event_sourcing::CommandType::PlaceOrder || !product)
    refusal = Refusal::NoSuchProduct;
  else if (product->a < c.quantity)
    refusal = Refusal::OutOfStock;
  if (refusal == Refusal::None) {
    // Current state, updated in place: the stock row and a new order row.
    model_.update(options_.streams.product(c.product), [&](Row& r) {
      r.a -= c.quantity;
      r.b += c.quantity;
      r.c += c.quantity;
      ++r.revision;
    });
    model_.set(options_.streams.order(c.order),
               {0, c.product, c.quantity, static_cast<std::int64_t>(OrderStatus::Placed)});
    writes_ += 2;
  }
  const auto outcome = refusal == Refusal::None ? CommandOutcome::Done : CommandOutcome::Refused;
  send(m.from, words_.es.commandResult,
       {m.fields[5], static_cast<std::int64_t>(outcome), static_cast<std::int64_t>(refusal), 0,
        static_cast<std::int64_t>(writes_)},
       m.request, m.id);
}

}  // namespace cs::cqrs
