<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatInput</name>
    <message>
        <location filename="../../assistant/ui/widgets/chat_input.py" line="23"/>
        <source>Message Quill… (Enter to send, Shift+Enter for a new line)</source>
        <translation>给 Quill 发消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/chat_input.py" line="24"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="122"/>
        <location filename="../../assistant/ui/panes/chat.py" line="270"/>
        <location filename="../../assistant/ui/panes/chat.py" line="301"/>
        <location filename="../../assistant/ui/panes/chat.py" line="379"/>
        <location filename="../../assistant/ui/panes/chat.py" line="418"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="124"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="128"/>
        <location filename="../../assistant/ui/panes/chat.py" line="129"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="137"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="141"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="145"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="167"/>
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="168"/>
        <location filename="../../assistant/ui/panes/chat.py" line="388"/>
        <source>Instructions the assistant follows in this conversation</source>
        <translation>助手在本对话中遵循的指示</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="169"/>
        <location filename="../../assistant/ui/panes/chat.py" line="697"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="173"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="174"/>
        <location filename="../../assistant/ui/panes/chat.py" line="706"/>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="178"/>
        <source>Markdown (.md)</source>
        <translation>Markdown（.md）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="179"/>
        <source>Web page (.html)</source>
        <translation>网页（.html）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="180"/>
        <source>JSON (.json)</source>
        <translation>JSON（.json）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="184"/>
        <source>Include the model&apos;s thinking</source>
        <translation>包含模型的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="186"/>
        <source>Exports leave out what the model thought unless this is on</source>
        <translation>除非勾选此项，导出内容不包含模型的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="193"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="206"/>
        <source>Editing an earlier message: sending replaces it and every message after it. Esc cancels.</source>
        <translation>正在编辑之前的消息：发送后将替换它及其后的所有消息。按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="216"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="218"/>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="221"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="223"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="228"/>
        <source>Think</source>
        <translation>思考</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="396"/>
        <source>There is nothing to export yet.</source>
        <translation>还没有可导出的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="535"/>
        <source>The {0} oldest messages were left out so this conversation fits the model&apos;s context window.</source>
        <translation>为适应模型的上下文窗口，最早的 {0} 条消息未被发送。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="557"/>
        <source>The reply failed unexpectedly; details are in the log file.</source>
        <translation>回复意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="635"/>
        <source>through its chat template&apos;s enable_thinking setting</source>
        <translation>通过其对话模板的 enable_thinking 设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="637"/>
        <source>with the /no_think instruction its authors document</source>
        <translation>通过模型作者说明的 /no_think 指令</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="640"/>
        <source>The model thinks before it answers (slower, often better). Click to answer directly.</source>
        <translation>模型先思考再回答（较慢，但通常更好）。点击可直接回答。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="642"/>
        <source>The model answers without thinking first. Click to let it think.</source>
        <translation>模型不经思考直接回答。点击可让它先思考。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="643"/>
        <source>Thinking is switched {0}.</source>
        <translation>思考的开关方式：{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="648"/>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="650"/>
        <source>This model always thinks before it answers: it has no documented way to turn that off.</source>
        <translation>此模型总是先思考再回答：没有文档说明的关闭方式。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="652"/>
        <source>The server applies its own chat template: Quill cannot switch its thinking.</source>
        <translation>服务器使用自己的对话模板：Quill 无法开关它的思考。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="654"/>
        <source>This model does not think before it answers.</source>
        <translation>此模型回答前不进行思考。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="679"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="679"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="689"/>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="689"/>
        <source>Delete this conversation? This cannot be undone.</source>
        <translation>删除此对话？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="697"/>
        <source>Instructions for the assistant in this conversation:</source>
        <translation>本对话中给助手的指示：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="712"/>
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
        <location filename="../../assistant/ui/panes/document_pane.py" line="47"/>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="64"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="64"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="64"/>
        <source>Word</source>
        <translation>Word</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="64"/>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="78"/>
        <source>Documents ({0});;All files (*)</source>
        <translation>文档 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/document_pane.py" line="92"/>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
</context>
<context>
    <name>DownloadQueueView</name>
    <message>
        <location filename="../../assistant/ui/widgets/download_queue.py" line="139"/>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="80"/>
        <source>Sections</source>
        <translation>功能区</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="91"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="103"/>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="122"/>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="124"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="138"/>
        <source>Speed of the last reply</source>
        <translation>上次回复的速度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="141"/>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="146"/>
        <source>context %v / %m</source>
        <translation>上下文 %v / %m</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="149"/>
        <source>API server</source>
        <translation>API 服务</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="161"/>
        <source>API: {0}</source>
        <translation>API：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="163"/>
        <source>Other programs on this computer can use the model at this OpenAI-compatible address.</source>
        <translation>本机上的其他程序可以通过这个 OpenAI 兼容地址使用该模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="170"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="183"/>
        <source>{0} on {1}</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="184"/>
        <source>{0}, {1} tokens of context</source>
        <translation>{0}，上下文 {1} 个词元</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="187"/>
        <source>{0}
{1}, {2} tokens of context, {3} threads</source>
        <translation>{0}
{1}，上下文 {2} 个词元，{3} 个线程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="201"/>
        <source>The model could not be loaded; details are in the log file.</source>
        <translation>无法加载模型；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="211"/>
        <source>Still using {0}. {1}</source>
        <translation>仍在使用 {0}。{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="214"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="219"/>
        <source>Choose a GGUF model in Settings (Ctrl+,).</source>
        <translation>请在设置（Ctrl+,）中选择一个 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="225"/>
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} 词元/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="235"/>
        <location filename="../../assistant/ui/main_window.py" line="244"/>
        <source>What can I help with?</source>
        <translation>有什么可以帮你？</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="237"/>
        <source>Quill uses {0} on a server ({1}). What you write is sent to that server.</source>
        <translation>Quill 正在使用服务器（{1}）上的 {0}。你输入的内容会发送到该服务器。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="246"/>
        <source>Quill runs {0} on this computer. Nothing you write leaves it.</source>
        <translation>Quill 在这台电脑上运行 {0}。你写的任何内容都不会离开它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="253"/>
        <source>This small starter model is fast but limited. For much better answers, get a larger model: Edit → Models… (Ctrl+Shift+M) recommends ones that suit this computer (Qwen2.5 for Chinese and English) and downloads them.</source>
        <translation>这个小型入门模型速度快但能力有限。想要好得多的回答，请换用更大的模型：编辑 → 模型…（Ctrl+Shift+M）会推荐适合这台电脑的模型（中英文推荐 Qwen2.5）并下载。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="264"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="265"/>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="268"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="272"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="273"/>
        <source>&amp;Find conversations</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="275"/>
        <source>&amp;Stop reply</source>
        <translation>停止回复(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="279"/>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="284"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="288"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="289"/>
        <source>&amp;System information…</source>
        <translation>系统信息(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="291"/>
        <source>&amp;About Quill</source>
        <translation>关于 Quill(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="317"/>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="333"/>
        <source>no model is loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="335"/>
        <source>{0} on a server ({1})</source>
        <translation>服务器上的 {0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="337"/>
        <source>{0} is loaded ({1}{2})</source>
        <translation>已加载 {0}（{1}{2}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="338"/>
        <source>, CPU check&apos;s safe mode</source>
        <translation>，CPU 检查的安全模式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="347"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="350"/>
        <source>About Quill</source>
        <translation>关于 Quill</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="352"/>
        <source>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;An offline chat and writing assistant. Models run on this computer with llama.cpp; nothing leaves it.&lt;/p&gt;&lt;p&gt;Model: {1}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;离线的聊天与写作助手。模型通过 llama.cpp 在这台电脑上运行，任何内容都不会离开它。&lt;/p&gt;&lt;p&gt;模型：{1}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/controller.py" line="142"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="92"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="93"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="94"/>
        <source>Write</source>
        <translation>写作</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="212"/>
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="212"/>
        <source>Assistant&apos;s reply</source>
        <translation>助手的回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="218"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="218"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="227"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="227"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="230"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="230"/>
        <source>Edit this message and send it again</source>
        <translation>编辑这条消息并重新发送</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="234"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="234"/>
        <source>Write this reply again</source>
        <translation>重新生成这条回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="296"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="302"/>
        <source>writing…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="303"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="304"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="305"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="122"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="136"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="137"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="138"/>
        <source>Search Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="179"/>
        <source>Fits</source>
        <translation>可以运行</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="179"/>
        <source>Tight</source>
        <translation>内存紧张</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="179"/>
        <source>Will not fit</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="196"/>
        <source>Loading {0}… The status bar shows the progress.</source>
        <translation>正在加载 {0}…… 状态栏显示进度。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="200"/>
        <source>Now using {0}.</source>
        <translation>现在使用 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="207"/>
        <source>The model could not be loaded; details are in the log file.</source>
        <translation>无法加载模型；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="221"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="538"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="222"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="223"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="540"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="643"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="224"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="642"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="225"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="539"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="226"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="227"/>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="228"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="644"/>
        <source>Memory needed</source>
        <translation>所需内存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="229"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="541"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="645"/>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="234"/>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="237"/>
        <source>Import .gguf…</source>
        <translation>导入 .gguf…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="240"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="243"/>
        <source>Verify again</source>
        <translation>重新校验</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="246"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="272"/>
        <source>This computer has {0} of memory. Estimates are for {2} sequences decoded together, each with its own context of {1} tokens (Settings → Model).</source>
        <translation>本机内存 {0}。估算按同时解码 {2} 个序列、每个序列各有 {1} 个词元的上下文计算（设置 → 模型）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="277"/>
        <source>This computer has {0} of memory. Estimates are for a context of {1} tokens for each sequence decoded together, as many as memory allows up to 4 (Settings → Model).</source>
        <translation>本机内存 {0}。估算按每个同时解码的序列各 {1} 个词元的上下文计算，序列数在内存允许的范围内最多 4 个（设置 → 模型）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="283"/>
        <source>Memory at {0} tokens</source>
        <translation>{0} 词元所需内存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="298"/>
        <source> (in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="313"/>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="313"/>
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="341"/>
        <source>Starter model</source>
        <translation>入门模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="342"/>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="343"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="344"/>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="385"/>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="385"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="391"/>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="392"/>
        <source>Copy {0} into Quill&apos;s models folder, or use it where it is?</source>
        <translation>将 {0} 复制到 Quill 的模型文件夹，还是在原位置使用？</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="394"/>
        <source>A copy keeps working if the original is moved or deleted, but takes the same space again.</source>
        <translation>复制后即使原文件被移动或删除也能继续使用，但会再占用同样大小的空间。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="396"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="397"/>
        <source>Use in place</source>
        <translation>原位置使用</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="406"/>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="413"/>
        <source>Imported {0}.</source>
        <translation>已导入 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="425"/>
        <source>The file could not be read: {0}.</source>
        <translation>无法读取文件：{0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="427"/>
        <source>Something went wrong; details are in the log file.</source>
        <translation>出错了；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="435"/>
        <source>The starter model cannot be deleted: it keeps Quill working offline.</source>
        <translation>入门模型不能删除：它保证 Quill 离线也能工作。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="439"/>
        <source>{0} belongs to {1}; delete it there if you no longer need it.</source>
        <translation>{0} 属于 {1}；如不再需要，请在那里删除。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="446"/>
        <source>{0} is in use; switch to another model before deleting it.</source>
        <translation>{0} 正在使用；请先切换到其他模型再删除。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="449"/>
        <source>Remove {0} from the list? The file itself stays at {1}.</source>
        <translation>从列表中移除 {0}？文件本身仍保留在 {1}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="451"/>
        <source>Delete {0}? This removes {1} from this computer.</source>
        <translation>删除 {0}？这将从本机删除 {1} 的文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="454"/>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="465"/>
        <source>{0} was removed from the list; the file was left where it is.</source>
        <translation>{0} 已从列表中移除；文件保留在原处。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="468"/>
        <source>Deleted {0}.</source>
        <translation>已删除 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="478"/>
        <source>Verifying {0}…</source>
        <translation>正在校验 {0}…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="501"/>
        <source>{0} is intact: its SHA-256 matches the one recorded when it arrived.</source>
        <translation>{0} 完好：其 SHA-256 与下载时记录的一致。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="507"/>
        <source>{0} is a well-formed model (no SHA-256 was recorded to compare).</source>
        <translation>{0} 是结构完好的模型（没有记录 SHA-256 可供比对）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="530"/>
        <source>Instruct models chosen for chat, writing and translation, best for this computer first. Each download is checked against the Hub&apos;s SHA-256 before it is offered.</source>
        <translation>为对话、写作和翻译挑选的指令模型，最适合本机的排在前面。每次下载都会先与 Hub 上的 SHA-256 比对，通过后才可使用。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="542"/>
        <source>Good for</source>
        <translation>适合</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="543"/>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="544"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="545"/>
        <source>About</source>
        <translation>简介</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="550"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="653"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="574"/>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="575"/>
        <source>writing</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="576"/>
        <source>translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="577"/>
        <source>summaries</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="578"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="583"/>
        <source> (installed)</source>
        <translation>（已安装）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="609"/>
        <source>{0} is already installed.</source>
        <translation>{0} 已安装。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="615"/>
        <location filename="../../assistant/ui/dialogs/models.py" line="797"/>
        <source>Downloading {0}.</source>
        <translation>正在下载 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="623"/>
        <source>Search GGUF models on Hugging Face, e.g. qwen2.5 instruct</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型，例如 qwen2.5 instruct</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="624"/>
        <source>Search the Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="626"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="634"/>
        <source>Repositories</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="641"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="678"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="688"/>
        <source>{0}  ·  {1} downloads</source>
        <translation>{0}  ·  {1} 次下载</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="693"/>
        <source>No GGUF repositories match.</source>
        <translation>没有匹配的 GGUF 仓库。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="695"/>
        <source>{0} repositories. Choose one to see its files.</source>
        <translation>{0} 个仓库。选择一个查看其文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="704"/>
        <source>The search failed; details are in the log file.</source>
        <translation>搜索失败；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="720"/>
        <source>Listing the files of {0}…</source>
        <translation>正在列出 {0} 的文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="739"/>
        <source>The files could not be listed; details are in the log file.</source>
        <translation>无法列出文件；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="756"/>
        <source> ({0} parts)</source>
        <translation>（{0} 个分卷）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="764"/>
        <source>★ Recommended</source>
        <translation>★ 推荐</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="774"/>
        <source>{0} models. {1} suits this computer best.</source>
        <translation>{0} 个模型。{1} 最适合本机。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="780"/>
        <source>No GGUF models in this repository.</source>
        <translation>此仓库中没有 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="782"/>
        <source>{0} models; none is likely to fit in this computer&apos;s memory.</source>
        <translation>{0} 个模型；本机内存可能都放不下。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/models.py" line="807"/>
        <source>{0} is downloaded and verified. Choose Use this model to switch to it.</source>
        <translation>{0} 已下载并校验。点“使用此模型”即可切换。</translation>
    </message>
</context>
<context>
    <name>ReasoningSection</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="100"/>
        <source>Show or hide what the model thought before answering</source>
        <translation>显示或隐藏模型回答前的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="104"/>
        <source>The model&apos;s reasoning</source>
        <translation>模型的思考过程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="179"/>
        <source>Thinking… {0} s · {1} tokens</source>
        <translation>思考中… {0} 秒 · {1} 个词元</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="181"/>
        <source>Thought for {0} s · {1} tokens</source>
        <translation>已思考 {0} 秒 · {1} 个词元</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="183"/>
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
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="141"/>
        <source>Request fields</source>
        <translation>请求字段</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="149"/>
        <source>The API key is kept in the system keyring, never in the settings file.</source>
        <translation>API 密钥保存在系统钥匙串中，绝不写入设置文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="150"/>
        <source>No system keyring: the API key is kept for this session only (or set QUILL_API_KEY).</source>
        <translation>未找到系统钥匙串：API 密钥仅在本次会话中保留（也可设置 QUILL_API_KEY）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="155"/>
        <source>Choose a CA certificate file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="157"/>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="171"/>
        <source>{0} (running)</source>
        <translation>{0}（运行中）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/remote_page.py" line="175"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="70"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="84"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="115"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="85"/>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="86"/>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="87"/>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="90"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="118"/>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="125"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="111"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="236"/>
        <source>Starter model (SmolLM2 135M)</source>
        <translation>入门模型（SmolLM2 135M）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="112"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="128"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="389"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="133"/>
        <source>Model file (GGUF):</source>
        <translation>模型文件（GGUF）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="140"/>
        <source>Context length (tokens):</source>
        <translation>上下文长度（词元）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="148"/>
        <source>How many requests the model answers at the same time: replies for API clients, blocks of a translation, steps of a summary. Each sequence reserves its own context memory (a full context length), so memory grows with this number. Automatic takes up to {0}, as this computer&apos;s memory allows. Applies when the model is loaded again.</source>
        <translation>模型同时处理的请求数：API 客户端的回复、译文的各个段落、摘要的各个步骤。每个序列都占用自己的一份上下文内存（完整的上下文长度），所以内存随这个数字增长。“自动”在本机内存允许的范围内最多取 {0} 个。重新加载模型后生效。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="161"/>
        <source>Parallel sequences:</source>
        <translation>并行序列数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="218"/>
        <source>For this model: {0} × {1} of context memory, about {2} in all.</source>
        <translation>当前模型：{0} × {1} 上下文内存，总计约 {2}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="223"/>
        <source>That is tight for this computer&apos;s memory.</source>
        <translation>本机内存会比较紧张。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="225"/>
        <source>That is more than this computer&apos;s memory holds.</source>
        <translation>超出了本机内存的容量。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="144"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="165"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="167"/>
        <source>CPU threads:</source>
        <translation>CPU 线程数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="173"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="176"/>
        <source>Layers on the GPU:</source>
        <translation>放到 GPU 上的层数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="178"/>
        <source>{0}: layers can be placed on the GPU.</source>
        <translation>{0}：可以把层放到 GPU 上。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="180"/>
        <source>{0} only: this build of llama.cpp cannot use a GPU.</source>
        <translation>仅 {0}：此 llama.cpp 版本不能使用 GPU。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="184"/>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="191"/>
        <source>CPU check:</source>
        <translation>CPU 检查：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="240"/>
        <source>Another file…</source>
        <translation>其他文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="270"/>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="270"/>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="270"/>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="273"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="276"/>
        <source>Precise: facts, code and translation. Balanced: everyday chat and writing. Creative: stories and brainstorming.</source>
        <translation>精确：事实、代码和翻译。均衡：日常对话和写作。创意：故事和头脑风暴。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="280"/>
        <source>Style:</source>
        <translation>风格：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="293"/>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="296"/>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="300"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="303"/>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="306"/>
        <source>Min-p:</source>
        <translation>Min-p：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="309"/>
        <source>Repeat penalty:</source>
        <translation>重复惩罚：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="314"/>
        <source>Longest reply (tokens):</source>
        <translation>最长回复（词元）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="317"/>
        <source>Default system prompt</source>
        <translation>默认系统提示词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="318"/>
        <source>Default system prompt:</source>
        <translation>默认系统提示词：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="368"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="373"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="370"/>
        <source>Language (after restart):</source>
        <translation>界面语言（重启后生效）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="373"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="373"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="376"/>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="386"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="394"/>
        <source>Models folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="397"/>
        <source>Downloads go here. Models already in the old folder stay there; move them yourself if you change it.</source>
        <translation>下载的模型保存在这里。更改后，旧文件夹里的模型不会自动移动，请自行移动。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="403"/>
        <source>Also list models from other apps (Hugging Face cache, LM Studio, GPT4All)</source>
        <translation>同时列出其他应用的模型（Hugging Face 缓存、LM Studio、GPT4All）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="412"/>
        <source>Choose the models folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="256"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="256"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>SummarizePane</name>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="96"/>
        <source>Text to summarize</source>
        <translation>要摘要的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="98"/>
        <source>Paste text here, or open or drop a file (.txt, .md, .html, .pdf, .docx).</source>
        <translation>在此粘贴文本，或打开、拖入文件（.txt、.md、.html、.pdf、.docx）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="101"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="110"/>
        <source>Summary style</source>
        <translation>摘要样式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="112"/>
        <source>Bullet points</source>
        <translation>要点列表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="113"/>
        <source>TL;DR (one or two sentences)</source>
        <translation>一句话摘要（一两句）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="114"/>
        <source>One paragraph</source>
        <translation>一段话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="115"/>
        <source>Key points with sections</source>
        <translation>要点（注明章节）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="123"/>
        <source>Number of bullet points</source>
        <translation>要点数量</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="128"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="129"/>
        <source>Target length</source>
        <translation>目标长度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="132"/>
        <source>Summary language</source>
        <translation>摘要语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="134"/>
        <source>Same as the document</source>
        <translation>与文档相同</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="137"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="141"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="147"/>
        <source>Summary progress</source>
        <translation>摘要进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="156"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="161"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="164"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="179"/>
        <source>Style:</source>
        <translation>样式：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="180"/>
        <source>Bullet points:</source>
        <translation>要点数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="181"/>
        <source>Length (words):</source>
        <translation>长度（词/字）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="182"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="242"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="277"/>
        <source>There is nothing to summarize yet: paste text or open a file.</source>
        <translation>还没有可摘要的内容：请粘贴文本或打开文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="285"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="312"/>
        <source>Reading part {0} of {1}</source>
        <translation>正在阅读第 {0} 部分，共 {1} 部分</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="314"/>
        <source>Combining notes</source>
        <translation>正在合并笔记</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="315"/>
        <source>Summarizing</source>
        <translation>正在摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="323"/>
        <source>fits in one pass</source>
        <translation>可一次处理完</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="323"/>
        <source>will be read in {0} parts</source>
        <translation>将分 {0} 部分阅读</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="324"/>
        <source>{0} tokens, {1}</source>
        <translation>{0} 个词元，{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="331"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="331"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="336"/>
        <source>The summary failed unexpectedly; details are in the log file.</source>
        <translation>摘要意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="354"/>
        <source>Save summary</source>
        <translation>保存摘要</translation>
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
        <location filename="../../assistant/ui/widgets/transcript.py" line="366"/>
        <source>Show earlier messages ({0} more)</source>
        <translation>显示更早的消息（还有 {0} 条）</translation>
    </message>
</context>
<context>
    <name>TranslatePane</name>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="101"/>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="102"/>
        <source>Detect language</source>
        <translation>自动检测语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="105"/>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="112"/>
        <location filename="../../assistant/ui/panes/translate.py" line="113"/>
        <source>Swap languages</source>
        <translation>互换语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="117"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="119"/>
        <source>Glossary…</source>
        <translation>术语表…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="122"/>
        <source>Translate as I type</source>
        <translation>边输入边翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="135"/>
        <source>Text to translate</source>
        <translation>要翻译的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="136"/>
        <source>Type or paste text, or open a file (.txt, .md, .html, .docx).</source>
        <translation>输入或粘贴文本，或打开文件（.txt、.md、.html、.docx）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="140"/>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="147"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="151"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="155"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="161"/>
        <source>Translation progress</source>
        <translation>翻译进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="221"/>
        <source>Detected: {0} ({1:.0%})</source>
        <translation>检测到：{0}（{1:.0%}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="236"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="263"/>
        <source>There is nothing to translate yet.</source>
        <translation>还没有要翻译的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="301"/>
        <source>{0:.1f} words/s</source>
        <translation>{0:.1f} 词/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="307"/>
        <source>Part {0} of {1}</source>
        <translation>第 {0} 部分，共 {1} 部分</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="312"/>
        <source>Detected: {0}</source>
        <translation>检测到：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="319"/>
        <source>
({0} notes in all)</source>
        <translation>
（共 {0} 条提示）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="325"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="325"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="330"/>
        <source>The translation failed unexpectedly; details are in the log file.</source>
        <translation>翻译意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="367"/>
        <source>Save translation</source>
        <translation>保存译文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="371"/>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="374"/>
        <source>One entry a line: &apos;term = translation&apos;, or a term alone to keep it as it is.</source>
        <translation>每行一条：“术语 = 译法”，或只写术语表示保持原样。</translation>
    </message>
</context>
<context>
    <name>WritePane</name>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="135"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="138"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="141"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="144"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="148"/>
        <location filename="../../assistant/ui/panes/write.py" line="169"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="161"/>
        <source>Your text</source>
        <translation>你的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="163"/>
        <source>Write or paste here, or open a file (.txt, .md, .docx). Select text to work on a part of it.</source>
        <translation>在此书写或粘贴，或打开文件（.txt、.md、.docx）。选中一部分文本即可只处理这一部分。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="187"/>
        <location filename="../../assistant/ui/panes/write.py" line="534"/>
        <source>Changes appear here for review before they touch your text.</source>
        <translation>修改会先显示在这里供你审阅，然后才会写入你的文本。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="193"/>
        <source>Proposed change</source>
        <translation>建议的修改</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="197"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="205"/>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="208"/>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="233"/>
        <source>Writing tool</source>
        <translation>写作工具</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="235"/>
        <source>Proofread</source>
        <translation>校对</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="236"/>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="237"/>
        <source>Make shorter</source>
        <translation>缩短</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="238"/>
        <source>Make longer</source>
        <translation>扩写</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="239"/>
        <source>Change tone</source>
        <translation>改变语气</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="240"/>
        <source>Continue writing</source>
        <translation>续写</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="241"/>
        <source>Draft from outline</source>
        <translation>按大纲起草</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="242"/>
        <source>Key points</source>
        <translation>要点</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="243"/>
        <source>Keywords and topics</source>
        <translation>关键词和主题</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="244"/>
        <source>Tone and sentiment</source>
        <translation>语气和情感</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="245"/>
        <source>Custom instruction</source>
        <translation>自定义指令</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="251"/>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="253"/>
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="254"/>
        <source>Friendly</source>
        <translation>友好</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="255"/>
        <source>Concise</source>
        <translation>简洁</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="256"/>
        <source>Confident</source>
        <translation>自信</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="262"/>
        <source>What to draft</source>
        <translation>起草类型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="264"/>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="265"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="266"/>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="267"/>
        <source>Story</source>
        <translation>故事</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="272"/>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="274"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="277"/>
        <source>Run the tool on the selection, or on the whole text (Ctrl+Return)</source>
        <translation>对选中的文本运行工具，未选中时处理全文（Ctrl+Return）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="282"/>
        <source>Number of versions</source>
        <translation>版本数</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="285"/>
        <source>Alternatives</source>
        <translation>多个版本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="287"/>
        <source>Ask for several different versions and pick one</source>
        <translation>生成几个不同的版本，从中挑选一个</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="289"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="332"/>
        <source>What should be done with the text? (e.g. Turn it into a list of steps)</source>
        <translation>要对文本做什么？（例如：改成分步骤的列表）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="334"/>
        <source>Optional: what the draft should say, to whom, how long</source>
        <translation>可选：草稿要写什么、写给谁、多长</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="368"/>
        <source>There is no text to work on yet: write something or select some text.</source>
        <translation>还没有可处理的文本：请先写一些内容或选中一段文本。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="372"/>
        <source>Write an instruction first.</source>
        <translation>请先写一条指令。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="381"/>
        <source>Writing…</source>
        <translation>正在写作…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="382"/>
        <source>Proposed change (green: added, red: removed):</source>
        <translation>建议的修改（绿色：新增，红色：删除）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="396"/>
        <source>Version {0}</source>
        <translation>版本 {0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="408"/>
        <location filename="../../assistant/ui/panes/write.py" line="451"/>
        <source>Version {0}: {1}</source>
        <translation>版本 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="438"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="440"/>
        <source>The model gave no text back; try again, or try another model.</source>
        <translation>模型没有返回任何文本；请重试，或换一个模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="456"/>
        <source>{0} words added, {1} removed.</source>
        <translation>新增 {0} 个词，删除 {1} 个。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="458"/>
        <source>Stopped; you can still accept what was written.</source>
        <translation>已停止；已写出的内容仍可接受。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="466"/>
        <source>The writing tool failed unexpectedly; details are in the log file.</source>
        <translation>写作工具意外失败；详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="498"/>
        <source>Change accepted (Ctrl+Z undoes it).</source>
        <translation>已接受修改（Ctrl+Z 可撤销）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="506"/>
        <source>Change rejected; your text is as it was.</source>
        <translation>已拒绝修改；你的文本保持原样。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="571"/>
        <source>{0} words</source>
        <translation>{0} 词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="573"/>
        <source>{0} words, {1} tokens</source>
        <translation>{0} 词，{1} 个 token</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="621"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="642"/>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="645"/>
        <location filename="../../assistant/ui/panes/write.py" line="656"/>
        <source>Open a file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="658"/>
        <source>Your text has changes that are not saved to a file. Open another file anyway? (The current text is replaced.)</source>
        <translation>你的文本有尚未保存到文件的修改。仍要打开另一个文件吗？（当前文本将被替换。）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="665"/>
        <source>Untitled draft</source>
        <translation>未命名草稿</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="666"/>
        <source> (changed)</source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="684"/>
        <source>Could not autosave the draft: {0}</source>
        <translation>无法自动保存草稿：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/write.py" line="705"/>
        <source>Restored your draft from {0}.</source>
        <translation>已恢复你在 {0} 的草稿。</translation>
    </message>
</context>
</TS>
