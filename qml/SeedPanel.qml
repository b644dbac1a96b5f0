import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Gridmap

// The seed's work (走访, 重点人群, 巡查, 积分): the month's figures read through SeedModel, the
// visit entry form (recorded by the acting person), visit coverage per cell, key places with
// their patrol state, the points ranking, and the care register for those geo lets see it
// (grid workers, paired members). The map overlay (cells below the coverage threshold,
// buildings of overdue key places) is drawn by Main.qml while "Show on map" is checked.
Pane {
    id: panel

    required property SeedModel seed
    property string error: ""
    property string message: ""
    property alias showOnMap: showOnMapCheck.checked
    property alias householdField: householdField
    property alias kindBox: kindBox
    property alias saveVisitButton: saveVisitButton
    property alias placeBox: placeBox
    property alias patrolDateField: patrolDateField
    property alias careHouseholdField: careHouseholdField
    property alias careTagBox: careTagBox
    property alias careSinceField: careSinceField
    property alias careForm: careForm
    property var careRows: []

    padding: 8

    Connections {
        target: panel.seed
        function onErrorOccurred(message) { panel.error = message }
    }

    function savePatrol() {
        const id = seed.addPatrol({
            place: placeBox.currentValue ?? "",
            date: patrolDateField.text,
            findings: patrolFindingsField.text
        })
        error = id !== "" ? "" : seed.errorString
        message = id !== "" ? qsTr("Patrol %1 recorded.").arg(id) : ""
        return id
    }

    function saveCareTag() {
        const ok = seed.addCareTag({
            household: careHouseholdField.text,
            tag: careTagBox.currentText,
            since: careSinceField.text
        })
        error = ok ? "" : seed.errorString
        message = ok ? qsTr("%1 tagged %2.").arg(careHouseholdField.text).arg(careTagBox.currentText) : ""
        return ok
    }

    function saveVisit() {
        const id = seed.addVisit({
            household: householdField.text,
            building: buildingField.text,
            kind: kindBox.currentText,
            date: dateField.text,
            findings: findingsField.text
        })
        error = id !== "" ? "" : seed.errorString
        message = id !== "" ? qsTr("Visit %1 recorded.").arg(id) : ""
        return id
    }

    FileDialog {
        id: exportDialog
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("PDF (*.pdf)"), qsTr("CSV (*.csv)")]
        onAccepted: {
            if (panel.seed.exportPoints(selectedFile)) {
                panel.message = qsTr("Points notice written.")
                panel.error = ""
            }
        }
    }

    FileDialog {
        id: planDialog
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("PDF (*.pdf)")]
        onAccepted: {
            const pages = panel.seed.exportSweepPlan(selectedFile)
            if (pages > 0) {
                panel.message = qsTr("Sweep plan written (%1 pages).").arg(pages)
                panel.error = ""
            }
        }
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: parent.width
            spacing: 6

            RowLayout {
                Label {
                    text: qsTr("Community work")
                    font.bold: true
                    Layout.fillWidth: true
                }
                TextField {
                    objectName: "seedMonth"
                    text: panel.seed.month
                    implicitWidth: 90
                    onEditingFinished: panel.seed.month = text
                }
            }
            CheckBox {
                id: showOnMapCheck
                objectName: "seedShowOnMap"
                text: qsTr("Show on map (low visit coverage, overdue patrols)")
            }

            // ---- the month's figures
            Label {
                objectName: "seedVisits"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Visits this month: %1, households %2, by %3 people, %4 follow-up issues")
                      .arg(panel.seed.summary.visits ?? 0).arg(panel.seed.summary.households ?? 0)
                      .arg(panel.seed.summary.members ?? 0).arg(panel.seed.summary.issues ?? 0)
            }
            Label {
                objectName: "seedCare"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                // Counts only: the care register's households are listed below only on request.
                text: qsTr("Care register: %1 entries, %2 households, %3 unpaired, %4 not visited within %5 days")
                      .arg(panel.seed.summary.careEntries ?? 0).arg(panel.seed.summary.careHouseholds ?? 0)
                      .arg(panel.seed.summary.careUnpaired ?? 0).arg(panel.seed.summary.careDue ?? 0)
                      .arg(panel.seed.summary.careVisitDays ?? 30)
            }
            Label {
                objectName: "seedPlaces"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Key places: %1, overdue %2; patrols this month: %3")
                      .arg(panel.seed.summary.places ?? 0).arg(panel.seed.summary.placesOverdue ?? 0)
                      .arg(panel.seed.summary.patrols ?? 0)
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Check-in rate %1; pairing sign-up %2; night patrol sign-up %3")
                      .arg(panel.seed.summary.checkin ?? "").arg(panel.seed.summary.pairing ?? "")
                      .arg(panel.seed.summary.patrolling ?? "")
            }

            // ---- visit entry
            Label {
                text: qsTr("Record a visit")
                font.bold: true
            }
            GridLayout {
                columns: 2
                Layout.fillWidth: true
                Label { text: qsTr("Household") }
                TextField {
                    id: householdField
                    objectName: "visitHousehold"
                    Layout.fillWidth: true
                    placeholderText: qsTr("household id, e.g. H00001")
                }
                Label { text: qsTr("or building") }
                TextField {
                    id: buildingField
                    Layout.fillWidth: true
                    placeholderText: qsTr("building id (a sweep)")
                }
                Label { text: qsTr("Kind") }
                ComboBox {
                    id: kindBox
                    objectName: "visitKind"
                    Layout.fillWidth: true
                    model: panel.seed.visitKinds()
                }
                Label { text: qsTr("Date") }
                TextField {
                    id: dateField
                    Layout.fillWidth: true
                    placeholderText: qsTr("today (YYYY-MM-DD)")
                }
                Label { text: qsTr("Findings") }
                TextField {
                    id: findingsField
                    Layout.fillWidth: true
                }
            }
            Button {
                id: saveVisitButton
                objectName: "saveVisit"
                text: qsTr("Save visit")
                enabled: householdField.text !== "" || buildingField.text !== ""
                onClicked: panel.saveVisit()
            }
            Button {
                objectName: "printSweepPlan"
                text: qsTr("My sweep plan (PDF)...")
                onClicked: planDialog.open()
            }
            // ---- patrol entry (by the acting person)
            Label {
                text: qsTr("Record a patrol")
                font.bold: true
            }
            GridLayout {
                columns: 2
                Layout.fillWidth: true
                Label { text: qsTr("Key place") }
                ComboBox {
                    id: placeBox
                    objectName: "patrolPlace"
                    Layout.fillWidth: true
                    model: panel.seed.places
                    textRole: "name"
                    valueRole: "id"
                }
                Label { text: qsTr("Date") }
                TextField {
                    id: patrolDateField
                    Layout.fillWidth: true
                    placeholderText: qsTr("today (YYYY-MM-DD)")
                }
                Label { text: qsTr("Findings") }
                TextField {
                    id: patrolFindingsField
                    Layout.fillWidth: true
                }
            }
            Button {
                objectName: "savePatrol"
                text: qsTr("Save patrol")
                enabled: placeBox.count > 0
                onClicked: panel.savePatrol()
            }

            // ---- care register entry: grid workers only (geo's rule)
            Label {
                text: qsTr("Tag a household in the care register")
                font.bold: true
            }
            Label {
                visible: !panel.seed.mayChangeCare
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#606060"
                text: qsTr("Only grid workers may change the care register.")
            }
            GridLayout {
                id: careForm
                columns: 2
                Layout.fillWidth: true
                enabled: panel.seed.mayChangeCare
                Label { text: qsTr("Household") }
                TextField {
                    id: careHouseholdField
                    Layout.fillWidth: true
                    placeholderText: qsTr("household id, e.g. H00001")
                }
                Label { text: qsTr("Tag") }
                ComboBox {
                    id: careTagBox
                    Layout.fillWidth: true
                    model: panel.seed.careTags()
                }
                Label { text: qsTr("Since") }
                TextField {
                    id: careSinceField
                    Layout.fillWidth: true
                    placeholderText: qsTr("YYYY-MM-DD (optional)")
                }
            }
            Button {
                objectName: "saveCareTag"
                text: qsTr("Save tag")
                enabled: panel.seed.mayChangeCare && careHouseholdField.text !== ""
                onClicked: panel.saveCareTag()
            }

            Label {
                objectName: "seedError"
                visible: panel.error !== ""
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#b00020"
                text: panel.error
            }
            Label {
                visible: panel.message !== ""
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#1b5e20"
                text: panel.message
            }

            // ---- coverage per cell
            Label {
                text: qsTr("Visit coverage by cell (within %1 days)").arg(panel.seed.summary.visitIntervalDays ?? 90)
                font.bold: true
            }
            // A list that makes only the rows in sight (a city has 10,000 cells: a Repeater made
            // a label for each on the GUI thread after every edit, 0.3 s at 1M buildings).
            ListView {
                objectName: "seedCellList"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, 260)
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                model: panel.seed.cells
                delegate: Label {
                    required property var modelData
                    width: ListView.view.width
                    color: modelData.households > 0 && modelData.share < 0.8 ? "#b00020" : "#202020"
                    text: qsTr("%1: %2 of %3 (%4%)").arg(modelData.cell).arg(modelData.visited)
                          .arg(modelData.households).arg((modelData.share * 100).toFixed(1))
                }
            }

            // ---- key places
            Label {
                text: qsTr("Key places")
                font.bold: true
            }
            ListView {
                objectName: "seedPlaceList"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, 260)
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                model: panel.seed.places
                delegate: Label {
                    required property var modelData
                    width: ListView.view.width
                    wrapMode: Text.Wrap
                    color: modelData.overdue ? "#b00020" : "#202020"
                    text: modelData.id + " " + modelData.name + " (" + modelData.kind + ") "
                          + (modelData.lastPatrol === "" ? qsTr("never patrolled")
                                                        : qsTr("last patrolled %1").arg(modelData.lastPatrol))
                          + (modelData.overdue ? " \u00b7 " + qsTr("overdue") : "")
                }
            }

            // ---- points
            RowLayout {
                Label {
                    text: qsTr("Points")
                    font.bold: true
                    Layout.fillWidth: true
                }
                Button {
                    text: qsTr("Export notice...")
                    onClicked: exportDialog.open()
                }
            }
            Repeater {
                model: panel.seed.ranking
                Label {
                    required property var modelData
                    Layout.fillWidth: true
                    text: modelData.rank + ". " + modelData.name + "  " + modelData.points
                          + (modelData.group !== "" ? "  " + modelData.group : "")
                }
            }

            // ---- the care register, for those allowed
            Button {
                objectName: "loadCare"
                text: qsTr("Show care register")
                onClicked: {
                    panel.careRows = panel.seed.loadCare()
                    panel.error = panel.careRows.length === 0 ? panel.seed.errorString : ""
                }
            }
            Repeater {
                model: panel.careRows
                Label {
                    required property var modelData
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: modelData.due ? "#b00020" : "#202020"
                    text: (modelData.household !== "" ? modelData.household : modelData.person)
                          + " " + modelData.tag + " \u00b7 " + qsTr("paired: %1").arg(modelData.paired || qsTr("none"))
                          + " \u00b7 " + qsTr("last visit: %1").arg(modelData.lastVisit || qsTr("never"))
                }
            }
        }
    }
}
