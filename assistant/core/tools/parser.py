"""Tool calls out of a reply as it streams: content goes on as text, calls come out whole.

Text that could be the start of a call (``<tool_c``, a reply that begins ``{"na``) is held
back until it is one or turns out not to be; then it is released as content, so nothing the
model wrote is lost. Whitespace around calls is dropped. The whole-reply parse is the same
parser fed once, so streamed and whole answers agree.
"""

from __future__ import annotations

import uuid

from assistant.core.tools.formats import Parsed, ToolFormat
from assistant.core.types import TextDelta, ToolCall, ToolCalled

Out = TextDelta | ToolCalled


def new_call_id() -> str:
    """An OpenAI-style call id."""
    return "call_" + uuid.uuid4().hex[:24]


class ToolCallParser:
    """Feed the reply's text; get content and calls.

    Args:
        fmt: the format the model writes calls in.
        parallel: False keeps only the first call (``parallel_tool_calls: false``).
        names: the functions the request offers. A reply that merely *begins* like a call (JSON with no
            marker before it) is one only if it calls one of them; None: any name.
    """

    def __init__(self, fmt: ToolFormat, *, parallel: bool = True, names: frozenset[str] | None = None) -> None:
        self.fmt = fmt
        self.parallel = parallel
        self.names = names
        self.calls: list[ToolCall] = []
        self._buf = ""  # text not yet given out
        self._space = ""  # whitespace held: dropped next to a call, given out before more content
        self._fresh = True  # nothing but whitespace since the reply began or the last call: a bare call may start

    def feed(self, text: str) -> list[Out]:
        self._buf += text
        return self._drain(final=False)

    def finish(self) -> list[Out]:
        """The rest, at the end of the reply: what was held and never became a call is content."""
        out = self._drain(final=True)
        if self._space and not self.calls:  # a reply with no calls comes back as the model wrote it
            out.append(TextDelta(self._space))
        self._space = ""
        return out

    # -- inside -------------------------------------------------------------

    def _content(self, text: str, out: list[Out]) -> None:
        if self._fresh and self.calls:
            text = text.lstrip()  # the whitespace after a call
        body = text.rstrip()
        if not body:
            self._space += text
            return
        out.append(TextDelta(self._space + body))
        self._space = text[len(body) :]  # held: dropped if a call comes next
        self._fresh = False

    def _opener(self, text: str, final: bool) -> tuple[int, int, int, bool]:
        """(where a call begins or -1, the length of its opener, where text must be held from,
        whether the call begins bare: with no marker)."""
        found, length, hold, bare = -1, 0, len(text), False
        for opener in self.fmt.opens:
            at = text.find(opener)
            if at >= 0 and (found < 0 or at < found):
                found, length = at, len(opener)
            if not final:
                for k in range(min(len(opener) - 1, len(text)), 0, -1):
                    if text.endswith(opener[:k]):
                        hold = min(hold, len(text) - k)
                        break
        if self.fmt.bare is not None and self._fresh:
            stripped = text.lstrip()
            lead = len(text) - len(stripped)
            verdict = self.fmt.bare(stripped) if stripped else "maybe"
            if verdict == "yes" and (found < 0 or lead < found):
                found, length, bare = lead, 1, True
            elif verdict == "maybe" and not final:
                hold = min(hold, lead)
        if found >= 0:
            hold = min(hold, found)
        return found, length, hold, bare

    def _drain(self, final: bool) -> list[Out]:
        out: list[Out] = []
        while self._buf:
            found, length, hold, bare = self._opener(self._buf, final)
            if found < 0:  # no call here: give out what cannot be the start of one, hold the rest
                self._content(self._buf[:hold], out)
                self._buf = self._buf[hold:]
                break
            self._content(self._buf[:found], out)
            self._buf = self._buf[found:]
            read = self.fmt.read(self._buf, final)
            if read == "more":
                break
            if read != "no" and bare and self.names is not None and any(c.name not in self.names for c in read[0]):
                read = "no"  # JSON that names no offered function: an answer, not a call
            if read == "no":  # it only looked like a call: give out the opener and look further on
                self._fresh = False
                self._content(self._buf[:length], out)
                self._buf = self._buf[length:]
                continue
            calls, consumed = read
            self._buf = self._buf[consumed:]
            self._space = ""
            self._fresh = True
            for parsed in calls:
                self._called(parsed, out)
        return out

    def _called(self, parsed: Parsed, out: list[Out]) -> None:
        if self.calls and not self.parallel:
            return
        call = ToolCall(new_call_id(), parsed.name, parsed.arguments)
        self.calls.append(call)
        out.append(ToolCalled(call))


def parse_reply(
    fmt: ToolFormat, text: str, *, parallel: bool = True, names: frozenset[str] | None = None
) -> tuple[str, list[ToolCall]]:
    """A whole reply's content and calls."""
    parser = ToolCallParser(fmt, parallel=parallel, names=names)
    out = parser.feed(text) + parser.finish()
    return "".join(o.text for o in out if isinstance(o, TextDelta)), parser.calls
