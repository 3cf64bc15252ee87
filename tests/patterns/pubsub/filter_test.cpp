// Subscription filters: the subset of Google Pub/Sub's syntax, what each
// form matches, and errors that name the filter's option and the word that
// is wrong. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "patterns/pubsub/filter.h"

namespace cs::pubsub {
namespace {

Attributes attrs(const char* change, const char* region) {
  Attributes a;
  for (std::size_t i = 0; i < kChanges.size(); ++i)
    if (kChanges[i] == change) a.change = static_cast<std::uint8_t>(i);
  for (std::size_t i = 0; i < kRegions.size(); ++i)
    if (kRegions[i] == region) a.region = static_cast<std::uint8_t>(i);
  return a;
}

bool matches(const char* filter, const char* change, const char* region) {
  return Filter::parse(filter, "options.filter").matches(attrs(change, region));
}

std::string errorOf(const char* filter) {
  try {
    Filter::parse(filter, "options.filter");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(Filter, EmptyMatchesEverything) {
  EXPECT_TRUE(Filter::parse("", "f").empty());
  EXPECT_TRUE(matches("", "avatar", "apac"));
  EXPECT_TRUE(matches("   ", "name", "eu"));
}

TEST(Filter, EqualityAndInequality) {
  EXPECT_TRUE(matches("attributes.change = \"interests\"", "interests", "us"));
  EXPECT_FALSE(matches("attributes.change = \"interests\"", "name", "us"));
  EXPECT_TRUE(matches("attributes.region != \"us\"", "name", "eu"));
  EXPECT_FALSE(matches("attributes.region!=\"us\"", "name", "us"));
  EXPECT_TRUE(matches("NOT attributes.change = \"avatar\"", "email", "eu"));
  EXPECT_FALSE(matches("NOT attributes.change = \"avatar\"", "avatar", "eu"));
}

TEST(Filter, AndOrJoinTerms) {
  const char* either = "attributes.change = \"interests\" OR attributes.change = \"name\"";
  EXPECT_TRUE(matches(either, "name", "apac"));
  EXPECT_TRUE(matches(either, "interests", "apac"));
  EXPECT_FALSE(matches(either, "email", "apac"));
  const char* both = "attributes.region = \"eu\" AND NOT attributes.change = \"avatar\"";
  EXPECT_TRUE(matches(both, "name", "eu"));
  EXPECT_FALSE(matches(both, "avatar", "eu"));
  EXPECT_FALSE(matches(both, "name", "us"));
}

TEST(Filter, ErrorsNameTheOptionAndTheWrongWord) {
  EXPECT_EQ(errorOf("attributes.colour = \"red\""),
            "options.filter: expected one of change, region after \"attributes.\", got \"colour\"");
  EXPECT_EQ(errorOf("attributes.change = \"hair\""),
            "options.filter: expected one of name, email, interests, avatar for "
            "attributes.change, got \"hair\"");
  EXPECT_NE(errorOf("attributes.change ~ \"name\"").find("= or !="), std::string::npos);
  EXPECT_NE(errorOf("attributes.change = name").find("a quoted value"), std::string::npos);
  EXPECT_NE(errorOf("attributes.change = \"name").find("a closing \""), std::string::npos);
  EXPECT_NE(errorOf("attributes.change = \"name\" OR").find("a term after OR"), std::string::npos);
  EXPECT_NE(errorOf("attributes.change = \"name\" AND attributes.region = \"eu\" OR "
                    "attributes.region = \"us\"")
                .find("only AND between terms"),
            std::string::npos);
  EXPECT_NE(errorOf("hasPrefix(attributes.change, \"n\")").find("attributes.NAME"),
            std::string::npos);
}

}  // namespace
}  // namespace cs::pubsub
