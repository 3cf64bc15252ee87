// The shard's timer tags, shared by its serving and migration halves.
// Kernel thread only.
#pragma once

#include <cstddef>
#include <cstdint>

#include "clusterscope/time.h"

namespace cs::sharding {

inline constexpr std::uint64_t kWorkBit = std::uint64_t{1} << 60;  // | the work item
inline constexpr std::uint64_t kStatsTag = 2;
inline constexpr std::uint64_t kDonorTag = 3;
inline constexpr std::uint64_t kRecipientTag = 4;
inline constexpr std::uint64_t kRangeDeleteTag = 5;
inline constexpr std::uint64_t kRefreshTag = 6;
inline constexpr std::uint64_t kShipTag = 7;
// Keys sent per CloneData batch.
inline constexpr std::size_t kCloneBatch = 256;
// With a cost per key (cloneKeyTime), a batch holds what the donor ships in
// about this long, so the recipient hears from it well within the
// migration's timeout and the progress bar moves in small steps.
inline constexpr SimDuration kShipSlice{100'000};

}  // namespace cs::sharding
