// The main() of the readability tests: offscreen, on two screens a lecture
// hall and a laptop have (1920×1080 and 1280×720, side by side), so that a
// window can be shown full screen on either. Its own settings, like the
// other window tests.
#include <gtest/gtest.h>
#include <QApplication>
#include <QDir>
#include <QFile>

int main(int argc, char** argv) {
  // The offscreen platform reads its screens from a file it is given.
  const QString config =
      QDir::temp().filePath(QStringLiteral("clusterscope-readable-screens.json"));
  QFile f(config);
  if (!f.open(QIODevice::WriteOnly)) return 2;
  f.write(R"({"screens": [
    {"name": "hall", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "dpr": 1},
    {"name": "laptop", "x": 1920, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "dpr": 1}
  ]})");
  f.close();
  qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + config).toLocal8Bit());
  QApplication app(argc, argv);
  Q_INIT_RESOURCE(clusterscope_ui);
  QApplication::setOrganizationName(QStringLiteral("ClusterscopeTests"));
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
