// What crosses the simulated network. A Message is a small value: a kind
// (registered by its pattern in the Vocabulary), a few integer fields and an
// optional shared, immutable payload for variable-size bodies (a batch of log
// entries). Messages without a payload never allocate, which keeps the
// kernel's hot path allocation-free. Kernel thread only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "clusterscope/ids.h"

namespace cs {

inline constexpr int kMessageFields = 6;
using MessageFields = std::array<std::int64_t, kMessageFields>;

// A variable-size body shared by every copy of a message (duplicates, the
// trace). Immutable once sent.
class Payload {
 public:
  virtual ~Payload() = default;
  // One line for the inspector, e.g. "[3:x=1, 3:y=2]".
  virtual std::string describe() const = 0;
};

struct Message {
  MessageId id = 0;       // assigned by the kernel on send
  NodeId from = kNoNode;  // assigned by the kernel on send
  NodeId to = kNoNode;
  Label kind = kNoLabel;                   // a LabelKind::Message label
  RequestId request = 0;                   // the end-user request this serves; 0: none
  MessageId cause = 0;                     // the message this one answers; 0: none
  MessageFields fields{};                  // meaning given by the kind's field names
  std::shared_ptr<const Payload> payload;  // null for most messages
};

}  // namespace cs
