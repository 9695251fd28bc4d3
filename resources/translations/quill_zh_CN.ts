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
        <location filename="../../assistant/ui/panes/chat.py" line="104"/>
        <location filename="../../assistant/ui/panes/chat.py" line="233"/>
        <location filename="../../assistant/ui/panes/chat.py" line="266"/>
        <location filename="../../assistant/ui/panes/chat.py" line="301"/>
        <location filename="../../assistant/ui/panes/chat.py" line="331"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="106"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="110"/>
        <location filename="../../assistant/ui/panes/chat.py" line="111"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="116"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="120"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="124"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="146"/>
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="147"/>
        <location filename="../../assistant/ui/panes/chat.py" line="310"/>
        <source>Instructions the assistant follows in this conversation</source>
        <translation>助手在本对话中遵循的指示</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="148"/>
        <location filename="../../assistant/ui/panes/chat.py" line="504"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="152"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="153"/>
        <location filename="../../assistant/ui/panes/chat.py" line="514"/>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="156"/>
        <source>Markdown (.md)</source>
        <translation>Markdown（.md）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="156"/>
        <source>Web page (.html)</source>
        <translation>网页（.html）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="157"/>
        <source>JSON (.json)</source>
        <translation>JSON（.json）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="165"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="176"/>
        <source>Editing an earlier message: sending replaces it and every message after it. Esc cancels.</source>
        <translation>正在编辑之前的消息：发送后将替换它及其后的所有消息。按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="186"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="188"/>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="191"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="193"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="317"/>
        <source>There is nothing to export yet.</source>
        <translation>还没有可导出的内容。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="422"/>
        <source>The {0} oldest messages were left out so this conversation fits the model&apos;s context window.</source>
        <translation>为适应模型的上下文窗口，最早的 {0} 条消息未被发送。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="438"/>
        <source>The reply failed unexpectedly; details are in the log file.</source>
        <translation>回复意外失败；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="488"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="488"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="497"/>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="498"/>
        <source>Delete this conversation? This cannot be undone.</source>
        <translation>删除此对话？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="505"/>
        <source>Instructions for the assistant in this conversation:</source>
        <translation>本对话中给助手的指示：</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/panes/chat.py" line="520"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="48"/>
        <source>Sections</source>
        <translation>功能区</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="59"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="68"/>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="84"/>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="86"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="94"/>
        <source>Speed of the last reply</source>
        <translation>上次回复的速度</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="97"/>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="102"/>
        <source>context %v / %m</source>
        <translation>上下文 %v / %m</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="109"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="120"/>
        <source>{0}
{1}, {2} tokens of context, {3} threads</source>
        <translation>{0}
{1}，上下文 {2} 个词元，{3} 个线程</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="128"/>
        <source>The model could not be loaded; details are in the log file.</source>
        <translation>无法加载模型；详情请见日志文件。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="129"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="134"/>
        <source>Choose a GGUF model in Settings (Ctrl+,).</source>
        <translation>请在设置（Ctrl+,）中选择一个 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="139"/>
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} 词元/秒</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="143"/>
        <source>What can I help with?</source>
        <translation>有什么可以帮你？</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="144"/>
        <source>Quill runs {0} on this computer. Nothing you write leaves it.</source>
        <translation>Quill 在这台电脑上运行 {0}。你写的任何内容都不会离开它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="147"/>
        <source>This small starter model is fast but limited. For much better answers, use a larger GGUF model (for example Qwen2.5 7B Instruct or Llama 3.1 8B Instruct, Q4_K_M) from Hugging Face, and choose it in Settings (Ctrl+,).</source>
        <translation>这个小型入门模型速度快但能力有限。想要好得多的回答，请从 Hugging Face 获取更大的 GGUF 模型（例如 Qwen2.5 7B Instruct 或 Llama 3.1 8B Instruct，Q4_K_M），并在设置（Ctrl+,）中选择它。</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="155"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="156"/>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="159"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="163"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="164"/>
        <source>&amp;Find conversations</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="167"/>
        <source>&amp;Stop reply</source>
        <translation>停止回复(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="170"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="173"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="174"/>
        <source>&amp;About Quill</source>
        <translation>关于 Quill(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="197"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="198"/>
        <source>About Quill</source>
        <translation>关于 Quill</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/main_window.py" line="199"/>
        <source>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;An offline chat and writing assistant. Models run on this computer with llama.cpp; nothing leaves it.&lt;/p&gt;&lt;p&gt;Model: {1}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Quill {0}&lt;/h3&gt;&lt;p&gt;离线的聊天与写作助手。模型通过 llama.cpp 在这台电脑上运行，任何内容都不会离开它。&lt;/p&gt;&lt;p&gt;模型：{1}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="104"/>
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="104"/>
        <source>Assistant&apos;s reply</source>
        <translation>助手的回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="110"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="110"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="119"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="119"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="122"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="122"/>
        <source>Edit this message and send it again</source>
        <translation>编辑这条消息并重新发送</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="126"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="126"/>
        <source>Write this reply again</source>
        <translation>重新生成这条回复</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="171"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="177"/>
        <source>writing…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="178"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="179"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../assistant/ui/widgets/transcript.py" line="180"/>
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
    <name>window</name>
    <message>
        <location filename="../../assistant/ui/app.py" line="111"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
</TS>
