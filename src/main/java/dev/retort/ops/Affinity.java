package dev.retort.ops;

import java.util.Locale;

/**
 * SQLAlchemy's type affinity ({@code TypeEngine._type_affinity}) of a SQLite column, which decides
 * whether Alembic's batch mode copies a column with CAST when its type changes
 * ({@code SQLiteImpl.cast_for_batch_migrate}: the affinities differ and the new type is not JSON).
 */
final class Affinity {
    private Affinity() {
    }

    static boolean castNeeded(String declaredOld, PortableType newType) {
        String neu = of(newType);
        return !neu.equals("JSON") && !neu.equals(ofDeclared(declaredOld));
    }

    static String of(PortableType t) {
        return switch (t.kind()) {
            case STRING, TEXT -> "String";
            case INTEGER, BIGINT, SMALLINT -> "Integer";
            case BOOLEAN -> "Boolean";
            case FLOAT, NUMERIC -> "Numeric";
            case DATE -> "Date";
            case TIME -> "Time";
            case DATETIME, DATETIME_TZ -> "DateTime";
            case JSON, JSONB -> "JSON";
            case BINARY -> "Binary";
            case UUID -> "String"; // CHAR(32) on SQLite
            case VERBATIM -> ofDeclared(t.verbatim().sqlite());
        };
    }

    /** The affinity of the type SQLAlchemy reflects from a declared SQLite type (its ischema_names, then its fallback). */
    static String ofDeclared(String declared) {
        String d = declared == null ? "" : declared.toUpperCase(Locale.ROOT).strip();
        int p = d.indexOf('(');
        String base = (p < 0 ? d : d.substring(0, p)).strip();
        return switch (base) {
            case "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT" -> "String";
            case "INTEGER", "INT", "BIGINT", "SMALLINT" -> "Integer";
            case "BOOLEAN", "BOOL" -> "Boolean";
            case "FLOAT", "REAL", "DOUBLE", "NUMERIC", "DECIMAL" -> "Numeric";
            case "DATE", "DATE_CHAR" -> "Date";
            case "TIME", "TIME_CHAR" -> "Time";
            case "DATETIME", "DATETIME_CHAR", "TIMESTAMP" -> "DateTime";
            case "JSON" -> "JSON";
            case "BLOB" -> "Binary";
            default -> d.contains("INT") ? "Integer" : d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT")
                    ? "String" : d.isEmpty() || d.contains("BLOB") ? "Null"
                    : d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") ? "Numeric" : "Numeric";
        };
    }
}
