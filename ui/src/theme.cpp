// The three themes and how they reach the application. See theme.h.
#include "theme.h"

#include <QApplication>
#include <QPalette>

namespace cs::ui {
namespace {

Theme makeLight() {
  Theme t;
  t.id = "light";
  t.title = "Light";
  t.background = QColor("#f7f7f4");
  t.surface = QColor("#ffffff");
  t.text = QColor("#1d232b");
  t.mutedText = QColor("#5b6570");
  t.accent = QColor("#1f6feb");
  t.link = QColor("#c3c8cf");
  t.blocked = QColor("#d62828");
  t.selection = QColor("#d1006f");  // apart from every role and the timer
  t.follower = QColor("#4a90d9");
  t.candidate = QColor("#f2a516");
  t.leader = QColor("#2e9e57");
  t.client = QColor("#8a63d2");
  t.dead = QColor("#9aa0a6");
  t.crown = QColor("#e8b100");
  t.timer = QColor("#e06c00");
  t.vote = QColor("#f08c00");
  t.voteGranted = QColor("#1b9e4b");
  t.voteDenied = QColor("#d62828");
  t.heartbeat = QColor("#7d8b99");
  t.append = QColor("#1f6feb");
  t.appendReply = QColor("#6aa9f5");
  t.clientWrite = QColor("#8a37c9");
  t.clientReply = QColor("#c38ae8");
  t.other = QColor("#505a64");
  return t;
}

Theme makeDark() {
  Theme t = makeLight();
  t.id = "dark";
  t.title = "Dark";
  t.darkBase = true;
  t.background = QColor("#15191e");
  t.surface = QColor("#1f252c");
  t.text = QColor("#e8ecf0");
  t.mutedText = QColor("#9aa5b1");
  t.accent = QColor("#58a6ff");
  t.link = QColor("#3c4550");
  t.blocked = QColor("#ff5c5c");
  t.selection = QColor("#ff5fb0");
  t.follower = QColor("#4f9ae8");
  t.candidate = QColor("#ffb02e");
  t.leader = QColor("#3fbf6c");
  t.client = QColor("#a47ff0");
  t.dead = QColor("#5c636b");
  t.heartbeat = QColor("#8f9baa");
  t.append = QColor("#58a6ff");
  t.other = QColor("#c0c8d0");
  return t;
}

Theme makeProjector() {
  // Projectors wash out pale tints and thin strokes: white ground, saturated
  // fills, black text, everything thicker and larger.
  Theme t = makeLight();
  t.id = "projector";
  t.title = "Projector";
  t.background = QColor("#ffffff");
  t.surface = QColor("#ffffff");
  t.text = QColor("#000000");
  t.mutedText = QColor("#303030");
  t.link = QColor("#8c939b");
  t.follower = QColor("#1565c0");
  t.candidate = QColor("#f57c00");
  t.leader = QColor("#138a3a");
  t.heartbeat = QColor("#5f6b77");
  t.fontPointSize = 18;
  t.lineWidth = 4;
  t.messageRadius = 10;
  t.labelScale = 1.45;
  return t;
}

// The current theme, its type scaled: currentTheme() gives every reader
// of fontPointSize the size on the screen.
Theme current;
bool applied = false;

}  // namespace

const Theme& Theme::byId(const QString& id) {
  static const Theme light = makeLight(), dark = makeDark(), projector = makeProjector();
  if (id == "dark") return dark;
  if (id == "projector") return projector;
  return light;
}

QStringList Theme::ids() {
  return {"light", "dark", "projector"};
}

const Theme& currentTheme() {
  return applied ? current : Theme::byId("light");
}

void applyTheme(const Theme& theme, double typeScale) {
  current = Theme::byId(theme.id);
  current.fontPointSize *= typeScale;
  applied = true;
  QPalette p;
  p.setColor(QPalette::Window, theme.darkBase ? theme.surface : QColor("#eef0f2"));
  p.setColor(QPalette::WindowText, theme.text);
  p.setColor(QPalette::Base, theme.surface);
  p.setColor(QPalette::AlternateBase, theme.darkBase ? theme.background : QColor("#f3f5f7"));
  p.setColor(QPalette::Text, theme.text);
  p.setColor(QPalette::Button, theme.darkBase ? QColor("#2a3139") : QColor("#e4e7ea"));
  p.setColor(QPalette::ButtonText, theme.text);
  p.setColor(QPalette::Highlight, theme.accent);
  p.setColor(QPalette::HighlightedText, QColor("#ffffff"));
  p.setColor(QPalette::ToolTipBase, theme.surface);
  p.setColor(QPalette::ToolTipText, theme.text);
  p.setColor(QPalette::PlaceholderText, theme.mutedText);
  p.setColor(QPalette::Disabled, QPalette::Text, theme.mutedText);
  p.setColor(QPalette::Disabled, QPalette::ButtonText, theme.mutedText);
  p.setColor(QPalette::Disabled, QPalette::WindowText, theme.mutedText);
  QApplication::setPalette(p);
  QFont f = QApplication::font();
  f.setPointSizeF(current.fontPointSize);
  QApplication::setFont(f);
}

}  // namespace cs::ui
