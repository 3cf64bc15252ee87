// The rule switches in the window, offscreen: each pattern's knob that
// removes a safety rule is off in its bundled "-unsafe" scenario and, pressed,
// turns the rule back on in the engine. (The dock's verdicts and "Go to the
// violation" have no window test yet: see the invariants report.)
#include <gtest/gtest.h>
#include <QAction>

#include <utility>

#include "window_fixture.h"

namespace cs::ui {
namespace {

class Invariants : public Window {};

TEST_F(Invariants, EachRuleSwitchIsOffInItsUnsafeScenarioAndTurnsTheRuleBackOn) {
  const std::pair<const char*, const char*> rules[] = {
      {"leader-election-unsafe", "election-restriction"},
      {"breaker-unsafe", "fail-fast"},
      {"pubsub-unsafe", "ack-after-processing"},
      {"ambassador-unsafe", "retry-budget"}};
  for (const auto& [scenario, id] : rules) {
    SCOPED_TRACE(scenario);
    ASSERT_TRUE(w->openScenario(QString::fromLatin1(scenario), std::nullopt, false));
    ASSERT_TRUE(settled());
    QAction* knob = nullptr;
    ASSERT_TRUE(until([&] {
      knob = w->findChild<QAction*>(QStringLiteral("knob.") + QString::fromLatin1(id));
      return knob != nullptr;
    }));
    ASSERT_TRUE(knob->isCheckable());
    EXPECT_FALSE(knob->isChecked()) << "the scenario removes the rule";
    knob->trigger();
    EXPECT_TRUE(until([&] {
      QAction* k = w->findChild<QAction*>(QStringLiteral("knob.") + QString::fromLatin1(id));
      return k && k->isChecked();
    })) << "the engine took the rule back";
  }
}

}  // namespace
}  // namespace cs::ui
