"""One answer cleaner for every task: what a model adds around the text asked for, removed as it streams.

Models wrap an answer: "Sure! Here is
the rewritten text:", quotation marks or a code fence around it, "Let me know
if..." after it. A weak model also echoes Quill's own prompt back: the
instruction sentences, the ``<text>`` markers, the chat template's role tags
(``<|im_start|>assistant``, ``<start_of_turn>``, ``[INST]``...). A result a
user saves must never carry those. (A reasoning block never reaches the cleaner: the engine splits
it off every reply, core/reasoning.py.) :class:`AnswerCleaner` strips all of them
while the answer streams (Write shows it as it arrives); :class:`Cues` say what
to look for in one task. ``echoed`` tells the task the prompt came back, so it
can retry, or keep the source text rather than garbage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from assistant.core.types import Message

_COMMON_CUE = (
    r"here(?:'s| is| are)|sure|certainly|of course|okay|ok|absolutely|below is|以下是|以下为|这是|好的|当然|没问题"
)
_ACK = r"sure|certainly|of course|okay|absolutely|好的|当然|没问题"
_BARE_ACK = re.compile(rf"^(?:{_ACK})[!.,！。，]*\s*$", re.IGNORECASE)
# The announcement followed by the answer on the same line: "Here is the rewritten text: ...".
_PREAMBLE_INLINE = re.compile(
    rf"^\W{{0,3}}(?:(?:{_ACK})[!.,！。，]?\s*)?"
    r"(?:here(?:'s| is) (?:the |a |an |your |my )?[\w -]{0,40}?(?:text|version|draft|continuation|rewrite|"
    r"keywords|key points|analysis|translation|summary)(?: (?:into|in|to) [\w ()]+)?|以下是[^\n：:]{0,20}|"
    r"这是[^\n：:]{0,20})\s*[:：]\s*",
    re.IGNORECASE,
)
# How a closing remark starts: "Let me know if ...", "I hope this helps", "希望这对您有帮助。"
CLOSING = (
    r"let me know|i hope (?:this|that)|hope (?:this|that) helps|feel free to|would you like|is there anything|"
    r"希望(?:这|对)|请告诉我"
)
_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("「", "」"), ("『", "』"), ("«", "»"))
_FENCE = re.compile(r"^\s*(```|~~~)[\w-]*\s*$")
# The markers chat templates put around turns; a model that writes one is replaying its prompt or
# starting a new turn. ChatML, Gemma, Llama 2 and 3, Phi-3, Zephyr, Mistral, end-of-text tokens.
_ROLE_TAG = re.compile(
    r"<\|im_start\|>[ \t]*(?:system|user|assistant)?|<\|im_end\|>|<start_of_turn>[ \t]*(?:user|model)?|<end_of_turn>"
    r"|\[/?INST\]|<</?SYS>>|<\|start_header_id\|>\w*<\|end_header_id\|>|<\|eot_id\|>|<\|begin_of_text\|>"
    r"|<\|(?:system|user|assistant|end|endoftext|end_of_text)\|>|</s>",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")
HEAD_CHARS = 120  # how much of the start is held back to find a preamble
LINE_SURE = 40  # a line this long that does not start like a closing remark is not one
MIN_INSTRUCTION = 12  # shorter sentences of a prompt are too common to count as an echo


@dataclass(frozen=True)
class Cues:
    """What to look for in one task's answers.

    Attributes:
        words: extra words (a regex alternation) that announce this task's answer on a line of its own,
            as in "Here is the *rewritten* text:".
        labels: a label (regex alternation) that may stand alone before the answer: "Translation: ...".
        tags: the wrapper tags the task's prompt uses (``text`` for ``<text>``...).
        closing: how a closing remark to drop starts (a regex alternation; empty: none is dropped).
        instructions: the sentences Quill wrote into the prompt (see :meth:`for_prompt`).
    """

    words: str = ""
    labels: str = ""
    tags: tuple[str, ...] = ("text", "answer")
    closing: str = CLOSING
    instructions: tuple[str, ...] = ()

    def for_prompt(self, messages: Sequence[Message], material: Iterable[str] = ()) -> Cues:
        """These cues plus the instruction sentences of ``messages`` (``material``, the user's text in
        them, is not an instruction)."""
        return replace(self, instructions=instruction_sentences(messages, material))

    @cached_property
    def preamble_line(self) -> re.Pattern[str]:
        words = f"{_COMMON_CUE}|{self.words}" if self.words else _COMMON_CUE
        return re.compile(rf"^[^\n]{{0,120}}?(?:{words})[^\n]{{0,100}}?[:：]\s*$", re.IGNORECASE)

    @cached_property
    def closing_line(self) -> re.Pattern[str] | None:
        return re.compile(rf"^\W{{0,3}}(?:{self.closing})", re.IGNORECASE) if self.closing else None

    @cached_property
    def label(self) -> re.Pattern[str] | None:
        return re.compile(rf"^\s*(?:{self.labels})\s*[:：]\s*", re.IGNORECASE) if self.labels else None

    @cached_property
    def tag_line(self) -> re.Pattern[str]:
        return re.compile(rf"^\s*</?(?:{'|'.join(self.tags)})>\s*$", re.IGNORECASE)

    @cached_property
    def echo_line(self) -> re.Pattern[str]:
        """A tag line after the answer started: the model is echoing the prompt's layout."""
        return re.compile(rf"(?:^|(?<=\n))[ \t]*</?(?:{'|'.join(self.tags)})>[ \t]*(?=\n|$)", re.IGNORECASE)

    @cached_property
    def tag(self) -> re.Pattern[str]:
        return re.compile(rf"</?(?:{'|'.join(self.tags)})>", re.IGNORECASE)

    @cached_property
    def instruction_heads(self) -> tuple[str, ...]:
        """The first two words of each instruction, folded: no instruction can be there without one."""
        return tuple(" ".join(s.split()[:2]).casefold() for s in self.instructions)

    @cached_property
    def instruction(self) -> re.Pattern[str] | None:
        """Any instruction sentence, white space and case aside."""
        if not self.instructions:
            return None
        parts = (r"\s+".join(re.escape(w) for w in s.split()) for s in sorted(self.instructions, key=len, reverse=True))
        return re.compile("|".join(parts), re.IGNORECASE)


WRITE_CUES = Cues(
    words=r"rewritten|revised|corrected|proofread|improved|edited|shortened|shorter|longer|expanded|polished|"
    r"continuation|continued|draft|version|改写|修改|润色|校对|续写|草稿",
    tags=("text", "outline", "after", "answer"),
    closing=CLOSING
    + r"|if you(?:'d like| need| want| have)|note:|\(?note that|如果(?:您|你)?(?:需要|有|还有|想)|如有(?:需要|任何)",
)
TRANSLATE_CUES = Cues(
    words=r"translation|translated|译文|翻译",
    labels=r"(?:here(?:'s| is) (?:the |a |my )?)?translation(?: (?:into|in|to) [\w ()]+)?|translated text|"
    r"译文|翻译|以下是(?:翻译|译文)[^：:\n]*|这是(?:翻译|译文)[^：:\n]*",
    closing="",  # a translated sentence may well say "Let me know..."
)
SUMMARY_CUES = Cues(labels=r"summary|notes|摘要|总结", tags=("document", "notes", "answer"))


def instruction_sentences(messages: Sequence[Message], material: Iterable[str] = ()) -> tuple[str, ...]:
    """The sentences Quill wrote into a prompt: its text with the material and the tags taken out,
    split at line and sentence ends. Sentences that also occur in the material are left out."""
    material = [m for m in material if m.strip()]
    text = "\n".join(m.content for m in messages)
    for piece in sorted(material, key=len, reverse=True):
        text = text.replace(piece, "\n")
    text = re.sub(r"</?[A-Za-z]+>", "\n", text)
    folded = [" ".join(m.split()).casefold() for m in material]
    found: dict[str, None] = {}
    for line in text.splitlines():
        for sentence in _SENTENCE.split(line.strip()):
            sentence = sentence.strip().rstrip(":：").strip()
            key = " ".join(sentence.split()).casefold()
            if len(sentence) >= MIN_INSTRUCTION and not any(key in m for m in folded):
                found[sentence] = None
    return tuple(found)


class AnswerCleaner:
    """Cleans an answer as it streams: ``feed`` returns the text that is safe to show now, ``finish``
    the rest. Joined, the pieces are the clean result (the same as :func:`clean`).

    The start is held until its first real line is complete (or
    HEAD_CHARS), to drop an echoed prompt, a preamble and an opening quote or fence the input did not
    have; the last lines are held while they could be a closing remark or a closing fence/quote. An
    echo of the prompt after the answer began ends the answer (``done``).
    """

    def __init__(self, source: str, cues: Cues = Cues()) -> None:
        self.source = source
        self.cues = cues
        self.echoed = False  # Quill's own prompt (instructions, tags, role markers) was found and removed
        self._head_done = False
        self._buffer = ""  # text not yet shown
        self._quote: tuple[str, str] | None = None  # an opening quote removed: its closing one goes too
        self._fenced = False
        self._sent_any = False
        self._stopped = False
        self._line_safe = False  # part of the line now arriving was shown: it is not a closing remark
        self._shown_tail = ""  # the last character shown (what comes before the held text)
        self._source_lines = {line.strip() for line in source.splitlines() if line.strip()}
        first = next((line for line in source.splitlines() if line.strip()), "")
        # A text that itself opens with "Here are the steps:" keeps such a first line in its answer.
        self._source_opens_like_preamble = bool(cues.preamble_line.match(first.strip()))

    @property
    def done(self) -> bool:
        """The model began echoing the prompt (a <text> line, a role tag, an instruction): the answer is over."""
        return self._stopped

    def feed(self, text: str) -> str:
        if self._stopped:
            return ""
        self._buffer += text
        if not self._head_done:
            if not self._head_ready():
                return ""
            self._buffer = self._clean_head(self._buffer)
            self._head_done = True
        self._cut_echo()
        return self._release()

    def finish(self) -> str:
        if not self._head_done:
            self._buffer = self._clean_head(self._buffer)
            self._head_done = True
        self._cut_echo(final=True)
        lines = self._buffer.split("\n")
        while lines and (not lines[-1].strip() or self._is_tail_noise(lines[-1])):
            lines.pop()
        text = self._strip_trailing_tags(self._drop_cut_echo("\n".join(lines)))
        if self._quote is not None:
            left, right = self._quote
            stripped = text.rstrip()
            if stripped.endswith(right):
                text = stripped[: len(stripped) - len(right)]
        text = text.rstrip() if self._sent_any else text.strip()
        self._buffer = ""
        return text

    def only_echo(self, text: str) -> bool:
        """Whether a clean ``text`` of an answer that echoed the prompt holds nothing but the echo:
        nothing at all, or the user's own text given back (what followed the instruction)."""
        if not self.echoed:
            return False
        folded = " ".join(text.split()).casefold()
        return not folded or folded in " ".join(self.source.split()).casefold()

    # -- the prompt coming back -------------------------------------------------------

    def _in_source(self, piece: str) -> bool:
        return piece.strip().casefold() in self.source.casefold()

    def _whole_instruction(self, text: str, match: re.Match[str], final: bool, before: str = "") -> bool:
        """An instruction sentence standing as one ("...deep learning. Translate this list item into
        English:"), not words of it inside a sentence of the answer ("the book and its translation")."""
        ahead = (before + text[: match.start()]).rstrip(" \t")
        if ahead and ahead[-1] not in "\n.!?:。！？：>]":
            return False
        after = text[match.end() :].lstrip(" \t")
        if not after:
            return final  # the rest has not arrived yet
        return match.group(0)[-1] in ".!?。！？" or after[0] in ":：\n<"

    def _echo_at(self, text: str, final: bool) -> re.Match[str] | None:
        """The first echo of the prompt in ``text``: a tag on its own line, a role tag, an instruction."""
        found = []
        tagged = "<" in text or "[" in text  # a cheap look first: this runs for every piece of the answer
        folded = " ".join(text.split()).casefold()
        heads = any(head in folded for head in self.cues.instruction_heads)
        for pattern in (self.cues.echo_line, _ROLE_TAG, self.cues.instruction):
            if pattern is None or not (heads if pattern is self.cues.instruction else tagged):
                continue
            for match in pattern.finditer(text):
                if self._in_source(match.group(0)):
                    continue
                if pattern is self.cues.instruction and not self._whole_instruction(
                    text, match, final, self._shown_tail
                ):
                    continue
                found.append(match)
                break
        return min(found, key=lambda m: m.start()) if found else None

    def _cut_echo(self, final: bool = False) -> None:
        echo = self._echo_at(self._buffer, final)
        if echo is not None:
            self._buffer, self._stopped, self.echoed = self._buffer[: echo.start()], True, True

    def _strip_echo_head(self, text: str) -> str:
        """Drop an echoed prompt at the start: role tags, instruction sentences, opening tags."""
        for _ in range(40):
            text = text.lstrip()
            before = text
            for pattern in (_ROLE_TAG, self.cues.instruction, self.cues.tag):
                match = pattern.match(text) if pattern is not None else None
                if pattern is self.cues.instruction and match and not self._whole_instruction(text, match, True):
                    match = None
                if match and match.group(0) and not self._in_source(match.group(0)):
                    text = re.sub(r"^[ \t]*[:：.]?", "", text[match.end() :])
                    self.echoed = True
            first, newline, rest = text.partition("\n")
            if newline and self._echo_begins(first, 1, least=2 * MIN_INSTRUCTION) == 0:  # a line cut from one
                text, self.echoed = rest, True
            if text == before:
                break
        return text

    def _strip_trailing_tags(self, text: str) -> str:
        while True:
            stripped = text.rstrip()
            match = re.search(rf"(?:{self.cues.tag.pattern}|{_ROLE_TAG.pattern})\Z", stripped, re.IGNORECASE)
            if not match or self._in_source(match.group(0)):
                return text
            text, self.echoed = stripped[: match.start()], True

    # -- the start ------------------------------------------------------------------

    def _head_ready(self) -> bool:
        """Ready once a complete line that is not a preamble, fence or tag has arrived (echo aside)."""
        head = self._strip_echo_head(self._buffer)
        if len(head) >= HEAD_CHARS:
            return True
        return any(line.strip() and not self._could_be_preamble(line) for line in head.split("\n")[:-1])

    def _could_be_preamble(self, line: str) -> bool:
        return bool(
            self.cues.preamble_line.match(line)
            or _BARE_ACK.match(line)
            or _FENCE.match(line)
            or self.cues.tag_line.match(line)
        )

    def _clean_head(self, text: str) -> str:
        text = self._strip_echo_head(text)
        for _ in range(3):  # "Sure!" / "Here is the text:" / "```" may come one after another
            first, newline, rest = text.partition("\n")
            if first.strip() in self._source_lines:
                break
            preamble = self.cues.preamble_line.match(first) and not self._source_opens_like_preamble
            if newline and (preamble or _BARE_ACK.match(first) or self.cues.tag_line.match(first)):
                text = self._strip_echo_head(rest.lstrip("\n"))
                continue
            if newline and _FENCE.match(first) and not self._source_has_fence():
                text, self._fenced = rest, True
                continue
            break
        for pattern in (_PREAMBLE_INLINE, self.cues.label):
            inline = pattern.match(text) if pattern is not None else None
            if inline and not self.source.lstrip().lower().startswith(inline.group(0).strip().lower()):
                text = self._strip_echo_head(text[inline.end() :])
                break
        for left, right in _QUOTES:
            if text.startswith(left) and not self.source.lstrip().startswith(left):
                first_line = text[len(left) :].split("\n", 1)[0]
                # Wrapping quotes close at the very end; a quote closed mid-line is quoted speech: keep it.
                closes = first_line.count(right) if left != right else first_line.count(left)
                if closes == 0:  # the quote wraps several lines: its closing one goes at the end
                    text, self._quote = text[len(left) :], (left, right)
                elif closes == 1 and first_line.rstrip().endswith(right):  # a wrapped line
                    rest = text[len(left) :][len(first_line) :]
                    text = first_line.rstrip()[: -len(right)] + rest
                break
        return text

    def _source_has_fence(self) -> bool:
        return "```" in self.source or "~~~" in self.source

    # -- the end ----------------------------------------------------------------------

    def _is_tail_noise(self, line: str) -> bool:
        if line.strip() in self._source_lines:
            return False
        if self._fenced and _FENCE.match(line):
            return True
        closing = self.cues.closing_line
        return bool((closing is not None and closing.match(line.strip())) or self.cues.tag_line.match(line))

    def _echo_begins(self, line: str, before: int, least: int = 1) -> int | None:
        """Where, before index ``before``, the rest of ``line`` could be the start of an echo ("<|im_",
        "Translate this"), at least ``least`` characters of it; None if nowhere."""
        starts = [0, *(m.end() for m in re.finditer(r"[.!?:。！？：]\s*|\s(?=[<\[])", line))]
        starts += [m.start() for m in re.finditer(r"[<\[]", line)]
        for start in sorted(set(starts)):
            if start >= before:
                break
            tail = " ".join(line[start:].split()).casefold()
            if len(tail) >= least and any(s.startswith(tail) for s in self._echo_starts):
                return start
        return None

    def _hold_from(self, line: str) -> int:
        """How much of the line still arriving can be shown: all but its last few characters (where a
        closing quote would be), and nothing from where it could be starting an echo."""
        cut = max(0, len(line) - 3)
        start = self._echo_begins(line, cut)
        return cut if start is None else start

    def _drop_cut_echo(self, text: str) -> str:
        """An answer that ended (out of tokens) in the middle of an echoed instruction loses that part."""
        head, newline, last = text.rpartition("\n")
        start = self._echo_begins(last, len(last), least=2 if last.lstrip()[:1] in "<[" else MIN_INSTRUCTION)
        if start is None:
            return text
        self.echoed = True
        return (head + newline + last[:start]).rstrip()

    @cached_property
    def _echo_starts(self) -> tuple[str, ...]:
        tags = [f"<{t}>" for t in self.cues.tags] + [f"</{t}>" for t in self.cues.tags]
        roles = ["<|im_start|>", "<|im_end|>", "<start_of_turn>", "<end_of_turn>", "[inst]", "[/inst]", "<|", "</s>"]
        return tuple(" ".join(s.split()).casefold() for s in (*self.cues.instructions, *tags, *roles))

    def _release(self) -> str:
        """Show every complete line except a trailing run that could still be noise. The line still
        arriving is held until it is clearly not a closing remark; then all but its last few
        characters (where a closing quote or the start of an echo would be) go out, so a long
        paragraph streams too."""
        lines = self._buffer.split("\n")
        keep_from = len(lines) - 1  # the unfinished line is held
        while keep_from > 0 and (not lines[keep_from - 1].strip() or self._is_tail_noise(lines[keep_from - 1])):
            keep_from -= 1
        last = lines[-1]
        nothing_held = keep_from == len(lines) - 1 or (len(lines) == 2 and not lines[0])
        safe = (self._line_safe and len(lines) == 1) or (
            len(last.strip()) >= LINE_SURE and not self._is_tail_noise(last)
        )
        cut = self._hold_from(last) if nothing_held and safe and len(last) > 3 else 0
        if cut > 0:
            shown, self._buffer = "\n".join([*lines[:-1], last[:cut]]), last[cut:]
            self._line_safe = True  # the rest of this line streams freely
        elif keep_from == 0:
            return ""
        else:
            self._line_safe = False
            shown = "\n".join(lines[:keep_from])
            self._buffer = "\n" + "\n".join(lines[keep_from:])  # the line break goes out with what follows
        if not self._sent_any:
            shown = shown.lstrip("\n")
            self._sent_any = bool(shown)
        if shown:
            self._shown_tail = shown[-1]
        return shown


def clean(answer: str, source: str, cues: Cues = Cues()) -> str:
    """The whole answer cleaned at once (what the streamed pieces add up to)."""
    cleaner = AnswerCleaner(source, cues)
    return cleaner.feed(answer) + cleaner.finish()
