<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
</context>
<context>
    <name>gridmap::quick::LayerListModel</name>
    <message>
        <source>No layer called &apos;%1&apos;.</source>
        <translation>No layer called &apos;%1&apos;.</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::MapView</name>
    <message>
        <source>Cannot read the map layers: %1</source>
        <translation>Cannot read the map layers: %1</translation>
    </message>
    <message>
        <source>No map is loaded.</source>
        <translation>No map is loaded.</translation>
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
</context>
<context>
    <name>main</name>
    <message>
        <source>Gridmap: community grid governance map</source>
        <translation>Gridmap: community grid governance map</translation>
    </message>
    <message>
        <source>Save the window to FILE (PNG) after the first frame, then quit.</source>
        <translation>Save the window to FILE (PNG) after the first frame, then quit.</translation>
    </message>
    <message>
        <source>Gridmap project (.gpkg) to open.</source>
        <translation>Gridmap project (.gpkg) to open.</translation>
    </message>
</context>
</TS>
