// The shard's timer tags, shared by its serving and migration halves.
// Kernel thread only.
#pragma once

#include <cstdint>

namespace cs::sharding {

inline constexpr std::uint64_t kWorkBit = std::uint64_t{1} << 60;  // | the work item
inline constexpr std::uint64_t kStatsTag = 2;
inline constexpr std::uint64_t kDonorTag = 3;
inline constexpr std::uint64_t kRecipientTag = 4;
inline constexpr std::uint64_t kRangeDeleteTag = 5;
inline constexpr std::uint64_t kRefreshTag = 6;
// Keys sent per CloneData batch.
inline constexpr std::size_t kCloneBatch = 256;

}  // namespace cs::sharding
