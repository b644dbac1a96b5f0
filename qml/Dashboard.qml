import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Gridmap

// The dashboard of presentation mode, beside the map: coverage shares of the community (with
// the change since the previous snapshot) and of every compound and cell, open issues by state
// and category, overdue issues, repair progress and the pledges (十件实事). Large type and high
// contrast for a projector. Shows MeetingModel.dashboard only: no resident names or phones.
Rectangle {
    id: root

    property var figures: ({})
    // Sizes grow with the screen (a projector is seen from afar).
    property real unit: Math.max(14, Math.min(width / 22, 30))

    color: "#000000"

    readonly property var metricTitles: ({
        party_group: qsTr("Party groups"),
        building_captain: qsTr("Building captains"),
        unit_captain: qsTr("Unit captains"),
        grid_worker: qsTr("Grid workers"),
        household_pairing: qsTr("Household pairing"),
        issues_open: qsTr("Open issues"),
        issues_resolved: qsTr("Resolved issues")
    })
    readonly property var stateTitles: ({
        reported: qsTr("Reported"),
        dispatched: qsTr("Dispatched"),
        accepted: qsTr("Accepted"),
        resolved: qsTr("Resolved"),
        verified: qsTr("Verified"),
        rejected: qsTr("Rejected")
    })

    component Heading: Label {
        color: "#ffd600"
        font.pixelSize: root.unit * 1.1
        font.bold: true
        topPadding: root.unit * 0.6
    }
    component Line: Label {
        color: "#ffffff"
        font.pixelSize: root.unit * 0.85
        Layout.fillWidth: true
        wrapMode: Text.Wrap
    }
    component Bar: Rectangle {
        property real share: 0
        Layout.fillWidth: true
        height: root.unit * 0.5
        color: "#333333"
        Rectangle {
            width: parent.width * Math.max(0, Math.min(1, parent.share))
            height: parent.height
            color: "#00e676"
        }
    }

    Flickable {
        anchors.fill: parent
        anchors.margins: root.unit * 0.6
        contentHeight: column.implicitHeight
        clip: true

        ColumnLayout {
            id: column
            width: parent.width
            spacing: root.unit * 0.25

            Label {
                objectName: "dashboardTitle"
                text: root.figures.communityName || ""
                color: "#ffffff"
                font.pixelSize: root.unit * 1.5
                font.bold: true
            }
            Line {
                objectName: "deltaLine"
                visible: root.figures.hasDelta === true
                text: qsTr("Change since the previous snapshot: %1 \u2192 %2")
                          .arg(root.figures.deltaFrom || "").arg(root.figures.deltaTo || "")
                color: "#bbbbbb"
            }

            Heading { text: qsTr("Coverage") }
            Repeater {
                model: root.figures.community || []
                delegate: RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    Line {
                        text: root.metricTitles[modelData.metric] || modelData.metric
                    }
                    Label {
                        text: modelData.text
                        color: "#ffffff"
                        font.pixelSize: root.unit
                        font.bold: true
                    }
                    Label {
                        visible: modelData.change !== undefined
                        text: modelData.change === undefined ? ""
                              : (modelData.change >= 0 ? "\u25b2 " : "\u25bc ") + modelData.changeText
                        color: modelData.change >= 0 ? "#00e676" : "#ff5252"
                        font.pixelSize: root.unit * 0.75
                    }
                }
            }

            Heading { text: qsTr("Compounds and cells") }
            GridLayout {
                objectName: "areaTable"
                columns: 5
                columnSpacing: root.unit * 0.6
                rowSpacing: 2
                Layout.fillWidth: true
                Repeater {
                    model: [qsTr("Name"), qsTr("Party groups"), qsTr("Building captains"),
                            qsTr("Unit captains"), qsTr("Household pairing")]
                    delegate: Label {
                        required property string modelData
                        text: modelData
                        color: "#bbbbbb"
                        font.pixelSize: root.unit * 0.6
                        Layout.fillWidth: index === 0
                        required property int index
                    }
                }
                Repeater {
                    model: {
                        const cells = []
                        for (const row of (root.figures.areas || []))
                            cells.push(row.name, row.party_group, row.building_captain,
                                       row.unit_captain, row.household_pairing)
                        return cells
                    }
                    delegate: Label {
                        required property var modelData
                        text: modelData === undefined ? "\u2014" : modelData
                        color: "#ffffff"
                        font.pixelSize: root.unit * 0.65
                    }
                }
            }

            Heading { text: qsTr("Open issues: %1, overdue: %2").arg(root.figures.openTotal || 0)
                                                                 .arg(root.figures.overdue || 0) }
            Line {
                objectName: "openByState"
                text: (root.figures.openByState || []).map(
                          s => (root.stateTitles[s.state] || s.state) + " " + s.count).join("   ")
            }
            Line {
                text: (root.figures.openByCategory || []).map(
                          c => c.category + " " + c.count).join("   ")
            }

            Heading { text: qsTr("Road repairs") }
            Line {
                text: qsTr("%1 km of %2 km done, %3 km under way")
                          .arg(((root.figures.repairs || {}).doneKm || 0).toFixed(2))
                          .arg(((root.figures.repairs || {}).plannedKm || 0).toFixed(2))
                          .arg(((root.figures.repairs || {}).activeKm || 0).toFixed(2))
            }
            Bar { share: (root.figures.repairs || {}).share || 0 }

            Heading { text: qsTr("Pledges") }
            Repeater {
                model: root.figures.pledges || []
                delegate: ColumnLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: 2
                    Line {
                        text: modelData.title + "  " + modelData.text + "  "
                              + modelData.percent.toFixed(0) + "%"
                    }
                    Bar { share: modelData.percent / 100 }
                }
            }
        }
    }
}
