// runGui: the application object, the first scenario, and the offscreen
// screenshot mode used by `clusterscope --screenshot`. See gui.h.
#include "clusterscope_ui/gui.h"

#include <clusterscope/scenario.h>
#include <QApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <QThread>
#include <QTimer>
#include <iostream>

#include "canvas/cluster_view.h"
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
  if (shot && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
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
    if (options.lecture) w.setLectureMode(true);
    w.showNormal();
    w.hide();
    w.resize(1600, 1000);
    return screenshot(w, name, options);
  }
  w.restoreSettings();
  w.show();
  if (options.lecture) w.setLectureMode(true);
  // Opened after the first show so a bad file's dialog has a window to sit on.
  QTimer::singleShot(0, &w, [&w, name, seed = options.seed, lecture = options.lecture] {
    w.openScenario(name, seed, !lecture);
  });
  return QApplication::exec();
}

}  // namespace cs::ui
