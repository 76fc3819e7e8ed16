"""What the views the services return share: a dataclass view whose JSON is its fields (`as_dict()`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any


class AsDict:
    """Mixin for a dataclass view: `as_dict()` is `dataclasses.asdict(self)` (what `--json` prints), its
    date fields as ISO text."""

    def as_dict(self) -> dict[str, Any]:
        return {k: v.isoformat() if type(v) is dt.date else v
                for k, v in asdict(self).items()}  # type: ignore[call-overload]
