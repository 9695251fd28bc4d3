from __future__ import annotations

from assistant.core.engine.stops import StopMatcher


def feed_all(matcher: StopMatcher, pieces: list[str]) -> str:
    shown = "".join(matcher.feed(p) for p in pieces)
    return shown + matcher.flush()


def test_no_stops_passes_everything_through() -> None:
    assert feed_all(StopMatcher([]), ["a", "b"]) == "ab"


def test_stop_string_split_across_pieces_is_never_shown() -> None:
    matcher = StopMatcher(["\nUser:"])
    shown = [matcher.feed(p) for p in ["Hello", "\nUs", "er:", " more"]]
    assert shown == ["Hello", "", "", ""]
    assert matcher.stopped


def test_a_false_start_is_released() -> None:
    matcher = StopMatcher(["END"])
    assert matcher.feed("the EN") == "the "
    assert matcher.feed("D") == ""
    matcher = StopMatcher(["END"])
    assert matcher.feed("the EN") == "the "
    assert matcher.feed("ds") == "ENds"
    assert not matcher.stopped


def test_held_text_is_flushed_at_the_end() -> None:
    matcher = StopMatcher(["###"])
    assert matcher.feed("a ##") == "a "
    assert matcher.flush() == "##"


def test_earliest_of_several_stops_wins_with_cjk() -> None:
    assert feed_all(StopMatcher(["。", "END"]), ["你好", "。再见END"]) == "你好"
