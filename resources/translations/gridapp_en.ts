<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ComingPage</name>
    <message>
        <source>本模块尚在建设中，当前版本还不能使用。</source>
        <translation>This module is under construction and cannot be used in this version yet.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>首次使用：设置本单位</source>
        <translation>First run: set up this installation&apos;s unit</translation>
    </message>
    <message>
        <source>请填写本机服务的单位。单位编码按层级逐级嵌套：市 4 位、区县 6 位、镇（街道）9 位、村（社区）12 位、网格 15 位。设置后不能更改。</source>
        <translation>Enter the unit this installation serves. Unit codes nest by level: city 4 digits, district/county 6, town/street 9, village/community 12, grid 15. This cannot be changed later.</translation>
    </message>
    <message>
        <source>例如 370303001001</source>
        <translation>e.g. 370303001001</translation>
    </message>
    <message>
        <source>例如 和平社区</source>
        <translation>e.g. Heping Community</translation>
    </message>
    <message>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District/county</translation>
    </message>
    <message>
        <source>镇（街道）</source>
        <translation>Town (street)</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>{label}（{digits} 位）</source>
        <translation>{label} ({digits} digits)</translation>
    </message>
    <message>
        <source>单位编码</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>数据库将保存在：{path}</source>
        <translation>The database will be stored at: {path}</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请填写单位名称。</source>
        <translation>Please enter the unit name.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在打开数据库……</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <source>户</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>在册居民</source>
        <translation>Registered residents</translation>
    </message>
    <message>
        <source>待上报变更</source>
        <translation>Changes to send up</translation>
    </message>
    <message>
        <source>下级单位</source>
        <translation>Units below</translation>
    </message>
    <message>
        <source>单位编码</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>居民</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>本单位：{name}（{code}）</source>
        <translation>This unit: {name} ({code})</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>网格工作台</source>
        <translation>Grid Workbench</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>居民户籍</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>居民、户和楼栋台账：百万级名单的快速查找（姓名、拼音首字母、身份证号后几位、电话、地址），新增和修改时即时校验身份证号，迁出、死亡等状态变更及修改记录，Excel 台账导入导出。</source>
        <translation>Resident, household and building records: instant search over a million names (name, pinyin initials, last digits of the ID number, phone, address), ID numbers checked as you type, moving out and deaths recorded with their dates and history, Excel ledger import and export.</translation>
    </message>
    <message>
        <source>网格事务</source>
        <translation>Grid affairs</translation>
    </message>
    <message>
        <source>网格事务清单与工作事项准入：部门申请，镇（街道）或社区审核、公示、准入，调整与退出；未准入的事项不能派给网格员。</source>
        <translation>The grid affairs list and work-item admission: departments apply; the town or community reviews, publishes and admits; items are adjusted or withdrawn. Items not admitted can never be assigned to grid workers.</translation>
    </message>
    <message>
        <source>我的任务</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <source>网格员的任务清单：任务只来自已准入且在有效期内的事项，周期性任务按规则自动生成。</source>
        <translation>The grid worker&apos;s task list: tasks come only from admitted items in force; recurring tasks are generated by rule.</translation>
    </message>
    <message>
        <source>民警走访</source>
        <translation>Police visits</translation>
    </message>
    <message>
        <source>社区民警入户走访登记（日期、户、在户人数、内容、诉求、处理情况），走访率对照 100% 目标。</source>
        <translation>Community police household visits (date, household, people present, content, requests, handling), with visit coverage against the 100% target.</translation>
    </message>
    <message>
        <source>八小工程</source>
        <translation>Eight small projects</translation>
    </message>
    <message>
        <source>小公约、小民主、小服务、小调解、小平安、小乡贤、小名人、小家训的登记与统计。</source>
        <translation>Records and statistics of the eight small projects: conventions, consultation, services, mediation, safety, local worthies, local notables and family mottos.</translation>
    </message>
    <message>
        <source>矛盾调解</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>矛盾纠纷排查登记、化解过程、督办与考评。</source>
        <translation>Dispute screening, resolution, supervision and evaluation.</translation>
    </message>
    <message>
        <source>考核</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>镇（街道）、社区对网格员的绩效考核，单位排名与标杆、通报、挂牌督办。</source>
        <translation>Performance assessment of grid workers by towns and communities; unit rankings with benchmark, notified and supervised outcomes.</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>用 U 盘交换签名、加密的同步包：向上级上报、接收下发的事项和任务，显示待同步内容和冲突。在此之前，本机的每次修改都已记入变更日志，状态栏显示待上报的变更数。</source>
        <translation>Exchange signed, encrypted sync packages by USB stick: send records up, receive items and tasks from above, see what is pending and resolve conflicts. Until then every change on this PC is already kept in the change log; the status bar shows how many wait to be sent up.</translation>
    </message>
    <message>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>单位：—</source>
        <translation>Unit: —</translation>
    </message>
    <message>
        <source>用户：{user}</source>
        <translation>User: {user}</translation>
    </message>
    <message>
        <source>待上报变更：—</source>
        <translation>To send up: —</translation>
    </message>
    <message>
        <source>上次同步：—</source>
        <translation>Last sync: —</translation>
    </message>
    <message>
        <source>正在处理……</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>正在打开数据库……</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>数据库文件不存在：{path}</source>
        <translation>The database file does not exist: {path}</translation>
    </message>
    <message>
        <source>未设置本单位，程序退出。</source>
        <translation>No unit was set up; the program will exit.</translation>
    </message>
    <message>
        <source>数据库已升级到新版本，升级前的副本保存在 {path}</source>
        <translation>The database was upgraded; a copy from before the upgrade is at {path}</translation>
    </message>
    <message>
        <source>单位：{label}</source>
        <translation>Unit: {label}</translation>
    </message>
    <message>
        <source>网格工作台 — {name}</source>
        <translation>Grid Workbench — {name}</translation>
    </message>
    <message>
        <source>待上报变更：{n}</source>
        <translation>To send up: {n}</translation>
    </message>
    <message>
        <source>上次同步：{when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <source>从未同步</source>
        <translation>never</translation>
    </message>
    <message>
        <source>正在处理</source>
        <translation>Still working</translation>
    </message>
    <message>
        <source>还有操作正在进行，确定要退出吗？</source>
        <translation>An operation is still running. Quit anyway?</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>全部楼栋</source>
        <translation>All buildings</translation>
    </message>
    <message>
        <source>选择网格后，可只打印其中一栋楼</source>
        <translation>After choosing a grid you may print a single building</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>统计期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>生成</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>身份证号码和电话一律脱敏打印。</source>
        <translation>ID numbers and phones are always printed masked.</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>尚未生成报表</source>
        <translation>No report built yet</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>实有人口花名册</source>
        <translation>Resident roster</translation>
    </message>
    <message>
        <source>在册居民名单，按网格、楼栋、户排列，供入户走访使用；含每户人数、楼栋和网格小计及总计。</source>
        <translation>Registered residents by grid, building and household, for door-to-door work; with household sizes, building and grid subtotals and a total.</translation>
    </message>
    <message>
        <source>户卡</source>
        <translation>Household cards</translation>
    </message>
    <message>
        <source>每户一页：地址、家庭成员及与户主关系、最后变更日期，供存档。</source>
        <translation>One page per household: address, members and their relation to the head, date of the last change; for the files.</translation>
    </message>
    <message>
        <source>正在生成报表……</source>
        <translation>Building the report…</translation>
    </message>
    <message>
        <source>第 {page} 页 / 共 {pages} 页</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <source>无法保存到 {path}：{error}</source>
        <translation>Could not save to {path}: {error}</translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>无法开始打印，请检查打印机。</source>
        <translation>Could not start printing; please check the printer.</translation>
    </message>
    <message>
        <source>正在打印……</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>本机信息</source>
        <translation>This installation</translation>
    </message>
    <message>
        <source>本单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>节点标识</source>
        <translation>Node ID</translation>
    </message>
    <message>
        <source>数据库文件</source>
        <translation>Database file</translation>
    </message>
    <message>
        <source>程序版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>打开数据文件夹</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>已保存，重新启动程序后生效。</source>
        <translation>Saved. It takes effect when the program is restarted.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <source>发生意外错误，操作未完成：</source>
        <translation>An unexpected error stopped the operation: </translation>
    </message>
    <message>
        <source>操作未完成</source>
        <translation>Operation not completed</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
