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

// A field given words reads as they say, looking at the record's other
// fields and the nodes' names; a kind with no outcome field tells of a
// success or failure as its phrase judges.
TEST(MessagePhrase, FieldWordsAndVerdicts) {
  Vocabulary words;
  words.nameNode(0, "router");
  words.nameNode(1, "shard 1");
  words.nameNode(2, "shard 2");
  LabelInfo move;
  move.name = "MoveChunks";
  move.fields = {"migration", "recipient", "value", "status"};
  const Label label = words.define(move);
  const MessagePhrase phrase =
      MessagePhrase("MoveChunks", "{migration}: to {recipient}{value}, deadline {status}")
          .with("recipient", [](std::int64_t id, const PhraseFields& f) { return f.nodeName(id); })
          .with("value",
                [](std::int64_t v, const PhraseFields& f) {
                  return f["status"] != 0 ? std::string() : v < 0 ? ", not found" : ", found";
                })
          .with("status",
                [](std::int64_t at, const PhraseFields&) { return secondsText(SimTime{at}); })
          .judged([](const PhraseFields& f) {
            return f["value"] < 0 ? Verdict::Failure : Verdict::Success;
          });
  TraceRecord r;
  r.label = label;
  r.node = 1;
  r.peer = 0;
  r.v = {7, 2, -1, 0};
  EXPECT_EQ(phraseText(phrase, words.info(label), words, r),
            "7: to shard 2, not found, deadline 0.00 s");
  EXPECT_EQ(messageVerdict(&phrase, words.info(label), r), Verdict::Failure);
  r.v = {7, 2, 5, 6'990'000};
  EXPECT_EQ(phraseText(phrase, words.info(label), words, r), "7: to shard 2, deadline 6.99 s");
  EXPECT_EQ(messageVerdict(&phrase, words.info(label), r), Verdict::Success);
  // No phrase, no outcome: no verdict.
  EXPECT_EQ(messageVerdict(nullptr, words.info(label), r), Verdict::None);
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
