<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Inspect</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Grid cell</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Floors</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Party group</source>
        <translation>党小组</translation>
    </message>
    <message>
        <source>Building captain</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>Unit captains</source>
        <translation>单元长</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋数</translation>
    </message>
    <message>
        <source>Open issues</source>
        <translation>待办问题</translation>
    </message>
    <message>
        <source>All issues</source>
        <translation>问题总数</translation>
    </message>
    <message>
        <source>Compound captain</source>
        <translation>小区长</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Grid cells</source>
        <translation>网格数</translation>
    </message>
    <message>
        <source>Compounds</source>
        <translation>小区数</translation>
    </message>
    <message>
        <source>Repair segments</source>
        <translation>维修段</translation>
    </message>
    <message>
        <source>Road</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>施工类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开工</translation>
    </message>
    <message>
        <source>End</source>
        <translation>完工</translation>
    </message>
    <message>
        <source>Length (m)</source>
        <translation>长度（米）</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>大类</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>小类</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>reported</source>
        <translation>已上报（群众点单）</translation>
    </message>
    <message>
        <source>dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接单</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核查</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>under way</source>
        <translation>施工中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完工</translation>
    </message>
    <message>
        <source>residential</source>
        <translation>住宅</translation>
    </message>
</context>
<context>
    <name>InspectPanel</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Zoom to</source>
        <translation>定位到此</translation>
    </message>
</context>
<context>
    <name>Label</name>
    <message>
        <source>%1 households</source>
        <translation>%1 户</translation>
    </message>
    <message>
        <source>open %1, closed %2</source>
        <translation>待办 %1，已结 %2</translation>
    </message>
</context>
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
    <message>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>Buildings: party group and captain</source>
        <translation>楼栋：党小组与楼栋长</translation>
    </message>
    <message>
        <source>both</source>
        <translation>两者齐全</translation>
    </message>
    <message>
        <source>one missing</source>
        <translation>缺一项</translation>
    </message>
    <message>
        <source>none</source>
        <translation>均未落实</translation>
    </message>
    <message>
        <source>not residential</source>
        <translation>非住宅</translation>
    </message>
    <message>
        <source>cut by a cell boundary</source>
        <translation>被网格边界切分</translation>
    </message>
    <message>
        <source>Cells: households (target %1-%2)</source>
        <translation>网格户数（目标 %1–%2 户）</translation>
    </message>
    <message>
        <source>below the target</source>
        <translation>低于目标</translation>
    </message>
    <message>
        <source>within the target</source>
        <translation>目标范围内</translation>
    </message>
    <message>
        <source>above the target</source>
        <translation>高于目标</translation>
    </message>
    <message>
        <source>gap between cells</source>
        <translation>网格缝隙</translation>
    </message>
    <message>
        <source>cells overlap</source>
        <translation>网格重叠</translation>
    </message>
    <message>
        <source>Issues by state</source>
        <translation>问题点状态</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Issues by category</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>no category</source>
        <translation>未分类</translation>
    </message>
    <message>
        <source>Cells: open issues</source>
        <translation>网格待办问题数</translation>
    </message>
    <message>
        <source>1 or 2</source>
        <translation>1–2 个</translation>
    </message>
    <message>
        <source>3 or more</source>
        <translation>3 个及以上</translation>
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
    <message>
        <source>Theme</source>
        <translation>专题</translation>
    </message>
    <message>
        <source>Plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖情况</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>问题分布</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Basemap...</source>
        <translation>底图…</translation>
    </message>
    <message>
        <source>Basemap ✓</source>
        <translation>底图 ✓</translation>
    </message>
    <message>
        <source>Choose a raster (GeoTIFF, MBTiles, WMTS XML)...</source>
        <translation>选择栅格（GeoTIFF、MBTiles、WMTS XML）…</translation>
    </message>
    <message>
        <source>No basemap</source>
        <translation>不用底图</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Lon %1° Lat %2° (CGCS2000)  X %3 Y %4 m (EPSG:%5)</source>
        <translation>经度 %1° 纬度 %2°（CGCS2000）  X %3 Y %4 米（EPSG:%5）</translation>
    </message>
    <message>
        <source>Choose a basemap</source>
        <translation>选择底图</translation>
    </message>
    <message>
        <source>Rasters (*.tif *.tiff *.mbtiles *.xml *.vrt *.jpg *.png)</source>
        <translation>栅格 (*.tif *.tiff *.mbtiles *.xml *.vrt *.jpg *.png)</translation>
    </message>
</context>
<context>
    <name>Render</name>
    <message>
        <source>; basemap: %1</source>
        <translation>；底图：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Data: %1, %2 (EPSG:%3)</source>
        <translation>数据：%1，%2（EPSG:%3）</translation>
    </message>
</context>
<context>
    <name>Scale</name>
    <message>
        <source>%1 km</source>
        <translation>%1 千米</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <source>%1 cm</source>
        <translation>%1 厘米</translation>
    </message>
    <message>
        <source>N</source>
        <translation>北</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search cells, compounds, buildings, roads, issues</source>
        <translation>搜索网格、小区、楼栋、道路、问题</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>无结果</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Plain</source>
        <translation>普通地图</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>网格覆盖图</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>问题分布图</translation>
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
    <name>gridmap::quick::MapItem</name>
    <message>
        <source>Cannot draw the basemap: %1</source>
        <translation>无法绘制底图：%1</translation>
    </message>
    <message>
        <source>Cannot read the map layers: %1</source>
        <translation>无法读取地图图层：%1</translation>
    </message>
    <message>
        <source>The layer &apos;%1&apos; has nothing to show.</source>
        <translation>图层“%1”没有要素。</translation>
    </message>
    <message>
        <source>No feature &apos;%1&apos; in layer &apos;%2&apos;.</source>
        <translation>图层“%2”中没有要素“%1”。</translation>
    </message>
    <message>
        <source>No map is loaded.</source>
        <translation>未加载地图。</translation>
    </message>
    <message>
        <source>No map theme called &apos;%1&apos;.</source>
        <translation>没有名为“%1”的地图专题。</translation>
    </message>
    <message>
        <source>Cannot open the basemap: %1</source>
        <translation>无法打开底图：%1</translation>
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
    <message>
        <source>Cannot store the map settings in the project: %1</source>
        <translation>无法将地图设置保存到项目中：%1</translation>
    </message>
    <message>
        <source>No map theme called &apos;%1&apos;.</source>
        <translation>没有名为“%1”的地图专题。</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>No feature &apos;%1&apos; in layer &apos;%2&apos;.</source>
        <translation>图层“%2”中没有要素“%1”。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Gridmap: community grid governance map</source>
        <translation>网格地图：社区网格化治理地图</translation>
    </message>
    <message>
        <source>Gridmap project (.gpkg) to open.</source>
        <translation>要打开的网格地图项目（.gpkg）。</translation>
    </message>
    <message>
        <source>Save the window to FILE (PNG) once the map is drawn, then quit.</source>
        <translation>地图绘制完成后将窗口保存为 FILE（PNG），然后退出。</translation>
    </message>
</context>
</TS>
