import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Gridmap

// The form of a new issue (群众点单), opened by a click on the map in pin mode or by a typed
// place: category and small class, description, reporter (a person id, optional), address and
// photos (stored in the project). Save pins it through IssueModel.addIssue, which writes it off
// the GUI thread: the form closes when the issue is stored (issueAdded); a refusal (a place
// outside every community, an unknown reporter ...) is shown here and the form stays open. A
// typed place that is refused clears the place: Save never pins at an earlier or refused one.
Dialog {
    id: form

    required property IssueModel issues
    required property MapView map
    // The place in working CRS metres.
    property real placeX: 0
    property real placeY: 0
    property bool hasPlace: false
    // The text of the place field that gave (placeX, placeY).
    property string placedText: ""
    // The message of the last refusal ("" = none).
    property string error: ""
    property var photos: []
    // What the last save returned ({id, cell, assignee, assigneeName, reason}).
    property var lastResult: ({})
    // A save handed to the project's writer and not answered yet.
    property bool saving: false
    // The required fields' problems by the one rule of geo and the CLI ({field: message}).
    property var problems: ({})
    // Who would take an issue at the place (the dispatch proposal), {} before a place.
    readonly property var proposal: hasPlace ? issues.proposalAt(placeX, placeY) : ({})

    property alias categoryBox: categoryBox
    property alias smallClassBox: smallClassBox
    property alias textField: textField
    property alias reporterField: reporterField
    property alias addressField: addressField
    property alias placeField: placeField
    property alias saveButton: saveButton
    property alias cancelButton: cancelButton

    signal saved(var result)

    title: qsTr("New issue")
    modal: false
    closePolicy: Popup.NoAutoClose
    width: 380
    padding: 12

    // Opens the form for the place (x, y) in working CRS metres.
    function openAt(x, y) {
        placeX = x
        placeY = y
        hasPlace = true
        error = ""
        placeField.text = x.toFixed(1) + ", " + y.toFixed(1)
        placedText = placeField.text
        if (!opened)
            open()
    }

    // Places the pin at a typed "lon,lat" or "X,Y"; false (with the message) when not a place.
    function placeTyped(text) {
        // Until this place is accepted there is none: a refusal must not leave the last one.
        hasPlace = false
        const p = issues.parsePlace(text)
        if (p.x === undefined && p.lon === undefined) {
            // Not coordinates: an address is found by the name or number of a building,
            // compound or road of the project (the first, best match).
            const hits = map.search(text, 1)
            if (hits.length === 0 || hits[0].layer === "cell" || hits[0].layer === "issue") {
                error = qsTr("'%1' is neither coordinates (lon,lat or X,Y) nor a building, compound or road of this project.").arg(text)
                return false
            }
            openAt(hits[0].x, hits[0].y)
            placeField.text = text
            placedText = text
            if (addressField.text === "")
                addressField.text = hits[0].name
            return true
        }
        if (p.x !== undefined) {
            openAt(p.x, p.y)
        } else {
            const item = map.lonLatToItem(p.lon, p.lat)
            const w = map.itemToProjected(item.x, item.y)
            if (isNaN(w.x)) {
                error = qsTr("Cannot place %1 on this map.").arg(text)
                return false
            }
            openAt(w.x, w.y)
        }
        placeField.text = text
        placedText = text
        return true
    }

    function reset() {
        textField.text = ""
        reporterField.text = ""
        addressField.text = ""
        photos = []
        error = ""
        problems = {}
        hasPlace = false
        placedText = ""
        placeField.text = ""
    }

    function save() {
        // A place typed but not yet placed (no Enter, no Go) is placed now, or refused.
        if (placeField.text.trim() !== "" && placeField.text !== placedText
                && !placeTyped(placeField.text))
            return false
        if (!hasPlace) {
            error = qsTr("Click the map or type a place first.")
            return false
        }
        problems = issues.fieldProblems(categoryBox.currentText, smallClassBox.editText,
                                        textField.text)
        if (Object.keys(problems).length > 0) {
            error = qsTr("Fill in the fields marked in red.")
            return false
        }
        const ok = issues.addIssue({
            x: placeX, y: placeY,
            category: categoryBox.currentText,
            smallClass: smallClassBox.editText,
            text: textField.text,
            reporter: reporterField.text,
            address: addressField.text,
            photos: photos
        })
        if (!ok) {
            error = issues.errorString
            return false
        }
        saving = true
        error = ""
        return true
    }

    // The answer of the writer to save().
    Connections {
        target: form.issues
        function onIssueAdded(result) {
            if (!form.saving)
                return
            form.saving = false
            form.lastResult = result
            form.error = ""
            form.saved(result)
            form.reset()
            form.close()
        }
        function onIssueAddFailed(message) {
            if (!form.saving)
                return
            form.saving = false
            form.error = message
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        Label {
            text: qsTr("Place (click the map, or type lon,lat, X,Y or a building name)")
            opacity: 0.75
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: placeField
                objectName: "issuePlace"
                Layout.fillWidth: true
                placeholderText: qsTr("e.g. 114.0012, 30.5004")
                onAccepted: form.placeTyped(text)
            }
            Button {
                text: qsTr("Go")
                onClicked: form.placeTyped(placeField.text)
            }
        }
        Label {
            text: qsTr("Category")
        }
        ComboBox {
            id: categoryBox
            objectName: "issueCategory"
            Layout.fillWidth: true
            textRole: "name"
            model: form.issues.categories()
        }
        Label {
            objectName: "issueCategoryProblem"
            Layout.fillWidth: true
            Layout.maximumWidth: 356
            visible: text !== ""
            text: form.problems.category !== undefined ? form.problems.category : ""
            color: "#c62828"
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("Small class")
        }
        ComboBox {
            id: smallClassBox
            objectName: "issueSmallClass"
            Layout.fillWidth: true
            editable: true
            model: form.issues.smallClasses(categoryBox.currentText)
        }
        Label {
            objectName: "issueSmallClassProblem"
            Layout.fillWidth: true
            Layout.maximumWidth: 356
            visible: text !== ""
            text: form.problems.small_class !== undefined ? form.problems.small_class : ""
            color: "#c62828"
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("Description")
        }
        TextField {
            id: textField
            objectName: "issueText"
            Layout.fillWidth: true
        }
        Label {
            objectName: "issueTextProblem"
            Layout.fillWidth: true
            Layout.maximumWidth: 356
            visible: text !== ""
            text: form.problems.text !== undefined ? form.problems.text : ""
            color: "#c62828"
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "issueProposal"
            Layout.fillWidth: true
            Layout.maximumWidth: 356
            visible: text !== ""
            text: form.proposal.assignee !== undefined && form.proposal.assignee !== ""
                  ? qsTr("Will be proposed to %1 (%2)").arg(form.proposal.assigneeName)
                        .arg(form.proposal.assignee)
                  : ""
            opacity: 0.75
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("Reporter (person id, optional)")
        }
        TextField {
            id: reporterField
            objectName: "issueReporter"
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Address")
        }
        TextField {
            id: addressField
            objectName: "issueAddress"
            Layout.fillWidth: true
        }
        RowLayout {
            Layout.fillWidth: true
            Button {
                objectName: "issuePhotosButton"
                text: qsTr("Photos...")
                onClicked: photoDialog.open()
            }
            Label {
                Layout.fillWidth: true
                text: form.photos.length === 0 ? qsTr("No photo")
                                               : qsTr("%n photo(s)", "", form.photos.length)
            }
        }
        Label {
            objectName: "issueFormError"
            Layout.fillWidth: true
            Layout.maximumWidth: 356
            visible: form.error !== ""
            text: form.error
            color: "#c62828"
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            Button {
                id: cancelButton
                objectName: "issueCancel"
                text: qsTr("Cancel")
                onClicked: {
                    form.reset()
                    form.close()
                }
            }
            Button {
                id: saveButton
                objectName: "issueSave"
                text: qsTr("Save")
                highlighted: true
                enabled: !form.saving
                onClicked: form.save()
            }
        }
    }

    FileDialog {
        id: photoDialog
        objectName: "formPhotoDialog"
        title: qsTr("Photos of the issue")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("Images (*.jpg *.jpeg *.png *.heic *.webp)"), qsTr("All files (*)")]
        onAccepted: {
            const list = form.photos.slice()
            for (let i = 0; i < selectedFiles.length; ++i)
                list.push(selectedFiles[i].toString())
            form.photos = list
        }
    }
}
