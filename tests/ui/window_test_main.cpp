// The main() of the window's test programs: offscreen, with its own
// settings, so no test reads or writes a user's preferences.
#include <gtest/gtest.h>
#include <QApplication>

int main(int argc, char** argv) {
  // Offscreen even when listing tests for discovery, which gets no environment.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  Q_INIT_RESOURCE(clusterscope_ui);  // the UI library is static: its resources too
  QApplication::setOrganizationName(QStringLiteral("ClusterscopeTests"));
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
