<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Layer</name>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Grid cells</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Road repair segments</source>
        <translation>道路维修段</translation>
    </message>
    <message>
        <source>Service points</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>问题点</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>No layers</source>
        <translation>无图层</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Gridmap - %1</source>
        <translation>网格地图 - %1</translation>
    </message>
    <message>
        <source>Gridmap</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <source>Open...</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Fit to data</source>
        <translation>全图</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open a project (.gpkg) to see its map.</source>
        <translation>打开一个项目（.gpkg）以查看地图。</translation>
    </message>
    <message>
        <source>CRS: %1 (EPSG:%2)</source>
        <translation>坐标系：%1（EPSG:%2）</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>Schema version: %1</source>
        <translation>数据结构版本：%1</translation>
    </message>
    <message>
        <source>Features: %1</source>
        <translation>要素：%1</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Gridmap projects (*.gpkg)</source>
        <translation>网格地图项目 (*.gpkg)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::LayerListModel</name>
    <message>
        <source>No layer called &apos;%1&apos;.</source>
        <translation>没有名为“%1”的图层。</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::MapView</name>
    <message>
        <source>Cannot read the map layers: %1</source>
        <translation>无法读取地图图层：%1</translation>
    </message>
    <message>
        <source>No map is loaded.</source>
        <translation>未加载地图。</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::ProjectModel</name>
    <message>
        <source>No project file given.</source>
        <translation>未指定项目文件。</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>Unknown error while opening %1</source>
        <translation>打开 %1 时发生未知错误</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Gridmap: community grid governance map</source>
        <translation>网格地图：社区网格化治理地图</translation>
    </message>
    <message>
        <source>Save the window to FILE (PNG) after the first frame, then quit.</source>
        <translation>绘制第一帧后将窗口保存为 FILE（PNG），然后退出。</translation>
    </message>
    <message>
        <source>Gridmap project (.gpkg) to open.</source>
        <translation>要打开的网格地图项目（.gpkg）。</translation>
    </message>
</context>
</TS>
