package dev.retort.api;

/** The databases retort runs on. */
public enum Dialect {
    SQLITE("sqlite", false),
    POSTGRESQL("postgresql", true);

    private final String id;
    private final boolean transactionalDdl;

    Dialect(String id, boolean transactionalDdl) {
        this.id = id;
        this.transactionalDdl = transactionalDdl;
    }

    /** The name used in section markers ({@code -- retort:upgrade postgresql}). */
    public String id() {
        return id;
    }

    /** Alembic's transactional_ddl: PostgreSQL true, SQLite false. */
    public boolean transactionalDdl() {
        return transactionalDdl;
    }
}
