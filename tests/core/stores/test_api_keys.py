"""The API key lives in the OS keyring when there is one, else in this session (or QUILL_API_KEY)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from assistant.core.stores import api_keys


class MemoryKeyring(KeyringBackend):
    """A real keyring backend (the keyring API's own extension point) that keeps passwords in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(previous)
        api_keys._session.clear()


def test_with_a_keyring_the_key_goes_there(memory_keyring: MemoryKeyring) -> None:
    assert api_keys.storage() == "keyring"
    assert api_keys.store_api_key("http://h/v1", "sk-1") == "keyring"
    assert memory_keyring.passwords == {(api_keys.SERVICE, "http://h/v1"): "sk-1"}
    api_keys._session.clear()  # a new session: the keyring still has it
    assert api_keys.get_api_key("http://h/v1") == "sk-1"
    api_keys.store_api_key("http://h/v1", "")
    assert memory_keyring.passwords == {} and api_keys.get_api_key("http://h/v1") is None


def test_without_a_keyring_the_key_lasts_the_session_and_the_environment_fills_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert api_keys.storage() == "session"
        monkeypatch.setenv(api_keys.ENV_VAR, "sk-env")
        assert api_keys.get_api_key("http://h/v1") == "sk-env"
        assert api_keys.store_api_key("http://h/v1", "sk-typed") == "session"
        assert api_keys.get_api_key("http://h/v1") == "sk-typed"
        assert api_keys.get_api_key("http://other/v1") == "sk-env"
    finally:
        keyring.set_keyring(previous)
        api_keys._session.clear()


def test_choosing_a_remote_engine_takes_the_key_from_the_store_not_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.core.engine.choice import choose_engine
    from assistant.core.errors import BadInputError
    from assistant.core.settings import Settings

    monkeypatch.setenv(api_keys.ENV_VAR, "sk-env")
    choice = choose_engine(Settings(backend="remote", remote_base_url="http://h:1/v1", remote_n_ctx=2048))
    assert choice.remote is not None and choice.remote.api_key == "sk-env" and choice.remote.n_ctx == 2048
    assert "sk-env" not in repr(choice)
    assert choose_engine(Settings(backend="remote"), backend="local").remote is None
    with pytest.raises(BadInputError, match="No server address"):
        choose_engine(Settings(backend="remote"))
    with pytest.raises(BadInputError, match="not a server address"):
        choose_engine(Settings(), backend="remote", base_url="gpu-box")
