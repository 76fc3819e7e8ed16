"""Database layer: SQLAlchemy 2 models, the engine/session wrapper, Alembic migrations."""
