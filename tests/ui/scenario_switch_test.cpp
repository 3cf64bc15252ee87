// Opening a scenario (or a replay) while a run plays. Until the new run's
// first batch arrives the mirror has no view, while the canvas still holds
// the old run's messages; the animation clock must not ask the look to
// measure their ends on the missing view (a look's viewOf threw
// std::bad_cast from the clock, now and then, depending on whether a tick
// came before that batch). UI thread only.
#include <QString>

#include <optional>

#include "window_fixture.h"

namespace cs::ui {
namespace {

using SwitchWhilePlaying = Window;

TEST_F(SwitchWhilePlaying, TheCanvasClockStopsUntilTheNewRunsFirstBatch) {
  // Another pattern, then the same one again (as opening the run's replay does).
  for (const char* next : {"leader-fails", "pubsub-broker-restart"}) {
    ASSERT_TRUE(w->openScenario(QStringLiteral("pubsub-broker-restart"), std::nullopt, true));
    ASSERT_TRUE(until([&] {
      return w->scene()->animating() && w->scene()->messageItemCount() > 0 &&
             mirror().view != nullptr;
    }));
    ASSERT_TRUE(w->openScenario(QString::fromLatin1(next), std::nullopt, false));
    // No event has run yet: the new run has no view.
    ASSERT_EQ(mirror().view, nullptr);
    EXPECT_FALSE(w->scene()->animating()) << next;
    // What the clock's tick does, had one come now.
    EXPECT_NO_THROW(w->scene()->advanceTo(w->session()->displayTime())) << next;
    ASSERT_TRUE(settled());
    EXPECT_NE(mirror().view, nullptr);
  }
}

}  // namespace
}  // namespace cs::ui
