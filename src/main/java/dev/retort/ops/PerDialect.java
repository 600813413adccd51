package dev.retort.ops;

import dev.retort.api.Dialect;

/**
 * A piece of SQL written once ({@code sql: "..."}) or per dialect ({@code {sqlite: ..., postgresql: ...}}).
 * A dialect left out of a per-dialect form has nothing (null).
 */
public record PerDialect(String sqlite, String postgresql) {
    public static PerDialect of(String both) {
        return new PerDialect(both, both);
    }

    public String on(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? postgresql : sqlite;
    }
}
