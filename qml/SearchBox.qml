import QtQuick
import QtQuick.Controls

// A search field over the names and codes of cells, compounds, buildings, roads and issues
// (MapView.search). Choosing a result selects the feature and zooms to it.
TextField {
    id: field

    required property var map
    // The current results: [{layer, layerTitle, key, name}].
    readonly property var results: map.featureCount >= 0 ? map.search(text, 30) : []

    // Selects and shows result `index`.
    function choose(index) {
        if (index < 0 || index >= results.length)
            return
        const r = results[index]
        map.select(r.layer, r.key)
        map.zoomToFeature(r.layer, r.key)
        popup.close()
    }

    objectName: "searchField"
    placeholderText: qsTr("Search cells, compounds, buildings, roads, issues")
    selectByMouse: true
    onTextEdited: {
        if (text.length > 0 && results.length > 0)
            popup.open()
        else
            popup.close()
    }
    onAccepted: choose(list.currentIndex >= 0 ? list.currentIndex : 0)
    Keys.onDownPressed: list.incrementCurrentIndex()
    Keys.onUpPressed: list.decrementCurrentIndex()
    Keys.onEscapePressed: popup.close()

    Popup {
        id: popup
        objectName: "searchPopup"
        y: field.height
        width: Math.max(field.width, 320)
        height: Math.min(list.contentHeight + 2 * padding, 360)
        padding: 2

        ListView {
            id: list
            objectName: "searchResults"
            anchors.fill: parent
            clip: true
            model: field.results
            currentIndex: 0
            delegate: ItemDelegate {
                required property var modelData
                required property int index
                objectName: "result_" + index
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                text: modelData.name + "  \u00b7  " + modelData.layerTitle
                      + (modelData.key !== modelData.name ? "  " + modelData.key : "")
                onClicked: field.choose(index)
            }
        }
    }

    Label {
        anchors.right: parent.right
        anchors.rightMargin: 8
        anchors.verticalCenter: parent.verticalCenter
        visible: field.text.length > 0 && field.results.length === 0
        text: qsTr("No match")
        opacity: 0.6
    }
}
