// The toolbars on a laptop's 1280×720 (issue 13): every bundled scenario's
// buttons stand on a row, none behind a toolbar's », both while paused and
// while playing (the play button then reads "❚❚ Pause").
#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QMenu>
#include <QToolBar>
#include <QToolButton>
#include <algorithm>
#include <iterator>
#include <string>

#include "readable_fixture.h"

namespace cs::ui {
namespace {

class ToolbarFit : public Readable {
 protected:
  // Each toolbar shown whole: no » (Qt names that button
  // "qt_toolbar_ext_button"), every action's button inside its bar and the
  // window; every pattern button on one of them. Returns what was wrong.
  std::string misfits() {
    std::string wrong;
    int knobs = 0;
    for (const char* name : {"timeBar", "faultBar", "faultBar2"}) {
      auto* bar = w->findChild<QToolBar*>(QString::fromLatin1(name));
      if (!bar) return std::string("no toolbar ") + name;
      if (!bar->isVisible()) continue;
      for (auto* ext : bar->findChildren<QToolButton*>(QStringLiteral("qt_toolbar_ext_button")))
        if (ext->isVisible()) wrong += std::string(name) + " shows its »; ";
      for (QAction* a : bar->actions()) {
        if (a->isSeparator() || !a->isVisible()) continue;
        QWidget* button = bar->widgetForAction(a);
        const bool shown =
            button && button->isVisible() && bar->rect().contains(button->geometry()) &&
            button->width() >= button->sizeHint().width() &&
            w->rect().contains(QRect(button->mapTo(w.get(), QPoint()), button->size()));
        if (!shown)
          wrong += QStringLiteral("\"%1\" is not whole on screen; ").arg(a->text()).toStdString();
        knobs += shown && a->objectName().startsWith(QStringLiteral("knob."));
      }
    }
    auto* faults = w->findChild<QMenu*>(QStringLiteral("faultsMenu"));
    int inMenu = 0;
    for (QAction* a : faults->actions())
      inMenu += a->objectName().startsWith(QStringLiteral("knob."));
    if (knobs != inMenu)
      wrong += std::to_string(knobs) + " of the pattern's " + std::to_string(inMenu) +
               " buttons on a toolbar; ";
    return wrong;
  }
  void settleLayout() {
    // The toolbars' fit lands a turn of the event loop after their resize.
    for (int k = 0; k < 4; ++k) {
      QTest::qWait(0);
      QCoreApplication::processEvents();
    }
  }
};

TEST_F(ToolbarFit, EveryScenariosButtonsFitALaptopPausedAndPlaying) {
  launchOnLaptop();
  int checked = 0;
  for (const BundledScenario& b : bundledScenarios()) {
    ASSERT_TRUE(w->openScenario(QString::fromStdString(b.name), std::nullopt, false));
    ASSERT_TRUE(settled());
    settleLayout();
    EXPECT_EQ(misfits(), "") << b.name << ", paused, at 1280x720";
    ++checked;
    // Playing, slowly, so that the row is seen as it is while it plays:
    // one scenario of each pattern (the play button's width is the same).
    const bool onePerPattern = std::any_of(std::begin(kOnePerPattern), std::end(kOnePerPattern),
                                           [&](const Hall& h) { return b.name == h.scenario; });
    if (!onePerPattern) continue;
    w->session()->setSpeed(0.01);
    w->session()->togglePlay();
    ASSERT_TRUE(until([&] { return mirror().status.playing; }));
    settleLayout();
    EXPECT_EQ(misfits(), "") << b.name << ", playing, at 1280x720";
    w->session()->togglePlay();
    ASSERT_TRUE(settled());
  }
  EXPECT_GT(checked, 40);
}

}  // namespace
}  // namespace cs::ui
