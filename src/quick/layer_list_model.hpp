#pragma once

#include <QAbstractListModel>
#include <QColor>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace gridmap::quick {

/// One row of the layer list: a spatial layer of the open project.
struct LayerRow {
    QString name;     ///< table name, e.g. "building"
    QString title;    ///< title in the user's language ("Buildings" / "楼栋")
    QString title_zh; ///< Chinese title of the schema ("楼栋")
    QString geometry; ///< "point", "line" or "polygon"
    qint64 count = 0; ///< number of features
    bool visible = true;
    QColor color; ///< legend colour, the same the map draws with
};

/// The spatial layers of a project for QML: roles `name`, `title`, `titleZh`, `geometry`,
/// `count`, `visible` (writable) and `color`. Owned by a ProjectModel.
class LayerListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LayerListModel is provided by ProjectModel.layers")
    Q_PROPERTY(int count READ size NOTIFY countChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        TitleRole,
        TitleZhRole,
        GeometryRole,
        CountRole,
        VisibleRole,
        ColorRole,
    };
    Q_ENUM(Role)

    explicit LayerListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    /// Only VisibleRole is writable; emits visibilityChanged when the flag changes.
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Number of layers.
    int size() const { return static_cast<int>(m_rows.size()); }

    /// Replaces all rows (model reset).
    void set_rows(QList<LayerRow> rows);

    /// True when the layer called `name` is listed and visible.
    bool is_visible(const QString& name) const;

    /// Row of the layer called `name`, or -1.
    Q_INVOKABLE int indexOf(const QString& name) const;

    /// The roles of row `row` as a map (name, title, titleZh, geometry, count, visible, color);
    /// an empty map for a row out of range.
    Q_INVOKABLE QVariantMap get(int row) const;

    /// Shows or hides the layer called `name`. Returns false and emits errorOccurred for an
    /// unknown layer.
    Q_INVOKABLE bool setVisible(const QString& name, bool visible);

signals:
    void countChanged();
    /// A layer was shown or hidden.
    void visibilityChanged(const QString& name, bool visible);
    void errorOccurred(const QString& message);

private:
    QList<LayerRow> m_rows;
};

} // namespace gridmap::quick
