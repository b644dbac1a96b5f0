import QtQuick
import Gridmap

// The editing tools over the map (place it over the MapView, same geometry): what a click does
// in each tool of MapView.tool, and what the tools draw (MapOverlay): "pin" opens the issue form
// at the click and shows the pin; "select" picks buildings for an assignment (click, shift-click;
// a lasso by Ctrl-drag or when `lasso` is on) and highlights them; "draw" adds the vertices of
// a road repair segment (snapped to roads), a double click or Enter ends it.
Item {
    id: tools

    required property MapView map
    required property IssueForm issueForm
    required property AssignModel assignments
    required property RepairModel repairs
    property bool lasso: false
    // The lasso being dragged, working CRS metres.
    property var lassoPoints: []
    readonly property alias overlay: overlay

    MapOverlay {
        id: overlay
        objectName: "mapOverlay"
        anchors.fill: parent
        map: tools.map
        highlightKeys: tools.map.tool === "select" ? tools.assignments.selection : []
        markerVisible: tools.issueForm.opened && tools.issueForm.hasPlace
        marker: Qt.point(tools.issueForm.placeX, tools.issueForm.placeY)
        points: tools.map.tool === "draw" ? tools.repairs.points : tools.lassoPoints
        closed: tools.map.tool !== "draw"
        focus: tools.map.tool === "draw"
        // Enter ends the repair line being drawn.
        Keys.onReturnPressed: tools.repairs.finish()
        Keys.onEnterPressed: tools.repairs.finish()
    }

    Connections {
        target: tools.map
        function onMapClicked(x, y, worldX, worldY, modifiers) {
            if (tools.map.tool === "pin")
                tools.issueForm.openAt(worldX, worldY)
            else if (tools.map.tool === "select")
                tools.assignments.clickAt(x, y, (modifiers & Qt.ShiftModifier) !== 0)
            else if (tools.map.tool === "draw") {
                tools.repairs.addVertex(x, y)
                overlay.forceActiveFocus()
            }
        }
        function onMapDoubleClicked(x, y, worldX, worldY, modifiers) {
            if (tools.map.tool === "draw")
                tools.repairs.finish()
            else // the second click of a double click
                onMapClicked(x, y, worldX, worldY, modifiers)
        }
    }

    // The lasso: a drag in the select tool with Ctrl held or the lasso switched on; any other
    // press goes on to the map (pan, click).
    MouseArea {
        anchors.fill: parent
        enabled: tools.map.tool === "select"
        property bool adding: false
        onPressed: mouse => {
            if (!tools.lasso && !(mouse.modifiers & Qt.ControlModifier)) {
                mouse.accepted = false
                return
            }
            adding = (mouse.modifiers & Qt.ShiftModifier) !== 0
            tools.lassoPoints = [tools.map.itemToProjected(mouse.x, mouse.y)]
        }
        onPositionChanged: mouse => {
            const list = tools.lassoPoints.slice()
            list.push(tools.map.itemToProjected(mouse.x, mouse.y))
            tools.lassoPoints = list
        }
        onReleased: {
            if (tools.lassoPoints.length >= 3)
                tools.assignments.selectInPolygon(tools.lassoPoints, adding)
            tools.lassoPoints = []
        }
        onCanceled: tools.lassoPoints = []
    }
}
