import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Gridmap

// Assignments on the map (分工): the buildings selected on the map (click, shift-click, lasso by
// Ctrl-drag or the Lasso switch), a party group or a building captain to give all of them,
// Undo of the last change set, the coverage figures (they follow every change at once) and
// the assignment log. A refusal is shown in the panel.
Pane {
    id: panel

    required property AssignModel assignments
    // Whether a drag on the map draws a lasso (else only Ctrl-drag does).
    property alias lasso: lassoSwitch.checked
    property string error: ""
    property alias roleBox: roleBox
    property alias whoBox: whoBox
    property alias assignButton: assignButton
    property alias undoButton: undoButton

    padding: 8

    function assign() {
        const entries = roleBox.currentValue === "party_group" ? assignments.partyGroups
                                                                : assignments.people
        const who = whoBox.currentIndex >= 0 && whoBox.currentIndex < entries.length
                  ? entries[whoBox.currentIndex].id : whoBox.editText
        const ok = assignments.assign(roleBox.currentValue, who, "")
        error = ok ? "" : assignments.errorString
        return ok
    }

    function undo() {
        const ok = assignments.undo()
        error = ok ? "" : assignments.errorString
        return ok
    }

    // assign() and undo() hand the change to the project's writer: a refusal arrives later.
    Connections {
        target: panel.assignments
        function onEditFailed(message) {
            panel.error = message
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        Label {
            text: qsTr("Assign to buildings")
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.75
            text: qsTr("Click a building, shift-click to add or remove, Ctrl-drag for a lasso.")
        }
        Switch {
            id: lassoSwitch
            objectName: "lassoSwitch"
            text: qsTr("Lasso")
        }
        Label {
            objectName: "selectionLabel"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Selected: %n building(s)", "", panel.assignments.selection.length)
                  + (panel.assignments.selection.length > 0
                     ? " (" + panel.assignments.selection.join(", ") + ")" : "")
        }
        ComboBox {
            id: roleBox
            objectName: "assignRole"
            Layout.fillWidth: true
            textRole: "text"
            valueRole: "value"
            model: [
                { value: "party_group", text: qsTr("Party group") },
                { value: "building_captain", text: qsTr("Building captain") },
                { value: "unit_captain", text: qsTr("Unit captain of their units") },
                { value: "compound_captain", text: qsTr("Compound captain of their compounds") },
                { value: "grid_worker", text: qsTr("Grid worker of their cells") },
                { value: "household_pairing", text: qsTr("Pair with their households") }
            ]
        }
        ComboBox {
            id: whoBox
            objectName: "assignWho"
            Layout.fillWidth: true
            editable: true
            // Built when the panel is shown: a city has tens of thousands of party groups, and
            // turning them into a list takes the GUI thread a while (not at every project open).
            model: {
                if (!panel.visible)
                    return []
                const entries = roleBox.currentValue === "party_group"
                              ? panel.assignments.partyGroups : panel.assignments.people
                const out = []
                for (let i = 0; i < entries.length; ++i)
                    out.push(entries[i].name + " (" + entries[i].id + ")")
                return out
            }
        }
        RowLayout {
            Button {
                id: assignButton
                objectName: "assignButton"
                text: qsTr("Assign")
                highlighted: true
                enabled: panel.assignments.selection.length > 0 && !panel.assignments.saving
                onClicked: panel.assign()
            }
            Button {
                id: undoButton
                objectName: "undoButton"
                text: qsTr("Undo")
                enabled: panel.assignments.canUndo && !panel.assignments.saving
                onClicked: panel.undo()
            }
            Button {
                text: qsTr("Clear")
                onClicked: panel.assignments.clearSelection()
            }
        }
        Label {
            objectName: "assignError"
            Layout.fillWidth: true
            visible: panel.error !== ""
            text: panel.error
            color: "#c62828"
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "partyGroupCoverage"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Party group coverage: %1 of %2 buildings")
                    .arg(panel.assignments.withPartyGroup)
                    .arg(panel.assignments.residentialBuildings)
        }
        Label {
            objectName: "captainCoverage"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Building captain coverage: %1 of %2 buildings")
                    .arg(panel.assignments.withCaptain)
                    .arg(panel.assignments.residentialBuildings)
        }
        Label {
            text: qsTr("Log")
            font.bold: true
        }
        ListView {
            objectName: "assignLog"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 80
            clip: true
            model: panel.assignments.log
            ScrollBar.vertical: ScrollBar {}
            delegate: Label {
                required property var modelData
                width: ListView.view.width
                font.pixelSize: 12
                elide: Text.ElideRight
                text: modelData.at.substring(5, 16) + " " + modelData.text
            }
        }
    }
}
