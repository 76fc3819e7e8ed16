"""The login's unwrap of the data key started ahead, on a thread of its own (see `PendingUnlock`). A module of
its own, light to import: the thread imports the key store (and the cryptography package) itself."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gridapp.db.keystore import KeyFile


class PendingUnlock:
    """The unwrap of the data key with a user's password (scrypt, deliberately slow), started on a thread of
    its own so that the caller imports and prepares the database stack meanwhile: hashlib's scrypt releases
    the GIL, and at start-up the key derivation no longer adds to the time to a usable window.
    `Authenticator.login` takes the result only after its lock-out check and judges it exactly as an unwrap
    made there (a wrong password counts as a failed attempt the same way)."""

    def __init__(self, db_path: Path | str, username: str, password: str):
        self.username = (username or "").strip()
        self._result: tuple[KeyFile, tuple[str, bytes, bytes | None] | None] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(Path(db_path), password), name="key-unwrap",
                                        daemon=True)
        self._thread.start()

    def _run(self, db_path: Path, password: str) -> None:
        try:
            from gridapp.db.keystore import KeyFile

            kf = KeyFile.for_db(db_path)
            self._result = (kf, kf.unlock_all(self.username, password) if kf.encrypted else None)
        except BaseException as exc:  # raised in the login, as an unwrap made there would raise it
            self._error = exc

    def result(self) -> tuple[KeyFile, tuple[str, bytes, bytes | None] | None]:
        """(the key file as read, `unlock_all`'s answer: None for a wrong password or an unencrypted file)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result
