// Pub/Sub in the window, offscreen: the broker is drawn with its inside, and
// failing a subscriber by clicking it makes its subscription's backlog bar
// grow while the others stay empty; its deliveries resume after it restarts.
// The toolbar's knobs publish and slow search-index down, and the switch
// follows the typed view.
#include <gtest/gtest.h>
#include <QAction>
#include <QDockWidget>
#include <QImage>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTextBrowser>
#include <algorithm>

#include "../../ui/patterns/pubsub/pubsub_charts.h"
#include "../../ui/patterns/pubsub/pubsub_look.h"
#include "mirror.h"
#include "pattern_ui.h"
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

constexpr NodeId kBroker = 1, kEmail = 2, kSearchIndex = 3;

using cs::pubsub::PubSubView;

class PubSubWindow : public Window {
 protected:
  const PubSubView& view() { return viewOf<PubSubView>(*mirror().view); }
  // The backlog of the subscription `node` consumes, as the window has it.
  std::uint64_t backlog(NodeId node) {
    const auto* sub = view().subscriber(node);
    return sub ? view().subscriptionOf(*sub).backlog : 0;
  }
  QAction* knob(const char* id) {
    return w->findChild<QAction*>(QStringLiteral("knob.") + QLatin1String(id));
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

TEST_F(PubSubWindow, ClickingASubscriberFailsItAndItsBacklogGrows) {
  openFilePaused(QStringLiteral("pubsub.json"), kPubSubWorld);
  ASSERT_EQ(mirror().nodes.size(), 6u);
  EXPECT_EQ(mirror().nodes[kSearchIndex].name, "search-index");
  // Everyone is linked to the broker, and no one to anyone else.
  EXPECT_NE(link(0, kBroker), nullptr);
  EXPECT_NE(link(kBroker, kSearchIndex), nullptr);
  EXPECT_EQ(link(0, kSearchIndex), nullptr);
  EXPECT_EQ(link(2, kSearchIndex), nullptr);
  EXPECT_EQ(amberPixels(), 0) << "no backlog yet";

  clickPower(kSearchIndex);
  ASSERT_TRUE(until([this] { return mirror().nodes[kSearchIndex].status == NodeStatus::Crashed; }));
  runFirstStep();
  const std::uint64_t waiting = backlog(kSearchIndex);
  EXPECT_GT(waiting, 10u) << "three seconds of updates wait for search-index";
  EXPECT_EQ(backlog(kEmail), 0u);
  EXPECT_GT(amberPixels(), 200) << "the backlog bar shows it";

  clickPower(kSearchIndex);  // restart: it catches up
  ASSERT_TRUE(until([this] { return mirror().nodes[kSearchIndex].status == NodeStatus::Up; }));
  w->session()->togglePlay();
  ASSERT_TRUE(until([&] { return backlog(kSearchIndex) < waiting / 2; }));
  w->session()->togglePlay();
}

// The toolbar's knobs have stable ids; Publish publishes, and the
// search-index switch slows it down and follows its typed processing time.
TEST_F(PubSubWindow, TheKnobsPublishAndSlowSearchIndex) {
  openFilePaused(QStringLiteral("pubsub.json"), kPubSubWorld);
  for (const char* id : {"publish", "poison", "burst", "search-index-slow"})
    ASSERT_TRUE(until([&] { return knob(id) != nullptr; })) << id;
  QAction* slow = knob("search-index-slow");
  ASSERT_TRUE(slow->isCheckable());
  EXPECT_FALSE(slow->isChecked());
  const std::uint64_t published = view().publisher.published;
  knob("publish")->trigger();
  EXPECT_TRUE(until([&] { return view().publisher.published == published + 1; }));
  slow->trigger();
  ASSERT_TRUE(until([&] { return view().subscriber(kSearchIndex)->slowed; }));
  EXPECT_EQ(view().subscriber(kSearchIndex)->processingSlowest, SimDuration{500'000});
  EXPECT_TRUE(until([&] { return slow->isChecked(); }));
  slow->trigger();
  ASSERT_TRUE(until([&] { return !view().subscriber(kSearchIndex)->slowed; }));
  EXPECT_TRUE(until([&] { return !slow->isChecked(); }));
}

// A pull response that carries a message on its second attempt is drawn as a
// redelivery, like a push on its second attempt.
TEST_F(PubSubWindow, RedeliveriesAreToldApartFromFirstDeliveries) {
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
TEST_F(PubSubWindow, TheMirrorFindsSubscriptionMetricsByTheirDescription) {
  openFilePaused(QStringLiteral("pubsub.json"), kPubSubWorld);
  const std::vector<std::string> subs = mirror().subjects("subscription", "backlog");
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "email-sub"), 1);
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "dead-letter-sub"), 1);
  const auto backlog = mirror().metricIndex("subscription", "email-sub", "backlog");
  ASSERT_TRUE(backlog);
  EXPECT_EQ(backlog, mirror().metricIndex("pubsub.email-sub.backlog"));
  EXPECT_EQ(mirror().metrics[*backlog].kind, MetricKind::Gauge);
  EXPECT_FALSE(mirror().metricIndex("subscription", "email-sub", "p99_us"))
      << "the unit is not a measure";
}

// Selecting a delivery shows the message's delivery attempts so far.
TEST_F(PubSubWindow, TheInspectorListsAMessagesDeliveries) {
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

// Metrics described by family, subject and measure, as the engine defines
// them: two subscriptions and the run's publish count.
std::vector<MetricInfo> describedMetrics() {
  auto info = [](std::string name, MetricKind kind, std::string family, std::string subject,
                 std::string measure) {
    MetricInfo m;
    m.name = std::move(name);
    m.kind = kind;
    m.family = std::move(family);
    m.subject = std::move(subject);
    m.measure = std::move(measure);
    return m;
  };
  return {
      info("pubsub.published", MetricKind::Counter, "pubsub", "", "published"),
      info("pubsub.email-sub.backlog", MetricKind::Gauge, "subscription", "email-sub", "backlog"),
      info("pubsub.email-sub.acked", MetricKind::Counter, "subscription", "email-sub", "acked"),
      info("pubsub.search-index-sub.backlog", MetricKind::Gauge, "subscription", "search-index-sub",
           "backlog"),
      info("pubsub.search-index-sub.acked", MetricKind::Counter, "subscription", "search-index-sub",
           "acked"),
      info("messages.sent", MetricKind::Counter, "network", "", "sent")};
}

// The charts and the compare view find subscriptions by the metrics'
// descriptions, not by their names.
TEST(PubSubCharts, ChartEverySubscriptionTheMetricsDescribe) {
  Mirror m;
  m.metrics = describedMetrics();
  m.metrics[1].name = "backlog of the first";  // names play no part
  for (int i = 0; i < 3; ++i) m.samples.push_back({SimTime{i * 100'000}, {i, 5, i, 7, i, 0}});
  pubsub::PubSubCharts charts;
  charts.refresh(m, 0, 20);
  EXPECT_EQ(charts.subscriptions(), (std::vector<std::string>{"email-sub", "search-index-sub"}));

  const PatternUi* ui = findPatternUi("pubsub");
  ASSERT_NE(ui, nullptr);
  ASSERT_TRUE(ui->charts && ui->measures);
  const auto measures = ui->measures(describedMetrics());
  std::vector<QString> titles;
  for (const auto& c : measures) titles.push_back(c.title);
  EXPECT_EQ(titles, (std::vector<QString>{"email-sub: backlog", "search-index-sub: backlog",
                                          "email-sub: acked /s", "search-index-sub: acked /s"}));
  EXPECT_FALSE(measures[0].rate);
  EXPECT_TRUE(measures[2].rate);
  EXPECT_EQ(measures[3].metrics, std::vector<std::string>{"pubsub.search-index-sub.acked"});
}

}  // namespace
}  // namespace cs::ui
