import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Gridmap

// Road repairs (道路维修): in the Draw tool each click on the map adds a vertex, snapped to the
// nearest road within a few pixels; a double click, Enter or Finish ends the line. The form
// (road, work type, state, dates, cost) stores it through RepairModel.save; then its length
// per cell, its overlaps with other active segments and the buildings to notify (household
// counts) are shown, and the notify list can be exported as CSV. Refusals are shown here.
Pane {
    id: panel

    required property RepairModel repairs
    property string error: ""
    property alias roadField: roadField
    property alias workTypeBox: workTypeBox
    property alias stateBox: stateBox
    property alias costField: costField
    property alias saveButton: saveButton

    padding: 8

    // Refusals of map clicks (a vertex after the end, a line too short) are shown here too.
    Connections {
        target: panel.repairs
        function onErrorOccurred(message) { panel.error = message }
        function onPointsChanged() { panel.error = "" }
    }

    function save() {
        const id = repairs.save({
            road: roadField.text,
            workType: workTypeBox.currentText,
            state: stateBox.currentValue,
            startDate: startField.text,
            endDate: endField.text,
            cost: costField.text
        })
        error = id !== "" ? "" : repairs.errorString
        return id
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        Label {
            text: qsTr("Road repair")
            font.bold: true
        }
        Label {
            objectName: "repairVertices"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Vertices: %1").arg(panel.repairs.points.length)
                  + (panel.repairs.points.length > 0 && panel.repairs.lastSnapped
                     ? " \u00b7 " + qsTr("snapped to the road") : "")
                  + (panel.repairs.finished ? " \u00b7 " + qsTr("finished") : "")
        }
        RowLayout {
            Button {
                objectName: "repairFinish"
                text: qsTr("Finish")
                enabled: !panel.repairs.finished && panel.repairs.points.length >= 2
                onClicked: panel.repairs.finish()
            }
            Button {
                text: qsTr("Remove last")
                enabled: panel.repairs.points.length > 0
                onClicked: panel.repairs.removeLastVertex()
            }
            Button {
                text: qsTr("Clear")
                onClicked: panel.repairs.clear()
            }
        }
        GridLayout {
            columns: 2
            Layout.fillWidth: true
            enabled: panel.repairs.finished
            Label { text: qsTr("Road") }
            TextField {
                id: roadField
                objectName: "repairRoad"
                Layout.fillWidth: true
            }
            Label { text: qsTr("Work") }
            ComboBox {
                id: workTypeBox
                objectName: "repairWorkType"
                Layout.fillWidth: true
                model: panel.repairs.workTypes()
            }
            Label { text: qsTr("State") }
            ComboBox {
                id: stateBox
                objectName: "repairState"
                Layout.fillWidth: true
                textRole: "text"
                valueRole: "value"
                model: [
                    { value: "planned", text: qsTr("planned") },
                    { value: "active", text: qsTr("under way") },
                    { value: "done", text: qsTr("done") }
                ]
            }
            Label { text: qsTr("Start") }
            TextField {
                id: startField
                Layout.fillWidth: true
                placeholderText: "2026-12-01"
            }
            Label { text: qsTr("End") }
            TextField {
                id: endField
                Layout.fillWidth: true
                placeholderText: "2026-12-31"
            }
            Label { text: qsTr("Cost (yuan)") }
            TextField {
                id: costField
                objectName: "repairCost"
                Layout.fillWidth: true
            }
        }
        Button {
            id: saveButton
            objectName: "repairSave"
            text: qsTr("Save segment")
            highlighted: true
            enabled: panel.repairs.finished
            onClicked: panel.save()
        }
        Label {
            objectName: "repairError"
            Layout.fillWidth: true
            visible: panel.error !== ""
            text: panel.error
            color: "#c62828"
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "repairSummary"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: panel.repairs.lastId !== ""
            text: {
                const s = panel.repairs.summary
                if (s.id === undefined)
                    return ""
                let t = qsTr("%1: %2 m").arg(s.id).arg(s.lengthM.toFixed(1))
                for (let i = 0; i < s.cells.length; ++i)
                    t += "\n" + qsTr("in cell %1: %2 m").arg(s.cells[i].cell)
                                                         .arg(s.cells[i].lengthM.toFixed(1))
                if (s.outsideM > 0)
                    t += "\n" + qsTr("outside every community: %1 m").arg(s.outsideM.toFixed(1))
                for (let j = 0; j < s.overlaps.length; ++j)
                    t += "\n" + qsTr("overlaps %1 by %2 m").arg(s.overlaps[j].other)
                                                          .arg(s.overlaps[j].lengthM.toFixed(1))
                return t
            }
        }
        Label {
            visible: panel.repairs.lastId !== ""
            font.bold: true
            text: qsTr("To notify (within 50 m): %n building(s)", "",
                       panel.repairs.notifyRows.length)
        }
        ListView {
            objectName: "notifyList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 60
            clip: true
            model: panel.repairs.notifyRows
            delegate: Label {
                required property var modelData
                width: ListView.view.width
                font.pixelSize: 12
                elide: Text.ElideRight
                text: qsTr("%1 %2 · %3 m · %4 households · %5")
                        .arg(modelData.building).arg(modelData.buildingName)
                        .arg(modelData.distanceM.toFixed(0)).arg(modelData.households)
                        .arg(modelData.captain)
            }
        }
        Button {
            objectName: "notifyExport"
            text: qsTr("Export CSV...")
            enabled: panel.repairs.lastId !== ""
            onClicked: csvDialog.open()
        }
    }

    FileDialog {
        id: csvDialog
        objectName: "notifyDialog"
        title: qsTr("Export the notify list")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "csv"
        nameFilters: [qsTr("CSV (*.csv)")]
        onAccepted: {
            if (!panel.repairs.exportNotifyCsv(selectedFile.toString()))
                panel.error = panel.repairs.errorString
        }
    }
}
