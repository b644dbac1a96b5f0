import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// What the map's selected feature is: a building's compound, cell, party group, captains,
// units and households; a cell's grid worker and figures; and so on (ProjectModel.inspect).
// Residents appear only as counts; staff by name with a masked phone number.
Pane {
    id: panel

    required property var map
    required property var project
    // The facts of the selection ({} when nothing is selected), read again after every edit
    // of the project (project.revision): a dispatch shows at once.
    readonly property var info: (map.selectedKey !== "" && project.isOpen
                                 && project.revision >= 0)
                                ? project.inspect(map.selectedLayer, map.selectedKey) : ({})

    padding: 10

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "inspectTitle"
                text: panel.info.title !== undefined ? panel.info.title : ""
                font.bold: true
                font.pixelSize: 16
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            ToolButton {
                objectName: "inspectClose"
                text: "\u2715"
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Close")
                onClicked: panel.map.clearSelection()
            }
        }
        Label {
            objectName: "inspectLayer"
            text: panel.info.layerTitle !== undefined
                  ? panel.info.layerTitle + " \u00b7 " + panel.info.key : ""
            opacity: 0.7
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Button {
            objectName: "zoomToSelection"
            text: qsTr("Zoom to")
            onClicked: panel.map.zoomToSelection()
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true

            ColumnLayout {
                objectName: "inspectFacts"
                width: panel.availableWidth
                spacing: 6

                Repeater {
                    model: panel.info.facts !== undefined ? panel.info.facts : []
                    delegate: RowLayout {
                        required property var modelData
                        objectName: "fact_" + modelData.field
                        // The shown value, for tests and screen readers.
                        readonly property string value: modelData.value
                        Layout.fillWidth: true
                        spacing: 10
                        Label {
                            text: parent.modelData.label
                            opacity: 0.7
                            Layout.preferredWidth: 96
                            Layout.alignment: Qt.AlignTop
                            wrapMode: Text.Wrap
                        }
                        Label {
                            text: parent.modelData.value
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }
            }
        }
    }
}
