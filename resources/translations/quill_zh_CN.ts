<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatInput</name>
    <message>
        <location filename="../../assistant/ui/widgets/chat_input.py" line="26"/>
        <source>Message Quill… (Enter to send, Shift+Enter for a new line)</source>
        <translation>给 Quill 发消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/chat_input.py" line="27"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="157"/>
        <location filename="../../assistant/ui/panes/chat.py" line="391"/>
        <location filename="../../assistant/ui/panes/chat.py" line="422"/>
        <location filename="../../assistant/ui/panes/chat.py" line="546"/>
        <location filename="../../assistant/ui/panes/chat.py" line="590"/>
        <location filename="../../assistant/ui/panes/chat.py" line="821"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="159"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="163"/>
        <location filename="../../assistant/ui/panes/chat.py" line="164"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="172"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="176"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="180"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="207"/>
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="208"/>
        <location filename="../../assistant/ui/panes/chat.py" line="555"/>
        <source>Instructions the assistant follows in this conversation</source>
        <translation>助手在本对话中遵循的指示</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="209"/>
        <location filename="../../assistant/ui/panes/chat.py" line="1062"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="216"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="217"/>
        <location filename="../../assistant/ui/panes/chat.py" line="1071"/>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="221"/>
        <source>Markdown (.md)</source>
        <translation>Markdown（.md）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="222"/>
        <source>Web page (.html)</source>
        <translation>网页（.html）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="223"/>
        <source>JSON (.json)</source>
        <translation>JSON（.json）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="227"/>
        <source>Include the model&apos;s thinking</source>
        <translation>包含模型的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="229"/>
        <source>Exports leave out what the model thought unless this is on</source>
        <translation>除非勾选此项，导出内容不包含模型的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="236"/>
        <source>Library</source>
        <translation>资料库</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="237"/>
        <source>Answer from collections or documents in the Library, with sources</source>
        <translation>根据资料库中的合集或文档回答，并注明出处</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="238"/>
        <source>Library sources for this conversation</source>
        <translation>此对话使用的资料库来源</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="255"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="268"/>
        <source>Explain how a heat pump works, simply</source>
        <translation>简单讲讲热泵是怎么工作的</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="269"/>
        <source>Draft a polite email asking to move a meeting to Friday</source>
        <translation>起草一封礼貌的邮件，请求把会议改到周五</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="270"/>
        <source>Give me five ideas for a rainy weekend</source>
        <translation>给我五个下雨周末的安排建议</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="274"/>
        <source>Put this in the message box</source>
        <translation>把这句话放进输入框</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="296"/>
        <source>Editing an earlier message: sending adds a new version; the current one stays (‹ › switches). Esc cancels.</source>
        <translation>正在编辑之前的消息：发送后会新增一个版本，当前版本保留（用 ‹ › 切换）。按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="313"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="315"/>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="318"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="320"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="325"/>
        <source>Think</source>
        <translation>思考</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="563"/>
        <source>There is nothing to export yet.</source>
        <translation>还没有可导出的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="755"/>
        <source>Nothing in this conversation&apos;s sources is about that. Try other words, or add documents in the Library.</source>
        <translation>此对话的来源中没有与此相关的内容。请换个说法，或在资料库中添加文档。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="762"/>
        <source>I found nothing relevant in the sources of this conversation, so I did not answer.</source>
        <translation>在此对话的来源中没有找到相关内容，因此没有作答。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="766"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="766"/>
        <source>Sources it was given (the answer cites none of them)</source>
        <translation>提供给它的来源（回答没有引用其中任何一条）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="847"/>
        <source>The Library is empty: add documents in the Library pane</source>
        <translation>资料库是空的：请在“资料库”页面添加文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="851"/>
        <source>{0} ({1} documents)</source>
        <translation>{0}（{1} 个文档）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="862"/>
        <source>Choose documents…</source>
        <translation>选择文档…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="865"/>
        <source>No sources (plain chat)</source>
        <translation>不使用来源（普通对话）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="882"/>
        <source>Answers come from: {0}</source>
        <translation>回答来源：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="891"/>
        <source>The {0} oldest messages were left out so this conversation fits the model&apos;s context window.</source>
        <translation>为适应模型的上下文窗口，最早的 {0} 条消息未被发送。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="917"/>
        <source>The reply failed unexpectedly; details are in the log file.</source>
        <translation>回复意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1000"/>
        <source>through its chat template&apos;s enable_thinking setting</source>
        <translation>通过其对话模板的 enable_thinking 设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1002"/>
        <source>with the /no_think instruction its authors document</source>
        <translation>通过模型作者说明的 /no_think 指令</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1005"/>
        <source>The model thinks before it answers (slower, often better). Click to answer directly.</source>
        <translation>模型先思考再回答（较慢，但通常更好）。点击可直接回答。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1007"/>
        <source>The model answers without thinking first. Click to let it think.</source>
        <translation>模型不经思考直接回答。点击可让它先思考。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1008"/>
        <source>Thinking is switched {0}.</source>
        <translation>思考的开关方式：{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1013"/>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1015"/>
        <source>This model always thinks before it answers: it has no documented way to turn that off.</source>
        <translation>此模型总是先思考再回答：没有文档说明的关闭方式。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1017"/>
        <source>The server applies its own chat template: Quill cannot switch its thinking.</source>
        <translation>服务器使用自己的对话模板：Quill 无法开关它的思考。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1019"/>
        <source>This model does not think before it answers.</source>
        <translation>此模型回答前不进行思考。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1044"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1044"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1054"/>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1054"/>
        <source>Delete this conversation? This cannot be undone.</source>
        <translation>删除此对话？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1062"/>
        <source>Instructions for the assistant in this conversation:</source>
        <translation>本对话中给助手的指示：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="1077"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>CpuCheck</name>
    <message>
        <location filename="../../assistant/ui/cpu_check_text.py" line="14"/>
        <source>Not run yet: Quill checks this llama.cpp build before it first loads a model.</source>
        <translation>尚未运行：Quill 会在首次加载模型前检查这个 llama.cpp 版本。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/cpu_check_text.py" line="18"/>
        <source>Passed: llama.cpp runs on this CPU with all its kernels.</source>
        <translation>已通过：llama.cpp 可在这台 CPU 上使用全部计算内核运行。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/cpu_check_text.py" line="20"/>
        <source>Safe mode: llama.cpp crashed on this CPU with its extra kernels (AMX), so models load without them and prompts on large models may be read slower. Rebuild llama-cpp-python as README.md says for full speed.</source>
        <translation>安全模式：llama.cpp 使用额外内核（AMX）时在这台 CPU 上崩溃，因此模型加载时不再使用它们，大模型读取提示词可能会变慢。按 README.md 的说明重新编译 llama-cpp-python 即可恢复全速。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/cpu_check_text.py" line="36"/>
        <source>llama.cpp crashed on this CPU while reading a long prompt ({0}). Quill now runs it without its extra CPU kernels: everything works, but prompts on large models may be read slower. To get full speed, rebuild llama-cpp-python as README.md says under “If llama.cpp crashed on this CPU”.</source>
        <translation>llama.cpp 在这台 CPU 上读取长提示词时崩溃了（{0}）。Quill 现在不使用它的额外 CPU 内核运行：所有功能照常可用，只是大模型读取提示词可能会变慢。如需恢复全速，请按 README.md 中“If llama.cpp crashed on this CPU”一节重新编译 llama-cpp-python。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/cpu_check_text.py" line="25"/>
        <source>Failed: llama.cpp crashes on this CPU even in safe mode. Rebuild llama-cpp-python as README.md says, or use a model on a server.</source>
        <translation>失败：即使在安全模式下，llama.cpp 也会在这台 CPU 上崩溃。请按 README.md 的说明重新编译 llama-cpp-python，或使用服务器上的模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/cpu_check_text.py" line="42"/>
        <source>llama.cpp crashes on this CPU even without its extra CPU kernels ({0}), so Quill cannot run models on this computer. Rebuild llama-cpp-python as README.md says, or use a model on a server (Settings → Server).</source>
        <translation>即使不使用额外 CPU 内核，llama.cpp 也会在这台 CPU 上崩溃（{0}），因此 Quill 无法在这台电脑上运行模型。请按 README.md 的说明重新编译 llama-cpp-python，或使用服务器上的模型（设置 → 服务器）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/cpu_check_text.py" line="56"/>
        <source>llama.cpp on this CPU</source>
        <translation>这台 CPU 上的 llama.cpp</translation>
    </message>
</context>
<context>
    <name>DocumentPane</name>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="48"/>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="65"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="65"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="65"/>
        <source>Word</source>
        <translation>Word</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="65"/>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="79"/>
        <source>Documents ({0});;All files (*)</source>
        <translation>文档 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="93"/>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
</context>
<context>
    <name>DocumentPicker</name>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="689"/>
        <source>Documents to answer from</source>
        <translation>用于回答的文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="692"/>
        <source>Documents in the Library</source>
        <translation>资料库中的文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="712"/>
        <source>Answers in this conversation come from the documents you tick:</source>
        <translation>此对话的回答将来自你勾选的文档：</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <location filename="../../assistant/ui/downloads.py" line="249"/>
        <source>Downloading {0} failed unexpectedly; details are in the log file.</source>
        <translation>下载 {0} 时意外失败；详情见日志文件。</translation>
    </message>
</context>
<context>
    <name>DownloadQueueView</name>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="139"/>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="162"/>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="146"/>
        <source>No downloads. Models you download from the Recommended or Search Hub tabs appear here; you can pause them and resume later, even after restarting Quill.</source>
        <translation>暂无下载。从“推荐”或“搜索 Hub”标签页下载的模型会显示在这里；可以暂停，稍后（即使重启 Quill 之后）继续。</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="51"/>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="55"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="57"/>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="122"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="59"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="61"/>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="63"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="97"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="100"/>
        <source>Checking the file…</source>
        <translation>正在校验文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="102"/>
        <source>{0} · connection lost, retrying…</source>
        <translation>{0} · 连接中断，正在重试…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="106"/>
        <source>{0}/s</source>
        <translation>{0}/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="108"/>
        <source>{0} left</source>
        <translation>剩余 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="110"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="112"/>
        <source>Paused at {0}</source>
        <translation>已暂停于 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="116"/>
        <source>Downloaded and verified: {0}</source>
        <translation>已下载并校验：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="122"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>LanguageNotice</name>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="88"/>
        <source>Go ahead anyway</source>
        <translation>仍然继续</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="138"/>
        <source>The starter model (SmolLM2 135M) knows English only: it cannot read or write {0}.</source>
        <translation>入门模型（SmolLM2 135M）只懂英语：它无法读写{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="142"/>
        <source>The model in use ({0}) is not described as reading and writing {1}.</source>
        <translation>当前模型（{0}）没有标明能读写{1}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="158"/>
        <source>Get {0}…</source>
        <translation>获取 {0}…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="159"/>
        <source>Get the recommended model, {0}</source>
        <translation>获取推荐的模型 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="160"/>
        <source>{0} does; it suits this computer.</source>
        <translation>{0} 支持，而且适合这台电脑。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="163"/>
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="164"/>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="165"/>
        <source>Choose a model that does in Models.</source>
        <translation>请在“模型”中选择一个支持的模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="170"/>
        <source>Chinese text</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/language_notice.py" line="170"/>
        <source>English text</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="131"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="133"/>
        <source>Add a folder as a collection of its own</source>
        <translation>把一个文件夹添加为单独的合集</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="134"/>
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="136"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="138"/>
        <source>Add files to the selected collection</source>
        <translation>把文件添加到选中的合集</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="139"/>
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="141"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="143"/>
        <source>Remove the selected collection from the library (the files stay)</source>
        <translation>从资料库移除选中的合集（文件本身保留）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="144"/>
        <location filename="../../assistant/ui/panes/library.py" line="656"/>
        <source>Remove collection</source>
        <translation>移除合集</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="146"/>
        <location filename="../../assistant/ui/panes/library.py" line="149"/>
        <source>Watch this folder</source>
        <translation>监视此文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="148"/>
        <source>Index changed, added and removed files again when Quill starts</source>
        <translation>Quill 启动时重新索引有改动、新增和删除的文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="154"/>
        <source>Collections</source>
        <translation>合集</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="159"/>
        <source>Collection</source>
        <translation>合集</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="159"/>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="159"/>
        <source>Chunks</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="159"/>
        <source>Search</source>
        <translation>搜索方式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="169"/>
        <source>Drop files or folders here</source>
        <translation>把文件或文件夹拖到这里</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="172"/>
        <source>Or use the buttons above. Quill reads .txt, .md, .html, .pdf and .docx files, keeps its index on this computer, and answers questions in Chat with the passages it used.</source>
        <translation>也可以使用上方的按钮。Quill 读取 .txt、.md、.html、.pdf 和 .docx 文件，在本机保存索引，并在对话中根据所用段落回答问题。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="191"/>
        <source>Indexing progress</source>
        <translation>索引进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="196"/>
        <location filename="../../assistant/ui/panes/library.py" line="339"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="198"/>
        <location filename="../../assistant/ui/panes/library.py" line="341"/>
        <source>Pause indexing</source>
        <translation>暂停索引</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="200"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="202"/>
        <source>Cancel indexing</source>
        <translation>取消索引</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="203"/>
        <source>Stop indexing; what is indexed so far is kept</source>
        <translation>停止索引；已索引的内容会保留</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="208"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="211"/>
        <source>Problems while indexing</source>
        <translation>索引时遇到的问题</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="219"/>
        <location filename="../../assistant/ui/panes/library.py" line="220"/>
        <source>Search the library</source>
        <translation>搜索资料库</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="226"/>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="228"/>
        <source>Results appear here; click one to see it in its document.</source>
        <translation>结果显示在这里；点击一条可在原文中查看。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="305"/>
        <source>Search uses keywords and meaning ({0}).</source>
        <translation>搜索同时使用关键词和语义（{0}）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="307"/>
        <source>No embedding model is chosen: search uses keywords only (Settings → Library).</source>
        <translation>未选择嵌入模型：搜索只使用关键词（设置 → 资料库）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="313"/>
        <source>Embedded</source>
        <translation>已向量化</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="315"/>
        <source>Embedded {0} of {1}</source>
        <translation>已向量化 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="316"/>
        <source>Keywords only</source>
        <translation>仅关键词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="339"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="341"/>
        <source>Resume indexing</source>
        <translation>继续索引</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="357"/>
        <source>{0}: not found</source>
        <translation>{0}：找不到</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="439"/>
        <source>Looking for files…</source>
        <translation>正在查找文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="458"/>
        <location filename="../../assistant/ui/panes/library.py" line="529"/>
        <source>Indexing cancelled. What was indexed so far is kept.</source>
        <translation>索引已取消，已索引的内容会保留。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="478"/>
        <source>{0} of {1} chunks</source>
        <translation>片段 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="480"/>
        <source>{0} chunks</source>
        <translation>{0} 个片段</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="481"/>
        <source>{0} of {1} files</source>
        <translation>文件 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="487"/>
        <source>Embedding {0}</source>
        <translation>正在向量化 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="487"/>
        <source>Reading {0}</source>
        <translation>正在读取 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="497"/>
        <source>less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="500"/>
        <source>about {0} min left</source>
        <translation>剩余约 {0} 分钟</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="501"/>
        <source>about {0} h left</source>
        <translation>剩余约 {0} 小时</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="525"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="526"/>
        <source>Paused. Resume carries on where it stopped.</source>
        <translation>已暂停。点“继续”会从停下的地方接着索引。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="536"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="537"/>
        <source>Indexed: {0} documents, {1} chunks.</source>
        <translation>已索引：{0} 个文档，{1} 个片段。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="550"/>
        <source>Indexing failed unexpectedly; details are in the log file.</source>
        <translation>索引意外失败；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="598"/>
        <source>Nothing in the library matches “{0}”.</source>
        <translation>资料库中没有与“{0}”匹配的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="615"/>
        <source>The search failed; details are in the log file.</source>
        <translation>搜索失败；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="636"/>
        <source>Add a folder to the library</source>
        <translation>向资料库添加文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="643"/>
        <source>Add files to the library</source>
        <translation>向资料库添加文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="645"/>
        <source>Documents ({0});;All files (*)</source>
        <translation>文档 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/library.py" line="657"/>
        <source>Remove “{0}” from the library? Its index is deleted; the files themselves stay.</source>
        <translation>要从资料库移除“{0}”吗？其索引会被删除，文件本身保留。</translation>
    </message>
</context>
<context>
    <name>LongJobs</name>
    <message>
        <location filename="../../assistant/ui/long_jobs.py" line="234"/>
        <source>{0}: done</source>
        <translation>{0}：已完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/long_jobs.py" line="234"/>
        <source>{0}: failed</source>
        <translation>{0}：失败</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/long_jobs.py" line="258"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/long_jobs.py" line="262"/>
        <source>{0} is downloaded and verified.</source>
        <translation>{0} 已下载并通过校验。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="86"/>
        <source>Sections</source>
        <translation>功能区</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="87"/>
        <source>Up and down arrows choose a section; Ctrl+1 to Ctrl+9 too.</source>
        <translation>上下方向键选择栏目；也可以用 Ctrl+1 到 Ctrl+9。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="99"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="103"/>
        <source>Library</source>
        <translation>资料库</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="112"/>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="147"/>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="149"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="163"/>
        <source>Speed of the last reply</source>
        <translation>上次回复的速度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="166"/>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="171"/>
        <source>context %v / %m</source>
        <translation>上下文 %v / %m</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="175"/>
        <source>API server</source>
        <translation>API 服务</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="187"/>
        <source>API: {0}</source>
        <translation>API：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="189"/>
        <source>Other programs on this computer can use the model at this OpenAI-compatible address.</source>
        <translation>本机上的其他程序可以通过这个 OpenAI 兼容地址使用该模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="196"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="209"/>
        <source>{0} on {1}</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="210"/>
        <source>{0}, {1} tokens of context</source>
        <translation>{0}，上下文 {1} 个词元</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="213"/>
        <source>{0}
{1}, {2} tokens of context, {3} threads</source>
        <translation>{0}
{1}，上下文 {2} 个词元，{3} 个线程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="228"/>
        <source>The model could not be loaded; details are in the log file.</source>
        <translation>无法加载模型；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="238"/>
        <source>Still using {0}. {1}</source>
        <translation>仍在使用 {0}。{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="241"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="246"/>
        <source>Choose a GGUF model in Settings (Ctrl+,).</source>
        <translation>请在设置（Ctrl+,）中选择一个 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="252"/>
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} 词元/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="262"/>
        <location filename="../../assistant/ui/main_window.py" line="271"/>
        <source>What can I help with?</source>
        <translation>有什么可以帮你？</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="264"/>
        <source>Quill uses {0} on a server ({1}). What you write is sent to that server.</source>
        <translation>Quill 正在使用服务器（{1}）上的 {0}。你输入的内容会发送到该服务器。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="273"/>
        <source>Quill runs {0} on this computer. Nothing you write leaves it.</source>
        <translation>Quill 在这台电脑上运行 {0}。你写的任何内容都不会离开它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="280"/>
        <source>This small starter model is fast but limited. For much better answers, get a larger model: Edit → Models… (Ctrl+Shift+M) recommends ones that suit this computer (Qwen2.5 for Chinese and English) and downloads them.</source>
        <translation>这个小型入门模型速度快但能力有限。想要好得多的回答，请换用更大的模型：编辑 → 模型…（Ctrl+Shift+M）会推荐适合这台电脑的模型（中英文推荐 Qwen2.5）并下载。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="291"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="292"/>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="296"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="301"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="302"/>
        <source>&amp;Find conversations</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="305"/>
        <source>&amp;Stop reply</source>
        <translation>停止回复(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="309"/>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="315"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="320"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="323"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="330"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="335"/>
        <source>&amp;System information…</source>
        <translation>系统信息(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="338"/>
        <source>&amp;About Quill</source>
        <translation>关于 Quill(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="366"/>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="390"/>
        <source>no model is loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="392"/>
        <source>{0} on a server ({1})</source>
        <translation>服务器上的 {0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="394"/>
        <source>{0} is loaded ({1}{2})</source>
        <translation>已加载 {0}（{1}{2}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="395"/>
        <source>, CPU check&apos;s safe mode</source>
        <translation>，CPU 检查的安全模式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="404"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="407"/>
        <source>About Quill</source>
        <translation>关于 Quill</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="409"/>
        <source>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;An offline chat and writing assistant. Models run on this computer with llama.cpp; nothing leaves it.&lt;/p&gt;&lt;p&gt;Model: {1}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;离线的聊天与写作助手。模型通过 llama.cpp 在这台电脑上运行，任何内容都不会离开它。&lt;/p&gt;&lt;p&gt;模型：{1}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="413"/>
        <source>Icons: {0}.</source>
        <translation>图标：{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/controller.py" line="156"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="100"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="101"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="102"/>
        <source>Write</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="325"/>
        <source>&amp;Welcome…</source>
        <translation>欢迎(&amp;W)…</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="241"/>
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="241"/>
        <source>Assistant&apos;s reply</source>
        <translation>助手的回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="247"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="247"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="vanished">复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="308"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="vanished">编辑</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="310"/>
        <source>Edit this message and send it again</source>
        <translation>编辑这条消息并重新发送</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="vanished">重新生成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="313"/>
        <source>Write this reply again</source>
        <translation>重新生成这条回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="394"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="402"/>
        <source>writing…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="403"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="404"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="405"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="127"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="141"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="142"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="143"/>
        <source>Search Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="199"/>
        <source>Measuring the speed of this computer (a few seconds)…</source>
        <translation>正在测量这台电脑的速度（几秒钟）…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="206"/>
        <source>The speed of this computer could not be measured; details are in the log file.</source>
        <translation>无法测量这台电脑的速度；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="210"/>
        <source>Speed measured: the starter model writes {0} here.</source>
        <translation>速度已测量：入门模型在这里{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="230"/>
        <source>Loading {0}… The status bar shows the progress.</source>
        <translation>正在加载 {0}…… 状态栏显示进度。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="234"/>
        <source>Now using {0}.</source>
        <translation>现在使用 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="241"/>
        <source>The model could not be loaded; details are in the log file.</source>
        <translation>无法加载模型；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="252"/>
        <source>Measure speed</source>
        <translation>测量速度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="255"/>
        <source>Generate a few words with the starter model to estimate each model&apos;s speed on this computer.</source>
        <translation>用入门模型生成几个词，以估算每个模型在这台电脑上的速度。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="262"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="600"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="263"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="264"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="602"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="751"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="265"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="750"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="266"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="601"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="267"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="268"/>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="269"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="752"/>
        <source>Memory needed</source>
        <translation>所需内存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="270"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="603"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="753"/>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="271"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="604"/>
        <source>Speed here</source>
        <translation>本机速度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="274"/>
        <source>Installed models</source>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="276"/>
        <source>The models on this computer; Use this model loads the selected one.</source>
        <translation>这台电脑上的模型；“使用此模型”会加载选中的那个。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="280"/>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="283"/>
        <source>Import .gguf…</source>
        <translation>导入 .gguf…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="286"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="289"/>
        <source>Verify again</source>
        <translation>重新校验</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="292"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="321"/>
        <source>This computer has {0} of memory. Estimates are for {2} sequences decoded together, each with its own context of {1} tokens (Settings → Model).</source>
        <translation>本机内存 {0}。估算按同时解码 {2} 个序列、每个序列各有 {1} 个词元的上下文计算（设置 → 模型）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="326"/>
        <source>This computer has {0} of memory. Estimates are for a context of {1} tokens for each sequence decoded together, as many as memory allows up to 4 (Settings → Model).</source>
        <translation>本机内存 {0}。估算按每个同时解码的序列各 {1} 个词元的上下文计算，序列数在内存允许的范围内最多 4 个（设置 → 模型）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="332"/>
        <source>Memory at {0} tokens</source>
        <translation>{0} 词元所需内存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="347"/>
        <source> (in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="349"/>
        <source> (embedding model)</source>
        <translation>（嵌入模型）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="364"/>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="364"/>
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="396"/>
        <source>Starter model</source>
        <translation>入门模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="397"/>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="398"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="399"/>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="441"/>
        <source>{0} is an embedding model: it cannot chat. Choose it in Settings → Library.</source>
        <translation>{0} 是嵌入模型，不能用来对话。请在“设置 → 资料库”中选择它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="446"/>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="446"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="452"/>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="453"/>
        <source>Copy {0} into Quill&apos;s models folder, or use it where it is?</source>
        <translation>将 {0} 复制到 Quill 的模型文件夹，还是在原位置使用？</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="455"/>
        <source>A copy keeps working if the original is moved or deleted, but takes the same space again.</source>
        <translation>复制后即使原文件被移动或删除也能继续使用，但会再占用同样大小的空间。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="457"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="458"/>
        <source>Use in place</source>
        <translation>原位置使用</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="467"/>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="474"/>
        <source>Imported {0}.</source>
        <translation>已导入 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="486"/>
        <source>The file could not be read: {0}.</source>
        <translation>无法读取文件：{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="488"/>
        <source>Something went wrong; details are in the log file.</source>
        <translation>出错了；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="496"/>
        <source>The starter model cannot be deleted: it keeps Quill working offline.</source>
        <translation>入门模型不能删除：它保证 Quill 离线也能工作。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="500"/>
        <source>{0} belongs to {1}; delete it there if you no longer need it.</source>
        <translation>{0} 属于 {1}；如不再需要，请在那里删除。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="507"/>
        <source>{0} is in use; switch to another model before deleting it.</source>
        <translation>{0} 正在使用；请先切换到其他模型再删除。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="510"/>
        <source>Remove {0} from the list? The file itself stays at {1}.</source>
        <translation>从列表中移除 {0}？文件本身仍保留在 {1}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="512"/>
        <source>Delete {0}? This removes {1} from this computer.</source>
        <translation>删除 {0}？这将从本机删除 {1} 的文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="515"/>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="526"/>
        <source>{0} was removed from the list; the file was left where it is.</source>
        <translation>{0} 已从列表中移除；文件保留在原处。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="529"/>
        <source>Deleted {0}.</source>
        <translation>已删除 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="539"/>
        <source>Verifying {0}…</source>
        <translation>正在校验 {0}…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="562"/>
        <source>{0} is intact: its SHA-256 matches the one recorded when it arrived.</source>
        <translation>{0} 完好：其 SHA-256 与下载时记录的一致。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="568"/>
        <source>{0} is a well-formed model (no SHA-256 was recorded to compare).</source>
        <translation>{0} 是结构完好的模型（没有记录 SHA-256 可供比对）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="591"/>
        <source>Instruct models chosen for chat, writing and translation, best for this computer first, and embedding models for the Library&apos;s search. Each download is checked against the Hub&apos;s SHA-256 before it is offered.</source>
        <translation>为对话、写作和翻译精选的指令模型（最适合这台电脑的排在前面），以及供资料库搜索使用的嵌入模型。每个下载都会先核对 Hub 上的 SHA-256，然后才提供使用。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="605"/>
        <source>Best here for</source>
        <translation>本机最适合</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="606"/>
        <source>Good for</source>
        <translation>适合</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="607"/>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="608"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="609"/>
        <source>About</source>
        <translation>简介</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="612"/>
        <source>Recommended models</source>
        <translation>推荐的模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="614"/>
        <source>Models chosen for this app, best fit for this computer first; Download gets the selected one.</source>
        <translation>为本应用挑选的模型，最适合这台电脑的排在前面；“下载”会获取选中的那个。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="618"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="765"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="642"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="650"/>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="643"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="651"/>
        <source>writing</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="644"/>
        <source>translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="645"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="653"/>
        <source>summaries</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="646"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="647"/>
        <source>Library search (embedding model)</source>
        <translation>资料库搜索（嵌入模型）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="652"/>
        <source>Chinese ↔ English</source>
        <translation>中英互译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="659"/>
        <source> (installed)</source>
        <translation>（已安装）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="717"/>
        <source>{0} is already installed.</source>
        <translation>{0} 已安装。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="723"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="913"/>
        <source>Downloading {0}.</source>
        <translation>正在下载 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="731"/>
        <source>Search GGUF models on Hugging Face, e.g. qwen2.5 instruct</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型，例如 qwen2.5 instruct</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="732"/>
        <source>Search the Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="734"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="742"/>
        <source>Repositories</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="749"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="757"/>
        <source>Files in the repository</source>
        <translation>仓库中的文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="759"/>
        <source>The GGUF files of the chosen repository with their size and fit; Download gets the selected one.</source>
        <translation>所选仓库中的 GGUF 文件及其大小和适配情况；“下载”会获取选中的那个。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="790"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="800"/>
        <source>{0}  ·  {1} downloads</source>
        <translation>{0}  ·  {1} 次下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="805"/>
        <source>No GGUF repositories match.</source>
        <translation>没有匹配的 GGUF 仓库。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="807"/>
        <source>{0} repositories. Choose one to see its files.</source>
        <translation>{0} 个仓库。选择一个查看其文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="816"/>
        <source>The search failed; details are in the log file.</source>
        <translation>搜索失败；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="832"/>
        <source>Listing the files of {0}…</source>
        <translation>正在列出 {0} 的文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="851"/>
        <source>The files could not be listed; details are in the log file.</source>
        <translation>无法列出文件；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="868"/>
        <source> ({0} parts)</source>
        <translation>（{0} 个分卷）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="880"/>
        <source>★ Recommended</source>
        <translation>★ 推荐</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="890"/>
        <source>{0} models. {1} suits this computer best.</source>
        <translation>{0} 个模型。{1} 最适合本机。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="896"/>
        <source>No GGUF models in this repository.</source>
        <translation>此仓库中没有 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="898"/>
        <source>{0} models; none is likely to fit in this computer&apos;s memory.</source>
        <translation>{0} 个模型；本机内存可能都放不下。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="926"/>
        <source>{0} is downloaded and verified. It is an embedding model: choose it in Settings → Library.</source>
        <translation>{0} 已下载并通过校验。它是嵌入模型：请在“设置 → 资料库”中选择它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="931"/>
        <source>{0} is downloaded and verified. Choose Use this model to switch to it.</source>
        <translation>{0} 已下载并校验。点“使用此模型”即可切换。</translation>
    </message>
</context>
<context>
    <name>PassagePanel</name>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="218"/>
        <source>Source passage</source>
        <translation>来源段落</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="233"/>
        <location filename="../../assistant/ui/widgets/citations.py" line="234"/>
        <source>Close the source panel</source>
        <translation>关闭来源面板</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="239"/>
        <source>The passage in its document</source>
        <translation>段落及其所在文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="240"/>
        <location filename="../../assistant/ui/widgets/citations.py" line="243"/>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="242"/>
        <source>Open the document in the program your system uses for it</source>
        <translation>用系统默认的程序打开此文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="271"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="286"/>
        <source>The file is no longer there: {0}</source>
        <translation>文件已不在原处：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/citations.py" line="291"/>
        <source>No program on this computer opens {0}.</source>
        <translation>这台电脑上没有能打开 {0} 的程序。</translation>
    </message>
</context>
<context>
    <name>ReasoningSection</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="122"/>
        <source>Show or hide what the model thought before answering</source>
        <translation>显示或隐藏模型回答前的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="127"/>
        <source>The model&apos;s reasoning</source>
        <translation>模型的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="202"/>
        <source>Thinking… {0} s · {1} tokens</source>
        <translation>思考中… {0} 秒 · {1} 个词元</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="204"/>
        <source>Thought for {0} s · {1} tokens</source>
        <translation>已思考 {0} 秒 · {1} 个词元</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="206"/>
        <source>Thoughts · {0} tokens</source>
        <translation>思考过程 · {0} 个词元</translation>
    </message>
</context>
<context>
    <name>RemotePage</name>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="49"/>
        <source>Where the model runs</source>
        <translation>模型运行位置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="53"/>
        <source>This computer (local GGUF model)</source>
        <translation>本机（本地 GGUF 模型）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="54"/>
        <source>A server (OpenAI-compatible)</source>
        <translation>服务器（OpenAI 兼容）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="56"/>
        <source>Engine:</source>
        <translation>引擎：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="60"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="61"/>
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="64"/>
        <source>The first model the server lists</source>
        <translation>服务器列出的第一个模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="65"/>
        <source>Model name:</source>
        <translation>模型名称：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="69"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="71"/>
        <source>(saved; type to replace)</source>
        <translation>（已保存；输入新值以替换）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="71"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="72"/>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="78"/>
        <source>System certificates</source>
        <translation>系统证书</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="79"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="84"/>
        <source>CA file (https):</source>
        <translation>CA 证书文件（https）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="90"/>
        <source>Used for budgets when the server does not report its context length.</source>
        <translation>服务器未报告其上下文长度时，用它来计算词元预算。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="91"/>
        <source>Server context (tokens):</source>
        <translation>服务器上下文（词元）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="96"/>
        <source>Serve to other programs</source>
        <translation>向其他程序提供服务</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="98"/>
        <source>Serve the loaded model as an OpenAI-compatible API</source>
        <translation>以 OpenAI 兼容 API 提供已加载的模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="104"/>
        <source>127.0.0.1 keeps it to this computer.</source>
        <translation>127.0.0.1 表示仅限本机访问。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="105"/>
        <source>Listen on:</source>
        <translation>监听地址：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="110"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="114"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="124"/>
        <source>What programs can ask for</source>
        <translation>其他程序可以请求的内容</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="127"/>
        <source>Used</source>
        <translation>Quill 会使用</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="128"/>
        <source>Accepted, not used (they describe the program)</source>
        <translation>接受但不使用（它们描述的是发出请求的程序）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="129"/>
        <source>Not supported yet, refused</source>
        <translation>暂不支持，会被拒绝</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="130"/>
        <source>Not supported, refused</source>
        <translation>不支持，会被拒绝</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="133"/>
        <source>Up to {0} choices per request (n), made at the same time. Any other field is refused with an error that names it; “quill serve --help” says what each field does.</source>
        <translation>每个请求最多 {0} 个候选回复（n），同时生成。其他任何字段都会被拒绝，错误信息会指出是哪个字段；“quill serve --help”说明了每个字段的作用。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="143"/>
        <source>Request fields</source>
        <translation>请求字段</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="151"/>
        <source>The API key is kept in the system keyring, never in the settings file.</source>
        <translation>API 密钥保存在系统钥匙串中，绝不写入设置文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="152"/>
        <source>No system keyring: the API key is kept for this session only (or set QUILL_API_KEY).</source>
        <translation>未找到系统钥匙串：API 密钥仅在本次会话中保留（也可设置 QUILL_API_KEY）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="157"/>
        <source>Choose a CA certificate file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="159"/>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="173"/>
        <source>{0} (running)</source>
        <translation>{0}（运行中）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="177"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="73"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="88"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="121"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="89"/>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="90"/>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="91"/>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="95"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="124"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="449"/>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="131"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="117"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="253"/>
        <source>Starter model (SmolLM2 135M)</source>
        <translation>入门模型（SmolLM2 135M）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="118"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="134"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="413"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="139"/>
        <source>Model file (GGUF):</source>
        <translation>模型文件（GGUF）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="146"/>
        <source>Context length (tokens):</source>
        <translation>上下文长度（词元）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="155"/>
        <source>How many requests the model answers at the same time: replies for API clients, blocks of a translation, steps of a summary. Each sequence reserves its own context memory (a full context length), so memory grows with this number. Automatic takes up to {0}, as this computer&apos;s memory allows. Applies when the model is loaded again.</source>
        <translation>模型同时处理的请求数：API 客户端的回复、译文的各个段落、摘要的各个步骤。每个序列都占用自己的一份上下文内存（完整的上下文长度），所以内存随这个数字增长。“自动”在本机内存允许的范围内最多取 {0} 个。重新加载模型后生效。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="168"/>
        <source>Parallel sequences:</source>
        <translation>并行序列数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="233"/>
        <source>For this model: {0} × {1} of context memory, about {2} in all.</source>
        <translation>当前模型：{0} × {1} 上下文内存，总计约 {2}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="238"/>
        <source>That is tight for this computer&apos;s memory.</source>
        <translation>本机内存会比较紧张。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="240"/>
        <source>That is more than this computer&apos;s memory holds.</source>
        <translation>超出了本机内存的容量。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="151"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="172"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="522"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="92"/>
        <source>Library</source>
        <translation>资料库</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="149"/>
        <source>Parallel sequences</source>
        <translation>并行序列</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="174"/>
        <source>CPU threads:</source>
        <translation>CPU 线程数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="180"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="183"/>
        <source>Layers on the GPU:</source>
        <translation>放到 GPU 上的层数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="185"/>
        <source>{0}: layers can be placed on the GPU.</source>
        <translation>{0}：可以把层放到 GPU 上。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="187"/>
        <source>{0} only: this build of llama.cpp cannot use a GPU.</source>
        <translation>仅 {0}：此 llama.cpp 版本不能使用 GPU。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="191"/>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="198"/>
        <source>CPU check:</source>
        <translation>CPU 检查：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="257"/>
        <source>Another file…</source>
        <translation>其他文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="287"/>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="287"/>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="287"/>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="290"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="293"/>
        <source>Precise: facts, code and translation. Balanced: everyday chat and writing. Creative: stories and brainstorming.</source>
        <translation>精确：事实、代码和翻译。均衡：日常对话和写作。创意：故事和头脑风暴。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="297"/>
        <source>Style:</source>
        <translation>风格：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="310"/>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="313"/>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="317"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="522"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="320"/>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="323"/>
        <source>Min-p:</source>
        <translation>Min-p：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="326"/>
        <source>Repeat penalty:</source>
        <translation>重复惩罚：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="331"/>
        <source>Longest reply (tokens):</source>
        <translation>最长回复（词元）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="335"/>
        <source>Default system prompt</source>
        <translation>默认系统提示词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="336"/>
        <source>Default system prompt:</source>
        <translation>默认系统提示词：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="386"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="391"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="388"/>
        <source>Language (after restart):</source>
        <translation>界面语言（重启后生效）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="391"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="391"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="394"/>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="410"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="418"/>
        <source>Models folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="421"/>
        <source>Downloads go here. Models already in the old folder stay there; move them yourself if you change it.</source>
        <translation>下载的模型保存在这里。更改后，旧文件夹里的模型不会自动移动，请自行移动。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="427"/>
        <source>Also list models from other apps (Hugging Face cache, LM Studio, GPT4All)</source>
        <translation>同时列出其他应用的模型（Hugging Face 缓存、LM Studio、GPT4All）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="436"/>
        <source>Choose the models folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="447"/>
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="456"/>
        <source>Embedding model:</source>
        <translation>嵌入模型：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="469"/>
        <source>None (keywords only)</source>
        <translation>无（仅关键词）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="475"/>
        <source>{0} (not found)</source>
        <translation>{0}（未找到）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="484"/>
        <source>Keywords only: the Library finds passages that share words with the question. An embedding model also finds passages that say the same thing in other words (Models → Recommended has some).</source>
        <translation>仅关键词：资料库只能找到与问题有相同词语的段落。嵌入模型还能找到用不同说法表达同一意思的段落（“模型 → 推荐”中有几个）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="489"/>
        <source>The Library&apos;s passages and questions become vectors with this model, and Quill&apos;s API server (quill serve) answers /v1/embeddings with it.</source>
        <translation>资料库的段落和问题由此模型转换为向量，Quill 的 API 服务器（quill serve）的 /v1/embeddings 也使用它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="508"/>
        <source>f16 (full precision, fastest on CPU)</source>
        <translation>f16（完整精度，在 CPU 上最快）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="509"/>
        <source>q8_0 (about half the memory)</source>
        <translation>q8_0（约一半内存）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="510"/>
        <source>q4_0 (about a quarter of the memory)</source>
        <translation>q4_0（约四分之一内存）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="516"/>
        <source>The memory that holds the context. A quantized cache takes less memory but, measured on a CPU, evaluates prompts and long conversations more slowly. Applies when the model is loaded again.</source>
        <translation>保存上下文的内存。量化缓存占用更少内存，但在 CPU 上实测处理提示和长对话更慢。重新加载模型后生效。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="522"/>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="528"/>
        <source>KV cache:</source>
        <translation>KV 缓存：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="535"/>
        <source>Flash attention:</source>
        <translation>Flash Attention：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="556"/>
        <source>This model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="557"/>
        <source>All models (defaults)</source>
        <translation>所有模型（默认值）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="560"/>
        <source>This model: context, GPU layers, cache, sampling and system prompt are remembered for the chosen model file. All models: the defaults every model uses where it has no value of its own.</source>
        <translation>此模型：为所选模型文件记住上下文、GPU 层数、缓存、采样和系统提示词。所有模型：每个模型在没有自己的值时使用的默认值。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="566"/>
        <source>Reset to model defaults</source>
        <translation>恢复模型默认值</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="569"/>
        <source>Forget what was set for this model: its own recommended sampling, then the defaults, apply.</source>
        <translation>清除为此模型设置的值：改用模型自带的推荐采样，其次是默认值。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="575"/>
        <source>Settings for:</source>
        <translation>设置对象：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="675"/>
        <source>all models</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="678"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="684"/>
        <source>this model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="678"/>
        <source>model metadata</source>
        <translation>模型元数据</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="678"/>
        <source>app default</source>
        <translation>应用默认值</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="700"/>
        <source>A q8_0 or q4_0 cache needs flash attention, so it is on.</source>
        <translation>q8_0 或 q4_0 缓存需要 Flash Attention，因此已开启。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="704"/>
        <source>Automatic: off when the model runs on the CPU alone (replies are faster there); llama.cpp decides when layers are on a GPU.</source>
        <translation>自动：模型只在 CPU 上运行时关闭（回复更快）；有层放在 GPU 上时由 llama.cpp 决定。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="273"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="273"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="396"/>
        <source>Notify me when a summary, translation or download finishes in the background</source>
        <translation>Quill 在后台时，摘要、翻译或下载完成后通知我</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/shortcuts.py" line="93"/>
        <location filename="../../assistant/ui/dialogs/shortcuts.py" line="101"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/shortcuts.py" line="96"/>
        <source>Tab and Shift+Tab move between controls; arrow keys move within lists, tabs and the sections.</source>
        <translation>Tab 和 Shift+Tab 在控件之间移动；方向键在列表、标签页和栏目之内移动。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/shortcuts.py" line="102"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/shortcuts.py" line="102"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/shortcuts.py" line="102"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/shortcuts.py" line="108"/>
        <source>Everywhere</source>
        <translation>任何位置</translation>
    </message>
</context>
<context>
    <name>Speed</name>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="24"/>
        <source>about {0} words a second</source>
        <translation>每秒约 {0} 个词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="29"/>
        <source>Not measured yet: the speed of this computer is measured once, in a few seconds.</source>
        <translation>尚未测量：本机速度只需测量一次，几秒钟即可。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="32"/>
        <source>About {0} tokens a second, estimated from a short measurement on this computer: generation reads every weight once per token, so speed scales with the model&apos;s size. Real speed may differ by half either way, and drops on long conversations or while other programs are busy.</source>
        <translation>约每秒 {0} 个词元，根据在本机上的一次简短测量估算：每生成一个词元都要读取全部权重，所以速度与模型大小成反比。实际速度可能快慢相差一半，长对话或其他程序繁忙时会更慢。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="45"/>
        <source>Fits, slow</source>
        <translation>可以运行，但很慢</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="45"/>
        <source>Fits</source>
        <translation>可以运行</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="49"/>
        <source>Tight, slow</source>
        <translation>内存紧张，且很慢</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="49"/>
        <source>Tight</source>
        <translation>内存紧张</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/speed_text.py" line="51"/>
        <source>Will not fit</source>
        <translation>内存不足</translation>
    </message>
</context>
<context>
    <name>SummarizePane</name>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="97"/>
        <source>Text to summarize</source>
        <translation>要摘要的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="99"/>
        <source>Paste text here, or open or drop a file (.txt, .md, .html, .pdf, .docx).</source>
        <translation>在此粘贴文本，或打开、拖入文件（.txt、.md、.html、.pdf、.docx）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="102"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="111"/>
        <source>Summary style</source>
        <translation>摘要样式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="113"/>
        <source>Bullet points</source>
        <translation>要点列表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="114"/>
        <source>TL;DR (one or two sentences)</source>
        <translation>一句话摘要（一两句）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="115"/>
        <source>One paragraph</source>
        <translation>一段话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="116"/>
        <source>Key points with sections</source>
        <translation>要点（注明章节）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="124"/>
        <source>Number of bullet points</source>
        <translation>要点数量</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="129"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="130"/>
        <source>Target length</source>
        <translation>目标长度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="133"/>
        <source>Summary language</source>
        <translation>摘要语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="135"/>
        <source>Same as the document</source>
        <translation>与文档相同</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="139"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="143"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="149"/>
        <source>Summary progress</source>
        <translation>摘要进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="158"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="161"/>
        <source>Your summary will appear here</source>
        <translation>摘要会显示在这里</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="163"/>
        <source>Paste text on the left or drop a file anywhere on this pane (.txt, .md, .html, .pdf, .docx), choose a style, then press Summarize.</source>
        <translation>在左侧粘贴文本，或把文件拖到此面板的任意位置（.txt、.md、.html、.pdf、.docx），选择样式，然后按“摘要”。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="166"/>
        <source>Try an example</source>
        <translation>试试示例</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="177"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="180"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="195"/>
        <source>Style:</source>
        <translation>样式：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="196"/>
        <source>Bullet points:</source>
        <translation>要点数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="197"/>
        <source>Length (words):</source>
        <translation>长度（词/字）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="198"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="236"/>
        <source># The night train returns

Across Europe, overnight trains are coming back. Between 2020 and 2024, operators opened more than 20 new night routes, among them Vienna to Paris, Brussels to Berlin and Zurich to Amsterdam. Travellers choose them to avoid short flights and to arrive rested in a city centre.

The revival is not easy. Sleeping cars are expensive: a new carriage costs about 3 million euros, and older ones must be refurbished. Track access fees differ from country to country, and a single delay at a border can ruin a timetable. Tickets are also hard to book, because each railway sells its own part of the journey.

Supporters ask for common booking systems, lower track fees at night and public money for new carriages. If those arrive, they say, night trains could carry millions more passengers by 2030.</source>
        <translation># 夜班火车回来了

在整个欧洲，夜班火车正在回归。2020 年到 2024 年间，运营商开通了 20 多条新的夜间线路，其中包括维也纳到巴黎、布鲁塞尔到柏林和苏黎世到阿姆斯特丹。旅客选择它们，是为了避免短途航班，并在精神饱满时抵达市中心。

复兴并不容易。卧铺车厢很贵：一节新车厢大约要 300 万欧元，旧车厢也必须翻新。各国的线路使用费各不相同，边境上的一次延误就可能打乱整张时刻表。车票也很难订，因为每家铁路公司只出售自己那一段行程。

支持者呼吁建立统一的订票系统、降低夜间线路使用费，并为新车厢提供公共资金。他们说，如果这些都能实现，到 2030 年夜班火车可以多运送数百万名乘客。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="283"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="319"/>
        <source>There is nothing to summarize yet: paste text or open a file.</source>
        <translation>还没有可摘要的内容：请粘贴文本或打开文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="332"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="361"/>
        <source>Reading part {0} of {1}</source>
        <translation>正在阅读第 {0} 部分，共 {1} 部分</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="363"/>
        <source>Combining notes</source>
        <translation>正在合并笔记</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="364"/>
        <source>Summarizing</source>
        <translation>正在摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="372"/>
        <source>fits in one pass</source>
        <translation>可一次处理完</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="372"/>
        <source>will be read in {0} parts</source>
        <translation>将分 {0} 部分阅读</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="373"/>
        <source>{0} tokens, {1}</source>
        <translation>{0} 个词元，{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="381"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="vanished">完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="391"/>
        <source>The summary failed unexpectedly; details are in the log file.</source>
        <translation>摘要意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="411"/>
        <source>Save summary</source>
        <translation>保存摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="335"/>
        <source>Summary</source>
        <comment>a long job</comment>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="387"/>
        <source>The summary is ready ({0} words).</source>
        <translation>摘要已完成（{0} 字）。</translation>
    </message>
</context>
<context>
    <name>SystemInfoDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/system_info.py" line="19"/>
        <location filename="../../assistant/ui/dialogs/system_info.py" line="30"/>
        <source>System information</source>
        <translation>系统信息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/system_info.py" line="24"/>
        <source>Copy this into a bug report. It holds no conversation text.</source>
        <translation>可将以下内容复制到问题报告中。其中不含任何对话内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/system_info.py" line="34"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="470"/>
        <source>Show earlier messages ({0} more)</source>
        <translation>显示更早的消息（还有 {0} 条）</translation>
    </message>
</context>
<context>
    <name>TranslatePane</name>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="102"/>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="103"/>
        <source>Detect language</source>
        <translation>自动检测语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="106"/>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="113"/>
        <location filename="../../assistant/ui/panes/translate.py" line="114"/>
        <source>Swap languages</source>
        <translation>互换语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="118"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="120"/>
        <source>Glossary…</source>
        <translation>术语表…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="123"/>
        <source>Translate as I type</source>
        <translation>边输入边翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="137"/>
        <source>Text to translate</source>
        <translation>要翻译的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="138"/>
        <source>Type or paste text, or open a file (.txt, .md, .html, .docx).</source>
        <translation>输入或粘贴文本，或打开文件（.txt、.md、.html、.docx）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="142"/>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="146"/>
        <source>The translation will appear here</source>
        <translation>译文会显示在这里</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="148"/>
        <source>Type or paste text on the left or drop a file here (.txt, .md, .html, .docx), choose the languages, then press Translate. Headings, lists, links and code keep their place.</source>
        <translation>在左侧输入或粘贴文本，或把文件拖到这里（.txt、.md、.html、.docx），选择语言，然后按“翻译”。标题、列表、链接和代码都会保持原位。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="151"/>
        <source>Try an example</source>
        <translation>试试示例</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="164"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="168"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="172"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="178"/>
        <source>Translation progress</source>
        <translation>翻译进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="243"/>
        <source>Detected: {0} ({1:.0%})</source>
        <translation>检测到：{0}（{1:.0%}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="258"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="267"/>
        <source>## Getting started

Quill runs language models on your own computer. Nothing you write is sent anywhere.

- Open a document or paste some text.
- Choose what you want: a summary, a translation or a better draft.
- Review the result before you keep it.</source>
        <translation>## 快速上手

Quill 在你自己的电脑上运行语言模型。你写的任何内容都不会被发送出去。

- 打开一个文档，或粘贴一些文本。
- 选择你想要的：摘要、翻译，或更好的草稿。
- 在保留结果之前先审阅它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="304"/>
        <source>There is nothing to translate yet.</source>
        <translation>还没有要翻译的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="348"/>
        <source>{0:.1f} words/s</source>
        <translation>{0:.1f} 词/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="354"/>
        <source>Part {0} of {1}</source>
        <translation>第 {0} 部分，共 {1} 部分</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="360"/>
        <source>Detected: {0}</source>
        <translation>检测到：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="367"/>
        <source>
({0} notes in all)</source>
        <translation>
（共 {0} 条提示）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="374"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="vanished">完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="384"/>
        <source>The translation failed unexpectedly; details are in the log file.</source>
        <translation>翻译意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="423"/>
        <source>Save translation</source>
        <translation>保存译文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="427"/>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="430"/>
        <source>One entry a line: &apos;term = translation&apos;, or a term alone to keep it as it is.</source>
        <translation>每行一条：“术语 = 译法”，或只写术语表示保持原样。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="327"/>
        <source>Translation</source>
        <comment>a long job</comment>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="380"/>
        <source>The translation is ready ({0} words).</source>
        <translation>翻译已完成（{0} 字）。</translation>
    </message>
</context>
<context>
    <name>VersionSwitcher</name>
    <message>
        <location filename="../../assistant/ui/widgets/versions.py" line="30"/>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/versions.py" line="35"/>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/versions.py" line="67"/>
        <source>Version {0} of {1}</source>
        <translation>第 {0} 个版本，共 {1} 个</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="118"/>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="217"/>
        <source>Welcome to Quill</source>
        <translation>欢迎使用 Quill</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="184"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="184"/>
        <source>Ask questions, talk ideas through, get explanations.</source>
        <translation>提问、讨论想法、获得解释。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="186"/>
        <source>Translate Chinese ↔ English</source>
        <translation>中英互译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="187"/>
        <source>Translate text and documents between Chinese and English.</source>
        <translation>在中文和英文之间翻译文字和文档。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="189"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="189"/>
        <source>Turn long documents into short summaries.</source>
        <translation>把长文档变成简短的摘要。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="190"/>
        <source>Write</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="190"/>
        <source>Draft, rewrite, proofread and shorten your text.</source>
        <translation>起草、改写、校对和缩短你的文字。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="198"/>
        <source>Quill runs language models on this computer: nothing you write leaves it. What will you mostly use it for? Quill then suggests one model that suits it and this computer.</source>
        <translation>Quill 在这台电脑上运行语言模型：你写的任何内容都不会离开它。你主要想用它做什么？Quill 会推荐一个适合该用途和这台电脑的模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="204"/>
        <source>What you will mostly use Quill for</source>
        <translation>你主要用 Quill 做什么</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="212"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="213"/>
        <source>Keep the starter model; the Models dialog has others any time.</source>
        <translation>继续使用入门模型；随时可以在“模型”对话框中获取其他模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="214"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="225"/>
        <source>This computer</source>
        <translation>这台电脑</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="229"/>
        <source>Measuring this computer</source>
        <translation>正在测量这台电脑</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="236"/>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="556"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="237"/>
        <source>Keep the starter model</source>
        <translation>继续使用入门模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="238"/>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="439"/>
        <source>Download and use</source>
        <translation>下载并使用</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="256"/>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="259"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="260"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="268"/>
        <source>The file is checked against the Hub&apos;s SHA-256 before it is used. You can keep working meanwhile: the starter model answers until the new one is ready.</source>
        <translation>文件在使用前会与 Hub 上的 SHA-256 核对。这期间你可以继续工作：新模型就绪之前由入门模型回答。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="287"/>
        <source>The starter model, SmolLM2 135M, is already on this computer and very quick, but small.
It can: chat and answer simple questions in English; rewrite, proofread and shorten short English text; summarize short English documents.
It cannot: translate Chinese (or any other language), understand Chinese, or summarize long documents well.
Open Models (Ctrl+Shift+M) any time to download a better model.</source>
        <translation>入门模型 SmolLM2 135M 已在这台电脑上，速度很快，但很小。
它能：用英语聊天和回答简单问题；改写、校对和缩短简短的英文；为简短的英文文档写摘要。
它不能：翻译中文（或任何其他语言）、理解中文，也不擅长为长文档写摘要。
随时打开“模型”（Ctrl+Shift+M）下载更好的模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="295"/>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="310"/>
        <source>Start using Quill</source>
        <translation>开始使用 Quill</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="308"/>
        <source>Ready</source>
        <translation>准备就绪</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="365"/>
        <source>Looking at this computer and measuring its speed with the starter model (a few seconds)…</source>
        <translation>正在查看这台电脑，并用入门模型测量速度（几秒钟）…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="374"/>
        <source>Memory: {0}</source>
        <translation>内存：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="375"/>
        <source>Processor: {0}, {1} cores</source>
        <translation>处理器：{0}，{1} 个核心</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="376"/>
        <source>Processor features: {0}</source>
        <translation>处理器特性：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="377"/>
        <source>GPU: {0}</source>
        <translation>GPU：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="379"/>
        <source>GPU: none used (this build runs on the CPU)</source>
        <translation>GPU：未使用（此版本在 CPU 上运行）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="383"/>
        <source>Measured speed: the starter model writes {0} here.</source>
        <translation>实测速度：入门模型在这里{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="388"/>
        <source>Measured speed: could not be measured (details are in the log file).</source>
        <translation>实测速度：无法测量（详情见日志文件）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="394"/>
        <source>This computer could not be looked at; details are in the log file.</source>
        <translation>无法查看这台电脑的信息；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="410"/>
        <source>No model can be recommended</source>
        <translation>无法推荐模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="415"/>
        <source>The starter model it is</source>
        <translation>就用入门模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="416"/>
        <source>None of the models Quill recommends for this use fits this computer&apos;s memory.</source>
        <translation>Quill 为这个用途推荐的模型都无法装入这台电脑的内存。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="421"/>
        <source>For {0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="423"/>
        <source>Download: {0}</source>
        <translation>下载大小：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="424"/>
        <source>Memory needed: {0}</source>
        <translation>所需内存：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="425"/>
        <source>Expected speed here: {0}</source>
        <translation>本机预计速度：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="427"/>
        <source>Expected speed here: not measured</source>
        <translation>本机预计速度：未测量</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="431"/>
        <source>Every model that suits this use would be slow here; this is the quickest.</source>
        <translation>适合这个用途的模型在这里都会很慢；这是最快的一个。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="435"/>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="440"/>
        <source>Asking the Hub for the file…</source>
        <translation>正在向 Hub 查询文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="456"/>
        <source>The Hub cannot be reached</source>
        <translation>无法连接 Hub</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="458"/>
        <source>Quill cannot download {0} now (no connection to the Hugging Face Hub), so it will use the starter model.</source>
        <translation>Quill 现在无法下载 {0}（无法连接 Hugging Face Hub），因此将使用入门模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="478"/>
        <source>Getting {0}</source>
        <translation>正在获取 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="487"/>
        <source>Starting the download…</source>
        <translation>正在开始下载…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="516"/>
        <source>Checking the file&apos;s SHA-256…</source>
        <translation>正在核对文件的 SHA-256…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="518"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="520"/>
        <source>{0}/s</source>
        <translation>{0}/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="531"/>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="540"/>
        <source>Quill now uses {0}. It stays your model next time; the Models dialog switches any time.</source>
        <translation>Quill 现在使用 {0}。下次启动时仍会使用它；随时可以在“模型”对话框中切换。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/welcome.py" line="553"/>
        <source>The model could not be loaded; details are in the log file.</source>
        <translation>无法加载该模型；详情见日志文件。</translation>
    </message>
</context>
<context>
    <name>WritePane</name>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="138"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="141"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="144"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="147"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="151"/>
        <location filename="../../assistant/ui/panes/write.py" line="173"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="165"/>
        <source>Your text</source>
        <translation>你的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="167"/>
        <source>Write or paste here, or open a file (.txt, .md, .docx). Select text to work on a part of it.</source>
        <translation>在此书写或粘贴，或打开文件（.txt、.md、.docx）。选中一部分文本即可只处理这一部分。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="191"/>
        <location filename="../../assistant/ui/panes/write.py" line="553"/>
        <source>Changes appear here for review before they touch your text.</source>
        <translation>修改会先显示在这里供你审阅，然后才会写入你的文本。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="197"/>
        <source>Proposed change</source>
        <translation>建议的修改</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="200"/>
        <source>Choose a tool and press Run</source>
        <translation>选择一个工具，然后按“运行”</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="202"/>
        <source>It works on the text you select, or on all of it. Drop a file here to open it. Every change is shown here for review before it touches your text.</source>
        <translation>它处理你选中的文本，未选中时处理全部文本。把文件拖到这里即可打开。每处修改都会先显示在这里供你审阅，然后才会改动你的文本。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="205"/>
        <source>Try an example</source>
        <translation>试试示例</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="215"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="223"/>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="226"/>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="252"/>
        <source>Writing tool</source>
        <translation>写作工具</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="254"/>
        <source>Proofread</source>
        <translation>校对</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="255"/>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="256"/>
        <source>Make shorter</source>
        <translation>缩短</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="257"/>
        <source>Make longer</source>
        <translation>扩写</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="258"/>
        <source>Change tone</source>
        <translation>改变语气</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="259"/>
        <source>Continue writing</source>
        <translation>续写</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="260"/>
        <source>Draft from outline</source>
        <translation>按大纲起草</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="261"/>
        <source>Key points</source>
        <translation>要点</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="262"/>
        <source>Keywords and topics</source>
        <translation>关键词和主题</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="263"/>
        <source>Tone and sentiment</source>
        <translation>语气和情感</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="264"/>
        <source>Custom instruction</source>
        <translation>自定义指令</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="270"/>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="272"/>
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="273"/>
        <source>Friendly</source>
        <translation>友好</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="274"/>
        <source>Concise</source>
        <translation>简洁</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="275"/>
        <source>Confident</source>
        <translation>自信</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="281"/>
        <source>What to draft</source>
        <translation>起草类型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="283"/>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="284"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="285"/>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="286"/>
        <source>Story</source>
        <translation>故事</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="291"/>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="293"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="296"/>
        <source>Run the tool on the selection, or on the whole text (Ctrl+Return)</source>
        <translation>对选中的文本运行工具，未选中时处理全文（Ctrl+Return）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="301"/>
        <source>Number of versions</source>
        <translation>版本数</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="304"/>
        <source>Alternatives</source>
        <translation>多个版本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="306"/>
        <source>Ask for several different versions and pick one</source>
        <translation>生成几个不同的版本，从中挑选一个</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="308"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="351"/>
        <source>What should be done with the text? (e.g. Turn it into a list of steps)</source>
        <translation>要对文本做什么？（例如：改成分步骤的列表）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="353"/>
        <source>Optional: what the draft should say, to whom, how long</source>
        <translation>可选：草稿要写什么、写给谁、多长</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="387"/>
        <source>There is no text to work on yet: write something or select some text.</source>
        <translation>还没有可处理的文本：请先写一些内容或选中一段文本。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="391"/>
        <source>Write an instruction first.</source>
        <translation>请先写一条指令。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="400"/>
        <source>Writing…</source>
        <translation>正在写作…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="401"/>
        <source>Proposed change (green: added, red: removed):</source>
        <translation>建议的修改（绿色：新增，红色：删除）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="415"/>
        <source>Version {0}</source>
        <translation>版本 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="427"/>
        <location filename="../../assistant/ui/panes/write.py" line="470"/>
        <source>Version {0}: {1}</source>
        <translation>版本 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="457"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="459"/>
        <source>The model gave no text back; try again, or try another model.</source>
        <translation>模型没有返回任何文本；请重试，或换一个模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="475"/>
        <source>{0} words added, {1} removed.</source>
        <translation>新增 {0} 个词，删除 {1} 个。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="477"/>
        <source>Stopped; you can still accept what was written.</source>
        <translation>已停止；已写出的内容仍可接受。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="485"/>
        <source>The writing tool failed unexpectedly; details are in the log file.</source>
        <translation>写作工具意外失败；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="517"/>
        <source>Change accepted (Ctrl+Z undoes it).</source>
        <translation>已接受修改（Ctrl+Z 可撤销）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="525"/>
        <source>Change rejected; your text is as it was.</source>
        <translation>已拒绝修改；你的文本保持原样。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="559"/>
        <source>The example goes into an empty editor; your text is left as it is.</source>
        <translation>示例只会放进空的编辑器；你的文本保持不变。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="563"/>
        <source>Hi Sam,

thanks for you&apos;re message. I have looked at the report and I think its mostly ready, but the numbers in the second table dont match the summary. Could we meet on thursday to go trough it together?

Best,
Alex</source>
        <translation>小王：

你好！谢谢你的来信。我看过了报告，觉得它基本上以经准备好了，但是第二个表格里的数字和总结对不上。我们能不能在星期四见个面，一起把它过一边？

祝好，
小李</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="611"/>
        <source>{0} words</source>
        <translation>{0} 词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="613"/>
        <source>{0} words, {1} tokens</source>
        <translation>{0} 词，{1} 个 token</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="661"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="682"/>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="685"/>
        <location filename="../../assistant/ui/panes/write.py" line="696"/>
        <source>Open a file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="698"/>
        <source>Your text has changes that are not saved to a file. Open another file anyway? (The current text is replaced.)</source>
        <translation>你的文本有尚未保存到文件的修改。仍要打开另一个文件吗？（当前文本将被替换。）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="705"/>
        <source>Untitled draft</source>
        <translation>未命名草稿</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="706"/>
        <source> (changed)</source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="724"/>
        <source>Could not autosave the draft: {0}</source>
        <translation>无法自动保存草稿：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="746"/>
        <source>Restored your draft from {0}.</source>
        <translation>已恢复你在 {0} 的草稿。</translation>
    </message>
</context>
</TS>
