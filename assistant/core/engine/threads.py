"""How many threads decode tokens: measured while generating, not guessed.

With llama.cpp's OpenMP build, generating on all cores is the fastest on an
idle machine (2 cores: ~125 tok/s against ~75 on one, starter model), but when
anything else takes a core (the GUI rendering, a browser, a compile) the
threads spin at every barrier waiting for the one that was descheduled, and
generation falls 5-8x (14-19 tok/s measured; benchmarks/gui_stream.py). One
thread fewer barely notices the same load. So the backend tries each
candidate for a short window of tokens, keeps the fastest, and tries again
every few hundred tokens, since the machine's load changes. Plain Python, no
llama.cpp: the backend feeds it per-token decode times.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

PROBE_TOKENS = 12  # timed tokens per candidate in a probe
SETTLE_TOKENS = 2  # tokens after a switch that are not timed (the thread team changes size)
EARLY_TOKENS = 4  # a candidate this many tokens in and already much slower is dropped at once
MUCH_SLOWER = 1.5
THRASHING = 5.0  # one token this much slower than the best count's median ends the candidate's probe
REPROBE_TOKENS = 256  # tokens at the chosen count before the candidates are tried again ...
MAX_REPROBE_TOKENS = 4096  # ... doubling each time a probe confirms the choice, up to this


class ThreadTuner:
    """Chooses among ``candidates`` (thread counts, the preferred first) from per-token decode times.

    Call :meth:`record` after each decoded token with its seconds; when it
    returns a number, set that many threads before the next decode.
    """

    def __init__(
        self,
        candidates: Sequence[int],
        probe_tokens: int = PROBE_TOKENS,
        settle_tokens: int = SETTLE_TOKENS,
        reprobe_tokens: int = REPROBE_TOKENS,
    ) -> None:
        self.candidates = list(dict.fromkeys(n for n in candidates if n >= 1)) or [1]
        self.probe_tokens = probe_tokens
        self.settle_tokens = settle_tokens
        self.reprobe_tokens = reprobe_tokens
        # Probes time the fewest threads first: on a contended machine the other candidate then
        # has a baseline and is dropped after a few (very slow) tokens; on an idle one the few
        # tokens on fewer threads cost little. Prompts use the preferred count until a probe says.
        self._order = sorted(self.candidates)  # the candidates still to time in this probe
        self.current = self._order[0]
        self.chosen = self.candidates[0]
        self._probing = len(self.candidates) > 1
        self._samples: list[float] = []
        self._skip = settle_tokens  # the first tokens after a prompt are not typical
        self._medians: dict[int, float] = {}
        self._since_probe = 0
        self._interval = reprobe_tokens

    @property
    def tuning(self) -> bool:
        return len(self.candidates) > 1

    def record(self, seconds: float) -> int | None:
        """One token took ``seconds`` to decode at ``self.current`` threads; returns a new count or None."""
        if not self.tuning:
            return None
        if not self._probing:
            self._since_probe += 1
            if self._since_probe < self._interval:
                return None
            self._probing, self._medians = True, {}
            self._order = [self.current] + sorted(n for n in self.candidates if n != self.current)
            self._samples, self._skip = [], 0
        best = min(self._medians.values(), default=None)
        if best is not None and seconds > THRASHING * best:
            # A thrashing count (each token can take seconds) is not worth even the settle tokens.
            self._samples, self._skip = [seconds], 0
            return self._conclude_candidate()
        if self._skip > 0:
            self._skip -= 1
            return None
        self._samples.append(seconds)
        much_slower = (
            best is not None
            and len(self._samples) >= EARLY_TOKENS
            and statistics.median(self._samples) > MUCH_SLOWER * best
        )
        if len(self._samples) < self.probe_tokens and not much_slower:
            return None
        return self._conclude_candidate()

    def _conclude_candidate(self) -> int | None:
        """The current candidate is timed: go on to the next, or choose when all are."""
        self._medians[self.current] = statistics.median(self._samples)
        self._order.remove(self.current)
        self._samples = []
        if self._order:
            return self._switch(self._order[0])
        self._probing, self._since_probe = False, 0
        previous = self.chosen
        # Ties go to the preferred (first) candidate: more threads when they are not slower.
        self.chosen = min(self._medians, key=lambda n: (self._medians[n], self.candidates.index(n)))
        # A probe that confirms the choice costs tokens for nothing: wait longer before the next one.
        same = self.chosen == previous
        self._interval = min(self._interval * 2, MAX_REPROBE_TOKENS) if same else self.reprobe_tokens
        return self._switch(self.chosen) if self.chosen != self.current else None

    def _switch(self, threads: int) -> int:
        self.current = threads
        self._skip = self.settle_tokens
        return threads

    def medians(self) -> dict[int, float]:
        """The latest probe's median seconds per token for each candidate timed (for logs)."""
        return dict(self._medians)


def decode_candidates(cores: int) -> list[int]:
    """Thread counts worth trying for generation on ``cores`` cores: all, then all but one."""
    return [cores, cores - 1] if cores > 1 else [1]
