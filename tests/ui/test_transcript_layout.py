"""The transcript is laid out like a chat: your messages right in bubbles, replies left, in a readable column."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from assistant.ui.widgets.transcript import COLUMN_MAX_WIDTH, USER_BUBBLE_SHARE, MessageBubble, TranscriptView
from assistant.ui.widgets.versions import attach_switcher

LONG = "A long question that goes on and on about reading large files, " * 8


def _shown(qtbot: object, width: int) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(width, 700)
    view.show()
    qtbot.waitExposed(view)  # type: ignore[attr-defined]
    return view


def _x_range(widget: QWidget, view: TranscriptView) -> tuple[int, int]:
    left = widget.mapTo(view.viewport(), QPoint(0, 0)).x()
    return left, left + widget.width()


def _laid_out(qtbot: object, bubble: MessageBubble) -> None:
    """Wait until the bubble is shown across the transcript's column (the layout runs from the event loop)."""
    view = bubble.parentWidget().parentWidget().parentWidget()  # content → viewport → the scroll area
    assert isinstance(view, TranscriptView)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: bubble.isVisible() and abs(bubble.width() - view.column_width) <= 2 and bubble.body.height() > 0
    )


def test_a_short_message_of_yours_is_a_small_bubble_on_the_right(qtbot: object) -> None:
    view = _shown(qtbot, 1000)
    mine = view.add_message("user", "Hi!")
    reply = view.add_message("assistant", "Hello. How can I help you today with your files?")
    _laid_out(qtbot, mine)
    _laid_out(qtbot, reply)
    qtbot.waitUntil(lambda: _x_range(mine.card, view)[1] >= _x_range(reply.card, view)[1] - 2)  # type: ignore[attr-defined]

    left, right = _x_range(mine.card, view)
    reply_left, reply_right = _x_range(reply.card, view)
    assert right - left < view.column_width / 3  # as wide as its text, not the column
    assert left > reply_left + view.column_width / 2  # on the right
    assert abs(right - reply_right) <= 2  # both end at the column's right edge
    assert reply_right - reply_left > view.column_width * 0.9  # the reply spans the column
    assert mine.role_label.isHidden() and not reply.role_label.isHidden()
    assert mine.accessibleName() == "Your message" and reply.accessibleName() == "Assistant's reply"


def test_a_long_message_wraps_within_its_share_of_the_column(qtbot: object) -> None:
    view = _shown(qtbot, 1000)
    mine = view.add_message("user", LONG)
    _laid_out(qtbot, mine)
    limit = int(view.column_width * USER_BUBBLE_SHARE)
    qtbot.waitUntil(lambda: mine.card.width() == limit)  # type: ignore[attr-defined]
    line = mine.body.fontMetrics().lineSpacing()
    assert mine.body.height() > 3 * line  # wrapped onto several lines, all shown (no inner scroll bar)


def test_the_column_is_centred_and_no_wider_than_reads_well(qtbot: object) -> None:
    view = _shown(qtbot, 1600)
    reply = view.add_message("assistant", LONG)
    _laid_out(qtbot, reply)
    qtbot.waitUntil(lambda: view.column_width == COLUMN_MAX_WIDTH)  # type: ignore[attr-defined]
    left, right = _x_range(reply, view)
    assert right - left == COLUMN_MAX_WIDTH
    assert abs(left - (view.viewport().width() - right)) <= 2  # the same room on either side

    view.resize(600, 700)  # a narrow window: the column takes what there is
    qtbot.waitUntil(lambda: view.column_width < 600)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: _x_range(reply, view)[1] <= view.viewport().width())  # type: ignore[attr-defined]


def test_the_actions_are_named_buttons_under_the_message_that_tab_reaches(qtbot: object) -> None:
    view = _shown(qtbot, 1000)
    view.add_message("user", "Question?")
    reply = view.add_message("assistant", "Answer.")
    switcher = attach_switcher(reply, 2, 3)
    _laid_out(qtbot, reply)

    assert reply.regenerate_button.isVisible() and not reply.edit_button.isVisible()
    for button in (reply.copy_button, reply.regenerate_button, view.bubbles[0].edit_button):
        assert button.accessibleName() and button.toolTip() and not button.icon().isNull()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert button.mapTo(view.viewport(), QPoint(0, 0)).y() >= (  # under the message's text
            button.parentWidget().body.mapTo(view.viewport(), QPoint(0, 0)).y()  # type: ignore[union-attr]
        )
    # the "‹ 2/3 ›" switcher sits with the actions, before Copy
    assert (
        switcher.mapTo(view.viewport(), QPoint(0, 0)).x() < reply.copy_button.mapTo(view.viewport(), QPoint(0, 0)).x()
    )


def test_copy_puts_the_text_on_the_clipboard_and_says_so(qtbot: object) -> None:
    from PySide6.QtGui import QGuiApplication

    view = _shown(qtbot, 800)
    reply = view.add_message("assistant", "Copy **me**")
    before = reply.copy_button.icon().cacheKey()
    qtbot.mouseClick(reply.copy_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert QGuiApplication.clipboard().text() == "Copy **me**"
    assert reply.copy_button.icon().cacheKey() != before  # a tick for a moment
    with qtbot.waitSignal(reply._copied_timer.timeout, timeout=5000):  # type: ignore[attr-defined]
        pass


def test_the_assistants_mark_takes_the_new_theme_colour(qtbot: object) -> None:
    from PySide6.QtGui import QColor, QPalette

    view = _shown(qtbot, 800)
    reply = view.add_message("assistant", "Hello.")
    before = reply.avatar.pixmap().toImage()
    palette = QPalette(reply.palette())
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff0000"))
    reply.setPalette(palette)  # as a theme change does, through the application palette
    after = reply.avatar.pixmap().toImage()
    assert after != before
