#include "layer_list_model.hpp"

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
    default:
        return {};
    }
}

bool LayerListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != VisibleRole || !index.isValid() || index.row() < 0 || index.row() >= size()) {
        return false;
    }
    LayerRow& r = m_rows[index.row()];
    const bool visible = value.toBool();
    if (r.visible != visible) {
        r.visible = visible;
        emit dataChanged(index, index, {VisibleRole});
        emit visibilityChanged(r.name, visible);
    }
    return true;
}

Qt::ItemFlags LayerListModel::flags(const QModelIndex& index) const {
    return QAbstractListModel::flags(index) | Qt::ItemIsEditable | Qt::ItemIsUserCheckable;
}

QHash<int, QByteArray> LayerListModel::roleNames() const {
    return {
        {NameRole, "name"},         {TitleRole, "title"}, {TitleZhRole, "titleZh"},
        {GeometryRole, "geometry"}, {CountRole, "count"}, {VisibleRole, "visible"},
        {ColorRole, "color"},
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

bool LayerListModel::is_visible(const QString& name) const {
    const int row = indexOf(name);
    return row >= 0 && m_rows.at(row).visible;
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
        {"name", r.name},         {"title", r.title}, {"titleZh", r.title_zh},
        {"geometry", r.geometry}, {"count", r.count}, {"visible", r.visible},
        {"color", r.color},
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

} // namespace gridmap::quick
