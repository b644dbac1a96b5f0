import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Gridmap

// The dashboard of presentation mode, beside the map: coverage shares of the community (with
// the change between the last two snapshots, with their dates; an arrow only when a value
// changed) and of every compound and cell, open issues by state and category, overdue issues,
// the on-time rate and average handling time, the overdue or stuck orders, the trend of open
// issues over 6 months, the ranking of cells and grid workers, repair progress and the pledges
// (十件实事). Large type and high
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
        issues_resolved: qsTr("Resolved issues"),
        household_visited: qsTr("Households visited"),
        care_paired: qsTr("Care register paired"),
        care_visited: qsTr("Care register visited"),
        key_place_patrolled: qsTr("Key places patrolled"),
        points_month: qsTr("Points this month"),
        member_checkin: qsTr("Party members checked in"),
        signup_pairing: qsTr("Signed up for pairing"),
        signup_night_patrol: qsTr("Signed up for night patrols"),
        cobuild_pledges_done: qsTr("Co-building pledges done")
    })
    function percentText(v) {
        return v === undefined || v === null ? "\u2014" : v.toFixed(1) + "%"
    }
    function daysText(v) {
        return v === undefined || v === null ? "\u2014" : qsTr("%1 days").arg(v.toFixed(1))
    }

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
        id: flickable
        anchors.fill: parent
        anchors.margins: root.unit * 0.6
        contentWidth: width // lines wrap at the panel's width
        contentHeight: column.implicitHeight
        clip: true

        ColumnLayout {
            id: column
            width: flickable.width
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
                        // The values of the two snapshots (their dates head the panel); an
                        // arrow only when the value changed.
                        objectName: "change_" + modelData.metric
                        visible: modelData.changeValues !== undefined
                        text: (modelData.change === undefined ? ""
                               : (modelData.change > 0 ? "\u25b2 " : "\u25bc "))
                              + (modelData.changeValues || "")
                        color: modelData.change === undefined ? "#bbbbbb"
                               : modelData.change > 0 ? "#00e676" : "#ff5252"
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
                        // Columns share the panel's width; a long heading wraps.
                        Layout.fillWidth: true
                        Layout.preferredWidth: index === 0 ? 2 : 1
                        wrapMode: Text.Wrap
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
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        elide: Text.ElideRight
                    }
                }
            }

            Heading {
                objectName: "openHeading"
                text: qsTr("Open issues: %1, overdue: %2").arg(root.figures.openTotal || 0)
                                                          .arg(root.figures.overdue || 0)
            }
            Line {
                text: qsTr("As of %1").arg(root.figures.asOf || "")
                color: "#bbbbbb"
            }
            Line {
                objectName: "openByState"
                text: (root.figures.openByState || []).map(s => s.title + " " + s.count).join("   ")
            }
            Line {
                text: (root.figures.openByCategory || []).map(
                          c => c.category + " " + c.count).join("   ")
            }

            Line {
                objectName: "handling"
                text: qsTr("Resolved this month: %1, on time: %2, average handling: %3")
                          .arg((root.figures.handling || {}).resolved || 0)
                          .arg(root.percentText((root.figures.handling || {}).onTimePercent))
                          .arg(root.daysText((root.figures.handling || {}).averageDays))
            }

            Heading { text: qsTr("Overdue or stuck orders (%1)").arg((root.figures.attention || []).length) }
            Repeater {
                objectName: "attention"
                model: (root.figures.attention || []).slice(0, 8)
                delegate: Line {
                    required property var modelData
                    text: modelData.id + "  " + modelData.category + "  " + modelData.stateTitle
                          + "  " + (modelData.overdue ? qsTr("overdue") + "  " : "")
                          + qsTr("no progress for %1 days").arg(modelData.idleDays)
                }
            }

            // The trend: open issues at the end of each of the last 6 months, as bars.
            Heading { text: qsTr("Last 6 months: open at month end") }
            RowLayout {
                id: trendRow
                objectName: "trend"
                Layout.fillWidth: true
                spacing: root.unit * 0.4
                property real most: Math.max(1, ...(root.figures.trend || []).map(p => p.atEnd.open))
                Repeater {
                    model: root.figures.trend || []
                    delegate: Item {
                        required property var modelData
                        Layout.preferredWidth: root.unit * 1.6
                        Layout.preferredHeight: root.unit * 4.6
                        Label {
                            id: monthLabel
                            anchors.bottom: parent.bottom
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: modelData.month.substring(5)
                            color: "#bbbbbb"
                            font.pixelSize: root.unit * 0.55
                        }
                        Rectangle {
                            id: bar
                            anchors.bottom: monthLabel.top
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: root.unit * 1.2
                            height: root.unit * 3 * modelData.atEnd.open / trendRow.most + 1
                            color: "#ffd600"
                        }
                        Label {
                            anchors.bottom: bar.top
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: modelData.atEnd.open
                            color: "#ffffff"
                            font.pixelSize: root.unit * 0.6
                        }
                    }
                }
            }

            Line {
                // The on-time rate of the orders resolved in each of these months.
                objectName: "trendOnTime"
                text: qsTr("On time by month: %1").arg((root.figures.trend || []).map(
                          p => p.month.substring(5) + " " + root.percentText(p.handling.onTimePercent))
                          .join("   "))
            }

            Heading { text: qsTr("Cells by coverage") }
            Repeater {
                objectName: "cellRanking"
                model: root.figures.cellRanking || []
                delegate: Line {
                    required property var modelData
                    required property int index
                    text: (index + 1) + ". " + modelData.name + "  " + modelData.coverage + "  "
                          + qsTr("%1 open, %2 overdue").arg(modelData.atEnd.open).arg(modelData.atEnd.overdue)
                          + "  " + qsTr("handling rank %1").arg(modelData.handlingRank)
                }
            }
            Heading { text: qsTr("Grid workers by coverage") }
            Repeater {
                objectName: "workerRanking"
                model: root.figures.workerRanking || []
                delegate: Line {
                    required property var modelData
                    required property int index
                    text: (index + 1) + ". " + modelData.name + "  " + modelData.coverage + "  "
                          + qsTr("%1 open, %2 overdue").arg(modelData.atEnd.open).arg(modelData.atEnd.overdue)
                          + "  " + qsTr("handling rank %1").arg(modelData.handlingRank)
                }
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
