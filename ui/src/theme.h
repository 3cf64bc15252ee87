// Colours, type sizes and line widths for the canvas and the docks: light,
// dark and projector (large type, high contrast, thick lines). A Theme is a
// plain value; the current one is applied to the QApplication. UI thread only.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>
#include <QStringList>

namespace cs::ui {

struct Theme {
  QString id;  // "light", "dark", "projector"
  QString title;
  bool darkBase = false;
  QColor background, surface, text, mutedText, accent, link, blocked, selection;
  QColor follower, candidate, leader, client, dead, crown, timer;
  QColor vote, voteGranted, voteDenied, heartbeat, append, appendReply, clientWrite, clientReply,
      other;
  double fontPointSize = 11;  // dock and table text
  double lineWidth = 2;       // canvas strokes
  double messageRadius = 7;   // canvas message glyphs
  double labelScale = 1;      // text under the nodes: names, role and vote

  static const Theme& byId(const QString& id);  // unknown ids give "light"
  static QStringList ids();
};

// Makes `theme` current: the application's palette, font and style sheet,
// its type `typeScale` times larger (a projector taller than 1080 lines
// shows lecture type as large, to the room, as a 1080-line one does).
void applyTheme(const Theme& theme, double typeScale = 1);
const Theme& currentTheme();

}  // namespace cs::ui
