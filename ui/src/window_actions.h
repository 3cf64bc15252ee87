// Actions a window registers by a stable id ("sim.play"), shared by the main
// window and the compare view. UI thread only.
#pragma once

#include <QAction>
#include <QHash>
#include <QKeySequence>
#include <QString>
#include <QWidget>
#include <functional>

namespace cs::ui {

// A new action on `window`, triggering `slot`, kept in `actions` under `id`.
// It is added to the window itself, so its shortcut works with the menu bar
// hidden too (lecture mode).
inline QAction* addWindowAction(QWidget* window, QHash<QString, QAction*>& actions,
                                const QString& id, const QString& text, const QKeySequence& key,
                                std::function<void()> slot) {
  auto* a = new QAction(text, window);
  a->setObjectName(id);
  if (!key.isEmpty()) a->setShortcut(key);
  a->setShortcutContext(Qt::WindowShortcut);
  QObject::connect(a, &QAction::triggered, window, [slot = std::move(slot)] { slot(); });
  window->addAction(a);
  actions.insert(id, a);
  return a;
}

}  // namespace cs::ui
