// viewOf: a look handed another pattern's view fails naming both types.
#include <clusterscope/pattern_view.h>
#include <gtest/gtest.h>

#include <string>

namespace cs {
namespace {

struct RingView : PatternView {
  int members = 3;
};
struct LedgerView : PatternView {};

TEST(ViewOf, GivesThePatternsOwnView) {
  RingView ring;
  const PatternView& any = ring;
  EXPECT_EQ(viewOf<RingView>(any).members, 3);
}

TEST(ViewOf, AnotherPatternsViewNamesTheTypeAskedForAndTheOneGiven) {
  LedgerView ledger;
  const PatternView& any = ledger;
  try {
    (void)viewOf<RingView>(any);
    FAIL() << "a LedgerView was read as a RingView";
  } catch (const std::bad_cast& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("asked for a cs::(anonymous namespace)::RingView"), std::string::npos)
        << what;
    EXPECT_NE(what.find("was given a cs::(anonymous namespace)::LedgerView"), std::string::npos)
        << what;
  }
}

}  // namespace
}  // namespace cs
