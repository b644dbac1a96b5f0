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
    readonly property SeedModel seed: seedModel
    readonly property IssueForm issueForm: issueFormDialog
    readonly property IssuePanel issuePanel: issueListPanel
    readonly property AssignPanel assignPanel: assignmentPanel
    // Presentation mode (F5): full screen, saved views as slides, the dashboard.
    readonly property PresentationMode presentation: presentationMode

    width: 1280
    height: 820
    visible: true
    title: !projectModel.isOpen ? qsTr("Gridmap")
           : projectModel.actor === "" ? qsTr("Gridmap - %1").arg(projectModel.fileName)
           : qsTr("Gridmap - %1 - %2 (%3)").arg(projectModel.fileName)
                 .arg(projectModel.actorName).arg(projectModel.actor)
    // The acting person chooser (操作人).
    readonly property ActorDialog actorChooser: actorDialog

    function showError(message) {
        lastError = message
        errorDialog.open()
    }

    // Asks who is working when the open project has persons and nobody is chosen yet.
    function askForActor() {
        if (projectModel.isOpen && projectModel.actor === "" && projectModel.persons().length > 0)
            actorDialog.open()
    }

    // A local path from a FileDialog's file: URL.
    function localPath(url) {
        const text = url.toString()
        return text.startsWith("file://") ? decodeURIComponent(text.substring(7)) : text
    }

    // Saves what the map area shows (map, scale bar, north arrow, legend) as a PNG file.
    function exportMap(url) {
        const path = localPath(url)
        return mapArea.grabToImage(function (result) {
            if (result.saveToFile(path))
                window.lastError = ""
            else
                window.showError(qsTr("%1: cannot write the image").arg(path))
        })
    }

    Shortcut {
        objectName: "openShortcut"
        sequences: [StandardKey.Open]
        onActivated: openDialog.open()
    }
    Shortcut {
        objectName: "exportShortcut"
        sequences: ["Ctrl+E"]
        enabled: projectModel.isOpen && !presentationMode.presenting
        onActivated: exportMapDialog.open()
    }
    Shortcut {
        objectName: "quitShortcut"
        sequences: [StandardKey.Quit]
        context: Qt.ApplicationShortcut
        onActivated: Qt.quit()
    }
    Shortcut {
        objectName: "undoShortcut"
        sequences: [StandardKey.Undo]
        enabled: mapView.tool === "select" && assignModel.canUndo
        onActivated: assignmentPanel.undo()
    }
    Connections {
        target: projectModel
        function onProjectChanged() { Qt.callLater(window.askForActor) }
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
    SeedModel {
        id: seedModel
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
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Open a project (Ctrl+O)")
            }
            ToolButton {
                objectName: "openDatabaseButton"
                text: qsTr("Database...")
                onClicked: databaseDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Open a project kept in PostgreSQL/PostGIS")
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
                Component.onCompleted: popup.objectName = "themePopup"
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
                        objectName: "chooseRasterItem"
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
            ToolButton {
                id: seedButton
                objectName: "seedButton"
                text: qsTr("Community work")
                checkable: true
                enabled: projectModel.isOpen
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Visits, care register, key places and points")
            }
            ToolButton {
                objectName: "exportButton"
                text: qsTr("Export PNG...")
                enabled: projectModel.isOpen
                onClicked: exportMapDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Export the map as a PNG image (Ctrl+E)")
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
            ToolButton {
                objectName: "actorButton"
                enabled: projectModel.isOpen
                text: projectModel.actor === "" ? qsTr("Who is working?")
                      : qsTr("By: %1").arg(projectModel.actorName)
                onClicked: actorDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: projectModel.actor === "" ? qsTr("Choose who makes the changes")
                              : projectModel.actor + (projectModel.actorRoles !== ""
                                                      ? " \u00b7 " + projectModel.actorRoles : "")
            }
            SearchBox {
                id: searchBox
                map: mapView
                enabled: projectModel.isOpen
                Layout.preferredWidth: 300
            }
        }
    }

    // A project kept in PostgreSQL whose server went away: said until it answers again (the
    // project then reloads by itself).
    Rectangle {
        objectName: "connectionBanner"
        visible: projectModel.connectionMessage !== ""
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: bannerText.implicitHeight + 12
        z: 10
        color: "#fdecea"
        border.color: "#c62828"

        Label {
            id: bannerText
            objectName: "connectionBannerText"
            anchors.fill: parent
            anchors.margins: 6
            wrapMode: Text.Wrap
            color: "#c62828"
            text: projectModel.connectionMessage
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
            // The side panels (layers, inspect, issues, assignments) never squeeze the map away.
            SplitView.minimumWidth: 360
            clip: true

            MapView {
                id: mapView
                objectName: "mapView"
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.bottom: parent.bottom
                // The legend has a column of its own right of the map: it covers no feature
                // however the map is panned or zoomed.
                anchors.right: legendColumn.visible ? legendColumn.left : parent.right
                project: projectModel
                theme: projectModel.mapTheme
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

            // The seed's overlay: cells whose visit coverage is low, buildings of overdue key places.
            MapOverlay {
                objectName: "seedCellOverlay"
                anchors.fill: parent
                map: mapView
                visible: seedPanel.visible && seedPanel.showOnMap
                highlightLayer: "cell"
                highlightKeys: seedModel.lowCoverageCells
                highlightColor: "#e6a100"
            }
            MapOverlay {
                objectName: "seedPlaceOverlay"
                anchors.fill: parent
                map: mapView
                visible: seedPanel.visible && seedPanel.showOnMap
                highlightLayer: "building"
                highlightKeys: seedModel.overduePlaceBuildings
                highlightColor: "#d00000"
            }

            MapTools {
                id: mapTools
                anchors.fill: mapView
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

            // The map reads the project or computes its theme off the GUI thread. Eight dots,
            // one darker, stepped four times a second: on a software renderer (llvmpipe) every
            // frame redraws the whole window, and BusyIndicator's animation asked for one per
            // vsync for as long as the map was busy (20 s after an edit at a million
            // buildings); the GUI thread waits whenever it hands over a frame while the
            // renderer is still drawing the one before, so a step waits for the last one's
            // frame to be swapped.
            Item {
                id: mapBusy
                objectName: "mapBusy"
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.margins: 8
                width: 32
                height: 32
                property bool running: mapView.busy
                property int step: 0
                property bool frameDone: true // no step while the frame of the last one is drawn
                visible: running
                ToolTip.visible: running && busyHover.hovered
                ToolTip.text: qsTr("Computing...")
                HoverHandler {
                    id: busyHover
                }
                Timer {
                    interval: 250
                    repeat: true
                    running: mapBusy.running
                    onTriggered: {
                        if (mapBusy.frameDone) {
                            mapBusy.frameDone = false
                            mapBusy.step = (mapBusy.step + 1) % 8
                        }
                    }
                }
                Connections {
                    target: mapBusy.Window.window
                    function onFrameSwapped() {
                        mapBusy.frameDone = true
                    }
                }
                Repeater {
                    model: 8
                    Rectangle {
                        required property int index
                        width: 6
                        height: 6
                        radius: 3
                        x: 13 + 12 * Math.cos(index * Math.PI / 4)
                        y: 13 + 12 * Math.sin(index * Math.PI / 4)
                        color: "#1e88e5"
                        opacity: index === mapBusy.step ? 1.0 : 0.3
                    }
                }
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

            Rectangle {
                id: legendColumn
                objectName: "legendColumn"
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.bottom: parent.bottom
                width: legend.width + 24
                color: "#ffffff"
                visible: legend.visible
                Rectangle { // the map's edge
                    width: 1
                    height: parent.height
                    color: "#c0c6cc"
                }
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
            // Beside the inspect panel one tool panel at a time: the map keeps its room.
            visible: issuesButton.checked && mapView.tool !== "select" && mapView.tool !== "draw"
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

        SeedPanel {
            id: seedPanel
            objectName: "seedPanel"
            seed: seedModel
            visible: seedButton.checked && mapView.tool !== "select" && mapView.tool !== "draw"
            SplitView.preferredWidth: 330
            SplitView.minimumWidth: 240
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
            // The new pin is chosen and brought into view at the scale the user works at.
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
                objectName: "actorLabel"
                visible: projectModel.isOpen
                text: projectModel.actor === "" ? qsTr("By: nobody chosen")
                      : qsTr("By: %1 (%2)").arg(projectModel.actorName).arg(projectModel.actor)
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
        id: exportMapDialog
        objectName: "exportMapDialog"
        title: qsTr("Export the map as PNG")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "png"
        nameFilters: [qsTr("PNG images (*.png)")]
        onAccepted: window.exportMap(selectedFile)
    }

    // The file dialogs start in the open project's folder (else where the program started).
    readonly property url projectFolder: projectModel.path !== ""
        ? "file://" + projectModel.path.substring(0, projectModel.path.lastIndexOf("/")) : ""
    Binding {
        target: openDialog
        property: "currentFolder"
        value: window.projectFolder
        when: projectModel.isOpen
    }
    Binding {
        target: exportMapDialog
        property: "currentFolder"
        value: window.projectFolder
        when: projectModel.isOpen
    }

    ActorDialog {
        id: actorDialog
        objectName: "actorDialog"
        project: projectModel
    }

    FileDialog {
        id: openDialog
        objectName: "openDialog"
        title: qsTr("Open project")
        nameFilters: [qsTr("Gridmap projects (*.gpkg)"), qsTr("All files (*)")]
        onAccepted: projectModel.open(selectedFile)
    }

    // A project kept in PostgreSQL/PostGIS: its connection string.
    Dialog {
        id: databaseDialog
        objectName: "databaseDialog"
        title: qsTr("Open a database project")
        modal: true
        anchors.centerIn: parent
        standardButtons: Dialog.Open | Dialog.Cancel
        onAccepted: projectModel.open(databaseField.text)
        ColumnLayout {
            spacing: 6
            Label {
                text: qsTr("Connection (the password from ~/.pgpass or PGPASSWORD):")
            }
            TextField {
                id: databaseField
                objectName: "databaseField"
                Layout.preferredWidth: 520
                placeholderText: "postgresql://user@host:5432/database?schema=community"
                onAccepted: databaseDialog.accept()
            }
        }
    }

    FileDialog {
        id: basemapDialog
        objectName: "basemapDialog"
        title: qsTr("Choose a basemap")
        nameFilters: [qsTr("Rasters (*.tif *.tiff *.mbtiles *.xml *.vrt *.jpg *.png)"),
                      qsTr("All files (*)")]
        onAccepted: projectModel.basemapSource = window.localPath(selectedFile)
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
