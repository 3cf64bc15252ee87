// The canvas's panels on a laptop's 1280×720 (issue 13), in the window as
// the app opens it there: Raft's logs, the CQRS positions panel and the
// Strangler Fig's route table read at kReadablePixels or more, inside their
// bounds; the legend shows, in a corner or as a strip along the bottom,
// over none of what the scene draws; a box's name, written by the canvas
// where the box is too small for its own text, stays inside its box; a
// crashed store shows no state under its cross. Offscreen, on the screens
// readable_main.cpp sets up.
#include <gtest/gtest.h>

#include <QApplication>
#include <ostream>

#include <string>
#include <vector>

#include "canvas/shapes.h"
#include "readable_fixture.h"

namespace cs::ui {
namespace {

struct PanelCase {
  const char* scenario;
  std::int64_t ms;  // how far into the run it is measured
};

// Named in test listings by its scenario and moment, not its bytes.
void PrintTo(const PanelCase& c, std::ostream* os) {
  *os << c.scenario << " at " << c.ms << " ms";
}

class PanelsOnALaptop : public Readable, public ::testing::WithParamInterface<PanelCase> {};

TEST_P(PanelsOnALaptop, ReadAndKeepTheirLegend) {
  launchOnLaptop();
  const QString scenario = QString::fromLatin1(GetParam().scenario);
  openAndPlay(scenario, GetParam().ms);
  for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
  const double scale = w->view()->transform().m11();
  EXPECT_LT(scale, 0.5) << "the canvas is drawn at a laptop's size";

  const TextSizeEngine::Found text = measurePanelText();
  ASSERT_GT(text.count, 10) << "the panel draws its words";
  EXPECT_GE(text.smallest, kReadablePixels)
      << scenario.toStdString() << ": smallest panel text \"" << text.text.toStdString() << "\" at "
      << text.smallest << " px";

  // All the panel draws, its words included, lies inside its bounds.
  for (QGraphicsItem* item : w->scene()->items())
    if (item->type() == PanelItem::Type) {
      const QRectF ink = inkBounds(item, scale);
      const QRectF bounds = item->sceneBoundingRect();
      EXPECT_TRUE(bounds.adjusted(-2, -2, 2, 2).contains(ink))
          << scenario.toStdString() << ": the panel draws over " << ink.top() << ".."
          << ink.bottom() << " x " << ink.left() << ".." << ink.right() << ", its bounds "
          << bounds.top() << ".." << bounds.bottom() << " x " << bounds.left() << ".."
          << bounds.right();
    }

  const QRect legend = w->view()->legendRect();
  const QRect viewport = w->view()->viewport()->rect();
  EXPECT_FALSE(legend.isEmpty()) << scenario.toStdString() << ": no legend on a laptop";
  EXPECT_TRUE(viewport.contains(legend));
  for (const auto& [name, at] : drawnParts()) {
    EXPECT_FALSE(legend.intersects(at)) << "the legend hides " << name.toStdString();
  }

  if (const QString dir = qEnvironmentVariable("READABLE_SHOTS"); !dir.isEmpty()) {
    EXPECT_TRUE(w->grab().save(dir + QLatin1Char('/') + scenario + QStringLiteral("-panel.png")));
  }
  std::cout << scenario.toStdString() << " at 1280x720: scale " << scale
            << ", panel text >= " << text.smallest << " px (\"" << text.text.toStdString()
            << "\"), legend " << (w->view()->legendIsStrip() ? "strip " : "box ") << legend.width()
            << "x" << legend.height() << "\n";
}

const PanelCase kPanels[] = {{"basic-election", 3000},      {"partition-minority", 6000},
                             {"cqrs-flash-sale", 4000},     {"cqrs-read-your-writes", 6000},
                             {"cqrs-committed-late", 4000}, {"fig-one-route", 8000},
                             {"fig-shadow-finds-bug", 8000}};
INSTANTIATE_TEST_SUITE_P(Each, PanelsOnALaptop, ::testing::ValuesIn(kPanels),
                         [](const ::testing::TestParamInfo<PanelCase>& info) {
                           return testNameOf(info.param.scenario);
                         });

// Where the canvas writes a box's name over it (the box too small for the
// look's own text), the name's plate stays inside the box.
TEST_F(Readable, ANamePlateStaysInItsBoxOnALaptop) {
  launchOnLaptop();
  openAndPlay(QStringLiteral("cqrs-many-reads"), 2000);
  for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
  const double scale = w->view()->transform().m11();
  int boxes = 0;
  for (QGraphicsItem* item : w->scene()->items()) {
    auto* n = qgraphicsitem_cast<NodeItem*>(item);
    if (!n || !n->isVisible()) continue;
    const QRectF body = n->shape().boundingRect();
    const QRectF ink = inkBounds(n, scale).translated(-n->scenePos());
    EXPECT_TRUE(body.adjusted(-4, -4, 4, 4).contains(ink))
        << n->snapshot().name << ": drawn over " << ink.width() << " of a box " << body.width()
        << " wide";
    ++boxes;
  }
  EXPECT_GT(boxes, 8);
}

// A crashed event store shows its name and "crashed" over the cross, none
// of its last state under it (issue 13: es-snapshots' store).
TEST_F(Readable, ACrashedStoreShowsNoStateUnderItsCross) {
  openAndPlay(QStringLiteral("es-snapshots"), 2000);
  NodeItem* store = nullptr;
  for (QGraphicsItem* item : w->scene()->items())
    if (auto* n = qgraphicsitem_cast<NodeItem*>(item); n && n->snapshot().name == "store")
      store = n;
  ASSERT_NE(store, nullptr);
  Command crash;
  crash.kind = CommandKind::Crash;
  crash.node = store->id();
  w->session()->apply(crash);
  ASSERT_TRUE(settled());
  ASSERT_EQ(store->snapshot().status, NodeStatus::Crashed);
  std::vector<QGraphicsItem*> hidden;
  for (QGraphicsItem* item : w->scene()->items())
    if (item != store && item->isVisible()) {
      item->hide();
      hidden.push_back(item);
    }
  const TextSizeEngine::Found text = measureText();
  for (QGraphicsItem* item : hidden) item->show();
  EXPECT_EQ(text.count, 2) << "the store's name and \"crashed\" alone";
}

}  // namespace
}  // namespace cs::ui
