package dev.retort.lint;

/**
 * What one statement (or, later, one portable operation) does to the schema, as far as the lint
 * rules care. Table and column names are normalised by {@link Names}: unquoted names folded to
 * lower case, quotes removed, the schema dropped. SQL is classified into these by
 * {@link SqlClassifier}; a portable operation maps onto them one to one.
 */
public sealed interface Change {
    /** The table the change is on, or null when it names none (DROP INDEX). */
    String table();

    /**
     * {@code CREATE TABLE}, with its columns' types as written (empty for {@code CREATE TABLE ... AS});
     * {@code ifNotExists}: guarded, so it may leave an existing table as it is.
     */
    record CreateTable(String table, java.util.Map<String, String> columnTypes, boolean ifNotExists) implements Change {
        public CreateTable {
            columnTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columnTypes));
        }
    }

    record DropTable(String table) implements Change {
    }

    record RenameTable(String table, String newName) implements Change {
    }

    /** {@code ADD COLUMN}. {@code defaultSql} is null when there is no DEFAULT. */
    record AddColumn(String table, String column, String type, boolean notNull, String defaultSql,
                     DefaultKind defaultKind) implements Change {
    }

    /** How the value of a new column's existing rows is computed. */
    enum DefaultKind {
        /** No DEFAULT: existing rows get NULL. */
        NONE,
        /** A default PostgreSQL 11+ stores once in the catalog (constants, stable functions such as now()). */
        CONSTANT,
        /** A function lint does not know the volatility of: whether it rewrites is not judged. */
        UNKNOWN,
        /** A volatile default (random(), gen_random_uuid(), clock_timestamp(), a serial's nextval()), an
         *  identity or a stored generated column: every existing row is computed and written. */
        PER_ROW
    }

    record DropColumn(String table, String column) implements Change {
    }

    record RenameColumn(String table, String column, String newName) implements Change {
    }

    /** {@code ALTER COLUMN ... TYPE}. */
    record ChangeColumnType(String table, String column, String newType) implements Change {
    }

    record SetNotNull(String table, String column) implements Change {
    }

    /** {@code ADD [CONSTRAINT name] FOREIGN KEY | CHECK}; name null when unnamed. */
    record AddValidatedConstraint(String table, String name, ConstraintKind kind, boolean notValid) implements Change {
    }

    enum ConstraintKind { FOREIGN_KEY, CHECK }

    /** {@code ADD [CONSTRAINT name] UNIQUE | PRIMARY KEY}, built from the table or {@code USING INDEX}. */
    record AddUniqueConstraint(String table, String name, boolean usingIndex) implements Change {
    }

    record ValidateConstraint(String table, String name) implements Change {
    }

    record CreateIndex(String table, String name, boolean concurrently) implements Change {
    }

    /** {@code DROP INDEX}: names the index only; {@code table} is null. */
    record DropIndex(String name, boolean concurrently) implements Change {
        @Override
        public String table() {
            return null;
        }
    }

    record Truncate(String table) implements Change {
    }

    /** {@code VACUUM FULL} or {@code CLUSTER} of a table (table null: every table). */
    record RewriteTable(String table, String command) implements Change {
    }

    /** {@code UPDATE} or {@code DELETE} without a WHERE: every row of the table, in one statement. */
    record WriteAllRows(String table, String command) implements Change {
    }

    /** A statement that parsed and that no rule is about (INSERT, CREATE VIEW, COMMENT ON, ...). */
    record Other(String table) implements Change {
    }
}
