// The canvas's overlay over every bundled scenario (issue 13): as it opens
// and in its first step (and after its last, by hand), on a laptop's 1280×720 and in lecture mode
// at 1920×1080, the gestures' hint stands over nothing the scene draws (a
// node's drawing with its tags and labels, the look's panel, a link's badge),
// and the clock shows and stands over nothing either. What the scene draws
// is found from its pixels, painted without links and messages, not from
// where the overlay thinks things are.
#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QImage>
#include <QPainter>
#include <QStringList>
#include <string>
#include <vector>

#include "canvas/link_item.h"
#include "readable_fixture.h"

namespace cs::ui {
namespace {

class CanvasOverlay : public Readable {
 protected:
  // The nodes and the panel as the view shows them, alone on a transparent
  // image of the viewport's size.
  QImage drawnAlone() {
    ClusterView* v = w->view();
    std::vector<QGraphicsItem*> hidden;
    for (QGraphicsItem* item : w->scene()->items())
      if (item->type() != NodeItem::Type && item->type() != PanelItem::Type && item->isVisible()) {
        item->hide();
        hidden.push_back(item);
      }
    const QBrush background = w->scene()->backgroundBrush();
    w->scene()->setBackgroundBrush(Qt::NoBrush);
    QImage image(v->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setTransform(v->viewportTransform());
    const QRectF shown = v->mapToScene(v->viewport()->rect()).boundingRect();
    w->scene()->render(&p, shown, shown);
    p.end();
    w->scene()->setBackgroundBrush(background);
    for (QGraphicsItem* item : hidden) item->show();
    return image;
  }
  // What `box` stands over: a node's or the panel's ink, or a link's badge;
  // empty when nothing.
  std::string under(const QImage& drawn, QRect box) {
    box = box.intersected(drawn.rect());
    for (int y = box.top(); y <= box.bottom(); ++y)
      for (int x = box.left(); x <= box.right(); ++x)
        if (qAlpha(drawn.pixel(x, y)) > 40) {
          std::string what = "the panel";
          const QPointF at = w->view()->mapToScene(QPoint(x, y));
          for (QGraphicsItem* item : w->scene()->items(at))
            if (auto* n = qgraphicsitem_cast<NodeItem*>(item)) what = "node " + n->snapshot().name;
          return what + "'s drawing at (" + std::to_string(x) + ", " + std::to_string(y) + ")";
        }
    for (QGraphicsItem* item : w->scene()->items())
      if (auto* link = qgraphicsitem_cast<LinkItem*>(item); link && link->isVisible()) {
        const QRect badge =
            w->view()->mapFromScene(link->mapRectToScene(link->badgeArea())).boundingRect();
        if (!link->badgeArea().isEmpty() && badge.intersects(box))
          return "the badge \"" + link->badge().title.toStdString() + "\"";
      }
    return {};
  }
  void check(const std::string& at) {
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    const QImage drawn = drawnAlone();
    const QRect viewport = w->view()->viewport()->rect();
    const QRect hint = w->view()->hintRect();
    const QRect clock = w->view()->clockRect();
    EXPECT_FALSE(clock.isEmpty()) << at << ": the clock is left out";
    if (!clock.isEmpty()) {
      EXPECT_TRUE(viewport.contains(clock)) << at << ": the clock is cut";
    }
    const std::string underClock = under(drawn, clock);
    EXPECT_TRUE(underClock.empty()) << at << ": the clock hides " << underClock;
    if (hint.isEmpty()) return;
    EXPECT_TRUE(viewport.contains(hint)) << at << ": the hint is cut";
    const std::string underHint = under(drawn, hint);
    EXPECT_TRUE(underHint.empty()) << at << ": the hint hides " << underHint;
    EXPECT_FALSE(hint.intersects(clock)) << at << ": the hint is over the clock";
    EXPECT_FALSE(hint.intersects(w->view()->legendRect())) << at << ": the hint is over the legend";
  }
  // Each bundled scenario as it opens and after its first moments (its
  // first step's end or 1.5 s); with OVERLAY_LAST_STEPS=1 (by hand: minutes
  // in a Debug build), at the end of its last step too.
  // OVERLAY_SCENARIOS=a,b limits it to those (the sanitized tree's pick).
  void checkEveryScenario(const char* where) {
    const bool last = qEnvironmentVariableIntValue("OVERLAY_LAST_STEPS") == 1;
    const QStringList only =
        qEnvironmentVariable("OVERLAY_SCENARIOS").split(QLatin1Char(','), Qt::SkipEmptyParts);
    int checked = 0;
    for (const BundledScenario& b : bundledScenarios()) {
      const QString name = QString::fromStdString(b.name);
      if (!only.isEmpty() && !only.contains(name)) continue;
      ASSERT_TRUE(w->openScenario(name, std::nullopt, false));
      ASSERT_TRUE(settled());
      check(b.name + " as it opens " + where);
      openAndPlay(name, 1500);
      check(b.name + " in its first step " + where);
      if (last) {
        w->session()->driver()->runToEnd();
        ASSERT_TRUE(until([&] { return !mirror().status.playing && !mirror().status.busy; }))
            << b.name;
        check(b.name + " after its last step " + where);
      }
      ++checked;
    }
    if (only.isEmpty())
      EXPECT_GT(checked, 30);
    else
      EXPECT_EQ(checked, only.size()) << "a scenario named in OVERLAY_SCENARIOS is not bundled";
  }
};

TEST_F(CanvasOverlay, HidesNothingDrawnOnALaptop) {
  moveToLaptop();
  checkEveryScenario("at 1280x720");
}

TEST_F(CanvasOverlay, HidesNothingDrawnInLectureMode) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("basic-election"), std::nullopt, false));
  ASSERT_TRUE(settled());
  enterLecture();
  checkEveryScenario("in lecture mode at 1920x1080");
}

}  // namespace
}  // namespace cs::ui
