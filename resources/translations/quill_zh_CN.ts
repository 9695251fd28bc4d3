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
        <location filename="../../assistant/ui/panes/chat.py" line="108"/>
        <location filename="../../assistant/ui/panes/chat.py" line="241"/>
        <location filename="../../assistant/ui/panes/chat.py" line="272"/>
        <location filename="../../assistant/ui/panes/chat.py" line="344"/>
        <location filename="../../assistant/ui/panes/chat.py" line="374"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="110"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="114"/>
        <location filename="../../assistant/ui/panes/chat.py" line="115"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="123"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="127"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="131"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="153"/>
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="154"/>
        <location filename="../../assistant/ui/panes/chat.py" line="353"/>
        <source>Instructions the assistant follows in this conversation</source>
        <translation>助手在本对话中遵循的指示</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="155"/>
        <location filename="../../assistant/ui/panes/chat.py" line="539"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="159"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="160"/>
        <location filename="../../assistant/ui/panes/chat.py" line="549"/>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="163"/>
        <source>Markdown (.md)</source>
        <translation>Markdown（.md）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="163"/>
        <source>Web page (.html)</source>
        <translation>网页（.html）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="164"/>
        <source>JSON (.json)</source>
        <translation>JSON（.json）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="172"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="184"/>
        <source>Editing an earlier message: sending replaces it and every message after it. Esc cancels.</source>
        <translation>正在编辑之前的消息：发送后将替换它及其后的所有消息。按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="194"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="196"/>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="199"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="201"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="360"/>
        <source>There is nothing to export yet.</source>
        <translation>还没有可导出的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="461"/>
        <source>The {0} oldest messages were left out so this conversation fits the model&apos;s context window.</source>
        <translation>为适应模型的上下文窗口，最早的 {0} 条消息未被发送。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="474"/>
        <source>The reply failed unexpectedly; details are in the log file.</source>
        <translation>回复意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="523"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="523"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="532"/>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="533"/>
        <source>Delete this conversation? This cannot be undone.</source>
        <translation>删除此对话？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="540"/>
        <source>Instructions for the assistant in this conversation:</source>
        <translation>本对话中给助手的指示：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="555"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="50"/>
        <source>Sections</source>
        <translation>功能区</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="61"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="70"/>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="87"/>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="89"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="97"/>
        <source>Speed of the last reply</source>
        <translation>上次回复的速度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="100"/>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="105"/>
        <source>context %v / %m</source>
        <translation>上下文 %v / %m</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="112"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="123"/>
        <source>{0}
{1}, {2} tokens of context, {3} threads</source>
        <translation>{0}
{1}，上下文 {2} 个词元，{3} 个线程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="131"/>
        <source>The model could not be loaded; details are in the log file.</source>
        <translation>无法加载模型；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="132"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="137"/>
        <source>Choose a GGUF model in Settings (Ctrl+,).</source>
        <translation>请在设置（Ctrl+,）中选择一个 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="142"/>
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} 词元/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="149"/>
        <source>What can I help with?</source>
        <translation>有什么可以帮你？</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="150"/>
        <source>Quill runs {0} on this computer. Nothing you write leaves it.</source>
        <translation>Quill 在这台电脑上运行 {0}。你写的任何内容都不会离开它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="153"/>
        <source>This small starter model is fast but limited. For much better answers, use a larger GGUF model (for example Qwen2.5 7B Instruct or Llama 3.1 8B Instruct, Q4_K_M) from Hugging Face, and choose it in Settings (Ctrl+,).</source>
        <translation>这个小型入门模型速度快但能力有限。想要好得多的回答，请从 Hugging Face 获取更大的 GGUF 模型（例如 Qwen2.5 7B Instruct 或 Llama 3.1 8B Instruct，Q4_K_M），并在设置（Ctrl+,）中选择它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="161"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="162"/>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="165"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="169"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="170"/>
        <source>&amp;Find conversations</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="173"/>
        <source>&amp;Stop reply</source>
        <translation>停止回复(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="176"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="179"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="180"/>
        <source>&amp;About Quill</source>
        <translation>关于 Quill(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="203"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="204"/>
        <source>About Quill</source>
        <translation>关于 Quill</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="205"/>
        <source>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;An offline chat and writing assistant. Models run on this computer with llama.cpp; nothing leaves it.&lt;/p&gt;&lt;p&gt;Model: {1}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;离线的聊天与写作助手。模型通过 llama.cpp 在这台电脑上运行，任何内容都不会离开它。&lt;/p&gt;&lt;p&gt;模型：{1}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/app.py" line="116"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/app.py" line="136"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/app.py" line="139"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="99"/>
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="99"/>
        <source>Assistant&apos;s reply</source>
        <translation>助手的回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="105"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="105"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="114"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="114"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="117"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="117"/>
        <source>Edit this message and send it again</source>
        <translation>编辑这条消息并重新发送</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="121"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="121"/>
        <source>Write this reply again</source>
        <translation>重新生成这条回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="166"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="172"/>
        <source>writing…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="173"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="174"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="175"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="33"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="39"/>
        <source>Starter model (SmolLM2 135M)</source>
        <translation>入门模型（SmolLM2 135M）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="40"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="41"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="46"/>
        <source>Model file (GGUF):</source>
        <translation>模型文件（GGUF）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="52"/>
        <source>Context length (tokens):</source>
        <translation>上下文长度（词元）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="55"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="57"/>
        <source>CPU threads:</source>
        <translation>CPU 线程数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="60"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="62"/>
        <source>Layers on the GPU:</source>
        <translation>放到 GPU 上的层数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="68"/>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="72"/>
        <source>Longest reply (tokens):</source>
        <translation>最长回复（词元）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="76"/>
        <source>Default system prompt</source>
        <translation>默认系统提示词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="77"/>
        <source>Default system prompt:</source>
        <translation>默认系统提示词：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="82"/>
        <location filename="../../assistant/ui/dialogs/settings.py" line="87"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="84"/>
        <source>Language (after restart):</source>
        <translation>界面语言（重启后生效）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="87"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="87"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="90"/>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="98"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/dialogs/settings.py" line="99"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>SummarizePane</name>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="84"/>
        <source>Text to summarize</source>
        <translation>要摘要的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="85"/>
        <source>Paste text here, or open or drop a file (.txt, .md, .html, .pdf, .docx).</source>
        <translation>在此粘贴文本，或打开、拖入文件（.txt、.md、.html、.pdf、.docx）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="87"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="96"/>
        <source>Summary style</source>
        <translation>摘要样式</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="97"/>
        <source>Bullet points</source>
        <translation>要点列表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="97"/>
        <source>TL;DR (one or two sentences)</source>
        <translation>一句话摘要（一两句）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="98"/>
        <source>One paragraph</source>
        <translation>一段话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="99"/>
        <source>Key points with sections</source>
        <translation>要点（注明章节）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="106"/>
        <source>Number of bullet points</source>
        <translation>要点数量</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="111"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="112"/>
        <source>Target length</source>
        <translation>目标长度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="115"/>
        <source>Summary language</source>
        <translation>摘要语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="117"/>
        <source>Same as the document</source>
        <translation>与文档相同</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="120"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="124"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="130"/>
        <source>Summary progress</source>
        <translation>摘要进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="141"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="146"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="149"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="164"/>
        <source>Style:</source>
        <translation>样式：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="165"/>
        <source>Bullet points:</source>
        <translation>要点数：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="166"/>
        <source>Length (words):</source>
        <translation>长度（词/字）：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="167"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="218"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="253"/>
        <source>There is nothing to summarize yet: paste text or open a file.</source>
        <translation>还没有可摘要的内容：请粘贴文本或打开文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="261"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="288"/>
        <source>Reading part {0} of {1}</source>
        <translation>正在阅读第 {0} 部分，共 {1} 部分</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="290"/>
        <source>Combining notes</source>
        <translation>正在合并笔记</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="291"/>
        <source>Summarizing</source>
        <translation>正在摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="301"/>
        <source>fits in one pass</source>
        <translation>可一次处理完</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="301"/>
        <source>will be read in {0} parts</source>
        <translation>将分 {0} 部分阅读</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="302"/>
        <source>{0} tokens, {1}</source>
        <translation>{0} 个词元，{1}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="309"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="309"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="314"/>
        <source>The summary failed unexpectedly; details are in the log file.</source>
        <translation>摘要意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="337"/>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="338"/>
        <source>Documents ({0});;All files (*)</source>
        <translation>文档 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="343"/>
        <source>Save summary</source>
        <translation>保存摘要</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="344"/>
        <source>Markdown (*.md);;Text (*.txt)</source>
        <translation>Markdown (*.md);;文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/summarize.py" line="349"/>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="236"/>
        <source>Show earlier messages ({0} more)</source>
        <translation>显示更早的消息（还有 {0} 条）</translation>
    </message>
</context>
<context>
    <name>TranslatePane</name>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="86"/>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="87"/>
        <source>Detect language</source>
        <translation>自动检测语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="90"/>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="97"/>
        <location filename="../../assistant/ui/panes/translate.py" line="98"/>
        <source>Swap languages</source>
        <translation>互换语言</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="102"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="104"/>
        <source>Glossary…</source>
        <translation>术语表…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="107"/>
        <source>Translate as I type</source>
        <translation>边输入边翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="120"/>
        <source>Text to translate</source>
        <translation>要翻译的文本</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="121"/>
        <source>Type or paste text, or open a file (.txt, .md, .html, .docx).</source>
        <translation>输入或粘贴文本，或打开文件（.txt、.md、.html、.docx）。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="125"/>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="132"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="136"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="140"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="146"/>
        <source>Translation progress</source>
        <translation>翻译进度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="204"/>
        <source>Detected: {0} ({1:.0%})</source>
        <translation>检测到：{0}（{1:.0%}）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="230"/>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="257"/>
        <source>There is nothing to translate yet.</source>
        <translation>还没有要翻译的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="295"/>
        <source>{0:.1f} words/s</source>
        <translation>{0:.1f} 词/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="300"/>
        <source>Part {0} of {1}</source>
        <translation>第 {0} 部分，共 {1} 部分</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="304"/>
        <source>Detected: {0}</source>
        <translation>检测到：{0}</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="309"/>
        <source>
({0} notes in all)</source>
        <translation>
（共 {0} 条提示）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="314"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="314"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="319"/>
        <source>The translation failed unexpectedly; details are in the log file.</source>
        <translation>翻译意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="360"/>
        <source>Save translation</source>
        <translation>保存译文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="365"/>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="370"/>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="371"/>
        <source>Documents (*.txt *.md *.html *.htm *.docx);;All files (*)</source>
        <translation>文档 (*.txt *.md *.html *.htm *.docx);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="377"/>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/translate.py" line="379"/>
        <source>One entry a line: &apos;term = translation&apos;, or a term alone to keep it as it is.</source>
        <translation>每行一条：“术语 = 译法”，或只写术语表示保持原样。</translation>
    </message>
</context>
</TS>
