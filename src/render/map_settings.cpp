#include "map_settings.hpp"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace gridmap::render {

QString layer_states_to_json(const QHash<QString, LayerState>& states) {
    QJsonObject root;
    for (auto it = states.begin(); it != states.end(); ++it) {
        QJsonObject o;
        o.insert(QStringLiteral("visible"), it.value().visible);
        o.insert(QStringLiteral("opacity"), it.value().opacity);
        root.insert(it.key(), o);
    }
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Compact));
}

QHash<QString, LayerState> layer_states_from_json(const QString& json) {
    QHash<QString, LayerState> out;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    if (!doc.isObject()) {
        return out;
    }
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!it.value().isObject()) {
            continue;
        }
        const QJsonObject o = it.value().toObject();
        LayerState s;
        s.visible = o.value(QStringLiteral("visible")).toBool(true);
        s.opacity = std::clamp(o.value(QStringLiteral("opacity")).toDouble(1.0), 0.0, 1.0);
        out.insert(it.key(), s);
    }
    return out;
}

} // namespace gridmap::render
