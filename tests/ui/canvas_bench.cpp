// Canvas benchmark (not a test): the median time to advance and paint one
// frame of a 100-node canvas with 2,000 messages in flight at 1600x1000,
// offscreen; and the time from start to the main window's first painted
// frame with the default scenario open. Run:
//   build/tests/ui/canvas_bench [frame.png]
#include <clusterscope/leader_election/raft_view.h>
#include <clusterscope/scenario.h>
#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "canvas/cluster_scene.h"
#include "canvas/cluster_view.h"
#include "main_window.h"
#include "mirror.h"
#include "pattern_ui.h"
#include "session.h"
#include "theme.h"

namespace {

cs::ui::Mirror syntheticMirror(int nodes, int messages) {
  using namespace cs;
  auto vocab = std::make_shared<Vocabulary>();
  const char* kinds[] = {"RequestVote", "RequestVoteReply", "AppendEntries", "AppendEntriesReply"};
  std::vector<Label> labels;
  for (const char* k : kinds)
    labels.push_back(vocab->define({LabelKind::Message,
                                    k,
                                    {"term", "voteGranted", "x", "entries"},
                                    {},
                                    {},
                                    Exchange::OneWay,
                                    {},
                                    {}}));
  cs::ui::Mirror m;
  m.vocabulary = vocab;
  using leader_election::Role;
  const Role roles[] = {Role::Follower, Role::Candidate, Role::Leader};
  auto view = std::make_shared<leader_election::RaftView>();
  for (int i = 0; i < nodes; ++i) {
    NodeSnapshot s;
    s.id = static_cast<NodeId>(i);
    s.name = "node " + std::to_string(i);
    if (i % 17 == 0) s.status = NodeStatus::Crashed;
    leader_election::ServerView& v = view->servers.emplace_back();
    v.id = s.id;
    v.crashed = s.status == NodeStatus::Crashed;
    v.role = roles[i % 7 == 0 ? 1 : (i == 3 ? 2 : 0)];
    s.role = leader_election::roleName(v.role);
    v.currentTerm = 3 + i % 4;
    v.votedFor = static_cast<NodeId>((i * 7) % nodes);
    v.timerDeadline = SimTime{300'000};
    m.nodes.push_back(s);
  }
  m.view = view;
  std::uint64_t x = 88172645463325252ULL;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int i = 0; i < messages; ++i) {
    Kernel::InFlight f;
    f.message.id = static_cast<MessageId>(i + 1);
    f.message.from = static_cast<NodeId>(next() % nodes);
    f.message.to = static_cast<NodeId>((f.message.from + 1 + next() % (nodes - 1)) % nodes);
    f.message.kind = labels[next() % labels.size()];
    f.message.fields = {1, static_cast<std::int64_t>(next() % 2), 0,
                        static_cast<std::int64_t>(next() % 2)};
    f.sentAt = SimTime{static_cast<std::int64_t>(next() % 100'000)};
    f.due = f.sentAt + SimTime{100'000 + static_cast<std::int64_t>(next() % 100'000)};
    m.inFlight.push_back(f);
  }
  for (int i = 0; i < 10; ++i)
    m.blockedLinks.emplace_back(static_cast<NodeId>(i), static_cast<NodeId>(i + 1));
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  QElapsedTimer launch;
  launch.start();
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ClusterscopeBench"));

  // Launch to first painted frame.
  double launchMs = -1;
  {
    cs::ui::MainWindow w;
    QObject::connect(w.view(), &cs::ui::ClusterView::firstFramePainted,
                     [&] { launchMs = launch.nsecsElapsed() / 1e6; });
    w.setTheme(QStringLiteral("light"));
    w.openScenario(QString::fromStdString(cs::bundledScenarios().front().name));
    w.show();
    while (launchMs < 0 && launch.elapsed() < 10'000) QCoreApplication::processEvents();
  }

  // Frames.
  cs::ui::applyTheme(cs::ui::Theme::byId("light"));
  const cs::ui::Mirror mirror = syntheticMirror(100, 2000);
  cs::ui::ClusterScene scene;
  cs::ui::ClusterView view(&scene);
  view.resize(1600, 1000);
  const auto look = cs::ui::findPatternUi("leader-election")->look();
  scene.showMirror(&mirror, look.get());
  view.show();
  QCoreApplication::processEvents();
  std::vector<double> frames;
  cs::SimTime now{100'000};
  for (int i = 0; i < 240; ++i) {
    QElapsedTimer t;
    t.start();
    now += cs::SimTime{400};
    scene.advanceTo(now);
    view.viewport()->repaint();
    frames.push_back(t.nsecsElapsed() / 1e6);
  }
  if (argc > 1) view.viewport()->grab().save(QString::fromLocal8Bit(argv[1]));
  std::sort(frames.begin(), frames.end());
  std::printf("canvas: 100 nodes, %zu messages in flight, 1600x1000 offscreen\n",
              scene.messageItemCount());
  std::printf("  frame median %.2f ms, p90 %.2f ms (target <= 16 ms)\n", frames[frames.size() / 2],
              frames[frames.size() * 9 / 10]);
  std::printf("launch to first painted frame: %.0f ms (target <= 1000 ms)\n", launchMs);
  return 0;
}
