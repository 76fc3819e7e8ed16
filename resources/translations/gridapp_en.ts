<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ActionForm</name>
    <message>
        <source>{action}：{title}</source>
        <translation>{action}: {title}</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Handling unit</translation>
    </message>
    <message>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <source>延期天数</source>
        <translation>Extension</translation>
    </message>
    <message>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>督办级别</source>
        <translation>Supervision level</translation>
    </message>
    <message>
        <source>没有可交办的单位。</source>
        <translation>There is no unit to dispatch to.</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>新增用户</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>所属单位编码</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <source>初始密码</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AdminFields</name>
    <message>
        <source>至少 8 位，含字母、数字、符号中的两类</source>
        <translation>At least 8 characters, two of letters, digits, symbols</translation>
    </message>
    <message>
        <source>管理员用户名</source>
        <translation>Administrator user name</translation>
    </message>
    <message>
        <source>管理员密码</source>
        <translation>Administrator password</translation>
    </message>
    <message>
        <source>再输入一次</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>请填写管理员用户名。</source>
        <translation>Please enter the administrator user name.</translation>
    </message>
    <message>
        <source>请设置管理员密码（程序没有默认密码）。</source>
        <translation>Please set the administrator password (there is no default password).</translation>
    </message>
    <message>
        <source>密码至少 8 位。</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>密码须包含字母、数字、符号中的至少两类。</source>
        <translation>The password needs at least two of: letters, digits, symbols.</translation>
    </message>
    <message>
        <source>密码不能包含用户名。</source>
        <translation>The password must not contain the user name.</translation>
    </message>
    <message>
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>AffairForm</name>
    <message>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>临时事项（紧急，经网格管理机构同意，在有效期内执行）</source>
        <translation>Temporary item (urgent; with the grid body&apos;s consent, for the stated period)</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>事项名称 *</source>
        <translation>Item name *</translation>
    </message>
    <message>
        <source>申请部门 *</source>
        <translation>Applying department *</translation>
    </message>
    <message>
        <source>法律/政策依据</source>
        <translation>Legal / policy basis</translation>
    </message>
    <message>
        <source>网格员职责</source>
        <translation>Grid worker&apos;s duty</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>所需数据</source>
        <translation>Data needed</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Valid period</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
</context>
<context>
    <name>AffairsPage</name>
    <message>
        <source>网格事务清单</source>
        <translation>Grid affair list</translation>
    </message>
    <message>
        <source>部门向镇（街道）或社区网格管理机构申请，经审核、公示后准入；未准入或不在有效期内的事项不能派给网格员。</source>
        <translation>Departments apply to the town (subdistrict) or community grid body; items are admitted after review and publicity. Items not admitted or not in force may not be given to grid workers.</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>今天有效</source>
        <translation>In force today</translation>
    </message>
    <message>
        <source>按事项名称或申请部门查找</source>
        <translation>Search by item name or department</translation>
    </message>
    <message>
        <source>申请准入…</source>
        <translation>Apply for admission…</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>选择一个事项查看详情。</source>
        <translation>Select an item to see its details.</translation>
    </message>
    <message>
        <source>办理过程</source>
        <translation>Workflow history</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>办理人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>意见/说明</source>
        <translation>Opinion / note</translation>
    </message>
    <message>
        <source>审核通过…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <source>驳回…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <source>公示…</source>
        <translation>Publish…</translation>
    </message>
    <message>
        <source>准入</source>
        <translation>Admit</translation>
    </message>
    <message>
        <source>修改申请…</source>
        <translation>Edit application…</translation>
    </message>
    <message>
        <source>申请调整…</source>
        <translation>Propose adjustment…</translation>
    </message>
    <message>
        <source>退出…</source>
        <translation>Withdraw…</translation>
    </message>
    <message>
        <source>撤回申请…</source>
        <translation>Cancel application…</translation>
    </message>
    <message>
        <source>事项只能向镇（街道）或村（社区）网格管理机构申请。</source>
        <translation>Items can only be applied for at a town (subdistrict) or village (community) grid body.</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>公示至 {d}</source>
        <translation>Publicity until {d}</translation>
    </message>
    <message>
        <source>（临时）</source>
        <translation> (temporary)</translation>
    </message>
    <message>
        <source>共 {n} 项</source>
        <translation>{n} items</translation>
    </message>
    <message>
        <source>事项名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <source>申请部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>（临时事项）</source>
        <translation> (temporary item)</translation>
    </message>
    <message>
        <source>所属清单</source>
        <translation>List of</translation>
    </message>
    <message>
        <source>法律/政策依据</source>
        <translation>Legal / policy basis</translation>
    </message>
    <message>
        <source>网格员职责</source>
        <translation>Grid worker&apos;s duty</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>所需数据</source>
        <translation>Data needed</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Valid period</translation>
    </message>
    <message>
        <source>审核意见</source>
        <translation>Review opinion</translation>
    </message>
    <message>
        <source>公示期</source>
        <translation>Publicity</translation>
    </message>
    <message>
        <source>生效期间</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>这是对已准入事项的调整，准入前原事项继续有效。</source>
        <translation>This adjusts an admitted item; the current version stays in force until this one is admitted.</translation>
    </message>
    <message>
        <source>申请事项准入</source>
        <translation>Apply for admission of an item</translation>
    </message>
    <message>
        <source>已提交“{name}”的准入申请。</source>
        <translation>Application for “{name}” submitted.</translation>
    </message>
    <message>
        <source>已提交“{name}”的准入申请；当前状态或查找条件下的列表中没有它。</source>
        <translation>Application for “{name}” submitted; the current status or search leaves it out of the list.</translation>
    </message>
    <message>
        <source>公示：{name}</source>
        <translation>Publish: {name}</translation>
    </message>
    <message>
        <source>退出：{name}</source>
        <translation>Withdraw: {name}</translation>
    </message>
    <message>
        <source>撤回申请</source>
        <translation>Cancel application</translation>
    </message>
    <message>
        <source>撤回“{name}”的准入申请。撤回理由：</source>
        <translation>Cancel the admission application for “{name}”. Reason:</translation>
    </message>
    <message>
        <source>修改申请</source>
        <translation>Edit application</translation>
    </message>
    <message>
        <source>申请调整：{name}</source>
        <translation>Propose adjustment: {name}</translation>
    </message>
</context>
<context>
    <name>AreaImportDialog</name>
    <message>
        <source>导入{title}</source>
        <translation>Import {title}</translation>
    </message>
    <message>
        <source>表中没有网格（单位）的行记到</source>
        <translation>Rows without a grid (unit) go to</translation>
    </message>
    <message>
        <source>本人所在单位</source>
        <translation>My own unit</translation>
    </message>
    <message>
        <source>请先选择台账文件。</source>
        <translation>Please choose a ledger file first.</translation>
    </message>
    <message>
        <source>正在检查……</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>工作表“{sheet}”共 {total} 行：可导入 {ok} 行，拒绝 {bad} 行。</source>
        <translation>Sheet “{sheet}”, {total} rows: {ok} can be imported, {bad} refused. </translation>
    </message>
    <message>
        <source>未使用的列：{cols}。</source>
        <translation>Columns not used: {cols}. </translation>
    </message>
    <message>
        <source>尚未写入任何数据。</source>
        <translation>Nothing has been written yet.</translation>
    </message>
    <message>
        <source>没有可导入的行。</source>
        <translation>No row can be imported.</translation>
    </message>
    <message>
        <source>已导入 {ok} 行，拒绝 {bad} 行（未导入）。</source>
        <translation>Imported {ok} rows; {bad} refused (not imported). </translation>
    </message>
    <message>
        <source>被拒绝的行及原因见下表，可保存为错误表修改后再导入。</source>
        <translation>The refused rows and their reasons are listed below; save them as an error workbook, correct and import again.</translation>
    </message>
    <message>
        <source>正在导入</source>
        <translation>Importing</translation>
    </message>
</context>
<context>
    <name>AssessmentPage</name>
    <message>
        <source>负面清单</source>
        <translation>negative list</translation>
    </message>
    <message>
        <source>考核</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>新建方案</source>
        <translation>New scheme</translation>
    </message>
    <message>
        <source>方案设置</source>
        <translation>Scheme settings</translation>
    </message>
    <message>
        <source>重大问题</source>
        <translation>Major incident</translation>
    </message>
    <message>
        <source>发布结果</source>
        <translation>Publish results</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>评分表</source>
        <translation>Score sheet</translation>
    </message>
    <message>
        <source>排名</source>
        <translation>Ranking</translation>
    </message>
    <message>
        <source>还没有考核方案。</source>
        <translation>No assessment scheme yet. </translation>
    </message>
    <message>
        <source>点击“新建方案”为本单位建立。</source>
        <translation>Click “New scheme” to set one up for this unit.</translation>
    </message>
    <message>
        <source>考核单位发布结果后，可在这里查看本单位的结果。</source>
        <translation>Once the assessing unit publishes its results, this unit&apos;s results appear here.</translation>
    </message>
    <message>
        <source>草稿（按当前数据计算）</source>
        <translation>Draft (computed from current data)</translation>
    </message>
    <message>
        <source>第 {n} 版（{day} 发布）</source>
        <translation>Version {n} (published {day})</translation>
    </message>
    <message>
        <source>已发布 {n} 版</source>
        <translation>{n} version(s) published</translation>
    </message>
    <message>
        <source>尚未发布</source>
        <translation>not published yet</translation>
    </message>
    <message>
        <source>{unit} {name}（{period}，考核{target}）：{status}。</source>
        <translation>{unit} {name} ({period}, assessing: {target}): {status}.</translation>
    </message>
    <message>
        <source>第 {n} 版，{day} 由{who}发布，已冻结</source>
        <translation>version {n}, published {day} by {who}, frozen</translation>
    </message>
    <message>
        <source>草稿，按 {day} 的数据计算，评分修改后随时更新</source>
        <translation>draft computed from the data of {day}, updated as scores change</translation>
    </message>
    <message>
        <source>{unit} {name}（{period}，考核{target}，满分 {total}）：{what}；{status}。</source>
        <translation>{unit} {name} ({period}, assessing: {target}, full marks {total}): {what}; {status}.</translation>
    </message>
    <message>
        <source>发布说明：</source>
        <translation>Publication note: </translation>
    </message>
    <message>
        <source>被考核</source>
        <translation>Assessed</translation>
    </message>
    <message>
        <source>{name}
（{max}分）</source>
        <translation>{name}
({max} pts)</translation>
    </message>
    <message>
        <source>{name}
（{max}分·自动）</source>
        <translation>{name}
({max} pts, auto)</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>人工评分，0 到 {max}；双击或直接输入修改，清空即撤销</source>
        <translation>Manual score, 0 to {max}; double-click or type to change, clear to withdraw</translation>
    </message>
    <message>
        <source>人工评分</source>
        <translation>Manual score</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>政策措施</source>
        <translation>Policy kind</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>连续 {k} 期{band}</source>
        <translation>{band} {k} periods running</translation>
    </message>
    <message>
        <source>重大问题：{note}</source>
        <translation>Major incident: {note}</translation>
    </message>
    <message>
        <source>无可计数据，不参与排名</source>
        <translation>Nothing to measure: not ranked</translation>
    </message>
    <message>
        <source>不参与</source>
        <translation>Not ranked</translation>
    </message>
    <message>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <source>所有人工评分填写完整后才能发布</source>
        <translation>All manual scores must be entered before publishing</translation>
    </message>
    <message>
        <source>第 {n} 行“{name}”的指标“{ind}”</source>
        <translation>Row {n} “{name}”, indicator “{ind}”: </translation>
    </message>
    <message>
        <source>得分应为数字。</source>
        <translation>the score must be a number.</translation>
    </message>
    <message>
        <source>得分 {v} 超出范围，应为 0 到 {max}。</source>
        <translation>score {v} is out of range, it must be 0 to {max}.</translation>
    </message>
    <message>
        <source>已新建考核方案“{name}”。</source>
        <translation>Scheme “{name}” created.</translation>
    </message>
    <message>
        <source>发布考核结果</source>
        <translation>Publish assessment results</translation>
    </message>
    <message>
        <source>发布“{name}”（{period}）的排名：{n} 个被考核对象，{counts}。
发布后本版结果冻结，不再随评分和数据变化；再次发布为第 {next} 版，之前的版本保留。确定发布？</source>
        <translation>Publish the ranking of “{name}” ({period}): {n} assessed, {counts}.
Once published this version is frozen and no longer follows scores or data; publishing again makes version {next}, earlier versions are kept. Publish?</translation>
    </message>
    <message>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>派发按需任务</source>
        <translation>Hand out an on-demand task</translation>
    </message>
    <message>
        <source>按需事项</source>
        <translation>On-demand item</translation>
    </message>
    <message>
        <source>派发给</source>
        <translation>Hand out to</translation>
    </message>
    <message>
        <source>任务名称</source>
        <translation>Task name</translation>
    </message>
    <message>
        <source>截止日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>派发</source>
        <translation>Hand out</translation>
    </message>
    <message>
        <source>已选 {n} 个网格（共 {m} 个网格可派发此事项）</source>
        <translation>{n} grids chosen ({m} grids may get this item)</translation>
    </message>
    <message>
        <source>请选择按需事项。</source>
        <translation>Choose an on-demand item.</translation>
    </message>
    <message>
        <source>请至少勾选一个网格。</source>
        <translation>Tick at least one grid.</translation>
    </message>
    <message>
        <source>任务名称不能超过 {n} 个字。</source>
        <translation>The task name may not exceed {n} characters.</translation>
    </message>
    <message>
        <source>截止日期（{due}）不能早于今天（{today}）。</source>
        <translation>The due date ({due}) cannot be before today ({today}).</translation>
    </message>
</context>
<context>
    <name>AssignForm</name>
    <message>
        <source>指派人员：{name}</source>
        <translation>Assign a person: {name}</translation>
    </message>
    <message>
        <source>没有账户的人员填写姓名</source>
        <translation>Name of a person without an account</translation>
    </message>
    <message>
        <source>职责</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>任职日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>指派</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>（不关联账户）</source>
        <translation>(no account)</translation>
    </message>
    <message>
        <source>请选择用户或填写姓名。</source>
        <translation>Choose a user or enter a name.</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>全部用户</source>
        <translation>All users</translation>
    </message>
    <message>
        <source>全部操作</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>选中一条记录，这里显示它的原始内容。</source>
        <translation>Select an entry to see its raw content here.</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>校验完整性</source>
        <translation>Verify integrity</translation>
    </message>
    <message>
        <source>导出 CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>时间（UTC）：{v}</source>
        <translation>Time (UTC): {v}</translation>
    </message>
    <message>
        <source>用户：{user}&#x3000;角色：{role}&#x3000;操作：{action}（{code}）</source>
        <translation>User: {user}   Role: {role}   Action: {action} ({code})</translation>
    </message>
    <message>
        <source>单位：{unit}&#x3000;对象：{table} {id}</source>
        <translation>Unit: {unit}   Record: {table} {id}</translation>
    </message>
    <message>
        <source>详情：{detail}</source>
        <translation>Detail: {detail}</translation>
    </message>
    <message>
        <source>审计日志完整：{n} 条记录，哈希链未断。</source>
        <translation>Audit log intact: {n} entries, hash chain unbroken.</translation>
    </message>
    <message>
        <source>审计日志被改动：{reason}</source>
        <translation>The audit log was altered: {reason}</translation>
    </message>
    <message>
        <source>导出审计日志</source>
        <translation>Export audit log</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>正在导出审计日志……</source>
        <translation>Exporting the audit log…</translation>
    </message>
    <message>
        <source>已导出 {n} 条到 {path}</source>
        <translation>Exported {n} entries to {path}</translation>
    </message>
</context>
<context>
    <name>BackgroundSync</name>
    <message>
        <source>后台同步未完成：{reason}</source>
        <translation>Background sync not completed: {reason}</translation>
    </message>
    <message>
        <source>后台同步完成：</source>
        <translation>Background sync completed: </translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <source>每天自动备份一次，保留 14 天；升级和导入前也会自动备份。</source>
        <translation>Backed up automatically once a day (kept 14 days), and before every upgrade and import.</translation>
    </message>
    <message>
        <source>正在备份……</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>已备份到 {path}</source>
        <translation>Backed up to {path}</translation>
    </message>
    <message>
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <source>数据库备份 (*.sqlite3);;所有文件 (*)</source>
        <translation>Database backups (*.sqlite3);;All files (*)</translation>
    </message>
    <message>
        <source>备份未通过检查</source>
        <translation>The backup failed verification</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>备份检查通过（单位 {unit}，居民 {n} 人）。恢复后，备份之后的修改将丢失（当前数据库会先另存一份）。确定恢复吗？</source>
        <translation>The backup is sound (unit {unit}, {n} residents). Changes made after it will be lost (a copy of the current database is kept first). Restore it?</translation>
    </message>
    <message>
        <source>正在恢复……</source>
        <translation>Restoring…</translation>
    </message>
</context>
<context>
    <name>BuildingDialog</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>年龄（当年）</source>
        <translation>Age (this year)</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>户：{address}&#x3000;户主：{head}</source>
        <translation>Household: {address}&#x3000;Head: {head}</translation>
    </message>
    <message>
        <source>&#x3000;户号：{no}</source>
        <translation>&#x3000;No. {no}</translation>
    </message>
    <message>
        <source>楼栋与住户</source>
        <translation>Buildings and households</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>新建楼栋…</source>
        <translation>New building…</translation>
    </message>
    <message>
        <source>修改楼栋…</source>
        <translation>Edit building…</translation>
    </message>
    <message>
        <source>户地址</source>
        <translation>Household address</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>人数</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>新建户…</source>
        <translation>New household…</translation>
    </message>
    <message>
        <source>修改户…</source>
        <translation>Edit household…</translation>
    </message>
    <message>
        <source>修改户的地址、户号、房号，或把户归入楼栋</source>
        <translation>Change the household&apos;s address, number or room, or put it in a building</translation>
    </message>
    <message>
        <source>选中一户，这里显示其成员。</source>
        <translation>Select a household to see its members here.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>（未归入楼栋）</source>
        <translation>(in no building)</translation>
    </message>
    <message>
        <source>{b} 栋楼，{h} 户</source>
        <translation>{b} buildings, {h} households</translation>
    </message>
    <message>
        <source>已新建楼栋“{name}”。</source>
        <translation>Building “{name}” created.</translation>
    </message>
    <message>
        <source>已保存楼栋“{name}”。</source>
        <translation>Building “{name}” saved.</translation>
    </message>
    <message>
        <source>已新建户“{address}”。</source>
        <translation>Household “{address}” created.</translation>
    </message>
    <message>
        <source>已保存户“{address}”。</source>
        <translation>Household “{address}” saved.</translation>
    </message>
</context>
<context>
    <name>BuildingForm</name>
    <message>
        <source>修改楼栋</source>
        <translation>Edit building</translation>
    </message>
    <message>
        <source>新建楼栋</source>
        <translation>New building</translation>
    </message>
    <message>
        <source>如 3号楼、东院</source>
        <translation>e.g. Building 3, East yard</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>楼栋名称 *</source>
        <translation>Building name *</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>层数</source>
        <translation>Floors</translation>
    </message>
    <message>
        <source>请填写楼栋名称。</source>
        <translation>Enter the building&apos;s name.</translation>
    </message>
</context>
<context>
    <name>CentreDialog</name>
    <message>
        <source>设为党员中心户</source>
        <translation>Make a party member centre household</translation>
    </message>
    <message>
        <source>党员中心户是党员本人所在的户，联系周边约 {n} 户。</source>
        <translation>A party member centre household is the member&apos;s own household; it serves about {n} nearby households.</translation>
    </message>
    <message>
        <source>按姓名或地址筛选</source>
        <translation>Filter by name or address</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>户（住址）</source>
        <translation>Household (address)</translation>
    </message>
    <message>
        <source>所属党小组（党支部）</source>
        <translation>Party group (branch)</translation>
    </message>
    <message>
        <source>设立</source>
        <translation>Set up</translation>
    </message>
    <message>
        <source>（不指定）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>本单位范围内没有可担任中心户的党员（须先登记党员，且其户尚不是中心户）。</source>
        <translation>No party member in your unit can serve a centre household (register members first; their household must not be one already).</translation>
    </message>
    <message>
        <source>请选择担任中心户的党员。</source>
        <translation>Choose the party member who serves the centre household.</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>您的密码是管理员设置的初始密码，请先设置自己的密码再使用。</source>
        <translation>Your password was set by an administrator. Please choose your own password before you continue.</translation>
    </message>
    <message>
        <source>设置新的登录密码（至少 8 位，含字母、数字、符号中的两类）。</source>
        <translation>Set a new sign-in password (at least 8 characters, two of letters, digits, symbols).</translation>
    </message>
    <message>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>再输入一次</source>
        <translation>Repeat new password</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请输入原密码。</source>
        <translation>Enter the current password.</translation>
    </message>
    <message>
        <source>新密码至少 8 位。</source>
        <translation>The new password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>新密码不能与原密码相同。</source>
        <translation>The new password must differ from the current one.</translation>
    </message>
    <message>
        <source>两次输入的新密码不一致。</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <source>正在修改……</source>
        <translation>Changing…</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>记录挂包联系</source>
        <translation>Record a contact</translation>
    </message>
    <message>
        <source>党员中心户：{c}</source>
        <translation>Party centre household: {c}</translation>
    </message>
    <message>
        <source>联系户</source>
        <translation>Linked household</translation>
    </message>
    <message>
        <source>联系日期</source>
        <translation>Contact date</translation>
    </message>
    <message>
        <source>联系内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>没有可不填；有问题的可在记录后转为事件上报</source>
        <translation>Leave empty if none; an issue can be reported as an event afterwards</translation>
    </message>
    <message>
        <source>反映问题</source>
        <translation>Issue raised</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>该中心户还没有联系户。</source>
        <translation>This centre household has no linked households yet.</translation>
    </message>
    <message>
        <source>请填写联系内容。</source>
        <translation>Please fill in the content.</translation>
    </message>
    <message>
        <source>联系日期不能晚于今天。</source>
        <translation>The contact date cannot be after today.</translation>
    </message>
</context>
<context>
    <name>ContactEventDialog</name>
    <message>
        <source>问题转为事件</source>
        <translation>Raise as an event</translation>
    </message>
    <message>
        <source>反映问题：{issue}</source>
        <translation>Issue raised: {issue}</translation>
    </message>
    <message>
        <source>事件类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>小类</source>
        <translation>Subclass</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>（无小类）</source>
        <translation>(no subclass)</translation>
    </message>
    <message>
        <source>没有可用的事件类别（均已停用），请联系综治中心。</source>
        <translation>No event class is available (all retired); please contact the governance centre.</translation>
    </message>
</context>
<context>
    <name>CoverageCard</name>
    <message>
        <source>{name}
分子：{num}
分母：{den}
目标：无（{source}）</source>
        <translation>{name}
Numerator: {num}
Denominator: {den}
Target: none ({source})</translation>
    </message>
    <message>
        <source>点击查看：{what}</source>
        <translation>Click to see: {what}</translation>
    </message>
    <message>
        <source>信息</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>方案未设目标值：仅作信息展示，不评达标、不排名</source>
        <translation>The plan sets no target: shown as information, neither rated nor ranked</translation>
    </message>
    <message>
        <source>已联系 {n} 户，未联系 {m} 户</source>
        <translation>{n} households linked, {m} not linked</translation>
    </message>
    <message>
        <source>无目标值&#x3000;{n}/{d} 户&#x3000;当前</source>
        <translation>No target  {n}/{d} households  now</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <source>矛盾调解</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>登记纠纷</source>
        <translation>Register dispute</translation>
    </message>
    <message>
        <source>矛盾纠纷台账</source>
        <translation>dispute ledger</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>未化解（已登记和调解中）</source>
        <translation>Unresolved (registered and mediating)</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>只看逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>发生日期</source>
        <translation>Occurred</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>规模</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>化解时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>开始调解</source>
        <translation>Start mediation</translation>
    </message>
    <message>
        <source>登记化解结果</source>
        <translation>Record resolution</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Supervise</translation>
    </message>
    <message>
        <source>达标</source>
        <translation>Target met</translation>
    </message>
    <message>
        <source>未达标</source>
        <translation>target not met</translation>
    </message>
    <message>
        <source>暂无已办结</source>
        <translation>none handled yet</translation>
    </message>
    <message>
        <source>{year}年发生：共 {total} 件，已化解 {resolved} 件，化解率 {rate}；一次性化解率 {first}（{fn}/{handled}），目标 95%，{verdict}；逾期未化解 {overdue} 件</source>
        <translation>Occurred in {year}: {total}, resolved {resolved}, resolved rate {rate}; first-handling closure rate {first} ({fn}/{handled}), target 95%, {verdict}; overdue {overdue}</translation>
    </message>
    <message>
        <source>台账共 {n} 件</source>
        <translation>{n} in the ledger</translation>
    </message>
    <message>
        <source>查找：编号、名称、当事人、地点</source>
        <translation>Find: number, name, parties, place</translation>
    </message>
    <message>
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>选择左侧一件纠纷查看详情。</source>
        <translation>Select a dispute on the left to see its details.</translation>
    </message>
    <message>
        <source>化解</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>督办记录（{n} 次）</source>
        <translation>Supervision ({n})</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>事件编号</source>
        <translation>Event number</translation>
    </message>
    <message>
        <source>完整编号</source>
        <translation>Full number</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>类别 / 规模</source>
        <translation>Category / scale</translation>
    </message>
    <message>
        <source>涉及人数</source>
        <translation>People involved</translation>
    </message>
    <message>
        <source>主要当事人</source>
        <translation>Main parties</translation>
    </message>
    <message>
        <source>简述</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>化解方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>化解组织</source>
        <translation>Resolving body</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Person responsible</translation>
    </message>
    <message>
        <source>联系方式</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>是否成功</source>
        <translation>Successful</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>化解情况</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>化解日期</source>
        <translation>Resolution date</translation>
    </message>
    <message>
        <source>上报日期</source>
        <translation>Escalated on</translation>
    </message>
    <message>
        <source>一次性化解</source>
        <translation>First-handling closure</translation>
    </message>
    <message>
        <source>考评</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>已登记矛盾纠纷“{name}”。</source>
        <translation>Dispute “{name}” registered.</translation>
    </message>
    <message>
        <source>已登记矛盾纠纷“{name}”；当前筛选条件下的列表中没有它。</source>
        <translation>Dispute “{name}” registered; the current filters leave it out of the list.</translation>
    </message>
</context>
<context>
    <name>EndMemberDialog</name>
    <message>
        <source>组织关系转出</source>
        <translation>Transfer of party membership</translation>
    </message>
    <message>
        <source>转出后该居民的党员登记结束，党员标签随之去掉；转出记入党建变动记录（敏感信息）。担任党员中心户的党员须先撤销中心户。</source>
        <translation>After the transfer the resident&apos;s party membership ends and the party member tag is removed; the transfer is kept in the party network history (sensitive information). A member serving a party centre household must have the centre revoked first.</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>如：转至张店区某街道党工委</source>
        <translation>e.g. transferred to a sub-district party working committee in Zhangdian</translation>
    </message>
    <message>
        <source>转往何处</source>
        <translation>Transferred to</translation>
    </message>
    <message>
        <source>转出</source>
        <translation>Transfer out</translation>
    </message>
    <message>
        <source>本单位范围内没有党员登记。</source>
        <translation>No party members are registered in this unit.</translation>
    </message>
    <message>
        <source>请填写转往何处。</source>
        <translation>Please enter where the membership is transferred to.</translation>
    </message>
    <message>
        <source>转往何处不能超过 {n} 个字。</source>
        <translation>The destination may not exceed {n} characters.</translation>
    </message>
</context>
<context>
    <name>EventSettingsDialog</name>
    <message>
        <source>事件办理时限（工作日，本单位受理的事件；下级单位未自行设置的同样适用）</source>
        <translation>Event time limits (working days, for events your unit holds; also for units below without their own)</translation>
    </message>
    <message>
        <source>事件类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>受理时限</source>
        <translation>Accept limit</translation>
    </message>
    <message>
        <source>办理时限</source>
        <translation>Handle limit</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>保存时限</source>
        <translation>Save limits</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>放假</source>
        <translation>Holiday</translation>
    </message>
    <message>
        <source>调休上班</source>
        <translation>Make-up working day</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>例如：元旦</source>
        <translation>e.g. New Year&apos;s Day</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>时限与分类设置</source>
        <translation>Time limits and classes</translation>
    </message>
    <message>
        <source>以下设置适用于本单位及下级单位（下级单位自行设置的除外）。</source>
        <translation>These settings apply to this unit and the units below it (unless a unit below sets its own).</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <source>工作日历</source>
        <translation>Work calendar</translation>
    </message>
    <message>
        <source>事件分类</source>
        <translation>Event classes</translation>
    </message>
    <message>
        <source>恢复沿用上级</source>
        <translation>Inherit again</translation>
    </message>
    <message>
        <source>取消本单位对所选类别的设置，沿用上级单位或默认时限</source>
        <translation>Drop this unit&apos;s limits for the selected class and follow the unit above (or the defaults) again</translation>
    </message>
    <message>
        <source>工作日历：登记放假日或调休上班日（节假日库已收录的不必登记）</source>
        <translation>Work calendar: enter days off or make-up working days (days the holiday library knows need no entry)</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>登记单位</source>
        <translation>Entered by</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>删除本单位对所选日期的登记（上级单位的登记不能在此删除）</source>
        <translation>Remove this unit&apos;s entry for the selected day (entries of the units above cannot be removed here)</translation>
    </message>
    <message>
        <source>事件分类：可在大类下增加小类，给类别改名，停用不再使用的类别（已有事件照常显示）</source>
        <translation>Event classes: add subclasses under a class, rename a class, retire one no longer used (existing events keep showing it)</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Set by</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>新小类的名称，或所选类别的新名称</source>
        <translation>Name of a new subclass, or the new name of the selected class</translation>
    </message>
    <message>
        <source>增加小类</source>
        <translation>Add subclass</translation>
    </message>
    <message>
        <source>在所选大类（或所选小类的大类）下增加一个小类</source>
        <translation>Add a subclass under the selected class (or the class of the selected subclass)</translation>
    </message>
    <message>
        <source>改名</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Retire</translation>
    </message>
    <message>
        <source>本单位设置</source>
        <translation>Set by this unit</translation>
    </message>
    <message>
        <source>沿用上级或默认</source>
        <translation>Inherited or default</translation>
    </message>
    <message>
        <source>节假日库尚未收录 {0} 年的放假安排：国务院公布后请在此登记，否则 {0} 年按周一至周五计算工作日。</source>
        <translation>The holiday library does not know {0} yet: enter its holidays here once the State Council publishes them; until then {0} counts Monday to Friday as working days.</translation>
    </message>
    <message>
        <source>本单位</source>
        <translation>This unit</translation>
    </message>
    <message>
        <source>上级（{0}）</source>
        <translation>Above ({0})</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>内置</source>
        <translation>Built in</translation>
    </message>
    <message>
        <source>本单位停用</source>
        <translation>Retired here</translation>
    </message>
    <message>
        <source>上级停用</source>
        <translation>Retired above</translation>
    </message>
    <message>
        <source>本单位增加</source>
        <translation>Added here</translation>
    </message>
    <message>
        <source>上级增加</source>
        <translation>Added above</translation>
    </message>
    <message>
        <source>原名 {0}</source>
        <translation>formerly {0}</translation>
    </message>
    <message>
        <source>本单位改名，</source>
        <translation>Renamed here, </translation>
    </message>
    <message>
        <source>上级改名，</source>
        <translation>Renamed above, </translation>
    </message>
    <message>
        <source>上级设置</source>
        <translation>Set above</translation>
    </message>
    <message>
        <source>第 {0} 行（{1}）的{2}须为 {3} 到 {4} 个工作日的整数。</source>
        <translation>Row {0} ({1}): {2} must be a whole number of {3} to {4} working days.</translation>
    </message>
    <message>
        <source>时限没有改动。</source>
        <translation>No limit was changed.</translation>
    </message>
    <message>
        <source>已保存 {0} 个类别的时限。</source>
        <translation>Saved the limits of {0} categories.</translation>
    </message>
    <message>
        <source>“{0}”已恢复沿用上级或默认时限。</source>
        <translation>“{0}” follows the limits of the unit above (or the defaults) again.</translation>
    </message>
    <message>
        <source>调休上班日</source>
        <translation>a make-up working day</translation>
    </message>
    <message>
        <source>放假日</source>
        <translation>a holiday</translation>
    </message>
    <message>
        <source>已登记 {0} 为{1}。</source>
        <translation>Entered {0} as {1}.</translation>
    </message>
    <message>
        <source>已删除 {0} 的登记。</source>
        <translation>Removed the entry for {0}.</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>已增加小类 {0} {1}。</source>
        <translation>Added subclass {0} {1}.</translation>
    </message>
    <message>
        <source>已将 {0} 改名为“{1}”。</source>
        <translation>Renamed {0} to “{1}”.</translation>
    </message>
    <message>
        <source>已恢复“{0}”。</source>
        <translation>Restored “{0}”.</translation>
    </message>
    <message>
        <source>已停用“{0}”：不再用于新事件，已有事件照常显示。</source>
        <translation>Retired “{0}”: no longer offered for new events; existing events keep showing it.</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>事件</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>上报事件</source>
        <translation>Report an event</translation>
    </message>
    <message>
        <source>时限与分类设置…</source>
        <translation>Time limits and classes…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>打开矛盾调解</source>
        <translation>Open Disputes</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>未结案</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>已逾期（红）</source>
        <translation>Overdue (red)</translation>
    </message>
    <message>
        <source>即将到期（黄）</source>
        <translation>Due soon (yellow)</translation>
    </message>
    <message>
        <source>红牌督办</source>
        <translation>Red-card supervision</translation>
    </message>
    <message>
        <source>黄牌/普通督办</source>
        <translation>Yellow-card / ordinary supervision</translation>
    </message>
    <message>
        <source>只看待我办理</source>
        <translation>Waiting for me only</translation>
    </message>
    <message>
        <source>标题、编号或地点</source>
        <translation>Title, number or place</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>期限 {due}</source>
        <translation>Due {due}</translation>
    </message>
    <message>
        <source>共 {n} 件</source>
        <translation>{n} events</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add photo…</translation>
    </message>
    <message>
        <source>待受理</source>
        <translation>To accept</translation>
    </message>
    <message>
        <source>待办理</source>
        <translation>To handle</translation>
    </message>
    <message>
        <source>待核查</source>
        <translation>To verify</translation>
    </message>
    <message>
        <source>待结案</source>
        <translation>To close</translation>
    </message>
    <message>
        <source>待回访</source>
        <translation>To call back</translation>
    </message>
    <message>
        <source>被回退</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>延期待批</source>
        <translation>Extensions to decide</translation>
    </message>
    <message>
        <source>本单位经办的事件中已逾期 {n} 件</source>
        <translation>Events held or handled by this unit: {n} overdue</translation>
    </message>
    <message>
        <source>本单位经办的事件没有逾期</source>
        <translation>No event held or handled by this unit is overdue</translation>
    </message>
    <message>
        <source>没有等待您办理的事件</source>
        <translation>no events waiting for you</translation>
    </message>
    <message>
        <source>其中已逾期 {n} 件</source>
        <translation>{n} of them overdue</translation>
    </message>
    <message>
        <source>待我办理：</source>
        <translation>Waiting for me: </translation>
    </message>
    <message>
        <source>（已停用）</source>
        <translation> (retired)</translation>
    </message>
    <message>
        <source>现场照片：{title}</source>
        <translation>Photo: {title}</translation>
    </message>
    <message>
        <source>选择左侧一件事件查看详情和办理。</source>
        <translation>Choose an event on the left to see and handle it.</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>所在单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>上报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>涉及人员</source>
        <translation>People involved</translation>
    </message>
    <message>
        <source>事件描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>受理单位</source>
        <translation>Holding unit</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Handling unit</translation>
    </message>
    <message>
        <source>延期申请</source>
        <translation>Extension asked</translation>
    </message>
    <message>
        <source>{n} 个工作日，待批复</source>
        <translation>{n} working days, awaiting a decision</translation>
    </message>
    <message>
        <source>回访满意度</source>
        <translation>Call-back satisfaction</translation>
    </message>
    <message>
        <source>初信初访一次性办结</source>
        <translation>First-handling closure (petition)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>&#x3000;【与先前步骤矛盾，未计入：{why}】</source>
        <translation> [contradicts an earlier step, not counted: {why}]</translation>
    </message>
    <message>
        <source>该事件当前没有需要您办理的环节。</source>
        <translation>No step of this event waits for you now.</translation>
    </message>
    <message>
        <source>已登记为矛盾纠纷，在“矛盾调解”页办理。</source>
        <translation>Registered as a dispute; handle it on the Disputes page.</translation>
    </message>
</context>
<context>
    <name>ExtensionSection</name>
    <message>
        <source>人户一致标识</source>
        <translation>Lives at registered address</translation>
    </message>
    <message>
        <source>流入原因</source>
        <translation>Reason for moving in</translation>
    </message>
    <message>
        <source>办证类型</source>
        <translation>Permit type</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>证件到期日期</source>
        <translation>Permit expires</translation>
    </message>
    <message>
        <source>住所类型</source>
        <translation>Dwelling type</translation>
    </message>
    <message>
        <source>是否重点关注</source>
        <translation>Needs close attention</translation>
    </message>
    <message>
        <source>外文姓</source>
        <translation>Surname (foreign)</translation>
    </message>
    <message>
        <source>外文名</source>
        <translation>Given name (foreign)</translation>
    </message>
    <message>
        <source>中文姓名</source>
        <translation>Chinese name</translation>
    </message>
    <message>
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <source>证件代码</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>证件有效期</source>
        <translation>Document valid until</translation>
    </message>
    <message>
        <source>来华目的</source>
        <translation>Purpose of stay</translation>
    </message>
    <message>
        <source>抵达日期</source>
        <translation>Arrived on</translation>
    </message>
    <message>
        <source>预计离开日期</source>
        <translation>Expected departure</translation>
    </message>
    <message>
        <source>户籍人口信息</source>
        <translation>Registered resident details</translation>
    </message>
    <message>
        <source>流动人口信息</source>
        <translation>Migrant details</translation>
    </message>
    <message>
        <source>境外人员信息</source>
        <translation>Foreign national details</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>{field}请写成 2024-01-31。</source>
        <translation>Write {field} as 2024-01-31.</translation>
    </message>
    <message>
        <source>{then}必须晚于{first}。</source>
        <translation>{then} must be later than {first}.</translation>
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
    <name>GridChoiceDialog</name>
    <message>
        <source>选择网格</source>
        <translation>Choose a grid</translation>
    </message>
    <message>
        <source>导入到此网格</source>
        <translation>Import into this grid</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>修改记录：{name}</source>
        <translation>History: {name}</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>按姓名、地址或说明筛选</source>
        <translation>Filter by name, address or note</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>变动</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>经办</source>
        <translation>By</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>{a}（中心户 {c}）</source>
        <translation>{a} (centre {c})</translation>
    </message>
    <message>
        <source>{d}，记录于 {at}</source>
        <translation>{d}, recorded {at}</translation>
    </message>
    <message>
        <source>{n} 条</source>
        <translation>{n} entries</translation>
    </message>
    <message>
        <source>没有变动记录</source>
        <translation>No history</translation>
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
        <source>今日待办</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>未完成任务</source>
        <translation>Unfinished tasks</translation>
    </message>
    <message>
        <source>其中 {n} 项已逾期</source>
        <translation>{n} of them overdue</translation>
    </message>
    <message>
        <source>应走访户</source>
        <translation>Households due for a visit</translation>
    </message>
    <message>
        <source>{n} 户从未走访</source>
        <translation>{n} never visited</translation>
    </message>
    <message>
        <source>未化解纠纷</source>
        <translation>Unresolved disputes</translation>
    </message>
    <message>
        <source>{n} 起已超期</source>
        <translation>{n} past deadline</translation>
    </message>
    <message>
        <source>待审核事项</source>
        <translation>Affair items awaiting decision</translation>
    </message>
    <message>
        <source>{n} 项超过 7 天</source>
        <translation>{n} older than 7 days</translation>
    </message>
    <message>
        <source>待我办理事件</source>
        <translation>Events waiting for me</translation>
    </message>
    <message>
        <source>{n} 件已逾期</source>
        <translation>{n} overdue</translation>
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
        <source>今日待办（{day}）</source>
        <translation>Today ({day})</translation>
    </message>
    <message>
        <source>今日待办：未能读取（{error}）</source>
        <translation>Today: could not be read ({error})</translation>
    </message>
    <message>
        <source>本单位：{name}（{code}）</source>
        <translation>This unit: {name} ({code})</translation>
    </message>
    <message>
        <source>{name}（已撤销）</source>
        <translation>{name} (retired)</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <source>修改户</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <source>新建户</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>（不属于楼栋）</source>
        <translation>(no building)</translation>
    </message>
    <message>
        <source>地址 *</source>
        <translation>Address *</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>房号</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>所在楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>请填写户的地址。</source>
        <translation>Enter the household&apos;s address.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>导入台账</source>
        <translation>Import ledger</translation>
    </message>
    <message>
        <source>表中没有网格编码，导入到：{grid}</source>
        <translation>The ledger has no grid code; importing into: {grid}</translation>
    </message>
    <message>
        <source>未选择网格，未导入。</source>
        <translation>No grid chosen; nothing imported.</translation>
    </message>
    <message>
        <source>正在检查……</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>工作表“{sheet}”：新增 {new} 人，更新 {upd} 人，无变化 {same} 人，拒绝 {bad} 行。</source>
        <translation>Sheet &quot;{sheet}&quot;: {new} new, {upd} updated, {same} unchanged, {bad} rows refused.</translation>
    </message>
    <message>
        <source>将新建户 {households} 个、楼栋 {buildings} 栋。</source>
        <translation> Will create {households} households and {buildings} buildings.</translation>
    </message>
    <message>
        <source>未使用的列：{cols}。</source>
        <translation>Columns not used: {cols}. </translation>
    </message>
    <message>
        <source>尚未写入任何数据。</source>
        <translation>Nothing has been written yet.</translation>
    </message>
    <message>
        <source>请选择网格。</source>
        <translation>Please choose a grid.</translation>
    </message>
    <message>
        <source>已导入：新增 {new} 人，更新 {upd} 人；拒绝 {bad} 行（未导入）。</source>
        <translation>Imported: {new} added, {upd} updated; {bad} rows refused (not imported).</translation>
    </message>
    <message>
        <source>新建户 {households} 个、楼栋 {buildings} 栋。</source>
        <translation> Created {households} households and {buildings} buildings.</translation>
    </message>
    <message>
        <source>被拒绝的行及原因见下表，可保存为错误表修改后再导入。</source>
        <translation>The refused rows and their reasons are listed below; save them as an error workbook, correct and import again.</translation>
    </message>
    <message>
        <source>正在导入台账</source>
        <translation>Importing the ledger</translation>
    </message>
    <message>
        <source>居民台账模板.xlsx</source>
        <translation>resident ledger template.xlsx</translation>
    </message>
</context>
<context>
    <name>IncidentForm</name>
    <message>
        <source>重大问题：{name}</source>
        <translation>Major incident: {name}</translation>
    </message>
    <message>
        <source>本期发生重大问题</source>
        <translation>A major incident occurred in this period</translation>
    </message>
    <message>
        <source>问题说明，例如 发生一起较大安全生产事故</source>
        <translation>Describe the incident, e.g. a serious work-safety accident</translation>
    </message>
    <message>
        <source>请写明问题说明。</source>
        <translation>Please describe the incident.</translation>
    </message>
</context>
<context>
    <name>IndicatorCard</name>
    <message>
        <source>{name}
分子：{num}
分母：{den}
目标：{target}</source>
        <translation>{name}
Numerator: {num}
Denominator: {den}
Target: {target}</translation>
    </message>
    <message>
        <source>下级排名靠后：</source>
        <translation>Lowest units below:</translation>
    </message>
    <message>
        <source>全部排名</source>
        <translation>Full ranking</translation>
    </message>
    <message>
        <source>点击查看：{what}</source>
        <translation>Click to see: {what}</translation>
    </message>
    <message>
        <source>目标 {target}&#x3000;{num}/{den}&#x3000;{period}</source>
        <translation>Target {target}  {num}/{den}  {period}</translation>
    </message>
    <message>
        <source>{rank}. {unit}&#x3000;{value}&#x3000;{mark}</source>
        <translation>{rank}. {unit}  {value}  {mark}</translation>
    </message>
</context>
<context>
    <name>IndicatorDashboard</name>
    <message>
        <source>指标看板</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <source>统计期：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>正在计算……</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>{unit}&#x3000;达标 {met} 项&#x3000;接近 {close} 项&#x3000;未达标 {missed} 项</source>
        <translation>{unit}  met {met}  close {close}  missed {missed}</translation>
    </message>
    <message>
        <source>{name}：下级单位排名（{unit}，{period}）</source>
        <translation>{name}: units below ranked ({unit}, {period})</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>本期值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>完成情况</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>分子/分母</source>
        <translation>Numerator / denominator</translation>
    </message>
    <message>
        <source>{what}（{unit}）</source>
        <translation>{what} ({unit})</translation>
    </message>
    <message>
        <source>{name}：{what}（{unit}，{period}）</source>
        <translation>{name}: {what} ({unit}, {period})</translation>
    </message>
</context>
<context>
    <name>ItemsDialog</name>
    <message>
        <source>{title}：共 {n} 条</source>
        <translation>{title}: {n} in all</translation>
    </message>
</context>
<context>
    <name>LedgerIO</name>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>从 Excel 台账（.xlsx）导入：先检查，确认后再写入</source>
        <translation>Import from an Excel ledger (.xlsx): checked first, written only when you confirm</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>把列表中显示的记录导出为 Excel 台账（.xlsx，联系电话和证件号脱敏）</source>
        <translation>Export the records the list shows as an Excel ledger (.xlsx; phones and ID numbers masked)</translation>
    </message>
    <message>
        <source>导出{title}</source>
        <translation>Export {title}</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>已导出 {n} 行{title}到 {out}（联系电话和证件号已脱敏）。</source>
        <translation>Exported {n} rows of the {title} to {out} (phones and ID numbers masked).</translation>
    </message>
    <message>
        <source>正在导出</source>
        <translation>Exporting</translation>
    </message>
</context>
<context>
    <name>LedgerImportDialog</name>
    <message>
        <source>选择 .xlsx 台账文件</source>
        <translation>Choose an .xlsx ledger file</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>检查</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>可识别的列（括号内为也可用的列名）：{headers}</source>
        <translation>Columns read (other accepted headers in brackets): {headers}</translation>
    </message>
    <message>
        <source>尚未检查。选择文件后先检查，确认无误再导入；导入前不会写入任何数据。</source>
        <translation>Not checked yet. Choose a file and check it, then import; nothing is written before you import.</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>未导入的原因</source>
        <translation>Why it is not imported</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>保存错误表…</source>
        <translation>Save error workbook…</translation>
    </message>
    <message>
        <source>保存模板…</source>
        <translation>Save template…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>导入模板.xlsx</source>
        <translation>import template.xlsx</translation>
    </message>
    <message>
        <source>选择台账</source>
        <translation>Choose ledger</translation>
    </message>
    <message>
        <source>保存错误表</source>
        <translation>Save error workbook</translation>
    </message>
    <message>
        <source>未导入的行.xlsx</source>
        <translation>rows not imported.xlsx</translation>
    </message>
    <message>
        <source>保存模板</source>
        <translation>Save template</translation>
    </message>
    <message>
        <source>已取消，未写入任何数据。</source>
        <translation>Cancelled; nothing was written.</translation>
    </message>
    <message>
        <source>导入失败，未写入任何数据：{reason}</source>
        <translation>Import failed; nothing was written: {reason}</translation>
    </message>
    <message>
        <source>已把 {n} 行未导入的行及原因保存到 {out}。</source>
        <translation>Saved {n} rows not imported, with their reasons, to {out}.</translation>
    </message>
    <message>
        <source>模板已保存到 {out}。</source>
        <translation>Template saved to {out}.</translation>
    </message>
</context>
<context>
    <name>LedgerTable</name>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} entries</translation>
    </message>
</context>
<context>
    <name>LinksDialog</name>
    <message>
        <source>联系户：{a}</source>
        <translation>Linked households: {a}</translation>
    </message>
    <message>
        <source>党员中心户：{a}（{m}），网格 {g}。勾选本网格内由其联系的户。</source>
        <translation>Centre household: {a} ({m}), grid {g}. Tick the households of this grid it serves.</translation>
    </message>
    <message>
        <source>按地址或户主筛选</source>
        <translation>Filter by address or head</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>中心户本户</source>
        <translation>The centre household itself</translation>
    </message>
    <message>
        <source>已由 {a} 联系</source>
        <translation>Linked to {a}</translation>
    </message>
    <message>
        <source>已勾选 {n} 户</source>
        <translation>{n} households ticked</translation>
    </message>
    <message>
        <source>：超过约 {t} 户，一个中心户联系约 {t} 户为宜。</source>
        <translation>: more than about {t}; a centre household should serve about {t}.</translation>
    </message>
    <message>
        <source>将在检查中列为“中心户联系户数不当”。</source>
        <translation> The checks will list it as &quot;centre household load&quot;.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 — 网格工作台</source>
        <translation>Log in — Grid Workbench</translation>
    </message>
    <message>
        <source>登录已超时，请重新输入密码。</source>
        <translation>Your session expired. Please enter your password again.</translation>
    </message>
    <message>
        <source>请输入用户名和密码。</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>演示数据库（虚构数据）：用户 demo，密码 {password}</source>
        <translation>Demo database (fictional data): user demo, password {password}</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>正在登录……</source>
        <translation>Logging in…</translation>
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
        <source>网格事务</source>
        <translation>Grid affairs</translation>
    </message>
    <message>
        <source>我的任务</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <source>民警走访</source>
        <translation>Police visits</translation>
    </message>
    <message>
        <source>八小工程</source>
        <translation>Eight small projects</translation>
    </message>
    <message>
        <source>矛盾调解</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>考核</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>组织机构</source>
        <translation>Units</translation>
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
        <source>用户：—</source>
        <translation>User: —</translation>
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
        <source>事件</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>民情日志</source>
        <translation>Work log</translation>
    </message>
    <message>
        <source>党建网格</source>
        <translation>Party network</translation>
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
        <source>数据库已加密，需要登录（可设置 GRIDAPP_USER 和 GRIDAPP_PASSWORD）。</source>
        <translation>The database is encrypted and needs a login (set GRIDAPP_USER and GRIDAPP_PASSWORD).</translation>
    </message>
    <message>
        <source>未登录，程序退出。</source>
        <translation>Not logged in; the program will exit.</translation>
    </message>
    <message>
        <source>未设置本单位，程序退出。</source>
        <translation>No unit was set up; the program will exit.</translation>
    </message>
    <message>
        <source>未修改初始密码，程序退出。</source>
        <translation>The initial password was not changed; the program ends.</translation>
    </message>
    <message>
        <source>用户：{user}（{role}）</source>
        <translation>User: {user} ({role})</translation>
    </message>
    <message>
        <source>用户：未设置用户（未加密的数据库）</source>
        <translation>User: none (unencrypted database without users)</translation>
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
        <source>今日自动备份未完成：{error}</source>
        <translation>Today&apos;s automatic backup did not complete: {error}</translation>
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
    <name>MediateForm</name>
    <message>
        <source>开始调解：{name}</source>
        <translation>Start mediation: {name}</translation>
    </message>
    <message>
        <source>例如 人民调解、行政调解、司法调解、当场调解</source>
        <translation>e.g. people&apos;s mediation, administrative mediation, judicial mediation, on the spot</translation>
    </message>
    <message>
        <source>化解方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>例如 社区人民调解委员会</source>
        <translation>e.g. the community&apos;s people&apos;s mediation committee</translation>
    </message>
    <message>
        <source>手机或座机</source>
        <translation>Mobile or landline</translation>
    </message>
    <message>
        <source>请填写化解组织。</source>
        <translation>Please enter the resolving body.</translation>
    </message>
    <message>
        <source>请填写责任人。</source>
        <translation>Please enter the person responsible.</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>登记党员</source>
        <translation>Register party member</translation>
    </message>
    <message>
        <source>党员信息属敏感个人信息（政治面貌），查看和登记均记入审计日志。</source>
        <translation>Party membership is sensitive personal information (political views); viewing and recording it are audited.</translation>
    </message>
    <message>
        <source>输入姓名或完整身份证号查找居民</source>
        <translation>Type a name or a full ID number to find the resident</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>现为</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>党员身份</source>
        <translation>Membership</translation>
    </message>
    <message>
        <source>（未定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>组织关系所在党组织</source>
        <translation>Party organisation of record</translation>
    </message>
    <message>
        <source>已知</source>
        <translation>Known</translation>
    </message>
    <message>
        <source>入党日期</source>
        <translation>Joined on</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>非党员</source>
        <translation>Not a member</translation>
    </message>
    <message>
        <source>请先查找并选择一位居民（党员须有居民档案）。</source>
        <translation>Find and choose a resident first (a party member must have a resident record).</translation>
    </message>
    <message>
        <source>{org}不在{name}所在网格或其上级（规则：组织关系在本网格或上级党组织）。</source>
        <translation>{org} is not in {name}&apos;s grid or above it (rule: membership is kept in the grid&apos;s or a higher organisation).</translation>
    </message>
    <message>
        <source>入党日期不能晚于今天。</source>
        <translation>The joining date cannot be after today.</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>迁至其他户：{name}</source>
        <translation>Move to another household: {name}</translation>
    </message>
    <message>
        <source>按地址或户主姓名查找本网格的户</source>
        <translation>Find a household of this grid by address or head&apos;s name</translation>
    </message>
    <message>
        <source>新建户…</source>
        <translation>New household…</translation>
    </message>
    <message>
        <source>为新的家庭新建一户（本网格），再把该居民迁入</source>
        <translation>Create a household for a new family (this grid), then move the resident into it</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>与新户主关系 *</source>
        <translation>Relation to the new head *</translation>
    </message>
    <message>
        <source>迁入日期</source>
        <translation>Moved in on</translation>
    </message>
    <message>
        <source>迁入</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>本网格内没有符合的户。</source>
        <translation>No household of this grid matches.</translation>
    </message>
    <message>
        <source>已新建户“{address}”，请确认后点“迁入”。</source>
        <translation>Household “{address}” created: check, then click Move in.</translation>
    </message>
    <message>
        <source>请在列表中选择要迁入的户。</source>
        <translation>Choose the household to move into from the list.</translation>
    </message>
    <message>
        <source>请选择与新户主的关系。</source>
        <translation>Choose the relation to the new head.</translation>
    </message>
</context>
<context>
    <name>MoveForm</name>
    <message>
        <source>迁移网格</source>
        <translation>Move grid</translation>
    </message>
    <message>
        <source>单位编码包含上级编码，迁移后网格启用新编码；原网格“{name}”（{code}）撤销并指向新网格，其已有记录保留在原编码下。</source>
        <translation>Unit codes contain the parent&apos;s code, so the moved grid gets a new code; the old grid “{name}” ({code}) is retired and points to the new one, and its records stay under the old code.</translation>
    </message>
    <message>
        <source>注意：原网格下的 {h} 户、{r} 名在册居民不随网格迁移，仍记在已撤销的原编码下；迁移后可选中原网格，用“移交户和楼栋…”把它们移交到新网格。</source>
        <translation>Note: the {h} households and {r} registered residents of the old grid do not move with it and stay under the retired code; after the move, select the old grid and use “Move households…” to hand them to the new grid.</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>迁入村（社区）</source>
        <translation>Move to community</translation>
    </message>
    <message>
        <source>迁移</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>请选择迁入的村（社区）。</source>
        <translation>Choose the community to move to.</translation>
    </message>
</context>
<context>
    <name>MoveRecordsForm</name>
    <message>
        <source>移交户和楼栋：{name}</source>
        <translation>Move households and buildings: {name}</translation>
    </message>
    <message>
        <source>把“{name}”（{code}）的楼栋和户（连同在册居民及其标签、特殊人群记录）移交到另一个在用网格：在新网格重新登记，原网格中的居民记为迁出并保留历史。</source>
        <translation>Move the buildings and households of “{name}” ({code}), with their registered residents, tags and special-group records, to another grid in use: they are registered anew in that grid; in the old grid the residents are marked as moved out and their history stays.</translation>
    </message>
    <message>
        <source>（请选择网格）</source>
        <translation>(choose a grid)</translation>
    </message>
    <message>
        <source>移交到</source>
        <translation>Move to</translation>
    </message>
    <message>
        <source>全部移交（全部楼栋、户和未归户的在册居民）</source>
        <translation>Move everything (all buildings, households and registered residents without a household)</translation>
    </message>
    <message>
        <source>楼栋 / 户</source>
        <translation>Building / household</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>在册居民</source>
        <translation>Registered residents</translation>
    </message>
    <message>
        <source>{n} 户</source>
        <translation>{n} households</translation>
    </message>
    <message>
        <source>移交日期</source>
        <translation>Move date</translation>
    </message>
    <message>
        <source>移交</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>将移交 {h} 户、{r} 名在册居民。</source>
        <translation>{h} households and {r} registered residents will be moved.</translation>
    </message>
    <message>
        <source>请选择移交到哪个网格。</source>
        <translation>Choose the grid to move them to.</translation>
    </message>
    <message>
        <source>请勾选要移交的楼栋或户，或选择全部移交。</source>
        <translation>Tick the buildings or households to move, or choose to move everything.</translation>
    </message>
</context>
<context>
    <name>OrgDialog</name>
    <message>
        <source>设立党组织</source>
        <translation>Set up a party organisation</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>所在单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>所在楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>默认按单位或楼栋名称</source>
        <translation>Default: after the unit or building</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>书记（组长）</source>
        <translation>Secretary (leader)</translation>
    </message>
    <message>
        <source>设立</source>
        <translation>Set up</translation>
    </message>
    <message>
        <source>本单位范围内没有可设立{kind}的单位。</source>
        <translation>No unit in your scope can hold a {kind}.</translation>
    </message>
    <message>
        <source>该网格还没有楼栋：党小组设在楼栋里。</source>
        <translation>This grid has no buildings yet: a party group sits on a building.</translation>
    </message>
    <message>
        <source>名称不能超过 100 个字。</source>
        <translation>The name cannot exceed 100 characters.</translation>
    </message>
    <message>
        <source>书记姓名不能超过 50 个字。</source>
        <translation>The secretary&apos;s name cannot exceed 50 characters.</translation>
    </message>
</context>
<context>
    <name>PartyPage</name>
    <message>
        <source>党建网格</source>
        <translation>Party network</translation>
    </message>
    <message>
        <source>设立党组织…</source>
        <translation>Set up organisation…</translation>
    </message>
    <message>
        <source>记录联系…</source>
        <translation>Record contact…</translation>
    </message>
    <message>
        <source>先在左侧选择一个党员中心户</source>
        <translation>First select a party centre household on the left</translation>
    </message>
    <message>
        <source>登记党员…</source>
        <translation>Register member…</translation>
    </message>
    <message>
        <source>登记居民的党员身份、组织关系所在党组织和入党日期（敏感信息）；先在左侧选择党组织则登记到该组织</source>
        <translation>Record a resident&apos;s party membership, organisation and joining date (sensitive); choose an organisation on the left first to register to it</translation>
    </message>
    <message>
        <source>设为中心户…</source>
        <translation>Make centre household…</translation>
    </message>
    <message>
        <source>把一位党员所在的户设为党员中心户</source>
        <translation>Make a party member&apos;s household a party member centre household</translation>
    </message>
    <message>
        <source>联系户…</source>
        <translation>Linked households…</translation>
    </message>
    <message>
        <source>撤销中心户…</source>
        <translation>Revoke centre…</translation>
    </message>
    <message>
        <source>先在左侧选择一个党员中心户；撤销原因记入党建变动记录</source>
        <translation>Choose a party centre household on the left first; the reason is kept in the history</translation>
    </message>
    <message>
        <source>转出…</source>
        <translation>Transfer out…</translation>
    </message>
    <message>
        <source>党员组织关系转出（敏感信息）；转往何处记入党建变动记录</source>
        <translation>Transfer a party member out (sensitive information); the destination is kept in the history</translation>
    </message>
    <message>
        <source>历史…</source>
        <translation>History…</translation>
    </message>
    <message>
        <source>党建变动记录：左侧选中党员中心户时为该中心户的，否则为本单位的</source>
        <translation>Party network history: of the party centre household chosen on the left, otherwise of the unit</translation>
    </message>
    <message>
        <source>问题转为事件</source>
        <translation>Report issue as event</translation>
    </message>
    <message>
        <source>把所选联系记录反映的问题作为事件上报</source>
        <translation>Report the issue raised in the selected contact as an event</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>组织体系</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>书记 / 党员</source>
        <translation>Secretary / member</translation>
    </message>
    <message>
        <source>党员数 / 联系户</source>
        <translation>Members / linked</translation>
    </message>
    <message>
        <source>检查</source>
        <translation>Checks</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>挂包联系记录</source>
        <translation>Contact log</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>联系户</source>
        <translation>Linked household</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact by</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>反映问题</source>
        <translation>Issue raised</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>已上报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>已设立{kind}。</source>
        <translation>{kind} set up.</translation>
    </message>
    <message>
        <source>{a}（中心户本户）</source>
        <translation>{a} (the centre household itself)</translation>
    </message>
    <message>
        <source>已记录联系。</source>
        <translation>Contact recorded.</translation>
    </message>
    <message>
        <source>已登记党员{name}。</source>
        <translation>Registered {name} as a party member.</translation>
    </message>
    <message>
        <source>已设立党员中心户{a}，请勾选其联系户。</source>
        <translation>Centre household {a} set up; now tick its linked households.</translation>
    </message>
    <message>
        <source>联系户已更新：新增 {a} 户，移除 {r} 户。</source>
        <translation>Linked households updated: {a} added, {r} removed.</translation>
    </message>
    <message>
        <source>已撤销党员中心户{a}，解除联系户 {n} 户。</source>
        <translation>Party centre household {a} revoked; {n} linked households released.</translation>
    </message>
    <message>
        <source>{name}的组织关系已转出。</source>
        <translation>{name}&apos;s party membership has been transferred out.</translation>
    </message>
    <message>
        <source>党建变动记录：党员中心户 {a}</source>
        <translation>Party network history: party centre household {a}</translation>
    </message>
    <message>
        <source>党建变动记录：本单位</source>
        <translation>Party network history: this unit</translation>
    </message>
    <message>
        <source>问题已转为事件上报。</source>
        <translation>The issue was reported as an event.</translation>
    </message>
    <message>
        <source>未设书记</source>
        <translation>No secretary</translation>
    </message>
    <message>
        <source>党员中心户&#x3000;{a}</source>
        <translation>Centre: {a}</translation>
    </message>
    <message>
        <source>{n} 户</source>
        <translation>{n} households</translation>
    </message>
    <message>
        <source>党组织 {o} 个，党员中心户 {c} 个；党员联系覆盖 {cov}/{hh} 户（{pct:.0%}）；检查发现 {n} 项。</source>
        <translation>{o} party organisations, {c} party centre households; households linked to a party member {cov}/{hh} ({pct:.0%}); {n} check findings.</translation>
    </message>
    <message>
        <source>住有党员 {n} 名（{min} 名以上宜设党小组）</source>
        <translation>{n} members; a group is advised at {min}+</translation>
    </message>
    <message>
        <source>网格长 {chiefs}，{org}书记 {secretary}</source>
        <translation>Grid chief {chiefs}; secretary of {org}: {secretary}</translation>
    </message>
    <message>
        <source>未设</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>联系 {n} 户，远多于 {target} 户</source>
        <translation>Links {n} households, far more than {target}</translation>
    </message>
    <message>
        <source>标有党员标签</source>
        <translation>tagged as party member</translation>
    </message>
    <message>
        <source>没有党员标签</source>
        <translation>no party member tag</translation>
    </message>
    <message>
        <source>政治面貌为{label}</source>
        <translation>political status {label}</translation>
    </message>
    <message>
        <source>{said}，但没有党员登记</source>
        <translation>{said}, but no party membership on record</translation>
    </message>
    <message>
        <source>登记为{status}，但{said}</source>
        <translation>Registered as {status}, but {said}</translation>
    </message>
    <message>
        <source>规则：党支部建在网格上</source>
        <translation>Rule: a party branch on every grid</translation>
    </message>
    <message>
        <source>社区未设党委（党总支）</source>
        <translation>Community has no party committee (general branch)</translation>
    </message>
    <message>
        <source>社区未指定网格长</source>
        <translation>Community has no grid chief assigned</translation>
    </message>
    <message>
        <source>未联系任何户</source>
        <translation>Links no household</translation>
    </message>
    <message>
        <source>无党员联系（未纳入任何党员中心户）</source>
        <translation>No party member contact (not linked to any centre household)</translation>
    </message>
</context>
<context>
    <name>PatrolEventForm</name>
    <message>
        <source>从走访上报事件：{address}</source>
        <translation>Report an event from the patrol: {address}</translation>
    </message>
    <message>
        <source>事件类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>小类</source>
        <translation>Subclass</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>事件描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>（无小类）</source>
        <translation>(no subclass)</translation>
    </message>
    <message>
        <source>没有可用的事件类别（均已停用），请联系综治中心。</source>
        <translation>No event class is available (all retired); please contact the governance centre.</translation>
    </message>
    <message>
        <source>请填写标题。</source>
        <translation>Please enter a title.</translation>
    </message>
</context>
<context>
    <name>PatrolForm</name>
    <message>
        <source>登记巡查走访</source>
        <translation>Record patrol</translation>
    </message>
    <message>
        <source>走访户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>家庭情况、在家人员、了解到的情况</source>
        <translation>The household&apos;s situation, who was at home, what you learned</translation>
    </message>
    <message>
        <source>走访情况</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>发现的问题或群众诉求（可上报为事件）</source>
        <translation>Problems found or residents&apos; requests (can be reported as an event)</translation>
    </message>
    <message>
        <source>发现问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <source>本网格没有可选的户。</source>
        <translation>This grid has no household to choose.</translation>
    </message>
</context>
<context>
    <name>PeriodDialog</name>
    <message>
        <source>公示起</source>
        <translation>Publicity from</translation>
    </message>
    <message>
        <source>公示止</source>
        <translation>Publicity to</translation>
    </message>
    <message>
        <source>退出日期</source>
        <translation>Withdrawal date</translation>
    </message>
    <message>
        <source>退出原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>日期不能早于今天（{d}）。</source>
        <translation>The date cannot be before today ({d}).</translation>
    </message>
    <message>
        <source>公示期至少 {n} 天（含首尾两天）。</source>
        <translation>Publicity must last at least {n} days (first and last day included).</translation>
    </message>
</context>
<context>
    <name>PersonCard</name>
    <message>
        <source>居民卡片：{name}</source>
        <translation>Person card: {name}</translation>
    </message>
    <message>
        <source>{y}年</source>
        <translation>{y}</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>曾用名</source>
        <translation>Former name</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>出生</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>人口类型</source>
        <translation>Resident type</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>户籍与居住</source>
        <translation>Registration and residence</translation>
    </message>
    <message>
        <source>籍贯</source>
        <translation>Native place</translation>
    </message>
    <message>
        <source>户籍地</source>
        <translation>Registered region</translation>
    </message>
    <message>
        <source>户籍详址</source>
        <translation>Registered address</translation>
    </message>
    <message>
        <source>现住地</source>
        <translation>Current region</translation>
    </message>
    <message>
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <source>婚姻状况</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <source>政治面貌</source>
        <translation>Political status</translation>
    </message>
    <message>
        <source>学历</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>职业类别</source>
        <translation>Occupation category</translation>
    </message>
    <message>
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>服务处所</source>
        <translation>Workplace</translation>
    </message>
    <message>
        <source>宗教信仰</source>
        <translation>Religion</translation>
    </message>
    <message>
        <source>非党员（无登记）</source>
        <translation>Not a party member (none recorded)</translation>
    </message>
    <message>
        <source>{d} 入党</source>
        <translation>joined {d}</translation>
    </message>
    <message>
        <source>党员信息</source>
        <translation>Party membership</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>个人信息</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>未登记在任何户。</source>
        <translation>Not registered in any household.</translation>
    </message>
    <message>
        <source>户：{address}</source>
        <translation>Household: {address}</translation>
    </message>
    <message>
        <source>户号：{no}</source>
        <translation>No. {no}</translation>
    </message>
    <message>
        <source>户主：{head}</source>
        <translation>Head: {head}</translation>
    </message>
    <message>
        <source>楼栋：{b}</source>
        <translation>Building: {b}</translation>
    </message>
    <message>
        <source>（未归入楼栋）</source>
        <translation>(in no building)</translation>
    </message>
    <message>
        <source>年龄（当年）</source>
        <translation>Age (this year)</translation>
    </message>
    <message>
        <source>户与楼栋</source>
        <translation>Household and building</translation>
    </message>
    <message>
        <source>关爱标签：{tags}</source>
        <translation>Care tags: {tags}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>特殊人群（敏感个人信息，查看已记入审计日志）：</source>
        <translation>Special groups (sensitive personal information; this view is in the audit log):</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>起始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>解除日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>（未解除）</source>
        <translation>(in force)</translation>
    </message>
    <message>
        <source>标签与特殊人群</source>
        <translation>Tags and special groups</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>修改记录</source>
        <translation>History</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>双击查看照片</source>
        <translation>Double-click to view the photo</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add photo…</translation>
    </message>
    <message>
        <source>（待同步）</source>
        <translation>(awaiting sync)</translation>
    </message>
    <message>
        <source>{who} 于 {on} 添加，{w}×{h}</source>
        <translation>added by {who} on {on}, {w}×{h}</translation>
    </message>
    <message>
        <source>添加照片</source>
        <translation>Add photo</translation>
    </message>
    <message>
        <source>照片 (*.jpg *.jpeg *.png *.heic *.heif);;所有文件 (*)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.heic *.heif);;All files (*)</translation>
    </message>
    <message>
        <source>现场照片</source>
        <translation>Photo from the scene</translation>
    </message>
</context>
<context>
    <name>ProjectForm</name>
    <message>
        <source>更正八小工程记录</source>
        <translation>Correct a small-project record</translation>
    </message>
    <message>
        <source>登记八小工程记录</source>
        <translation>Record a small project</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>所属单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>例如 修订居民公约、加装电梯议事会、义务理发</source>
        <translation>e.g. revising the residents&apos; convention, a lift consultation, free haircuts</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>not given</translation>
    </message>
    <message>
        <source>参与人数</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>负责人姓名</source>
        <translation>name of the person responsible</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>不关联</source>
        <translation>none</translation>
    </message>
    <message>
        <source>姓名；不要填写身份证号</source>
        <translation>name only; no ID number</translation>
    </message>
    <message>
        <source>输入地址或户主姓名查找</source>
        <translation>search by address or head of household</translation>
    </message>
    <message>
        <source>公约内容</source>
        <translation>Convention text</translation>
    </message>
    <message>
        <source>通过方式</source>
        <translation>Adopted by</translation>
    </message>
    <message>
        <source>议事形式</source>
        <translation>Meeting form</translation>
    </message>
    <message>
        <source>议题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>议定事项</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>服务类型</source>
        <translation>Service type</translation>
    </message>
    <message>
        <source>服务人数</source>
        <translation>People served</translation>
    </message>
    <message>
        <source>关联矛盾纠纷</source>
        <translation>Linked dispute</translation>
    </message>
    <message>
        <source>发现隐患</source>
        <translation>Hazards found</translation>
    </message>
    <message>
        <source>整改隐患</source>
        <translation>Hazards fixed</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>事迹</source>
        <translation>Deeds</translation>
    </message>
    <message>
        <source>关联户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>家训内容</source>
        <translation>Family motto</translation>
    </message>
    <message>
        <source>成效</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>本单位下没有网格或村（社区），无法登记。</source>
        <translation>There is no grid or community in this unit to record for.</translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <source>小公约</source>
        <translation>Conventions</translation>
    </message>
    <message>
        <source>小民主</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>小服务</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>小调解</source>
        <translation>Mediation</translation>
    </message>
    <message>
        <source>小平安</source>
        <translation>Safety</translation>
    </message>
    <message>
        <source>小乡贤</source>
        <translation>Local worthies</translation>
    </message>
    <message>
        <source>小名人</source>
        <translation>Local notables</translation>
    </message>
    <message>
        <source>小家训</source>
        <translation>Family mottos</translation>
    </message>
    <message>
        <source>八小工程</source>
        <translation>Eight small projects</translation>
    </message>
    <message>
        <source>登记记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <source>八小工程台账</source>
        <translation>eight small projects ledger</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>查找：名称、地点、内容、负责人</source>
        <translation>Find: name, place, content, person responsible</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>全年</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>{m}月</source>
        <translation>Month {m}</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>参与人次</source>
        <translation>Participations</translation>
    </message>
    <message>
        <source>服务人数</source>
        <translation>People served</translation>
    </message>
    <message>
        <source>隐患 发现/整改</source>
        <translation>Hazards found/fixed</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>更正</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>{name}合计</source>
        <translation>{name} (total)</translation>
    </message>
    <message>
        <source>{name}（本级）</source>
        <translation>{name} (own records)</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>已登记“{title}”。</source>
        <translation>“{title}” recorded.</translation>
    </message>
    <message>
        <source>已登记“{title}”；当前筛选条件下的列表中没有它。</source>
        <translation>“{title}” recorded; the current filters leave it out of the list.</translation>
    </message>
    <message>
        <source>台账共 {n} 条</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <source>选择左侧一条记录查看详情和更正记录。</source>
        <translation>Select a record on the left to see its details and corrections.</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>参与人数</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>成效</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>登记人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>未更正过。</source>
        <translation>Never corrected.</translation>
    </message>
    <message>
        <source>更正记录（{n} 个早先版本）</source>
        <translation>Corrections ({n} earlier versions)</translation>
    </message>
    <message>
        <source>参与 {n} 人</source>
        <translation>{n} participants</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <source>恢复密钥（只显示这一次）</source>
        <translation>Recovery key (shown only once)</translation>
    </message>
    <message>
        <source>数据库已加密。请把下面的恢复密钥抄写在纸上，与电脑分开妥善保管。忘记所有密码时，只有用它才能打开数据库。此密钥只显示这一次，程序不保存它的明文。</source>
        <translation>The database is encrypted. Write the recovery key below on paper and keep it safe, away from the computer. If every password is forgotten, only this key opens the database. It is shown only this once; the program does not keep it in clear.</translation>
    </message>
    <message>
        <source>我已抄写保存</source>
        <translation>I have written it down</translation>
    </message>
</context>
<context>
    <name>RegisterForm</name>
    <message>
        <source>登记矛盾纠纷</source>
        <translation>Register a dispute</translation>
    </message>
    <message>
        <source>发生网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>例如 楼上漏水引发邻里纠纷</source>
        <translation>e.g. neighbours&apos; dispute over a leak from upstairs</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>发生日期</source>
        <translation>Date of occurrence</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>事件类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>事件规模</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>涉及人数</source>
        <translation>People involved</translation>
    </message>
    <message>
        <source>当事人姓名，用顿号分隔；不要填写身份证号</source>
        <translation>Names of the parties, separated by 、; no ID numbers</translation>
    </message>
    <message>
        <source>主要当事人</source>
        <translation>Main parties</translation>
    </message>
    <message>
        <source>简述</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>化解时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>本单位下没有网格，无法登记。</source>
        <translation>There is no grid in this unit to register a dispute in.</translation>
    </message>
</context>
<context>
    <name>RemoveCentreDialog</name>
    <message>
        <source>撤销党员中心户</source>
        <translation>Revoke party centre household</translation>
    </message>
    <message>
        <source>撤销党员中心户 {a}（党员 {m}）：其 {n} 户联系户随之解除。撤销和解除均记入党建变动记录。</source>
        <translation>Revoke party centre household {a} (member {m}): its {n} linked households are released with it. Both are kept in the party network history.</translation>
    </message>
    <message>
        <source>如：党员年事已高、外出务工、调整联系范围</source>
        <translation>e.g. member too old, working away, linked households rearranged</translation>
    </message>
    <message>
        <source>撤销原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>请填写撤销原因。</source>
        <translation>Please enter the reason for revoking.</translation>
    </message>
    <message>
        <source>撤销原因不能超过 {n} 个字。</source>
        <translation>The reason may not exceed {n} characters.</translation>
    </message>
</context>
<context>
    <name>RemoveForm</name>
    <message>
        <source>删除八小工程记录：{title}</source>
        <translation>Remove small-project record: {title}</translation>
    </message>
    <message>
        <source>例如 重复登记、登记错误</source>
        <translation>e.g. recorded twice, recorded by mistake</translation>
    </message>
    <message>
        <source>删除原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>删除后台账不再显示该记录，记录本身和删除原因仍会保留并同步到上级。</source>
        <translation>The ledger no longer shows a removed record; the record and the reason are kept and synced to the level above.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>请填写删除原因。</source>
        <translation>Please give the reason.</translation>
    </message>
</context>
<context>
    <name>ReportForm</name>
    <message>
        <source>上报事件</source>
        <translation>Report an event</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>所在网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>（请选择类别）</source>
        <translation>(choose a class)</translation>
    </message>
    <message>
        <source>类别 / 小类</source>
        <translation>Class / subclass</translation>
    </message>
    <message>
        <source>例如 3号楼燃气管道漏气</source>
        <translation>e.g. gas leak at building 3</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>发生了什么；不要填写身份证号</source>
        <translation>What happened; no ID numbers</translation>
    </message>
    <message>
        <source>事件描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>地址或楼栋、户</source>
        <translation>Address, or building and household</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>矛盾纠纷登记到矛盾纠纷台账（一件纠纷一条记录），在“矛盾调解”页办理。</source>
        <translation>A dispute is registered on the dispute ledger (one record per dispute) and handled on the Disputes page.</translation>
    </message>
    <message>
        <source> 人</source>
        <translation> people</translation>
    </message>
    <message>
        <source>纠纷类别 / 规模 / 人数</source>
        <translation>Dispute category / scale / people</translation>
    </message>
    <message>
        <source>12345 工单号</source>
        <translation>12345 work order no.</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>姓名、拼音首字母或地址，从居民档案中查找</source>
        <translation>Name, pinyin initials or address: search the resident records</translation>
    </message>
    <message>
        <source>加入涉及人员 ↓</source>
        <translation>Add to people involved ↓</translation>
    </message>
    <message>
        <source>移出</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>涉及人员</source>
        <translation>People involved</translation>
    </message>
    <message>
        <source>登记为矛盾纠纷</source>
        <translation>Register as a dispute</translation>
    </message>
    <message>
        <source>（无小类）</source>
        <translation>(no subclass)</translation>
    </message>
    <message>
        <source>（请选择小类）</source>
        <translation>(choose a subclass)</translation>
    </message>
    <message>
        <source>本单位下没有可上报事件的网格。</source>
        <translation>There is no grid under this unit to report an event in.</translation>
    </message>
    <message>
        <source>请选择事件类别。</source>
        <translation>Choose the event&apos;s class.</translation>
    </message>
    <message>
        <source>个体性纠纷涉及 {n} 人？人数较多时事件规模应为群体性。</source>
        <translation>An individual dispute involving {n} people? With many people the scale is a group dispute.</translation>
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
        <source>全年</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>按所选月份所在的整年统计（入户走访情况、八小工程开展情况、考核排名）</source>
        <translation>The whole year of the chosen month (household visits, small projects, assessment ranking)</translation>
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
        <source>打印完整的身份证号码和电话</source>
        <translation>Print full ID and phone numbers</translation>
    </message>
    <message>
        <source>仅限有权限的角色；此选择将记入审计日志</source>
        <translation>Only for roles with that permission; the choice is recorded in the audit log</translation>
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
        <source>另存为 Excel…</source>
        <translation>Save as Excel…</translation>
    </message>
    <message>
        <source>将打印完整号码，并记入审计日志。请妥善保管纸质报表。</source>
        <translation>Full numbers will be printed and the choice recorded in the audit log. Keep the paper copy safe.</translation>
    </message>
    <message>
        <source>不勾选时，身份证号码和电话脱敏打印。</source>
        <translation>Unless ticked, ID numbers and phones are printed masked.</translation>
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
        <source>入户走访情况</source>
        <translation>Household visits</translation>
    </message>
    <message>
        <source>统计期内各网格的民警入户走访率（对照 100% 目标）及尚未走访的户（地址、户主）。</source>
        <translation>Police household visit coverage per grid in the period (against the 100% target) and the households not yet visited (address, head).</translation>
    </message>
    <message>
        <source>八小工程开展情况</source>
        <translation>Small projects</translation>
    </message>
    <message>
        <source>统计期内各单位八小工程（小公约、小民主、小服务、小调解、小平安、小乡贤、小名人、小家训）的件数、参与人次、服务人数、隐患整改，及记录清单。</source>
        <translation>Per unit, the small projects of the period (conventions, consultation, services, mediation, safety, local worthies, local notables, family mottos): counts, participations, people served, hazards fixed; then the list of records.</translation>
    </message>
    <message>
        <source>事件办理情况</source>
        <translation>Event handling</translation>
    </message>
    <message>
        <source>统计期内发现的事件：各单位和各类别的件数、已结案、办理中、逾期，按期办理率、初信初访一次性化解率、回访满意率，及事件办理台账；也可另存为 Excel。</source>
        <translation>Events found in the period: per unit and class the counts, closed, open, overdue, on-time handling rate, first-handling closure rate of petitions, satisfaction rate, and the event ledger; also as Excel.</translation>
    </message>
    <message>
        <source>考核排名</source>
        <translation>Assessment ranking</translation>
    </message>
    <message>
        <source>本单位考核方案的排名：各被考核对象的指标得分、总分、名次和结果（标杆、通报、重点管理、挂牌督办），及排名规则和指标说明；已发布的取最新版本，未发布的为草稿。所选月份没有方案时取其所在季度、年度的方案。</source>
        <translation>The ranking of this unit&apos;s assessment scheme: indicator scores, totals, ranks and outcomes (benchmark, notified, key management, supervised) of everyone assessed, with the ranking rule and what the indicators measure; the latest published version, or the draft when none is published. A month without a scheme of its own takes its quarter&apos;s or year&apos;s scheme.</translation>
    </message>
    <message>
        <source>党建网格化组织体系</source>
        <translation>Party network roster</translation>
    </message>
    <message>
        <source>按社区列出街道党工委、社区党委（党总支）、网格党支部、楼栋党小组及其书记（组长）、党员数、党员中心户数，及检查发现和党员联系覆盖情况；也可导出 .xlsx。</source>
        <translation>By community: the town working committee, community committees (general branches), grid branches and building groups with their secretaries (group leaders), member counts and party centre households, then the check findings and the households linked to a party member; also as .xlsx.</translation>
    </message>
    <message>
        <source>党员中心户联系户名册</source>
        <translation>Party centre household links</translation>
    </message>
    <message>
        <source>每个党员中心户：所在网格、地址、中心户党员、所属党小组，及其联系户的地址和户主；也可导出 .xlsx。</source>
        <translation>Each party centre household: its grid, address, member and party group, and the address and head of each linked household; also as .xlsx.</translation>
    </message>
    <message>
        <source>网格工作月报</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>本月各项指标对照目标（走访率、一次性办结率、满意度、命案发案率、警力占比、网格员配备）、近 12 期趋势图、下级单位排名，及本月任务、走访、事件、纠纷、八小工程；末尾为填报单位、填报人、审核人、日期。</source>
        <translation>The month&apos;s indicators against their targets (visit rate, first-handling closure rate, satisfaction, homicide rate, police share, grid staffing) with 12-period trend charts, the units below ranked, and the month&apos;s tasks, visits, events, disputes and small projects; ends with the reporting unit, reporter, reviewer and date.</translation>
    </message>
    <message>
        <source>网格事务准入清单</source>
        <translation>Grid affair list</translation>
    </message>
    <message>
        <source>供公示：统计期末（至今）在本单位生效的网格事务准入事项（含上级单位准入的），按主管部门分组，列出依据、网格职责、频次、时限、需报送资料和有效期；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。</source>
        <translation>For publication: the admitted affair items in force in this unit at the end of the period (today at the latest), including those admitted by units above, grouped by department, with their basis, grid worker&apos;s duty, frequency, time limit, data needed and valid period; ends with the reporting unit, reporter, reviewer and date; also as .xlsx.</translation>
    </message>
    <message>
        <source>网格任务完成情况</source>
        <translation>Grid task completion</translation>
    </message>
    <message>
        <source>期限在统计期内的网格任务，按网格（带社区名）统计应完成、已完成、按时完成、逾期完成、逾期未完成、未到期和完成率，及逾期未完成的任务；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。</source>
        <translation>Grid tasks due in the period, by grid (with its community): due, done, done on time, done late, overdue and not done, not yet due, and the completion rate, then the overdue tasks not done; ends with the reporting unit, reporter, reviewer and date; also as .xlsx.</translation>
    </message>
    <message>
        <source>矛盾纠纷台账及化解情况</source>
        <translation>Dispute ledger and resolution</translation>
    </message>
    <message>
        <source>统计期内发生的矛盾纠纷：各下级单位的化解情况（化解率、一次性化解率对照 95% 目标），及矛盾纠纷台账（短编号、网格、类别、状态、是否一次性化解）；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。</source>
        <translation>Disputes that occurred in the period: how each unit below resolved them (resolved rate, first-handling closure rate against the 95% target), then the dispute ledger (short number, grid, category, status, closed at first handling or not); ends with the reporting unit, reporter, reviewer and date; also as .xlsx.</translation>
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
        <source>另存为 Excel</source>
        <translation>Save as Excel</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
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
    <name>ResidentForm</name>
    <message>
        <source>修改居民</source>
        <translation>Edit resident</translation>
    </message>
    <message>
        <source>新增居民</source>
        <translation>New resident</translation>
    </message>
    <message>
        <source>曾用名</source>
        <translation>Former name</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>婚姻状况</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <source>政治面貌</source>
        <translation>Political status</translation>
    </message>
    <message>
        <source>学历</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>职业类别</source>
        <translation>Occupation category</translation>
    </message>
    <message>
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>服务处所</source>
        <translation>Workplace</translation>
    </message>
    <message>
        <source>籍贯</source>
        <translation>Native place</translation>
    </message>
    <message>
        <source>户籍地</source>
        <translation>Registered region</translation>
    </message>
    <message>
        <source>户籍详址</source>
        <translation>Registered address</translation>
    </message>
    <message>
        <source>现住地</source>
        <translation>Current region</translation>
    </message>
    <message>
        <source>宗教信仰</source>
        <translation>Religion</translation>
    </message>
    <message>
        <source>（按身份证号）</source>
        <translation>(from the ID number)</translation>
    </message>
    <message>
        <source>按身份证号自动填写</source>
        <translation>Filled in from the ID number</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>姓名 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>公民身份号码 *</source>
        <translation>ID number *</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>证件号和电话在此不显示（已脱敏）：留空则保持原值不变，填写则改为新值。</source>
        <translation>ID number and phone are not shown here (masked): leave them empty to keep them, or type a new value.</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic</translation>
    </message>
    <message>
        <source>“户籍与居住”页：{problem}</source>
        <translation>Tab “Registration and residence”: {problem}</translation>
    </message>
    <message>
        <source>户籍与居住</source>
        <translation>Registration and residence</translation>
    </message>
    <message>
        <source>敏感个人信息：需“查看敏感个人信息”权限</source>
        <translation>Sensitive personal information: needs the &quot;view sensitive personal information&quot; permission</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>留空则保持原值不变</source>
        <translation>Leave empty to keep it</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <source>人口类型</source>
        <translation>Resident type</translation>
    </message>
    <message>
        <source>地名或 6 位代码，如 淄博市张店区 或 370303</source>
        <translation>Place name or 6-digit code, e.g. 淄博市张店区 or 370303</translation>
    </message>
    <message>
        <source>姓名不能为空。</source>
        <translation>The name is required.</translation>
    </message>
    <message>
        <source>性别与身份证号不符（号码显示为{g}）。</source>
        <translation>The gender does not match the ID number (which says {g}).</translation>
    </message>
    <message>
        <source>出生日期请写成 1990-01-31。</source>
        <translation>Write the date of birth as 1990-01-31.</translation>
    </message>
    <message>
        <source>出生日期与身份证号中的 {d} 不符。</source>
        <translation>The date of birth does not match {d} in the ID number.</translation>
    </message>
</context>
<context>
    <name>ResidentTableModel</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>出生年份</source>
        <translation>Year of birth</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <source>人口类型</source>
        <translation>Resident type</translation>
    </message>
    <message>
        <source>户籍地</source>
        <translation>Registered region</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <source>查找：姓名、拼音首字母（zs）、全拼、身份证号或电话后几位、地址</source>
        <translation>Find: name, pinyin initials (zs), full pinyin, last digits of ID or phone, address</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>居民卡片</source>
        <translation>Person card</translation>
    </message>
    <message>
        <source>只读查看选中居民的全部信息：户、楼栋、标签和修改记录</source>
        <translation>The selected resident&apos;s whole record, read-only: household, building, tags and history</translation>
    </message>
    <message>
        <source>导入台账</source>
        <translation>Import ledger</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>全部标签</source>
        <translation>All tags</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>选中一位居民，这里显示其所在的户。</source>
        <translation>Select a resident to see the household here.</translation>
    </message>
    <message>
        <source>打印户卡…</source>
        <translation>Print household card…</translation>
    </message>
    <message>
        <source>修改户…</source>
        <translation>Edit household…</translation>
    </message>
    <message>
        <source>修改户的地址、户号、房号，或把户归入楼栋</source>
        <translation>Change the household&apos;s address, number or room, or put it in a building</translation>
    </message>
    <message>
        <source>楼栋与住户…</source>
        <translation>Buildings and households…</translation>
    </message>
    <message>
        <source>数字请至少输入 3 位（证件号或电话的末几位、电话的前几位）</source>
        <translation>Type at least 3 digits (the end of an ID number or phone, or the start of a phone)</translation>
    </message>
    <message>
        <source>仅显示前 {n} 条，请输入更多文字缩小范围</source>
        <translation>Showing the first {n} only; type more to narrow the search</translation>
    </message>
    <message>
        <source>找到 {n} 人</source>
        <translation>{n} found</translation>
    </message>
    <message>
        <source>正在统计……</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>共 {n} 人</source>
        <translation>{n} residents</translation>
    </message>
    <message>
        <source>{name} 未登记在任何户。</source>
        <translation>{name} is not in any household.</translation>
    </message>
    <message>
        <source>已保存新居民“{name}”。</source>
        <translation>New resident “{name}” saved.</translation>
    </message>
    <message>
        <source>已保存新居民“{name}”；当前查找或筛选条件下的列表中没有该居民。</source>
        <translation>New resident “{name}” saved; the current search or filters leave them out of the list.</translation>
    </message>
    <message>
        <source>居民卡片…</source>
        <translation>Person card…</translation>
    </message>
    <message>
        <source>{status}：{name}</source>
        <translation>{status}: {name}</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>已按当前列表导出 {n} 名居民到 {out}（含完整证件号和电话，请妥善保管文件）。</source>
        <translation>Exported the {n} residents of the list to {out} (with full ID numbers and phones: keep the file safe).</translation>
    </message>
    <message>
        <source>已按当前列表导出 {n} 名居民到 {out}（证件号和电话已脱敏）。</source>
        <translation>Exported the {n} residents of the list to {out} (ID numbers and phones masked).</translation>
    </message>
    <message>
        <source>已导出 {n} 名居民到 {out}。</source>
        <translation>Exported {n} residents to {out}.</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>修改记录</source>
        <translation>History</translation>
    </message>
    <message>
        <source>关爱标签…</source>
        <translation>Care tags…</translation>
    </message>
    <message>
        <source>特殊人群…</source>
        <translation>Special groups…</translation>
    </message>
    <message>
        <source>迁至其他户…</source>
        <translation>Move to another household…</translation>
    </message>
    <message>
        <source>查看完整号码…</source>
        <translation>Show full numbers…</translation>
    </message>
    <message>
        <source>查看完整号码</source>
        <translation>Show full numbers</translation>
    </message>
    <message>
        <source>查看 {name} 的完整身份证号码和电话将记入审计日志。确定查看吗？</source>
        <translation>Viewing the full ID and phone numbers of {name} is recorded in the audit log. Show them?</translation>
    </message>
    <message>
        <source>完整号码</source>
        <translation>Full numbers</translation>
    </message>
    <message>
        <source>{name}
公民身份号码：{id_number}
联系电话：{phone}</source>
        <translation>{name}
ID number: {id_number}
Phone: {phone}</translation>
    </message>
    <message>
        <source>已保存户“{address}”。</source>
        <translation>Household “{address}” saved.</translation>
    </message>
    <message>
        <source>导出居民台账</source>
        <translation>Export resident ledger</translation>
    </message>
    <message>
        <source>导出的台账中，证件号和电话是否脱敏？含完整号码的导出会记入审计日志。</source>
        <translation>Mask ID numbers and phones in the exported ledger? An export with full numbers is recorded in the audit log.</translation>
    </message>
    <message>
        <source>脱敏导出</source>
        <translation>Export masked</translation>
    </message>
    <message>
        <source>含完整号码</source>
        <translation>With full numbers</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导出</source>
        <translation>Exporting</translation>
    </message>
</context>
<context>
    <name>ResolveForm</name>
    <message>
        <source>登记化解结果：{name}</source>
        <translation>Record resolution: {name}</translation>
    </message>
    <message>
        <source>成功（已化解）</source>
        <translation>Successful (resolved)</translation>
    </message>
    <message>
        <source>不成功（未化解，上报）</source>
        <translation>Not successful (unresolved, escalate)</translation>
    </message>
    <message>
        <source>是否成功</source>
        <translation>Successful</translation>
    </message>
    <message>
        <source>例如 人民调解、行政调解、司法调解、当场调解</source>
        <translation>e.g. people&apos;s mediation, administrative mediation, judicial mediation, on the spot</translation>
    </message>
    <message>
        <source>化解方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>化解情况</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>化解日期</source>
        <translation>Resolution date</translation>
    </message>
    <message>
        <source>不改可不填</source>
        <translation>Leave empty to keep</translation>
    </message>
    <message>
        <source>请填写化解方式。</source>
        <translation>Please enter the method.</translation>
    </message>
    <message>
        <source>请填写化解情况。</source>
        <translation>Please enter the outcome.</translation>
    </message>
</context>
<context>
    <name>RetireForm</name>
    <message>
        <source>撤销单位</source>
        <translation>Retire unit</translation>
    </message>
    <message>
        <source>撤销“{name}”（{code}）：其全部记录保留，列表中显示为已撤销，不再用于新的工作；现有的人员指派随之结束。</source>
        <translation>Retire “{name}” ({code}): all its records are kept, lists show it as retired, it takes no new work; its current assignments end.</translation>
    </message>
    <message>
        <source>注意：其下还有 {h} 户、{r} 名在册居民。撤销后这些户和居民仍记在原编码下，不再属于任何在用网格（网格选择框中不再出现，也没有网格员负责）。</source>
        <translation>Note: it still holds {h} households and {r} registered residents. Once retired they stay under its code and belong to no grid in use (they leave the grid choices and no grid worker is responsible for them).</translation>
    </message>
    <message>
        <source>同时把其下全部户、楼栋和在册居民移交到</source>
        <translation>Also move all its households, buildings and registered residents to</translation>
    </message>
    <message>
        <source>（请选择网格）</source>
        <translation>(choose a grid)</translation>
    </message>
    <message>
        <source>接收网格</source>
        <translation>Receiving grid</translation>
    </message>
    <message>
        <source>撤销日期</source>
        <translation>Retired on</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Retire</translation>
    </message>
    <message>
        <source>其下 {h} 户、{r} 名在册居民及其楼栋将移交到所选网格（与撤销一起完成），原网格保留他们的历史记录。</source>
        <translation>Its {h} households and {r} registered residents, with their buildings, will move to the chosen grid (done together with the retirement); the old grid keeps their history.</translation>
    </message>
    <message>
        <source>请选择接收这些户的网格，或不勾选移交。</source>
        <translation>Choose the grid that receives these households, or untick moving them.</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>驳回</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>事项：{name}</source>
        <translation>Item: {name}</translation>
    </message>
    <message>
        <source>审核意见 *</source>
        <translation>Review opinion *</translation>
    </message>
    <message>
        <source>驳回理由 *</source>
        <translation>Reason for rejection *</translation>
    </message>
</context>
<context>
    <name>SchemeForm</name>
    <message>
        <source>修改考核方案</source>
        <translation>Edit assessment scheme</translation>
    </message>
    <message>
        <source>新建考核方案</source>
        <translation>New assessment scheme</translation>
    </message>
    <message>
        <source>方案名称</source>
        <translation>Scheme name</translation>
    </message>
    <message>
        <source>年 2026；网格员也可按季度 2026-Q1 或按月 2026-03</source>
        <translation>Year 2026; grid workers also by quarter 2026-Q1 or month 2026-03</translation>
    </message>
    <message>
        <source>考核期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <source>被考核</source>
        <translation>Assessed</translation>
    </message>
    <message>
        <source>考核指标（分值即权重；自动指标由系统按本期数据计算）</source>
        <translation>Indicators (the maximum score is the weight; automatic indicators are computed from the period&apos;s data)</translation>
    </message>
    <message>
        <source>指标名称</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>分值</source>
        <translation>Max score</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>添加指标</source>
        <translation>Add indicator</translation>
    </message>
    <message>
        <source>删除所选指标</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>后几名同时纳入重点管理</source>
        <translation>bottom ones also under key management</translation>
    </message>
    <message>
        <source>不设</source>
        <translation>none</translation>
    </message>
    <message>
        <source>挂牌督办的纳入负面清单</source>
        <translation>supervised units go on the negative list</translation>
    </message>
    <message>
        <source>前</source>
        <translation>Top</translation>
    </message>
    <message>
        <source>名为标杆；后</source>
        <translation>are benchmarks; bottom</translation>
    </message>
    <message>
        <source>名通报</source>
        <translation>are notified</translation>
    </message>
    <message>
        <source>连续</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>期处于</source>
        <translation>periods in</translation>
    </message>
    <message>
        <source>则</source>
        <translation>then</translation>
    </message>
    <message>
        <source>发生重大问题</source>
        <translation>Major incident</translation>
    </message>
    <message>
        <source>考核</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>{period}年{label}考核</source>
        <translation>{period} {label} assessment</translation>
    </message>
    <message>
        <source>第 {n} 项指标的分值应为数字。</source>
        <translation>The max score of indicator {n} must be a number.</translation>
    </message>
    <message>
        <source>满分 {total}</source>
        <translation>Full marks {total}</translation>
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
        <source>更改后重新启动程序生效。</source>
        <translation>A change applies after a restart.</translation>
    </message>
    <message>
        <source>本次按启动参数以{running}运行；设置中保存的是{saved}，不带参数启动时使用。</source>
        <translation>Running in {running} as started; the saved setting is {saved}, used when started without --lang.</translation>
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
        <source>当前用户</source>
        <translation>Signed-in user</translation>
    </message>
    <message>
        <source>{user}（{role}），管辖范围 {unit}</source>
        <translation>{user} ({role}), scope {unit}</translation>
    </message>
    <message>
        <source>审计日志…</source>
        <translation>Audit log…</translation>
    </message>
    <message>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>锁定/切换用户</source>
        <translation>Lock / switch user</translation>
    </message>
    <message>
        <source>同步中心</source>
        <translation>Sync hub</translation>
    </message>
    <message>
        <source>上级同步中心地址</source>
        <translation>Address of the sync hub above</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>已清除</source>
        <translation>Cleared</translation>
    </message>
    <message>
        <source>重新启动程序后生效。</source>
        <translation>Applies after a restart.</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>已保存，重新启动程序后生效。</source>
        <translation>Saved. It takes effect when the program is restarted.</translation>
    </message>
</context>
<context>
    <name>SpecialGroupForm</name>
    <message>
        <source>修改特殊人群记录</source>
        <translation>Edit special-group record</translation>
    </message>
    <message>
        <source>登记特殊人群</source>
        <translation>Record special group</translation>
    </message>
    <message>
        <source>未解除请留空</source>
        <translation>Leave empty while in force</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>原罪名</source>
        <translation>Original offence</translation>
    </message>
    <message>
        <source>起始日期 *</source>
        <translation>Start date *</translation>
    </message>
    <message>
        <source>解除日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>请选择{label}。</source>
        <translation>Choose the {label}.</translation>
    </message>
    <message>
        <source>起始日期请写成 2024-01-31。</source>
        <translation>Write the start date as 2024-01-31.</translation>
    </message>
    <message>
        <source>请填写起始日期。</source>
        <translation>Enter the start date.</translation>
    </message>
    <message>
        <source>起始日期不能晚于今天。</source>
        <translation>The start date cannot be after today.</translation>
    </message>
    <message>
        <source>解除日期请写成 2024-01-31。</source>
        <translation>Write the end date as 2024-01-31.</translation>
    </message>
    <message>
        <source>解除日期不能早于起始日期。</source>
        <translation>The end date cannot be before the start date.</translation>
    </message>
    <message>
        <source>解除日期不能晚于今天。</source>
        <translation>The end date cannot be after today.</translation>
    </message>
</context>
<context>
    <name>SpecialGroupsDialog</name>
    <message>
        <source>特殊人群：{name}</source>
        <translation>Special groups: {name}</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>原罪名</source>
        <translation>Original offence</translation>
    </message>
    <message>
        <source>起始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>解除日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>特殊人群信息属于敏感个人信息，每次查看都记入审计日志。</source>
        <translation>Special-group information is sensitive personal information; every view is recorded in the audit log.</translation>
    </message>
    <message>
        <source>登记…</source>
        <translation>Record…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>解除…</source>
        <translation>End…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>（未解除）</source>
        <translation>(in force)</translation>
    </message>
    <message>
        <source>解除：{group}</source>
        <translation>End: {group}</translation>
    </message>
    <message>
        <source>解除</source>
        <translation>End</translation>
    </message>
</context>
<context>
    <name>StandingPanel</name>
    <message>
        <source>考核排名</source>
        <translation>Assessment ranking</translation>
    </message>
    <message>
        <source>全部得分</source>
        <translation>All scores</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>下级</source>
        <translation>From below</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>本单位还没有已发布的考核排名（在“考核”页建立方案、评分并发布）</source>
        <translation>No published assessment ranking of this unit yet (set up a scheme, score and publish it on the Assessment page)</translation>
    </message>
    <message>
        <source>{name}（{period}，{level}，满分 {max}，第 {version} 版，{on}）</source>
        <translation>{name} ({period}, {level}, out of {max}, version {version}, {on})</translation>
    </message>
    <message>
        <source>不参与</source>
        <translation>Not ranked</translation>
    </message>
    <message>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <source>{name}：考核排名（{period}，第 {version} 版）</source>
        <translation>{name}: assessment ranking ({period}, version {version})</translation>
    </message>
</context>
<context>
    <name>SuperviseForm</name>
    <message>
        <source>督办：{name}</source>
        <translation>Supervise: {name}</translation>
    </message>
    <message>
        <source>督办时间</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>例如 请于三日内化解并报告结果</source>
        <translation>e.g. resolve within three days and report back</translation>
    </message>
    <message>
        <source>督办意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>请填写督办意见。</source>
        <translation>Please enter the supervision opinion.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>本机：—</source>
        <translation>This PC: —</translation>
    </message>
    <message>
        <source>上下级</source>
        <translation>Levels above and below</translation>
    </message>
    <message>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>待发送</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>上次导出</source>
        <translation>Last export</translation>
    </message>
    <message>
        <source>上次导入</source>
        <translation>Last import</translation>
    </message>
    <message>
        <source>还没有登记上下级。本机是下级时：点“生成登记申请…”，把申请文件交给上级登记，再点“导入上级证书…”；本机是上级时：点“登记下级…”，选择下级交来的申请文件。</source>
        <translation>No parent or children enrolled yet. If this installation is the child: click “Make enrolment request…”, give the file to the unit above to enrol, then click “Import certificate from above…”. If it is the parent: click “Enrol a unit below…” and choose the request file the child brought.</translation>
    </message>
    <message>
        <source>为选中的单位写出同步包…</source>
        <translation>Write package for the selected unit…</translation>
    </message>
    <message>
        <source>导入同步包…</source>
        <translation>Import packages…</translation>
    </message>
    <message>
        <source>生成登记申请…</source>
        <translation>Make enrolment request…</translation>
    </message>
    <message>
        <source>登记下级…</source>
        <translation>Enrol a unit below…</translation>
    </message>
    <message>
        <source>导入上级证书…</source>
        <translation>Import certificate from above…</translation>
    </message>
    <message>
        <source>部门终端登记申请…</source>
        <translation>Department installation request…</translation>
    </message>
    <message>
        <source>本机是某个部门的终端：向本单位综治中心登记，只接收交办给本部门的事件</source>
        <translation>This computer is a department&apos;s installation: enrol with this unit&apos;s office; it receives only events dispatched to the department</translation>
    </message>
    <message>
        <source>同步中心（联网时经网络交换，与 U 盘交换的是同一种同步包）</source>
        <translation>Sync hub (online, the same sync packages as by USB drive)</translation>
    </message>
    <message>
        <source>同步中心地址：未设置（在“设置”中填写）</source>
        <translation>Sync hub address: not set (enter it in Settings)</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>值一</source>
        <translation>Value 1</translation>
    </message>
    <message>
        <source>值二</source>
        <translation>Value 2</translation>
    </message>
    <message>
        <source>当前值</source>
        <translation>Current value</translation>
    </message>
    <message>
        <source>采用值一</source>
        <translation>Use value 1</translation>
    </message>
    <message>
        <source>采用值二</source>
        <translation>Use value 2</translation>
    </message>
    <message>
        <source>改为其他值…</source>
        <translation>Change to another value…</translation>
    </message>
    <message>
        <source>事件办理矛盾（离线办理的步骤与同步后的时间线矛盾：保留在时间线中，未计入）</source>
        <translation>Event anomalies (offline steps that contradict the synced timeline: kept in the timeline, not counted)</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>发生了什么</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>现状</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>可以怎么办</source>
        <translation>What you can do</translation>
    </message>
    <message>
        <source>本机单位不在您的管辖范围内，同步由本机单位的工作人员进行。</source>
        <translation>this installation&apos;s unit is outside your scope; the staff of that unit sync it.</translation>
    </message>
    <message>
        <source>您的角色没有“同步”的权限，同步由本机单位的网格员、网格长、综治中心工作人员或管理员进行。</source>
        <translation>your role may not sync; syncing is done by the installation&apos;s grid workers, grid chiefs, governance centre staff or administrators.</translation>
    </message>
    <message>
        <source>您不能在本机进行同步：{reason}</source>
        <translation>You cannot sync on this installation: {reason}</translation>
    </message>
    <message>
        <source>同步中心地址：{url}</source>
        <translation>Sync hub address: {url}</translation>
    </message>
    <message>
        <source>同步中心地址：未设置（在“设置”中填写后可“立即同步”；未联网时照常用 U 盘交换）</source>
        <translation>Sync hub address: not set (enter it in Settings to sync now; offline, exchange by USB drive as usual)</translation>
    </message>
    <message>
        <source>本机：{name}（{code}），指纹 {fp}；未处理的冲突 {n} 处</source>
        <translation>This PC: {name} ({code}), fingerprint {fp}; open conflicts: {n}</translation>
    </message>
    <message>
        <source>，事件办理矛盾 {n} 处</source>
        <translation>; {n} event anomalies</translation>
    </message>
    <message>
        <source>还没有登记上级：本机的记录还不能报送。</source>
        <translation>No parent is enrolled yet: this installation&apos;s records cannot be sent up.</translation>
    </message>
    <message>
        <source>有 {n} 条记录尚未报送上级（{unit}）：请写出同步包交给上级。</source>
        <translation>{n} records have not been sent up to {unit} yet: write a sync package for it.</translation>
    </message>
    <message>
        <source>所有记录都已报送上级（{unit}）。</source>
        <translation>All records have been sent up to {unit}.</translation>
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
        <source>居民</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>上级</source>
        <translation>Above</translation>
    </message>
    <message>
        <source>下级</source>
        <translation>Below</translation>
    </message>
    <message>
        <source>部门终端</source>
        <translation>Department installation</translation>
    </message>
    <message>
        <source>{n} 条</source>
        <translation>{n} changes</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>“{v}”（{who}，{when}）</source>
        <translation>&quot;{v}&quot; ({who}, {when})</translation>
    </message>
    <message>
        <source>{who} {name} 于 {on} 离线“{action}”，未计入：{why}</source>
        <translation>{who} {name} did &quot;{action}&quot; offline on {on}, not counted: {why}</translation>
    </message>
    <message>
        <source>{status}（{holder} 持有）</source>
        <translation>{status} (held by {holder})</translation>
    </message>
    <message>
        <source>上次与同步中心同步：从未</source>
        <translation>Last sync with the hub: never</translation>
    </message>
    <message>
        <source>成功</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <source>未成功</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>上次与同步中心同步（{when}，{state}）：{message}</source>
        <translation>Last sync with the hub ({when}, {state}): {message}</translation>
    </message>
    <message>
        <source>立即同步未完成：{reason}</source>
        <translation>Sync now did not finish: {reason}</translation>
    </message>
    <message>
        <source>正在与同步中心同步……</source>
        <translation>Syncing with the hub…</translation>
    </message>
    <message>
        <source>请先在上下级列表中选择一个单位。</source>
        <translation>Select a unit in the list first.</translation>
    </message>
    <message>
        <source>选择保存同步包的文件夹（如 U 盘）</source>
        <translation>Choose the folder for the package (e.g. a USB stick)</translation>
    </message>
    <message>
        <source>正在写出同步包……</source>
        <translation>Writing the package…</translation>
    </message>
    <message>
        <source>选择要导入的同步包（可多选）</source>
        <translation>Choose packages to import (several allowed)</translation>
    </message>
    <message>
        <source>同步包 (*.gridpkg)</source>
        <translation>Sync packages (*.gridpkg)</translation>
    </message>
    <message>
        <source>正在导入同步包……</source>
        <translation>Importing packages…</translation>
    </message>
    <message>
        <source>保存登记申请文件</source>
        <translation>Save the enrolment request</translation>
    </message>
    <message>
        <source>登记申请 (*.json)</source>
        <translation>Enrolment requests (*.json)</translation>
    </message>
    <message>
        <source>已写出登记申请：{path}
本机指纹：{fp}
请把申请文件交给上级，并核对上级屏幕上显示的指纹与此一致。</source>
        <translation>Enrolment request written: {path}
This PC&apos;s fingerprint: {fp}
Take the file to the level above and check that its screen shows the same fingerprint.</translation>
    </message>
    <message>
        <source>部门终端登记申请</source>
        <translation>Department installation request</translation>
    </message>
    <message>
        <source>本机所属部门的名称（与综治中心交办时选择的部门一致）：</source>
        <translation>Name of the department this computer belongs to (as the office chooses it when dispatching):</translation>
    </message>
    <message>
        <source>已写出部门终端“{dept}”的登记申请：{path}
本机指纹：{fp}
请把申请文件交给本单位综治中心（登记下级…），并核对其屏幕上显示的指纹与此一致。</source>
        <translation>Wrote the request of department installation &quot;{dept}&quot;: {path}
Fingerprint of this computer: {fp}
Give the file to this unit&apos;s office (Enrol…) and check that the fingerprint on its screen is the same.</translation>
    </message>
    <message>
        <source>选择下级的登记申请文件</source>
        <translation>Choose the enrolment request from below</translation>
    </message>
    <message>
        <source>保存登记证书文件</source>
        <translation>Save the certificate</translation>
    </message>
    <message>
        <source>登记证书 (*.json)</source>
        <translation>Certificates (*.json)</translation>
    </message>
    <message>
        <source>已登记下级：{name}（{code}）
下级指纹：{fp}（请与下级屏幕上显示的指纹核对，不一致时不要交付证书）
证书已写出：{cert}</source>
        <translation>Enrolled: {name} ({code})
Its fingerprint: {fp} (compare it with the one on its screen; do not hand over the certificate if they differ)
Certificate written: {cert}</translation>
    </message>
    <message>
        <source>选择上级签发的登记证书</source>
        <translation>Choose the certificate from the level above</translation>
    </message>
    <message>
        <source>已接受上级证书：{name}（{code}）
上级指纹：{fp}（请与上级屏幕上显示的指纹核对）</source>
        <translation>Certificate accepted: {name} ({code})
Its fingerprint: {fp} (compare it with the one on its screen)</translation>
    </message>
    <message>
        <source>请先在冲突列表中选择一项。</source>
        <translation>Select a conflict in the list first.</translation>
    </message>
    <message>
        <source>修改冲突的字段</source>
        <translation>Edit the conflicting field</translation>
    </message>
    <message>
        <source>新的值：</source>
        <translation>New value:</translation>
    </message>
    <message>
        <source>请输入整数。</source>
        <translation>Please enter a whole number.</translation>
    </message>
    <message>
        <source>已采用“{v}”，这一修改会在下次同步时发给上下级。</source>
        <translation>&quot;{v}&quot; chosen; this edit goes to the other levels at the next sync.</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>关爱标签：{name}</source>
        <translation>Care tags: {name}</translation>
    </message>
    <message>
        <source>特殊人群：{groups}（在“特殊人群…”中登记和解除）</source>
        <translation>Special groups: {groups} (recorded and ended under “Special groups…”)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>我的任务</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <source>把今天有效的已准入按需事项派发给一个或多个网格（网格长、综治中心）</source>
        <translation>Hand out an admitted on-demand item in force today to one or several grids (grid chief, office)</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>全部（待办在前）</source>
        <translation>All (to do first)</translation>
    </message>
    <message>
        <source>未完成（待办和已逾期）</source>
        <translation>Not done (open and overdue)</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>生成本期任务</source>
        <translation>Generate this period&apos;s tasks</translation>
    </message>
    <message>
        <source>按已准入且今天有效的事项，为本单位各网格生成本期（日、周、月、季、年）任务；已有的不会重复生成</source>
        <translation>Generate this period&apos;s (day, week, month, quarter, year) tasks for every grid of this unit from the admitted items in force today; existing tasks are not generated again</translation>
    </message>
    <message>
        <source>派发任务…</source>
        <translation>Hand out task…</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>把列表中显示的任务（当前范围、状态和查找条件）导出为 Excel（.xlsx）</source>
        <translation>Export the tasks the list shows (current scope, status and search) to Excel (.xlsx)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>查找：任务名称、事项、申请部门、网格</source>
        <translation>Find: task, affair item, department, grid</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>任务只来自已准入且在有效期内的网格事务；周期性事项的任务按规则自动生成，按需事项由网格长或综治中心派发。</source>
        <translation>Tasks come only from admitted affair items in force; recurring items&apos; tasks are generated by rule, on-demand items&apos; tasks are assigned by the grid chief or the office.</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>截止日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>完成日期</source>
        <translation>Done on</translation>
    </message>
    <message>
        <source>请在左侧选择一项任务。</source>
        <translation>Select a task on the left.</translation>
    </message>
    <message>
        <source>来自网格事务</source>
        <translation>From the affair list</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>申请部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>网格员职责</source>
        <translation>Grid worker&apos;s duty</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>所需数据</source>
        <translation>Data needed</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>写明办理情况，例如 已走访 12 户，发现问题已上报</source>
        <translation>Describe what was done, e.g. visited 12 households, problems found were reported</translation>
    </message>
    <message>
        <source>标记为已完成</source>
        <translation>Mark as done</translation>
    </message>
    <message>
        <source>只有网格员、网格长和综治中心可以生成和办结任务。</source>
        <translation>Only grid workers, grid chiefs and the office can generate and complete tasks.</translation>
    </message>
    <message>
        <source>已生成 {n} 项本期任务（已有 {m} 项）。</source>
        <translation>Generated {n} tasks of this period ({m} already existed).</translation>
    </message>
    <message>
        <source>派发任务</source>
        <translation>Hand out task</translation>
    </message>
    <message>
        <source>{grid} 今天没有有效的按需事项。任务只能来自已准入并在有效期内的网格事务。</source>
        <translation>{grid} has no on-demand item in force today. Tasks can only come from admitted affair items in force.</translation>
    </message>
    <message>
        <source>已派发：{title}（{n} 个网格）</source>
        <translation>Handed out: {title} ({n} grids)</translation>
    </message>
    <message>
        <source>已派发：{title}（{n} 个网格）；当前筛选条件下的列表中没有它。</source>
        <translation>Assigned: {title} ({n} grids); the current filters leave it out of the list.</translation>
    </message>
    <message>
        <source>已办结：{title}</source>
        <translation>Done: {title}</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>{community}（全部网格）</source>
        <translation>{community} (all grids)</translation>
    </message>
    <message>
        <source>未完成 {pending} 项（待办 {open} 项，已逾期 {overdue} 项），已完成 {done} 项。</source>
        <translation>{pending} unfinished ({open} to do, {overdue} overdue), {done} done.</translation>
    </message>
    <message>
        <source>按需</source>
        <translation>On demand</translation>
    </message>
    <message>
        <source>查找“{query}”：</source>
        <translation>Search “{query}”: </translation>
    </message>
    <message>
        <source>导出任务</source>
        <translation>Export tasks</translation>
    </message>
    <message>
        <source>网格任务.xlsx</source>
        <translation>grid tasks.xlsx</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>已导出 {n} 项任务到 {out}。</source>
        <translation>Exported {n} tasks to {out}.</translation>
    </message>
    <message>
        <source>正在导出</source>
        <translation>Exporting</translation>
    </message>
    <message>
        <source>{date} {who}：{note}</source>
        <translation>{date} {who}: {note}</translation>
    </message>
    <message>
        <source>按需（{by} 派发）</source>
        <translation>On demand (assigned by {by})</translation>
    </message>
</context>
<context>
    <name>UnassignForm</name>
    <message>
        <source>人员离任：{name}</source>
        <translation>End an assignment: {name}</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>People</translation>
    </message>
    <message>
        <source>离任日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>离任</source>
        <translation>End</translation>
    </message>
</context>
<context>
    <name>UnitForm</name>
    <message>
        <source>修改单位</source>
        <translation>Edit unit</translation>
    </message>
    <message>
        <source>增设下级单位</source>
        <translation>Add a unit below</translation>
    </message>
    <message>
        <source>上级单位</source>
        <translation>Parent unit</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>本级编号，3 位数字，如 003</source>
        <translation>Own number, 3 digits, e.g. 003</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>not set</translation>
    </message>
    <message>
        <source> 户</source>
        <translation> households</translation>
    </message>
    <message>
        <source>网格一般按 {lo}–{hi} 户划分。</source>
        <translation>A grid usually covers {lo}–{hi} households.</translation>
    </message>
    <message>
        <source>网格类型</source>
        <translation>Grid type</translation>
    </message>
    <message>
        <source>应覆盖户数</source>
        <translation>Planned households</translation>
    </message>
    <message>
        <source>完整编码：{code}</source>
        <translation>Full code: {code}</translation>
    </message>
    <message>
        <source>请填写本级编号：3 位数字。</source>
        <translation>Enter the own number: 3 digits.</translation>
    </message>
    <message>
        <source>本级编号不能是 000。</source>
        <translation>The own number cannot be 000.</translation>
    </message>
    <message>
        <source>编码 {code} 已被使用（已撤销的单位也保留其编码）。</source>
        <translation>Code {code} is taken (retired units keep their codes).</translation>
    </message>
    <message>
        <source>请填写名称。</source>
        <translation>Enter a name.</translation>
    </message>
    <message>
        <source>请选择网格类型。</source>
        <translation>Choose the grid type.</translation>
    </message>
</context>
<context>
    <name>UnitsPage</name>
    <message>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>镇(街道)</source>
        <translation>Town (subdistrict)</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Community (village)</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>城市</source>
        <translation>Urban</translation>
    </message>
    <message>
        <source>农村</source>
        <translation>Rural</translation>
    </message>
    <message>
        <source>专属</source>
        <translation>Dedicated</translation>
    </message>
    <message>
        <source>专职网格员</source>
        <translation>Full-time grid worker</translation>
    </message>
    <message>
        <source>网格长（党组织书记）</source>
        <translation>Grid chief (party secretary)</translation>
    </message>
    <message>
        <source>社区民警</source>
        <translation>Community police officer</translation>
    </message>
    <message>
        <source>组织机构</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>增设下级单位…</source>
        <translation>Add unit below…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>撤销…</source>
        <translation>Retire…</translation>
    </message>
    <message>
        <source>迁移…</source>
        <translation>Move…</translation>
    </message>
    <message>
        <source>移交户和楼栋…</source>
        <translation>Move households…</translation>
    </message>
    <message>
        <source>指派人员…</source>
        <translation>Assign person…</translation>
    </message>
    <message>
        <source>人员离任…</source>
        <translation>End assignment…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>显示已撤销</source>
        <translation>Show retired</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>网格类型</source>
        <translation>Grid type</translation>
    </message>
    <message>
        <source>应覆盖户数</source>
        <translation>Planned households</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>People</translation>
    </message>
    <message>
        <source>网格一般按 {lo}–{hi} 户划分。撤销的单位保留全部记录；迁移网格会启用新编码。</source>
        <translation>A grid usually covers {lo}–{hi} households. Retired units keep all their records; a moved grid gets a new code.</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>{day} 撤销</source>
        <translation>retired {day}</translation>
    </message>
    <message>
        <source>，已迁为 {code}</source>
        <translation>, moved to {code}</translation>
    </message>
    <message>
        <source>本单位：{own}；在用网格 {grids} 个，已撤销单位 {retired} 个。</source>
        <translation>This unit: {own}; {grids} active grids, {retired} retired units.</translation>
    </message>
    <message>
        <source>已新建单位“{name}”（{code}）。</source>
        <translation>Unit “{name}” ({code}) created.</translation>
    </message>
    <message>
        <source>已将 {h} 户、{r} 名在册居民移交到网格 {to}。</source>
        <translation>Moved {h} households and {r} registered residents to grid {to}.</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>用户管理</source>
        <translation>User management</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>上次登录</source>
        <translation>Last login</translation>
    </message>
    <message>
        <source>新增用户…</source>
        <translation>Add user…</translation>
    </message>
    <message>
        <source>重置密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <source>停用/启用</source>
        <translation>Disable/enable</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>用户 {name} 的新密码：</source>
        <translation>New password for {name}:</translation>
    </message>
    <message>
        <source>已重置 {name} 的密码。</source>
        <translation>The password of {name} was reset.</translation>
    </message>
    <message>
        <source>数据库密钥已更换：旧密码和旧密钥文件只能打开更换前的备份，请妥善处置这些备份。</source>
        <translation>The database key has changed: old passwords and old key files open only the backups made before the change; keep those backups safe or delete them.</translation>
    </message>
    <message>
        <source>以下用户自升级后尚未登录过，请为其重置密码：{names}</source>
        <translation>These users have not signed in since the upgrade; reset their passwords: {names}</translation>
    </message>
    <message>
        <source>更换密钥</source>
        <translation>Key changed</translation>
    </message>
    <message>
        <source>已启用 {name}。停用时其密码已失效，请为其重置密码后再登录。</source>
        <translation>{name} is enabled. Disabling voided the password; reset it before {name} can log in.</translation>
    </message>
</context>
<context>
    <name>ValidatedDialog</name>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>登记入户走访</source>
        <translation>Record a household visit</translation>
    </message>
    <message>
        <source>输入地址或户主姓名查找，例如 幸福街 或 张</source>
        <translation>Type part of the address or the head&apos;s name, e.g. 幸福街 or 张</translation>
    </message>
    <message>
        <source>查找户</source>
        <translation>Find household</translation>
    </message>
    <message>
        <source>（尚未选择户）</source>
        <translation>(no household chosen)</translation>
    </message>
    <message>
        <source>户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>在户人数</source>
        <translation>People present</translation>
    </message>
    <message>
        <source>走访内容，例如 了解家庭情况、宣传防范电信诈骗</source>
        <translation>What the visit was about, e.g. family situation, fraud prevention</translation>
    </message>
    <message>
        <source>走访内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>居民反映的问题或诉求（可不填）</source>
        <translation>Problems or requests raised by the residents (optional)</translation>
    </message>
    <message>
        <source>问题/诉求</source>
        <translation>Problems/requests</translation>
    </message>
    <message>
        <source>处理情况（可不填）</source>
        <translation>How they were handled (optional)</translation>
    </message>
    <message>
        <source>处理情况</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>{address}&#x3000;户主：{head}&#x3000;（{grid}）</source>
        <translation>{address}  head: {head}  ({grid})</translation>
    </message>
    <message>
        <source>没有找到符合的户。</source>
        <translation>No matching household.</translation>
    </message>
    <message>
        <source>更正走访记录</source>
        <translation>Correct a visit record</translation>
    </message>
    <message>
        <source>请先查找并选择要登记的户。</source>
        <translation>Find and choose the household first.</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>民警走访</source>
        <translation>Police visits</translation>
    </message>
    <message>
        <source>统计期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>登记走访</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <source>入户走访台账</source>
        <translation>household visit ledger</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>走访规则：低保、特困、空巢和独居老人、流动人口及其他按月走访情形每月一次，其他户每半年一次。</source>
        <translation>Visiting rule: households with low-income or extreme-poverty support, empty-nest or lone elderly, migrants, or another reason for monthly visits: monthly; other households every six months.</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>已走访</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>未走访</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <source>走访率</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>对照目标 100%</source>
        <translation>Against the 100% target</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>周期</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>上次走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>双击一户即可登记对它的走访</source>
        <translation>Double-click a household to record a visit to it</translation>
    </message>
    <message>
        <source>待走访</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <source>更正所选记录</source>
        <translation>Correct selected record</translation>
    </message>
    <message>
        <source>删除所选记录</source>
        <translation>Delete selected record</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>在户人数</source>
        <translation>People present</translation>
    </message>
    <message>
        <source>走访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>问题/诉求</source>
        <translation>Problems/requests</translation>
    </message>
    <message>
        <source>处理情况</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>走访台账</source>
        <translation>Visit ledger</translation>
    </message>
    <message>
        <source>本年（{y}年）</source>
        <translation>This year ({y})</translation>
    </message>
    <message>
        <source>本半年（{y}年{h}）</source>
        <translation>This half-year ({y} {h})</translation>
    </message>
    <message>
        <source>上半年</source>
        <translation>first half</translation>
    </message>
    <message>
        <source>下半年</source>
        <translation>second half</translation>
    </message>
    <message>
        <source>本月（{y}年{m}月）</source>
        <translation>This month ({y}-{m})</translation>
    </message>
    <message>
        <source>上月（{y}年{m}月）</source>
        <translation>Last month ({y}-{m})</translation>
    </message>
    <message>
        <source>上一年（{y}年）</source>
        <translation>Last year ({y})</translation>
    </message>
    <message>
        <source>只有社区民警和综治中心可以登记走访；网格员可以查看。</source>
        <translation>Only community police and governance centre staff record visits; grid workers can view them.</translation>
    </message>
    <message>
        <source>{name}：{start} 至 {end} 走访率 {rate}（已走访 {visited} / {households} 户），目标 100%</source>
        <translation>{name}: {start} to {end} coverage {rate} ({visited} / {households} households visited), target 100%</translation>
    </message>
    <message>
        <source>{name}（合计）</source>
        <translation>{name} (total)</translation>
    </message>
    <message>
        <source>达标</source>
        <translation>Target met</translation>
    </message>
    <message>
        <source>无在册户</source>
        <translation>No households</translation>
    </message>
    <message>
        <source>差 {n} 户</source>
        <translation>{n} short</translation>
    </message>
    <message>
        <source>今天应走访 {n} 户（逾期最久的在前）</source>
        <translation>{n} households due today (most overdue first)</translation>
    </message>
    <message>
        <source>从未走访</source>
        <translation>Never visited</translation>
    </message>
    <message>
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>每月</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <source>每半年</source>
        <translation>Every six months</translation>
    </message>
    <message>
        <source>已登记走访记录。</source>
        <translation>Visit recorded.</translation>
    </message>
    <message>
        <source>已登记走访记录；当前网格或日期范围的台账中没有它。</source>
        <translation>Visit recorded; the ledger&apos;s grid or dates leave it out.</translation>
    </message>
    <message>
        <source>删除走访记录</source>
        <translation>Delete visit record</translation>
    </message>
    <message>
        <source>删除 {date} 对“{address}”的走访记录？记录会标记为已删除，并随同步告知上级。</source>
        <translation>Delete the visit to “{address}” on {date}? The record is marked as deleted, and the deletion is passed up with the next sync.</translation>
    </message>
</context>
<context>
    <name>WorklogCommentForm</name>
    <message>
        <source>批注：{day} {worker}</source>
        <translation>Comment: {day} {worker}</translation>
    </message>
    <message>
        <source>批注</source>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>WorklogForm</name>
    <message>
        <source>写民情日志</source>
        <translation>Write work log</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>今天走访了哪些户、听到什么民情、办了什么事；只写姓名，不写身份证号</source>
        <translation>Households visited, what residents said, what was done today; names only, no ID numbers</translation>
    </message>
    <message>
        <source>日志内容</source>
        <translation>Log</translation>
    </message>
</context>
<context>
    <name>WorklogPage</name>
    <message>
        <source>民情日志</source>
        <translation>Work log</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>写民情日志</source>
        <translation>Write work log</translation>
    </message>
    <message>
        <source>批注</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>日志内容</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>共 {n} 篇</source>
        <translation>{n} logs</translation>
    </message>
    <message>
        <source>登记巡查走访</source>
        <translation>Record patrol</translation>
    </message>
    <message>
        <source>上报事件</source>
        <translation>Report event</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>走访户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>走访情况</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>发现问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>已上报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>共 {n} 次</source>
        <translation>{n} patrols</translation>
    </message>
    <message>
        <source>巡查走访</source>
        <translation>Patrols</translation>
    </message>
    <message>
        <source>选择左侧一篇日志查看全文和批注。</source>
        <translation>Select a log on the left to read it with its comments.</translation>
    </message>
    <message>
        <source>批注（{n} 条）</source>
        <translation>Comments ({n})</translation>
    </message>
    <message>
        <source>暂无批注</source>
        <translation>No comments yet</translation>
    </message>
    <message>
        <source>选择左侧一次走访查看详情。</source>
        <translation>Select a patrol on the left to see its details.</translation>
    </message>
    <message>
        <source>未上报</source>
        <translation>Not reported</translation>
    </message>
    <message>
        <source>已保存民情日志。</source>
        <translation>Work log saved.</translation>
    </message>
    <message>
        <source>已登记巡查走访。</source>
        <translation>Patrol recorded.</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>化解组织</source>
        <translation>Resolving body</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Person responsible</translation>
    </message>
    <message>
        <source>联系方式</source>
        <translation>Contact</translation>
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
    <name>codes</name>
    <message>
        <source>未知的性别</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>未说明的性别</source>
        <translation>Not stated</translation>
    </message>
    <message>
        <source>汉族</source>
        <translation>Han</translation>
    </message>
    <message>
        <source>蒙古族</source>
        <translation>Mongol</translation>
    </message>
    <message>
        <source>回族</source>
        <translation>Hui</translation>
    </message>
    <message>
        <source>藏族</source>
        <translation>Tibetan</translation>
    </message>
    <message>
        <source>维吾尔族</source>
        <translation>Uyghur</translation>
    </message>
    <message>
        <source>苗族</source>
        <translation>Miao</translation>
    </message>
    <message>
        <source>彝族</source>
        <translation>Yi</translation>
    </message>
    <message>
        <source>壮族</source>
        <translation>Zhuang</translation>
    </message>
    <message>
        <source>布依族</source>
        <translation>Bouyei</translation>
    </message>
    <message>
        <source>朝鲜族</source>
        <translation>Korean</translation>
    </message>
    <message>
        <source>满族</source>
        <translation>Manchu</translation>
    </message>
    <message>
        <source>侗族</source>
        <translation>Dong</translation>
    </message>
    <message>
        <source>瑶族</source>
        <translation>Yao</translation>
    </message>
    <message>
        <source>白族</source>
        <translation>Bai</translation>
    </message>
    <message>
        <source>土家族</source>
        <translation>Tujia</translation>
    </message>
    <message>
        <source>哈尼族</source>
        <translation>Hani</translation>
    </message>
    <message>
        <source>哈萨克族</source>
        <translation>Kazakh</translation>
    </message>
    <message>
        <source>傣族</source>
        <translation>Dai</translation>
    </message>
    <message>
        <source>黎族</source>
        <translation>Li</translation>
    </message>
    <message>
        <source>傈僳族</source>
        <translation>Lisu</translation>
    </message>
    <message>
        <source>佤族</source>
        <translation>Va</translation>
    </message>
    <message>
        <source>畲族</source>
        <translation>She</translation>
    </message>
    <message>
        <source>高山族</source>
        <translation>Gaoshan</translation>
    </message>
    <message>
        <source>拉祜族</source>
        <translation>Lahu</translation>
    </message>
    <message>
        <source>水族</source>
        <translation>Sui</translation>
    </message>
    <message>
        <source>东乡族</source>
        <translation>Dongxiang</translation>
    </message>
    <message>
        <source>纳西族</source>
        <translation>Nakhi</translation>
    </message>
    <message>
        <source>景颇族</source>
        <translation>Jingpo</translation>
    </message>
    <message>
        <source>柯尔克孜族</source>
        <translation>Kyrgyz</translation>
    </message>
    <message>
        <source>土族</source>
        <translation>Monguor</translation>
    </message>
    <message>
        <source>达斡尔族</source>
        <translation>Daur</translation>
    </message>
    <message>
        <source>仫佬族</source>
        <translation>Mulao</translation>
    </message>
    <message>
        <source>羌族</source>
        <translation>Qiang</translation>
    </message>
    <message>
        <source>布朗族</source>
        <translation>Blang</translation>
    </message>
    <message>
        <source>撒拉族</source>
        <translation>Salar</translation>
    </message>
    <message>
        <source>毛南族</source>
        <translation>Maonan</translation>
    </message>
    <message>
        <source>仡佬族</source>
        <translation>Gelao</translation>
    </message>
    <message>
        <source>锡伯族</source>
        <translation>Xibe</translation>
    </message>
    <message>
        <source>阿昌族</source>
        <translation>Achang</translation>
    </message>
    <message>
        <source>普米族</source>
        <translation>Pumi</translation>
    </message>
    <message>
        <source>塔吉克族</source>
        <translation>Tajik</translation>
    </message>
    <message>
        <source>怒族</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>乌孜别克族</source>
        <translation>Uzbek</translation>
    </message>
    <message>
        <source>俄罗斯族</source>
        <translation>Russian</translation>
    </message>
    <message>
        <source>鄂温克族</source>
        <translation>Evenki</translation>
    </message>
    <message>
        <source>德昂族</source>
        <translation>De&apos;ang</translation>
    </message>
    <message>
        <source>保安族</source>
        <translation>Bonan</translation>
    </message>
    <message>
        <source>裕固族</source>
        <translation>Yugur</translation>
    </message>
    <message>
        <source>京族</source>
        <translation>Gin</translation>
    </message>
    <message>
        <source>塔塔尔族</source>
        <translation>Tatar</translation>
    </message>
    <message>
        <source>独龙族</source>
        <translation>Derung</translation>
    </message>
    <message>
        <source>鄂伦春族</source>
        <translation>Oroqen</translation>
    </message>
    <message>
        <source>赫哲族</source>
        <translation>Hezhen</translation>
    </message>
    <message>
        <source>门巴族</source>
        <translation>Monpa</translation>
    </message>
    <message>
        <source>珞巴族</source>
        <translation>Lhoba</translation>
    </message>
    <message>
        <source>基诺族</source>
        <translation>Jino</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>外国血统中国籍人士</source>
        <translation>Chinese citizen of foreign origin</translation>
    </message>
    <message>
        <source>本人</source>
        <translation>Self</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>夫</source>
        <translation>Husband</translation>
    </message>
    <message>
        <source>妻</source>
        <translation>Wife</translation>
    </message>
    <message>
        <source>子</source>
        <translation>Son</translation>
    </message>
    <message>
        <source>独生子</source>
        <translation>Only son</translation>
    </message>
    <message>
        <source>长子</source>
        <translation>Eldest son</translation>
    </message>
    <message>
        <source>次子</source>
        <translation>Second son</translation>
    </message>
    <message>
        <source>三子</source>
        <translation>Third son</translation>
    </message>
    <message>
        <source>四子</source>
        <translation>Fourth son</translation>
    </message>
    <message>
        <source>五子</source>
        <translation>Fifth son</translation>
    </message>
    <message>
        <source>养子或继子</source>
        <translation>Adopted son or stepson</translation>
    </message>
    <message>
        <source>女婿</source>
        <translation>Son-in-law</translation>
    </message>
    <message>
        <source>其他儿子</source>
        <translation>Other son</translation>
    </message>
    <message>
        <source>独生女</source>
        <translation>Only daughter</translation>
    </message>
    <message>
        <source>长女</source>
        <translation>Eldest daughter</translation>
    </message>
    <message>
        <source>次女</source>
        <translation>Second daughter</translation>
    </message>
    <message>
        <source>三女</source>
        <translation>Third daughter</translation>
    </message>
    <message>
        <source>四女</source>
        <translation>Fourth daughter</translation>
    </message>
    <message>
        <source>五女</source>
        <translation>Fifth daughter</translation>
    </message>
    <message>
        <source>养女或继女</source>
        <translation>Adopted daughter or stepdaughter</translation>
    </message>
    <message>
        <source>儿媳</source>
        <translation>Daughter-in-law</translation>
    </message>
    <message>
        <source>其他女儿</source>
        <translation>Other daughter</translation>
    </message>
    <message>
        <source>孙子、孙女或外孙子、外孙女</source>
        <translation>Grandchild</translation>
    </message>
    <message>
        <source>孙子</source>
        <translation>Grandson (son&apos;s son)</translation>
    </message>
    <message>
        <source>孙女</source>
        <translation>Granddaughter (son&apos;s daughter)</translation>
    </message>
    <message>
        <source>外孙子</source>
        <translation>Grandson (daughter&apos;s son)</translation>
    </message>
    <message>
        <source>外孙女</source>
        <translation>Granddaughter (daughter&apos;s daughter)</translation>
    </message>
    <message>
        <source>孙媳妇或外孙媳妇</source>
        <translation>Grandson&apos;s wife</translation>
    </message>
    <message>
        <source>孙女婿或外孙女婿</source>
        <translation>Granddaughter&apos;s husband</translation>
    </message>
    <message>
        <source>曾孙子或外曾孙子</source>
        <translation>Great-grandson</translation>
    </message>
    <message>
        <source>曾孙女或外曾孙女</source>
        <translation>Great-granddaughter</translation>
    </message>
    <message>
        <source>其他孙子、孙女或外孙子、外孙女</source>
        <translation>Other grandchild</translation>
    </message>
    <message>
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>父亲</source>
        <translation>Father</translation>
    </message>
    <message>
        <source>母亲</source>
        <translation>Mother</translation>
    </message>
    <message>
        <source>公公</source>
        <translation>Father-in-law (husband&apos;s father)</translation>
    </message>
    <message>
        <source>婆婆</source>
        <translation>Mother-in-law (husband&apos;s mother)</translation>
    </message>
    <message>
        <source>岳父</source>
        <translation>Father-in-law (wife&apos;s father)</translation>
    </message>
    <message>
        <source>岳母</source>
        <translation>Mother-in-law (wife&apos;s mother)</translation>
    </message>
    <message>
        <source>继父或养父</source>
        <translation>Stepfather or adoptive father</translation>
    </message>
    <message>
        <source>继母或养母</source>
        <translation>Stepmother or adoptive mother</translation>
    </message>
    <message>
        <source>其他父母关系</source>
        <translation>Other parent</translation>
    </message>
    <message>
        <source>祖父母或外祖父母</source>
        <translation>Grandparent</translation>
    </message>
    <message>
        <source>祖父</source>
        <translation>Grandfather (father&apos;s side)</translation>
    </message>
    <message>
        <source>祖母</source>
        <translation>Grandmother (father&apos;s side)</translation>
    </message>
    <message>
        <source>外祖父</source>
        <translation>Grandfather (mother&apos;s side)</translation>
    </message>
    <message>
        <source>外祖母</source>
        <translation>Grandmother (mother&apos;s side)</translation>
    </message>
    <message>
        <source>配偶的祖父母或外祖父母</source>
        <translation>Spouse&apos;s grandparent</translation>
    </message>
    <message>
        <source>曾祖父</source>
        <translation>Great-grandfather</translation>
    </message>
    <message>
        <source>曾祖母</source>
        <translation>Great-grandmother</translation>
    </message>
    <message>
        <source>配偶的曾祖父母或外曾祖父母</source>
        <translation>Spouse&apos;s great-grandparent</translation>
    </message>
    <message>
        <source>其他祖父母或外祖父母关系</source>
        <translation>Other grandparent</translation>
    </message>
    <message>
        <source>兄弟姐妹</source>
        <translation>Sibling</translation>
    </message>
    <message>
        <source>兄</source>
        <translation>Elder brother</translation>
    </message>
    <message>
        <source>嫂</source>
        <translation>Elder brother&apos;s wife</translation>
    </message>
    <message>
        <source>弟</source>
        <translation>Younger brother</translation>
    </message>
    <message>
        <source>弟媳</source>
        <translation>Younger brother&apos;s wife</translation>
    </message>
    <message>
        <source>姐姐</source>
        <translation>Elder sister</translation>
    </message>
    <message>
        <source>姐夫</source>
        <translation>Elder sister&apos;s husband</translation>
    </message>
    <message>
        <source>妹妹</source>
        <translation>Younger sister</translation>
    </message>
    <message>
        <source>妹夫</source>
        <translation>Younger sister&apos;s husband</translation>
    </message>
    <message>
        <source>其他兄弟姐妹</source>
        <translation>Other sibling</translation>
    </message>
    <message>
        <source>伯父</source>
        <translation>Uncle (father&apos;s elder brother)</translation>
    </message>
    <message>
        <source>伯母</source>
        <translation>Aunt (wife of father&apos;s elder brother)</translation>
    </message>
    <message>
        <source>叔父</source>
        <translation>Uncle (father&apos;s younger brother)</translation>
    </message>
    <message>
        <source>婶母</source>
        <translation>Aunt (wife of father&apos;s younger brother)</translation>
    </message>
    <message>
        <source>舅父</source>
        <translation>Uncle (mother&apos;s brother)</translation>
    </message>
    <message>
        <source>舅母</source>
        <translation>Aunt (wife of mother&apos;s brother)</translation>
    </message>
    <message>
        <source>姨父</source>
        <translation>Uncle (husband of mother&apos;s sister)</translation>
    </message>
    <message>
        <source>姨母</source>
        <translation>Aunt (mother&apos;s sister)</translation>
    </message>
    <message>
        <source>姑父</source>
        <translation>Uncle (husband of father&apos;s sister)</translation>
    </message>
    <message>
        <source>姑母</source>
        <translation>Aunt (father&apos;s sister)</translation>
    </message>
    <message>
        <source>堂兄弟、堂姐妹</source>
        <translation>Cousin (father&apos;s brother&apos;s child)</translation>
    </message>
    <message>
        <source>表兄弟、表姐妹</source>
        <translation>Cousin</translation>
    </message>
    <message>
        <source>侄子</source>
        <translation>Nephew (brother&apos;s son)</translation>
    </message>
    <message>
        <source>侄女</source>
        <translation>Niece (brother&apos;s daughter)</translation>
    </message>
    <message>
        <source>外甥</source>
        <translation>Nephew (sister&apos;s son)</translation>
    </message>
    <message>
        <source>外甥女</source>
        <translation>Niece (sister&apos;s daughter)</translation>
    </message>
    <message>
        <source>其他亲属</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <source>非亲属</source>
        <translation>Not related</translation>
    </message>
    <message>
        <source>未婚</source>
        <translation>Single</translation>
    </message>
    <message>
        <source>已婚</source>
        <translation>Married</translation>
    </message>
    <message>
        <source>初婚</source>
        <translation>First marriage</translation>
    </message>
    <message>
        <source>再婚</source>
        <translation>Remarried</translation>
    </message>
    <message>
        <source>复婚</source>
        <translation>Remarried to former spouse</translation>
    </message>
    <message>
        <source>丧偶</source>
        <translation>Widowed</translation>
    </message>
    <message>
        <source>离婚</source>
        <translation>Divorced</translation>
    </message>
    <message>
        <source>未说明</source>
        <translation>Not stated</translation>
    </message>
    <message>
        <source>中共党员</source>
        <translation>CPC member</translation>
    </message>
    <message>
        <source>中共预备党员</source>
        <translation>CPC probationary member</translation>
    </message>
    <message>
        <source>共青团员</source>
        <translation>Communist Youth League member</translation>
    </message>
    <message>
        <source>民革党员</source>
        <translation>RCCK member</translation>
    </message>
    <message>
        <source>民盟盟员</source>
        <translation>China Democratic League member</translation>
    </message>
    <message>
        <source>民建会员</source>
        <translation>China National Democratic Construction Association member</translation>
    </message>
    <message>
        <source>民进会员</source>
        <translation>China Association for Promoting Democracy member</translation>
    </message>
    <message>
        <source>农工党党员</source>
        <translation>Chinese Peasants&apos; and Workers&apos; Democratic Party member</translation>
    </message>
    <message>
        <source>致公党党员</source>
        <translation>China Zhi Gong Party member</translation>
    </message>
    <message>
        <source>九三学社社员</source>
        <translation>Jiusan Society member</translation>
    </message>
    <message>
        <source>台盟盟员</source>
        <translation>Taiwan Democratic Self-Government League member</translation>
    </message>
    <message>
        <source>无党派人士</source>
        <translation>Non-party</translation>
    </message>
    <message>
        <source>群众</source>
        <translation>Ordinary citizen</translation>
    </message>
    <message>
        <source>研究生</source>
        <translation>Postgraduate</translation>
    </message>
    <message>
        <source>大学本科</source>
        <translation>Bachelor&apos;s degree</translation>
    </message>
    <message>
        <source>大学专科</source>
        <translation>Junior college</translation>
    </message>
    <message>
        <source>中等专业学校</source>
        <translation>Secondary vocational school</translation>
    </message>
    <message>
        <source>普通高中</source>
        <translation>Senior high school</translation>
    </message>
    <message>
        <source>初中</source>
        <translation>Junior high school</translation>
    </message>
    <message>
        <source>小学</source>
        <translation>Primary school</translation>
    </message>
    <message>
        <source>户籍人口</source>
        <translation>Registered resident</translation>
    </message>
    <message>
        <source>流动人口</source>
        <translation>Migrant</translation>
    </message>
    <message>
        <source>寄住人口</source>
        <translation>Lodger</translation>
    </message>
    <message>
        <source>境外人员</source>
        <translation>Foreign national</translation>
    </message>
    <message>
        <source>在册</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>迁出</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <source>登记党员</source>
        <translation>Member registered</translation>
    </message>
    <message>
        <source>党员信息变更</source>
        <translation>Member details changed</translation>
    </message>
    <message>
        <source>组织关系转出</source>
        <translation>Transferred out</translation>
    </message>
    <message>
        <source>党员登记撤销</source>
        <translation>Membership ended</translation>
    </message>
    <message>
        <source>死亡</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>设立中心户</source>
        <translation>Centre set up</translation>
    </message>
    <message>
        <source>（无权查看）</source>
        <translation>(not permitted to view)</translation>
    </message>
    <message>
        <source>党工委</source>
        <translation>Party working committee</translation>
    </message>
    <message>
        <source>党委</source>
        <translation>Party committee</translation>
    </message>
    <message>
        <source>党总支</source>
        <translation>General party branch</translation>
    </message>
    <message>
        <source>党支部</source>
        <translation>Party branch</translation>
    </message>
    <message>
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <source>撤销中心户</source>
        <translation>Centre revoked</translation>
    </message>
    <message>
        <source>纳入联系户</source>
        <translation>Household linked</translation>
    </message>
    <message>
        <source>移出联系户</source>
        <translation>Household unlinked</translation>
    </message>
    <message>
        <source>住宅楼</source>
        <translation>Residential building</translation>
    </message>
    <message>
        <source>平房院落</source>
        <translation>Courtyard houses</translation>
    </message>
    <message>
        <source>商住楼</source>
        <translation>Mixed-use building</translation>
    </message>
    <message>
        <source>人户一致</source>
        <translation>Lives at registered address</translation>
    </message>
    <message>
        <source>人户不一致</source>
        <translation>Lives elsewhere</translation>
    </message>
    <message>
        <source>务工</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>务农</source>
        <translation>Farming</translation>
    </message>
    <message>
        <source>经商</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>学习培训</source>
        <translation>Study or training</translation>
    </message>
    <message>
        <source>婚嫁</source>
        <translation>Marriage</translation>
    </message>
    <message>
        <source>随迁</source>
        <translation>Accompanying family</translation>
    </message>
    <message>
        <source>治病疗养</source>
        <translation>Medical treatment</translation>
    </message>
    <message>
        <source>投亲靠友</source>
        <translation>Staying with relatives or friends</translation>
    </message>
    <message>
        <source>工作调动</source>
        <translation>Job transfer</translation>
    </message>
    <message>
        <source>居住证</source>
        <translation>Residence permit</translation>
    </message>
    <message>
        <source>暂住证</source>
        <translation>Temporary residence permit</translation>
    </message>
    <message>
        <source>自购房</source>
        <translation>Own home</translation>
    </message>
    <message>
        <source>租赁房</source>
        <translation>Rented home</translation>
    </message>
    <message>
        <source>寄宿</source>
        <translation>Boarding</translation>
    </message>
    <message>
        <source>借住</source>
        <translation>Staying with others</translation>
    </message>
    <message>
        <source>单位宿舍</source>
        <translation>Employer dormitory</translation>
    </message>
    <message>
        <source>临时宿舍</source>
        <translation>Temporary dormitory</translation>
    </message>
    <message>
        <source>农民工公寓</source>
        <translation>Migrant workers&apos; apartment</translation>
    </message>
    <message>
        <source>韩国</source>
        <translation>South Korea</translation>
    </message>
    <message>
        <source>日本</source>
        <translation>Japan</translation>
    </message>
    <message>
        <source>美国</source>
        <translation>United States</translation>
    </message>
    <message>
        <source>俄罗斯</source>
        <translation>Russia</translation>
    </message>
    <message>
        <source>德国</source>
        <translation>Germany</translation>
    </message>
    <message>
        <source>法国</source>
        <translation>France</translation>
    </message>
    <message>
        <source>英国</source>
        <translation>United Kingdom</translation>
    </message>
    <message>
        <source>加拿大</source>
        <translation>Canada</translation>
    </message>
    <message>
        <source>澳大利亚</source>
        <translation>Australia</translation>
    </message>
    <message>
        <source>新西兰</source>
        <translation>New Zealand</translation>
    </message>
    <message>
        <source>新加坡</source>
        <translation>Singapore</translation>
    </message>
    <message>
        <source>马来西亚</source>
        <translation>Malaysia</translation>
    </message>
    <message>
        <source>泰国</source>
        <translation>Thailand</translation>
    </message>
    <message>
        <source>越南</source>
        <translation>Vietnam</translation>
    </message>
    <message>
        <source>菲律宾</source>
        <translation>Philippines</translation>
    </message>
    <message>
        <source>印度尼西亚</source>
        <translation>Indonesia</translation>
    </message>
    <message>
        <source>印度</source>
        <translation>India</translation>
    </message>
    <message>
        <source>巴基斯坦</source>
        <translation>Pakistan</translation>
    </message>
    <message>
        <source>蒙古</source>
        <translation>Mongolia</translation>
    </message>
    <message>
        <source>哈萨克斯坦</source>
        <translation>Kazakhstan</translation>
    </message>
    <message>
        <source>意大利</source>
        <translation>Italy</translation>
    </message>
    <message>
        <source>西班牙</source>
        <translation>Spain</translation>
    </message>
    <message>
        <source>荷兰</source>
        <translation>Netherlands</translation>
    </message>
    <message>
        <source>巴西</source>
        <translation>Brazil</translation>
    </message>
    <message>
        <source>南非</source>
        <translation>South Africa</translation>
    </message>
    <message>
        <source>埃及</source>
        <translation>Egypt</translation>
    </message>
    <message>
        <source>尼日利亚</source>
        <translation>Nigeria</translation>
    </message>
    <message>
        <source>乌克兰</source>
        <translation>Ukraine</translation>
    </message>
    <message>
        <source>缅甸</source>
        <translation>Myanmar</translation>
    </message>
    <message>
        <source>老挝</source>
        <translation>Laos</translation>
    </message>
    <message>
        <source>朝鲜</source>
        <translation>North Korea</translation>
    </message>
    <message>
        <source>普通护照</source>
        <translation>Ordinary passport</translation>
    </message>
    <message>
        <source>外交护照</source>
        <translation>Diplomatic passport</translation>
    </message>
    <message>
        <source>公务护照</source>
        <translation>Service passport</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <source>港澳居民来往内地通行证</source>
        <translation>Mainland travel permit for Hong Kong and Macao residents</translation>
    </message>
    <message>
        <source>台湾居民来往大陆通行证</source>
        <translation>Mainland travel permit for Taiwan residents</translation>
    </message>
    <message>
        <source>其他证件</source>
        <translation>Other document</translation>
    </message>
    <message>
        <source>工作</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>学习</source>
        <translation>Study</translation>
    </message>
    <message>
        <source>探亲</source>
        <translation>Family visit</translation>
    </message>
    <message>
        <source>旅游</source>
        <translation>Tourism</translation>
    </message>
    <message>
        <source>商务</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>定居</source>
        <translation>Settlement</translation>
    </message>
    <message>
        <source>管制</source>
        <translation>Public surveillance</translation>
    </message>
    <message>
        <source>缓刑</source>
        <translation>Probation</translation>
    </message>
    <message>
        <source>假释</source>
        <translation>Parole</translation>
    </message>
    <message>
        <source>暂予监外执行</source>
        <translation>Temporary service outside prison</translation>
    </message>
    <message>
        <source>剥夺政治权利</source>
        <translation>Deprived of political rights</translation>
    </message>
    <message>
        <source>在控</source>
        <translation>Under control</translation>
    </message>
    <message>
        <source>失控</source>
        <translation>Out of contact</translation>
    </message>
    <message>
        <source>出国（境）</source>
        <translation>Abroad</translation>
    </message>
    <message>
        <source>服刑</source>
        <translation>Serving a sentence</translation>
    </message>
    <message>
        <source>闲散青少年</source>
        <translation>Idle youth</translation>
    </message>
    <message>
        <source>有不良行为青少年</source>
        <translation>Youth with misconduct</translation>
    </message>
    <message>
        <source>流浪乞讨青少年</source>
        <translation>Homeless or begging youth</translation>
    </message>
    <message>
        <source>服刑人员未成年子女</source>
        <translation>Minor child of a prisoner</translation>
    </message>
    <message>
        <source>农村留守儿童</source>
        <translation>Rural left-behind child</translation>
    </message>
    <message>
        <source>留守老人</source>
        <translation>Left-behind elderly</translation>
    </message>
    <message>
        <source>留守妇女</source>
        <translation>Left-behind woman</translation>
    </message>
    <message>
        <source>留守儿童</source>
        <translation>Left-behind child</translation>
    </message>
    <message>
        <source>0级</source>
        <translation>Level 0</translation>
    </message>
    <message>
        <source>1级</source>
        <translation>Level 1</translation>
    </message>
    <message>
        <source>2级</source>
        <translation>Level 2</translation>
    </message>
    <message>
        <source>3级</source>
        <translation>Level 3</translation>
    </message>
    <message>
        <source>4级</source>
        <translation>Level 4</translation>
    </message>
    <message>
        <source>5级</source>
        <translation>Level 5</translation>
    </message>
    <message>
        <source>每日</source>
        <translation>Daily</translation>
    </message>
    <message>
        <source>每周</source>
        <translation>Weekly</translation>
    </message>
    <message>
        <source>每月</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <source>每季度</source>
        <translation>Quarterly</translation>
    </message>
    <message>
        <source>每年</source>
        <translation>Yearly</translation>
    </message>
    <message>
        <source>按需</source>
        <translation>On demand</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <source>已驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>公示中</source>
        <translation>In publicity</translation>
    </message>
    <message>
        <source>已准入</source>
        <translation>Admitted</translation>
    </message>
    <message>
        <source>已调整</source>
        <translation>Adjusted</translation>
    </message>
    <message>
        <source>已退出</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>个体性</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>一般群体性</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>重大群体性</source>
        <translation>Major group</translation>
    </message>
    <message>
        <source>婚恋家庭</source>
        <translation>Marriage and family</translation>
    </message>
    <message>
        <source>邻里</source>
        <translation>Neighbours</translation>
    </message>
    <message>
        <source>人格权</source>
        <translation>Personality rights</translation>
    </message>
    <message>
        <source>物权</source>
        <translation>Property rights</translation>
    </message>
    <message>
        <source>侵权</source>
        <translation>Tort</translation>
    </message>
    <message>
        <source>合同</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>劳动人事</source>
        <translation>Labour and employment</translation>
    </message>
    <message>
        <source>金融借贷</source>
        <translation>Loans and finance</translation>
    </message>
    <message>
        <source>土地及资源权属</source>
        <translation>Land and resource rights</translation>
    </message>
    <message>
        <source>其他民商事</source>
        <translation>Other civil or commercial</translation>
    </message>
    <message>
        <source>城乡建设发展</source>
        <translation>Urban and rural development</translation>
    </message>
    <message>
        <source>涉民政</source>
        <translation>Civil affairs</translation>
    </message>
    <message>
        <source>其他行政执法</source>
        <translation>Other administrative enforcement</translation>
    </message>
    <message>
        <source>涉法涉诉</source>
        <translation>Litigation-related</translation>
    </message>
    <message>
        <source>涉组织涉纪检</source>
        <translation>Party organisation or discipline</translation>
    </message>
    <message>
        <source>涉民族宗教</source>
        <translation>Ethnic or religious affairs</translation>
    </message>
    <message>
        <source>已登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>调解中</source>
        <translation>Mediating</translation>
    </message>
    <message>
        <source>已化解</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>未化解（已上报）</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>小公约</source>
        <translation>Convention</translation>
    </message>
    <message>
        <source>小民主</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>小服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>小调解</source>
        <translation>Mediation</translation>
    </message>
    <message>
        <source>小平安</source>
        <translation>Safety</translation>
    </message>
    <message>
        <source>小乡贤</source>
        <translation>Worthy</translation>
    </message>
    <message>
        <source>小名人</source>
        <translation>Notable</translation>
    </message>
    <message>
        <source>小家训</source>
        <translation>Family motto</translation>
    </message>
    <message>
        <source>村(居)民会议</source>
        <translation>Residents&apos; meeting</translation>
    </message>
    <message>
        <source>村(居)民代表会议</source>
        <translation>Residents&apos; representatives&apos; meeting</translation>
    </message>
    <message>
        <source>议事会</source>
        <translation>Deliberation council</translation>
    </message>
    <message>
        <source>理事会</source>
        <translation>Council</translation>
    </message>
    <message>
        <source>志愿服务</source>
        <translation>Volunteering</translation>
    </message>
    <message>
        <source>便民服务</source>
        <translation>Convenience service</translation>
    </message>
    <message>
        <source>助老助残</source>
        <translation>Help for the elderly and disabled</translation>
    </message>
    <message>
        <source>关爱儿童</source>
        <translation>Care for children</translation>
    </message>
    <message>
        <source>环境整治</source>
        <translation>Environment clean-up</translation>
    </message>
    <message>
        <source>法律咨询</source>
        <translation>Legal advice</translation>
    </message>
    <message>
        <source>文体活动</source>
        <translation>Cultural and sports activity</translation>
    </message>
    <message>
        <source>表彰奖励</source>
        <translation>Commendation</translation>
    </message>
    <message>
        <source>通报</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>沟通警示</source>
        <translation>Warning talk</translation>
    </message>
    <message>
        <source>约谈</source>
        <translation>Formal interview</translation>
    </message>
    <message>
        <source>挂牌督办</source>
        <translation>Listed for supervision</translation>
    </message>
    <message>
        <source>处分建议</source>
        <translation>Disciplinary proposal</translation>
    </message>
    <message>
        <source>一票否决</source>
        <translation>Veto</translation>
    </message>
    <message>
        <source>标杆</source>
        <translation>Benchmark</translation>
    </message>
    <message>
        <source>重点管理</source>
        <translation>Key management</translation>
    </message>
    <message>
        <source>人工评分</source>
        <translation>Manual score</translation>
    </message>
    <message>
        <source>网格任务按时完成率</source>
        <translation>Grid tasks done on time</translation>
    </message>
    <message>
        <source>矛盾纠纷一次性化解率</source>
        <translation>Dispute first-handling closure rate</translation>
    </message>
    <message>
        <source>矛盾纠纷化解率</source>
        <translation>Disputes resolved</translation>
    </message>
    <message>
        <source>入户走访率</source>
        <translation>Household visit coverage</translation>
    </message>
    <message>
        <source>人口信息完整率</source>
        <translation>Population records complete</translation>
    </message>
    <message>
        <source>巡查走访覆盖率</source>
        <translation>Patrol coverage</translation>
    </message>
    <message>
        <source>下级考核成绩</source>
        <translation>Results of the units below</translation>
    </message>
    <message>
        <source>末位</source>
        <translation>Last place</translation>
    </message>
    <message>
        <source>后几名</source>
        <translation>Bottom places</translation>
    </message>
    <message>
        <source>低保</source>
        <translation>Subsistence allowance</translation>
    </message>
    <message>
        <source>特困</source>
        <translation>Extreme poverty support</translation>
    </message>
    <message>
        <source>残疾</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>独居老人</source>
        <translation>Elderly living alone</translation>
    </message>
    <message>
        <source>空巢老人</source>
        <translation>Empty-nest elderly</translation>
    </message>
    <message>
        <source>退役军人</source>
        <translation>Veteran</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>严重精神障碍</source>
        <translation>Severe mental disorder</translation>
    </message>
    <message>
        <source>刑满释放</source>
        <translation>Released prisoner</translation>
    </message>
    <message>
        <source>吸毒</source>
        <translation>Drug user</translation>
    </message>
    <message>
        <source>留守人员</source>
        <translation>Left-behind person</translation>
    </message>
    <message>
        <source>社区矫正</source>
        <translation>Community correction</translation>
    </message>
    <message>
        <source>艾滋病危险人员</source>
        <translation>HIV risk person</translation>
    </message>
    <message>
        <source>重点青少年</source>
        <translation>Youth of concern</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>网格长</source>
        <translation>Grid chief</translation>
    </message>
    <message>
        <source>社区民警</source>
        <translation>Community police officer</translation>
    </message>
    <message>
        <source>综治中心工作人员</source>
        <translation>Governance centre staff</translation>
    </message>
    <message>
        <source>部门（事项申请）</source>
        <translation>Department (applications)</translation>
    </message>
    <message>
        <source>领导（只读）</source>
        <translation>Leader (read-only)</translation>
    </message>
    <message>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>矫正类别</source>
        <translation>Correction type</translation>
    </message>
    <message>
        <source>危险性评估等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>管控情况</source>
        <translation>Control status</translation>
    </message>
    <message>
        <source>人员类型</source>
        <translation>Person type</translation>
    </message>
    <message>
        <source>留守类型</source>
        <translation>Left-behind type</translation>
    </message>
    <message>
        <source>网格任务按时完成</source>
        <translation>Grid tasks done on time</translation>
    </message>
    <message>
        <source>矛盾纠纷一次性化解</source>
        <translation>Dispute first-handling closure</translation>
    </message>
    <message>
        <source>入户走访覆盖</source>
        <translation>Household visit coverage</translation>
    </message>
    <message>
        <source>人口信息完整</source>
        <translation>Population records complete</translation>
    </message>
    <message>
        <source>巡查走访覆盖</source>
        <translation>Patrol coverage</translation>
    </message>
    <message>
        <source>镇街考核成绩</source>
        <translation>Towns’ assessment results</translation>
    </message>
    <message>
        <source>日常工作表现</source>
        <translation>Daily work performance</translation>
    </message>
    <message>
        <source>群众满意度</source>
        <translation>Residents&apos; satisfaction</translation>
    </message>
    <message>
        <source>综治中心规范化建设</source>
        <translation>Governance centre standards</translation>
    </message>
    <message>
        <source>平安建设满意度</source>
        <translation>Satisfaction with public safety</translation>
    </message>
    <message>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>镇(街道)</source>
        <translation>Town (subdistrict)</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Community (village)</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>排名规则：{rule}</source>
        <translation>Ranking rule: {rule}</translation>
    </message>
    <message>
        <source>。</source>
        <translation>. </translation>
    </message>
    <message>
        <source>并列的总分名次相同；标杆线上并列的都是标杆，通报线上并列的都通报；排名单位不多于两项名额之和时标杆优先；发生重大问题的不评标杆。</source>
        <translation>Equal totals share a rank; all tied at the benchmark line are benchmarks, all tied at the notice line are noticed; when there are no more units than the two quotas together, benchmarks come first; a unit with a major incident is never a benchmark.</translation>
    </message>
    <message>
        <source>前 {n} 名为标杆</source>
        <translation>top {n}: benchmark</translation>
    </message>
    <message>
        <source>后 {n} 名通报并纳入重点管理</source>
        <translation>bottom {n}: notice and key management</translation>
    </message>
    <message>
        <source>后 {n} 名通报</source>
        <translation>bottom {n}: notice</translation>
    </message>
    <message>
        <source>连续 {k} 期末位：{outcome}</source>
        <translation>last place {k} periods running: {outcome}</translation>
    </message>
    <message>
        <source>连续 {k} 期后 {n} 名：{outcome}</source>
        <translation>in the bottom {n} {k} periods running: {outcome}</translation>
    </message>
    <message>
        <source>发生重大问题：{outcome}</source>
        <translation>major incident: {outcome}</translation>
    </message>
    <message>
        <source>挂牌督办的纳入负面清单</source>
        <translation>supervised units go on the negative list</translation>
    </message>
    <message>
        <source>本单位下没有可考核的{target}。</source>
        <translation>No {target} to assess in this unit.</translation>
    </message>
    <message>
        <source>排名单位 {n} 个，不多于标杆 {top} 名与通报 {bottom} 名之和：标杆优先，通报只在标杆以外的单位中确定。可在方案中调整名额。</source>
        <translation>{n} units ranked, not more than the {top} benchmark and {bottom} notice places together: benchmarks come first, notices are decided only among the other units. The quotas can be changed in the scheme.</translation>
    </message>
    <message>
        <source>第 {line} 名 {n} 个单位总分并列，并列的都定为标杆。</source>
        <translation>{n} units tie at rank {line}; all of them are benchmarks.</translation>
    </message>
    <message>
        <source>还有 {n} 项人工评分未填写（按 0 分计入草稿）；全部填写后才能发布。</source>
        <translation>{n} manual scores are still missing (counted as 0 in the draft); results can be published once all are filled in.</translation>
    </message>
    <message>
        <source>上期（{periods}）没有已发布的结果，本期不判定“连续 {k} 期”情形。</source>
        <translation>No published result for the previous period ({periods}): the “{k} periods running” rule is not applied this period.</translation>
    </message>
    <message>
        <source>{units} 还没有已发布的下级考核结果，“下级考核成绩”暂不参与计分。</source>
        <translation>{units}: no published result of the units below yet; “Results of the units below” takes no part for now.</translation>
    </message>
    <message>
        <source>{units} 无可计数据（无数据），不参与排名。</source>
        <translation>{units}: nothing to measure (no data), not ranked.</translation>
    </message>
    <message>
        <source>{units} 已撤销，不参与排名。</source>
        <translation>{units}: retired, not ranked.</translation>
    </message>
    <message>
        <source>申请</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>修改申请</source>
        <translation>Application edited</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>公示</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>准入</source>
        <translation>Admitted</translation>
    </message>
    <message>
        <source>申请调整</source>
        <translation>Adjustment proposed</translation>
    </message>
    <message>
        <source>被调整版本取代</source>
        <translation>Replaced by the adjustment</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>撤回申请</source>
        <translation>Application cancelled</translation>
    </message>
    <message>
        <source>矛盾纠纷</source>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>治安隐患</source>
        <translation>Public security risk</translation>
    </message>
    <message>
        <source>安全隐患</source>
        <translation>Safety hazard</translation>
    </message>
    <message>
        <source>环境卫生</source>
        <translation>Sanitation</translation>
    </message>
    <message>
        <source>市政设施</source>
        <translation>Municipal facilities</translation>
    </message>
    <message>
        <source>民生诉求</source>
        <translation>Livelihood request</translation>
    </message>
    <message>
        <source>特殊人群情况</source>
        <translation>Special groups</translation>
    </message>
    <message>
        <source>社情民意</source>
        <translation>Public opinion</translation>
    </message>
    <message>
        <source>突发事件</source>
        <translation>Emergency</translation>
    </message>
    <message>
        <source>消防</source>
        <translation>Fire safety</translation>
    </message>
    <message>
        <source>燃气</source>
        <translation>Gas</translation>
    </message>
    <message>
        <source>危房</source>
        <translation>Unsafe building</translation>
    </message>
    <message>
        <source>电梯</source>
        <translation>Lift</translation>
    </message>
    <message>
        <source>其他安全隐患</source>
        <translation>Other safety hazard</translation>
    </message>
    <message>
        <source>垃圾堆放</source>
        <translation>Rubbish dumping</translation>
    </message>
    <message>
        <source>污水</source>
        <translation>Sewage</translation>
    </message>
    <message>
        <source>其他环境卫生</source>
        <translation>Other sanitation</translation>
    </message>
    <message>
        <source>道路</source>
        <translation>Roads</translation>
    </message>
    <message>
        <source>路灯</source>
        <translation>Street lights</translation>
    </message>
    <message>
        <source>井盖</source>
        <translation>Manhole covers</translation>
    </message>
    <message>
        <source>供水供暖</source>
        <translation>Water and heating</translation>
    </message>
    <message>
        <source>其他市政设施</source>
        <translation>Other municipal facilities</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>网格员巡查发现</source>
        <translation>Found on patrol</translation>
    </message>
    <message>
        <source>群众来访</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>来电</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <source>12345 转办</source>
        <translation>12345 hotline</translation>
    </message>
    <message>
        <source>信访（初信）</source>
        <translation>Petition (first letter)</translation>
    </message>
    <message>
        <source>信访（初访）</source>
        <translation>Petition (first visit)</translation>
    </message>
    <message>
        <source>上级交办</source>
        <translation>Assigned from above</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>普通</source>
        <translation>Ordinary</translation>
    </message>
    <message>
        <source>黄牌</source>
        <translation>Yellow card</translation>
    </message>
    <message>
        <source>红牌</source>
        <translation>Red card</translation>
    </message>
    <message>
        <source>待受理</source>
        <translation>To accept</translation>
    </message>
    <message>
        <source>已回退</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>Being handled</translation>
    </message>
    <message>
        <source>待核查</source>
        <translation>To verify</translation>
    </message>
    <message>
        <source>待结案</source>
        <translation>To close</translation>
    </message>
    <message>
        <source>已结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>重新上报</source>
        <translation>Resubmit</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>回退</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>交办</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>上报上级</source>
        <translation>Escalate</translation>
    </message>
    <message>
        <source>处置反馈</source>
        <translation>Handling feedback</translation>
    </message>
    <message>
        <source>申请延期</source>
        <translation>Ask for extension</translation>
    </message>
    <message>
        <source>同意延期</source>
        <translation>Approve extension</translation>
    </message>
    <message>
        <source>不同意延期</source>
        <translation>Refuse extension</translation>
    </message>
    <message>
        <source>核查通过</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>核查退回</source>
        <translation>Sent back</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Call back</translation>
    </message>
    <message>
        <source>重新办理</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Supervise</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>红牌{n}</source>
        <translation>red card {n}</translation>
    </message>
    <message>
        <source>{state}（{due}）</source>
        <translation>{state} ({due})</translation>
    </message>
    <message>
        <source>{name}（{code}）</source>
        <translation>{name} ({code})</translation>
    </message>
    <message>
        <source>网格未建党支部</source>
        <translation>No branch in grid</translation>
    </message>
    <message>
        <source>楼栋未设党小组</source>
        <translation>No group in building</translation>
    </message>
    <message>
        <source>网格长不是社区党组织书记</source>
        <translation>Chief not party secretary</translation>
    </message>
    <message>
        <source>中心户联系户数不当</source>
        <translation>Wrong number of links</translation>
    </message>
    <message>
        <source>户未纳入党员联系</source>
        <translation>Households not linked</translation>
    </message>
    <message>
        <source>党员信息不一致</source>
        <translation>Member records differ</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>督办{n}</source>
        <translation>supervised {n}</translation>
    </message>
    <message>
        <source>社区民警入户走访率</source>
        <translation>Household visit rate</translation>
    </message>
    <message>
        <source>本期至少走访一次的在册户（household_visit）</source>
        <translation>Households on record visited at least once in the period (household_visit)</translation>
    </message>
    <message>
        <source>有在册居民的户（household + resident）</source>
        <translation>Households with residents on record (household + resident)</translation>
    </message>
    <message>
        <source>本期未走访的户</source>
        <translation>Households not visited in the period</translation>
    </message>
    <message>
        <source>初信初访一次性办结率</source>
        <translation>First-handling closure rate</translation>
    </message>
    <message>
        <source>一次性办结的初信初访事件和矛盾纠纷（event + dispute）</source>
        <translation>First petitions and disputes closed at the first handling (event + dispute)</translation>
    </message>
    <message>
        <source>已有结论的初信初访事件和矛盾纠纷</source>
        <translation>First petitions and disputes with a verdict</translation>
    </message>
    <message>
        <source>未一次性办结的事件和纠纷</source>
        <translation>Events and disputes not closed at the first handling</translation>
    </message>
    <message>
        <source>回访满意/基本满意的事件 + 调查中满意人数</source>
        <translation>Events called back satisfied / mostly satisfied + satisfied people in surveys</translation>
    </message>
    <message>
        <source>已回访事件 + 调查样本数（satisfaction_survey）</source>
        <translation>Events called back + survey sample size (satisfaction_survey)</translation>
    </message>
    <message>
        <source>回访不满意的事件和调查</source>
        <translation>Events called back not satisfied, and the surveys</translation>
    </message>
    <message>
        <source>每十万人命案发案率</source>
        <translation>Homicide rate per 100,000</translation>
    </message>
    <message>
        <source>本年命案数（homicide_case，区县录入）</source>
        <translation>Homicides this year (homicide_case, entered by the district)</translation>
    </message>
    <message>
        <source>常住人口（区县录入，未录入时为在册居民数）</source>
        <translation>Resident population (entered by the district; else residents on record)</translation>
    </message>
    <message>
        <source>命案记录</source>
        <translation>Homicide records</translation>
    </message>
    <message>
        <source>派出所警力占比</source>
        <translation>Police station force share</translation>
    </message>
    <message>
        <source>各派出所警力之和（police_force，镇街级）</source>
        <translation>Sum of the police stations&apos; forces (police_force, town level)</translation>
    </message>
    <message>
        <source>县（区）公安警力总数（police_force，区县级）</source>
        <translation>County (district) police force total (police_force, district level)</translation>
    </message>
    <message>
        <source>警力记录</source>
        <translation>Police force records</translation>
    </message>
    <message>
        <source>社区警力占比</source>
        <translation>Community police share</translation>
    </message>
    <message>
        <source>社区民警数（police_force）</source>
        <translation>Community police officers (police_force)</translation>
    </message>
    <message>
        <source>派出所警力（police_force，镇街级）</source>
        <translation>Police station force (police_force, town level)</translation>
    </message>
    <message>
        <source>专职网格员配备率</source>
        <translation>Grid staffing rate</translation>
    </message>
    <message>
        <source>有专职网格员的网格（unit_assignment 职责 grid_worker，或本机该网格的网格员账号）</source>
        <translation>Grids with a full-time grid worker (unit_assignment duty grid_worker, or a grid worker account of the grid here)</translation>
    </message>
    <message>
        <source>在用网格（org_unit）</source>
        <translation>Grids in use (org_unit)</translation>
    </message>
    <message>
        <source>没有专职网格员的网格</source>
        <translation>Grids without a full-time grid worker</translation>
    </message>
    <message>
        <source>本期已到截止日期、在截止日期当天或之前办结的网格任务（最早一次办结为准）</source>
        <translation>Grid tasks due in the period done on or before their due date (the earliest completion counts)</translation>
    </message>
    <message>
        <source>本期内已到截止日期的网格任务（grid_task）</source>
        <translation>Grid tasks due in the period (grid_task)</translation>
    </message>
    <message>
        <source>未按时完成的网格任务</source>
        <translation>Grid tasks not done on time</translation>
    </message>
    <message>
        <source>本期发生、一次性化解的矛盾纠纷（初信初访一次性办结的同一规则）</source>
        <translation>Disputes of the period resolved at the first handling (the same rule as first petitions)</translation>
    </message>
    <message>
        <source>本期发生、已有结论的矛盾纠纷（办理中未超期的不计）</source>
        <translation>Disputes of the period with a verdict (open ones within their limit not counted)</translation>
    </message>
    <message>
        <source>未一次性化解的矛盾纠纷</source>
        <translation>Disputes not resolved at the first handling</translation>
    </message>
    <message>
        <source>本期发生、已化解的矛盾纠纷</source>
        <translation>Disputes of the period resolved</translation>
    </message>
    <message>
        <source>本期发生的矛盾纠纷（dispute）</source>
        <translation>Disputes of the period (dispute)</translation>
    </message>
    <message>
        <source>未化解的矛盾纠纷</source>
        <translation>Disputes not resolved</translation>
    </message>
    <message>
        <source>电话和现住址都已登记的在册居民（以计算当天的台账为准）</source>
        <translation>Residents on record with a phone and a current address (as of the day computed)</translation>
    </message>
    <message>
        <source>在册居民（resident）</source>
        <translation>Residents on record (resident)</translation>
    </message>
    <message>
        <source>信息不完整的居民</source>
        <translation>Residents with incomplete records</translation>
    </message>
    <message>
        <source>网格员巡查走访覆盖率</source>
        <translation>Patrol coverage rate</translation>
    </message>
    <message>
        <source>本期网格员至少巡查走访一次的在册户（patrol）</source>
        <translation>Households on record patrolled at least once in the period (patrol)</translation>
    </message>
    <message>
        <source>本期未巡查走访的户</source>
        <translation>Households not patrolled in the period</translation>
    </message>
    <message>
        <source>党员联系户覆盖率</source>
        <translation>Party member household coverage</translation>
    </message>
    <message>
        <source>由党员中心户联系的户（party_centre_link）及党员中心户本户（party_centre）</source>
        <translation>Households linked to a party member centre household (party_centre_link) and the centre households themselves (party_centre)</translation>
    </message>
    <message>
        <source>未纳入党员联系的户</source>
        <translation>Households not linked to a party member</translation>
    </message>
    <message>
        <source>建立党员挂包联系机制（方案未设目标值）</source>
        <translation>Party member contact mechanism (the plan sets no target)</translation>
    </message>
    <message>
        <source>达标</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>接近</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>未达标</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>编号/来源</source>
        <translation>Number / source</translation>
    </message>
    <message>
        <source>名称/日期</source>
        <translation>Name / date</translation>
    </message>
    <message>
        <source>满意/样本</source>
        <translation>Satisfied / sample</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>命案数</source>
        <translation>Homicides</translation>
    </message>
    <message>
        <source>常住人口</source>
        <translation>Resident population</translation>
    </message>
    <message>
        <source>警力总数</source>
        <translation>Force total</translation>
    </message>
    <message>
        <source>警务室</source>
        <translation>Police posts</translation>
    </message>
    <message>
        <source>进两委</source>
        <translation>In the committees</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>未一次性办结</source>
        <translation>Not closed at the first handling</translation>
    </message>
    <message>
        <source>未一次性化解</source>
        <translation>Not resolved at the first handling</translation>
    </message>
    <message>
        <source>事件回访</source>
        <translation>Event call-back</translation>
    </message>
    <message>
        <source>满意度调查</source>
        <translation>Satisfaction survey</translation>
    </message>
</context>
<context>
    <name>punctuation</name>
    <message>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
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
