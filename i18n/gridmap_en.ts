<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ActorDialog</name>
    <message>
        <source>Who is working?</source>
        <translation>Who is working?</translation>
    </message>
    <message>
        <source>Choose a person from the list.</source>
        <translation>Choose a person from the list.</translation>
    </message>
    <message>
        <source>The changes made in this window are recorded under the person chosen here.</source>
        <translation>The changes made in this window are recorded under the person chosen here.</translation>
    </message>
    <message>
        <source>Filter by id or name</source>
        <translation>Filter by id or name</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>AssignPanel</name>
    <message>
        <source>Unit captain of their units</source>
        <translation>Unit captain of their units</translation>
    </message>
    <message>
        <source>Compound captain of their compounds</source>
        <translation>Compound captain of their compounds</translation>
    </message>
    <message>
        <source>Grid worker of their cells</source>
        <translation>Grid worker of their cells</translation>
    </message>
    <message>
        <source>Pair with their households</source>
        <translation>Pair with their households</translation>
    </message>
    <message>
        <source>Assign to buildings</source>
        <translation>Assign to buildings</translation>
    </message>
    <message>
        <source>Click a building, shift-click to add or remove, Ctrl-drag for a lasso.</source>
        <translation>Click a building, shift-click to add or remove, Ctrl-drag for a lasso.</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message numerus="yes">
        <source>Selected: %n building(s)</source>
        <translation>
            <numerusform>Selected: %n building</numerusform>
            <numerusform>Selected: %n buildings</numerusform>
        </translation>
    </message>
    <message>
        <source>Party group</source>
        <translation>Party group</translation>
    </message>
    <message>
        <source>Building captain</source>
        <translation>Building captain</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Party group coverage: %1 of %2 buildings</source>
        <translation>Party group coverage: %1 of %2 buildings</translation>
    </message>
    <message>
        <source>Building captain coverage: %1 of %2 buildings</source>
        <translation>Building captain coverage: %1 of %2 buildings</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Party groups</source>
        <translation>Party groups</translation>
    </message>
    <message>
        <source>Building captains</source>
        <translation>Building captains</translation>
    </message>
    <message>
        <source>Unit captains</source>
        <translation>Unit captains</translation>
    </message>
    <message>
        <source>Grid workers</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <source>Household pairing</source>
        <translation>Household pairing</translation>
    </message>
    <message>
        <source>Open issues</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <source>Resolved issues</source>
        <translation>Resolved issues</translation>
    </message>
    <message>
        <source>Households visited</source>
        <translation>Households visited</translation>
    </message>
    <message>
        <source>Care register paired</source>
        <translation>Care register paired</translation>
    </message>
    <message>
        <source>Care register visited</source>
        <translation>Care register visited</translation>
    </message>
    <message>
        <source>Key places patrolled</source>
        <translation>Key places patrolled</translation>
    </message>
    <message>
        <source>Points this month</source>
        <translation>Points this month</translation>
    </message>
    <message>
        <source>Party members checked in</source>
        <translation>Party members checked in</translation>
    </message>
    <message>
        <source>Signed up for pairing</source>
        <translation>Signed up for pairing</translation>
    </message>
    <message>
        <source>Signed up for night patrols</source>
        <translation>Signed up for night patrols</translation>
    </message>
    <message>
        <source>Co-building pledges done</source>
        <translation>Co-building pledges done</translation>
    </message>
    <message>
        <source>Change since the previous snapshot: %1 → %2</source>
        <translation>Change since the previous snapshot: %1 → %2</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>Compounds and cells</source>
        <translation>Compounds and cells</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Open issues: %1, overdue: %2</source>
        <translation>Open issues: %1, overdue: %2</translation>
    </message>
    <message>
        <source>Road repairs</source>
        <translation>Road repairs</translation>
    </message>
    <message>
        <source>%1 km of %2 km done, %3 km under way</source>
        <translation>%1 km of %2 km done, %3 km under way</translation>
    </message>
    <message>
        <source>Pledges</source>
        <translation>Pledges</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>As of %1</translation>
    </message>
    <message>
        <source>Resolved this month: %1, on time: %2, average handling: %3</source>
        <translation>Resolved this month: %1, on time: %2, average handling: %3</translation>
    </message>
    <message>
        <source>Overdue or stuck orders (%1)</source>
        <translation>Overdue or stuck orders (%1)</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>no progress for %1 days</source>
        <translation>no progress for %1 days</translation>
    </message>
    <message>
        <source>Last 6 months: open at month end</source>
        <translation>Last 6 months: open at month end</translation>
    </message>
    <message>
        <source>On time by month: %1</source>
        <translation>On time by month: %1</translation>
    </message>
    <message>
        <source>Cells by coverage</source>
        <translation>Cells by coverage</translation>
    </message>
    <message>
        <source>Grid workers by coverage</source>
        <translation>Grid workers by coverage</translation>
    </message>
    <message>
        <source>%1 open, %2 overdue</source>
        <translation>%1 open, %2 overdue</translation>
    </message>
    <message>
        <source>handling rank %1</source>
        <translation>handling rank %1</translation>
    </message>
</context>
<context>
    <name>Inspect</name>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Compound</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>Grid cell</source>
        <translation>Grid cell</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Floors</source>
        <translation>Floors</translation>
    </message>
    <message>
        <source>Party group</source>
        <translation>Party group</translation>
    </message>
    <message>
        <source>Building captain</source>
        <translation>Building captain</translation>
    </message>
    <message>
        <source>Unit captains</source>
        <translation>Unit captains</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>Grid worker</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <source>Open issues</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <source>All issues</source>
        <translation>All issues</translation>
    </message>
    <message>
        <source>Compound captain</source>
        <translation>Compound captain</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Grid cells</source>
        <translation>Grid cells</translation>
    </message>
    <message>
        <source>Compounds</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>Repair segments</source>
        <translation>Repair segments</translation>
    </message>
    <message>
        <source>Road</source>
        <translation>Road</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Length (m)</source>
        <translation>Length (m)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
</context>
<context>
    <name>InspectPanel</name>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Zoom to</source>
        <translation>Zoom to</translation>
    </message>
</context>
<context>
    <name>IssueForm</name>
    <message>
        <source>New issue</source>
        <translation>New issue</translation>
    </message>
    <message>
        <source>Cannot place %1 on this map.</source>
        <translation>Cannot place %1 on this map.</translation>
    </message>
    <message>
        <source>Click the map or type a place first.</source>
        <translation>Click the map or type a place first.</translation>
    </message>
    <message>
        <source>Place (click the map, or type lon,lat, X,Y or a building name)</source>
        <translation>Place (click the map, or type lon,lat, X,Y or a building name)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is neither coordinates (lon,lat or X,Y) nor a building, compound or road of this project.</source>
        <translation>&apos;%1&apos; is neither coordinates (lon,lat or X,Y) nor a building, compound or road of this project.</translation>
    </message>
    <message>
        <source>e.g. 114.0012, 30.5004</source>
        <translation>e.g. 114.0012, 30.5004</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Go</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Small class</source>
        <translation>Small class</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Reporter (person id, optional)</source>
        <translation>Reporter (person id, optional)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Photos...</source>
        <translation>Photos...</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Photos of the issue</source>
        <translation>Photos of the issue</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>Images (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Fill in the fields marked in red.</source>
        <translation>Fill in the fields marked in red.</translation>
    </message>
    <message>
        <source>Will be proposed to %1 (%2)</source>
        <translation>Will be proposed to %1 (%2)</translation>
    </message>
</context>
<context>
    <name>IssuePanel</name>
    <message>
        <source>Issues: %1 of %2</source>
        <translation>Issues: %1 of %2</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>Every state</translation>
    </message>
    <message>
        <source>Every category</source>
        <translation>Every category</translation>
    </message>
    <message>
        <source>Every cell</source>
        <translation>Every cell</translation>
    </message>
    <message>
        <source>Every assignee</source>
        <translation>Every assignee</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>no cell</source>
        <translation>no cell</translation>
    </message>
    <message>
        <source>%1 · %2 · deadline %3</source>
        <translation>%1 · %2 · deadline %3</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>required to reject or reopen</source>
        <translation>required to reject or reopen</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>New issue...</source>
        <translation>New issue...</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message>
        <source>Add photo...</source>
        <translation>Add photo...</translation>
    </message>
    <message>
        <source>Photos of the issue</source>
        <translation>Photos of the issue</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>Images (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>nobody chosen</source>
        <translation>nobody chosen</translation>
    </message>
    <message>
        <source>Proposed: %1 (%2)</source>
        <translation>Proposed: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>Label</name>
    <message>
        <source>%1 households</source>
        <translation>%1 households</translation>
    </message>
    <message>
        <source>open %1, closed %2</source>
        <translation>open %1, closed %2</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>en</source>
        <translation>en</translation>
    </message>
</context>
<context>
    <name>Layer</name>
    <message>
        <source>Community</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>Grid cells</source>
        <translation>Grid cells</translation>
    </message>
    <message>
        <source>Compounds</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>Roads</translation>
    </message>
    <message>
        <source>Road repair segments</source>
        <translation>Road repair segments</translation>
    </message>
    <message>
        <source>Service points</source>
        <translation>Service points</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>Issues</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>No layers</source>
        <translation>No layers</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacity</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>Buildings: party group and captain</source>
        <translation>Buildings: party group and captain</translation>
    </message>
    <message>
        <source>both</source>
        <translation>both</translation>
    </message>
    <message>
        <source>not residential</source>
        <translation>not residential</translation>
    </message>
    <message>
        <source>cut by a cell boundary</source>
        <translation>cut by a cell boundary</translation>
    </message>
    <message>
        <source>Cells: households (target %1-%2)</source>
        <translation>Cells: households (target %1-%2)</translation>
    </message>
    <message>
        <source>below the target</source>
        <translation>below the target</translation>
    </message>
    <message>
        <source>within the target</source>
        <translation>within the target</translation>
    </message>
    <message>
        <source>above the target</source>
        <translation>above the target</translation>
    </message>
    <message>
        <source>gap between cells</source>
        <translation>gap between cells</translation>
    </message>
    <message>
        <source>cells overlap</source>
        <translation>cells overlap</translation>
    </message>
    <message>
        <source>Issues by state</source>
        <translation>Issues by state</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>open, overdue</source>
        <translation>open, overdue</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>resolved</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>Issues by category</source>
        <translation>Issues by category</translation>
    </message>
    <message>
        <source>no category</source>
        <translation>no category</translation>
    </message>
    <message>
        <source>Cells: open issues</source>
        <translation>Cells: open issues</translation>
    </message>
    <message>
        <source>1 or 2</source>
        <translation>1 or 2</translation>
    </message>
    <message>
        <source>3 or more</source>
        <translation>3 or more</translation>
    </message>
    <message>
        <source>no open issues</source>
        <translation>no open issues</translation>
    </message>
    <message>
        <source>no party group</source>
        <translation>no party group</translation>
    </message>
    <message>
        <source>no building captain</source>
        <translation>no building captain</translation>
    </message>
    <message>
        <source>no party group, no captain</source>
        <translation>no party group, no captain</translation>
    </message>
    <message>
        <source>Buildings: party group</source>
        <translation>Buildings: party group</translation>
    </message>
    <message>
        <source>has a party group</source>
        <translation>has a party group</translation>
    </message>
    <message>
        <source>Buildings: building captain</source>
        <translation>Buildings: building captain</translation>
    </message>
    <message>
        <source>has a building captain</source>
        <translation>has a building captain</translation>
    </message>
    <message>
        <source>Buildings: unit captains</source>
        <translation>Buildings: unit captains</translation>
    </message>
    <message>
        <source>every unit has a unit captain</source>
        <translation>every unit has a unit captain</translation>
    </message>
    <message>
        <source>some units lack a unit captain</source>
        <translation>some units lack a unit captain</translation>
    </message>
    <message>
        <source>no unit has a unit captain</source>
        <translation>no unit has a unit captain</translation>
    </message>
    <message>
        <source>no units registered</source>
        <translation>no units registered</translation>
    </message>
    <message>
        <source>Buildings: household pairing</source>
        <translation>Buildings: household pairing</translation>
    </message>
    <message>
        <source>every household paired</source>
        <translation>every household paired</translation>
    </message>
    <message>
        <source>some households lack a pairing</source>
        <translation>some households lack a pairing</translation>
    </message>
    <message>
        <source>no household paired</source>
        <translation>no household paired</translation>
    </message>
    <message>
        <source>no households registered</source>
        <translation>no households registered</translation>
    </message>
    <message>
        <source>Cells: grid worker</source>
        <translation>Cells: grid worker</translation>
    </message>
    <message>
        <source>has a grid worker</source>
        <translation>has a grid worker</translation>
    </message>
    <message>
        <source>no grid worker</source>
        <translation>no grid worker</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Gridmap - %1</source>
        <translation>Gridmap - %1</translation>
    </message>
    <message>
        <source>Gridmap</source>
        <translation>Gridmap</translation>
    </message>
    <message>
        <source>Open...</source>
        <translation>Open...</translation>
    </message>
    <message>
        <source>Fit to data</source>
        <translation>Fit to data</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Open a project (.gpkg) to see its map.</source>
        <translation>Open a project (.gpkg) to see its map.</translation>
    </message>
    <message>
        <source>CRS: %1 (EPSG:%2)</source>
        <translation>CRS: %1 (EPSG:%2)</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>No project open</translation>
    </message>
    <message>
        <source>Schema version: %1</source>
        <translation>Schema version: %1</translation>
    </message>
    <message>
        <source>Features: %1</source>
        <translation>Features: %1</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Open project</translation>
    </message>
    <message>
        <source>Gridmap projects (*.gpkg)</source>
        <translation>Gridmap projects (*.gpkg)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Theme</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Basemap...</source>
        <translation>Basemap...</translation>
    </message>
    <message>
        <source>Basemap ✓</source>
        <translation>Basemap ✓</translation>
    </message>
    <message>
        <source>Choose a raster (GeoTIFF, MBTiles, WMTS XML)...</source>
        <translation>Choose a raster (GeoTIFF, MBTiles, WMTS XML)...</translation>
    </message>
    <message>
        <source>No basemap</source>
        <translation>No basemap</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legend</translation>
    </message>
    <message>
        <source>Lon %1° Lat %2° (CGCS2000)  X %3 Y %4 m (EPSG:%5)</source>
        <translation>Lon %1° Lat %2° (CGCS2000)  X %3 Y %4 m (EPSG:%5)</translation>
    </message>
    <message>
        <source>Choose a basemap</source>
        <translation>Choose a basemap</translation>
    </message>
    <message>
        <source>Rasters (*.tif *.tiff *.mbtiles *.xml *.vrt *.jpg *.png)</source>
        <translation>Rasters (*.tif *.tiff *.mbtiles *.xml *.vrt *.jpg *.png)</translation>
    </message>
    <message>
        <source>Pin issue</source>
        <translation>Pin issue</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Draw repair</source>
        <translation>Draw repair</translation>
    </message>
    <message>
        <source>Issue list</source>
        <translation>Issue list</translation>
    </message>
    <message>
        <source>Present (F5)</source>
        <translation>Present (F5)</translation>
    </message>
    <message>
        <source>Gridmap - %1 - %2 (%3)</source>
        <translation>Gridmap - %1 - %2 (%3)</translation>
    </message>
    <message>
        <source>%1: cannot write the image</source>
        <translation>%1: cannot write the image</translation>
    </message>
    <message>
        <source>Open a project (Ctrl+O)</source>
        <translation>Open a project (Ctrl+O)</translation>
    </message>
    <message>
        <source>Database...</source>
        <translation>Database...</translation>
    </message>
    <message>
        <source>Open a project kept in PostgreSQL/PostGIS</source>
        <translation>Open a project kept in PostgreSQL/PostGIS</translation>
    </message>
    <message>
        <source>Open a database project</source>
        <translation>Open a database project</translation>
    </message>
    <message>
        <source>Connection (the password from ~/.pgpass or PGPASSWORD):</source>
        <translation>Connection (the password from ~/.pgpass or PGPASSWORD):</translation>
    </message>
    <message>
        <source>Export PNG...</source>
        <translation>Export PNG...</translation>
    </message>
    <message>
        <source>Export the map as a PNG image (Ctrl+E)</source>
        <translation>Export the map as a PNG image (Ctrl+E)</translation>
    </message>
    <message>
        <source>Who is working?</source>
        <translation>Who is working?</translation>
    </message>
    <message>
        <source>By: %1</source>
        <translation>By: %1</translation>
    </message>
    <message>
        <source>Choose who makes the changes</source>
        <translation>Choose who makes the changes</translation>
    </message>
    <message>
        <source>By: nobody chosen</source>
        <translation>By: nobody chosen</translation>
    </message>
    <message>
        <source>By: %1 (%2)</source>
        <translation>By: %1 (%2)</translation>
    </message>
    <message>
        <source>Export the map as PNG</source>
        <translation>Export the map as PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Community work</source>
        <translation>Community work</translation>
    </message>
    <message>
        <source>Visits, care register, key places and points</source>
        <translation>Visits, care register, key places and points</translation>
    </message>
    <message>
        <source>Computing...</source>
        <translation>Computing...</translation>
    </message>
</context>
<context>
    <name>PresentationMode</name>
    <message>
        <source>Save as view...</source>
        <translation>Save as view...</translation>
    </message>
    <message>
        <source>Save the map as a view</source>
        <translation>Save the map as a view</translation>
    </message>
    <message>
        <source>Title of the view, e.g. 第一网格问题</source>
        <translation>Title of the view, e.g. 第一网格问题</translation>
    </message>
    <message>
        <source>No saved views: the whole community</source>
        <translation>No saved views: the whole community</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Export view...</source>
        <translation>Export view...</translation>
    </message>
    <message>
        <source>Export all views...</source>
        <translation>Export all views...</translation>
    </message>
    <message>
        <source>Leave (Esc)</source>
        <translation>Leave (Esc)</translation>
    </message>
    <message>
        <source>Export all saved views</source>
        <translation>Export all saved views</translation>
    </message>
    <message>
        <source>Export the current view</source>
        <translation>Export the current view</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
</context>
<context>
    <name>Render</name>
    <message>
        <source>; basemap: %1</source>
        <translation>; basemap: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Data: %1, %2 (EPSG:%3)</source>
        <translation>Data: %1, %2 (EPSG:%3)</translation>
    </message>
</context>
<context>
    <name>RepairPanel</name>
    <message>
        <source>Road repair</source>
        <translation>Road repair</translation>
    </message>
    <message>
        <source>Vertices: %1</source>
        <translation>Vertices: %1</translation>
    </message>
    <message>
        <source>snapped to the road</source>
        <translation>snapped to the road</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>finished</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>Remove last</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Road</source>
        <translation>Road</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>planned</translation>
    </message>
    <message>
        <source>under way</source>
        <translation>under way</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Cost (yuan)</source>
        <translation>Cost (yuan)</translation>
    </message>
    <message>
        <source>Save segment</source>
        <translation>Save segment</translation>
    </message>
    <message>
        <source>%1: %2 m</source>
        <translation>%1: %2 m</translation>
    </message>
    <message>
        <source>in cell %1: %2 m</source>
        <translation>in cell %1: %2 m</translation>
    </message>
    <message>
        <source>outside every community: %1 m</source>
        <translation>outside every community: %1 m</translation>
    </message>
    <message>
        <source>overlaps %1 by %2 m</source>
        <translation>overlaps %1 by %2 m</translation>
    </message>
    <message numerus="yes">
        <source>To notify (within 50 m): %n building(s)</source>
        <translation>
            <numerusform>To notify (within 50 m): %n building</numerusform>
            <numerusform>To notify (within 50 m): %n buildings</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2 · %3 m · %4 households · %5</source>
        <translation>%1 %2 · %3 m · %4 households · %5</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation>Export CSV...</translation>
    </message>
    <message>
        <source>Export the notify list</source>
        <translation>Export the notify list</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>grid worker</source>
        <translation>grid worker</translation>
    </message>
    <message>
        <source>compound captain</source>
        <translation>compound captain</translation>
    </message>
    <message>
        <source>building captain</source>
        <translation>building captain</translation>
    </message>
    <message>
        <source>unit captain</source>
        <translation>unit captain</translation>
    </message>
    <message>
        <source>party group leader</source>
        <translation>party group leader</translation>
    </message>
    <message>
        <source>party member</source>
        <translation>party member</translation>
    </message>
</context>
<context>
    <name>Scale</name>
    <message>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <source>%1 cm</source>
        <translation>%1 cm</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search cells, compounds, buildings, roads, issues</source>
        <translation>Search cells, compounds, buildings, roads, issues</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>No match</translation>
    </message>
</context>
<context>
    <name>SeedPanel</name>
    <message>
        <source>Visit %1 recorded.</source>
        <translation>Visit %1 recorded.</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Points notice written.</source>
        <translation>Points notice written.</translation>
    </message>
    <message>
        <source>Community work</source>
        <translation>Community work</translation>
    </message>
    <message>
        <source>Show on map (low visit coverage, overdue patrols)</source>
        <translation>Show on map (low visit coverage, overdue patrols)</translation>
    </message>
    <message>
        <source>Visits this month: %1, households %2, by %3 people, %4 follow-up issues</source>
        <translation>Visits this month: %1, households %2, by %3 people, %4 follow-up issues</translation>
    </message>
    <message>
        <source>Care register: %1 entries, %2 households, %3 unpaired, %4 not visited within %5 days</source>
        <translation>Care register: %1 entries, %2 households, %3 unpaired, %4 not visited within %5 days</translation>
    </message>
    <message>
        <source>Key places: %1, overdue %2; patrols this month: %3</source>
        <translation>Key places: %1, overdue %2; patrols this month: %3</translation>
    </message>
    <message>
        <source>Check-in rate %1; pairing sign-up %2; night patrol sign-up %3</source>
        <translation>Check-in rate %1; pairing sign-up %2; night patrol sign-up %3</translation>
    </message>
    <message>
        <source>Record a visit</source>
        <translation>Record a visit</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>household id, e.g. H00001</source>
        <translation>household id, e.g. H00001</translation>
    </message>
    <message>
        <source>or building</source>
        <translation>or building</translation>
    </message>
    <message>
        <source>building id (a sweep)</source>
        <translation>building id (a sweep)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>today (YYYY-MM-DD)</source>
        <translation>today (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation>Save visit</translation>
    </message>
    <message>
        <source>Visit coverage by cell (within %1 days)</source>
        <translation>Visit coverage by cell (within %1 days)</translation>
    </message>
    <message>
        <source>%1: %2 of %3 (%4%)</source>
        <translation>%1: %2 of %3 (%4%)</translation>
    </message>
    <message>
        <source>Key places</source>
        <translation>Key places</translation>
    </message>
    <message>
        <source>never patrolled</source>
        <translation>never patrolled</translation>
    </message>
    <message>
        <source>last patrolled %1</source>
        <translation>last patrolled %1</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Export notice...</source>
        <translation>Export notice...</translation>
    </message>
    <message>
        <source>Show care register</source>
        <translation>Show care register</translation>
    </message>
    <message>
        <source>paired: %1</source>
        <translation>paired: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>last visit: %1</source>
        <translation>last visit: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Patrol %1 recorded.</source>
        <translation>Patrol %1 recorded.</translation>
    </message>
    <message>
        <source>%1 tagged %2.</source>
        <translation>%1 tagged %2.</translation>
    </message>
    <message>
        <source>Record a patrol</source>
        <translation>Record a patrol</translation>
    </message>
    <message>
        <source>Key place</source>
        <translation>Key place</translation>
    </message>
    <message>
        <source>Save patrol</source>
        <translation>Save patrol</translation>
    </message>
    <message>
        <source>Tag a household in the care register</source>
        <translation>Tag a household in the care register</translation>
    </message>
    <message>
        <source>Only grid workers may change the care register.</source>
        <translation>Only grid workers may change the care register.</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>YYYY-MM-DD (optional)</source>
        <translation>YYYY-MM-DD (optional)</translation>
    </message>
    <message>
        <source>Save tag</source>
        <translation>Save tag</translation>
    </message>
    <message>
        <source>Sweep plan written (%1 pages).</source>
        <translation>Sweep plan written (%1 pages).</translation>
    </message>
    <message>
        <source>My sweep plan (PDF)...</source>
        <translation>My sweep plan (PDF)...</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Plain</source>
        <translation>Plain</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>Issues</translation>
    </message>
    <message>
        <source>Party groups</source>
        <translation>Party groups</translation>
    </message>
    <message>
        <source>Building captains</source>
        <translation>Building captains</translation>
    </message>
    <message>
        <source>Unit captains</source>
        <translation>Unit captains</translation>
    </message>
    <message>
        <source>Household pairing</source>
        <translation>Household pairing</translation>
    </message>
    <message>
        <source>Grid workers</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <source>Households per cell</source>
        <translation>Households per cell</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::AssignModel</name>
    <message>
        <source>The selected buildings have nothing this role applies to (no compound, cell, units or households).</source>
        <translation>The selected buildings have nothing this role applies to (no compound, cell, units or households).</translation>
    </message>
    <message>
        <source>No project is open for editing.</source>
        <translation>No project is open for editing.</translation>
    </message>
    <message>
        <source>Select buildings on the map first (click, shift-click or lasso).</source>
        <translation>Select buildings on the map first (click, shift-click or lasso).</translation>
    </message>
    <message>
        <source>Choose whom to assign.</source>
        <translation>Choose whom to assign.</translation>
    </message>
    <message>
        <source>Nothing to undo in this session.</source>
        <translation>Nothing to undo in this session.</translation>
    </message>
    <message>
        <source>The last change is still being saved.</source>
        <translation>The last change is still being saved.</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::IssueModel</name>
    <message>
        <source>&apos;%1&apos; is not a place: type &quot;lon,lat&quot; in degrees or &quot;X,Y&quot; in metres.</source>
        <translation>&apos;%1&apos; is not a place: type &quot;lon,lat&quot; in degrees or &quot;X,Y&quot; in metres.</translation>
    </message>
    <message>
        <source>%1: cannot read the photo (%2)</source>
        <translation>%1: cannot read the photo (%2)</translation>
    </message>
    <message>
        <source>No project is open for editing.</source>
        <translation>No project is open for editing.</translation>
    </message>
    <message>
        <source>%1: no such photo</source>
        <translation>%1: no such photo</translation>
    </message>
    <message>
        <source>Issue %1 was pinned, but a photo was not stored: %2</source>
        <translation>Issue %1 was pinned, but a photo was not stored: %2</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>No project is open.</translation>
    </message>
    <message>
        <source>No issue state called &apos;%1&apos;.</source>
        <translation>No issue state called &apos;%1&apos;.</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::LayerListModel</name>
    <message>
        <source>No layer called &apos;%1&apos;.</source>
        <translation>No layer called &apos;%1&apos;.</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::MapItem</name>
    <message>
        <source>Cannot draw the basemap: %1</source>
        <translation>Cannot draw the basemap: %1</translation>
    </message>
    <message>
        <source>Cannot read the map layers: %1</source>
        <translation>Cannot read the map layers: %1</translation>
    </message>
    <message>
        <source>The layer &apos;%1&apos; has nothing to show.</source>
        <translation>The layer &apos;%1&apos; has nothing to show.</translation>
    </message>
    <message>
        <source>No feature &apos;%1&apos; in layer &apos;%2&apos;.</source>
        <translation>No feature &apos;%1&apos; in layer &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>No map is loaded.</source>
        <translation>No map is loaded.</translation>
    </message>
    <message>
        <source>No map theme called &apos;%1&apos;.</source>
        <translation>No map theme called &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Cannot open the basemap: %1</source>
        <translation>Cannot open the basemap: %1</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::MeetingModel</name>
    <message>
        <source>No saved view %1 (the project has %2)</source>
        <translation>No saved view %1 (the project has %2)</translation>
    </message>
    <message>
        <source>No map to show the view on</source>
        <translation>No map to show the view on</translation>
    </message>
    <message>
        <source>The project is not open for editing</source>
        <translation>The project is not open for editing</translation>
    </message>
    <message>
        <source>Nothing to save: no project is open</source>
        <translation>Nothing to save: no project is open</translation>
    </message>
    <message>
        <source>Nothing to export: no project is open</source>
        <translation>Nothing to export: no project is open</translation>
    </message>
    <message>
        <source>%1: the file must end in .png or .pdf</source>
        <translation>%1: the file must end in .png or .pdf</translation>
    </message>
    <message>
        <source>%1: cannot write</source>
        <translation>%1: cannot write</translation>
    </message>
    <message>
        <source>The project has no saved views</source>
        <translation>The project has no saved views</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Saved views</translation>
    </message>
    <message>
        <source>%1: not a date and time</source>
        <translation>%1: not a date and time</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::ProjectModel</name>
    <message>
        <source>No project file given.</source>
        <translation>No project file given.</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1: no such file</translation>
    </message>
    <message>
        <source>Unknown error while opening %1</source>
        <translation>Unknown error while opening %1</translation>
    </message>
    <message>
        <source>Cannot store the map settings in the project: %1</source>
        <translation>Cannot store the map settings in the project: %1</translation>
    </message>
    <message>
        <source>No map theme called &apos;%1&apos;.</source>
        <translation>No map theme called &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>No project is open.</translation>
    </message>
    <message>
        <source>No feature &apos;%1&apos; in layer &apos;%2&apos;.</source>
        <translation>No feature &apos;%1&apos; in layer &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a person of this project.</source>
        <translation>'%1' is not a person of this project.</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::RepairModel</name>
    <message>
        <source>Click at least two points of the segment on the map.</source>
        <translation>Click at least two points of the segment on the map.</translation>
    </message>
    <message>
        <source>No project is open for editing.</source>
        <translation>No project is open for editing.</translation>
    </message>
    <message>
        <source>The cost &apos;%1&apos; is not an amount of yuan.</source>
        <translation>The cost &apos;%1&apos; is not an amount of yuan.</translation>
    </message>
    <message>
        <source>Segment %1 was stored, but its summary cannot be read: %2</source>
        <translation>Segment %1 was stored, but its summary cannot be read: %2</translation>
    </message>
    <message>
        <source>Save a repair segment first.</source>
        <translation>Save a repair segment first.</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: cannot write (%2)</translation>
    </message>
    <message>
        <source>The line is finished: save it, or clear it to draw another.</source>
        <translation>The line is finished: save it, or clear it to draw another.</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::SeedModel</name>
    <message>
        <source>No project is open for editing.</source>
        <translation>No project is open for editing.</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before recording a visit.</source>
        <translation>Choose who you are (the acting person) before recording a visit.</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>No project is open.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Cannot write %1.</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before recording a patrol.</source>
        <translation>Choose who you are (the acting person) before recording a patrol.</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before changing the care register.</source>
        <translation>Choose who you are (the acting person) before changing the care register.</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before printing a sweep plan.</source>
        <translation>Choose who you are (the acting person) before printing a sweep plan.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Gridmap: community grid governance map</source>
        <translation>Gridmap: community grid governance map</translation>
    </message>
    <message>
        <source>Gridmap project (.gpkg) to open.</source>
        <translation>Gridmap project (.gpkg) to open.</translation>
    </message>
    <message>
        <source>Save the window to FILE (PNG) once the map is drawn, then quit.</source>
        <translation>Save the window to FILE (PNG) once the map is drawn, then quit.</translation>
    </message>
    <message>
        <source>Pan and zoom N steps once the map is drawn, print the frame times as JSON, then quit.</source>
        <translation>Pan and zoom N steps once the map is drawn, print the frame times as JSON, then quit.</translation>
    </message>
    <message>
        <source>Open the project, assign 10 buildings, pin an issue and switch the theme, print the longest stalls of the user interface as JSON (before the frame times of --benchmark-frames), then quit.</source>
        <translation>Open the project, assign 10 buildings, pin an issue and switch the theme, print the longest stalls of the user interface as JSON (before the frame times of --benchmark-frames), then quit.</translation>
    </message>
</context>
</TS>
