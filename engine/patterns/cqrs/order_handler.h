// The CQRS shop's command handler: the Event Sourcing pattern's (load the
// aggregate from the store, decide, append with the expected revision it
// loaded), plus the unsafe switch "validate against the read model".
//
// With the switch on, an order is decided the way a tempting shortcut does
// it: the handler asks a read replica for the product's stock as the
// listing shows it, decides on that, and appends its reservation with
// expected revision "any" (a read model knows no stream revision to expect).
// The listing lags behind the store, so while its stock still shows items
// that other orders have already taken, orders keep being accepted: the
// product is oversold. Every other command (the clerk's restocks) and every
// order with the switch off goes through the write model as before.
//
// A read-model decision is not retried: if the replica does not answer, is
// stale, or the store does not acknowledge within the timeout, the order
// gives up. Durable: the switch and the counter. Volatile: the decisions in
// flight. Kernel thread only.
#pragma once

#include <map>
#include <vector>

#include "patterns/cqrs/cqrs_words.h"
#include "patterns/event_sourcing/command_handler.h"

namespace cs::cqrs {

class OrderHandler : public event_sourcing::CommandHandler {
 public:
  OrderHandler(const Words& words, event_sourcing::HandlerOptions options, Metrics& metrics,
               int index);

  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // The replicas it may ask for the listing (the active ones), set by the pattern.
  void setReplicas(std::vector<NodeId> replicas) { replicas_ = std::move(replicas); }
  // The unsafe switch: orders decided on the read model (true) or the write model.
  void setValidateOnReadModel(bool on) { readModel_ = on; }
  bool validatesOnReadModel() const { return readModel_; }
  // Orders it decided on the read model's stock.
  std::uint64_t decidedOnReadModel() const { return decidedOnReadModel_; }
  // Of those, the ones stored (done): the write model's done() does not count them.
  std::uint64_t doneOnReadModel() const { return doneOnReadModel_; }
  std::size_t inFlight() const { return deciding_.size(); }

 private:
  enum class Stage { AskingListing, Reserving, Placing };
  struct Deciding {
    event_sourcing::ShopCommand command;
    NodeId client = kNoNode;
    std::int64_t id = 0;  // the client's command id
    RequestId request = 0;
    MessageId cause = 0;
    Stage stage = Stage::AskingListing;
    TimerHandle timeout;
    Position position = 0;  // of its last event stored
  };

  void ask(Deciding d);
  void onListing(const Message& m);
  void onAppended(const Message& m);
  // Sends the events of `decision` with the expected revision it gives, or "any".
  void append(std::int64_t op, StreamId stream, const event_sourcing::Decision& decision, bool any);
  // Moves the decision waiting on `op` to a new op (each step gets its own).
  std::int64_t rekey(std::int64_t op);
  void finish(std::int64_t op, event_sourcing::CommandOutcome outcome,
              event_sourcing::Refusal refusal = event_sourcing::Refusal::None);

  const Words words_;
  ShopStreams streams_;
  std::vector<NodeId> replicas_;

  // ---- Durable ----
  bool readModel_ = false;
  std::uint64_t decidedOnReadModel_ = 0, doneOnReadModel_ = 0;
  std::int64_t nextOp_;

  // ---- Volatile ----
  std::map<std::int64_t, Deciding> deciding_;  // by the query or append id awaited
};

}  // namespace cs::cqrs
