"""What the views the services return share: a dataclass view whose JSON is its fields (`as_dict()`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any


class AsDict:
    """Mixin for a dataclass view: `as_dict()` is `dataclasses.asdict(self)` (what `--json` prints)."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]
