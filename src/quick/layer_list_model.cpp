#include "layer_list_model.hpp"

#include <algorithm>

namespace gridmap::quick {

LayerListModel::LayerListModel(QObject* parent) : QAbstractListModel(parent) {}

int LayerListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : size();
}

QVariant LayerListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= size()) {
        return {};
    }
    const LayerRow& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return r.title;
    case NameRole:
        return r.name;
    case TitleZhRole:
        return r.title_zh;
    case GeometryRole:
        return r.geometry;
    case CountRole:
        return r.count;
    case VisibleRole:
        return r.visible;
    case ColorRole:
        return r.color;
    case OpacityRole:
        return r.opacity;
    default:
        return {};
    }
}

bool LayerListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if ((role != VisibleRole && role != OpacityRole) || !index.isValid() || index.row() < 0 ||
        index.row() >= size()) {
        return false;
    }
    LayerRow& r = m_rows[index.row()];
    if (role == VisibleRole) {
        const bool visible = value.toBool();
        if (r.visible != visible) {
            r.visible = visible;
            emit dataChanged(index, index, {VisibleRole});
            emit visibilityChanged(r.name, visible);
            emit stateChanged();
        }
        return true;
    }
    bool ok = false;
    const double opacity = std::clamp(value.toDouble(&ok), 0.0, 1.0);
    if (!ok) {
        return false;
    }
    if (r.opacity != opacity) {
        r.opacity = opacity;
        emit dataChanged(index, index, {OpacityRole});
        emit opacityChanged(r.name, opacity);
        emit stateChanged();
    }
    return true;
}

Qt::ItemFlags LayerListModel::flags(const QModelIndex& index) const {
    return QAbstractListModel::flags(index) | Qt::ItemIsEditable | Qt::ItemIsUserCheckable;
}

QHash<int, QByteArray> LayerListModel::roleNames() const {
    return {
        {NameRole, "name"},         {TitleRole, "title"},     {TitleZhRole, "titleZh"},
        {GeometryRole, "geometry"}, {CountRole, "count"},     {VisibleRole, "visible"},
        {ColorRole, "color"},       {OpacityRole, "opacity"},
    };
}

void LayerListModel::set_rows(QList<LayerRow> rows) {
    const bool count_changed = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (count_changed) {
        emit countChanged();
    }
}

void LayerListModel::set_counts(const QHash<QString, qint64>& counts) {
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const auto it = counts.find(m_rows[i].name);
        if (it != counts.end() && it.value() != m_rows[i].count) {
            m_rows[i].count = it.value();
            const QModelIndex at = index(static_cast<int>(i));
            emit dataChanged(at, at, {CountRole});
        }
    }
}

bool LayerListModel::is_visible(const QString& name) const {
    const int row = indexOf(name);
    return row >= 0 && m_rows.at(row).visible;
}

QHash<QString, gridmap::render::LayerState> LayerListModel::states() const {
    QHash<QString, gridmap::render::LayerState> out;
    for (const LayerRow& r : m_rows) {
        out.insert(r.name, {r.visible, r.opacity});
    }
    return out;
}

void LayerListModel::apply_states(const QHash<QString, gridmap::render::LayerState>& states) {
    for (int i = 0; i < size(); ++i) {
        LayerRow& r = m_rows[i];
        auto it = states.find(r.name);
        if (it == states.end()) {
            continue;
        }
        const bool visible_changed = r.visible != it->visible;
        const bool opacity_changed = r.opacity != it->opacity;
        r.visible = it->visible;
        r.opacity = std::clamp(it->opacity, 0.0, 1.0);
        if (visible_changed || opacity_changed) {
            emit dataChanged(index(i), index(i), {VisibleRole, OpacityRole});
        }
        if (visible_changed) {
            emit visibilityChanged(r.name, r.visible);
        }
        if (opacity_changed) {
            emit opacityChanged(r.name, r.opacity);
        }
    }
}

int LayerListModel::indexOf(const QString& name) const {
    for (int i = 0; i < size(); ++i) {
        if (m_rows.at(i).name == name) {
            return i;
        }
    }
    return -1;
}

QVariantMap LayerListModel::get(int row) const {
    if (row < 0 || row >= size()) {
        return {};
    }
    const LayerRow& r = m_rows.at(row);
    return {
        {"name", r.name},         {"title", r.title},     {"titleZh", r.title_zh},
        {"geometry", r.geometry}, {"count", r.count},     {"visible", r.visible},
        {"color", r.color},       {"opacity", r.opacity},
    };
}

bool LayerListModel::setVisible(const QString& name, bool visible) {
    const int row = indexOf(name);
    if (row < 0) {
        emit errorOccurred(tr("No layer called '%1'.").arg(name));
        return false;
    }
    return setData(index(row), visible, VisibleRole);
}

bool LayerListModel::setOpacity(const QString& name, double opacity) {
    const int row = indexOf(name);
    if (row < 0) {
        emit errorOccurred(tr("No layer called '%1'.").arg(name));
        return false;
    }
    return setData(index(row), opacity, OpacityRole);
}

} // namespace gridmap::quick
