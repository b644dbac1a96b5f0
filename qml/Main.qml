import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Gridmap

// The main window: toolbar (open, theme, labels, basemap, search), layer panel, the map with
// its zoom buttons, north arrow, scale bar and legend, the inspect panel of the selected
// feature, and a status bar with the CRS and the cursor's coordinates. Bindings and layout
// only; the work is done by ProjectModel and MapView (src/quick).
ApplicationWindow {
    id: window

    // The project to open at start-up ("" = none); set by gridmap-desktop.
    property string initialPath: ""
    readonly property ProjectModel project: projectModel
    readonly property MapView map: mapView
    readonly property bool projectOpen: projectModel.isOpen
    // The last message shown to the user ("" = none).
    property string lastError: ""
    // Editing: the issues, the assignments and the new-issue form (pin mode).
    readonly property IssueModel issues: issueModel
    readonly property AssignModel assignments: assignModel
    readonly property RepairModel repairs: repairModel
    readonly property IssueForm issueForm: issueFormDialog
    readonly property IssuePanel issuePanel: issueListPanel
    readonly property AssignPanel assignPanel: assignmentPanel
    // Presentation mode (F5): full screen, saved views as slides, the dashboard.
    readonly property PresentationMode presentation: presentationMode

    width: 1280
    height: 820
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

    // Refusals of edits are shown where the edit was made and in the status bar.
    IssueModel {
        id: issueModel
        project: projectModel
        onErrorOccurred: message => window.lastError = message
    }
    AssignModel {
        id: assignModel
        project: projectModel
        map: mapView
        onErrorOccurred: message => window.lastError = message
    }
    RepairModel {
        id: repairModel
        project: projectModel
        map: mapView
        onErrorOccurred: message => window.lastError = message
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 4
            anchors.rightMargin: 8
            spacing: 4
            ToolButton {
                objectName: "openButton"
                text: qsTr("Open...")
                onClicked: openDialog.open()
            }
            ToolButton {
                text: qsTr("Close")
                enabled: projectModel.isOpen
                onClicked: projectModel.close()
            }
            ToolSeparator {}
            Label {
                text: qsTr("Theme")
            }
            ComboBox {
                id: themeBox
                objectName: "themeBox"
                enabled: projectModel.isOpen
                textRole: "text"
                valueRole: "value"
                implicitContentWidthPolicy: ComboBox.WidestText
                // The themes are declared once in C++ (gridmap::map_themes()).
                model: mapView.themes
                currentIndex: mapView.themes.findIndex(t => t.value === projectModel.mapTheme)
                onActivated: projectModel.mapTheme = currentValue
            }
            CheckBox {
                id: labelsCheckBox
                objectName: "labelsCheck"
                text: qsTr("Labels")
                checked: true
            }
            ToolButton {
                objectName: "basemapButton"
                text: projectModel.basemapSource === "" ? qsTr("Basemap...") : qsTr("Basemap \u2713")
                enabled: projectModel.isOpen
                onClicked: basemapMenu.open()
                Menu {
                    id: basemapMenu
                    y: parent.height
                    MenuItem {
                        text: qsTr("Choose a raster (GeoTIFF, MBTiles, WMTS XML)...")
                        onTriggered: basemapDialog.open()
                    }
                    MenuItem {
                        text: qsTr("No basemap")
                        enabled: projectModel.basemapSource !== ""
                        onTriggered: projectModel.basemapSource = ""
                    }
                }
            }
            ToolSeparator {}
            ToolButton {
                objectName: "pinTool"
                text: qsTr("Pin issue")
                checkable: true
                checked: mapView.tool === "pin"
                enabled: projectModel.writable
                onClicked: mapView.tool = checked ? "pin" : "browse"
            }
            ToolButton {
                objectName: "selectTool"
                text: qsTr("Assign")
                checkable: true
                checked: mapView.tool === "select"
                enabled: projectModel.writable
                onClicked: mapView.tool = checked ? "select" : "browse"
            }
            ToolButton {
                objectName: "drawTool"
                text: qsTr("Draw repair")
                checkable: true
                checked: mapView.tool === "draw"
                enabled: projectModel.writable
                onClicked: mapView.tool = checked ? "draw" : "browse"
            }
            ToolButton {
                id: issuesButton
                objectName: "issuesButton"
                text: qsTr("Issue list")
                checkable: true
                checked: mapView.tool === "pin"
                enabled: projectModel.isOpen
            }
            ToolSeparator {}
            ToolButton {
                objectName: "presentButton"
                text: qsTr("Present (F5)")
                enabled: projectModel.isOpen
                onClicked: presentationMode.present()
            }
            Item {
                Layout.fillWidth: true
            }
            SearchBox {
                id: searchBox
                map: mapView
                enabled: projectModel.isOpen
                Layout.preferredWidth: 300
            }
        }
    }

    SplitView {
        anchors.fill: parent

        LayerPanel {
            id: layerPanel
            objectName: "layerPanel"
            model: projectModel.layers
            SplitView.preferredWidth: 270
            SplitView.minimumWidth: 200
            onZoomToLayerRequested: name => mapView.zoomToLayer(name)
        }

        Item {
            id: mapArea
            SplitView.fillWidth: true
            clip: true

            MapView {
                id: mapView
                objectName: "mapView"
                anchors.fill: parent
                project: projectModel
                theme: projectModel.mapTheme
                reservedRight: legend.visible ? legend.width + 24 : 0 // the data clear of the legend
                labelsVisible: labelsCheckBox.checked
                basemapSource: projectModel.basemapSource
                onErrorOccurred: message => window.showError(message)

                PinchHandler {
                    id: pinch
                    target: null
                    property real last: 1
                    onActiveChanged: last = 1
                    onActiveScaleChanged: {
                        mapView.zoomBy(activeScale / last, centroid.position.x,
                                       centroid.position.y)
                        last = activeScale
                    }
                }
            }

            MapTools {
                id: mapTools
                anchors.fill: parent
                map: mapView
                issueForm: issueFormDialog
                assignments: assignModel
                repairs: repairModel
                lasso: assignmentPanel.lasso
            }

            Label {
                anchors.centerIn: parent
                visible: !projectModel.isOpen
                text: qsTr("Open a project (.gpkg) to see its map.")
                color: "#5f6b76"
            }

            Column {
                objectName: "zoomButtons"
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.margins: 10
                spacing: 4
                visible: projectModel.isOpen
                RoundButton {
                    objectName: "zoomInButton"
                    text: "+"
                    font.pixelSize: 18
                    onClicked: mapView.zoomIn()
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Zoom in")
                }
                RoundButton {
                    objectName: "zoomOutButton"
                    text: "\u2212"
                    font.pixelSize: 18
                    onClicked: mapView.zoomOut()
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Zoom out")
                }
                RoundButton {
                    objectName: "fitButton"
                    text: "\u2302"
                    onClicked: mapView.fitToData()
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Fit to data")
                }
            }

            Rectangle {
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.margins: 10
                width: 44
                height: 62
                radius: 4
                color: "#c8ffffff"
                visible: projectModel.isOpen
                MapNorthArrow {
                    anchors.fill: parent
                    anchors.margins: 6
                }
            }

            MapScaleBar {
                objectName: "scaleBar"
                map: mapView
                anchors.left: parent.left
                anchors.bottom: parent.bottom
                anchors.margins: 12
                width: 140
                height: 30
                visible: projectModel.isOpen
            }

            MapLegend {
                id: legend
                objectName: "legend"
                map: mapView
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: 12
                width: implicitWidth
                height: implicitHeight
                visible: projectModel.isOpen && legendCheck.checked && entryCount > 0
            }
            CheckBox {
                id: legendCheck
                objectName: "legendCheck"
                anchors.right: parent.right
                anchors.bottom: legend.visible ? legend.top : parent.bottom
                anchors.margins: 8
                text: qsTr("Legend")
                checked: true
                visible: projectModel.isOpen
                background: Rectangle { color: "#c8ffffff"; radius: 3 }
            }
        }

        InspectPanel {
            id: inspectPanel
            objectName: "inspectPanel"
            map: mapView
            project: projectModel
            visible: mapView.selectedKey !== ""
            SplitView.preferredWidth: 300
            SplitView.minimumWidth: 220
        }

        IssuePanel {
            id: issueListPanel
            objectName: "issuePanel"
            issues: issueModel
            map: mapView
            visible: issuesButton.checked
            onNewIssueRequested: issueFormDialog.open()
            SplitView.preferredWidth: 330
            SplitView.minimumWidth: 240
        }

        AssignPanel {
            id: assignmentPanel
            objectName: "assignPanel"
            assignments: assignModel
            visible: mapView.tool === "select"
            SplitView.preferredWidth: 300
            SplitView.minimumWidth: 220
        }

        RepairPanel {
            id: repairPanel
            objectName: "repairPanel"
            repairs: repairModel
            visible: mapView.tool === "draw"
            SplitView.preferredWidth: 300
            SplitView.minimumWidth: 220
        }
    }

    IssueForm {
        id: issueFormDialog
        objectName: "issueForm"
        issues: issueModel
        map: mapView
        x: layerPanel.width + 16
        y: 16
        onSaved: result => {
            issuesButton.checked = true
            issueListPanel.show(result.id)
            window.lastError = ""
        }
    }

    PresentationMode {
        id: presentationMode
        objectName: "presentationMode"
        project: projectModel
        window: window
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
                objectName: "cursorLabel"
                visible: mapView.cursorValid
                font.family: "monospace"
                text: mapView.cursorValid
                      ? qsTr("Lon %1\u00b0 Lat %2\u00b0 (CGCS2000)  X %3 Y %4 m (EPSG:%5)")
                            .arg(mapView.cursorLon.toFixed(6)).arg(mapView.cursorLat.toFixed(6))
                            .arg(mapView.cursorX.toFixed(1)).arg(mapView.cursorY.toFixed(1))
                            .arg(projectModel.epsg)
                      : ""
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

    FileDialog {
        id: basemapDialog
        title: qsTr("Choose a basemap")
        nameFilters: [qsTr("Rasters (*.tif *.tiff *.mbtiles *.xml *.vrt *.jpg *.png)"),
                      qsTr("All files (*)")]
        onAccepted: {
            const url = selectedFile.toString()
            projectModel.basemapSource = url.startsWith("file://")
                    ? decodeURIComponent(url.substring(7)) : url
        }
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
