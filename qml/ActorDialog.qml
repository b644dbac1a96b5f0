import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Gridmap

// Who is working (操作人): the persons of the project with their roles; the one chosen makes
// every change of this window (ProjectModel.setActor, remembered for the project). Opened when a
// project opens with nobody chosen yet, and from the toolbar. Type to filter by id or name,
// Up/Down to move, Enter or OK to choose. No phone numbers.
Dialog {
    id: dialog

    required property ProjectModel project
    // The persons shown after the filter: [{id, name, roles}].
    property var persons: []
    property string error: ""
    property alias filterField: filterField
    property alias list: list

    title: qsTr("Who is working?")
    modal: true
    // Nobody may work unnamed: the dialog stays until a person is chosen.
    closePolicy: project.actor !== "" ? Popup.CloseOnEscape : Popup.NoAutoClose
    parent: Overlay.overlay
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? Math.max(0, (parent.height - height) / 3) : 0
    width: 440
    height: 460

    function refill() {
        const all = project.persons()
        const needle = filterField.text.trim().toLowerCase()
        const out = []
        for (let i = 0; i < all.length; ++i) {
            const p = all[i]
            if (needle === "" || p.id.toLowerCase().indexOf(needle) >= 0
                    || p.name.toLowerCase().indexOf(needle) >= 0)
                out.push(p)
        }
        persons = out
        let row = 0
        for (let j = 0; j < out.length; ++j) {
            if (out[j].id === project.actor)
                row = j
        }
        list.currentIndex = out.length > 0 ? row : -1
    }

    // Chooses the person in row `row` of the list; false (with the reason shown) if refused.
    function choose(row) {
        if (row < 0 || row >= persons.length) {
            error = qsTr("Choose a person from the list.")
            return false
        }
        if (!project.setActor(persons[row].id)) {
            error = project.errorString
            return false
        }
        error = ""
        close()
        return true
    }

    onAboutToShow: {
        filterField.text = ""
        error = ""
        refill()
    }
    onOpened: filterField.forceActiveFocus()

    contentItem: ColumnLayout {
        spacing: 6
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("The changes made in this window are recorded under the person chosen here.")
            opacity: 0.8
        }
        TextField {
            id: filterField
            objectName: "actorFilter"
            Layout.fillWidth: true
            placeholderText: qsTr("Filter by id or name")
            onTextChanged: dialog.refill()
            Keys.onDownPressed: list.incrementCurrentIndex()
            Keys.onUpPressed: list.decrementCurrentIndex()
            onAccepted: dialog.choose(list.currentIndex)
        }
        ListView {
            id: list
            objectName: "actorList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: dialog.persons
            currentIndex: -1
            highlightMoveDuration: 0
            ScrollBar.vertical: ScrollBar {}
            Keys.onReturnPressed: dialog.choose(currentIndex)
            Keys.onEnterPressed: dialog.choose(currentIndex)
            delegate: ItemDelegate {
                required property var modelData
                required property int index
                objectName: "actor_" + modelData.id
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                text: modelData.id + "  " + modelData.name
                      + (modelData.roles !== "" ? "  \u00b7 " + modelData.roles : "")
                onClicked: list.currentIndex = index
                onDoubleClicked: dialog.choose(index)
            }
        }
        Label {
            objectName: "actorError"
            Layout.fillWidth: true
            visible: dialog.error !== ""
            text: dialog.error
            color: "#c62828"
            wrapMode: Text.Wrap
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "actorOk"
            text: qsTr("OK")
            enabled: list.currentIndex >= 0
            onClicked: dialog.choose(list.currentIndex)
        }
    }
}
