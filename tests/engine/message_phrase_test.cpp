// A message kind's sentence filled from a record (message_phrase.h): the
// sender's and receiver's names, each field's number, a Reply's outcome and
// the named field by their names, and a value with no name as its number.
#include "clusterscope/message_phrase.h"

#include <gtest/gtest.h>

namespace cs {
namespace {

TEST(MessagePhrase, FillsNamesFieldsOutcomeAndNamedValues) {
  Vocabulary words;
  words.nameNode(0, "handler");
  words.nameNode(1, "store");
  LabelInfo ack;
  ack.name = "CommandResult";
  ack.fields = {"command", "outcome", "refusal", "conflicts"};
  ack.exchange = Exchange::Reply;
  ack.outcome = 1;
  ack.valueNames = {"done", "refused"};
  const Label label = words.define(ack);
  const std::vector<MessagePhrase> phrases = {
      {"Command", "Command #{command}"},
      {"CommandResult",
       "{node} tells {peer}: #{command} {outcome}{refusal}, {conflicts} "
       "{conflicts:conflict|conflicts}",
       "refusal",
       {"", " (out of stock)"}}};
  const MessagePhrase* phrase = findPhrase(phrases, words.info(label));
  ASSERT_NE(phrase, nullptr);
  EXPECT_EQ(phrase->message, "CommandResult");

  TraceRecord r;
  r.label = label;
  r.node = 0;
  r.peer = 1;
  r.v = {7, 1, 1, 2};
  EXPECT_EQ(phraseText(*phrase, words.info(label), words, r),
            "handler tells store: #7 refused (out of stock), 2 conflicts");
  r.v = {8, 0, 0, 0};
  EXPECT_EQ(phraseText(*phrase, words.info(label), words, r),
            "handler tells store: #8 done, 0 conflicts");
  // A value beyond the names reads as its number.
  r.v = {9, 5, 4, 1};
  EXPECT_EQ(phraseText(*phrase, words.info(label), words, r),
            "handler tells store: #9 54, 1 conflict");
}

// {field:one|many} agrees with the value wherever it stands, as often as it
// stands; a choice with no bar is left as written.
TEST(MessagePhrase, AWordAgreesWithItsNumber) {
  Vocabulary words;
  LabelInfo append;
  append.name = "Append";
  append.fields = {"count", "streams"};
  const Label label = words.define(append);
  const MessagePhrase phrase{"Append",
                             "{count} {count:event|events} to {streams} {streams:stream|streams}, "
                             "{count:it|they} {count:is|are} {odd:x|y} {count:nobar}"};
  TraceRecord r;
  r.label = label;
  r.v = {1, 3};
  EXPECT_EQ(phraseText(phrase, words.info(label), words, r),
            "1 event to 3 streams, it is {odd:x|y} {count:nobar}");
  r.v = {0, 1};
  EXPECT_EQ(phraseText(phrase, words.info(label), words, r),
            "0 events to 1 stream, they are {odd:x|y} {count:nobar}");
}

TEST(MessagePhrase, NoPhraseForAnotherKindOrAMilestone) {
  const std::vector<MessagePhrase> phrases = {{"Append", "Append #{append}"}};
  LabelInfo other;
  other.name = "AppendAck";
  EXPECT_EQ(findPhrase(phrases, other), nullptr);
  LabelInfo milestone;
  milestone.kind = LabelKind::Milestone;
  milestone.name = "Append";
  EXPECT_EQ(findPhrase(phrases, milestone), nullptr);
}

}  // namespace
}  // namespace cs
