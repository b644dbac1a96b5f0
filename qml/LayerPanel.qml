import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The list of spatial layers: a visibility check box, a legend swatch, the title, the number
// of features, a button that zooms to the layer and an opacity slider. `model` is a
// ProjectModel's layers; the project remembers what is set here.
Pane {
    id: panel

    property alias model: list.model

    // Asks the map to show the whole layer.
    signal zoomToLayerRequested(string name)

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

                contentItem: ColumnLayout {
                    spacing: 2

                    RowLayout {
                        spacing: 8
                        Layout.fillWidth: true

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
                            opacity: row.model.opacity
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
                        ToolButton {
                            objectName: "zoomButton"
                            text: "\u25ce"
                            enabled: row.model.count > 0
                            padding: 2
                            implicitWidth: 26
                            implicitHeight: 26
                            ToolTip.visible: hovered
                            ToolTip.text: qsTr("Zoom to layer")
                            onClicked: panel.zoomToLayerRequested(row.model.name)
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.leftMargin: 26
                        spacing: 6
                        Label {
                            text: qsTr("Opacity")
                            font.pixelSize: 11
                            opacity: 0.7
                        }
                        Slider {
                            objectName: "opacitySlider"
                            Layout.fillWidth: true
                            from: 0
                            to: 1
                            stepSize: 0.05
                            value: row.model.opacity
                            enabled: row.model.visible
                            padding: 0
                            implicitHeight: 18
                            onMoved: row.model.opacity = value
                        }
                        Label {
                            text: Math.round(row.model.opacity * 100) + "%"
                            font.pixelSize: 11
                            opacity: 0.7
                            Layout.preferredWidth: 34
                        }
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
