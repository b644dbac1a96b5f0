import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The list of spatial layers: a visibility check box, a legend swatch, the title and the number
// of features. `model` is a ProjectModel's layers.
Pane {
    id: panel

    property alias model: list.model

    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Label {
            text: qsTr("Layers")
            font.bold: true
            Layout.margins: 10
        }

        ListView {
            id: list
            objectName: "layerList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            boundsBehavior: Flickable.StopAtBounds

            delegate: ItemDelegate {
                id: row

                required property var model

                objectName: "layer_" + model.name
                width: ListView.view.width
                onClicked: row.model.visible = !row.model.visible

                contentItem: RowLayout {
                    spacing: 8

                    CheckBox {
                        objectName: "visibleCheck"
                        checked: row.model.visible
                        onToggled: row.model.visible = checked
                        padding: 0
                    }
                    Rectangle {
                        implicitWidth: 14
                        implicitHeight: row.model.geometry === "line" ? 4 : 14
                        radius: row.model.geometry === "point" ? 7 : 2
                        color: row.model.color
                        border.color: Qt.darker(row.model.color, 1.4)
                        border.width: row.model.geometry === "line" ? 0 : 1
                    }
                    Label {
                        text: row.model.title
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        objectName: "countLabel"
                        text: row.model.count
                        opacity: 0.7
                    }
                }
            }
        }
    }

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No layers")
        opacity: 0.6
    }
}
