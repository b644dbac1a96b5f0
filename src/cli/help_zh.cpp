// The Chinese --help texts of the CLI (see cli/help.hpp). Each is the English text of its
// command_*.cpp in Chinese: the same options, placeholders and examples, the words of
// docs/GLOSSARY.md. tests/cli/help_zh_test.sh checks that no option of the English text is
// missing here and that no run of English words is left.

#include "cli/help.hpp"

#include "gridmap/messages.hpp"

#include <string>

namespace gridmap::cli {

namespace {

struct HelpZh {
    std::string_view command;
    std::string_view text;
};

// clang-format off
constexpr HelpZh helps[] = {
{"gridmap", "gridmap " GRIDMAP_VERSION R"( - 社区网格化治理地理信息系统（网格地图）

用法：gridmap 命令 [参数] [--help]

命令：
  init PROJECT.gpkg [--crs EPSG:n]          新建空项目
  import PROJECT.gpkg LAYER SOURCE [...]    从任意 OGR 矢量数据源导入一个图层
  info PROJECT.gpkg [--json]                图层、要素数、坐标系、范围、数据结构版本
  check PROJECT.gpkg [--json] [-o FILE]     归属网格并检查每条覆盖规则
  report PROJECT.gpkg [--by ...] [-o FILE]  按网格/小区/社区统计：CSV、JSON、HTML
  issue add|list|show|set|move|export|import PROJECT.gpkg ...
                                            标注问题点并跟踪办理：已上报 -> 已派单
                                            -> 已接单 -> 已办结 -> 已核查（或不予受理）
  assign PROJECT.gpkg --role R --person ID --target T [--unassign]
  assign PROJECT.gpkg --from FILE.csv|xlsx  网格员、小区长/楼栋长/单元长、党小组、党员包保
  assign undo|log PROJECT.gpkg ...          到户（分工）；撤销一次会话；分工变更记录
  repair add|list|notify PROJECT.gpkg ...   道路维修段（吸附到道路）：各网格内长度、
                                            重叠、需通知的楼栋和住户
  report PROJECT.gpkg --monthly YYYY-MM -o R.pdf|R.html
                                            中文月报
  snapshot PROJECT.gpkg [--note T] [--at TIME]
                                            带日期保存覆盖指标，并列出与上一快照相比的变化
  user add|list|remove|password|audit DATABASE ...
                                            映射到人员的 PostgreSQL 登录名，角色由数据库
                                            强制执行；审计记录
  view add|list|remove PROJECT.gpkg ...     保存的视图：演示模式的幻灯片
  render PROJECT.gpkg -o OUT.png|OUT.pdf    带图例、比例尺和指北针的地图
         [--theme NAME] [--extent ...] [--title T] [--width W --height H]
  grid generate|renumber PROJECT.gpkg ...   划分网格（方形、六边形、按户数均衡），并按位置
                                            编号，未变的网格保留原编码
  visit add|list|import|plan|coverage PROJECT.gpkg ...
                                            走访/摸排、扫楼计划、各网格走访覆盖率
  care list|add|counts PROJECT.gpkg ...     重点人群台账（网格员、结对党员可见）；
                                            其他人只能看到人数
  place list|import, patrol add PROJECT.gpkg ...
                                            重点场所及其巡查
  signup add PROJECT.gpkg --person ID --kind 报到|结对帮困|夜间巡逻 --date D
  points PROJECT.gpkg --month YYYY-MM [--csv]
                                            月度积分通报
  cobuild|team PROJECT.gpkg --month YYYY-MM 共驻共建单位、四支队伍
  serve PROJECT.gpkg --as PERSON [--bind A] [--port N] [--tls-cert F --tls-key F]
                                            通过 HTTP 提供 Open311 GeoReport v2 接口和手机页面
  apikey add|list|revoke PROJECT.gpkg ...   Open311 客户端的 API 密钥（只保存散列值）
  account set|list|remove PROJECT.gpkg ...  手机页面的工作人员账号（Argon2id）
  copy SOURCE DESTINATION                   在 GeoPackage 与 PostgreSQL/PostGIS 之间
                                            复制整个项目（双向均可）
  demo DIR [--data DATA_DIR] [--force]      把自带的示例社区写到 DIR/demo.gpkg
  demo DIR --city N [--seed S]              生成 N 栋楼的合成城市，用于性能测试

项目：PROJECT.gpkg 也可以是 PostgreSQL/PostGIS 数据库：
  postgresql://USER@HOST:PORT/DB?schema=NAME 或 GDAL 的 PG:"..."（见 gridmap copy --help）。
环境变量：GRIDMAP_USER=PERSON 指定未给出 --by 时的操作人（issue、assign）。
          GRIDMAP_LANG=zh_CN|en：消息和帮助的语言（默认取区域设置 LANG）。
选项：-o - 写到标准输出；-- 结束选项（其后是文件或取值）。
退出码：0 成功，1 检查发现问题，2 用法错误、输入错误或项目损坏，3 内部错误。
运行 'gridmap 命令 --help' 查看某个命令的选项。
)"},

{"apikey", R"(用法：gridmap apikey add|list|revoke PROJECT.gpkg ...

`gridmap serve` 的 Open311 客户端（微信小程序、热线系统）的 API 密钥。
  add P --name NAME     生成并显示新密钥；只保存其散列值，请立即记下
  list P                名称、日期、是否已吊销（从不显示密钥）
  revoke P --name NAME  密钥立即失效
)"},

{"account", R"(用法：gridmap account set|list|remove PROJECT.gpkg ...

`gridmap serve` 手机页面的工作人员账号（项目中的人员用其人员编号和密码登录）。
  set P --person ID [--role staff|leader]
        从标准输入的第一行读取密码（至少 8 个字符），保存其 Argon2id 散列值。
        staff：我的工单；leader：另可查看数据看板
  list P                人员编号和角色
  remove P --person ID
)"},

{"assign", R"(用法：gridmap assign PROJECT.gpkg --role R --person ID --target T [...]
      gridmap assign PROJECT.gpkg --from FILE.csv|FILE.xlsx|FILE.ods [--by ID]
      gridmap assign undo PROJECT.gpkg --session S [--count N] [--by ID]
      gridmap assign log PROJECT.gpkg [--target T] [--json | --csv [--bom]]

分工：网格的网格员，小区长、楼栋长和单元长，楼栋的党小组，党员包保到户。每次变更是一个
事务，记入 assignment_event（操作人、时间、分配/取消、角色、人员、对象、备注、会话）；
'gridmap check' 的覆盖指标随即更新。

角色（-> 对象）：
  grid_worker 网格员 -> 网格编码          compound_captain 小区长 -> 小区编号
  building_captain 楼栋长 -> 楼栋编号     unit_captain 单元长 -> 单元编号
  party_group 党小组 -> 楼栋编号（--person 为党小组的编号或名称）
  household_pairing 包保到户 -> 住户编号（--person 须为党员）
小区长、楼栋长、单元长和楼栋的党小组每个对象只有一人：分配即替换原来的人（记为取消 +
分配），除非给出 --no-replace。一户可由多名党员包保。

选项：
  --role R               角色
  --person ID            人员编号（party_group 为党小组编号或名称）；与 --unassign 同用时
                         可省略：取消该对象上担任此角色的人
  --target T             对象；重复给出可指定多个对象（每个一次变更）
  --unassign             取消分工，而不是分配
  --no-replace           对象已有人担任时拒绝
  --from FILE            执行一张 CSV/XLSX/ODS 表：列 role、person、target，可选 action
                         （assign|unassign）、note；第 1 行为表头，错误按表格软件显示的
                         行号指出
  --by ID                操作人（人员编号；默认：$GRIDMAP_USER）
  --note T               记入变更记录的备注
  --session S            把变更加入会话 S（默认：新会话）
  --count N              undo：撤销会话的最后 N 次变更（默认：全部）；替换原担任者的一次
                         分配算一次变更
  --json                 log：输出 JSON
  --csv                  log：输出 CSV（at,by,action,role,person,target,note,session）；表格
                         软件会当作公式执行的单元格以 ' 开头
  --bom                  log --csv：以 UTF-8 字节顺序标记开头（供 Excel 使用）

输出会话编号；'gridmap assign undo PROJECT.gpkg --session S' 可撤销这些变更。
退出码：0 完成，2 输入错误（列出每个错误，不写入任何内容）。
)"},

{"check", R"(用法：gridmap check PROJECT.gpkg [--json] [-o FILE] [选项]

把楼栋、问题点、服务点和维修段归属到网格，并检查每条覆盖规则：网格无缝隙无重叠地覆盖社区
（超过容差的缝隙和重叠以多边形及其面积列出），网格和小区在社区范围内，楼栋落在网格内且
未被网格边界切分，点落在网格内，维修段在社区范围内且互不重叠，楼栋在服务点的服务半径内；
每栋住宅楼有党小组和楼栋长，每个单元有单元长，每个小区有小区长，每个网格有网格员，每户有
包保党员，每个网格的户数在范围内。

每条规则都成立时退出码为 0，有规则不成立时为 1，输入错误时为 2。

选项：
  --json                 以 JSON 输出完整结果（输入相同则输出逐字节相同）
  -o, --output FILE      把结果写到 FILE，而不是标准输出
  --tolerance M2         报告的最小缝隙或重叠面积（默认：设置 tolerance_m2，1）
  --households MIN-MAX   每个网格的目标户数（默认：设置，300-500）
  --reach M              服务半径，单位米（默认：设置 service_reach_m，500）
  --threads N            归属计算的线程数（默认：全部核心）
  --timings              输出读取和每组规则的耗时（标准错误）
  --at DATE              按 DATE 当天结束时而不是现在，判定基础工作规则（household_visited、
                         care_paired、care_visited、key_place_patrolled；位于 "seed_rules"
                         部分，不影响退出码）
)"},

{"copy", R"(用法：gridmap copy SOURCE DESTINATION

把整个项目（每张表及其记录、要素编号、设置和工作坐标系）复制为新项目：从 GeoPackage 到
PostgreSQL/PostGIS 数据库，从数据库到 GeoPackage（或在同类之间）。SOURCE 只读。
DESTINATION 须尚不存在（文件）或尚无项目（模式）；写入在一个事务中完成，失败时不留下
任何内容。

凡接受 .gpkg 的地方，都可以用连接串指定 PostgreSQL 中的项目：
  postgresql://USER@HOST:PORT/DATABASE?schema=NAME   （每个项目一个模式；默认 public；
                                                     密码取自 ~/.pgpass 或 PGPASSWORD）
  PG:"host=HOST port=PORT dbname=DATABASE user=USER schemas=NAME"   （GDAL 的写法）

往返复制（GeoPackage -> PostGIS -> GeoPackage）得到相同的 'gridmap check --json' 结果和
相同的表内容。
)"},

{"demo", R"(用法：gridmap demo DIR [--data DATA_DIR] [--force]
      gridmap demo DIR --city BUILDINGS [--seed N] [--force]

把自带的示例社区（孝感市书院街道澴川社区：网格、小区、楼栋、单元、住户、人员、党小组、
道路、维修段、问题点）写到 DIR/demo.gpkg。

给出 --city 时改为生成用于性能测试的合成城市，由随机种子确定：DIR/city-source.gpkg
（普通 GeoPackage，每张表一个图层）和由它导入的项目 DIR/city.gpkg，并计时每个图层。
1000000 栋楼生成 10000 个网格、3000000 户。

  --data DATA_DIR   示例的 GeoJSON 和 CSV 文件所在目录（默认：源码目录的 data/demo，
                    或 $GRIDMAP_DATA）
  --city N          合成城市的楼栋数（按每个网格 100 栋向上取整）
  --seed N          合成城市的随机种子（默认 1）
  --force           覆盖已有的输出文件
)"},

{"grid", R"(用法：gridmap grid generate PROJECT.gpkg --community CODE|all --shape square|hex --size METRES
                          [--replace [--unassign]] [--tolerance M2] [--dry-run]
      gridmap grid generate PROJECT.gpkg --community CODE|all --balanced [--households MIN-MAX]
                          [--replace [--unassign]] [--dry-run]
      gridmap grid renumber PROJECT.gpkg [--community CODE|all] [--full] [--dry-run]

generate：把社区划分为网格并写入 cell 表（一个事务；楼栋、问题点和服务点的网格归属随之
重算）。
  --shape square   边长为 METRES 的正方形，网格线位于 METRES 的整数倍处（工作坐标系）
  --shape hex      尖顶六边形，对边宽 METRES（= 中心间距；面积 0.866 * METRES^2），按行排列
  格网按社区边界裁剪；裁剪后分成几块的网格仍是一个多部分网格；小于容差的碎块并入相邻网格。
  --balanced       改为按户数均衡划分：沿小区和楼栋之间的直线切分社区（从不穿过楼栋，
                   必要时才穿过小区），使每个网格有 MIN-MAX 户；无法调入范围的网格会列出。
renumber：按位置给网格编号。编码已是本社区规范编码（社区 12 位 + 001..999）的网格保留原
编码；其余网格依次取空闲的序号。网格员分工随网格一起移动。

网格编码：12 位社区编码 + 3 位序号，先从西到东、再从北到南编号（各行由北向南）。
名称：第N网格。

选项：
  --community CODE|all   社区（12 位编码），或全部社区
  --shape square|hex     格网形状（默认 square）
  --size METRES          正方形边长 / 六边形对边宽，> 0
  --balanced             按户数均衡划分（不用 --shape/--size）
  --households MIN-MAX   每个网格的目标户数（默认：设置，300-500）
  --tolerance M2         碎块和“未变”的容差（默认：设置 tolerance_m2，1）
  --replace              替换社区现有的网格；与旧网格相同的新网格（对称差 <= 容差）保留旧的
                         编码和名称
  --unassign             与 --replace 同用：取消（并记录）改变或消失的网格的网格员分工；
                         不给出时，有此类分工则拒绝替换
  --full                 renumber：所有网格严格按位置编号
  --dry-run              只计算和输出，不写入

成功时退出码为 0，输入错误（未知社区、大小 <= 0、未知形状、社区已有网格而未给出
--replace 等）时为 2：此时项目不变。
)"},

{"import", R"(用法：gridmap import PROJECT.gpkg LAYER SOURCE [选项]

把 SOURCE（任意 OGR 矢量格式：GeoPackage、Shapefile、GeoJSON、KML、带 WKT 列或经纬度列的
CSV、XLSX/ODS、OSM PBF 等）的一个图层导入项目的 LAYER 表。要么导入全部要素，要么在出现任何
错误时一个也不导入，项目保持不变。CSV 的每一行字段数须与表头相同；问题点需要描述、类别和
该类别下的小类（gridmap issue --help 列出它们）。

LAYER 为下列之一：community、cell、compound、building、road、repair_segment、issue、
service_point（空间表），party_branch、person、party_group、party_group_building、unit、
household、role_assignment、household_pairing、issue_event（属性表）。

只通过别名表（字段本身的名称，或各单位常用的表头：小区、楼栋、单元、房号、户主姓名、人数、
电话、姓名、党员、党支部……；用 --aliases 输出）或 --map 读取源字段；导入会列出读取了什么
（目标 <- 来源）和未读取什么。
含身份证号（身份证号）的列会被拒绝：请删除该列，或用 --ignore 忽略它。
楼栋的 party_group 和 compound 可以用编号或名称给出。未给出的上级（楼栋 -> 小区 -> 社区，
网格 -> 社区）按最大重叠推断。

台账（household、unit）：楼栋按编号、名称或小区内的名称查找（小区 颐景花苑 + 楼栋 3栋 或
3号楼 -> 颐景花苑3栋）；单元按楼栋内的序号查找（1、1单元、一单元），不存在时新建。没有编号
的行取同一楼栋、单元和房号住户的编号，否则为 楼栋-单元-房号（B003-1-302）；人员取同名同电话
人员的编号，否则为下一个 P 编号。项目中已有的属性表记录会被更新；导入分别统计新增 / 更新 /
未变，因此同一台账导入两次不会改变任何内容。

选项：
  --source-layer NAME   数据源有多个图层时，指定源图层
  --all-sheets          把数据源的每个工作表（图层）作为一个读取；各表表头须相同
  --where SQL           对源要素的 OGR SQL 过滤条件，如 "building IS NOT NULL"
  --source-crs CRS      数据源坐标系缺失或错误时指定：EPSG:n、WKT、PROJ 字符串，或高德/腾讯
                        经纬度用 gcj02、百度经纬度用 bd09
  --map TARGET=SOURCE   从源字段 SOURCE 读取表字段 TARGET（可重复）
  --ignore COLUMN       不读取源列 COLUMN（可重复）
  --aliases             输出别名表后退出
  --source-encoding ENC CSV/TSV/TXT、GeoJSON 或 Shapefile 数据源的文本编码：UTF-8、GB18030、
                        GBK 等（默认：按 BOM 或 .cpg，否则字节符合 UTF-8 时为 UTF-8，否则为
                        中文 Windows 上 Excel/WPS 所写的 GB18030）
  --geometry-type T     point、line 或 polygon（图层本身的类型）：只导入该类型的要素，其余
                        不导入（如多边形中夹杂的注记点）
  --fix-invalid         用 GEOS MakeValid 修复无效多边形，并逐一列出修复
  --merge-by FIELD      把 FIELD 相同的源要素融合为一个（按图幅切开的碎块）
  --replace             替换表中的记录，而不是追加
  --quiet               只输出错误
  --timings             输出导入各阶段的耗时（标准错误）
)"},

{"info", R"(用法：gridmap info PROJECT.gpkg [--json]

输出项目的数据结构版本、工作坐标系，以及每张表的几何类型、记录数和范围（工作坐标系，米）。
)"},

{"init", R"(用法：gridmap init PROJECT.gpkg [--crs EPSG:n]

新建空的网格地图项目：一个包含全部数据表的 GeoPackage。

  --crs CRS   工作坐标系：须为以米为单位的投影坐标系（如 EPSG:4547，CGCS2000 3度带高斯-克吕格
              中央经线114°E）。默认：首次导入空间数据时按数据中心选定（在中国为 CGCS2000
              3度带，其他地区为 UTM 带）。
)"},

{"issue", R"(用法：gridmap issue ACTION PROJECT.gpkg [...]

问题点及其工单流转（三单）：已上报（群众点单）-> 已派单（社区派单）-> 已接单（接单）
-> 已办结（办结）-> 已核查（核查，评分 1-5）；或附理由不予受理。
每次变更都记为一条事件（操作人、时间、原状态、新状态、备注）。

操作：
  add P --lon X --lat Y --category C --small-class S --text T [--reporter PERSON]
        [--address A] [--id ID] [--photo FILE]...
      标注新问题点；输出其编号、所在网格和建议处理人（可用工作坐标系中以米为单位的
      --x X --y Y 代替 --lon/--lat）
  list P [--state S] [--category C] [--cell CODE] [--assignee PERSON] [--from DATE]
        [--to DATE] [--overdue] [--csv]
  show P ID                     问题点、建议处理人、社区工作人员及其事件
  set P ID --state S [--note T] [--assignee PERSON] [--rating 1-5] [--photo FILE]...
      推进办理（dispatched 取 --assignee，否则取建议处理人；rejected 须给出 --note；
      verified 须给出 --rating）
  --photo FILE（JPEG 或 PNG，可重复）把照片存入项目：问题未办结时为“办理前”照片，已办结或
      已核查后为“办理后”照片（因此 `set ID --state resolved --photo done.jpg` 添加月报中的
      办理后照片）
  move P ID --lon X --lat Y
      移动标注点；所在网格改变时会说明
  export P --format csv|open311 -o FILE [list 的筛选条件] [--bom]
      表格软件会当作公式执行的 CSV 单元格（= + - @）以 ' 开头；--bom（list --csv 也可用）
      写入 Excel 需要的 UTF-8 字节顺序标记
  import P FILE.json
      Open311 GeoReport v2 服务请求

操作人：add、set、move 和 import 需要操作人，即 --by PERSON 或环境变量 GRIDMAP_USER（项目中
的人员编号）。社区工作人员（问题点所在社区的网格员）派单、核查、不予受理和重新打开；处理人
或工作人员接单和办结；项目中的任何人都可以上报。类别、该类别下的小类和描述为必填。
时间为北京时间（+08:00）；--from/--to 的日期写作 YYYY-MM-DD（日历日期）。
)"},

{"report --monthly", R"(用法：gridmap report PROJECT.gpkg --monthly YYYY-MM -o REPORT.pdf|REPORT.html
                      [--format pdf|html] [--date D]

中文月报，每个数字都是按问题点事件记录截至该月最后一秒（北京时间；当月内为现在）的数值：
封面有社区名称、月份和主要指标，以及截至当时最后两次快照（'gridmap snapshot'，按日期
显示）之间的变化；每个保存的视图（'gridmap view'）一页，含地图、图例、比例尺、指北针、日期、
数据来源和社区指标；各网格覆盖表；当月问题点按类别和状态、已办结和超期统计；按时办结率、
平均办理时长、超期或停滞的工单以及近 6 个月趋势；网格和网格员排名；道路维修（已完成/计划
公里数）和承诺事项（十件实事）；然后是基础工作：走访（当月走访、各网格走访覆盖率）、重点
人群（台账只列人数）、巡查（重点场所及其巡查）、积分（比率、支部排名、前 10 名、四支队伍）
和共驻共建（共建单位）。从不出现居民姓名和电话号码。

选项：
  --monthly YYYY-MM       月份（北京时间）
  -o, --output FILE       REPORT.pdf 或 REPORT.html
  --format pdf|html       默认：按输出文件的扩展名
  --date D                每页印出的日期（默认：今天）
)"},

{"render", R"(用法：gridmap render PROJECT.gpkg -o OUT.png|OUT.pdf [选项]

按 gridmap-desktop 的样式（相同的图层、专题和图例）绘制项目地图，带标题、比例尺、指北针、
日期和数据来源。按输出文件扩展名生成 PNG 或 PDF；PDF 嵌入所用字体（中文为 Noto Sans CJK）。
不需要显示器。从不绘制居民姓名和电话号码。

选项：
  -o, --output FILE        OUT.png 或 OUT.pdf
  --theme NAME             下列地图专题之一（默认：项目的 map.theme 设置，否则为 coverage）
  --width W, --height H    像素尺寸（默认 1600 x 1131；PDF 页面为 96 dpi 下的 W x H）
  --extent E               community（默认：全部社区，带留白）、cell:CODE，或工作坐标系中的
                           MINX,MINY,MAXX,MAXY（米，按原样显示）
  --title T                标题（默认：社区名称和专题）
  --date D                 印出的日期（默认：今天，YYYY-MM-DD）
  --basemap RASTER         重投影后绘制在地图下方的 GDAL 栅格（GeoTIFF、MBTiles、WMTS/TMS XML）
                           （默认：项目的 map.basemap 设置，如有）
  --hide LAYER[,LAYER...]  不绘制的图层（默认：应用图层面板中隐藏的图层）
  --no-labels              不绘制注记
  --no-legend              不绘制图例：地图占满页面（默认：图例在地图右侧的面板中，不遮挡
                           任何内容）
  --lang zh_CN|en          图例的语言（默认：GRIDMAP_LANG，否则取区域设置）
  --timings                输出各阶段的耗时：实际时间和 CPU 时间（标准错误）
)"},

{"repair", R"(用法：gridmap repair add PROJECT.gpkg --road NAME --work-type T (--xy ... | --lonlat ...) [...]
      gridmap repair list PROJECT.gpkg [--id ID] [--json]
      gridmap repair notify PROJECT.gpkg ID [--distance 50] [-o FILE.csv]

道路维修，逐段管理：每段在各网格内和所有社区之外的长度，与其他计划中或施工中维修段的重叠，
以及需要通知的楼栋。

add：
  --road NAME            道路名称或编号
  --work-type T          雨污分离 | 沥青铺设 | 刷黑 | 填缝 | 其他
  --state S              planned（计划中，默认）| active（施工中）| done（已完工）
  --start YYYY-MM-DD, --end YYYY-MM-DD, --cost C（元）
  --id ID                维修段编号（默认：下一个空闲的 R001、R002……）
  --xy "x,y;x,y;..."     项目工作坐标系中的顶点（米）
  --lonlat "lon,lat;..." 经纬度顶点（CGCS2000/WGS84）
  --snap M               顶点距道路图层 M 米以内时移到道路上（优先取道路的顶点，其次为道路
                         边线上的点）
list：
  每个维修段（或 --id ID）：长度、各网格内米数、所有社区之外的长度，以及重叠：本段位于另一
  计划中或施工中维修段 1 米范围内的长度（端头平齐，因此首尾相接的两段没有重叠；直角交叉重叠
  2 米），超过 1 米时列出
notify：
  维修段 --distance 米（默认 50）范围内的楼栋，由近及远，附住户数（只有数量，从不列出居民
  姓名或电话）和楼栋长；-o FILE.csv 把清单写为 CSV（UTF-8；--bom 为 Excel 加上字节顺序标记）

退出码：0 完成，2 输入错误（列出每个错误，不写入任何内容）。
)"},

{"report", R"(用法：gridmap report PROJECT.gpkg [--by cell|compound|community]
                      [--format csv|json|html] [-o FILE] [选项]

每个网格（或小区、社区）的指标，每个一行，按编码排序：楼栋数（与 'gridmap check' 一样按最大
重叠归属网格）、户数、人数、党小组数、没有党小组或楼栋长的住宅楼、没有党员包保的住户、
未办结问题点、维修长度（米）、单元数和没有单元长的单元；网格员或小区长的姓名。从不出现居民
姓名和电话号码，也不出现任何电话号码。

  csv    UTF-8，带表头行，按 RFC 4180 加引号，最后一行为 TOTAL（党小组只计一次）
  json   {"by", "households_min", "households_max", "rows": [...], "totals": {...}}；
         项目相同则输出逐字节相同
  html   一个独立页面：指标、'gridmap check' 的覆盖规则，以及与 'gridmap render' 和桌面版
         绘制相同的覆盖图（相同的颜色和图例），内嵌 PNG

选项：
  --monthly YYYY-MM              改为生成中文 PDF 或 HTML 月报
                                 （见 'gridmap report --monthly M --help'）
  --by cell|compound|community   每个……一行（默认：cell）
  --format csv|json|html         默认：按 -o 的扩展名，否则为 csv
  -o, --output FILE              写到 FILE，而不是标准输出
  --households MIN-MAX           每个网格的目标户数（默认：设置，300-500）
  --date TEXT                    HTML 标题中的日期（默认：今天）
  --osm                          数据来自 OpenStreetMap：HTML 地图注明其来源
  --bom                          CSV 以 UTF-8 字节顺序标记开头（供 Excel 使用）
  --threads N                    网格归属计算的线程数（默认：全部核心）
)"},

{"visit", R"(用法：gridmap visit|care|place|patrol|signup|points|cobuild|team ...

基础工作：走访/摸排、重点人群台账、重点场所及其巡查、党员报到和认领（报到、结对帮困、
夜间巡逻）、积分（由这些记录计算，从不手工录入）、共建单位（大党委/共驻共建）和四支队伍。

  visit add P (--household H | --building B) --kind K --date D [--findings T] [--issue I]
        [--id ID]          记录操作人的一次走访；K 为 入户走访、摸排、帮扶 或 宣传
  visit list P [--person ID] [--building B] [--from D] [--to D] [--csv]
  visit import P FILE      从 CSV/XLSX 导入走访（visit 表的字段）
  visit plan P --person ID [--at D] [-o FILE]
                           扫楼计划：该党员包保的住户按楼栋、按步行顺序排列，附最近一次
                           走访和待办事项
  visit coverage P [--at D]
                           各网格在 visit_interval_days 天内走访过的住户
  care list P [--at D]     重点人群台账（网格员：全部；结对党员：只有自己的）
  care add P (--household H | --person ID) --tag T [--since D]   （仅限网格员）
  care counts P [--at D]   按标签统计人数（不列住户，不列姓名）
  place list P [--at D] [--overdue]
                           重点场所及其最近一次巡查；标出超期的场所
  place import P FILE      从 CSV/XLSX 导入重点场所（key_place 表的字段）
  patrol add P --place K --date D [--findings T] [--issue I] [--id ID]
  signup add P --person ID --kind 报到|结对帮困|夜间巡逻 --date D
                           由党员本人或网格员录入
  points P --month YYYY-MM [--csv] [-o FILE.csv|FILE.pdf] [--date D]
                           月度积分通报：党员、支部、单位、比率；-o *.pdf 写为 A4 PDF
                           （--date：其上印出的日期）
  points P --table         积分表
  cobuild P --month YYYY-MM   共建单位：成员、报到、走访、工单、承诺
  team P --month YYYY-MM      队伍：成员、活动、参与人数

写入操作需要操作人：--by PERSON 或 GRIDMAP_USER（走访的走访人、巡查的巡查人）。日期为北京
日历日（YYYY-MM-DD）；--at 按该日结束时而不是现在判定“N 天内”。
)"},

{"serve", R"(用法：gridmap serve PROJECT.gpkg --as PERSON [选项]

通过 HTTP 提供项目服务：/open311/v2/ 下的 Open311 GeoReport v2 接口，以及位于 / 的（中文）
手机页面。按 Ctrl-C 或收到 SIGTERM 时停止。

  --as PERSON         记为录入居民上报的人员（必填）
  --dispatch-by P     以社区工作人员 P 的名义，把每个新请求立即派给建议处理人（所在网格的
                      网格员，否则为楼栋长，否则为党小组组长）；不给出时请求保持已上报，
                      直到工作人员在桌面版或用 `issue set` 派单
  --bind ADDR         监听地址（默认 127.0.0.1：仅本机）
  --port N            默认 8311
  --tls-cert F --tls-key F
                      用此 PEM 证书和私钥提供 HTTPS
  --rate N            手机页面每个地址每分钟可提交的新上报数（默认 20；0 = 不限）；
                      持有 API 密钥的 Open311 客户端不受限制
  --threads N         同时服务的连接数（默认 256）

Open311（http://wiki.open311.org/GeoReport_v2），只用 JSON：
  GET  services.json            每个小类一个 service_code，group 为其类别
  GET  requests.json            service_request_id、service_code、start_date、end_date、
                                status（open、closed）；扩展：cell=CODE
  POST requests.json            api_key（gridmap apikey add）、service_code、lat、long、
                                description、address_string、media（一个 JPEG 或 PNG 文件，
                                <= 10 MB）；扩展：高德/微信定位用 coordinate_system=gcj02
                                （默认 wgs84）。从不保存 first_name、last_name、email 和
                                phone。请求提交后返回 201，附 service_request_id 和 token。
  GET  requests/ID.json, tokens/TOKEN.json
工作人员用账号（gridmap account set）登录手机页面。
)"},

{"snapshot", R"(用法：gridmap snapshot PROJECT.gpkg [--note TEXT] [--at TIME]
      gridmap snapshot PROJECT.gpkg --list | --delta

把项目中每个社区、小区和网格的覆盖指标连同时间保存下来（一次快照），然后输出社区指标及与
上一快照相比的变化。
指标：party_group、building_captain、unit_captain（已覆盖的住宅楼或单元所占比例）、
grid_worker（有网格员的网格）、household_pairing（有党员包保的住户）、household_visited
（visit_interval_days 天内走访过的住户，项目开始记录走访后才有）、issues_open 和
issues_resolved（件数）。这些数字与 'gridmap report' 的相同。从不读取居民姓名和电话号码。

选项：
  --note TEXT   随快照保存的备注（如 "10月例会"）
  --at TIME     快照时间，ISO 8601（默认：现在；不带时区偏移时为北京时间），如 2026-10-31 或
                2026-10-31T18:00:00+08:00；须晚于最近一次快照
  --list        按时间先后列出快照（不保存）
  --delta       输出最近一次快照与上一次相比的变化（不保存）
)"},

{"user", R"(用法：gridmap user add PROJECT --login NAME --person ID --role ROLE [--password-stdin]
      gridmap user list PROJECT
      gridmap user remove PROJECT --login NAME
      gridmap user password PROJECT --login NAME      （新密码从标准输入读取）
      gridmap user audit PROJECT [--since DATE] [--table NAME] [--login NAME] [--limit N]

保存在 PostgreSQL（postgresql://...?schema=NAME）中的项目的账号：每个账号是映射到项目中
一名人员的数据库登录名，有一个角色。无论用什么程序连接，角色都由数据库强制执行（授权和
行级安全）：

  community_admin  读取和修改一切；读取审计记录
  grid_worker      读取一切；上报问题点，修改其网格内的或派给自己的问题点
  captain, member  只读；上报问题点，修改自己上报的或派给自己的问题点
  leader           读取指标和地图：看不到居民或人员的姓名和电话；不写入任何内容
  auditor          只读取审计记录和账号（为此可打开项目：读取其设置，不读其他表）

第一个账号同时安装角色、行级安全和审计表：此后每张表的每次插入、更新和删除都连同登录名和
时间记录下来，任何角色都不能修改或删除审计记录。管理账号需要可以创建角色的登录名（项目的
所有者）。登录名为小写名称；密码从标准输入读取，从不出现在命令行中。

user audit 按时间先后输出审计记录中的修改，每行一条，以制表符分隔：时间（北京时间）、
登录名、表、INSERT/UPDATE/DELETE 和被修改行的 id（表没有 id 时为其 fid）。从不输出行的
内容：审计记录保存着它，其中有居民的姓名和电话。审计员、社区管理员和所有者可用。

  --since DATE    DATE 及之后的修改（YYYY-MM-DD[ HH:MM[:SS]]，北京时间）
  --table NAME    表 NAME 的修改
  --login NAME    登录名 NAME 所做的修改
  --limit N       最新的 N 条修改（默认 1000；0：全部）
)"},

{"view", R"(用法：gridmap view add PROJECT.gpkg --title T [--extent E] [--theme NAME]
                          [--layers L1,L2,...] [--id ID] [--position N]
      gridmap view list PROJECT.gpkg
      gridmap view remove PROJECT.gpkg ID

保存的视图是桌面版演示模式的幻灯片（用方向键切换），也是 'gridmap report --monthly' 的
地图页：标题、范围、专题和可见图层。

add 的选项：
  --title T        幻灯片和页面上显示的标题（必填）
  --extent E       community（默认：全部社区，带留白）、cell:CODE（该网格，带留白），或
                   工作坐标系中的 MINX,MINY,MAXX,MAXY（米）
  --theme NAME     下列地图专题之一（默认：coverage）
  --layers LIST    可见图层，以逗号分隔（默认：全部图层）：community、cell、compound、
                   building、road、repair_segment、service_point、issue
  --id ID          默认：下一个空闲的 V01、V02……
  --position N     默认：排在最后一个视图之后
)"},
};
// clang-format on

} // namespace

bool chinese_session() {
    return language_from_environment() == Language::zh_CN;
}

std::string tr(std::string_view en, std::string_view zh) {
    return std::string(chinese_session() ? zh : en);
}

std::string help_text(std::string_view command, std::string_view english) {
    if (chinese_session()) {
        for (const HelpZh& h : helps) {
            if (h.command == command) {
                return std::string(h.text);
            }
        }
    }
    return std::string(english);
}

} // namespace gridmap::cli
