// Pub/Sub in the window, offscreen: the broker is drawn with its inside, and
// failing a subscriber by clicking it makes its subscription's backlog bar
// grow while the others stay empty; its deliveries resume after it restarts.
#include <gtest/gtest.h>
#include <QDockWidget>
#include <QImage>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTextBrowser>
#include <algorithm>

#include "../../ui/patterns/pubsub/pubsub_look.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

constexpr const char* kPubSubWorld = R"({
  "title": "Pub/Sub world",
  "description": "Profile updates fan out to four services.",
  "pattern": "pubsub",
  "seed": 5,
  "steps": [{"title": "Run", "narration": "Updates flow.", "until": {"after": 3}}]
})";

constexpr NodeId kBroker = 1, kSearchIndex = 3;

class PubSubView : public Window {
 protected:
  std::string field(NodeId node, const std::string& name) {
    for (const auto& [k, v] : mirror().nodes.at(node).fields)
      if (k == name) return v;
    return {};
  }
  // How many pixels of the backlog bar's amber the broker shows.
  int amberPixels() {
    NodeItem* broker = w->scene()->nodeItem(kBroker);
    const QRectF r = broker->boundingRect();
    QImage img(r.size().toSize(), QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    p.translate(-r.topLeft());
    QStyleOptionGraphicsItem option;
    broker->paint(&p, &option, nullptr);
    p.end();
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x)
        if (img.pixel(x, y) == qRgb(0xff, 0xb3, 0x00)) ++n;
    return n;
  }
  void runFirstStep() {
    w->session()->setSpeed(Driver::kFlatOut);
    w->session()->togglePlay();
    ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  }
};

TEST_F(PubSubView, ClickingASubscriberFailsItAndItsBacklogGrows) {
  openFilePaused(QStringLiteral("pubsub.json"), kPubSubWorld);
  ASSERT_EQ(mirror().nodes.size(), 6u);
  EXPECT_EQ(mirror().nodes[kSearchIndex].name, "search-index");
  // Everyone is linked to the broker, and no one to anyone else.
  EXPECT_NE(link(0, kBroker), nullptr);
  EXPECT_NE(link(kBroker, kSearchIndex), nullptr);
  EXPECT_EQ(link(0, kSearchIndex), nullptr);
  EXPECT_EQ(link(2, kSearchIndex), nullptr);
  EXPECT_EQ(amberPixels(), 0) << "no backlog yet";

  clickNode(kSearchIndex);
  ASSERT_TRUE(until([this] { return mirror().nodes[kSearchIndex].status == NodeStatus::Crashed; }));
  runFirstStep();
  const int backlog = std::atoi(field(kBroker, "search-index-sub backlog").c_str());
  EXPECT_GT(backlog, 10) << "three seconds of updates wait for search-index";
  EXPECT_EQ(field(kBroker, "email-sub backlog"), "0");
  EXPECT_GT(amberPixels(), 200) << "the backlog bar shows it";

  clickNode(kSearchIndex);  // restart: it catches up
  ASSERT_TRUE(until([this] { return mirror().nodes[kSearchIndex].status == NodeStatus::Up; }));
  w->session()->togglePlay();
  ASSERT_TRUE(until(
      [&] { return std::atoi(field(kBroker, "search-index-sub backlog").c_str()) < backlog / 2; }));
  w->session()->togglePlay();
}

// A pull response that carries a message on its second attempt is drawn as a
// redelivery, like a push on its second attempt.
TEST_F(PubSubView, RedeliveriesAreToldApartFromFirstDeliveries) {
  openFilePaused(QStringLiteral("pubsub.json"), kPubSubWorld);
  const Vocabulary* v = mirror().vocabulary.get();
  ASSERT_NE(v, nullptr);
  for (const char* kind : {"PullResponse", "Push"}) {
    Message m;
    m.kind = *v->find(LabelKind::Message, kind);
    const LabelInfo& info = v->info(m.kind);
    const auto at = [&](const char* field) {
      return std::find(info.fields.begin(), info.fields.end(), field) - info.fields.begin();
    };
    const auto slot = std::string(kind) == "Push" ? at("attempt") : at("redeliveries");
    m.fields[slot] = std::string(kind) == "Push" ? 1 : 0;
    EXPECT_EQ(pubsub::classify(v, m), pubsub::MessageClass::Delivery) << kind;
    m.fields[slot] = std::string(kind) == "Push" ? 2 : 1;
    EXPECT_EQ(pubsub::classify(v, m), pubsub::MessageClass::Redelivery) << kind;
  }
}

// The window finds a subscription's metrics by what they measure, from the
// descriptions the driver handed over, not by taking their names apart.
TEST_F(PubSubView, TheMirrorFindsSubscriptionMetricsByTheirDescription) {
  openFilePaused(QStringLiteral("pubsub.json"), kPubSubWorld);
  const std::vector<std::string> subs = mirror().subjects("subscription", "backlog");
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "email-sub"), 1);
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "dead-letter-sub"), 1);
  const auto backlog = mirror().metricIndex("subscription", "email-sub", "backlog");
  ASSERT_TRUE(backlog);
  EXPECT_EQ(backlog, mirror().metricIndex("pubsub.email-sub.backlog"));
  EXPECT_EQ(mirror().metrics[*backlog].kind, MetricKind::Gauge);
  EXPECT_FALSE(mirror().metricIndex("subscription", "email-sub", "p99_us")) << "the unit is not a measure";
}

// Selecting a delivery shows the message's delivery attempts so far.
TEST_F(PubSubView, TheInspectorListsAMessagesDeliveries) {
  openFilePaused(QStringLiteral("pubsub.json"), kPubSubWorld);
  runFirstStep();
  const Label push = *mirror().vocabulary->find(LabelKind::Message, "Push");
  const DriverRecord* sent = nullptr;
  for (const DriverRecord& d : mirror().records)
    if (d.record.kind == TraceKind::Sent && d.record.label == push) sent = &d;
  ASSERT_NE(sent, nullptr) << "email is pushed to";
  w->session()->selectMessage(sent->record.msg, sent->record.node);
  auto* inspector = w->findChild<QDockWidget*>(QStringLiteral("inspector"));
  ASSERT_NE(inspector, nullptr);
  auto* text = inspector->findChild<QTextBrowser*>();
  ASSERT_NE(text, nullptr);
  EXPECT_TRUE(until([&] { return text->toPlainText().contains("its deliveries so far"); }))
      << text->toPlainText().toStdString();
  EXPECT_TRUE(text->toPlainText().contains("email receives message")) << "its delivery to email";
}

}  // namespace
}  // namespace cs::ui
