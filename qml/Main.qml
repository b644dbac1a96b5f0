import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Gridmap

// The main window: toolbar, layer panel beside the map, status bar. Bindings and layout only;
// the work is done by ProjectModel and MapView (src/quick).
ApplicationWindow {
    id: window

    // The project to open at start-up ("" = none); set by gridmap-desktop.
    property string initialPath: ""
    readonly property ProjectModel project: projectModel
    readonly property MapView map: mapView
    readonly property bool projectOpen: projectModel.isOpen
    // The last message shown to the user ("" = none).
    property string lastError: ""

    width: 1200
    height: 800
    visible: true
    title: projectModel.isOpen ? qsTr("Gridmap - %1").arg(projectModel.fileName) : qsTr("Gridmap")

    function showError(message) {
        lastError = message
        errorDialog.open()
    }

    ProjectModel {
        id: projectModel
        onErrorOccurred: message => window.showError(message)
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 4
            anchors.rightMargin: 8
            ToolButton {
                objectName: "openButton"
                text: qsTr("Open...")
                onClicked: openDialog.open()
            }
            ToolButton {
                text: qsTr("Fit to data")
                enabled: projectModel.isOpen
                onClicked: mapView.fitToData()
            }
            ToolButton {
                text: qsTr("Close")
                enabled: projectModel.isOpen
                onClicked: projectModel.close()
            }
            Item {
                Layout.fillWidth: true
            }
            Label {
                text: projectModel.path
                elide: Text.ElideLeft
                Layout.maximumWidth: window.width / 2
            }
        }
    }

    SplitView {
        anchors.fill: parent

        LayerPanel {
            id: layerPanel
            objectName: "layerPanel"
            model: projectModel.layers
            SplitView.preferredWidth: 260
            SplitView.minimumWidth: 180
        }

        Item {
            SplitView.fillWidth: true
            clip: true

            MapView {
                id: mapView
                objectName: "mapView"
                anchors.fill: parent
                project: projectModel
                onErrorOccurred: message => window.showError(message)
            }

            Label {
                anchors.centerIn: parent
                visible: !projectModel.isOpen
                text: qsTr("Open a project (.gpkg) to see its map.")
                color: "#5f6b76"
            }
        }
    }

    footer: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 8
            spacing: 24
            Label {
                objectName: "crsLabel"
                text: projectModel.isOpen
                      ? qsTr("CRS: %1 (EPSG:%2)").arg(projectModel.crsName).arg(projectModel.epsg)
                      : qsTr("No project open")
            }
            Label {
                objectName: "schemaLabel"
                visible: projectModel.isOpen
                text: qsTr("Schema version: %1").arg(projectModel.schemaVersion)
            }
            Label {
                visible: projectModel.isOpen
                text: qsTr("Features: %1").arg(mapView.featureCount)
            }
            Label {
                objectName: "errorLabel"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignRight
                elide: Text.ElideRight
                color: "#c62828"
                text: window.lastError
            }
        }
    }

    FileDialog {
        id: openDialog
        title: qsTr("Open project")
        nameFilters: [qsTr("Gridmap projects (*.gpkg)"), qsTr("All files (*)")]
        onAccepted: projectModel.open(selectedFile)
    }

    Dialog {
        id: errorDialog
        objectName: "errorDialog"
        title: qsTr("Error")
        modal: true
        anchors.centerIn: parent
        width: Math.min(window.width * 0.8, 560)

        Label {
            width: parent.width
            wrapMode: Text.Wrap
            text: window.lastError
        }

        footer: DialogButtonBox {
            Button {
                objectName: "errorOkButton"
                text: qsTr("OK")
                onClicked: errorDialog.accept()
            }
        }
    }

    Component.onCompleted: {
        if (initialPath !== "")
            projectModel.open(initialPath)
    }
}
