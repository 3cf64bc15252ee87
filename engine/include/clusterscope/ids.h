// Identifiers shared by every part of the engine. Plain values, any thread.
#pragma once

#include <cstdint>
#include <limits>

namespace cs {

// A node's index in the cluster, 0-based and dense.
using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

// Every message sent gets a fresh id, starting at 1; 0 means "none".
using MessageId = std::uint64_t;

// The end-user request a message serves, so a request can be followed end
// to end; 0 means the message serves no particular request.
using RequestId = std::uint64_t;

// Index into the Vocabulary: a message kind, milestone kind or state field
// that a pattern registered. Ids are dense and assigned in registration order,
// which is deterministic.
using Label = std::uint16_t;
inline constexpr Label kNoLabel = 0;

}  // namespace cs
