import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Gridmap

// The issue list (三单): filters by state, category, cell and assignee; overdue issues in red;
// a row selects and shows the issue on the map; the buttons of the next legal states move it
// through IssueModel.setState by the acting person (the project's actor), with a note, an
// assignee (the dispatch proposal by default) and a rating where needed.
// A refusal is shown under the buttons. Staff by name; no resident's name or phone.
Pane {
    id: panel

    required property IssueModel issues
    required property MapView map
    // The id of the issue chosen in the list ("" = none).
    property string currentId: ""
    readonly property var current: {
        const row = issues.listRevision >= 0 ? issues.indexOf(currentId) : -1
        return row >= 0 ? issues.get(row) : ({})
    }
    property string error: ""
    property alias list: list
    // The photos stored for the chosen issue (-1 before one is chosen).
    property int photoCount: -1

    // "New issue..." was pressed: the window opens the issue form for a typed place.
    signal newIssueRequested()

    // Who should take the chosen issue ({assignee, assigneeName, reason}; {} = none).
    property var proposal: ({})

    onCurrentIdChanged: {
        photoCount = currentId !== "" ? issues.photoCount(currentId) : -1
        proposeAssignee()
    }

    // Offers the dispatch proposal of the chosen issue as its assignee (处理人).
    function proposeAssignee() {
        proposal = currentId !== "" ? issues.proposal(currentId) : ({})
        const id = proposal.assignee !== undefined ? proposal.assignee : ""
        const people = assigneeBox.model
        let row = -1
        for (let i = 0; i < people.length; ++i) {
            if (id !== "" && people[i].split(" ")[0] === id)
                row = i
        }
        assigneeBox.currentIndex = row
        assigneeBox.editText = row >= 0 ? people[row] : ""
    }

    // A click on an issue on the map chooses it in the list.
    Connections {
        target: panel.map
        function onFeatureClicked(layer, key) {
            if (layer === "issue") {
                panel.currentId = key
                panel.list.currentIndex = panel.issues.indexOf(key)
            }
        }
    }

    padding: 8

    // Chooses issue `id` in the list and on the map.
    function show(id) {
        currentId = id
        const row = issues.indexOf(id)
        list.currentIndex = row
        if (row >= 0) {
            list.positionViewAtIndex(row, ListView.Contain)
            // Chosen and brought into view; the scale stays as the user set it.
            if (map.select("issue", id))
                map.showFeature("issue", id)
        }
    }

    function allOption(values, title) {
        const out = [{ value: "", text: title }]
        for (let i = 0; i < values.length; ++i)
            out.push(values[i])
        return out
    }

    // A move handed to the project's writer and not answered yet.
    property bool moving: false

    // Moves the chosen issue on: true when handed over (the list and the map follow when it is
    // stored; a refusal then shows here), false when refused at once.
    function move(to) {
        const ok = issues.setState(currentId, to, "", noteField.text,
                                   to === "dispatched" ? assigneeBox.editText.split(" ")[0] : "",
                                   to === "verified" ? ratingBox.value : 0)
        error = ok ? "" : issues.errorString
        moving = ok
        return ok
    }

    Connections {
        target: panel.issues
        function onStateChangeFailed(id, message) {
            if (panel.moving) {
                panel.moving = false
                panel.error = message
            }
        }
        function onIssueChanged(id) {
            if (id !== panel.currentId)
                return
            if (panel.moving) {
                panel.moving = false
                noteField.text = ""
            }
            panel.photoCount = panel.issues.photoCount(id)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "issueCount"
                text: qsTr("Issues: %1 of %2").arg(panel.issues.count).arg(panel.issues.total)
                font.bold: true
                Layout.fillWidth: true
            }
            Button {
                objectName: "newIssueButton"
                text: qsTr("New issue...")
                onClicked: panel.newIssueRequested()
            }
        }
        GridLayout {
            columns: 2
            Layout.fillWidth: true
            ComboBox {
                objectName: "stateFilter"
                Layout.fillWidth: true
                textRole: "text"
                valueRole: "value"
                model: {
                    const states = panel.issues.states()
                    const out = []
                    for (let i = 0; i < states.length; ++i)
                        out.push({ value: states[i], text: panel.issues.stateTitle(states[i]) })
                    return panel.allOption(out, qsTr("Every state"))
                }
                onActivated: panel.issues.stateFilter = currentValue
            }
            ComboBox {
                objectName: "categoryFilter"
                Layout.fillWidth: true
                textRole: "text"
                valueRole: "value"
                model: {
                    const cats = panel.issues.categories()
                    const out = []
                    for (let i = 0; i < cats.length; ++i)
                        out.push({ value: cats[i].name, text: cats[i].name })
                    return panel.allOption(out, qsTr("Every category"))
                }
                onActivated: panel.issues.categoryFilter = currentValue
            }
            ComboBox {
                objectName: "cellFilter"
                Layout.fillWidth: true
                textRole: "text"
                valueRole: "value"
                model: {
                    const cells = panel.issues.total >= 0 ? panel.issues.cells() : []
                    const out = []
                    for (let i = 0; i < cells.length; ++i)
                        out.push({ value: cells[i], text: cells[i] })
                    return panel.allOption(out, qsTr("Every cell"))
                }
                onActivated: panel.issues.cellFilter = currentValue
            }
            ComboBox {
                objectName: "assigneeFilter"
                Layout.fillWidth: true
                textRole: "text"
                valueRole: "value"
                model: {
                    const people = panel.issues.total >= 0 ? panel.issues.assignees() : []
                    const out = []
                    for (let i = 0; i < people.length; ++i)
                        out.push({ value: people[i].id, text: people[i].name })
                    return panel.allOption(out, qsTr("Every assignee"))
                }
                onActivated: panel.issues.assigneeFilter = currentValue
            }
        }

        ListView {
            id: list
            objectName: "issueList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 120
            clip: true
            model: panel.issues
            currentIndex: -1
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property int index
                required property string issueId
                required property string category
                required property string smallClass
                required property string stateTitle
                required property string cell
                required property string assigneeName
                required property bool overdue
                objectName: "issueRow_" + issueId
                width: ListView.view.width
                highlighted: issueId === panel.currentId
                background: Rectangle {
                    color: row.highlighted ? "#cfe3ff" : (row.overdue ? "#ffe0e0" : "transparent")
                    border.color: row.overdue ? "#c62828" : "transparent"
                }
                contentItem: ColumnLayout {
                    spacing: 1
                    Label {
                        text: row.issueId + "  " + row.category
                              + (row.smallClass !== "" ? " / " + row.smallClass : "")
                        font.bold: true
                        color: row.overdue ? "#c62828" : palette.text
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        objectName: "issueRowDetail"
                        text: row.stateTitle + (row.overdue ? " \u00b7 " + qsTr("overdue") : "")
                              + " \u00b7 " + (row.cell !== "" ? row.cell : qsTr("no cell"))
                              + (row.assigneeName !== "" ? " \u00b7 " + row.assigneeName : "")
                        font.pixelSize: 12
                        opacity: 0.8
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
                onClicked: panel.show(issueId)
            }
        }

        // The chosen issue and its next states.
        ColumnLayout {
            Layout.fillWidth: true
            visible: panel.current.issueId !== undefined
            spacing: 4
            Label {
                objectName: "issueCurrent"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: panel.current.issueId === undefined ? ""
                      : qsTr("%1 · %2 · deadline %3").arg(panel.current.issueId)
                            .arg(panel.current.stateTitle).arg(panel.current.deadline)
                        + (panel.current.text !== "" ? "\n" + panel.current.text : "")
            }
            GridLayout {
                columns: 2
                Layout.fillWidth: true
                Label { text: qsTr("By") }
                Label {
                    objectName: "issueBy"
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    text: panel.issues.project === null || panel.issues.project.actor === ""
                          ? qsTr("nobody chosen")
                          : panel.issues.project.actor + " " + panel.issues.project.actorName
                }
                Label { text: qsTr("Note") }
                TextField {
                    id: noteField
                    objectName: "issueNote"
                    Layout.fillWidth: true
                    placeholderText: qsTr("required to reject or reopen")
                }
                Label { text: qsTr("Assignee") }
                ComboBox {
                    id: assigneeBox
                    objectName: "issueAssignee"
                    Layout.fillWidth: true
                    editable: true
                    model: {
                        const people = panel.issues.total >= 0 ? panel.issues.people() : []
                        const out = []
                        for (let i = 0; i < people.length; ++i)
                            out.push(people[i].id + " " + people[i].name)
                        return out
                    }
                    currentIndex: -1
                    onModelChanged: Qt.callLater(panel.proposeAssignee)
                }
                Label {
                    objectName: "issueProposal"
                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: panel.proposal.assignee !== undefined && panel.proposal.assignee !== ""
                          ? qsTr("Proposed: %1 (%2)").arg(panel.proposal.assigneeName)
                                .arg(panel.proposal.assignee)
                          : ""
                    // Why (the library's words: the grid worker of the cell, a captain ...).
                    ToolTip.visible: proposalHover.hovered && panel.proposal.reason !== undefined
                    ToolTip.text: panel.proposal.reason !== undefined ? panel.proposal.reason : ""
                    HoverHandler { id: proposalHover }
                    font.pixelSize: 12
                    opacity: 0.7
                    wrapMode: Text.Wrap
                }
                Label { text: qsTr("Rating") }
                SpinBox {
                    id: ratingBox
                    objectName: "issueRating"
                    from: 1
                    to: 5
                    value: 5
                }
            }
            Flow {
                Layout.fillWidth: true
                spacing: 4
                Repeater {
                    // The moves the acting person may make (the rule table of geo).
                    model: panel.current.issueId !== undefined && panel.issues.project !== null
                           && panel.issues.project.actor.length >= 0
                           ? panel.issues.allowedStates(panel.current.issueId) : []
                    Button {
                        required property string modelData
                        objectName: "moveTo_" + modelData
                        text: "\u2192 " + panel.issues.stateTitle(modelData)
                        onClicked: panel.move(modelData)
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "issuePhotoCount"
                    Layout.fillWidth: true
                    text: panel.photoCount >= 0 ? qsTr("%n photo(s)", "", panel.photoCount) : ""
                }
                Button {
                    objectName: "addPhotoButton"
                    text: qsTr("Add photo...")
                    onClicked: photoDialog.open()
                }
            }
            Label {
                objectName: "issuePanelError"
                Layout.fillWidth: true
                visible: panel.error !== ""
                text: panel.error
                color: "#c62828"
                wrapMode: Text.Wrap
            }
        }
    }

    FileDialog {
        id: photoDialog
        objectName: "panelPhotoDialog"
        title: qsTr("Photos of the issue")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("Images (*.jpg *.jpeg *.png *.heic *.webp)"), qsTr("All files (*)")]
        onAccepted: {
            // Stored off the GUI thread: the count follows by issueChanged.
            for (let i = 0; i < selectedFiles.length; ++i) {
                if (!panel.issues.addPhoto(panel.currentId, selectedFiles[i].toString())) {
                    panel.error = panel.issues.errorString
                    break
                }
            }
        }
    }
}
