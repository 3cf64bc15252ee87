// A small, seeded, documented PRNG. The standard distributions are not used
// anywhere in the engine because their output differs between standard
// libraries; everything here is specified bit for bit, so the same seed gives
// the same run on every machine. One Rng is owned by one subsystem and used
// only from the kernel thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace cs {

// 128-bit products for unbiased bounded draws; GCC and Clang both have it.
__extension__ using Uint128 = unsigned __int128;

// SplitMix64 step: used to expand seeds and to derive sub-seeds.
inline constexpr std::uint64_t splitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a over a name, so streams can be derived from readable labels
// ("network", "node/3") without depending on std::hash.
inline constexpr std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xCBF29CE484222325ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

// The seed of a named stream derived from the run's seed. Streams are
// independent: adding draws to one never shifts another.
inline constexpr std::uint64_t deriveSeed(std::uint64_t seed, std::string_view stream,
                                          std::uint64_t index = 0) {
  std::uint64_t s = seed ^ fnv1a(stream) ^ (index * 0xD1B54A32D192ED03ULL);
  splitMix64(s);
  return splitMix64(s);
}

// xoshiro256** (Blackman & Vigna): fast, 256 bits of state, good statistics.
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed = 0) {
    std::uint64_t sm = seed;
    for (auto& w : s_) w = splitMix64(sm);
  }

  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform integer in [0, bound). REQUIRES: bound > 0. Lemire's
  // multiply-and-reject method: unbiased and specified exactly.
  constexpr std::uint64_t below(std::uint64_t bound) {
    Uint128 m = static_cast<Uint128>(next()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
      const std::uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        m = static_cast<Uint128>(next()) * bound;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // Uniform integer in [lo, hi] inclusive. REQUIRES: lo <= hi.
  constexpr std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  // Uniform double in [0, 1), from the top 53 bits.
  constexpr double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // True with probability p (p <= 0: never, p >= 1: always, no draw wasted
  // deciding either extreme so that turning loss on does not shift streams
  // that never asked).
  constexpr bool chance(double p) {
    if (p <= 0.0) return false;
    if (p >= 1.0) return true;
    return unit() < p;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

}  // namespace cs
