<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActorDialog</name>
    <message>
        <source>Who is working?</source>
        <translation>谁在操作？</translation>
    </message>
    <message>
        <source>Choose a person from the list.</source>
        <translation>请从列表中选择一人。</translation>
    </message>
    <message>
        <source>The changes made in this window are recorded under the person chosen here.</source>
        <translation>本窗口所做的修改都记在这里选定的人名下。</translation>
    </message>
    <message>
        <source>Filter by id or name</source>
        <translation>按编号或姓名筛选</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>AssignPanel</name>
    <message>
        <source>Unit captain of their units</source>
        <translation>所选楼栋各单元的单元长</translation>
    </message>
    <message>
        <source>Compound captain of their compounds</source>
        <translation>所选楼栋所在小区的小区长</translation>
    </message>
    <message>
        <source>Grid worker of their cells</source>
        <translation>所选楼栋所在网格的网格员</translation>
    </message>
    <message>
        <source>Pair with their households</source>
        <translation>包保所选楼栋的住户</translation>
    </message>
    <message>
        <source>Assign to buildings</source>
        <translation>分配到楼栋</translation>
    </message>
    <message>
        <source>Click a building, shift-click to add or remove, Ctrl-drag for a lasso.</source>
        <translation>单击选择楼栋，Shift+单击加选或取消，Ctrl+拖动套索选择。</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message numerus="yes">
        <source>Selected: %n building(s)</source>
        <translation>
            <numerusform>已选：%n 栋楼</numerusform>
        </translation>
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
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Party group coverage: %1 of %2 buildings</source>
        <translation>党小组覆盖：%1 / %2 栋楼</translation>
    </message>
    <message>
        <source>Building captain coverage: %1 of %2 buildings</source>
        <translation>楼栋长覆盖：%1 / %2 栋楼</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>变更记录</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Party groups</source>
        <translation>党小组</translation>
    </message>
    <message>
        <source>Building captains</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>Unit captains</source>
        <translation>单元长</translation>
    </message>
    <message>
        <source>Grid workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>Household pairing</source>
        <translation>包保到户</translation>
    </message>
    <message>
        <source>Open issues</source>
        <translation>未办结问题</translation>
    </message>
    <message>
        <source>Resolved issues</source>
        <translation>已办结问题</translation>
    </message>
    <message>
        <source>Households visited</source>
        <translation>走访覆盖</translation>
    </message>
    <message>
        <source>Care register paired</source>
        <translation>重点人群结对</translation>
    </message>
    <message>
        <source>Care register visited</source>
        <translation>重点人群走访</translation>
    </message>
    <message>
        <source>Key places patrolled</source>
        <translation>重点场所按期巡查</translation>
    </message>
    <message>
        <source>Points this month</source>
        <translation>本月积分</translation>
    </message>
    <message>
        <source>Party members checked in</source>
        <translation>党员报到率</translation>
    </message>
    <message>
        <source>Signed up for pairing</source>
        <translation>结对帮困报名率</translation>
    </message>
    <message>
        <source>Signed up for night patrols</source>
        <translation>夜间巡逻报名率</translation>
    </message>
    <message>
        <source>Co-building pledges done</source>
        <translation>共建实事完成率</translation>
    </message>
    <message>
        <source>Change since the previous snapshot: %1 → %2</source>
        <translation>较上次快照的变化：%1 → %2</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖情况</translation>
    </message>
    <message>
        <source>Compounds and cells</source>
        <translation>小区与网格</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Open issues: %1, overdue: %2</source>
        <translation>未办结问题：%1，超期：%2</translation>
    </message>
    <message>
        <source>Road repairs</source>
        <translation>道路维修</translation>
    </message>
    <message>
        <source>%1 km of %2 km done, %3 km under way</source>
        <translation>已完工 %1 公里 / 共 %2 公里，施工中 %3 公里</translation>
    </message>
    <message>
        <source>Pledges</source>
        <translation>十件实事</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <source>Resolved this month: %1, on time: %2, average handling: %3</source>
        <translation>本月办结：%1，按时办结率：%2，平均办理时长：%3</translation>
    </message>
    <message>
        <source>Overdue or stuck orders (%1)</source>
        <translation>超期或滞留工单（%1）</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>no progress for %1 days</source>
        <translation>%1 天无进展</translation>
    </message>
    <message>
        <source>Last 6 months: open at month end</source>
        <translation>近 6 个月月末未办结问题</translation>
    </message>
    <message>
        <source>On time by month: %1</source>
        <translation>各月按时办结率：%1</translation>
    </message>
    <message>
        <source>Cells by coverage</source>
        <translation>网格排名（按覆盖率）</translation>
    </message>
    <message>
        <source>Grid workers by coverage</source>
        <translation>网格员排名（按覆盖率）</translation>
    </message>
    <message>
        <source>%1 open, %2 overdue</source>
        <translation>未办结 %1，超期 %2</translation>
    </message>
    <message>
        <source>handling rank %1</source>
        <translation>办理第 %1 名</translation>
    </message>
</context>
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
        <translation>未办结问题</translation>
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
    <name>IssueForm</name>
    <message>
        <source>New issue</source>
        <translation>新建问题</translation>
    </message>
    <message>
        <source>Cannot place %1 on this map.</source>
        <translation>无法在本地图上定位 %1。</translation>
    </message>
    <message>
        <source>Click the map or type a place first.</source>
        <translation>请先点击地图或输入位置。</translation>
    </message>
    <message>
        <source>Place (click the map, or type lon,lat, X,Y or a building name)</source>
        <translation>位置（点击地图，或输入 经度,纬度、X,Y 或楼栋名称）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is neither coordinates (lon,lat or X,Y) nor a building, compound or road of this project.</source>
        <translation>“%1”既不是坐标（经度,纬度 或 X,Y），也不是本项目的楼栋、小区或道路。</translation>
    </message>
    <message>
        <source>e.g. 114.0012, 30.5004</source>
        <translation>例如 114.0012, 30.5004</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>定位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>大类</translation>
    </message>
    <message>
        <source>Small class</source>
        <translation>小类</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Reporter (person id, optional)</source>
        <translation>上报人（人员编号，可选）</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Photos...</source>
        <translation>照片...</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Photos of the issue</source>
        <translation>问题照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Fill in the fields marked in red.</source>
        <translation>请填写标红的项。</translation>
    </message>
    <message>
        <source>Will be proposed to %1 (%2)</source>
        <translation>将建议由 %1（%2）处理</translation>
    </message>
</context>
<context>
    <name>IssuePanel</name>
    <message>
        <source>Issues: %1 of %2</source>
        <translation>问题：%1 / %2</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Every category</source>
        <translation>全部大类</translation>
    </message>
    <message>
        <source>Every cell</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <source>Every assignee</source>
        <translation>全部承办人</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>no cell</source>
        <translation>不在网格内</translation>
    </message>
    <message>
        <source>%1 · %2 · deadline %3</source>
        <translation>%1 · %2 · 办理时限 %3</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>required to reject or reopen</source>
        <translation>退回或重新办理时必填</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>New issue...</source>
        <translation>新建问题...</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <source>Add photo...</source>
        <translation>添加照片...</translation>
    </message>
    <message>
        <source>Photos of the issue</source>
        <translation>问题照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>nobody chosen</source>
        <translation>未选定</translation>
    </message>
    <message>
        <source>Proposed: %1 (%2)</source>
        <translation>建议：%1（%2）</translation>
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
        <translation>未办结 %1，已结案 %2</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>en</source>
        <translation>zh_CN</translation>
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
        <translation>未办结</translation>
    </message>
    <message>
        <source>open, overdue</source>
        <translation>未办结（超期）</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>不予受理</translation>
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
        <translation>网格未办结问题数</translation>
    </message>
    <message>
        <source>1 or 2</source>
        <translation>1–2 个</translation>
    </message>
    <message>
        <source>3 or more</source>
        <translation>3 个及以上</translation>
    </message>
    <message>
        <source>no open issues</source>
        <translation>无未办结问题</translation>
    </message>
    <message>
        <source>no party group</source>
        <translation>缺党小组</translation>
    </message>
    <message>
        <source>no building captain</source>
        <translation>缺楼栋长</translation>
    </message>
    <message>
        <source>no party group, no captain</source>
        <translation>缺党小组和楼栋长</translation>
    </message>
    <message>
        <source>Buildings: party group</source>
        <translation>楼栋：党小组</translation>
    </message>
    <message>
        <source>has a party group</source>
        <translation>有党小组</translation>
    </message>
    <message>
        <source>Buildings: building captain</source>
        <translation>楼栋：楼栋长</translation>
    </message>
    <message>
        <source>has a building captain</source>
        <translation>有楼栋长</translation>
    </message>
    <message>
        <source>Buildings: unit captains</source>
        <translation>楼栋：单元长</translation>
    </message>
    <message>
        <source>every unit has a unit captain</source>
        <translation>各单元均有单元长</translation>
    </message>
    <message>
        <source>some units lack a unit captain</source>
        <translation>部分单元缺单元长</translation>
    </message>
    <message>
        <source>no unit has a unit captain</source>
        <translation>各单元均缺单元长</translation>
    </message>
    <message>
        <source>no units registered</source>
        <translation>未登记单元</translation>
    </message>
    <message>
        <source>Buildings: household pairing</source>
        <translation>楼栋：党员包保住户</translation>
    </message>
    <message>
        <source>every household paired</source>
        <translation>住户均有包保党员</translation>
    </message>
    <message>
        <source>some households lack a pairing</source>
        <translation>部分住户缺包保党员</translation>
    </message>
    <message>
        <source>no household paired</source>
        <translation>住户均缺包保党员</translation>
    </message>
    <message>
        <source>no households registered</source>
        <translation>未登记住户</translation>
    </message>
    <message>
        <source>Cells: grid worker</source>
        <translation>网格：网格员</translation>
    </message>
    <message>
        <source>has a grid worker</source>
        <translation>有网格员</translation>
    </message>
    <message>
        <source>no grid worker</source>
        <translation>缺网格员</translation>
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
    <message>
        <source>Pin issue</source>
        <translation>标注问题</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分工</translation>
    </message>
    <message>
        <source>Draw repair</source>
        <translation>绘制维修段</translation>
    </message>
    <message>
        <source>Issue list</source>
        <translation>问题列表</translation>
    </message>
    <message>
        <source>Present (F5)</source>
        <translation>演示 (F5)</translation>
    </message>
    <message>
        <source>Gridmap - %1 - %2 (%3)</source>
        <translation>网格地图 - %1 - %2（%3）</translation>
    </message>
    <message>
        <source>%1: cannot write the image</source>
        <translation>%1：无法写入图片</translation>
    </message>
    <message>
        <source>Open a project (Ctrl+O)</source>
        <translation>打开项目（Ctrl+O）</translation>
    </message>
    <message>
        <source>Database...</source>
        <translation>数据库...</translation>
    </message>
    <message>
        <source>Open a project kept in PostgreSQL/PostGIS</source>
        <translation>打开保存在 PostgreSQL/PostGIS 数据库中的项目</translation>
    </message>
    <message>
        <source>Open a database project</source>
        <translation>打开数据库项目</translation>
    </message>
    <message>
        <source>Connection (the password from ~/.pgpass or PGPASSWORD):</source>
        <translation>连接串（密码取自 ~/.pgpass 或 PGPASSWORD）：</translation>
    </message>
    <message>
        <source>Export PNG...</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export the map as a PNG image (Ctrl+E)</source>
        <translation>将地图导出为 PNG 图片（Ctrl+E）</translation>
    </message>
    <message>
        <source>Who is working?</source>
        <translation>谁在操作？</translation>
    </message>
    <message>
        <source>By: %1</source>
        <translation>操作人：%1</translation>
    </message>
    <message>
        <source>Choose who makes the changes</source>
        <translation>选择由谁修改</translation>
    </message>
    <message>
        <source>By: nobody chosen</source>
        <translation>操作人：未选定</translation>
    </message>
    <message>
        <source>By: %1 (%2)</source>
        <translation>操作人：%1（%2）</translation>
    </message>
    <message>
        <source>Export the map as PNG</source>
        <translation>将地图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Community work</source>
        <translation>社区工作</translation>
    </message>
    <message>
        <source>Visits, care register, key places and points</source>
        <translation>走访、重点人群、重点场所与积分</translation>
    </message>
    <message>
        <source>Computing...</source>
        <translation>正在计算…</translation>
    </message>
</context>
<context>
    <name>PresentationMode</name>
    <message>
        <source>Save as view...</source>
        <translation>保存为视图...</translation>
    </message>
    <message>
        <source>Save the map as a view</source>
        <translation>把当前地图保存为视图</translation>
    </message>
    <message>
        <source>Title of the view, e.g. 第一网格问题</source>
        <translation>视图标题，例如 第一网格问题</translation>
    </message>
    <message>
        <source>No saved views: the whole community</source>
        <translation>没有保存的视图：显示整个社区</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Export view...</source>
        <translation>导出视图...</translation>
    </message>
    <message>
        <source>Export all views...</source>
        <translation>导出全部视图...</translation>
    </message>
    <message>
        <source>Leave (Esc)</source>
        <translation>退出 (Esc)</translation>
    </message>
    <message>
        <source>Export all saved views</source>
        <translation>导出全部保存的视图</translation>
    </message>
    <message>
        <source>Export the current view</source>
        <translation>导出当前视图</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
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
        <translation>数据来源：%1，%2（EPSG:%3）</translation>
    </message>
</context>
<context>
    <name>RepairPanel</name>
    <message>
        <source>Road repair</source>
        <translation>道路维修</translation>
    </message>
    <message>
        <source>Vertices: %1</source>
        <translation>节点：%1</translation>
    </message>
    <message>
        <source>snapped to the road</source>
        <translation>已吸附到道路</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成绘制</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>删除最后一点</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
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
        <source>Start</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Cost (yuan)</source>
        <translation>费用（元）</translation>
    </message>
    <message>
        <source>Save segment</source>
        <translation>保存维修段</translation>
    </message>
    <message>
        <source>%1: %2 m</source>
        <translation>%1：%2 米</translation>
    </message>
    <message>
        <source>in cell %1: %2 m</source>
        <translation>网格 %1 内：%2 米</translation>
    </message>
    <message>
        <source>outside every community: %1 m</source>
        <translation>社区范围外：%1 米</translation>
    </message>
    <message>
        <source>overlaps %1 by %2 m</source>
        <translation>与 %1 重叠 %2 米</translation>
    </message>
    <message numerus="yes">
        <source>To notify (within 50 m): %n building(s)</source>
        <translation>
            <numerusform>需通知（50 米内）：%n 栋楼</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2 · %3 m · %4 households · %5</source>
        <translation>%1 %2 · %3 米 · %4 户 · %5</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation>导出 CSV...</translation>
    </message>
    <message>
        <source>Export the notify list</source>
        <translation>导出通知名单</translation>
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
        <translation>网格员</translation>
    </message>
    <message>
        <source>compound captain</source>
        <translation>小区长</translation>
    </message>
    <message>
        <source>building captain</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>unit captain</source>
        <translation>单元长</translation>
    </message>
    <message>
        <source>party group leader</source>
        <translation>党小组长</translation>
    </message>
    <message>
        <source>party member</source>
        <translation>党员</translation>
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
    <name>SeedPanel</name>
    <message>
        <source>Visit %1 recorded.</source>
        <translation>走访记录 %1 已保存。</translation>
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
        <translation>积分通报已导出。</translation>
    </message>
    <message>
        <source>Community work</source>
        <translation>社区工作</translation>
    </message>
    <message>
        <source>Show on map (low visit coverage, overdue patrols)</source>
        <translation>在地图上显示（走访覆盖率低的网格、逾期未巡查的场所）</translation>
    </message>
    <message>
        <source>Visits this month: %1, households %2, by %3 people, %4 follow-up issues</source>
        <translation>本月走访 %1 次，入户 %2 户，参与 %3 人，转工单 %4 件</translation>
    </message>
    <message>
        <source>Care register: %1 entries, %2 households, %3 unpaired, %4 not visited within %5 days</source>
        <translation>重点人群：在册 %1 条，%2 户，未结对 %3 户，%5 天内未走访 %4 户</translation>
    </message>
    <message>
        <source>Key places: %1, overdue %2; patrols this month: %3</source>
        <translation>重点场所 %1 处，逾期 %2 处；本月巡查 %3 次</translation>
    </message>
    <message>
        <source>Check-in rate %1; pairing sign-up %2; night patrol sign-up %3</source>
        <translation>报到率 %1；结对帮困报名率 %2；夜间巡逻报名率 %3</translation>
    </message>
    <message>
        <source>Record a visit</source>
        <translation>登记走访</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <source>household id, e.g. H00001</source>
        <translation>户编号，如 H00001</translation>
    </message>
    <message>
        <source>or building</source>
        <translation>或楼栋</translation>
    </message>
    <message>
        <source>building id (a sweep)</source>
        <translation>楼栋编号（扫楼摸排）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>today (YYYY-MM-DD)</source>
        <translation>今天（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>情况记录</translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation>保存走访</translation>
    </message>
    <message>
        <source>Visit coverage by cell (within %1 days)</source>
        <translation>各网格走访覆盖（%1 天内）</translation>
    </message>
    <message>
        <source>%1: %2 of %3 (%4%)</source>
        <translation>%1：%3 户中 %2 户（%4%）</translation>
    </message>
    <message>
        <source>Key places</source>
        <translation>重点场所</translation>
    </message>
    <message>
        <source>never patrolled</source>
        <translation>从未巡查</translation>
    </message>
    <message>
        <source>last patrolled %1</source>
        <translation>最近巡查 %1</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Export notice...</source>
        <translation>导出积分通报…</translation>
    </message>
    <message>
        <source>Show care register</source>
        <translation>查看重点人群名册</translation>
    </message>
    <message>
        <source>paired: %1</source>
        <translation>结对：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>last visit: %1</source>
        <translation>最近走访：%1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Patrol %1 recorded.</source>
        <translation>巡查 %1 已登记。</translation>
    </message>
    <message>
        <source>%1 tagged %2.</source>
        <translation>%1 已标记为%2。</translation>
    </message>
    <message>
        <source>Record a patrol</source>
        <translation>登记巡查</translation>
    </message>
    <message>
        <source>Key place</source>
        <translation>重点场所</translation>
    </message>
    <message>
        <source>Save patrol</source>
        <translation>保存巡查</translation>
    </message>
    <message>
        <source>Tag a household in the care register</source>
        <translation>重点人群登记</translation>
    </message>
    <message>
        <source>Only grid workers may change the care register.</source>
        <translation>只有网格员可以修改重点人群名册。</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>YYYY-MM-DD (optional)</source>
        <translation>YYYY-MM-DD（可不填）</translation>
    </message>
    <message>
        <source>Save tag</source>
        <translation>保存登记</translation>
    </message>
    <message>
        <source>Sweep plan written (%1 pages).</source>
        <translation>扫楼计划已写出（%1 页）。</translation>
    </message>
    <message>
        <source>My sweep plan (PDF)...</source>
        <translation>我的扫楼计划（PDF）...</translation>
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
    <message>
        <source>Party groups</source>
        <translation>党小组覆盖图</translation>
    </message>
    <message>
        <source>Building captains</source>
        <translation>楼栋长覆盖图</translation>
    </message>
    <message>
        <source>Unit captains</source>
        <translation>单元长覆盖图</translation>
    </message>
    <message>
        <source>Household pairing</source>
        <translation>党员包保覆盖图</translation>
    </message>
    <message>
        <source>Grid workers</source>
        <translation>网格员配备图</translation>
    </message>
    <message>
        <source>Households per cell</source>
        <translation>网格户数图</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::AssignModel</name>
    <message>
        <source>The selected buildings have nothing this role applies to (no compound, cell, units or households).</source>
        <translation>所选楼栋没有此岗位适用的对象（没有小区、网格、单元或住户）。</translation>
    </message>
    <message>
        <source>No project is open for editing.</source>
        <translation>没有可编辑的已打开项目。</translation>
    </message>
    <message>
        <source>Select buildings on the map first (click, shift-click or lasso).</source>
        <translation>请先在地图上选择楼栋（单击、Shift+单击或套索）。</translation>
    </message>
    <message>
        <source>Choose whom to assign.</source>
        <translation>请选择要分配的对象。</translation>
    </message>
    <message>
        <source>Nothing to undo in this session.</source>
        <translation>本次会话没有可撤销的变更。</translation>
    </message>
    <message>
        <source>The last change is still being saved.</source>
        <translation>上一项变更仍在保存中。</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::IssueModel</name>
    <message>
        <source>&apos;%1&apos; is not a place: type &quot;lon,lat&quot; in degrees or &quot;X,Y&quot; in metres.</source>
        <translation>“%1”不是位置：请输入“经度,纬度”（度）或“X,Y”（米）。</translation>
    </message>
    <message>
        <source>%1: cannot read the photo (%2)</source>
        <translation>%1：无法读取照片（%2）</translation>
    </message>
    <message>
        <source>No project is open for editing.</source>
        <translation>没有可编辑的已打开项目。</translation>
    </message>
    <message>
        <source>%1: no such photo</source>
        <translation>%1：照片不存在</translation>
    </message>
    <message>
        <source>Issue %1 was pinned, but a photo was not stored: %2</source>
        <translation>问题 %1 已标注，但有照片未能保存：%2</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>No issue state called &apos;%1&apos;.</source>
        <translation>没有名为“%1”的问题状态。</translation>
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
    <name>gridmap::quick::MeetingModel</name>
    <message>
        <source>No saved view %1 (the project has %2)</source>
        <translation>没有保存的视图 %1（项目共有 %2 个）</translation>
    </message>
    <message>
        <source>No map to show the view on</source>
        <translation>没有可显示该视图的地图</translation>
    </message>
    <message>
        <source>The project is not open for editing</source>
        <translation>项目未以可编辑方式打开</translation>
    </message>
    <message>
        <source>Nothing to save: no project is open</source>
        <translation>无可保存内容：没有打开的项目</translation>
    </message>
    <message>
        <source>Nothing to export: no project is open</source>
        <translation>无可导出内容：没有打开的项目</translation>
    </message>
    <message>
        <source>%1: the file must end in .png or .pdf</source>
        <translation>%1：文件名须以 .png 或 .pdf 结尾</translation>
    </message>
    <message>
        <source>%1: cannot write</source>
        <translation>%1：无法写入</translation>
    </message>
    <message>
        <source>The project has no saved views</source>
        <translation>项目没有保存的视图</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>保存的视图</translation>
    </message>
    <message>
        <source>%1: not a date and time</source>
        <translation>%1：不是有效的日期时间</translation>
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
    <message>
        <source>&apos;%1&apos; is not a person of this project.</source>
        <translation>“%1”不是本项目的人员。</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::RepairModel</name>
    <message>
        <source>Click at least two points of the segment on the map.</source>
        <translation>请在地图上点击维修段的至少两个点。</translation>
    </message>
    <message>
        <source>No project is open for editing.</source>
        <translation>没有可编辑的已打开项目。</translation>
    </message>
    <message>
        <source>The cost &apos;%1&apos; is not an amount of yuan.</source>
        <translation>费用“%1”不是有效的金额（元）。</translation>
    </message>
    <message>
        <source>Segment %1 was stored, but its summary cannot be read: %2</source>
        <translation>维修段 %1 已保存，但无法读取其汇总：%2</translation>
    </message>
    <message>
        <source>Save a repair segment first.</source>
        <translation>请先保存一个维修段。</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1：无法写入（%2）</translation>
    </message>
    <message>
        <source>The line is finished: save it, or clear it to draw another.</source>
        <translation>线段已完成绘制：请保存，或清除后重新绘制。</translation>
    </message>
</context>
<context>
    <name>gridmap::quick::SeedModel</name>
    <message>
        <source>No project is open for editing.</source>
        <translation>没有可编辑的已打开项目。</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before recording a visit.</source>
        <translation>请先选择操作人，再登记走访。</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before recording a patrol.</source>
        <translation>请先选择操作人，再登记巡查。</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before changing the care register.</source>
        <translation>请先选择操作人，再修改重点人群名册。</translation>
    </message>
    <message>
        <source>Choose who you are (the acting person) before printing a sweep plan.</source>
        <translation>请先选择操作人，再打印扫楼计划。</translation>
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
    <message>
        <source>Pan and zoom N steps once the map is drawn, print the frame times as JSON, then quit.</source>
        <translation>地图绘制完成后平移和缩放 N 步，以 JSON 输出帧时间，然后退出。</translation>
    </message>
    <message>
        <source>Open the project, assign 10 buildings, pin an issue and switch the theme, print the longest stalls of the user interface as JSON (before the frame times of --benchmark-frames), then quit.</source>
        <translation>打开项目、为 10 栋楼分工、标注一个问题并切换专题，以 JSON 输出界面最长的卡顿时间（在 --benchmark-frames 的帧时间之前），然后退出。</translation>
    </message>
</context>
</TS>
