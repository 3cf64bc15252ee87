// The GUI monkey: thousands of seeded random clicks, drags, wheel turns,
// keys, menu actions and toolbar buttons over every bundled scenario, with
// seeks on the timeline, branches, the compare view, lecture mode, replays
// opened (and damaged ones refused) and every file dialog cancelled. After
// each action the window must not have crashed or asserted, and the
// invariants below hold.
//
// Reproducible by seed: MONKEY_SEED=N (default 1) and MONKEY_ACTIONS=M
// (default 1000) choose the same actions in the same order; the test prints
// the line that reruns it first, so a crash leaves it on the screen, and
// MONKEY_VERBOSE=1 prints every action as it is taken. The
// actions are the seed's; a run that plays lets the driver's pacing (wall
// time) decide how far it got when the next action comes, so a failure that
// depends on that is found again by the same seed most, not all, of the time.
//
// Modal dialogs would block the test: the file dialogs are Qt's own (no
// native ones) and a guard timer cancels each one the moment its event loop
// runs, picks an entry of a context menu (or closes it) and dismisses a
// blocking message box. Non-blocking dialogs (compare, save as scenario,
// error boxes) are the monkey's to use or close. UI thread only.
#include <clusterscope/rng.h>
#include <gtest/gtest.h>
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QScrollBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QWheelEvent>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

#include "author/save_scenario_dialog.h"
#include "compare/compare_dialog.h"
#include "compare/compare_window.h"
#include "timeline/branch_button.h"
#include "timeline/branch_tree_view.h"
#include "timeline/timeline_widget.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  if (*end != '\0') {
    ADD_FAILURE() << name << ": expected a non-negative integer, got \"" << v << "\"";
    return fallback;
  }
  return n;
}

// Keys the window and its dialogs answer to, with the modifiers they take.
struct Key {
  Qt::Key key;
  Qt::KeyboardModifiers modifiers;
};
const Key kKeys[] = {
    {Qt::Key_Space, {}},
    {Qt::Key_Period, {}},
    {Qt::Key_M, {}},
    {Qt::Key_F, {}},
    {Qt::Key_Escape, {}},
    {Qt::Key_Right, {}},
    {Qt::Key_Left, {}},
    {Qt::Key_PageDown, {}},
    {Qt::Key_PageUp, {}},
    {Qt::Key_BracketRight, {}},
    {Qt::Key_BracketLeft, {}},
    {Qt::Key_Home, {}},
    {Qt::Key_End, {}},
    {Qt::Key_Left, Qt::ShiftModifier},
    {Qt::Key_Right, Qt::ShiftModifier},
    {Qt::Key_B, {}},
    {Qt::Key_R, {}},
    {Qt::Key_P, {}},
    {Qt::Key_H, Qt::ControlModifier},
    {Qt::Key_L, Qt::ControlModifier},
    {Qt::Key_P, Qt::ControlModifier},
    {Qt::Key_W, Qt::ControlModifier},
    {Qt::Key_F5, {}},
    {Qt::Key_R, Qt::ControlModifier},
    {Qt::Key_G, Qt::ControlModifier},
    {Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier},
    {Qt::Key_Up, {}},
    {Qt::Key_Down, {}},
    {Qt::Key_Return, {}},
    {Qt::Key_Minus, {}},
    {Qt::Key_Plus, {}},
    {Qt::Key_Tab, {}},
};

// An action the monkey may take: anything but leaving the app.
bool usable(const QAction* a) {
  return a->isEnabled() && !a->isSeparator() && !a->menu() && !a->text().isEmpty() &&
         a->shortcut() != QKeySequence(QKeySequence::Quit) &&
         !a->text().contains(QStringLiteral("Quit"));
}

class Monkey : public Window {
 protected:
  void SetUp() override {
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    Window::SetUp();
    seed = envNumber("MONKEY_SEED", 1);
    actions = envNumber("MONKEY_ACTIONS", 1000);
    verbose = envNumber("MONKEY_VERBOSE", 0) != 0;
    rng = Rng(deriveSeed(seed, "monkey"));
    guardRng = Rng(deriveSeed(seed, "monkey-guard"));
    std::printf(
        "monkey: seed %llu, %llu actions; rerun with MONKEY_SEED=%llu MONKEY_ACTIONS=%llu "
        "%s --gtest_filter=Monkey.*\n",
        static_cast<unsigned long long>(seed), static_cast<unsigned long long>(actions),
        static_cast<unsigned long long>(seed), static_cast<unsigned long long>(actions),
        ::testing::internal::GetArgvs()[0].c_str());
    std::fflush(stdout);
    guard.setInterval(5);
    QObject::connect(&guard, &QTimer::timeout, [this] { unblock(); });
    guard.start();
  }
  void TearDown() override {
    guard.stop();
    for (CompareWindow* c : compareWindows()) delete c;
    for (QWidget* top : QApplication::topLevelWidgets())
      if (auto* d = qobject_cast<QDialog*>(top)) d->reject();
    Window::TearDown();
  }

  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng.below(n); }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  template <class T>
  T* pick(const QList<T*>& list) {
    return list.isEmpty() ? nullptr : list[static_cast<int>(below(list.size()))];
  }
  QPoint somewhere(const QWidget* widget) {
    const QSize s = widget->size();
    return {static_cast<int>(below(std::max(1, s.width()))),
            static_cast<int>(below(std::max(1, s.height())))};
  }
  void note(const std::string& what) {
    // MONKEY_VERBOSE=1 prints each action as it comes: a crash leaves them.
    if (verbose)
      std::fprintf(stderr, "monkey %llu: %s\n", static_cast<unsigned long long>(done),
                   what.c_str());
    trail.push_back(std::to_string(done) + ": " + what);
    if (trail.size() > 25) trail.pop_front();
  }

  static QList<CompareWindow*> compareWindows() {
    QList<CompareWindow*> list;
    for (QWidget* top : QApplication::topLevelWidgets())
      if (auto* c = qobject_cast<CompareWindow*>(top); c && c->isVisible()) list.push_back(c);
    return list;
  }
  // The window the user is looking at: the compare view while it is open.
  QMainWindow* front() {
    const QList<CompareWindow*> c = compareWindows();
    return c.isEmpty() ? static_cast<QMainWindow*>(w.get()) : c.front();
  }

  // Runs from the guard timer, also inside a dialog's or a menu's own event
  // loop, so nothing the monkey opens can block it.
  void unblock() {
    if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
      QList<QAction*> choices;
      for (QAction* a : menu->actions())
        if (usable(a)) choices.push_back(a);
      QAction* chosen = choices.isEmpty() || guardRng.below(3) == 0
                            ? nullptr
                            : choices[static_cast<int>(guardRng.below(choices.size()))];
      if (chosen) note("context menu: " + chosen->text().toStdString());
      menu->close();
      // Triggered from the event loop, not from here: an entry that opens a
      // file dialog must find this guard free to cancel it (a timer does not
      // fire again while its own handler runs).
      if (chosen) QTimer::singleShot(0, chosen, &QAction::trigger);
      return;
    }
    QWidget* modal = QApplication::activeModalWidget();
    if (auto* files = qobject_cast<QFileDialog*>(modal)) {
      note("file dialog cancelled: " + files->windowTitle().toStdString());
      files->reject();
    } else if (auto* box = qobject_cast<QMessageBox*>(modal); box && box->isVisible()) {
      note("message box closed: " + box->text().left(60).toStdString());
      box->done(QMessageBox::Ok);
    }
  }

  // Processes events until the front window's runs rest (a paused driver with
  // every command handled), or a bounded number of rounds while one plays.
  void settle() {
    for (int round = 0; round < 400; ++round) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
      bool resting = true;
      for (Session* s : sessions()) {
        s->drain();
        const DriverStatus& st = s->mirror().status;
        resting = resting && st.commandsHandled >= s->driver()->commandsPosted() && !st.busy;
        if (st.playing && round >= 3) return;  // playing: let it run on to the next action
      }
      if (resting && round >= 1) return;
    }
  }
  QList<Session*> sessions() {
    const QList<CompareWindow*> c = compareWindows();
    if (c.isEmpty()) return {w->session()};
    return {c.front()->session(0), c.front()->session(1)};
  }
  bool resting(Session* s) {
    const DriverStatus& st = s->mirror().status;
    return st.commandsHandled >= s->driver()->commandsPosted() && !st.busy && !st.playing;
  }

  // What must hold whatever the user did.
  void checkInvariants() {
    const QList<Session*> runs = sessions();
    for (Session* s : runs) {
      const Mirror& m = s->mirror();
      std::uint64_t lastSeq = 0;
      for (const DriverRecord& r : m.records) {
        // The patterns' safety checkers hold under any faults a user causes.
        if (unsafe) continue;
        ASSERT_NE(r.record.kind, TraceKind::Violation) << "an invariant broke: " << r.text << "\n"
                                                       << trailText();
        ASSERT_GT(r.record.seq, lastSeq) << "the event log's records out of order\n" << trailText();
        lastSeq = r.record.seq;
      }
    }
    if (runs.size() == 2) {
      // Run B follows run A: at rest, both stand at the same simulated time.
      if (resting(runs[0]) && resting(runs[1])) {
        ASSERT_EQ(runs[0]->mirror().status.now, runs[1]->mirror().status.now)
            << "the compare view's runs drifted apart\n"
            << trailText();
      }
      return;
    }
    if (!resting(w->session())) return;
    // The canvas draws every node of the run, once.
    int drawn = 0;
    for (QGraphicsItem* item : w->scene()->items())
      if (qgraphicsitem_cast<NodeItem*>(item)) ++drawn;
    ASSERT_EQ(static_cast<std::size_t>(drawn), mirror().nodes.size())
        << "the canvas does not draw the run's nodes\n"
        << trailText();
    if (const Scenario* sc = w->session()->scenario()) {
      ASSERT_TRUE(w->windowTitle().contains(QString::fromStdString(sc->title)))
          << "the title does not name the open scenario\n"
          << trailText();
    }
  }
  std::string trailText() const {
    std::string s = "last actions (rerun with MONKEY_SEED=" + std::to_string(seed) +
                    " MONKEY_ACTIONS=" + std::to_string(done + 1) + "):\n";
    for (const std::string& t : trail) s += "  " + t + "\n";
    return s;
  }

  // ---- the actions ----

  void openBundled() {
    const auto& all = bundledScenarios();
    const BundledScenario& chosen = all[below(all.size())];
    const std::string name = chosen.name;
    const bool playing = chance(30);
    note("open " + name + (playing ? " playing" : " paused"));
    // A compare window left open keeps its runs, and what they may break.
    unsafe =
        (unsafe && !compareWindows().isEmpty()) || !parseScenario(chosen.json, name).breaks.empty();
    w->openScenario(QString::fromStdString(name),
                    chance(50) ? std::optional<std::uint64_t>(below(1000)) : std::nullopt, playing);
  }
  // Saves the run as a replay and opens it; sometimes damaged first, so
  // that the window refuses it in a dialog and keeps the run it shows.
  void openReplay() {
    const QString file = dir.filePath(QStringLiteral("monkey.replay.json"));
    QFile::remove(file);
    bool answered = false;
    const auto saved = QObject::connect(w->session(), &Session::saved, [&] { answered = true; });
    const auto failed =
        QObject::connect(w->session(), &Session::errorsReported, [&] { answered = true; });
    w->session()->saveReplay(file);
    const bool written = until([&] { return answered; }) && QFile::exists(file);
    QObject::disconnect(saved);
    QObject::disconnect(failed);
    if (!written) return;
    const bool damage = chance(40);
    if (damage) {
      QFile f(file);
      if (f.open(QIODevice::ReadWrite)) f.resize(static_cast<qint64>(below(f.size() + 1)));
    }
    note(damage ? "open a damaged replay" : "open the run's replay");
    w->openScenario(file, std::nullopt, chance(30));
  }
  void clickCanvas(QMainWindow* top) {
    const QList<ClusterView*> views = top->findChildren<ClusterView*>();
    ClusterView* v = pick(views);
    if (!v || !v->isVisible()) return;
    const QPoint at = somewhere(v->viewport());
    const Qt::MouseButton button = chance(20) ? Qt::RightButton : Qt::LeftButton;
    note(std::string(button == Qt::RightButton ? "right-click" : "click") + " canvas at " +
         std::to_string(at.x()) + "," + std::to_string(at.y()));
    QTest::mouseClick(v->viewport(), button, {}, at);
  }
  void clickNode() {
    const std::size_t n = mirror().nodes.size();
    if (n == 0 || !w->view()->isVisible()) return;
    const NodeId id = static_cast<NodeId>(below(n));
    const QPoint at = w->view()->mapFromScene(w->scene()->nodePosition(id));
    const bool right = chance(25);
    note(std::string(right ? "right-click" : "click") + " node " + std::to_string(id));
    QTest::mouseClick(w->view()->viewport(), right ? Qt::RightButton : Qt::LeftButton, {}, at);
  }
  void drag(QWidget* target, const std::string& what) {
    if (!target || !target->isVisible()) return;
    const QPoint from = somewhere(target);
    const QPoint to = somewhere(target);
    note("drag " + what + " " + std::to_string(from.x()) + "," + std::to_string(from.y()) + " -> " +
         std::to_string(to.x()) + "," + std::to_string(to.y()));
    QTest::mousePress(target, Qt::LeftButton, {}, from);
    QTest::mouseMove(target, (from + to) / 2);
    QTest::mouseMove(target, to);
    QTest::mouseRelease(target, Qt::LeftButton, {}, to);
  }
  void wheel(QWidget* target) {
    if (!target || !target->isVisible()) return;
    const QPoint at = somewhere(target);
    const int delta = chance(50) ? 120 : -120;
    const Qt::KeyboardModifiers mods = chance(50) ? Qt::ControlModifier : Qt::NoModifier;
    note("wheel " + std::to_string(delta) + (mods ? " with Ctrl" : ""));
    QWheelEvent e(at, target->mapToGlobal(at), {}, {0, delta}, Qt::NoButton, mods,
                  Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &e);
  }
  void key(QMainWindow* top) {
    const Key k = kKeys[below(std::size(kKeys))];
    note("key " + QKeySequence(k.key | k.modifiers).toString().toStdString());
    QWidget* focus = QApplication::focusWidget();
    QTest::keyClick(focus && focus->window() == top ? focus : top, k.key, k.modifiers);
  }
  void triggerAction(QMainWindow* top) {
    QList<QAction*> choices;
    for (QAction* a : top->findChildren<QAction*>())
      if (usable(a)) choices.push_back(a);
    QAction* a = pick(choices);
    if (!a) return;
    note("action " + a->text().toStdString());
    unsafe = unsafe || a->property("safetyRule").toBool();
    a->trigger();
  }
  void clickToolButton(QMainWindow* top) {
    QList<QToolButton*> buttons;
    for (QToolBar* bar : top->findChildren<QToolBar*>())
      for (QToolButton* b : bar->findChildren<QToolButton*>())
        if (b->isVisible() && b->isEnabled()) buttons.push_back(b);
    for (BranchButton* b : top->findChildren<BranchButton*>())
      if (b->isVisible()) buttons.push_back(b);
    QToolButton* b = pick(buttons);
    if (!b) return;
    note("button " + b->text().toStdString());
    unsafe = unsafe || (b->defaultAction() && b->defaultAction()->property("safetyRule").toBool());
    QTest::mouseClick(b, Qt::LeftButton);
  }
  void seek(QMainWindow* top) {
    TimelineWidget* t = pick(top->findChildren<TimelineWidget*>());
    if (!t || !t->isVisible()) return;
    if (chance(50)) return drag(t, "timeline");
    const QPoint at = somewhere(t);
    note("click timeline at x=" + std::to_string(at.x()));
    QTest::mouseClick(t, Qt::LeftButton, {}, at);
  }
  void branchTree() {
    auto* b = w->findChild<BranchButton*>(QStringLiteral("branches"));
    if (!b || compareWindows().size()) return;
    if (!b->popup() || !b->popup()->isVisible()) {
      note("branch tree");
      b->showTree();
      return;
    }
    BranchTreeView* tree = b->tree();
    if (chance(60)) {
      const QPoint at = somewhere(tree);
      note("click branch tree at " + std::to_string(at.x()) + "," + std::to_string(at.y()));
      QTest::mouseClick(tree, Qt::LeftButton, {}, at);
    } else {
      const Qt::Key keys[] = {Qt::Key_Up, Qt::Key_Down, Qt::Key_Return, Qt::Key_Escape};
      const Qt::Key k = keys[below(std::size(keys))];
      note("key in branch tree " + QKeySequence(k).toString().toStdString());
      QTest::keyClick(tree, k);
    }
  }
  void compare() {
    if (compareWindows().size()) {
      CompareWindow* c = compareWindows().front();
      if (chance(30)) {
        note("close compare");
        c->close();
      }
      return;
    }
    note("view > compare");
    w->action(QStringLiteral("view.compare"))->trigger();
  }
  // A non-blocking dialog on screen: use it or leave it.
  bool useDialog() {
    for (QWidget* top : QApplication::topLevelWidgets()) {
      if (!top->isVisible()) continue;
      if (auto* d = qobject_cast<CompareDialog*>(top)) {
        QComboBox* field = d->field();
        const QStringList offered = d->suggestions();
        const int choice = static_cast<int>(below(offered.size() + 3));
        QString text;
        if (choice < offered.size())
          text = offered[choice];
        else if (choice == offered.size())
          text = QStringLiteral("nodes=") + QString::number(below(12));
        else if (choice == offered.size() + 1)
          text = QStringLiteral("noSuchOption=1");
        else
          text = QStringLiteral("=");
        field->setEditText(text);
        const bool accept = chance(70);
        note("compare dialog: " + text.toStdString() + (accept ? ", OK" : ", cancel"));
        unsafe = unsafe || accept;
        if (accept)
          d->accept();
        else
          d->reject();
        if (d->isVisible() && chance(50)) d->reject();  // a refused change keeps it open
        return true;
      }
      if (auto* d = qobject_cast<SaveScenarioDialog*>(top)) {
        note("save as scenario dialog cancelled");
        d->reject();
        return true;
      }
      if (auto* box = qobject_cast<QMessageBox*>(top)) {
        note("message box closed");
        box->done(QMessageBox::Ok);
        return true;
      }
    }
    return false;
  }
  void resize() {
    const QSize s(400 + static_cast<int>(below(1400)), 300 + static_cast<int>(below(900)));
    note("resize " + std::to_string(s.width()) + "x" + std::to_string(s.height()));
    front()->resize(s);
  }
  void clickAnywhere(QMainWindow* top) {
    QList<QWidget*> widgets;
    for (QWidget* c : top->findChildren<QWidget*>())
      if (c->isVisible() && c->isEnabled() && !qobject_cast<QMenu*>(c)) widgets.push_back(c);
    QWidget* target = pick(widgets);
    if (!target) return;
    const QPoint at = somewhere(target);
    note("click " + std::string(target->metaObject()->className()) + " at " +
         std::to_string(at.x()) + "," + std::to_string(at.y()));
    if (chance(15))
      QTest::mouseDClick(target, Qt::LeftButton, {}, at);
    else
      QTest::mouseClick(target, Qt::LeftButton, {}, at);
  }

  void act() {
    if (chance(60) && useDialog()) return;
    QMainWindow* top = front();
    // The main window's own actions wait while the compare view covers it.
    const bool comparing = top != w.get();
    switch (below(16)) {
      case 0:
        if (comparing) return clickCanvas(top);
        return chance(40) ? openBundled() : clickNode();
      case 1:
        if (comparing) return clickCanvas(top);
        return chance(10) ? openReplay() : clickNode();
      case 2:
        return clickCanvas(top);
      case 3: {
        ClusterView* v = pick(top->findChildren<ClusterView*>());
        return drag(v ? v->viewport() : nullptr, "canvas");
      }
      case 4:
      case 5:
        return key(top);
      case 6:
      case 7:
        return triggerAction(top);
      case 8:
        return clickToolButton(top);
      case 9:
        return seek(top);
      case 10:
        return branchTree();
      case 11:
        return chance(30) ? compare() : key(top);
      case 12:
        return chance(20) ? resize() : wheel(pick(top->findChildren<QWidget*>()));
      case 13:
        return clickAnywhere(top);
      case 14: {
        if (comparing) return key(top);
        note(w->lectureMode() ? "leave lecture mode" : "lecture mode");
        w->setLectureMode(!w->lectureMode());
        return;
      }
      default:
        return chance(50) && !comparing ? clickNode() : seek(top);
    }
  }

  std::uint64_t seed = 1;
  std::uint64_t actions = 0;
  std::uint64_t done = 0;
  bool verbose = false;
  Rng rng;
  Rng guardRng;
  QTimer guard;
  std::deque<std::string> trail;
  // Whether the runs on screen may have a safety rule switched off: a
  // scenario that sets out to break an invariant, a safety switch pressed, or
  // a compare run with an option of its own. Their violations are the lesson.
  bool unsafe = false;
};

TEST_F(Monkey, ThousandsOfRandomActionsNeitherCrashNorBreakAnInvariant) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("leader-fails"), std::nullopt, false));
  ASSERT_TRUE(settled());
  for (done = 0; done < actions; ++done) {
    // An exception out of a Qt handler ends the app: here it names the actions.
    try {
      act();
      settle();
    } catch (const std::exception& e) {
      FAIL() << "exception: " << e.what() << "\n" << trailText();
    }
    checkInvariants();
    if (HasFatalFailure()) return;
  }
  std::printf("monkey: %llu actions done\n", static_cast<unsigned long long>(done));
}

}  // namespace
}  // namespace cs::ui
