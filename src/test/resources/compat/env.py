"""env.py used by retort's Alembic compatibility tests (online and offline modes).

The database URL is sqlalchemy.url from the ini file unless ``-x dburl=...`` is given,
so one project can be run against several SQLite files.
"""
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def _url():
    return context.get_x_argument(as_dictionary=True).get("dburl") or config.get_main_option(
        "sqlalchemy.url"
    )


def run_migrations_offline():
    context.configure(
        url=_url(),
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        {"sqlalchemy.url": _url()}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
