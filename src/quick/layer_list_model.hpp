#pragma once

#include "map_renderer.hpp"

#include <QAbstractListModel>
#include <QColor>
#include <QHash>
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
    double opacity = 1.0; ///< 0 (transparent) to 1 (opaque)
    QColor color;         ///< legend colour, the same the map draws with
};

/// The spatial layers of a project for QML: roles `name`, `title`, `titleZh`, `geometry`,
/// `count`, `visible` (writable), `opacity` (writable, 0 to 1) and `color`. Owned by a
/// ProjectModel, which stores the visibility and opacity in the project.
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
        OpacityRole,
    };
    Q_ENUM(Role)

    explicit LayerListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    /// VisibleRole and OpacityRole are writable; emit visibilityChanged or opacityChanged
    /// (and stateChanged) when the value changes. Opacities are clamped to 0..1.
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Number of layers.
    int size() const { return static_cast<int>(m_rows.size()); }

    /// Replaces all rows (model reset).
    void set_rows(QList<LayerRow> rows);

    /// Sets the feature counts of the listed layers found in `counts` (after an edit), keeping
    /// their switches and opacities; emits dataChanged for the rows whose count changed.
    void set_counts(const QHash<QString, qint64>& counts);

    /// True when the layer called `name` is listed and visible.
    bool is_visible(const QString& name) const;

    /// Every layer's switch and opacity, by layer name.
    QHash<QString, gridmap::render::LayerState> states() const;

    /// Sets the switch and opacity of the listed layers that appear in `states` (the others
    /// keep theirs) without emitting stateChanged (a restore, not a user change).
    void apply_states(const QHash<QString, gridmap::render::LayerState>& states);

    /// Row of the layer called `name`, or -1.
    Q_INVOKABLE int indexOf(const QString& name) const;

    /// The roles of row `row` as a map (name, title, titleZh, geometry, count, visible, opacity,
    /// color);
    /// an empty map for a row out of range.
    Q_INVOKABLE QVariantMap get(int row) const;

    /// Shows or hides the layer called `name`. Returns false and emits errorOccurred for an
    /// unknown layer.
    Q_INVOKABLE bool setVisible(const QString& name, bool visible);

    /// Sets the opacity (0 to 1) of the layer called `name`. Returns false and emits
    /// errorOccurred for an unknown layer.
    Q_INVOKABLE bool setOpacity(const QString& name, double opacity);

signals:
    void countChanged();
    /// A layer was shown or hidden.
    void visibilityChanged(const QString& name, bool visible);
    /// A layer's opacity changed.
    void opacityChanged(const QString& name, double opacity);
    /// The user changed a layer's switch or opacity (not emitted by apply_states).
    void stateChanged();
    void errorOccurred(const QString& message);

private:
    QList<LayerRow> m_rows;
};

} // namespace gridmap::quick
