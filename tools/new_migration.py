"""Write a new Alembic revision by comparing the models with a scratch database migrated to head.

Usage: python tools/new_migration.py "what changed" REV_ID      (then read and tidy the generated file)
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alembic import command  # noqa: E402

from gridapp.db.database import alembic_config, create_engine_for  # noqa: E402


def main() -> None:
    message, rev_id = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scratch.sqlite3"
        engine = create_engine_for(path)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()


if __name__ == "__main__":
    main()
