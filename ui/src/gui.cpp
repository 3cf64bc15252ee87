// runGui: the application object, the first scenario, and the offscreen
// screenshot mode used by `clusterscope --screenshot`. See gui.h.
#include "clusterscope_ui/gui.h"

#include <clusterscope/errors.h>
#include <clusterscope/scenario.h>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QIcon>
#include <QScreen>
#include <QThread>
#include <QTimer>
#include <iostream>

#include "canvas/cluster_view.h"
#include "compare/compare_window.h"
#include "main_window.h"
#include "session.h"
#include "theme.h"

static void initResources() {
  Q_INIT_RESOURCE(clusterscope_ui);
}

namespace cs::ui {
namespace {

// Drains until the driver has handled every command posted so far and is
// neither playing nor running towards a goal. False on timeout.
bool settle(Session& session, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  Driver* d = session.driver();
  while (t.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    session.drain();
    const DriverStatus& s = session.mirror().status;
    if (s.commandsHandled >= d->commandsPosted() && !s.playing && !s.busy) return true;
    QThread::msleep(5);
  }
  return false;
}

// Both runs of a compare view, after the leader has handled everything and
// the follower has caught up with it. False on timeout.
bool settleBoth(CompareWindow& w, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs) {
    if (!settle(*w.session(0), timeoutMs)) return false;
    w.session(1)->drain();
    const DriverStatus& b = w.session(1)->mirror().status;
    if (b.commandsHandled >= w.session(1)->driver()->commandsPosted() &&
        b.now == w.session(0)->mirror().status.now)
      return true;
    QThread::msleep(5);
  }
  return false;
}

// The offscreen platform, on a projector's 1920×1080 screen for a lecture
// frame (its own stand-in screen is 800×600), written to a file it reads.
QByteArray offscreenPlatform(bool lecture) {
  if (!lecture) return "offscreen";
  const QString config = QDir::temp().filePath(QStringLiteral("clusterscope-lecture-screen.json"));
  QFile f(config);
  if (!f.open(QIODevice::WriteOnly)) return "offscreen";
  f.write(R"({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1920, "height": 1080,
    "logicalDpi": 96, "dpr": 1}]})");
  f.close();
  return "offscreen:configfile=" + config.toLocal8Bit();
}

// The compare view of `comparison`, opened over the main window.
int compareScreenshot(MainWindow& w, const Comparison& comparison, const GuiOptions& o) {
  CompareWindow c(comparison, o.seed, false);
  c.setAttribute(Qt::WA_DontShowOnScreen);
  c.resize(o.lecture ? w.screen()->geometry().size() : w.size());
  c.show();
  Driver* d = c.session(0)->driver();
  if (o.atSeconds)
    d->runTo(fromSeconds(*o.atSeconds));
  else
    d->runToEnd();
  if (!settleBoth(c, 120'000)) {
    std::cerr << "clusterscope: the runs did not settle in time\n";
    return 1;
  }
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 600) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  if (!c.grab().save(QString::fromStdString(o.screenshot), "PNG")) {
    std::cerr << "clusterscope: cannot write " << o.screenshot << "\n";
    return 1;
  }
  return 0;
}

// The comparison the command line asked for; the error names the flag.
std::optional<Comparison> comparisonFor(const QString& name, const GuiOptions& o) {
  try {
    return makeComparison(loadScenario(name.toStdString()),
                          parseOptionChange(o.compare, "--compare"));
  } catch (const InputError& e) {
    std::cerr << "clusterscope: --compare " << o.compare << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

int screenshot(MainWindow& w, const QString& name, const GuiOptions& o) {
  QString error;
  Session& s = *w.session();
  if (!s.open(name, o.seed, false, &error)) {
    std::cerr << "clusterscope: " << error.toStdString() << "\n";
    return 2;
  }
  if (!s.replayFile().isEmpty()) {
    // A recorded run opens at its end; --at looks at an earlier moment of it.
    if (o.atSeconds) s.driver()->seek(fromSeconds(*o.atSeconds));
  } else if (o.atSeconds) {
    s.driver()->runTo(fromSeconds(*o.atSeconds));
  } else {
    s.driver()->runToEnd();
  }
  if (!settle(s, 120'000)) {
    std::cerr << "clusterscope: the run did not settle in time\n";
    return 1;
  }
  w.setAttribute(Qt::WA_DontShowOnScreen);
  w.show();
  // Let the layout, the charts' batched refresh and the first paint happen.
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 400) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  if (o.lecture) {
    // As a lecturer gets it: the window shown first, then full screen, the
    // whole screen's size (a projector's 1920×1080), the docks laid out for it.
    w.setLectureMode(true);
    const QSize screen = w.screen()->geometry().size();
    t.restart();
    while (t.elapsed() < 5000 && w.size() != screen)
      QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (w.size() != screen) w.resize(screen);
    t.restart();
    while (t.elapsed() < 400) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  } else if (const QSize size(1600, 1000);
             QGuiApplication::platformName() == QStringLiteral("offscreen") && w.size() != size) {
    // Shown, the window was kept on its screen; the offscreen platform's
    // screen is no real one, so the size chosen for it stands.
    w.resize(size);
    t.restart();
    while (t.elapsed() < 200) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  const QPixmap shot = w.grab();
  if (!shot.save(QString::fromStdString(o.screenshot), "PNG")) {
    std::cerr << "clusterscope: cannot write " << o.screenshot << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int runGui(int& argc, char** argv, const GuiOptions& options) {
  const bool shot = !options.screenshot.empty();
  // Offscreen only without a display: under xvfb-run the screenshot is of
  // that screen's size.
  const bool display =
      !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
  if (shot && !display && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
    qputenv("QT_QPA_PLATFORM", offscreenPlatform(options.lecture));
  QApplication app(argc, argv);
  initResources();
  QApplication::setOrganizationName(QStringLiteral("Clusterscope"));
  QApplication::setApplicationName(QStringLiteral("clusterscope"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/clusterscope/icons/clusterscope.svg")));

  const QString name = QString::fromStdString(
      options.scenario.empty() ? std::string(defaultScenarioName()) : options.scenario);
  MainWindow w;
  if (shot) {
    w.setTheme(options.lecture ? QStringLiteral("projector") : QStringLiteral("light"));
    // The offscreen platform's screen is no real one: a desktop's size there
    // (lecture mode goes full screen on it later); on a display (xvfb-run -s
    // '-screen 0 1280x720x24'), what that screen opens.
    const bool offscreen = QGuiApplication::platformName() == QStringLiteral("offscreen");
    w.resize(offscreen ? QSize(1600, 1000) : MainWindow::openingSize(w.screen()));
    if (!options.compare.empty()) {
      const auto comparison = comparisonFor(name, options);
      return comparison ? compareScreenshot(w, *comparison, options) : 2;
    }
    return screenshot(w, name, options);
  }
  w.showAtLaunch();
  if (options.lecture) w.setLectureMode(true);
  // Opened after the first show so a bad file's dialog has a window to sit on.
  QTimer::singleShot(0, &w, [&w, name, options] {
    const bool lecture = options.lecture;
    if (!w.openScenario(name, options.seed, !lecture && options.compare.empty())) return;
    if (options.compare.empty()) return;
    if (const auto comparison = comparisonFor(name, options)) {
      auto* compare = new CompareWindow(*comparison, options.seed, !lecture);
      compare->setAttribute(Qt::WA_DeleteOnClose);
      compare->replace(&w);
    }
  });
  return QApplication::exec();
}

}  // namespace cs::ui
