<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArticleDocument</name>
    <message>
        <source>page {page}</source>
        <translation>第{page}版</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Photo credits</source>
        <translation>图片署名</translation>
    </message>
</context>
<context>
    <name>ArticleListModel</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Snippet</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>版次</translation>
    </message>
    <message>
        <source>Bylines</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation>第{page}版</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Batch search</source>
        <translation>批量检索</translation>
    </message>
    <message>
        <source>Paste names or terms here, one per line</source>
        <translation>在此粘贴人名或词语，每行一个</translation>
    </message>
    <message>
        <source>Open list…</source>
        <translation>打开列表…</translation>
    </message>
    <message>
        <source>Search all</source>
        <translation>全部检索</translation>
    </message>
    <message>
        <source>Per year</source>
        <translation>按年</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <source>Open a list of terms</source>
        <translation>打开词语列表</translation>
    </message>
    <message>
        <source>Text (*.txt *.csv);;All files (*)</source>
        <translation>文本 (*.txt *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Paste or open a list of terms first.</source>
        <translation>请先粘贴或打开词语列表。</translation>
    </message>
    <message>
        <source>Searching {count} terms…</source>
        <translation>正在检索 {count} 个词…</translation>
    </message>
    <message>
        <source>Searching {count} terms… {done} done</source>
        <translation>正在检索 {count} 个词… 已完成 {done} 个</translation>
    </message>
    <message>
        <source>{count} terms searched</source>
        <translation>已检索 {count} 个词</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <source>{count} lines are not valid queries: {lines}</source>
        <translation>{count} 行不是有效的检索式：{lines}</translation>
    </message>
    <message>
        <source>Save table</source>
        <translation>保存表格</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>BatchModel</name>
    <message>
        <source>Term</source>
        <translation>检索词</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>篇数</translation>
    </message>
    <message>
        <source>First</source>
        <translation>最早</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最晚</translation>
    </message>
    <message>
        <source>Per year</source>
        <translation>按年</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Conflicts with the newsroom archive</source>
        <translation>与编辑部档案库的冲突</translation>
    </message>
    <message>
        <source>These changes of yours reached the newsroom archive after someone else&apos;s change to the same thing. The archive kept theirs; yours is kept here until you choose.</source>
        <translation>您的这些修改到达编辑部档案库时，别人已经改过同一项内容。档案库保留了对方的版本；您的版本保存在本地，等您选择。</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>保留我的(&amp;M)</translation>
    </message>
    <message>
        <source>Keep &amp;theirs</source>
        <translation>保留对方的(&amp;T)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Mine (this library)</source>
        <translation>我的（本资料库）</translation>
    </message>
    <message>
        <source>Theirs (the newsroom archive)</source>
        <translation>对方的（编辑部档案库）</translation>
    </message>
    <message>
        <source>No conflicts left.</source>
        <translation>没有待解决的冲突。</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>引文</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>(no tags)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Import a folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Search in words mode (模糊)</source>
        <translation>改用模糊检索</translation>
    </message>
    <message>
        <source>The library is empty</source>
        <translation>资料库还是空的</translation>
    </message>
    <message>
        <source>Import newspaper pages, articles or JSON Lines files: use the buttons below (File → Import, Ctrl+O), or drag files or folders onto this window.</source>
        <translation>可以导入报纸版面、文章或 JSON Lines 文件：点击下面的按钮（文件 → 导入，Ctrl+O），或者把文件、文件夹拖到这个窗口里。</translation>
    </message>
    <message>
        <source>This library is read-only: nothing can be imported into it.</source>
        <translation>这个资料库是只读的，不能导入。</translation>
    </message>
    <message>
        <source>No articles match “{query}”</source>
        <translation>没有文章符合“{query}”</translation>
    </message>
    <message>
        <source>The words mode (模糊) finds the query&apos;s words in any order.</source>
        <translation>模糊检索会找出以任意顺序包含这些词的文章。</translation>
    </message>
    <message>
        <source>Without the filter {term} the query may find articles.</source>
        <translation>去掉筛选条件 {term} 也许能找到文章。</translation>
    </message>
    <message>
        <source>Check the spelling, or try fewer or shorter terms.</source>
        <translation>请检查拼写，或者减少、缩短检索词。</translation>
    </message>
    <message>
        <source>Remove {term}</source>
        <translation>去掉 {term}</translation>
    </message>
</context>
<context>
    <name>FacetsModel</name>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Years</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Reporters</source>
        <translation>记者</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>栏目</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>文章数</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>News files (*.txt *.jsonl *.jsonl.gz *.json *.html *.htm *.md);;All files (*)</source>
        <translation>新闻文件 (*.txt *.jsonl *.jsonl.gz *.json *.html *.htm *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>This library folder is read-only.</source>
        <translation>这个资料库文件夹是只读的。</translation>
    </message>
    <message>
        <source>An import is already running.</source>
        <translation>已有一个导入正在进行。</translation>
    </message>
    <message>
        <source>{added} added, {updated} updated, {unchanged} unchanged, {removed} removed, {duplicates} duplicates, {failed} failed ({files} files)</source>
        <translation>新增 {added}，更新 {updated}，未变 {unchanged}，移除 {removed}，重复 {duplicates}，失败 {failed}（共 {files} 个文件）</translation>
    </message>
    <message>
        <source>Import cancelled; what was imported is kept.</source>
        <translation>导入已取消；已导入的内容已保留。</translation>
    </message>
    <message>
        <source>Could not import: {reason}</source>
        <translation>无法导入：{reason}</translation>
    </message>
    <message>
        <source>the import process stopped unexpectedly (exit code {code})</source>
        <translation>导入进程意外停止（退出码 {code}）</translation>
    </message>
</context>
<context>
    <name>ImportProgressDialog</name>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Looking for files…</source>
        <translation>正在查找文件…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop after the current file; what was imported is kept</source>
        <translation>处理完当前文件后停止；已导入的内容会保留</translation>
    </message>
    <message>
        <source>Reading files…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Indexing for search…</source>
        <translation>正在建立检索索引…</translation>
    </message>
    <message>
        <source>Optimising the index for search…</source>
        <translation>正在优化检索索引…</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>即将完成…</translation>
    </message>
    <message>
        <source>Files: {done} of {total}</source>
        <translation>文件：{done} / {total}</translation>
    </message>
    <message>
        <source>Articles read: {count}</source>
        <translation>已读取文章：{count}</translation>
    </message>
    <message>
        <source>indexed: {done} of {total}</source>
        <translation>已索引：{done} / {total}</translation>
    </message>
    <message>
        <source>Cancelling: finishing the current file…</source>
        <translation>正在取消：完成当前文件…</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import finished with problems</source>
        <translation>导入完成，但有问题</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join a newsroom archive</source>
        <translation>加入编辑部档案库</translation>
    </message>
    <message>
        <source>empty: libpq looks in ~/.pgpass</source>
        <translation>留空：libpq 会在 ~/.pgpass 中查找</translation>
    </message>
    <message>
        <source>Archive &amp;URL:</source>
        <translation>档案库地址(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Your archivist gives you the URL and your user name in it. The password is used for this session only and never stored. To sync without typing it, keep it in ~/.pgpass (on Windows %APPDATA%\postgresql\pgpass.conf), one line per archive:
host:port:database:user:password</source>
        <translation>地址（其中包含您的用户名）由档案管理员提供。密码只在本次运行中使用，从不保存。若想同步时不必输入密码，可把它写入 ~/.pgpass（Windows 上为 %APPDATA%\postgresql\pgpass.conf），每个档案库一行：
主机:端口:数据库:用户:密码</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>加入(&amp;J)</translation>
    </message>
    <message>
        <source>Enter the archive&apos;s URL.</source>
        <translation>请输入档案库地址。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
</context>
<context>
    <name>KwicDialog</name>
    <message>
        <source>Concordance</source>
        <translation>语境检索（KWIC）</translation>
    </message>
    <message>
        <source>Context: </source>
        <translation>语境：</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> 字</translation>
    </message>
    <message>
        <source>By date</source>
        <translation>按日期</translation>
    </message>
    <message>
        <source>By left context</source>
        <translation>按左侧语境</translation>
    </message>
    <message>
        <source>By right context</source>
        <translation>按右侧语境</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <source>Concordance: {query}</source>
        <translation>语境检索：{query}</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>{count} occurrences</source>
        <translation>共 {count} 处</translation>
    </message>
    <message>
        <source>{shown} lines shown; counting every occurrence…</source>
        <translation>已显示 {shown} 行；正在统计全部出现次数…</translation>
    </message>
    <message>
        <source>Save concordance</source>
        <translation>保存语境检索结果</translation>
    </message>
    <message>
        <source>{count} lines saved to {path}</source>
        <translation>已将 {count} 行保存到 {path}</translation>
    </message>
</context>
<context>
    <name>KwicModel</name>
    <message>
        <source>Left context</source>
        <translation>左侧语境</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>检索词</translation>
    </message>
    <message>
        <source>Right context</source>
        <translation>右侧语境</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
</context>
<context>
    <name>ListMenu</name>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Copy &amp;citation</source>
        <translation>复制出处(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Tag the article…</source>
        <translation>标记整篇文章(&amp;T)…</translation>
    </message>
    <message>
        <source>Open the source &amp;file</source>
        <translation>打开来源文件(&amp;F)</translation>
    </message>
    <message>
        <source>Show in fol&amp;der</source>
        <translation>在文件夹中显示(&amp;D)</translation>
    </message>
    <message>
        <source>Copied: {citation}</source>
        <translation>已复制：{citation}</translation>
    </message>
    <message>
        <source>The source file is gone: {path}</source>
        <translation>来源文件已不存在：{path}</translation>
    </message>
    <message>
        <source>This article has no source file.</source>
        <translation>这篇文章没有来源文件。</translation>
    </message>
    <message>
        <source>Nothing on this system opens {path}</source>
        <translation>本机没有能打开 {path} 的程序</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Select some text in the article first.</source>
        <translation>请先在正文中选中一些文字。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>newsdesk</source>
        <translation>newsdesk 新闻资料库</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>This passage lost its place: its old quote is “{quote}”.</source>
        <translation>这条摘录已失去位置，原文是“{quote}”。</translation>
    </message>
    <message>
        <source>Library: {count} articles</source>
        <translation>资料库：{count} 篇文章</translation>
    </message>
    <message>
        <source>About newsdesk</source>
        <translation>关于 newsdesk</translation>
    </message>
    <message>
        <source>newsdesk {version}
An offline archive of Chinese newspaper articles.
Library: {folder}</source>
        <translation>newsdesk {version}
离线中文报纸文章资料库。
资料库：{folder}</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>newsdesk hit an internal error and logged it:
{message}</source>
        <translation>newsdesk 遇到内部错误，已记录到日志：
{message}</translation>
    </message>
</context>
<context>
    <name>PassageCardDelegate</name>
    <message>
        <source>by {author}</source>
        <translation>标注者 {author}</translation>
    </message>
</context>
<context>
    <name>PassageListModel</name>
    <message>
        <source>Quote</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>By</source>
        <translation>标注者</translation>
    </message>
    <message>
        <source>Tagged by {author}</source>
        <translation>标注者：{author}</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File Folder</source>
        <comment>Match Windows Explorer</comment>
        <translation>文件夹</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QueryHelp</name>
    <message>
        <source>Articles containing both, anywhere (AND).</source>
        <translation>同时包含两个词的文章，位置不限（与）。</translation>
    </message>
    <message>
        <source>Exact text; spaces and quotation marks inside it do not matter (王  珏).</source>
        <translation>精确文字；中间的空格和引号不影响匹配（王  珏）。</translation>
    </message>
    <message>
        <source>A phrase that keeps its spaces.</source>
        <translation>保留空格的短语。</translation>
    </message>
    <message>
        <source>Either term.</source>
        <translation>任一词语（或）。</translation>
    </message>
    <message>
        <source>Leave out articles with a term.</source>
        <translation>排除含有某个词的文章（非）。</translation>
    </message>
    <message>
        <source>Group with parentheses.</source>
        <translation>用括号分组。</translation>
    </message>
    <message>
        <source>Only in titles. Other fields: author:, source:, section:, page:, caption:.</source>
        <translation>只在标题中检索。其他字段：author:（作者）、source:（来源）、section:（栏目）、page:（版次）、caption:（图片说明）。</translation>
    </message>
    <message>
        <source>By a reporter (any byline).</source>
        <translation>某位记者的文章（任一署名）。</translation>
    </message>
    <message>
        <source>Dates: a year, a range, a bound.</source>
        <translation>日期：某一年、一个区间、一个上下限。</translation>
    </message>
    <message>
        <source>Query syntax</source>
        <translation>检索语法</translation>
    </message>
    <message>
        <source>Exact mode (default) finds every article containing the text as written, ignoring full/half width, case and Traditional/Simplified differences. Words mode (模糊) matches the query&apos;s words in any order and proximity.</source>
        <translation>精确模式（默认）找出所有包含这段文字的文章，不区分全角半角、大小写和简繁体。模糊模式按分词匹配，词序和距离不限。</translation>
    </message>
    <message>
        <source>Keys: Enter searches now · Esc clears · ↑/↓ move in the list · Ctrl+↑/↓ history · F3/Shift+F3 next/previous hit · Ctrl+Shift+F searches the selected text.</source>
        <translation>按键：Enter 立即检索 · Esc 清空 · ↑/↓ 在列表中移动 · Ctrl+↑/↓ 历史记录 · F3/Shift+F3 下一处/上一处命中 · Ctrl+Shift+F 检索选中的文字。</translation>
    </message>
</context>
<context>
    <name>ReadingPane</name>
    <message>
        <source>Previous hit (Shift+F3)</source>
        <translation>上一处命中（Shift+F3）</translation>
    </message>
    <message>
        <source>Next hit (F3)</source>
        <translation>下一处命中（F3）</translation>
    </message>
    <message>
        <source>Smaller text (Ctrl+−)</source>
        <translation>缩小文字（Ctrl+−）</translation>
    </message>
    <message>
        <source>Larger text (Ctrl++)</source>
        <translation>放大文字（Ctrl++）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the article as plain text (Ctrl+Alt+C)</source>
        <translation>以纯文本复制文章（Ctrl+Alt+C）</translation>
    </message>
    <message>
        <source>(showing the first {count} marks; {more} more not marked)</source>
        <translation>（只标出前 {count} 处，另有 {more} 处未标出）</translation>
    </message>
    <message>
        <source>(a long article: its first {shown} of {total} characters are shown)</source>
        <translation>（长文章：共 {total} 字，只显示前 {shown} 字）</translation>
    </message>
    <message>
        <source>(no tags)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>Tagged by {author}</source>
        <translation>标注者：{author}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>备注：{note}</translation>
    </message>
    <message>
        <source>Choose an article in the list to read it here.</source>
        <translation>在列表中选择一篇文章，在这里阅读。</translation>
    </message>
    <message>
        <source>Hit {current} of {count}</source>
        <translation>第 {current} 处，共 {count} 处</translation>
    </message>
    <message>
        <source>No hits in the text</source>
        <translation>正文中没有命中</translation>
    </message>
</context>
<context>
    <name>RefineBar</name>
    <message>
        <source>Search within results…</source>
        <translation>在结果中检索…</translation>
    </message>
    <message>
        <source>Search within results</source>
        <translation>在结果中检索</translation>
    </message>
    <message>
        <source>Remove this step</source>
        <translation>去掉这一步</translation>
    </message>
</context>
<context>
    <name>ResearchController</name>
    <message>
        <source>Search for something first, then save the search.</source>
        <translation>请先检索，再保存检索。</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>保存检索</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Saved search “{name}”: {total} articles</source>
        <translation>已保存检索“{name}”：{total} 篇</translation>
    </message>
    <message>
        <source>“{name}”: {total} articles, {new} new since last opened</source>
        <translation>“{name}”：{total} 篇，自上次打开以来新增 {new} 篇</translation>
    </message>
    <message>
        <source>Removed saved search “{name}”</source>
        <translation>已删除保存的检索“{name}”</translation>
    </message>
    <message>
        <source>Search for something first, then export the results.</source>
        <translation>请先检索，再导出结果。</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>Exporting results…</source>
        <translation>正在导出结果…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出，未写入文件。</translation>
    </message>
    <message>
        <source>{count} results exported to {path}</source>
        <translation>已将 {count} 条结果导出到 {path}</translation>
    </message>
    <message>
        <source>Open an article first.</source>
        <translation>请先打开一篇文章。</translation>
    </message>
    <message>
        <source>Save article as PDF</source>
        <translation>将文章存为 PDF</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Printed “{title}”</source>
        <translation>已打印“{title}”</translation>
    </message>
</context>
<context>
    <name>ResultsFollower</name>
    <message>
        <source>The list cannot be sorted by this column.</source>
        <translation>列表不能按这一列排序。</translation>
    </message>
    <message>
        <source>By relevance</source>
        <translation>按相关度</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早的在前</translation>
    </message>
</context>
<context>
    <name>SavedPanel</name>
    <message>
        <source>Save search…</source>
        <translation>保存检索…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>{name}
{total} articles</source>
        <translation>{name}
{total} 篇</translation>
    </message>
    <message>
        <source>{new} new</source>
        <translation>新增 {new} 篇</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search: 上海 浦东   &quot;phrase with spaces&quot;   title:改革   date:2023   (Ctrl+F)</source>
        <translation>检索：上海 浦东   &quot;带空格的短语&quot;   title:改革   date:2023   （Ctrl+F）</translation>
    </message>
    <message>
        <source>Exact: each term must occur as written (substring)</source>
        <translation>精确：每个词都必须原样出现（子串匹配）</translation>
    </message>
    <message>
        <source>E&amp;xact</source>
        <translation>精确(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Words</source>
        <translation>模糊(&amp;W)</translation>
    </message>
    <message>
        <source>Words: the query&apos;s words in any order (模糊)</source>
        <translation>模糊：按分词匹配，词序不限</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Earlier searches (Alt+↓)</source>
        <translation>以前的检索（Alt+↓）</translation>
    </message>
    <message>
        <source>Query syntax (F1)</source>
        <translation>检索语法（F1）</translation>
    </message>
    <message>
        <source>No earlier searches</source>
        <translation>没有以前的检索</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <source>Results: {count}  ·  {ms} ms</source>
        <translation>结果：{count} 篇  ·  {ms} 毫秒</translation>
    </message>
    <message>
        <source>too many results to sort by this column: sorted by relevance</source>
        <translation>结果太多，无法按这一列排序：已按相关度排序</translation>
    </message>
    <message>
        <source>the index is {count} articles behind ({reason})</source>
        <translation>检索索引落后于文库 {count} 篇（{reason}）</translation>
    </message>
    <message>
        <source>Articles: {count}</source>
        <translation>文章：{count} 篇</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>This library is not part of a newsroom archive: File → Join a newsroom archive…</source>
        <translation>本资料库不属于任何编辑部档案库：请用“文件 → 加入编辑部档案库…”</translation>
    </message>
    <message>
        <source>Offline since {time} with 1 change waiting</source>
        <translation>自 {time} 起离线，1 项修改待同步</translation>
    </message>
    <message>
        <source>Offline since {time} with {count} changes waiting</source>
        <translation>自 {time} 起离线，{count} 项修改待同步</translation>
    </message>
    <message>
        <source>Offline since {time}</source>
        <translation>自 {time} 起离线</translation>
    </message>
    <message>
        <source>Synced at {time}</source>
        <translation>已于 {time} 同步</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>1 conflict</source>
        <translation>1 个冲突</translation>
    </message>
    <message>
        <source>{count} conflicts</source>
        <translation>{count} 个冲突</translation>
    </message>
    <message>
        <source>Connecting to the newsroom archive…</source>
        <translation>正在连接编辑部档案库…</translation>
    </message>
    <message>
        <source>Sending changes {done} of {total}…</source>
        <translation>正在发送修改 {done}/{total}…</translation>
    </message>
    <message>
        <source>Receiving changes {done} of {total}…</source>
        <translation>正在接收修改 {done}/{total}…</translation>
    </message>
    <message>
        <source>Indexing articles {done} of {total}…</source>
        <translation>正在索引文章 {done}/{total}…</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>archivist</source>
        <translation>档案管理员</translation>
    </message>
    <message>
        <source>reporter</source>
        <translation>记者</translation>
    </message>
    <message>
        <source>Newsroom archive: {url}
You are {user} ({role}).</source>
        <translation>编辑部档案库：{url}
您的身份：{user}（{role}）。</translation>
    </message>
    <message>
        <source>Give the password in File → Join a newsroom archive…</source>
        <translation>请在“文件 → 加入编辑部档案库…”中输入密码</translation>
    </message>
    <message>
        <source>Click to resolve the conflicts.</source>
        <translation>点击解决冲突。</translation>
    </message>
    <message>
        <source>Click to sync now.</source>
        <translation>点击立即同步。</translation>
    </message>
</context>
<context>
    <name>TagDialog</name>
    <message>
        <source>Edit tags</source>
        <translation>编辑标签</translation>
    </message>
    <message>
        <source>Tag passage</source>
        <translation>标记摘录</translation>
    </message>
    <message>
        <source>e.g. 地区/郑州, 政策</source>
        <translation>例如：地区/郑州, 政策</translation>
    </message>
    <message>
        <source>Optional note</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Colour for new tags…</source>
        <translation>新标签的颜色…</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>标签(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Colour for new tags</source>
        <translation>新标签的颜色</translation>
    </message>
</context>
<context>
    <name>TagTreeModel</name>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>摘录</translation>
    </message>
    <message>
        <source>All passages</source>
        <translation>全部摘录</translation>
    </message>
    <message>
        <source>Orphans</source>
        <translation>孤立摘录</translation>
    </message>
    <message>
        <source>Passages that lost their place when their article changed</source>
        <translation>文章改动后无法重新定位的摘录</translation>
    </message>
</context>
<context>
    <name>TaggingController</name>
    <message>
        <source>Select some text of the article first.</source>
        <translation>请先在文章中选择一段文字。</translation>
    </message>
    <message>
        <source>No tag on key {number} yet: tag a few passages first.</source>
        <translation>数字键 {number} 还没有对应的标签：请先标记几条摘录。</translation>
    </message>
    <message>
        <source>Passage tagged: {tags}</source>
        <translation>已标记摘录：{tags}</translation>
    </message>
    <message>
        <source>Click a tagged passage first.</source>
        <translation>请先点击一条已标记的摘录。</translation>
    </message>
    <message>
        <source>Passage changed.</source>
        <translation>摘录已修改。</translation>
    </message>
    <message>
        <source>Passage removed.</source>
        <translation>摘录已删除。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation>已撤销。</translation>
    </message>
    <message>
        <source>Open an article first.</source>
        <translation>请先打开一篇文章。</translation>
    </message>
    <message>
        <source>Copied the quote with its citation.</source>
        <translation>已复制原文及其出处。</translation>
    </message>
    <message>
        <source>passages</source>
        <translation>摘录</translation>
    </message>
    <message>
        <source>Export passages</source>
        <translation>导出摘录</translation>
    </message>
    <message>
        <source>{path}: cannot write the export ({reason})</source>
        <translation>{path}：无法写出导出文件（{reason}）</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Passage: {text}</source>
        <translation>摘录：{text}</translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation>标记…</translation>
    </message>
    <message>
        <source>Edit tags…</source>
        <translation>编辑标签…</translation>
    </message>
    <message>
        <source>Remove passage</source>
        <translation>删除摘录</translation>
    </message>
    <message>
        <source>Copy with citation</source>
        <translation>连同出处复制</translation>
    </message>
    <message>
        <source>The library stayed busy: {saved} new tagging(s) will be saved the next time this library is opened here.</source>
        <translation>资料库一直处于忙碌状态：{saved} 项新标记将在下次于本机打开这个资料库时保存。</translation>
    </message>
    <message>
        <source>{count} change(s) to existing passages could not be saved: make them again once the import has finished.</source>
        <translation>{count} 项对已有摘录的修改未能保存：请在导入完成后重新修改。</translation>
    </message>
    <message>
        <source>Tagging not saved yet</source>
        <translation>标记尚未保存</translation>
    </message>
    <message>
        <source>{reason}: kept, and saved when the library is free ({count} waiting)</source>
        <translation>{reason}：已保留，资料库空闲后自动保存（{count} 项等待中）</translation>
    </message>
    <message>
        <source>{count} tagging(s) waiting for the library to be free</source>
        <translation>{count} 项标记正等待资料库空闲后保存</translation>
    </message>
</context>
<context>
    <name>TagsPanel</name>
    <message>
        <source>Filter passages by tag…</source>
        <translation>按标签筛选摘录…</translation>
    </message>
    <message>
        <source>Filter articles by this tag</source>
        <translation>按此标签筛选文章</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>合并到…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Rename tag</source>
        <translation>重命名标签</translation>
    </message>
    <message>
        <source>New name for “{tag}” (its children move with it):</source>
        <translation>“{tag}”的新名称（其下级标签随之移动）：</translation>
    </message>
    <message>
        <source>{count} passages retagged.</source>
        <translation>已重新标记 {count} 条摘录。</translation>
    </message>
    <message>
        <source>Merge tag</source>
        <translation>合并标签</translation>
    </message>
    <message>
        <source>Give the passages of “{tag}” this tag instead:</source>
        <translation>把“{tag}”的摘录改标为：</translation>
    </message>
    <message>
        <source>Delete tag</source>
        <translation>删除标签</translation>
    </message>
    <message>
        <source>Delete the tag “{tag}” and its children from {count} passages?
The passages stay, with their other tags and notes.</source>
        <translation>从 {count} 条摘录中删除标签“{tag}”及其下级标签？
摘录本身会保留，连同其他标签和备注。</translation>
    </message>
    <message>
        <source>Tag deleted from {count} passages.</source>
        <translation>已从 {count} 条摘录中删除标签。</translation>
    </message>
</context>
<context>
    <name>TimelineDialog</name>
    <message>
        <source>Hits over time</source>
        <translation>检索结果时间分布</translation>
    </message>
    <message>
        <source>One query per line, up to six, to compare</source>
        <translation>每行一个检索式，最多六个，用于对比</translation>
    </message>
    <message>
        <source>By year</source>
        <translation>按年</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>篇数</translation>
    </message>
    <message>
        <source>Per 1,000 articles of the period</source>
        <translation>每千篇（按当期文章数）</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Filter to range</source>
        <translation>筛选所选时段</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>保存 PNG…</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <source>Type a query (or several, one per line).</source>
        <translation>请输入检索式（可多个，每行一个）。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>Save numbers</source>
        <translation>保存数据</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Import &amp;files…</source>
        <translation>导入文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Import f&amp;older…</source>
        <translation>导入文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export results…</source>
        <translation>导出结果(&amp;E)…</translation>
    </message>
    <message>
        <source>Save article as P&amp;DF…</source>
        <translation>将文章存为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Print article…</source>
        <translation>打印文章(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Join a newsroom archive…</source>
        <translation>加入编辑部档案库(&amp;J)…</translation>
    </message>
    <message>
        <source>S&amp;ync with the newsroom archive</source>
        <translation>与编辑部档案库同步(&amp;Y)</translation>
    </message>
    <message>
        <source>Resolve &amp;conflicts…</source>
        <translation>解决冲突(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>检索(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Search for the selected text</source>
        <translation>检索选中的文字(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Copy article as text</source>
        <translation>复制全文为纯文本(&amp;C)</translation>
    </message>
    <message>
        <source>Copy with ci&amp;tation</source>
        <translation>连同出处复制(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Tags</source>
        <translation>标签(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Tag selection…</source>
        <translation>标记所选文字(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Edit tags of the passage…</source>
        <translation>编辑摘录的标签(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove the passage</source>
        <translation>删除摘录(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo tagging</source>
        <translation>撤销标记(&amp;U)</translation>
    </message>
    <message>
        <source>Show the tags &amp;panel</source>
        <translation>显示标签面板(&amp;P)</translation>
    </message>
    <message>
        <source>Show &amp;orphans</source>
        <translation>显示孤立摘录(&amp;O)</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>All passages as {format}…</source>
        <translation>全部摘录导出为 {format}…</translation>
    </message>
    <message>
        <source>The chosen tag&apos;s passages as {format}…</source>
        <translation>所选标签的摘录导出为 {format}…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Next hit</source>
        <translation>下一处命中(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous hit</source>
        <translation>上一处命中(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>放大文字(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>缩小文字(&amp;S)</translation>
    </message>
    <message>
        <source>Reset text si&amp;ze</source>
        <translation>恢复默认字号(&amp;Z)</translation>
    </message>
    <message>
        <source>Go to the l&amp;ist</source>
        <translation>转到文章列表(&amp;I)</translation>
    </message>
    <message>
        <source>Sort results by &amp;relevance</source>
        <translation>按相关度排序(&amp;R)</translation>
    </message>
    <message>
        <source>Go to the fil&amp;ters</source>
        <translation>转到筛选(&amp;T)</translation>
    </message>
    <message>
        <source>Go to the &amp;article</source>
        <translation>转到正文(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Research</source>
        <translation>研究(&amp;R)</translation>
    </message>
    <message>
        <source>Search &amp;within results</source>
        <translation>在结果中检索(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Save this search…</source>
        <translation>保存此检索(&amp;S)…</translation>
    </message>
    <message>
        <source>Show saved searc&amp;hes</source>
        <translation>显示保存的检索(&amp;H)</translation>
    </message>
    <message>
        <source>Hits over &amp;time…</source>
        <translation>时间分布(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Batch search…</source>
        <translation>批量检索(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Concordance (KWIC)…</source>
        <translation>语境检索 KWIC(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Query syntax</source>
        <translation>检索语法(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About newsdesk</source>
        <translation>关于 newsdesk(&amp;A)</translation>
    </message>
</context>
<context>
    <name>w</name>
    <message>
        <source>Choose a tag in the tags panel first.</source>
        <translation>请先在标签面板中选择一个标签。</translation>
    </message>
</context>
</TS>
