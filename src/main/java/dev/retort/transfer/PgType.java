package dev.retort.transfer;

/**
 * The PostgreSQL column types the copy converts to, from {@code pg_type.typname} of the column's
 * base type and its {@code atttypmod}.
 *
 * @param kind      what conversion applies
 * @param display   the type as PostgreSQL prints it ({@code format_type}), for messages
 * @param length    varchar/char length, numeric precision, or timestamp/time precision; -1 if none
 * @param scale     numeric scale; -1 if none
 */
public record PgType(Kind kind, String display, int length, int scale) {
    /** Conversion families. {@link #OTHER} types get the source text as it is. */
    public enum Kind {
        BOOL, INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8, TEXT, VARCHAR, BPCHAR, JSON, JSONB, BYTEA, TIMESTAMP,
        TIMESTAMPTZ, DATE, TIME, UUID, OTHER
    }

    /** From the base type's name and the attribute's typmod. */
    public static PgType of(String typname, int typmod, String display) {
        Kind k = switch (typname) {
            case "bool" -> Kind.BOOL;
            case "int2" -> Kind.INT2;
            case "int4" -> Kind.INT4;
            case "int8" -> Kind.INT8;
            case "numeric" -> Kind.NUMERIC;
            case "float4" -> Kind.FLOAT4;
            case "float8" -> Kind.FLOAT8;
            case "text", "citext", "name" -> Kind.TEXT;
            case "varchar" -> Kind.VARCHAR;
            case "bpchar" -> Kind.BPCHAR;
            case "json" -> Kind.JSON;
            case "jsonb" -> Kind.JSONB;
            case "bytea" -> Kind.BYTEA;
            case "timestamp" -> Kind.TIMESTAMP;
            case "timestamptz" -> Kind.TIMESTAMPTZ;
            case "date" -> Kind.DATE;
            case "time" -> Kind.TIME;
            case "uuid" -> Kind.UUID;
            default -> Kind.OTHER;
        };
        int length = -1;
        int scale = -1;
        switch (k) {
            case VARCHAR, BPCHAR -> length = typmod >= 4 ? typmod - 4 : -1;
            case NUMERIC -> {
                if (typmod >= 4) {
                    length = ((typmod - 4) >> 16) & 0xffff;
                    scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
                }
            }
            case TIMESTAMP, TIMESTAMPTZ, TIME -> length = typmod >= 0 ? typmod : -1;
            default -> { }
        }
        return new PgType(k, display, length, scale);
    }

    /**
     * The target-side text whose checksum is compared with the source's, or null when the type has
     * no text form the copy can predict (those columns are compared by row count only).
     */
    public String checksumExpression(String quotedColumn) {
        return switch (kind) {
            case FLOAT4 -> "encode(float4send(" + quotedColumn + "), 'hex')";
            case FLOAT8 -> "encode(float8send(" + quotedColumn + "), 'hex')";
            case BYTEA -> "encode(" + quotedColumn + ", 'hex')";
            case JSONB -> "jsonb_hash_extended(" + quotedColumn + ", 0)::text"; // printing jsonb costs 3x more
            case OTHER -> null;
            default -> quotedColumn + "::text";
        };
    }
}
