package dev.retort.ops;

import dev.retort.api.Dialect;

/**
 * A column type of PORTABLE.md's type table, or one given verbatim per dialect.
 *
 * @param kind      the portable name; {@link Kind#VERBATIM} for {@code {sql: T}}
 * @param length    {@code string(n)} length, numeric precision; null when not given
 * @param scale     numeric scale; null when not given
 * @param verbatim  the verbatim type text per dialect (only for VERBATIM)
 */
public record PortableType(Kind kind, Integer length, Integer scale, PerDialect verbatim) {
    public enum Kind {
        STRING, TEXT, INTEGER, BIGINT, SMALLINT, BOOLEAN, FLOAT, NUMERIC, DATE, TIME, DATETIME, DATETIME_TZ,
        JSON, JSONB, BINARY, UUID, VERBATIM;

        String portableName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static PortableType of(Kind kind) {
        return new PortableType(kind, null, null, null);
    }

    /** The type as SQLAlchemy 1.4's DDL compiler writes it on a dialect. */
    public String render(Dialect d) {
        boolean pg = d == Dialect.POSTGRESQL;
        return switch (kind) {
            case STRING -> length == null ? "VARCHAR" : "VARCHAR(" + length + ")";
            case TEXT -> "TEXT";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case SMALLINT -> "SMALLINT";
            case BOOLEAN -> "BOOLEAN";
            case FLOAT -> "FLOAT";
            case NUMERIC -> length == null ? "NUMERIC" : scale == null ? "NUMERIC(" + length + ")"
                    : "NUMERIC(" + length + ", " + scale + ")";
            case DATE -> "DATE";
            case TIME -> pg ? "TIME WITHOUT TIME ZONE" : "TIME";
            case DATETIME -> pg ? "TIMESTAMP WITHOUT TIME ZONE" : "DATETIME";
            case DATETIME_TZ -> pg ? "TIMESTAMP WITH TIME ZONE" : "DATETIME";
            case JSON -> "JSON";
            case JSONB -> pg ? "JSONB" : "JSON";
            case BINARY -> pg ? "BYTEA" : "BLOB";
            case UUID -> pg ? "UUID" : "CHAR(32)";
            case VERBATIM -> verbatim.on(d);
        };
    }

    /** True for the integer kinds that autoincrement as a single-column primary key. */
    boolean integral() {
        return kind == Kind.INTEGER || kind == Kind.BIGINT || kind == Kind.SMALLINT;
    }

    /** The type as written in a portable file (used for canonical text). */
    @Override
    public String toString() {
        return switch (kind) {
            case VERBATIM -> "{sqlite: " + verbatim.sqlite() + ", postgresql: " + verbatim.postgresql() + "}";
            case STRING, NUMERIC -> kind.portableName() + (length == null ? "" : "(" + length
                    + (scale == null ? "" : "," + scale) + ")");
            default -> kind.portableName();
        };
    }
}
