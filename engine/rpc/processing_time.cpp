// Processing-time draws. See processing_time.h.
#include "rpc/processing_time.h"

#include <algorithm>
#include <cassert>

namespace cs::rpc {
namespace {

SimDuration uniformIn(Rng& rng, SimDuration lo, SimDuration hi) {
  if (lo >= hi) return lo;
  return SimDuration{rng.between(lo.count(), hi.count())};
}

std::string ms(SimDuration d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "ms";
  return std::to_string(d.count()) + "us";
}

}  // namespace

ProcessingTime ProcessingTime::constant(SimDuration d) {
  ProcessingTime t;
  t.kind_ = Kind::Constant;
  t.fastMin_ = t.fastMax_ = d;
  return t;
}

ProcessingTime ProcessingTime::uniform(SimDuration min, SimDuration max) {
  assert(min <= max);
  ProcessingTime t;
  t.kind_ = Kind::Uniform;
  t.fastMin_ = min;
  t.fastMax_ = max;
  return t;
}

ProcessingTime ProcessingTime::mixture(double pSlow, SimDuration fastMin, SimDuration fastMax,
                                       SimDuration slowMin, SimDuration slowMax) {
  assert(fastMin <= fastMax && slowMin <= slowMax && pSlow >= 0 && pSlow <= 1);
  ProcessingTime t;
  t.kind_ = Kind::Mixture;
  t.pSlow_ = pSlow;
  t.fastMin_ = fastMin;
  t.fastMax_ = fastMax;
  t.slowMin_ = slowMin;
  t.slowMax_ = slowMax;
  return t;
}

ProcessingTime ProcessingTime::table(std::vector<Entry> entries) {
  ProcessingTime t;
  t.kind_ = Kind::Table;
  for (const Entry& e : entries) t.totalWeight_ += e.weight;
  assert(t.totalWeight_ > 0);
  t.table_ = std::move(entries);
  return t;
}

SimDuration ProcessingTime::draw(Rng& rng) const {
  switch (kind_) {
    case Kind::Constant:
      return fastMin_;
    case Kind::Uniform:
      return uniformIn(rng, fastMin_, fastMax_);
    case Kind::Mixture:
      return rng.chance(pSlow_) ? uniformIn(rng, slowMin_, slowMax_)
                                : uniformIn(rng, fastMin_, fastMax_);
    case Kind::Table: {
      std::uint64_t pick = rng.below(totalWeight_);
      for (const Entry& e : table_) {
        if (pick < e.weight) return e.duration;
        pick -= e.weight;
      }
      return table_.back().duration;
    }
  }
  return fastMin_;
}

SimDuration ProcessingTime::mean() const {
  const auto mid = [](SimDuration a, SimDuration b) { return (a + b) / 2; };
  switch (kind_) {
    case Kind::Constant:
      return fastMin_;
    case Kind::Uniform:
      return mid(fastMin_, fastMax_);
    case Kind::Mixture: {
      const auto fast = static_cast<double>(mid(fastMin_, fastMax_).count());
      const auto slow = static_cast<double>(mid(slowMin_, slowMax_).count());
      return SimDuration{static_cast<std::int64_t>(fast + pSlow_ * (slow - fast))};
    }
    case Kind::Table: {
      Uint128 sum = 0;
      for (const Entry& e : table_)
        sum += static_cast<Uint128>(e.weight) * static_cast<std::uint64_t>(e.duration.count());
      return SimDuration{static_cast<std::int64_t>(sum / totalWeight_)};
    }
  }
  return fastMin_;
}

std::string ProcessingTime::describe() const {
  switch (kind_) {
    case Kind::Constant:
      return "constant " + ms(fastMin_);
    case Kind::Uniform:
      return "uniform " + ms(fastMin_) + ".." + ms(fastMax_);
    case Kind::Mixture:
      return "mixture " + std::to_string(static_cast<int>(pSlow_ * 100 + 0.5)) + "% slow " +
             ms(fastMin_) + ".." + ms(fastMax_) + " / " + ms(slowMin_) + ".." + ms(slowMax_);
    case Kind::Table:
      return "table of " + std::to_string(table_.size());
  }
  return {};
}

ProcessingView ProcessingTime::view() const {
  ProcessingView v;
  v.mean = mean();
  v.usualMax = fastMax_;
  if (kind_ == Kind::Mixture) {
    v.slowShare = pSlow_;
    v.slowMax = slowMax_;
  }
  if (kind_ == Kind::Table) {
    v.usualMax = SimDuration{0};
    for (const Entry& e : table_) v.usualMax = std::max(v.usualMax, e.duration);
  }
  return v;
}

}  // namespace cs::rpc
