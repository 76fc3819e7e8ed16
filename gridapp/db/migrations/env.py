"""Alembic environment. The app runs migrations itself (gridapp.db.database.upgrade) on an open
connection passed in `config.attributes["connection"]`; batch mode lets SQLite alter tables."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from gridapp.db.models import Base, map_all
from gridapp.db.search_index import include_name

config = context.config
map_all()  # every table, not only those a start maps
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic: neither a connection nor sqlalchemy.url was given")
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                          include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - the app never renders SQL scripts
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
