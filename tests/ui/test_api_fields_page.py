"""Settings → Server lists what API clients may send, from the server's one table of request fields."""

from __future__ import annotations

from assistant.core.settings import Settings
from assistant.server.fields import MAX_CHOICES, Status, names
from assistant.ui.dialogs.remote_page import RemotePage


def test_the_server_page_lists_the_fields_of_the_table(qtbot) -> None:
    page = RemotePage(Settings())
    qtbot.addWidget(page)
    text = page.api_fields.toPlainText()
    sections = text.split("\n")
    for status, heading in (
        (Status.USED, "Used:"),
        (Status.CLIENT, "Accepted, not used"),
        (Status.PLANNED, "Not supported yet, refused:"),
        (Status.REFUSED, "Not supported, refused:"),
    ):
        lines = [s for s in sections if s.startswith(heading)]
        if not names(status, nested=False):
            assert lines == []  # no heading over nothing
            continue
        (line,) = lines
        listed = line.split(":", 1)[1].split(",")
        assert [name.strip() for name in listed] == names(status, nested=False)
    assert "tools" in names(Status.USED, nested=False) and f"Up to {MAX_CHOICES} choices" in text
