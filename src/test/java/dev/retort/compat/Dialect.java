package dev.retort.compat;

/**
 * The database kinds the compatibility suite runs on. SQLite: one file per side. PostgreSQL: one
 * fresh database per side on the test server ({@link dev.retort.testing.PgFixture}); Alembic
 * reaches it through Debian's python3-psycopg2 ({@code postgresql+psycopg2://}), retort through
 * its own {@code postgresql://} URL.
 */
enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String label;

    Dialect(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The table each revision appends to: one row per upgrade()/downgrade() call. */
    String logTableDdl() {
        return switch (this) {
            case SQLITE -> "CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY AUTOINCREMENT, rev TEXT NOT NULL, dir TEXT NOT NULL)";
            case POSTGRESQL -> "CREATE TABLE IF NOT EXISTS log (seq SERIAL PRIMARY KEY, rev TEXT NOT NULL, dir TEXT NOT NULL)";
        };
    }

    /** {@code -Dretort.compat.dialects=sqlite,postgresql} (default both). */
    static boolean enabled(Dialect d) {
        String p = System.getProperty("retort.compat.dialects", "sqlite,postgresql");
        return java.util.Arrays.stream(p.split(",")).map(String::trim).anyMatch(d.label::equalsIgnoreCase);
    }
}
