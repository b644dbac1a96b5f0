import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Gridmap

// Presentation mode (issue 7): the window goes full screen, the map and the dashboard fill it
// in high contrast, and the saved views are stepped through like slides with the arrow keys
// (the map zooms to the view's extent and shows its theme and layers). Esc leaves and restores
// the window and the map's theme and layers. No resident names or phones are shown.
Popup {
    id: root

    required property ProjectModel project
    // The window to make full screen (its visibility is restored on leaving).
    property Window window: null
    readonly property bool active: presenting
    property bool presenting: false
    readonly property MeetingModel meeting: meetingModel
    readonly property MapView map: presentMap
    property int savedVisibility: Window.Windowed

    parent: Overlay.overlay
    x: 0
    y: 0
    width: parent ? parent.width : 0
    height: parent ? parent.height : 0
    padding: 0
    modal: true
    dim: false
    focus: true
    closePolicy: Popup.NoAutoClose

    function present() {
        if (presenting || !project.isOpen)
            return
        if (window) {
            savedVisibility = window.visibility
            window.showFullScreen()
        }
        presenting = true
        open()
        presentMap.fitToData()
        meetingModel.begin()
    }

    function leave() {
        if (!presenting)
            return
        meetingModel.end()
        presenting = false
        close()
        if (window)
            window.visibility = savedVisibility === Window.FullScreen ? Window.Windowed
                                                                      : savedVisibility
    }

    MeetingModel {
        id: meetingModel
        project: root.project
        map: presentMap
    }

    Shortcut {
        sequences: ["Right", "PgDown", "Space"]
        enabled: root.presenting
        onActivated: meetingModel.next()
    }
    Shortcut {
        sequences: ["Left", "PgUp"]
        enabled: root.presenting
        onActivated: meetingModel.previous()
    }
    Shortcut {
        objectName: "presentShortcut"
        sequence: "F5"
        context: Qt.ApplicationShortcut
        enabled: !root.presenting && root.project.isOpen
        onActivated: root.present()
    }
    Shortcut {
        objectName: "leaveShortcut"
        sequence: "Esc"
        enabled: root.presenting && !exportDialog.visible
        onActivated: root.leave()
    }
    Shortcut {
        objectName: "exportViewShortcut"
        sequence: "Ctrl+E"
        enabled: root.presenting && !exportDialog.visible
        onActivated: {
            exportDialog.all = false
            exportDialog.open()
        }
    }

    background: Rectangle { color: "#000000" }

    contentItem: RowLayout {
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: titleLabel.implicitHeight + 16
                color: "#000000"
                RowLayout {
                    anchors.fill: parent
                    anchors.margins: 8
                    Label {
                        id: titleLabel
                        objectName: "slideTitle"
                        Layout.fillWidth: true
                        text: meetingModel.currentIndex >= 0
                              ? meetingModel.currentView.title
                              : (meetingModel.count === 0
                                 ? qsTr("No saved views: the whole community")
                                 : "")
                        color: "#ffffff"
                        font.pixelSize: Math.max(24, root.height / 24)
                        font.bold: true
                        elide: Text.ElideRight
                    }
                    Label {
                        objectName: "slideNumber"
                        visible: meetingModel.count > 0
                        text: qsTr("%1 / %2").arg(meetingModel.currentIndex + 1).arg(meetingModel.count)
                        color: "#ffd600"
                        font.pixelSize: Math.max(20, root.height / 30)
                    }
                    Button {
                        objectName: "exportViewButton"
                        text: qsTr("Export view...")
                        onClicked: {
                            exportDialog.all = false
                            exportDialog.open()
                        }
                    }
                    Button {
                        objectName: "exportViewsButton"
                        text: qsTr("Export all views...")
                        enabled: meetingModel.count > 0
                        onClicked: {
                            exportDialog.all = true
                            exportDialog.open()
                        }
                    }
                    Button {
                        objectName: "saveViewButton"
                        text: qsTr("Save as view...")
                        enabled: root.project !== null && root.project.writable
                        onClicked: {
                            viewTitleField.text = ""
                            saveViewDialog.error = ""
                            saveViewDialog.open()
                        }
                    }
                    Button {
                        objectName: "leaveButton"
                        text: qsTr("Leave (Esc)")
                        onClicked: root.leave()
                    }
                }
            }

            // The map and, right of it, the legend in a column of its own (as in the main
            // window): the legend covers no feature however the slide is panned or zoomed.
            Item {
                id: mapArea
                Layout.fillWidth: true
                Layout.fillHeight: true

                MapView {
                    id: presentMap
                    objectName: "presentationMap"
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.bottom: parent.bottom
                    anchors.right: presentLegendColumn.visible ? presentLegendColumn.left
                                                               : parent.right
                    project: root.presenting ? root.project : null
                    labelsVisible: true
                    fillColor: "#ffffff"
                    // The window goes full screen after the first view was shown: fit it again.
                    onWidthChanged: refit.restart()
                    onHeightChanged: refit.restart()

                    Timer {
                        id: refit
                        interval: 30
                        onTriggered: if (meetingModel.currentIndex >= 0)
                                         meetingModel.showView(meetingModel.currentIndex)
                    }

                    MapScaleBar {
                        map: presentMap
                        anchors.left: parent.left
                        anchors.bottom: parent.bottom
                        anchors.margins: 12
                        width: 160
                        height: 34
                    }
                    Rectangle {
                        anchors.right: parent.right
                        anchors.top: parent.top
                        anchors.margins: 10
                        width: 48
                        height: 66
                        radius: 4
                        color: "#e6ffffff"
                        MapNorthArrow {
                            anchors.fill: parent
                            anchors.margins: 6
                        }
                    }
                }

                Rectangle {
                    id: presentLegendColumn
                    objectName: "presentationLegendColumn"
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.bottom: parent.bottom
                    width: presentLegend.width + 24
                    color: "#ffffff"
                    visible: presentLegend.visible
                    Rectangle { // the map's edge
                        width: 1
                        height: parent.height
                        color: "#c0c6cc"
                    }
                }

                MapLegend {
                    id: presentLegend
                    objectName: "presentationLegend"
                    map: presentMap
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    anchors.margins: 12
                    width: implicitWidth
                    height: implicitHeight
                    visible: entryCount > 0
                }
            }
        }

        Dashboard {
            objectName: "dashboard"
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(360, root.width * 0.34)
            figures: meetingModel.dashboard
        }
    }

    // The map as it is now (extent, theme, visible layers) becomes the last saved view.
    Dialog {
        id: saveViewDialog
        objectName: "saveViewDialog"
        property string error: ""
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        title: qsTr("Save the map as a view")
        standardButtons: Dialog.Save | Dialog.Cancel
        ColumnLayout {
            TextField {
                id: viewTitleField
                objectName: "viewTitleField"
                Layout.preferredWidth: 420
                placeholderText: qsTr("Title of the view, e.g. 第一网格问题")
            }
            Label {
                objectName: "saveViewError"
                visible: saveViewDialog.error !== ""
                text: saveViewDialog.error
                color: "#ff8a80"
            }
        }
        onAccepted: {
            const id = meetingModel.saveCurrentView(viewTitleField.text)
            error = id === "" ? meetingModel.errorString : ""
            if (id === "")
                Qt.callLater(open) // the refusal stays in front of the user
        }
    }

    // PNG or PDF by the extension; every saved view: one PDF page (or PNG file) each.
    FileDialog {
        id: exportDialog
        objectName: "exportViewDialog"
        property bool all: false
        title: all ? qsTr("Export all saved views") : qsTr("Export the current view")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("PDF (*.pdf)"), qsTr("PNG image (*.png)")]
        onAccepted: all ? meetingModel.exportAll(selectedFile) : meetingModel.exportCurrent(selectedFile)
    }
}
