<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>未在岗</source>
        <translation type="vanished">Off duty</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="72"/>
        <source>{action} · 案件 {number}</source>
        <translation>{action} · case {number}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="79"/>
        <source>&lt;b&gt;案件 {number}&lt;/b&gt;&#x3000;{summary}</source>
        <translation>&lt;b&gt;Case {number}&lt;/b&gt;  {summary}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="110"/>
        <source>{name}（建议：{why}）</source>
        <translation>{name} (suggested: {why})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="117"/>
        <source>处置部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="124"/>
        <source>延期时长</source>
        <translation>Extension</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="53"/>
        <source>请填写原因</source>
        <translation>Please give a reason</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="34"/>
        <source>立案后案件进入派遣，不能退回受理。</source>
        <translation>Once filed, the case goes to dispatch and cannot return to intake.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="35"/>
        <source>结案后案件办结，不能再办理。</source>
        <translation>Once closed, the case is finished and cannot be worked on again.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="36"/>
        <source>作废后案件终止，计为作废，不能恢复。</source>
        <translation>A voided case ends, is counted as void and cannot be restored.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="37"/>
        <source>批准后申请立即生效，不能撤回。</source>
        <translation>An approval takes effect at once and cannot be withdrawn.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="38"/>
        <source>驳回后部门须按原时限继续处置。</source>
        <translation>After a rejection the department must go on handling within the original limit.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="39"/>
        <source>提交后案件转入核查，处置结果不能修改。</source>
        <translation>Once submitted, the case goes to the field check and the result cannot be changed.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="40"/>
        <source>核查通过后案件转入结案。</source>
        <translation>After a passed check the case goes to closing.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="41"/>
        <source>核查不通过，案件返工给原部门。</source>
        <translation>A failed check sends the case back to its department for rework.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="42"/>
        <source>合并后本案件终止并指向所选案件，只计一次。</source>
        <translation>After the merge this case ends, points to the chosen case and is counted once.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="45"/>
        <source>处置结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="46"/>
        <source>督办意见</source>
        <translation>Order</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="49"/>
        <source>说明处置了什么、怎样处置、现场现状</source>
        <translation>What was done, how, and what the site looks like now</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="50"/>
        <source>督办的要求：办什么、何时办结</source>
        <translation>What must be done and by when</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="52"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="88"/>
        <source>并入案件</source>
        <translation>Merge into</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="90"/>
        <source>附近没有可能重复的在办案件。</source>
        <translation>No open case nearby looks like a duplicate.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="104"/>
        <source>指派给</source>
        <translation>Assign to</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="125"/>
        <source>预计挂账时长</source>
        <translation>Expected hold</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="132"/>
        <source>现场照片</source>
        <translation>Site photos</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/action_dialog.py" line="145"/>
        <source>确认{action}</source>
        <translation>Confirm: {action}</translation>
    </message>
</context>
<context>
    <name>Basemap</name>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="63"/>
        <source>找不到底图文件：{path}</source>
        <translation>Basemap file not found: {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="64"/>
        <source>无法读取底图文件（权限或占用）：{path}</source>
        <translation>Cannot read the basemap file (permissions, or in use): {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="65"/>
        <source>底图文件已损坏或不是 MBTiles 文件：{path}</source>
        <translation>The basemap file is damaged or not an MBTiles file: {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="66"/>
        <source>该文件不是 MBTiles 瓦片包（没有 tiles 表）：{path}</source>
        <translation>Not an MBTiles tile package (no tiles table): {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="67"/>
        <source>底图文件中没有瓦片：{path}</source>
        <translation>The basemap file holds no tiles: {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="68"/>
        <source>底图瓦片不是 PNG、JPG 或 WebP 图片（矢量瓦片不支持）：{path}</source>
        <translation>The basemap&apos;s tiles are not PNG, JPG or WebP images (vector tiles are not supported): {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="70"/>
        <source>底图文件不可用：{path}</source>
        <translation>The basemap file cannot be used: {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="74"/>
        <source>{name}：{format} 瓦片，{low}–{high} 级</source>
        <translation>{name}: {format} tiles, zoom {low}–{high}</translation>
    </message>
</context>
<context>
    <name>BasemapControl</name>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="121"/>
        <source>底图不可用，地图不显示底图。{reason}</source>
        <translation>Basemap unavailable; the map shows none. {reason}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap.py" line="128"/>
        <source>底图无法生成，地图不显示底图：{error}</source>
        <translation>The basemap could not be drawn; the map shows none: {error}</translation>
    </message>
</context>
<context>
    <name>BasemapFields</name>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="33"/>
        <source>无底图</source>
        <translation>No basemap</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="33"/>
        <source>瓦片服务地址（XYZ）</source>
        <translation>Tile service URL (XYZ)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="34"/>
        <source>MBTiles 瓦片包文件</source>
        <translation>MBTiles tile package</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="37"/>
        <source>http://内网瓦片服务/{z}/{x}/{y}.png</source>
        <translation>http://intranet-tiles/{z}/{x}/{y}.png</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="40"/>
        <source>留空：由本区区划生成的底图</source>
        <translation>Empty: the basemap drawn from the district&apos;s divisions</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="43"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="62"/>
        <source>底图</source>
        <translation>Basemap</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="63"/>
        <source>底图瓦片地址</source>
        <translation>Basemap tile URL</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="64"/>
        <source>底图文件</source>
        <translation>Basemap file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="66"/>
        <source>底图坐标系</source>
        <translation>Basemap datum</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="88"/>
        <source>选择底图瓦片包</source>
        <translation>Choose a basemap tile package</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="89"/>
        <source>MBTiles 瓦片包 (*.mbtiles);;所有文件 (*)</source>
        <translation>MBTiles packages (*.mbtiles);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="100"/>
        <source>使用本区区划生成的底图（演示）。</source>
        <translation>Uses the basemap drawn from the district&apos;s divisions (demo).</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/basemap_settings.py" line="107"/>
        <source>正在检查底图文件…</source>
        <translation>Checking the basemap file…</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <location filename="../../commandcenter/views/common/case_actions.py" line="45"/>
        <source>当前没有您可执行的操作</source>
        <translation>No actions available to you</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_actions.py" line="104"/>
        <source>已{action}：案件 {number} 当前状态：{stage}</source>
        <translation>{action} done: case {number} is now {stage}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_actions.py" line="111"/>
        <source>案件 {number}：{text}</source>
        <translation>Case {number}: {text}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_actions.py" line="123"/>
        <source>，处置部门：{dept}</source>
        <translation>, department: {dept}</translation>
    </message>
</context>
<context>
    <name>CaseDetailPanel</name>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="99"/>
        <source>关闭提示</source>
        <translation>Close message</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="103"/>
        <source>未选择案件</source>
        <translation>No case selected</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="112"/>
        <source>上报人</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="118"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="119"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="120"/>
        <source>证件号</source>
        <translation>ID no.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="122"/>
        <source>{caption}：</source>
        <translation>{caption}:</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="129"/>
        <source>办理闭环</source>
        <translation>Closed loop</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="139"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="139"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="139"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="139"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="140"/>
        <source>状态变化</source>
        <translation>Stage change</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="140"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="140"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="161"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="235"/>
        <source>读取案件失败：{cause}。{advice}</source>
        <translation>Could not read the case: {cause}. {advice}</translation>
    </message>
    <message>
        <source>待审批：{kind}</source>
        <translation type="vanished">Awaiting approval: {kind}</translation>
    </message>
    <message>
        <source>督办{n}次</source>
        <translation type="vanished">Supervision orders: {n}</translation>
    </message>
    <message>
        <source>{cls}&#x3000;来源：{source}&#x3000;上报：{at}</source>
        <translation type="vanished">{cls}  ·  Source: {source}  ·  Reported: {at}</translation>
    </message>
    <message>
        <source>未派遣</source>
        <translation type="vanished">Not dispatched</translation>
    </message>
    <message>
        <source>处置部门：{dept}&#x3000;网格：{grid}&#x3000;{address}</source>
        <translation type="vanished">Department: {dept}  ·  Grid: {grid}  ·  {address}</translation>
    </message>
    <message>
        <source>&#x3000;部件：{code}</source>
        <translation type="vanished">  ·  Component: {code}</translation>
    </message>
    <message>
        <source>{stage} {at}</source>
        <translation type="vanished">{stage} {at}</translation>
    </message>
    <message>
        <source>挂账中，计时暂停</source>
        <translation type="vanished">On hold, clock stopped</translation>
    </message>
    <message>
        <source>无时限</source>
        <translation type="vanished">No time limit</translation>
    </message>
    <message>
        <source>已超期 {span}</source>
        <translation type="vanished">Overdue by {span}</translation>
    </message>
    <message>
        <source>已超期 {span}（工作时间）</source>
        <translation type="vanished">Overdue by {span} of working time</translation>
    </message>
    <message>
        <source>剩余工作时间 {span}</source>
        <translation type="vanished">{span} of working time left</translation>
    </message>
    <message>
        <source>，时限 {at}</source>
        <translation type="vanished">, due {at}</translation>
    </message>
    <message>
        <source>{d}个工作日</source>
        <translation type="vanished">{d} working days</translation>
    </message>
    <message>
        <source>{m}分钟</source>
        <translation type="vanished">{m} min</translation>
    </message>
    <message>
        <source>{h}小时</source>
        <translation type="vanished">{h} h</translation>
    </message>
    <message>
        <source>{h}小时{m}分钟</source>
        <translation type="vanished">{h} h {m} min</translation>
    </message>
    <message>
        <source>案件 {number}：{text}</source>
        <translation type="vanished">Case {number}: {text}</translation>
    </message>
    <message>
        <source>，处置部门：{dept}</source>
        <translation type="vanished">, department: {dept}</translation>
    </message>
    <message>
        <source>超期 {span}</source>
        <translation type="vanished">Overdue by {span}</translation>
    </message>
    <message>
        <source>剩余 {span}</source>
        <translation type="vanished">{span} left</translation>
    </message>
    <message>
        <source>（时限 {at}）</source>
        <translation type="vanished"> (due {at})</translation>
    </message>
    <message>
        <source>{d}工作日</source>
        <translation type="vanished">{d} work d</translation>
    </message>
    <message>
        <source>{d}天</source>
        <translation type="vanished">{d} d</translation>
    </message>
    <message>
        <source> {h}工作时</source>
        <translation type="vanished"> {h} work h</translation>
    </message>
    <message>
        <source> {h}小时</source>
        <translation type="vanished"> {h} h</translation>
    </message>
    <message>
        <source>{h}工作时 {m:02d}分</source>
        <translation type="vanished">{h} work h {m:02d} min</translation>
    </message>
    <message>
        <source>{h}小时 {m:02d}分</source>
        <translation type="vanished">{h} h {m:02d} min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="266"/>
        <source>无上报人信息</source>
        <translation>No reporter details</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="268"/>
        <source>已脱敏</source>
        <translation>Masked</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="268"/>
        <source>本次查看已留痕</source>
        <translation>This viewing is logged</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="291"/>
        <source>部门：{d}</source>
        <translation>Department: {d}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="292"/>
        <source>退回自：{d}</source>
        <translation>Returned by: {d}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="293"/>
        <source>延期：{t}</source>
        <translation>Extension: {t}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="294"/>
        <source>第{n}次返工</source>
        <translation>Rework #{n}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="295"/>
        <source>按期</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="295"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="296"/>
        <source>第{n}级</source>
        <translation>Level {n}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="297"/>
        <source>时限：{t}</source>
        <translation>Due: {t}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="299"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="304"/>
        <source>无照片</source>
        <translation>No photos</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_detail.py" line="309"/>
        <source>照片缺失：{name}</source>
        <translation>Photo missing: {name}</translation>
    </message>
    <message>
        <source>当前没有您可执行的操作</source>
        <translation type="vanished">No actions available to you</translation>
    </message>
    <message>
        <source>已{action}：案件 {number} 当前状态：{stage}</source>
        <translation type="vanished">{action} done: case {number} is now {stage}</translation>
    </message>
</context>
<context>
    <name>CaseHeader</name>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="73"/>
        <source>待审批：{kind}</source>
        <translation>Awaiting approval: {kind}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="78"/>
        <source>督办{n}次</source>
        <translation>Supervision orders: {n}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="87"/>
        <source>{cls}&#x3000;来源：{source}&#x3000;上报：{at}</source>
        <translation>{cls}  ·  Source: {source}  ·  Reported: {at}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="89"/>
        <source>未派遣</source>
        <translation>Not dispatched</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="90"/>
        <source>处置部门：{dept}&#x3000;网格：{grid}&#x3000;{address}</source>
        <translation>Department: {dept}  ·  Grid: {grid}  ·  {address}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="93"/>
        <source>&#x3000;部件：{code}</source>
        <translation>  ·  Component: {code}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="113"/>
        <source>{stage} {at}</source>
        <translation>{stage} {at}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="116"/>
        <source>挂账中，计时暂停</source>
        <translation>On hold, clock stopped</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="118"/>
        <source>无时限</source>
        <translation>No time limit</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="133"/>
        <source>已超期 {span}</source>
        <translation>Overdue by {span}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="134"/>
        <source>已超期 {span}（工作时间）</source>
        <translation>Overdue by {span} of working time</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="136"/>
        <source>剩余 {span}</source>
        <translation>{span} left</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="137"/>
        <source>剩余工作时间 {span}</source>
        <translation>{span} of working time left</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="138"/>
        <source>，时限 {at}</source>
        <translation>, due {at}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="146"/>
        <source>{d}个工作日</source>
        <translation>{d} working days</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="146"/>
        <source>{d}天</source>
        <translation>{d} d</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="148"/>
        <source> {h}小时</source>
        <translation> {h} h</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="151"/>
        <source>{m}分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="153"/>
        <source>{h}小时</source>
        <translation>{h} h</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/case_header.py" line="154"/>
        <source>{h}小时{m}分钟</source>
        <translation>{h} h {m} min</translation>
    </message>
</context>
<context>
    <name>CaseQueueModel</name>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="42"/>
        <source>案件号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="42"/>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="43"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="44"/>
        <source>地址/描述</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="45"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="45"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="46"/>
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="47"/>
        <source>截止时间</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="270"/>
        <source>·{kind}申请</source>
        <translation> · {kind} request</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="273"/>
        <source>（返工{n}）</source>
        <translation> (rework {n})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="285"/>
        <source>挂账中</source>
        <translation>On hold</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="291"/>
        <source>{m}分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="293"/>
        <source>{d}天</source>
        <translation>{d} d</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="294"/>
        <source>{h}小时 {m:02d}分</source>
        <translation>{h} h {m:02d} min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="296"/>
        <source> {h}小时</source>
        <translation> {h} h</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="298"/>
        <source>{d}工作日</source>
        <translation>{d} work d</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="299"/>
        <source>{h}工作时 {m:02d}分</source>
        <translation>{h} work h {m:02d} min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="301"/>
        <source> {h}工作时</source>
        <translation> {h} work h</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="303"/>
        <source>超期 {time}</source>
        <translation>Overdue {time}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="309"/>
        <source>时钟已停止</source>
        <translation>Clock stopped</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="310"/>
        <source>截止 {deadline:%Y-%m-%d %H:%M}</source>
        <translation>Due {deadline:%Y-%m-%d %H:%M}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="318"/>
        <source>督办 {n} 次</source>
        <translation>Supervision orders: {n}</translation>
    </message>
</context>
<context>
    <name>CaseScroller</name>
    <message>
        <location filename="../../commandcenter/views/wall/overdue.py" line="127"/>
        <source>超期 {h}小时{m}分</source>
        <translation>Overdue {h} h {m} min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overdue.py" line="127"/>
        <source>超期 {m}分</source>
        <translation>Overdue {m} min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overdue.py" line="129"/>
        <source>剩余 {h}小时{m}分</source>
        <translation>{h} h {m} min left</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overdue.py" line="129"/>
        <source>剩余 {m}分</source>
        <translation>{m} min left</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overdue.py" line="197"/>
        <source>督办{level}级 · {who} · {at} · {reason}</source>
        <translation>Supervision level {level} · {who} · {at} · {reason}</translation>
    </message>
</context>
<context>
    <name>ConnectingPage</name>
    <message>
        <location filename="../../commandcenter/views/wall/overlays.py" line="20"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overlays.py" line="33"/>
        <source>第 {n} 次尝试未成功，{s} 秒后重试</source>
        <translation>Attempt {n} failed; retrying in {s} s</translation>
    </message>
</context>
<context>
    <name>CrsField</name>
    <message>
        <location filename="../../commandcenter/views/exchange/geo_fields.py" line="20"/>
        <source>按文件声明的坐标系（投影坐标自动转换）</source>
        <translation>As the file declares (projected coordinates are converted)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/geo_fields.py" line="24"/>
        <source>或输入 EPSG 代码，如 EPSG:4547</source>
        <translation>or type an EPSG code, e.g. EPSG:4547</translation>
    </message>
</context>
<context>
    <name>Decisions</name>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="14"/>
        <source>回退申请已批准，案件已退回派遣</source>
        <translation>Return approved: the case is back at dispatch</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="15"/>
        <source>延期申请已批准，新的处置截止 {deadline}</source>
        <translation>Extension approved: new handling deadline {deadline}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="16"/>
        <source>挂账申请已批准，计时暂停</source>
        <translation>Hold approved: the clock is stopped</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="17"/>
        <source>回退申请被驳回，请继续处置</source>
        <translation>Return rejected: please go on handling</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="18"/>
        <source>延期申请被驳回，处置截止不变 {deadline}</source>
        <translation>Extension rejected: the deadline stays {deadline}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="19"/>
        <source>挂账申请被驳回，请继续处置</source>
        <translation>Hold rejected: please go on handling</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="28"/>
        <source>。意见：{reason}</source>
        <translation>. Note: {reason}</translation>
    </message>
</context>
<context>
    <name>DecisionsPanel</name>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="38"/>
        <source>中心对本部门申请的审批结果（今日起）显示在这里。</source>
        <translation>The center&apos;s decisions on this department&apos;s requests (from today) appear here.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/decisions.py" line="50"/>
        <source>{time} 案件 {number}：{what}（{who}）</source>
        <translation>{time} case {number}: {what} ({who})</translation>
    </message>
</context>
<context>
    <name>DepartmentDesk</name>
    <message>
        <location filename="../../commandcenter/views/department/window.py" line="52"/>
        <source>审批结果</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/window.py" line="55"/>
        <source>全部部门</source>
        <translation>All departments</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/window.py" line="56"/>
        <source>也显示其他部门的案件（只读）</source>
        <translation>Also show other departments&apos; cases (read only)</translation>
    </message>
</context>
<context>
    <name>DepartmentPanel</name>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="93"/>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="261"/>
        <source>把待派遣案件拖到部门上即可派遣</source>
        <translation>Drag a case awaiting dispatch onto a department to dispatch it</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="156"/>
        <source>专业部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="157"/>
        <source>属地街道</source>
        <translation>Street offices</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="218"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="220"/>
        <source>案件 {number}</source>
        <translation>Case {number}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="224"/>
        <source>：建议派往 {names}</source>
        <translation>: suggested {names}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="230"/>
        <source>
派遣到此：处置时限 {limit}，截止 {deadline:%m-%d %H:%M}</source>
        <translation>
Dispatch here: {limit} to handle, due {deadline:%m-%d %H:%M}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="234"/>
        <source>。派遣后处置时限 {limit}，截止 {deadline:%m-%d %H:%M}</source>
        <translation>. Once dispatched: {limit} to handle, due {deadline:%m-%d %H:%M}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="238"/>
        <source>。该案件当前处于「{stage}」，不能派遣</source>
        <translation>. The case is “{stage}” and cannot be dispatched</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/departments.py" line="251"/>
        <source>建议{n}</source>
        <translation>#{n}</translation>
    </message>
</context>
<context>
    <name>DepartmentTile</name>
    <message>
        <source>在办 &lt;b&gt;{open}&lt;/b&gt;&#x3000;&lt;span style=&apos;color:{c}&apos;&gt;超期 &lt;b&gt;{late}&lt;/b&gt;&lt;/span&gt;&#x3000;&lt;span style=&apos;color:#546e7a&apos;&gt;按期 {rate}&lt;/span&gt;</source>
        <translation type="vanished">Open &lt;b&gt;{open}&lt;/b&gt;&amp;nbsp; &lt;span style=&apos;color:{c}&apos;&gt;Late &lt;b&gt;{late}&lt;/b&gt;&lt;/span&gt;&amp;nbsp; &lt;span style=&apos;color:#546e7a&apos;&gt;✓ {rate}&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/tile.py" line="66"/>
        <source>在办</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/tile.py" line="67"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/tile.py" line="68"/>
        <source>按期</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/tile.py" line="82"/>
        <source>本月暂无处置</source>
        <translation>Nothing handled this month</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/tile.py" line="84"/>
        <source>本月处置 {n} 件，按期率 {rate:.0%}</source>
        <translation>Handled this month: {n}, on time (✓): {rate:.0%}</translation>
    </message>
</context>
<context>
    <name>DeskSearch</name>
    <message>
        <location filename="../../commandcenter/views/common/desk_search.py" line="54"/>
        <source>没有编码为 {code} 的部件</source>
        <translation>No component with code {code}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_search.py" line="57"/>
        <source>{name} {code}（{state}）</source>
        <translation>{name} {code} ({state})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_search.py" line="60"/>
        <source>部件 {code}：{name}，{state}，网格 {grid}</source>
        <translation>Component {code}: {name}, {state}, grid {grid}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_search.py" line="71"/>
        <source>找到 1 个案件：{number}</source>
        <translation>Found 1 case: {number}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_search.py" line="74"/>
        <source>找到 {n} 个案件，请在列表中选择</source>
        <translation>Found {n} cases: choose one from the list</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_search.py" line="77"/>
        <source>网格 {code} 没有在办案件</source>
        <translation>No open cases in grid {code}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_search.py" line="79"/>
        <source>没有找到“{text}”</source>
        <translation>Nothing found for “{text}”</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="50"/>
        <source>单元网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="51"/>
        <source>网格案件分布</source>
        <translation>Grid load</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="52"/>
        <source>街道社区边界</source>
        <translation>Boundaries</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="53"/>
        <source>名称标注</source>
        <translation>Names</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="54"/>
        <source>案件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="55"/>
        <source>监督员位置</source>
        <translation>Supervisors</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="56"/>
        <source>底图</source>
        <translation>Basemap</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="82"/>
        <source>网格化管理监督指挥中心 · {desk} · {name}（{role}）</source>
        <translation>Grid Command Center · {desk} · {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="103"/>
        <source>案件队列</source>
        <translation>Case queues</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="105"/>
        <source>案件详情</source>
        <translation>Case details</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="187"/>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="191"/>
        <source>搜索 案件号 / 网格编码 / 部件编码 / 地址</source>
        <translation>Search case no. / grid code / component code / address</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="199"/>
        <source>近1小时</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="199"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="200"/>
        <source>近7天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="205"/>
        <source> 上报时间 </source>
        <translation> Reported </translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="214"/>
        <source>含未在岗</source>
        <translation>Off duty too</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="215"/>
        <source>地图上也显示未在岗的监督员（灰色）</source>
        <translation>Also show supervisors who are off duty (grey) on the map</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="224"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="226"/>
        <source>注销</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="227"/>
        <source>退出当前账号，回到登录</source>
        <translation>Log out and return to the login</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="228"/>
        <location filename="../../commandcenter/views/common/desk.py" line="352"/>
        <location filename="../../commandcenter/views/common/desk.py" line="356"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="229"/>
        <source>退出（Ctrl+Q）</source>
        <translation>Quit (Ctrl+Q)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="252"/>
        <source>切换工作台</source>
        <translation>Switch desk</translation>
    </message>
    <message>
        <source>数据库连接中断，操作未执行；连接恢复后请重新操作。</source>
        <translation type="vanished">The database connection is lost: nothing was done. Please try again once it is back.</translation>
    </message>
    <message>
        <source>数据库连接中断，正在重新连接… 画面显示的是断开前的数据，此时的操作不会执行。</source>
        <translation type="vanished">Database connection lost, reconnecting… The screen shows the data from before the break; actions taken now will not be carried out.</translation>
    </message>
    <message>
        <source>数据库离线：画面显示的是断开前的数据，操作暂停。</source>
        <translation type="vanished">Database offline: the screen shows the data from before the break; actions are paused.</translation>
    </message>
    <message>
        <source>没有编码为 {code} 的部件</source>
        <translation type="vanished">No component with code {code}</translation>
    </message>
    <message>
        <source>{name} {code}（{state}）</source>
        <translation type="vanished">{name} {code} ({state})</translation>
    </message>
    <message>
        <source>部件 {code}：{name}，{state}，网格 {grid}</source>
        <translation type="vanished">Component {code}: {name}, {state}, grid {grid}</translation>
    </message>
    <message>
        <source>找到 1 个案件：{number}</source>
        <translation type="vanished">Found 1 case: {number}</translation>
    </message>
    <message>
        <source>找到 {n} 个案件，请在列表中选择</source>
        <translation type="vanished">Found {n} cases: choose one from the list</translation>
    </message>
    <message>
        <source>网格 {code} 没有在办案件</source>
        <translation type="vanished">No open cases in grid {code}</translation>
    </message>
    <message>
        <source>没有找到“{text}”</source>
        <translation type="vanished">Nothing found for “{text}”</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="287"/>
        <source>读取数据失败：{cause}。画面显示的是上次读到的数据。{advice}</source>
        <translation>Could not read the data: {cause}. The screen shows what was last read. {advice}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="353"/>
        <source>退出{desk}？</source>
        <translation>Quit the {desk}?</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk.py" line="357"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Desks</name>
    <message>
        <location filename="../../commandcenter/views/common/duties.py" line="12"/>
        <source>受理台</source>
        <translation>Intake desk</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/duties.py" line="13"/>
        <source>值班长台</source>
        <translation>Shift lead desk</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/duties.py" line="14"/>
        <source>调度台</source>
        <translation>Dispatcher desk</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/duties.py" line="15"/>
        <source>专业部门处置台</source>
        <translation>Department desk</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/duties.py" line="16"/>
        <source>领导台</source>
        <translation>Leader desk</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/duties.py" line="17"/>
        <source>监督员任务台</source>
        <translation>Field supervisor desk</translation>
    </message>
</context>
<context>
    <name>DispatchController</name>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="83"/>
        <source>{m}月{d}日 {t:%H:%M}</source>
        <translation>{m}/{d} {t:%H:%M}</translation>
    </message>
    <message>
        <source>案件已被 {who} 于 {when} 处理，当前状态：{stage}</source>
        <translation type="vanished">{who} handled the case at {when}; it is now {stage}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="34"/>
        <source>数据库处于只读状态，无法写入</source>
        <translation>the database is read-only and cannot be written</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="35"/>
        <source>请联系系统管理员检查数据库。</source>
        <translation>Please ask the system administrator to check the database.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="37"/>
        <source>数据库所在磁盘读写出错</source>
        <translation>the disk holding the database failed to read or write</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="38"/>
        <source>请联系系统管理员检查磁盘空间和数据库。</source>
        <translation>Please ask the system administrator to check the disk space and the database.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="40"/>
        <source>数据库正忙</source>
        <translation>the database is busy</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="41"/>
        <source>请稍后再试一次。</source>
        <translation>Please try again in a moment.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="43"/>
        <source>无法连接数据库</source>
        <translation>the database cannot be reached</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="44"/>
        <source>请检查网络；连接恢复后再试一次。</source>
        <translation>Please check the network and try again once the connection is back.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="46"/>
        <source>数据库写入失败</source>
        <translation>the database did not accept the change</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="47"/>
        <source>请稍后再试；如果仍然失败，请联系系统管理员。</source>
        <translation>Please try again later; if it keeps failing, ask the system administrator.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="52"/>
        <source>照片 {name} 无法读取，什么也没有保存。</source>
        <translation>Photo {name} cannot be read; nothing was saved.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="53"/>
        <source>照片 {name} 超过 {mb} MB，什么也没有保存；请压缩后再试。</source>
        <translation>Photo {name} is larger than {mb} MB; nothing was saved. Please make it smaller and try again.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="55"/>
        <source>{name} 不是图片（JPEG、PNG、WebP、GIF、BMP），什么也没有保存。</source>
        <translation>{name} is not a picture (JPEG, PNG, WebP, GIF, BMP); nothing was saved.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="57"/>
        <source>每次最多 {n} 张照片，什么也没有保存。</source>
        <translation>At most {n} photos at a time; nothing was saved.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="103"/>
        <source>案件 {number} 已由 {who} 于 {when} 派遣至 {department}，当前状态：{stage}</source>
        <translation>Case {number} was dispatched to {department} by {who} at {when}; it is now {stage}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="106"/>
        <source>案件 {number} 已由 {who} 于 {when} {action}，当前状态：{stage}</source>
        <translation>Case {number}: {who} took the action “{action}” at {when}; it is now {stage}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="109"/>
        <source>处理</source>
        <translation>handled</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="111"/>
        <source>（{department}）</source>
        <translation> ({department})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="118"/>
        <source>您的角色（{role}）无权{action}</source>
        <translation>{action}: not allowed for your role ({role})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="122"/>
        <source>该案件当前处于「{stage}」，不能{action}</source>
        <translation>{action}: not possible while the case is “{stage}”</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="124"/>
        <source>该案件当前不能{action}</source>
        <translation>{action}: not possible for this case now</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="129"/>
        <source>案件不存在，可能已被删除</source>
        <translation>The case does not exist; it may have been deleted</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="132"/>
        <source>请选择派遣部门</source>
        <translation>Choose a department to dispatch to</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="134"/>
        <source>部门 {code} 不存在</source>
        <translation>Department {code} does not exist</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="137"/>
        <source>{action}请求无效</source>
        <translation>{action}: invalid request</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="140"/>
        <source>{action}未保存：{cause}。案件没有任何改变。{advice}</source>
        <translation>{action} not saved: {cause}. The case has not changed. {advice}</translation>
    </message>
    <message>
        <source>数据库不可用：{detail}</source>
        <translation type="vanished">Database unavailable: {detail}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/messages.py" line="143"/>
        <source>{action}失败：{detail}</source>
        <translation>{action} failed: {detail}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/dispatch.py" line="42"/>
        <source>该案件正在派遣，请稍候</source>
        <translation>This case is being dispatched, please wait</translation>
    </message>
</context>
<context>
    <name>DispatcherWindow</name>
    <message>
        <source>单元网格</source>
        <translation type="vanished">Grids</translation>
    </message>
    <message>
        <source>网格案件分布</source>
        <translation type="vanished">Grid load</translation>
    </message>
    <message>
        <source>街道社区边界</source>
        <translation type="vanished">Boundaries</translation>
    </message>
    <message>
        <source>名称标注</source>
        <translation type="vanished">Names</translation>
    </message>
    <message>
        <source>案件</source>
        <translation type="vanished">Cases</translation>
    </message>
    <message>
        <source>监督员位置</source>
        <translation type="vanished">Supervisors</translation>
    </message>
    <message>
        <source>底图</source>
        <translation type="vanished">Basemap</translation>
    </message>
    <message>
        <source>网格化管理监督指挥中心 · 调度台 · {name}（{role}）</source>
        <translation type="vanished">Grid Management Command Center · Dispatch desk · {name} ({role})</translation>
    </message>
    <message>
        <source>案件队列</source>
        <translation type="vanished">Case queues</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="35"/>
        <source>专业部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>案件详情</source>
        <translation type="vanished">Case details</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation type="vanished">Toolbar</translation>
    </message>
    <message>
        <source>搜索 案件号 / 网格编码 / 部件编码 / 地址</source>
        <translation type="vanished">Search case no. / grid code / component code / address</translation>
    </message>
    <message>
        <source>近1小时</source>
        <translation type="vanished">Last hour</translation>
    </message>
    <message>
        <source>今日</source>
        <translation type="vanished">Today</translation>
    </message>
    <message>
        <source>近7天</source>
        <translation type="vanished">Last 7 days</translation>
    </message>
    <message>
        <source> 上报时间 </source>
        <translation type="vanished"> Reported </translation>
    </message>
    <message>
        <source>含未在岗</source>
        <translation type="vanished">Off duty too</translation>
    </message>
    <message>
        <source>地图上也显示未在岗的监督员（灰色）</source>
        <translation type="vanished">Also show supervisors who are off duty (grey) on the map</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="50"/>
        <source>数据导入</source>
        <translation>Data import</translation>
    </message>
    <message>
        <source>设置</source>
        <translation type="vanished">Settings</translation>
    </message>
    <message>
        <source>注销</source>
        <translation type="vanished">Log out</translation>
    </message>
    <message>
        <source>退出当前账号，回到登录</source>
        <translation type="vanished">Log out and return to the login</translation>
    </message>
    <message>
        <source>退出</source>
        <translation type="vanished">Quit</translation>
    </message>
    <message>
        <source>退出（Ctrl+Q）</source>
        <translation type="vanished">Quit (Ctrl+Q)</translation>
    </message>
    <message>
        <source>数据库连接中断，操作未执行；连接恢复后请重新操作。</source>
        <translation type="vanished">The database connection is lost: nothing was done. Please try again once it is back.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="77"/>
        <source>案件 {number} 未派遣</source>
        <translation>Case {number} was not dispatched</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="91"/>
        <source>派遣建议是 {names}。</source>
        <translation>The routing suggests {names}.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="91"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="94"/>
        <source>该案件没有派遣建议。</source>
        <translation>There is no routing suggestion for this case.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="95"/>
        <source>确认派遣</source>
        <translation>Confirm dispatch</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="96"/>
        <source>案件 {number}（{cls}）不在 {department} 的建议范围内。{advice}
仍然派往 {department}？</source>
        <translation>{department} is not among the suggestions for case {number} ({cls}). {advice}
Dispatch it to {department} anyway?</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="100"/>
        <source>派往 {department}</source>
        <translation>Dispatch to {department}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="102"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>数据库连接中断，正在重新连接… 画面显示的是断开前的数据，此时的操作不会执行。</source>
        <translation type="vanished">Database connection lost, reconnecting… The screen shows the data from before the break; actions taken now will not be carried out.</translation>
    </message>
    <message>
        <source>数据库离线：画面显示的是断开前的数据，操作暂停。</source>
        <translation type="vanished">Database offline: the screen shows the data from before the break; actions are paused.</translation>
    </message>
    <message>
        <source>没有编码为 {code} 的部件</source>
        <translation type="vanished">No component with code {code}</translation>
    </message>
    <message>
        <source>{name} {code}（{state}）</source>
        <translation type="vanished">{name} {code} ({state})</translation>
    </message>
    <message>
        <source>部件 {code}：{name}，{state}，网格 {grid}</source>
        <translation type="vanished">Component {code}: {name}, {state}, grid {grid}</translation>
    </message>
    <message>
        <source>找到 1 个案件：{number}</source>
        <translation type="vanished">Found 1 case: {number}</translation>
    </message>
    <message>
        <source>找到 {n} 个案件，请在列表中选择</source>
        <translation type="vanished">Found {n} cases: choose one from the list</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="125"/>
        <source>案件 {number} 已派遣至 {department}，处置截止 {deadline}</source>
        <translation>Case {number} dispatched to {department}, due {deadline}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="129"/>
        <source>撤销派遣</source>
        <translation>Undo dispatch</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="146"/>
        <source>已撤销：案件 {number} 回到待派遣</source>
        <translation>Undone: case {number} is back awaiting dispatch</translation>
    </message>
    <message>
        <source>读取数据失败：{cause}。画面显示的是上次读到的数据。{advice}</source>
        <translation type="vanished">Could not read the data: {cause}. The screen shows what was last read. {advice}</translation>
    </message>
    <message>
        <source>退出调度台？</source>
        <translation type="vanished">Quit the dispatcher workstation?</translation>
    </message>
    <message>
        <source>找到 {n} 个案件</source>
        <translation type="vanished">Cases found: {n}</translation>
    </message>
    <message>
        <source>网格 {code} 没有在办案件</source>
        <translation type="vanished">No open cases in grid {code}</translation>
    </message>
    <message>
        <source>没有找到“{text}”</source>
        <translation type="vanished">Nothing found for “{text}”</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="116"/>
        <source>请先选择一个待派遣的案件</source>
        <translation>Select a case awaiting dispatch first</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/dispatcher/window.py" line="120"/>
        <source>没有派遣建议，请拖到部门上派遣</source>
        <translation>No suggestion: drag the case onto a department</translation>
    </message>
    <message>
        <source>案件 {number} 已派遣</source>
        <translation type="vanished">Case {number} dispatched</translation>
    </message>
    <message>
        <source>数据库不可用：{error}</source>
        <translation type="vanished">Database unavailable: {error}</translation>
    </message>
</context>
<context>
    <name>DuplicateChoice</name>
    <message>
        <location filename="../../commandcenter/views/intake/duplicates.py" line="25"/>
        <source>可能重复</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/duplicates.py" line="32"/>
        <source>并入所选案件</source>
        <translation>Merge into the selected case</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/duplicates.py" line="34"/>
        <source>仍登记为新案件</source>
        <translation>Register as a new case</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/duplicates.py" line="52"/>
        <source>附近已有 {n} 件同类在办案件，可能是同一问题：</source>
        <translation>{n} open cases of the same class nearby may be the same problem:</translation>
    </message>
</context>
<context>
    <name>DuplicatesBox</name>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="89"/>
        <source>可能重复的案件</source>
        <translation>Possible duplicates</translation>
    </message>
</context>
<context>
    <name>ExitPrompt</name>
    <message>
        <location filename="../../commandcenter/views/wall/overlays.py" line="48"/>
        <source>退出大屏需要值班长密码</source>
        <translation>Leaving the wall needs a shift lead&apos;s password</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overlays.py" line="49"/>
        <source>值班长用户名</source>
        <translation>Shift lead user name</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overlays.py" line="50"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overlays.py" line="74"/>
        <source>正在核对…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>FieldDesk</name>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="45"/>
        <source>我的任务</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="49"/>
        <source>现场上报</source>
        <translation>Report from the field</translation>
    </message>
    <message>
        <source>该点不在本区范围内</source>
        <translation type="vanished">That point is outside the district</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="81"/>
        <source>已上报：案件 {number}{note}</source>
        <translation>Reported: case {number}{note}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="82"/>
        <source>（自处理，待值班长审核）</source>
        <translation> (handled on the spot, waiting for the shift lead)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="86"/>
        <source>上报未保存：{why}</source>
        <translation>Report not saved: {why}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="46"/>
        <source>数据导入</source>
        <translation>Data import</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="49"/>
        <source>地理数据（街道 / 社区 / 单元网格）</source>
        <translation>Geography (streets / communities / unit grids)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="50"/>
        <source>部件普查数据</source>
        <translation>Component registry</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="51"/>
        <source>历史案件</source>
        <translation>Case history</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="52"/>
        <source>选择文件</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="53"/>
        <source>数据文件 (*.geojson *.json *.shp *.zip *.gpkg *.csv *.xlsx)</source>
        <translation>Data files (*.geojson *.json *.shp *.zip *.gpkg *.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="55"/>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="55"/>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="56"/>
        <source>单元网格</source>
        <translation>Unit grid</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="60"/>
        <source>可选</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="61"/>
        <source>可选：默认取编码前几位</source>
        <translation>optional: by default the code&apos;s leading digits</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="65"/>
        <source>选择映射文件</source>
        <translation>Choose a mapping file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="65"/>
        <source>映射文件 (*.toml)</source>
        <translation>Mapping files (*.toml)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="66"/>
        <source>问题行另存为</source>
        <translation>Save rejected rows as</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="66"/>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="67"/>
        <source>可选：不填则有一行出错即整个文件不导入</source>
        <translation>optional: without it, one bad row rejects the whole file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="68"/>
        <source>仅检查，不写入</source>
        <translation>Check only, write nothing</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="73"/>
        <source>检查结果和导入报告显示在这里</source>
        <translation>The checks and the import report appear here</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="74"/>
        <source>开始导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="77"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="81"/>
        <source>导入内容</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="82"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="86"/>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="86"/>
        <source>图层</source>
        <translation>Layer</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="87"/>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="138"/>
        <source>编码字段</source>
        <translation>Code field</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="88"/>
        <source>名称字段</source>
        <translation>Name field</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="89"/>
        <source>上级编码字段</source>
        <translation>Parent code field</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="90"/>
        <source>坐标系</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="90"/>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="137"/>
        <source>映射文件</source>
        <translation>Mapping file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="91"/>
        <source>问题行文件</source>
        <translation>Rejected rows file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="127"/>
        <source>请先选择：{what}</source>
        <translation>Choose first: {what}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="131"/>
        <source>正在检查并导入 {name} …</source>
        <translation>Checking and importing {name} …</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="137"/>
        <source>数据文件</source>
        <translation>the data file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="152"/>
        <source>检查完成，未写入数据</source>
        <translation>Checked; nothing was written</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="152"/>
        <source>导入完成</source>
        <translation>Import done</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="154"/>
        <source>检查发现问题，未写入数据</source>
        <translation>The checks found problems; nothing was written</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="161"/>
        <source>共 {rows} 行：新导入 {imported} 件，已导入过 {already} 件，问题行 {rejected} 行</source>
        <translation>{rows} rows: {imported} cases imported, {already} imported before, {rejected} rows rejected</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="164"/>
        <source>问题行及原因已写入 {path}</source>
        <translation>Rejected rows and their reasons are in {path}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="167"/>
        <source>共 {rows} 个部件：新增 {new} 个，更新 {replaced} 个</source>
        <translation>{rows} components: {new} new, {replaced} replaced</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="168"/>
        <source>共 {features} 个要素，问题 {problems} 个，缝隙 {gaps} 处，改划网格的案件 {moved} 件</source>
        <translation>{features} features, {problems} problems, {gaps} gaps, {moved} cases moved to another grid</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="175"/>
        <source>导入被拒绝，未写入任何数据：</source>
        <translation>Import refused, nothing was written:</translation>
    </message>
</context>
<context>
    <name>IntakeDesk</name>
    <message>
        <location filename="../../commandcenter/views/intake/window.py" line="46"/>
        <source>登记来电 / 来访</source>
        <translation>Register a call / visit</translation>
    </message>
    <message>
        <source>该点不在本区范围内</source>
        <translation type="vanished">That point is outside the district</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/window.py" line="66"/>
        <source>未找到该位置：请核对编码或地址，或在地图上点击</source>
        <translation>Place not found: check the code or address, or click on the map</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/window.py" line="96"/>
        <source>发现 {n} 件可能重复的案件：请选择并入，或仍登记为新案件</source>
        <translation>{n} possible duplicates found: merge the call into one, or register it as a new case</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/window.py" line="106"/>
        <source>已登记并并入案件：{number} 已合并，计为一件</source>
        <translation>Registered and merged: {number} is merged and counted once</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/window.py" line="107"/>
        <source>已登记：案件 {number}，待受理</source>
        <translation>Registered: case {number}, waiting for intake</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/window.py" line="110"/>
        <source>登记未保存：{why}</source>
        <translation>Not registered: {why}</translation>
    </message>
</context>
<context>
    <name>LayerField</name>
    <message>
        <location filename="../../commandcenter/views/exchange/geo_fields.py" line="46"/>
        <source>仅 GeoPackage：选择图层</source>
        <translation>GeoPackage only: choose a layer</translation>
    </message>
</context>
<context>
    <name>LeaderDesk</name>
    <message>
        <source>今日概况</source>
        <translation type="vanished">Today</translation>
    </message>
</context>
<context>
    <name>LiveDesk</name>
    <message>
        <location filename="../../commandcenter/views/common/desk_live.py" line="201"/>
        <source>数据库连接中断，操作未执行；连接恢复后请重新操作。</source>
        <translation>The database connection is lost: nothing was done. Please try again once it is back.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_live.py" line="211"/>
        <source>数据库连接中断，正在重新连接… 画面显示的是断开前的数据，此时的操作不会执行。</source>
        <translation>Database connection lost, reconnecting… The screen shows the data from before the break; actions taken now will not be carried out.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_live.py" line="213"/>
        <source>数据库离线：画面显示的是断开前的数据，操作暂停。</source>
        <translation>Database offline: the screen shows the data from before the break; actions are paused.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="21"/>
        <source>登录 · 网格化管理监督指挥中心</source>
        <translation>Sign in · Grid Management Command Center</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="26"/>
        <source>网格化管理监督指挥中心</source>
        <translation>Grid Management Command Center</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="31"/>
        <source>数据库：{where}</source>
        <translation>Database: {where}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="39"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="40"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="43"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="44"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="60"/>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="75"/>
        <source>用户名或密码错误</source>
        <translation>Wrong user name or password</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="78"/>
        <source>无法连接数据库（{where}），未登录。请检查网络，稍后重试或联系系统管理员。</source>
        <translation>Could not reach the database ({where}); you are not signed in. Check the network, try again later or call your system administrator.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/login.py" line="89"/>
        <source>本机文件 {name}</source>
        <translation>file on this computer {name}</translation>
    </message>
    <message>
        <source>数据库不可用：{error}</source>
        <translation type="vanished">Database unavailable: {error}</translation>
    </message>
</context>
<context>
    <name>LoopTimeline</name>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="58"/>
        <source>上报</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="58"/>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="59"/>
        <source>核实</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="59"/>
        <source>立案</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="60"/>
        <source>派遣</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="60"/>
        <source>处置</source>
        <translation>Handle</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="61"/>
        <source>核查</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="61"/>
        <source>结案</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="78"/>
        <source>{name}×{n}</source>
        <translation>{name}×{n}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="83"/>
        <location filename="../../commandcenter/views/common/timeline.py" line="112"/>
        <source>{t}起</source>
        <translation>from {t}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="85"/>
        <source>跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="89"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="91"/>
        <source>挂账 计时暂停</source>
        <translation>On hold, paused</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="95"/>
        <location filename="../../commandcenter/views/common/timeline.py" line="111"/>
        <source>限 {t}</source>
        <translation>due {t}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="113"/>
        <source>处置×3</source>
        <translation>Handle×3</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="168"/>
        <source>{label}×{n}</source>
        <translation>{label}×{n}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="180"/>
        <source>起</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="182"/>
        <source>限 </source>
        <translation>due </translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="281"/>
        <source>{stage}：{start} – {end}</source>
        <translation>{stage}: {start} – {end}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="283"/>
        <source>至今</source>
        <translation>now</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="285"/>
        <source>，时限 {t}</source>
        <translation>, due {t}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="287"/>
        <source>（超时）</source>
        <translation> (overran)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/timeline.py" line="289"/>
        <source>，{who}（{role}）{action}</source>
        <translation>, {action} by {who} ({role})</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../commandcenter/map/page.py" line="40"/>
        <source>正常</source>
        <translation>On track</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="40"/>
        <source>预警</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="41"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="42"/>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="43"/>
        <source>{name}（未在岗）</source>
        <translation>{name} (off duty)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="44"/>
        <source>街道、社区、网格边界为合成示意</source>
        <translation>Street, community and grid boundaries are synthetic</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="45"/>
        <source>案件倒计时</source>
        <translation>Case countdown</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="46"/>
        <source>网格在办案件</source>
        <translation>Open cases per grid</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="47"/>
        <source>超期 ≥ {n} 件</source>
        <translation>Overdue ≥ {n}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="48"/>
        <source>图例</source>
        <translation>Legend</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="49"/>
        <source>圈内数字：该处案件数（放大后分开）</source>
        <translation>Number in a ring: cases there (zoom in to separate them)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="50"/>
        <source>监督员</source>
        <translation>Supervisors</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="51"/>
        <source>在岗位置</source>
        <translation>On duty, position</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="52"/>
        <source>近1小时轨迹</source>
        <translation>Last hour&apos;s trail</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="53"/>
        <source>未在岗</source>
        <translation>Off duty</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="54"/>
        <source>点击指派</source>
        <translation>Click to assign</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="55"/>
        <source>候选第 {n} 位</source>
        <translation>Candidate no. {n}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="56"/>
        <source>指派候选</source>
        <translation>Candidates to assign</translation>
    </message>
    <message>
        <location filename="../../commandcenter/map/page.py" line="57"/>
        <source>回放 {time}</source>
        <translation>Replay {time}</translation>
    </message>
</context>
<context>
    <name>OverduePage</name>
    <message>
        <location filename="../../commandcenter/views/wall/overdue.py" line="230"/>
        <source>超期 {overdue} 件 · 督办 {supervised} 件</source>
        <translation>{overdue} overdue · {supervised} under supervision</translation>
    </message>
</context>
<context>
    <name>OverviewDesk</name>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="68"/>
        <source>今日概况</source>
        <translation>Today</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="18"/>
        <source>上报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="19"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="20"/>
        <source>立案</source>
        <translation>Filed</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="21"/>
        <source>派遣</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="22"/>
        <source>处置</source>
        <translation>Handled</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="23"/>
        <source>结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="99"/>
        <source>超期未处置</source>
        <translation>Overdue, open</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="100"/>
        <source>今日按期结案率</source>
        <translation>On time today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="101"/>
        <source>本月按期结案率</source>
        <translation>On time this month</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/overview.py" line="122"/>
        <source>上期 {rate}</source>
        <translation>Previous period {rate}</translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="12"/>
        <source>今日上报</source>
        <translation>Reported today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="13"/>
        <source>今日受理</source>
        <translation>Accepted today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="14"/>
        <source>今日立案</source>
        <translation>Filed today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="15"/>
        <source>今日派遣</source>
        <translation>Dispatched today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="16"/>
        <source>今日处置</source>
        <translation>Handled today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="17"/>
        <source>今日结案</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="18"/>
        <source>超期未处置</source>
        <translation>Overdue, open</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="19"/>
        <source>今日按期结案率</source>
        <translation>On time today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="20"/>
        <source>本月按期结案率</source>
        <translation>On time this month</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/overview.py" line="59"/>
        <source>更新于 {time}</source>
        <translation>Updated {time}</translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <location filename="../../commandcenter/views/wall/theme.py" line="144"/>
        <source>已暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/theme.py" line="155"/>
        <source>● 实时</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/theme.py" line="158"/>
        <source>离线 自 {time} 起</source>
        <translation>Offline since {time}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/theme.py" line="162"/>
        <source>正在重新连接…</source>
        <translation>Reconnecting…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/theme.py" line="163"/>
        <source>更新于 {time}</source>
        <translation>Updated {time}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/theme.py" line="164"/>
        <source>尚未更新</source>
        <translation>Not updated yet</translation>
    </message>
</context>
<context>
    <name>PhotoPicker</name>
    <message>
        <location filename="../../commandcenter/views/common/photo_picker.py" line="20"/>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/photo_picker.py" line="21"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/photo_picker.py" line="28"/>
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/photo_picker.py" line="28"/>
        <source>图片 (*.jpg *.jpeg *.png *.webp *.gif *.bmp)</source>
        <translation>Pictures (*.jpg *.jpeg *.png *.webp *.gif *.bmp)</translation>
    </message>
</context>
<context>
    <name>PublishButton</name>
    <message>
        <location filename="../../commandcenter/views/review/publish.py" line="20"/>
        <source>固化</source>
        <translation>Publish</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/publish.py" line="21"/>
        <source>固化本期考核数据：保存全部指标与案件清单，此后导出使用固化数字</source>
        <translation>Publish (freeze) this period&apos;s review: store every figure and its case list; exports then use the published figures</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/publish.py" line="31"/>
        <source>期间格式有误：{error}</source>
        <translation>Malformed period: {error}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/publish.py" line="34"/>
        <source>固化考核数据</source>
        <translation>Publish the review</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/publish.py" line="35"/>
        <source>固化 {period} 的考核数据？
全部对象的指标和案件清单将按现在的日志保存；之后的导出使用固化数字，窗口中与之不同的实时数字标为黄色。</source>
        <translation>Publish the review of {period}?
Every object type&apos;s figures and case lists are stored as the log stands now; exports then use the published figures, and live figures that differ from them are tinted yellow in this window.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/publish.py" line="44"/>
        <source>正在固化 {period} …</source>
        <translation>Publishing {period} …</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/publish.py" line="60"/>
        <source>固化失败：{error}</source>
        <translation>Publishing failed: {error}</translation>
    </message>
</context>
<context>
    <name>QueueTabs</name>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="73"/>
        <location filename="../../commandcenter/views/intake/window.py" line="20"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="31"/>
        <source>待受理</source>
        <translation>To accept</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="74"/>
        <location filename="../../commandcenter/views/intake/window.py" line="22"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="32"/>
        <source>待核实</source>
        <translation>To verify</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="75"/>
        <location filename="../../commandcenter/views/intake/window.py" line="24"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="25"/>
        <source>待立案</source>
        <translation>To file</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="76"/>
        <source>待派遣</source>
        <translation>To dispatch</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="78"/>
        <source>处置中</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="79"/>
        <location filename="../../commandcenter/views/department/window.py" line="37"/>
        <location filename="../../commandcenter/views/leader/window.py" line="22"/>
        <source>即将超期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="81"/>
        <location filename="../../commandcenter/views/department/window.py" line="39"/>
        <location filename="../../commandcenter/views/intake/window.py" line="26"/>
        <location filename="../../commandcenter/views/leader/window.py" line="16"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="34"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="83"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="29"/>
        <source>待审批</source>
        <translation>To approve</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="85"/>
        <location filename="../../commandcenter/views/department/window.py" line="45"/>
        <source>待核查</source>
        <translation>To check</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queue_model.py" line="86"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="26"/>
        <source>待结案</source>
        <translation>To close</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queues.py" line="99"/>
        <source>筛选案件…</source>
        <translation>Filter cases…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queues.py" line="100"/>
        <source>按案件号、地址、网格编码或类别筛选所有队列</source>
        <translation>Filter every queue by case number, address, grid code or class</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queues.py" line="246"/>
        <source>{n} 项变化暂缓显示</source>
        <translation>{n} changes held</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/queues.py" line="247"/>
        <source>指针在队列上或正在拖动时，行不移动；移开后立即显示</source>
        <translation>Rows hold still while the pointer is over a queue or a drag runs; the changes show as soon as it leaves</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/window.py" line="35"/>
        <source>待处置</source>
        <translation>To handle</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/window.py" line="41"/>
        <source>申请待批</source>
        <translation>Requests pending</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/department/window.py" line="43"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="33"/>
        <source>挂账</source>
        <translation>On hold</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/leader/window.py" line="18"/>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="36"/>
        <source>督办中</source>
        <translation>Supervised</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/leader/window.py" line="20"/>
        <source>已升级</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/leader/window.py" line="24"/>
        <source>全部在办</source>
        <translation>All open</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="33"/>
        <source>我的核实</source>
        <translation>My verifications</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="34"/>
        <source>我的核查</source>
        <translation>My checks</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="35"/>
        <source>未接单</source>
        <translation>Not taken</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/window.py" line="37"/>
        <source>无人认领</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="27"/>
        <source>自处理待审</source>
        <translation>Handled on the spot</translation>
    </message>
</context>
<context>
    <name>RankingPage</name>
    <message>
        <location filename="../../commandcenter/views/wall/ranking.py" line="73"/>
        <source>街道 红黑榜</source>
        <translation>Streets: best and worst</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/ranking.py" line="74"/>
        <source>部门 红黑榜</source>
        <translation>Departments: best and worst</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/ranking.py" line="90"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>按期结案率</source>
        <translation type="vanished">On time</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/ranking.py" line="90"/>
        <source>处置率</source>
        <translation>Handled</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/ranking.py" line="90"/>
        <source>按期
结案率</source>
        <translation>On time
closed</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/ranking.py" line="92"/>
        <source>本月派遣 ≥ {n} 件才排名；未排名：街道 {streets}、部门 {departments}</source>
        <translation>Ranked from {n} cases dispatched this month; not ranked: {streets} streets, {departments} departments</translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="67"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="70"/>
        <source>网格编码 / 部件编码 / 地址，或在地图上点击</source>
        <translation>Grid code / component code / address, or click on the map</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="72"/>
        <source>定位</source>
        <translation>Locate</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="76"/>
        <source>位置</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="77"/>
        <location filename="../../commandcenter/views/intake/form.py" line="245"/>
        <source>未选择位置</source>
        <translation>No place chosen</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="80"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="85"/>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="89"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="91"/>
        <source>问题是什么、在哪里、多大范围</source>
        <translation>What the problem is, where, how large</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="93"/>
        <source>问题描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="98"/>
        <source>已现场处置（自处理，需照片，待值班长审核）</source>
        <translation>Already handled on the spot (needs a photo; the shift lead approves)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="104"/>
        <source>上报人姓名</source>
        <translation>Reporter&apos;s name</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="105"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="106"/>
        <source>证件号</source>
        <translation>ID no.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="107"/>
        <source>上报人信息为个人信息，登记后仅有权限的岗位可见，查看留痕。</source>
        <translation>The reporter&apos;s details are personal data: once saved, only authorised posts see them, and every read is logged.</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="112"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="118"/>
        <source>查重并登记</source>
        <translation>Check duplicates and register</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="121"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="146"/>
        <source>输入类别名称查找，如 垃圾、井盖</source>
        <translation>Type to find a class, e.g. rubbish, manhole</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="173"/>
        <source>未找到该位置</source>
        <translation>Place not found</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="178"/>
        <source>网格 {grid}&#x3000;经纬度 {lon:.6f}, {lat:.6f}</source>
        <translation>Grid {grid}  lon/lat {lon:.6f}, {lat:.6f}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="180"/>
        <source>&#x3000;部件 {code}</source>
        <translation>  component {code}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="192"/>
        <source>请选择位置：在地图上点击，或输入网格编码、部件编码、地址后定位</source>
        <translation>Choose the place: click on the map, or type a grid code, component code or address and locate it</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="194"/>
        <source>请从列表中选择类别</source>
        <translation>Choose a class from the list</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="196"/>
        <source>请填写问题描述</source>
        <translation>Describe the problem</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="199"/>
        <source>联系电话格式不对</source>
        <translation>The phone number is not valid</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="202"/>
        <source>证件号应为18位（或15位）身份证号</source>
        <translation>The ID number must be an 18-digit (or 15-digit) resident ID</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/intake/form.py" line="204"/>
        <source>自处理须附现场处置后的照片</source>
        <translation>A case handled on the spot needs a photo of the result</translation>
    </message>
</context>
<context>
    <name>Related</name>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="55"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="60"/>
        <source>本网格</source>
        <translation>own grid</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="61"/>
        <source>在岗</source>
        <translation>on duty</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="62"/>
        <source>未在岗</source>
        <translation>Off duty</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="64"/>
        <source>距离 {m} 米</source>
        <translation>{m} m away</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="66"/>
        <source>在办任务 {n}</source>
        <translation>{n} open tasks</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="67"/>
        <source>{name}（{facts}）</source>
        <translation>{name} ({facts})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="68"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="73"/>
        <source>{candidate}&#x3000;· 地图选择</source>
        <translation>{candidate} · picked on the map</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/related.py" line="78"/>
        <source>{number}&#x3000;相距 {m} 米&#x3000;{time} 上报</source>
        <translation>{number}  {m} m away  reported {time}</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="37"/>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="179"/>
        <source>回放</source>
        <translation>Replay</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="39"/>
        <source>回放哪一天</source>
        <translation>Day to replay</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="49"/>
        <source>回放速度：实际时间的倍数</source>
        <translation>Replay speed: times real time</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="57"/>
        <source>返回实时</source>
        <translation>Back to live</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="135"/>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="142"/>
        <source>{cases} 件案件 · {staff} 名监督员</source>
        <translation>{cases} cases · {staff} field staff</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="147"/>
        <source>读取失败：{cause}</source>
        <translation>Could not read: {cause}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="161"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="161"/>
        <source>播放</source>
        <translation>Play</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="162"/>
        <source>播放 / 暂停（空格）</source>
        <translation>Play / pause (Space)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/replay_bar.py" line="180"/>
        <source>回放过去某一天的案件和监督员轨迹（Ctrl+R）</source>
        <translation>Replay a past day&apos;s cases and field staff trails (Ctrl+R)</translation>
    </message>
</context>
<context>
    <name>ReportFormDesk</name>
    <message>
        <location filename="../../commandcenter/views/intake/reporting.py" line="24"/>
        <source>该点不在本区范围内</source>
        <translation>That point is outside the district</translation>
    </message>
</context>
<context>
    <name>ReviewMap</name>
    <message>
        <location filename="../../commandcenter/views/review/review_map.py" line="45"/>
        <source>{title}（1 最好 … 5 最差）</source>
        <translation>{title} (1 best … 5 worst)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/review_map.py" line="47"/>
        <source>无数据：不着色</source>
        <translation>No data: not shaded</translation>
    </message>
</context>
<context>
    <name>ReviewMenu</name>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="367"/>
        <source>月度评价</source>
        <translation>Monthly review</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="368"/>
        <source>月度综合评价：部门、区域与岗位的指标、排名和通报</source>
        <translation>Monthly review: indicators, rankings and the report for departments, areas and posts</translation>
    </message>
</context>
<context>
    <name>ReviewTableModel</name>
    <message>
        <location filename="../../commandcenter/views/review/model.py" line="108"/>
        <source>固化值 {frozen}，实时值 {live}</source>
        <translation>Published {frozen}, live {live}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/model.py" line="111"/>
        <source>点击列出案件</source>
        <translation>Click to list the cases</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="73"/>
        <source>月度综合评价</source>
        <translation>Monthly review</translation>
    </message>
    <message>
        <source>2026-11、2026-Q4、2026-W47、2026 或 2026-11-01..2026-11-15</source>
        <translation type="vanished">2026-11, 2026-Q4, 2026-W47, 2026 or 2026-11-01..2026-11-15</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="82"/>
        <source>2026-11、2026-Q4、2026-W47、2026、2026-11-01..2026-11-15，或 this-month、last-month、last-30-days</source>
        <translation>2026-11, 2026-Q4, 2026-W47, 2026, 2026-11-01..2026-11-15, or this-month, last-month, last-30-days</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="91"/>
        <source>计算</source>
        <translation>Compute</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="98"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="98"/>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="117"/>
        <source>点击表中数字，列出其案件</source>
        <translation>Click a figure in the table to list its cases</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="120"/>
        <source>案件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="120"/>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="120"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="120"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="120"/>
        <source>上报时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="140"/>
        <source>排名</source>
        <translation>Ranking</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="141"/>
        <source>趋势</source>
        <translation>Trend</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="158"/>
        <source>地图按</source>
        <translation>Map by</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="167"/>
        <source>地图</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="172"/>
        <source>案件详情</source>
        <translation>Case detail</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="197"/>
        <source>期间格式有误：{error}</source>
        <translation>Malformed period: {error}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="205"/>
        <source>正在计算 {period} …</source>
        <translation>Computing {period} …</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="222"/>
        <source>该期间没有案件</source>
        <translation>No cases in this period</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="224"/>
        <source>计算失败：{error}</source>
        <translation>Computation failed: {error}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="243"/>
        <source>{period}：实时数字，截至 {as_of}</source>
        <translation>{period}: live figures as of {as_of}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="247"/>
        <source>；已于 {at} 固化，{n} 项与固化数字不同（黄色）</source>
        <translation>; published {at}, {n} figures differ from the published ones (yellow)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="250"/>
        <source>；已于 {at} 固化，与实时一致</source>
        <translation>; published {at}, same as live</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="261"/>
        <source>无参评单位：案件数均少于 {n} 件</source>
        <translation>No unit ranked: all have fewer than {n} cases</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="267"/>
        <source>{object}综合得分排名</source>
        <translation>{object}: score ranking</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="309"/>
        <location filename="../../commandcenter/views/review/window.py" line="360"/>
        <source>全区</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="310"/>
        <source>{unit} · {indicator}：{n} 件</source>
        <translation>{unit} · {indicator}: {n} cases</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/review/window.py" line="342"/>
        <source>正在计算近 12 期趋势 …</source>
        <translation>Computing the last 12 periods …</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../commandcenter/views/common/settings_dialog.py" line="16"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>无底图（离线）；或 http://内网瓦片服务/{z}/{x}/{y}.png</source>
        <translation type="vanished">No basemap (offline); or http://intranet-tiles/{z}/{x}/{y}.png</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/settings_dialog.py" line="27"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>底图瓦片地址</source>
        <translation type="vanished">Basemap tile URL</translation>
    </message>
    <message>
        <source>底图坐标系</source>
        <translation type="vanished">Basemap datum</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/settings_dialog.py" line="29"/>
        <source>预警比例</source>
        <translation>Warning share</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/settings_dialog.py" line="30"/>
        <source>界面语言在重新启动后生效。</source>
        <translation>A new language takes effect after a restart.</translation>
    </message>
</context>
<context>
    <name>ShiftLeadDesk</name>
    <message>
        <source>今日概况</source>
        <translation type="vanished">Today</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/shiftlead/window.py" line="50"/>
        <source>数据导入</source>
        <translation>Data import</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../commandcenter/views/wall/staff.py" line="52"/>
        <source>在岗 {on} / {all} 人</source>
        <translation>On duty {on} / {all}</translation>
    </message>
</context>
<context>
    <name>StaffPick</name>
    <message>
        <location filename="../../commandcenter/views/common/desk_pick.py" line="49"/>
        <source>{name}：核实、核查任务由{roles}指派</source>
        <translation>{name}: verify and check tasks are assigned by these roles: {roles}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_pick.py" line="55"/>
        <source>要把任务指派给 {name}：请先选中一件待核实或待核查的案件，再点击地图上的监督员</source>
        <translation>To assign a task to {name}: first select a case awaiting verification or a check, then click the supervisor on the map</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_pick.py" line="71"/>
        <source>{name} 不是在职的监督员，不能承担核实、核查任务</source>
        <translation>{name} is not an active field supervisor and cannot take verify or check tasks</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_pick.py" line="74"/>
        <source>详情中的案件已更换，请再点击一次监督员</source>
        <translation>Another case is now in the detail: click the supervisor again</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/desk_pick.py" line="76"/>
        <source>案件 {number} 的任务已由 {name} 承担</source>
        <translation>Case {number}&apos;s task is already held by {name}</translation>
    </message>
</context>
<context>
    <name>StartupDialog</name>
    <message>
        <location filename="../../commandcenter/views/common/startup.py" line="31"/>
        <source>首次启动：正在生成东城区演示数据…</source>
        <translation>First start: building the Dongcheng demo data…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/startup.py" line="41"/>
        <source>首次启动：正在绘制区划底图…</source>
        <translation>First start: drawing the district basemap…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/startup.py" line="52"/>
        <source>网格化管理监督指挥中心</source>
        <translation>Grid Management Command Center</translation>
    </message>
    <message>
        <location filename="../../commandcenter/cli/selftest.py" line="106"/>
        <location filename="../../commandcenter/views/common/startup.py" line="54"/>
        <location filename="../../commandcenter/views/common/startup.py" line="83"/>
        <source>正在连接数据库…</source>
        <translation>Connecting to the database…</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/startup.py" line="59"/>
        <source>数据库密码</source>
        <translation>Database password</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/startup.py" line="60"/>
        <source>保存到系统密钥环</source>
        <translation>Save in the system keyring</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/startup.py" line="61"/>
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/startup.py" line="94"/>
        <source>无法打开数据库：{error}</source>
        <translation>Cannot open the database: {error}</translation>
    </message>
</context>
<context>
    <name>TaskList</name>
    <message>
        <location filename="../../commandcenter/views/field/tasks_panel.py" line="31"/>
        <source>共 {n} 项任务，{late} 项超时未接单</source>
        <translation>{n} tasks, {late} not taken in time</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/tasks_panel.py" line="32"/>
        <source>当前没有任务</source>
        <translation>No tasks</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/tasks_panel.py" line="36"/>
        <source>已接单 {time}</source>
        <translation>Taken at {time}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/tasks_panel.py" line="38"/>
        <source>超时未接单（应于 {time} 前接单）</source>
        <translation>Not taken in time (due by {time})</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/tasks_panel.py" line="41"/>
        <source>待接单，{time} 前</source>
        <translation>To take by {time}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/field/tasks_panel.py" line="44"/>
        <source>{stage} 案件 {number} · {cls}
{address}
{state}；时限 {due}</source>
        <translation>{stage} case {number} · {cls}
{address}
{state}; due {due}</translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <location filename="../../commandcenter/views/wall/trends.py" line="68"/>
        <source>每小时上报</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/trends.py" line="68"/>
        <source>━今日 ┅上周</source>
        <translation>━ today ┅ last week</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/trends.py" line="69"/>
        <source>30天立案结案</source>
        <translation>30 days</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/trends.py" line="69"/>
        <source>▮立案 ━结案</source>
        <translation>▮ filed ━ closed</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/trends.py" line="70"/>
        <source>本月案件来源</source>
        <translation>Sources this month</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/trends.py" line="71"/>
        <source>本周高发问题</source>
        <translation>Top this week</translation>
    </message>
</context>
<context>
    <name>WallConfigDialog</name>
    <message>
        <location filename="../../commandcenter/views/wall/config_dialog.py" line="51"/>
        <source>大屏配置</source>
        <translation>Wall display configuration</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/config_dialog.py" line="53"/>
        <source>文件：{path}（大屏下次启动或重启时生效）</source>
        <translation>File: {path} (takes effect when the wall next starts)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/config_dialog.py" line="83"/>
        <source>未保存：第 {line} 行：{reason}</source>
        <translation>Not saved: line {line}: {reason}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/config_dialog.py" line="108"/>
        <source>无法读写配置文件：{error}</source>
        <translation>Cannot read or write the configuration: {error}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/config_dialog.py" line="115"/>
        <source>大屏配置…</source>
        <translation>Wall display…</translation>
    </message>
</context>
<context>
    <name>WallConnect</name>
    <message>
        <location filename="../../commandcenter/views/wall/connect.py" line="41"/>
        <source>配置文件中没有大屏账号（[account] user）</source>
        <translation>The configuration names no wall account ([account] user)</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/connect.py" line="44"/>
        <source>没有账号 {user} 的密码：写入配置文件 [account] password，或运行 commandcenter wall --save-password</source>
        <translation>No password for account {user}: put it in the configuration ([account] password) or run commandcenter wall --save-password</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/connect.py" line="52"/>
        <source>账号 {user} 登录失败：用户名或密码不对</source>
        <translation>Account {user} could not log in: wrong user name or password</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/connect.py" line="55"/>
        <source>账号 {user} 不是大屏账号（角色 {role}）：大屏只用只读的大屏账号登录</source>
        <translation>Account {user} is not a wall account (role {role}): the wall logs in only with a read-only wall account</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/connect.py" line="70"/>
        <source>数据库地址有误：{error}</source>
        <translation>Bad database URL: {error}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/connect.py" line="73"/>
        <source>数据库不可达：{error}</source>
        <translation>Database out of reach: {error}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/connect.py" line="74"/>
        <source>无法启动：{error}</source>
        <translation>Cannot start: {error}</translation>
    </message>
</context>
<context>
    <name>WallPage</name>
    <message>
        <location filename="../../commandcenter/views/wall/base.py" line="17"/>
        <source>态势总览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/base.py" line="18"/>
        <source>趋势</source>
        <translation>Trends</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/base.py" line="19"/>
        <source>排行</source>
        <translation>Rankings</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/base.py" line="20"/>
        <source>超期督办</source>
        <translation>Overdue and supervised</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/base.py" line="21"/>
        <source>监督员在岗</source>
        <translation>Field staff on duty</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <location filename="../../commandcenter/views/wall/window.py" line="60"/>
        <source>网格化管理监督指挥中心 · 大屏</source>
        <translation>Grid Management Command Center · Wall display</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/window.py" line="97"/>
        <source>配置文件有误，使用默认轮播：{reason}</source>
        <translation>The configuration was refused; showing the standard playlist: {reason}</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/window.py" line="370"/>
        <source>数据库未连接，无法核对密码</source>
        <translation>No database connection: the password cannot be checked</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/wall/window.py" line="392"/>
        <source>只有值班长可以退出大屏；用户名或密码不对</source>
        <translation>Only a shift lead can leave the wall; wrong user name or password</translation>
    </message>
</context>
<context>
    <name>_Board</name>
    <message>
        <location filename="../../commandcenter/views/wall/ranking.py" line="57"/>
        <source>本月尚无足够案件</source>
        <translation>Not enough cases this month</translation>
    </message>
</context>
<context>
    <name>_FileField</name>
    <message>
        <location filename="../../commandcenter/views/exchange/import_dialog.py" line="22"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="34"/>
        <source>部件权属单位</source>
        <extracomment>why the router suggests a department: the component&apos;s registered owner</extracomment>
        <translation>Component owner</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="36"/>
        <source>类别主管部门</source>
        <extracomment>why the router suggests a department: it usually handles the case&apos;s class</extracomment>
        <translation>Responsible for the class</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="38"/>
        <source>属地街道</source>
        <extracomment>why the router suggests a department: the street office where the case is</extracomment>
        <translation>Local street office</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="40"/>
        <source>区域</source>
        <extracomment>part of a routing rule&apos;s description: &quot;区域 110101001&quot; (area code prefix)</extracomment>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="42"/>
        <source>全部</source>
        <extracomment>part of a routing rule&apos;s description: the rule applies to every class</extracomment>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="44"/>
        <source>返工</source>
        <extracomment>a detour of the closed loop: sent back for rework after a failed check</extracomment>
        <translation>Rework</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="46"/>
        <source>退回</source>
        <extracomment>a detour of the closed loop: sent back</extracomment>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="48"/>
        <source>完好</source>
        <extracomment>state of a component in the component register</extracomment>
        <translation>Intact</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="50"/>
        <source>破损</source>
        <extracomment>state of a component in the component register</extracomment>
        <translation>Damaged</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="52"/>
        <source>丢失</source>
        <extracomment>state of a component in the component register</extracomment>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="54"/>
        <source>占用</source>
        <extracomment>state of a component in the component register</extracomment>
        <translation>Occupied</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="59"/>
        <source>zh_CN</source>
        <extracomment>not shown: the code of the interface language, &quot;en&quot; in the English translation; it tells which of a place&apos;s names to show</extracomment>
        <translation>en</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="65"/>
        <source>{n}工作分钟</source>
        <extracomment>a time limit in working minutes</extracomment>
        <translation>{n} work min</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="67"/>
        <source>{n}工作小时</source>
        <extracomment>a time limit in working hours</extracomment>
        <translation>{n} work h</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="69"/>
        <source>{n}工作日</source>
        <extracomment>a time limit in working days</extracomment>
        <translation>{n} work d</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="71"/>
        <source>{n}小时</source>
        <extracomment>a time limit in natural (clock) hours</extracomment>
        <translation>{n} h</translation>
    </message>
    <message>
        <location filename="../../commandcenter/views/common/i18n.py" line="74"/>
        <source>规则#{n}: {what} → {target}</source>
        <extracomment>a routing rule as the suggestion&apos;s reason; {what}: kind, class codes and names, area</extracomment>
        <translation>Rule #{n}: {what} → {target}</translation>
    </message>
    <message>
        <source>监督员</source>
        <extracomment>role; monthly review: object type, column or peer group</extracomment>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>受理员</source>
        <extracomment>role; monthly review: object type, column or peer group</extracomment>
        <translation>Operator</translation>
    </message>
    <message>
        <source>值班长</source>
        <extracomment>role; monthly review: object type, column or peer group</extracomment>
        <translation>Shift lead</translation>
    </message>
    <message>
        <source>派遣员</source>
        <extracomment>role; monthly review: object type, column or peer group</extracomment>
        <translation>Dispatcher</translation>
    </message>
    <message>
        <source>专业部门</source>
        <extracomment>role; monthly review: object type, column or peer group</extracomment>
        <translation>Department</translation>
    </message>
    <message>
        <source>领导</source>
        <extracomment>role</extracomment>
        <translation>Leader</translation>
    </message>
    <message>
        <source>系统</source>
        <extracomment>role</extracomment>
        <translation>System</translation>
    </message>
    <message>
        <source>大屏</source>
        <extracomment>role</extracomment>
        <translation>Wall display</translation>
    </message>
    <message>
        <source>待受理</source>
        <extracomment>stage of a case</extracomment>
        <translation>To accept</translation>
    </message>
    <message>
        <source>待核实</source>
        <extracomment>stage of a case</extracomment>
        <translation>To verify</translation>
    </message>
    <message>
        <source>待立案</source>
        <extracomment>stage of a case</extracomment>
        <translation>To file</translation>
    </message>
    <message>
        <source>待派遣</source>
        <extracomment>stage of a case</extracomment>
        <translation>To dispatch</translation>
    </message>
    <message>
        <source>处置中</source>
        <extracomment>stage of a case</extracomment>
        <translation>Handling</translation>
    </message>
    <message>
        <source>挂账</source>
        <extracomment>stage of a case; kind of request</extracomment>
        <translation>On hold</translation>
    </message>
    <message>
        <source>待核查</source>
        <extracomment>stage of a case</extracomment>
        <translation>To check</translation>
    </message>
    <message>
        <source>待结案</source>
        <extracomment>stage of a case</extracomment>
        <translation>To close</translation>
    </message>
    <message>
        <source>已结案</source>
        <extracomment>stage of a case</extracomment>
        <translation>Closed</translation>
    </message>
    <message>
        <source>作废</source>
        <extracomment>stage of a case; action on a case</extracomment>
        <translation>Void</translation>
    </message>
    <message>
        <source>监督员上报</source>
        <extracomment>source of a report</extracomment>
        <translation>Supervisor report</translation>
    </message>
    <message>
        <source>热线</source>
        <extracomment>source of a report</extracomment>
        <translation>Hotline</translation>
    </message>
    <message>
        <source>公众举报</source>
        <extracomment>source of a report</extracomment>
        <translation>Public report</translation>
    </message>
    <message>
        <source>视频发现</source>
        <extracomment>source of a report</extracomment>
        <translation>Video</translation>
    </message>
    <message>
        <source>上级交办</source>
        <extracomment>source of a report</extracomment>
        <translation>Handed down</translation>
    </message>
    <message>
        <source>一般</source>
        <extracomment>urgency</extracomment>
        <translation>Normal</translation>
    </message>
    <message>
        <source>紧急</source>
        <extracomment>urgency</extracomment>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>部件</source>
        <extracomment>kind of case</extracomment>
        <translation>Component</translation>
    </message>
    <message>
        <source>事件</source>
        <extracomment>kind of case</extracomment>
        <translation>Event</translation>
    </message>
    <message>
        <source>上报</source>
        <extracomment>action on a case; step of the closed loop</extracomment>
        <translation>Report</translation>
    </message>
    <message>
        <source>受理</source>
        <extracomment>action on a case; step of the closed loop</extracomment>
        <translation>Accept</translation>
    </message>
    <message>
        <source>核实</source>
        <extracomment>action on a case; step of the closed loop</extracomment>
        <translation>Verify</translation>
    </message>
    <message>
        <source>立案</source>
        <extracomment>action on a case; step of the closed loop</extracomment>
        <translation>File</translation>
    </message>
    <message>
        <source>派遣</source>
        <extracomment>action on a case; step of the closed loop</extracomment>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>申请回退</source>
        <extracomment>action on a case</extracomment>
        <translation>Request return</translation>
    </message>
    <message>
        <source>申请延期</source>
        <extracomment>action on a case</extracomment>
        <translation>Request extension</translation>
    </message>
    <message>
        <source>申请挂账</source>
        <extracomment>action on a case</extracomment>
        <translation>Request hold</translation>
    </message>
    <message>
        <source>批准申请</source>
        <extracomment>action on a case</extracomment>
        <translation>Approve request</translation>
    </message>
    <message>
        <source>驳回申请</source>
        <extracomment>action on a case</extracomment>
        <translation>Reject request</translation>
    </message>
    <message>
        <source>恢复处置</source>
        <extracomment>action on a case</extracomment>
        <translation>Resume handling</translation>
    </message>
    <message>
        <source>处置反馈</source>
        <extracomment>action on a case</extracomment>
        <translation>Report result</translation>
    </message>
    <message>
        <source>核查通过</source>
        <extracomment>action on a case</extracomment>
        <translation>Check passed</translation>
    </message>
    <message>
        <source>核查不通过</source>
        <extracomment>action on a case</extracomment>
        <translation>Check failed</translation>
    </message>
    <message>
        <source>结案</source>
        <extracomment>action on a case; step of the closed loop</extracomment>
        <translation>Close</translation>
    </message>
    <message>
        <source>督办</source>
        <extracomment>action on a case</extracomment>
        <translation>Supervision order</translation>
    </message>
    <message>
        <source>超期升级</source>
        <extracomment>action on a case</extracomment>
        <translation>Escalate</translation>
    </message>
    <message>
        <source>撤回派遣</source>
        <extracomment>action on a case</extracomment>
        <translation>Recall dispatch</translation>
    </message>
    <message>
        <source>合并</source>
        <extracomment>action on a case</extracomment>
        <translation>Merge</translation>
    </message>
    <message>
        <source>并入重复案件</source>
        <extracomment>action on a case</extracomment>
        <translation>Duplicate merged in</translation>
    </message>
    <message>
        <source>指派监督员</source>
        <extracomment>action on a case</extracomment>
        <translation>Assign supervisor</translation>
    </message>
    <message>
        <source>接单</source>
        <extracomment>action on a case</extracomment>
        <translation>Take task</translation>
    </message>
    <message>
        <source>回退</source>
        <extracomment>kind of request</extracomment>
        <translation>Return</translation>
    </message>
    <message>
        <source>延期</source>
        <extracomment>kind of request</extracomment>
        <translation>Extension</translation>
    </message>
    <message>
        <source>自处理</source>
        <extracomment>kind of request</extracomment>
        <translation>Handled on the spot</translation>
    </message>
    <message>
        <source>处置</source>
        <extracomment>step of the closed loop</extracomment>
        <translation>Handling</translation>
    </message>
    <message>
        <source>核查</source>
        <extracomment>step of the closed loop</extracomment>
        <translation>Check</translation>
    </message>
    <message>
        <source>公用设施</source>
        <extracomment>major class of components</extracomment>
        <translation>Public utilities</translation>
    </message>
    <message>
        <source>上水井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Water main cover</translation>
    </message>
    <message>
        <source>污水井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Sewer cover</translation>
    </message>
    <message>
        <source>雨水井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Storm drain cover</translation>
    </message>
    <message>
        <source>雨水箅子</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Storm drain grate</translation>
    </message>
    <message>
        <source>电力井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Power cover</translation>
    </message>
    <message>
        <source>路灯井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Street light cover</translation>
    </message>
    <message>
        <source>通信井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Telecom cover</translation>
    </message>
    <message>
        <source>燃气井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Gas cover</translation>
    </message>
    <message>
        <source>公安井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Police cover</translation>
    </message>
    <message>
        <source>无主井盖</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Ownerless cover</translation>
    </message>
    <message>
        <source>消防栓</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Fire hydrant</translation>
    </message>
    <message>
        <source>路灯</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Street light</translation>
    </message>
    <message>
        <source>变压器(箱)</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Transformer (box)</translation>
    </message>
    <message>
        <source>电线杆</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Utility pole</translation>
    </message>
    <message>
        <source>通信交接箱</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Telecom cabinet</translation>
    </message>
    <message>
        <source>燃气调压箱</source>
        <extracomment>component class under 公用设施</extracomment>
        <translation>Gas regulator box</translation>
    </message>
    <message>
        <source>道路交通</source>
        <extracomment>major class of components</extracomment>
        <translation>Roads and traffic</translation>
    </message>
    <message>
        <source>公交站亭</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Bus shelter</translation>
    </message>
    <message>
        <source>交通信号灯</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Traffic light</translation>
    </message>
    <message>
        <source>交通标志牌</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Traffic sign</translation>
    </message>
    <message>
        <source>隔离护栏</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Road barrier</translation>
    </message>
    <message>
        <source>停车咪表</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Parking meter</translation>
    </message>
    <message>
        <source>过街天桥</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Footbridge</translation>
    </message>
    <message>
        <source>地下通道</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Underpass</translation>
    </message>
    <message>
        <source>路名牌</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Street name sign</translation>
    </message>
    <message>
        <source>电子警察</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Traffic camera</translation>
    </message>
    <message>
        <source>自行车停放架</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Bicycle rack</translation>
    </message>
    <message>
        <source>交通岗亭</source>
        <extracomment>component class under 道路交通</extracomment>
        <translation>Traffic booth</translation>
    </message>
    <message>
        <source>市容环境</source>
        <extracomment>major class of components; major class of events</extracomment>
        <translation>City appearance</translation>
    </message>
    <message>
        <source>公共厕所</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Public toilet</translation>
    </message>
    <message>
        <source>垃圾箱</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Waste bin</translation>
    </message>
    <message>
        <source>果皮箱</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Litter bin</translation>
    </message>
    <message>
        <source>报刊亭</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Newsstand</translation>
    </message>
    <message>
        <source>公共电话亭</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Phone booth</translation>
    </message>
    <message>
        <source>广告牌匾</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Shop sign</translation>
    </message>
    <message>
        <source>户外广告屏</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Outdoor ad screen</translation>
    </message>
    <message>
        <source>垃圾楼</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Refuse station</translation>
    </message>
    <message>
        <source>灯箱霓虹灯</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Light box / neon</translation>
    </message>
    <message>
        <source>公共座椅</source>
        <extracomment>component class under 市容环境</extracomment>
        <translation>Public bench</translation>
    </message>
    <message>
        <source>园林绿化</source>
        <extracomment>major class of components</extracomment>
        <translation>Greenery</translation>
    </message>
    <message>
        <source>古树名木</source>
        <extracomment>component class under 园林绿化</extracomment>
        <translation>Heritage tree</translation>
    </message>
    <message>
        <source>行道树</source>
        <extracomment>component class under 园林绿化</extracomment>
        <translation>Street tree</translation>
    </message>
    <message>
        <source>树木</source>
        <extracomment>component class under 园林绿化</extracomment>
        <translation>Tree</translation>
    </message>
    <message>
        <source>绿地</source>
        <extracomment>component class under 园林绿化</extracomment>
        <translation>Green space</translation>
    </message>
    <message>
        <source>花坛</source>
        <extracomment>component class under 园林绿化</extracomment>
        <translation>Flower bed</translation>
    </message>
    <message>
        <source>护树设施</source>
        <extracomment>component class under 园林绿化</extracomment>
        <translation>Tree guard</translation>
    </message>
    <message>
        <source>城市雕塑</source>
        <extracomment>component class under 园林绿化</extracomment>
        <translation>Public sculpture</translation>
    </message>
    <message>
        <source>房屋土地</source>
        <extracomment>major class of components</extracomment>
        <translation>Buildings and land</translation>
    </message>
    <message>
        <source>人防工事</source>
        <extracomment>component class under 房屋土地</extracomment>
        <translation>Air-raid shelter</translation>
    </message>
    <message>
        <source>危房</source>
        <extracomment>component class under 房屋土地</extracomment>
        <translation>Unsafe building</translation>
    </message>
    <message>
        <source>地下室</source>
        <extracomment>component class under 房屋土地</extracomment>
        <translation>Basement</translation>
    </message>
    <message>
        <source>工地</source>
        <extracomment>component class under 房屋土地</extracomment>
        <translation>Construction site</translation>
    </message>
    <message>
        <source>宣传栏</source>
        <extracomment>component class under 房屋土地</extracomment>
        <translation>Notice board</translation>
    </message>
    <message>
        <source>其他设施</source>
        <extracomment>major class of components</extracomment>
        <translation>Other facilities</translation>
    </message>
    <message>
        <source>健身设施</source>
        <extracomment>component class under 其他设施</extracomment>
        <translation>Fitness equipment</translation>
    </message>
    <message>
        <source>空气质量监测站</source>
        <extracomment>component class under 其他设施</extracomment>
        <translation>Air quality station</translation>
    </message>
    <message>
        <source>河湖护栏</source>
        <extracomment>component class under 其他设施</extracomment>
        <translation>Waterside railing</translation>
    </message>
    <message>
        <source>防汛设施</source>
        <extracomment>component class under 其他设施</extracomment>
        <translation>Flood defence</translation>
    </message>
    <message>
        <source>景观灯</source>
        <extracomment>component class under 其他设施</extracomment>
        <translation>Decorative light</translation>
    </message>
    <message>
        <source>暴露垃圾</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Exposed rubbish</translation>
    </message>
    <message>
        <source>积存垃圾渣土</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Piled waste and debris</translation>
    </message>
    <message>
        <source>道路不洁</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Dirty road</translation>
    </message>
    <message>
        <source>水域不洁</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Dirty water</translation>
    </message>
    <message>
        <source>绿地脏乱</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Littered green space</translation>
    </message>
    <message>
        <source>垃圾满溢</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Overflowing bin</translation>
    </message>
    <message>
        <source>餐饮油烟</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Kitchen fumes</translation>
    </message>
    <message>
        <source>动物尸体</source>
        <extracomment>event class under 市容环境</extracomment>
        <translation>Animal carcass</translation>
    </message>
    <message>
        <source>宣传广告</source>
        <extracomment>major class of events</extracomment>
        <translation>Advertising</translation>
    </message>
    <message>
        <source>非法小广告</source>
        <extracomment>event class under 宣传广告</extracomment>
        <translation>Illegal flyers</translation>
    </message>
    <message>
        <source>违规户外广告</source>
        <extracomment>event class under 宣传广告</extracomment>
        <translation>Illegal outdoor ad</translation>
    </message>
    <message>
        <source>违规标语宣传品</source>
        <extracomment>event class under 宣传广告</extracomment>
        <translation>Illegal banners</translation>
    </message>
    <message>
        <source>广告招牌破损</source>
        <extracomment>event class under 宣传广告</extracomment>
        <translation>Damaged shop sign</translation>
    </message>
    <message>
        <source>占道广告牌</source>
        <extracomment>event class under 宣传广告</extracomment>
        <translation>Sign on the pavement</translation>
    </message>
    <message>
        <source>施工管理</source>
        <extracomment>major class of events</extracomment>
        <translation>Construction</translation>
    </message>
    <message>
        <source>施工扰民</source>
        <extracomment>event class under 施工管理</extracomment>
        <translation>Construction nuisance</translation>
    </message>
    <message>
        <source>工地扬尘</source>
        <extracomment>event class under 施工管理</extracomment>
        <translation>Construction dust</translation>
    </message>
    <message>
        <source>道路遗撒</source>
        <extracomment>event class under 施工管理</extracomment>
        <translation>Road spillage</translation>
    </message>
    <message>
        <source>无证施工占道</source>
        <extracomment>event class under 施工管理</extracomment>
        <translation>Unpermitted roadworks</translation>
    </message>
    <message>
        <source>违章搭建</source>
        <extracomment>event class under 施工管理</extracomment>
        <translation>Illegal structure</translation>
    </message>
    <message>
        <source>施工废弃料</source>
        <extracomment>event class under 施工管理</extracomment>
        <translation>Construction waste</translation>
    </message>
    <message>
        <source>突发事件</source>
        <extracomment>major class of events</extracomment>
        <translation>Emergencies</translation>
    </message>
    <message>
        <source>路面塌陷</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Road collapse</translation>
    </message>
    <message>
        <source>自来水管破裂</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Burst water pipe</translation>
    </message>
    <message>
        <source>燃气泄漏</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Gas leak</translation>
    </message>
    <message>
        <source>下水道堵塞或破损</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Blocked or broken sewer</translation>
    </message>
    <message>
        <source>道路积水</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Flooded road</translation>
    </message>
    <message>
        <source>积雪</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Snow</translation>
    </message>
    <message>
        <source>架空线缆脱落</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Fallen overhead cable</translation>
    </message>
    <message>
        <source>树木倒伏</source>
        <extracomment>event class under 突发事件</extracomment>
        <translation>Fallen tree</translation>
    </message>
    <message>
        <source>街面秩序</source>
        <extracomment>major class of events</extracomment>
        <translation>Street order</translation>
    </message>
    <message>
        <source>占道经营</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Street trading</translation>
    </message>
    <message>
        <source>无照经营游商</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Unlicensed hawker</translation>
    </message>
    <message>
        <source>店外经营</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Trading outside shop</translation>
    </message>
    <message>
        <source>乱堆物料</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Dumped materials</translation>
    </message>
    <message>
        <source>非机动车乱停放</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Bicycles parked badly</translation>
    </message>
    <message>
        <source>露天烧烤</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Open-air barbecue</translation>
    </message>
    <message>
        <source>焚烧垃圾</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Burning rubbish</translation>
    </message>
    <message>
        <source>机动车乱停放</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Illegal parking</translation>
    </message>
    <message>
        <source>无证无照经营门店</source>
        <extracomment>event class under 街面秩序</extracomment>
        <translation>Unlicensed shop</translation>
    </message>
    <message>
        <source>其他事件</source>
        <extracomment>major class of events</extracomment>
        <translation>Other events</translation>
    </message>
    <message>
        <source>噪声扰民</source>
        <extracomment>event class under 其他事件</extracomment>
        <translation>Noise nuisance</translation>
    </message>
    <message>
        <source>废弃车辆</source>
        <extracomment>event class under 其他事件</extracomment>
        <translation>Abandoned vehicle</translation>
    </message>
    <message>
        <source>河湖违规垂钓游泳</source>
        <extracomment>event class under 其他事件</extracomment>
        <translation>Illegal fishing/swimming</translation>
    </message>
    <message>
        <source>私设地桩地锁</source>
        <extracomment>event class under 其他事件</extracomment>
        <translation>Private parking lock</translation>
    </message>
    <message>
        <source>违规晾晒</source>
        <extracomment>event class under 其他事件</extracomment>
        <translation>Laundry in public</translation>
    </message>
    <message>
        <source>树木遮挡</source>
        <extracomment>event class under 其他事件</extracomment>
        <translation>Tree obstruction</translation>
    </message>
    <message>
        <source>东城区城市管理委员会</source>
        <extracomment>department D01, full name</extracomment>
        <translation>Dongcheng District City Management Commission</translation>
    </message>
    <message>
        <source>区城管委</source>
        <extracomment>department D01, short name</extracomment>
        <translation>City Management</translation>
    </message>
    <message>
        <source>东城区城市管理综合行政执法局</source>
        <extracomment>department D02, full name</extracomment>
        <translation>Dongcheng District Urban Management Enforcement Bureau</translation>
    </message>
    <message>
        <source>城管执法局</source>
        <extracomment>department D02, short name</extracomment>
        <translation>Urban Enforcement</translation>
    </message>
    <message>
        <source>东城区园林绿化局</source>
        <extracomment>department D03, full name</extracomment>
        <translation>Dongcheng District Landscaping Bureau</translation>
    </message>
    <message>
        <source>园林绿化局</source>
        <extracomment>department D03, short name</extracomment>
        <translation>Landscaping</translation>
    </message>
    <message>
        <source>东城区交通委员会</source>
        <extracomment>department D04, full name</extracomment>
        <translation>Dongcheng District Transport Commission</translation>
    </message>
    <message>
        <source>区交通委</source>
        <extracomment>department D04, short name</extracomment>
        <translation>Transport</translation>
    </message>
    <message>
        <source>东城区水务局</source>
        <extracomment>department D05, full name</extracomment>
        <translation>Dongcheng District Water Authority</translation>
    </message>
    <message>
        <source>区水务局</source>
        <extracomment>department D05, short name</extracomment>
        <translation>Water Authority</translation>
    </message>
    <message>
        <source>东城区住房和城乡建设委员会</source>
        <extracomment>department D06, full name</extracomment>
        <translation>Dongcheng District Housing and Construction Commission</translation>
    </message>
    <message>
        <source>区住建委</source>
        <extracomment>department D06, short name</extracomment>
        <translation>Housing</translation>
    </message>
    <message>
        <source>北京市东城区生态环境局</source>
        <extracomment>department D07, full name</extracomment>
        <translation>Dongcheng District Ecology and Environment Bureau</translation>
    </message>
    <message>
        <source>生态环境局</source>
        <extracomment>department D07, short name</extracomment>
        <translation>Environment</translation>
    </message>
    <message>
        <source>东城区市场监督管理局</source>
        <extracomment>department D08, full name</extracomment>
        <translation>Dongcheng District Market Regulation Bureau</translation>
    </message>
    <message>
        <source>市场监管局</source>
        <extracomment>department D08, short name</extracomment>
        <translation>Market Regulation</translation>
    </message>
    <message>
        <source>东城区环境卫生服务中心</source>
        <extracomment>department D09, full name</extracomment>
        <translation>Dongcheng District Sanitation Service Center</translation>
    </message>
    <message>
        <source>环卫中心</source>
        <extracomment>department D09, short name</extracomment>
        <translation>Sanitation</translation>
    </message>
    <message>
        <source>北京市自来水集团东城分公司</source>
        <extracomment>department D10, full name</extracomment>
        <translation>Beijing Waterworks Group, Dongcheng Branch</translation>
    </message>
    <message>
        <source>自来水东城分公司</source>
        <extracomment>department D10, short name</extracomment>
        <translation>Waterworks</translation>
    </message>
    <message>
        <source>北京市燃气集团东城分公司</source>
        <extracomment>department D11, full name</extracomment>
        <translation>Beijing Gas Group, Dongcheng Branch</translation>
    </message>
    <message>
        <source>燃气东城分公司</source>
        <extracomment>department D11, short name</extracomment>
        <translation>Beijing Gas</translation>
    </message>
    <message>
        <source>国网北京东城供电公司</source>
        <extracomment>department D12, full name</extracomment>
        <translation>State Grid Beijing Dongcheng Power Supply Company</translation>
    </message>
    <message>
        <source>东城供电公司</source>
        <extracomment>department D12, short name</extracomment>
        <translation>Power Supply</translation>
    </message>
    <message>
        <source>北京城市排水集团东城分公司</source>
        <extracomment>department D13, full name</extracomment>
        <translation>Beijing Drainage Group, Dongcheng Branch</translation>
    </message>
    <message>
        <source>排水集团东城分公司</source>
        <extracomment>department D13, short name</extracomment>
        <translation>Drainage</translation>
    </message>
    <message>
        <source>中国联通北京东城分公司</source>
        <extracomment>department D14, full name</extracomment>
        <translation>China Unicom Beijing, Dongcheng Branch</translation>
    </message>
    <message>
        <source>联通东城分公司</source>
        <extracomment>department D14, short name</extracomment>
        <translation>China Unicom</translation>
    </message>
    <message>
        <source>中国电信北京东城分公司</source>
        <extracomment>department D15, full name</extracomment>
        <translation>China Telecom Beijing, Dongcheng Branch</translation>
    </message>
    <message>
        <source>电信东城分公司</source>
        <extracomment>department D15, short name</extracomment>
        <translation>China Telecom</translation>
    </message>
    <message>
        <source>中国移动北京东城分公司</source>
        <extracomment>department D16, full name</extracomment>
        <translation>China Mobile Beijing, Dongcheng Branch</translation>
    </message>
    <message>
        <source>移动东城分公司</source>
        <extracomment>department D16, short name</extracomment>
        <translation>China Mobile</translation>
    </message>
    <message>
        <source>北京市公安局公安交通管理局东城交通支队</source>
        <extracomment>department D17, full name</extracomment>
        <translation>Beijing Traffic Management Bureau, Dongcheng Detachment</translation>
    </message>
    <message>
        <source>东城交通支队</source>
        <extracomment>department D17, short name</extracomment>
        <translation>Traffic Police</translation>
    </message>
    <message>
        <source>东城区体育局</source>
        <extracomment>department D18, full name</extracomment>
        <translation>Dongcheng District Sports Bureau</translation>
    </message>
    <message>
        <source>区体育局</source>
        <extracomment>department D18, short name</extracomment>
        <translation>Sports</translation>
    </message>
    <message>
        <source>东城区东华门街道办事处</source>
        <extracomment>department JD001, full name</extracomment>
        <translation>Donghuamen Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>东华门街道</source>
        <extracomment>department JD001, short name</extracomment>
        <translation>Donghuamen</translation>
    </message>
    <message>
        <source>东城区景山街道办事处</source>
        <extracomment>department JD002, full name</extracomment>
        <translation>Jingshan Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>景山街道</source>
        <extracomment>department JD002, short name</extracomment>
        <translation>Jingshan</translation>
    </message>
    <message>
        <source>东城区交道口街道办事处</source>
        <extracomment>department JD003, full name</extracomment>
        <translation>Jiaodaokou Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>交道口街道</source>
        <extracomment>department JD003, short name</extracomment>
        <translation>Jiaodaokou</translation>
    </message>
    <message>
        <source>东城区安定门街道办事处</source>
        <extracomment>department JD004, full name</extracomment>
        <translation>Andingmen Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>安定门街道</source>
        <extracomment>department JD004, short name</extracomment>
        <translation>Andingmen</translation>
    </message>
    <message>
        <source>东城区北新桥街道办事处</source>
        <extracomment>department JD005, full name</extracomment>
        <translation>Beixinqiao Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>北新桥街道</source>
        <extracomment>department JD005, short name</extracomment>
        <translation>Beixinqiao</translation>
    </message>
    <message>
        <source>东城区东四街道办事处</source>
        <extracomment>department JD006, full name</extracomment>
        <translation>Dongsi Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>东四街道</source>
        <extracomment>department JD006, short name</extracomment>
        <translation>Dongsi</translation>
    </message>
    <message>
        <source>东城区朝阳门街道办事处</source>
        <extracomment>department JD007, full name</extracomment>
        <translation>Chaoyangmen Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>朝阳门街道</source>
        <extracomment>department JD007, short name</extracomment>
        <translation>Chaoyangmen</translation>
    </message>
    <message>
        <source>东城区建国门街道办事处</source>
        <extracomment>department JD008, full name</extracomment>
        <translation>Jianguomen Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>建国门街道</source>
        <extracomment>department JD008, short name</extracomment>
        <translation>Jianguomen</translation>
    </message>
    <message>
        <source>东城区东直门街道办事处</source>
        <extracomment>department JD009, full name</extracomment>
        <translation>Dongzhimen Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>东直门街道</source>
        <extracomment>department JD009, short name</extracomment>
        <translation>Dongzhimen</translation>
    </message>
    <message>
        <source>东城区和平里街道办事处</source>
        <extracomment>department JD010, full name</extracomment>
        <translation>Hepingli Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>和平里街道</source>
        <extracomment>department JD010, short name</extracomment>
        <translation>Hepingli</translation>
    </message>
    <message>
        <source>东城区前门街道办事处</source>
        <extracomment>department JD011, full name</extracomment>
        <translation>Qianmen Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>前门街道</source>
        <extracomment>department JD011, short name</extracomment>
        <translation>Qianmen</translation>
    </message>
    <message>
        <source>东城区崇文门外街道办事处</source>
        <extracomment>department JD012, full name</extracomment>
        <translation>Chongwenmenwai Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>崇文门外街道</source>
        <extracomment>department JD012, short name</extracomment>
        <translation>Chongwenmenwai</translation>
    </message>
    <message>
        <source>东城区东花市街道办事处</source>
        <extracomment>department JD013, full name</extracomment>
        <translation>Donghuashi Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>东花市街道</source>
        <extracomment>department JD013, short name</extracomment>
        <translation>Donghuashi</translation>
    </message>
    <message>
        <source>东城区龙潭街道办事处</source>
        <extracomment>department JD014, full name</extracomment>
        <translation>Longtan Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>龙潭街道</source>
        <extracomment>department JD014, short name</extracomment>
        <translation>Longtan</translation>
    </message>
    <message>
        <source>东城区体育馆路街道办事处</source>
        <extracomment>department JD015, full name</extracomment>
        <translation>Tiyuguanlu Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>体育馆路街道</source>
        <extracomment>department JD015, short name</extracomment>
        <translation>Tiyuguanlu</translation>
    </message>
    <message>
        <source>东城区天坛街道办事处</source>
        <extracomment>department JD016, full name</extracomment>
        <translation>Tiantan Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>天坛街道</source>
        <extracomment>department JD016, short name</extracomment>
        <translation>Tiantan</translation>
    </message>
    <message>
        <source>东城区永定门外街道办事处</source>
        <extracomment>department JD017, full name</extracomment>
        <translation>Yongdingmenwai Subdistrict Office, Dongcheng</translation>
    </message>
    <message>
        <source>永定门外街道</source>
        <extracomment>department JD017, short name</extracomment>
        <translation>Yongdingmenwai</translation>
    </message>
    <message>
        <source>应处置数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Due for handling</translation>
    </message>
    <message>
        <source>处置数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Handled</translation>
    </message>
    <message>
        <source>按期处置数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Handled on time</translation>
    </message>
    <message>
        <source>超期处置数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Handled late</translation>
    </message>
    <message>
        <source>处置率</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Handling rate</translation>
    </message>
    <message>
        <source>按期处置率</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>On-time handling rate</translation>
    </message>
    <message>
        <source>应结案数</source>
        <extracomment>review indicator of a department; review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>Due for closing</translation>
    </message>
    <message>
        <source>结案数</source>
        <extracomment>review indicator of a department; review indicator of a street; review indicator of a community; review indicator of a grid; review indicator of a shift_lead</extracomment>
        <translation>Closed</translation>
    </message>
    <message>
        <source>按期结案数</source>
        <extracomment>review indicator of a department; review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>Closed on time</translation>
    </message>
    <message>
        <source>超期结案数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Closed late</translation>
    </message>
    <message>
        <source>结案率</source>
        <extracomment>review indicator of a department; review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>Closing rate</translation>
    </message>
    <message>
        <source>按期结案率</source>
        <extracomment>review indicator of a department; review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>On-time closing rate</translation>
    </message>
    <message>
        <source>超期结案率</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Late closing rate</translation>
    </message>
    <message>
        <source>返工数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Rework</translation>
    </message>
    <message>
        <source>返工率</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Rework rate</translation>
    </message>
    <message>
        <source>回退数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Returned</translation>
    </message>
    <message>
        <source>延期数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Extended</translation>
    </message>
    <message>
        <source>延期率</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Extension rate</translation>
    </message>
    <message>
        <source>超期未处置数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Overdue, not handled</translation>
    </message>
    <message>
        <source>超期待处置率</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Overdue-unhandled rate</translation>
    </message>
    <message>
        <source>挂账数</source>
        <extracomment>review indicator of a department; review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>On hold</translation>
    </message>
    <message>
        <source>督办数</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Supervision orders</translation>
    </message>
    <message>
        <source>平均处置用时(工作小时)</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Mean handling time (working hours)</translation>
    </message>
    <message>
        <source>处置用时中位数(工作小时)</source>
        <extracomment>review indicator of a department</extracomment>
        <translation>Median handling time (working hours)</translation>
    </message>
    <message>
        <source>上报数</source>
        <extracomment>review indicator of a street; review indicator of a community; review indicator of a grid; review indicator of a supervisor</extracomment>
        <translation>Reported</translation>
    </message>
    <message>
        <source>立案数</source>
        <extracomment>review indicator of a street; review indicator of a community; review indicator of a grid; review indicator of a shift_lead</extracomment>
        <translation>Filed</translation>
    </message>
    <message>
        <source>监督举报核实数</source>
        <extracomment>review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>Found by supervisors</translation>
    </message>
    <message>
        <source>监督举报核实率</source>
        <extracomment>review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>Supervisor finding rate</translation>
    </message>
    <message>
        <source>自处理数</source>
        <extracomment>review indicator of a street; review indicator of a community; review indicator of a grid; review indicator of a supervisor</extracomment>
        <translation>Handled on the spot</translation>
    </message>
    <message>
        <source>每平方公里立案数</source>
        <extracomment>review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>Filed per km²</translation>
    </message>
    <message>
        <source>高发小类</source>
        <extracomment>review indicator of a street; review indicator of a community; review indicator of a grid</extracomment>
        <translation>Commonest classes</translation>
    </message>
    <message>
        <source>有效上报数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Valid reports</translation>
    </message>
    <message>
        <source>有效上报率</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Valid report rate</translation>
    </message>
    <message>
        <source>核实数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Verified</translation>
    </message>
    <message>
        <source>按期核实数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Verified on time</translation>
    </message>
    <message>
        <source>按期核实率</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>On-time verification rate</translation>
    </message>
    <message>
        <source>核查数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Checked</translation>
    </message>
    <message>
        <source>按期核查数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Checked on time</translation>
    </message>
    <message>
        <source>按期核查率</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>On-time check rate</translation>
    </message>
    <message>
        <source>辖区立案数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Filed in own grids</translation>
    </message>
    <message>
        <source>漏报数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Missed reports</translation>
    </message>
    <message>
        <source>漏报率</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Missed report rate</translation>
    </message>
    <message>
        <source>自处理申报数</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Reported as handled on the spot</translation>
    </message>
    <message>
        <source>自处理通过率</source>
        <extracomment>review indicator of a supervisor</extracomment>
        <translation>Handled-on-the-spot approval rate</translation>
    </message>
    <message>
        <source>受理数</source>
        <extracomment>review indicator of a operator</extracomment>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>按期受理数</source>
        <extracomment>review indicator of a operator</extracomment>
        <translation>Accepted on time</translation>
    </message>
    <message>
        <source>按期受理率</source>
        <extracomment>review indicator of a operator</extracomment>
        <translation>On-time intake rate</translation>
    </message>
    <message>
        <source>准确受理数</source>
        <extracomment>review indicator of a operator</extracomment>
        <translation>Accepted accurately</translation>
    </message>
    <message>
        <source>准确受理率</source>
        <extracomment>review indicator of a operator</extracomment>
        <translation>Accurate intake rate</translation>
    </message>
    <message>
        <source>按时立案数</source>
        <extracomment>review indicator of a shift_lead</extracomment>
        <translation>Filed on time</translation>
    </message>
    <message>
        <source>按时立案率</source>
        <extracomment>review indicator of a shift_lead</extracomment>
        <translation>On-time filing rate</translation>
    </message>
    <message>
        <source>准确立案数</source>
        <extracomment>review indicator of a shift_lead</extracomment>
        <translation>Filed accurately</translation>
    </message>
    <message>
        <source>准确立案率</source>
        <extracomment>review indicator of a shift_lead</extracomment>
        <translation>Accurate filing rate</translation>
    </message>
    <message>
        <source>按时结案数</source>
        <extracomment>review indicator of a shift_lead</extracomment>
        <translation>Closed on time</translation>
    </message>
    <message>
        <source>按时结案率</source>
        <extracomment>review indicator of a shift_lead</extracomment>
        <translation>On-time closing rate</translation>
    </message>
    <message>
        <source>派遣数</source>
        <extracomment>review indicator of a dispatcher</extracomment>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>按期派遣数</source>
        <extracomment>review indicator of a dispatcher</extracomment>
        <translation>Dispatched on time</translation>
    </message>
    <message>
        <source>按期派遣率</source>
        <extracomment>review indicator of a dispatcher</extracomment>
        <translation>On-time dispatch rate</translation>
    </message>
    <message>
        <source>准确派遣数</source>
        <extracomment>review indicator of a dispatcher</extracomment>
        <translation>Dispatched accurately</translation>
    </message>
    <message>
        <source>准确派遣率</source>
        <extracomment>review indicator of a dispatcher</extracomment>
        <translation>Accurate dispatch rate</translation>
    </message>
    <message>
        <source>专业部门/街道</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Departments / street offices</translation>
    </message>
    <message>
        <source>街道</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Street</translation>
    </message>
    <message>
        <source>社区</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Community</translation>
    </message>
    <message>
        <source>单元网格</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Unit grid</translation>
    </message>
    <message>
        <source>编码</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>分组</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Group</translation>
    </message>
    <message>
        <source>综合得分</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Score</translation>
    </message>
    <message>
        <source>等级</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Grade</translation>
    </message>
    <message>
        <source>排名</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Ranking</translation>
    </message>
    <message>
        <source>名次变化</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Rank change</translation>
    </message>
    <message>
        <source>上期得分</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Previous score</translation>
    </message>
    <message>
        <source>去年同期得分</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Score a year ago</translation>
    </message>
    <message>
        <source>环比</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>vs. previous</translation>
    </message>
    <message>
        <source>同比</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>vs. a year ago</translation>
    </message>
    <message>
        <source>参与排名</source>
        <extracomment>monthly review: object type, column or peer group</extracomment>
        <translation>Ranked</translation>
    </message>
</context>
</TS>
