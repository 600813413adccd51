package dev.retort.ops;

import java.util.List;
import java.util.Map;

/**
 * One operation of a portable revision: PORTABLE.md's operation table, Alembic's {@code op.*}
 * with the same names and arguments. {@code line} is where it starts in its file.
 */
public sealed interface Operation {
    int line();

    /** The operation's name as written ({@code alter_column}). */
    String name();

    /** The table the operation changes, or null ({@code execute}). */
    String table();

    record Unique(String name, List<String> columns) {
        public Unique {
            columns = List.copyOf(columns);
        }
    }

    record Check(String name, String condition) {
    }

    /** An index column: a column name, or an expression ({@code {sql: ...}}). */
    record IndexColumn(String column, String expression) {
        String render() {
            return column != null ? Ddl.quote(column, null) : expression;
        }
    }

    record CreateTable(int line, String table, List<Column> columns, List<String> primaryKey,
                       List<ForeignKey> foreignKeys, List<Unique> unique, List<Check> checks,
                       boolean ifNotExists) implements Operation {
        public CreateTable {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            foreignKeys = List.copyOf(foreignKeys);
            unique = List.copyOf(unique);
            checks = List.copyOf(checks);
        }

        public String name() {
            return "create_table";
        }
    }

    record DropTable(int line, String table, boolean ifExists) implements Operation {
        public String name() {
            return "drop_table";
        }
    }

    record RenameTable(int line, String table, String newName) implements Operation {
        public String name() {
            return "rename_table";
        }
    }

    record AddColumn(int line, String table, Column column, boolean ifNotExists) implements Operation {
        public String name() {
            return "add_column";
        }
    }

    record DropColumn(int line, String table, String column, boolean ifExists) implements Operation {
        public String name() {
            return "drop_column";
        }
    }

    /**
     * {@code alter_column}. {@code nullable} and the {@code existing_} values are null when not
     * given; {@code serverDefault} is null when not given and {@link #REMOVE} for {@code null}.
     */
    record AlterColumn(int line, String table, String column, PortableType type, Boolean nullable,
                       ServerDefault serverDefault, String newName, String using, PortableType existingType,
                       Boolean existingNullable, ServerDefault existingServerDefault) implements Operation {
        /** {@code server_default: null}: remove the default. */
        public static final ServerDefault REMOVE = new ServerDefault.Expression(PerDialect.of(null));

        public String name() {
            return "alter_column";
        }

        /** True when the column's type, nullability or default changes (not only its name). */
        boolean changesDefinition() {
            return type != null || nullable != null || serverDefault != null;
        }
    }

    record CreateIndex(int line, String index, String table, List<IndexColumn> columns, boolean unique,
                       String where, boolean concurrently, boolean ifNotExists) implements Operation {
        public CreateIndex {
            columns = List.copyOf(columns);
        }

        public String name() {
            return "create_index";
        }
    }

    record DropIndex(int line, String index, String table, boolean concurrently, boolean ifExists)
            implements Operation {
        public String name() {
            return "drop_index";
        }
    }

    record CreateForeignKey(int line, ForeignKey key, String table, boolean notValid) implements Operation {
        public String name() {
            return "create_foreign_key";
        }
    }

    record CreateUniqueConstraint(int line, String constraint, String table, List<String> columns)
            implements Operation {
        public CreateUniqueConstraint {
            columns = List.copyOf(columns);
        }

        public String name() {
            return "create_unique_constraint";
        }
    }

    record CreateCheckConstraint(int line, String constraint, String table, String condition) implements Operation {
        public String name() {
            return "create_check_constraint";
        }
    }

    record CreatePrimaryKey(int line, String constraint, String table, List<String> columns) implements Operation {
        public CreatePrimaryKey {
            columns = List.copyOf(columns);
        }

        public String name() {
            return "create_primary_key";
        }
    }

    enum ConstraintType { FOREIGNKEY, UNIQUE, CHECK, PRIMARY }

    record DropConstraint(int line, String constraint, String table, ConstraintType type) implements Operation {
        public String name() {
            return "drop_constraint";
        }
    }

    record Execute(int line, PerDialect sql) implements Operation {
        public String name() {
            return "execute";
        }

        public String table() {
            return null;
        }
    }

    /** {@code bulk_insert}: each row's values already rendered per dialect is not possible (booleans), so kept typed. */
    record BulkInsert(int line, String table, List<Map<String, Value>> rows) implements Operation {
        public BulkInsert {
            rows = List.copyOf(rows);
        }

        public String name() {
            return "bulk_insert";
        }
    }

    /** A bulk_insert value: NULL, a boolean, a number or string as given, or JSON text. */
    record Value(Kind kind, String text) {
        enum Kind { NULL, BOOLEAN, NUMBER, STRING, JSON }

        String render(dev.retort.api.Dialect d) {
            return switch (kind) {
                case NULL -> "NULL";
                case BOOLEAN -> d == dev.retort.api.Dialect.POSTGRESQL ? text : "true".equals(text) ? "1" : "0";
                case NUMBER -> text;
                case STRING, JSON -> Ddl.literal(text);
            };
        }
    }
}
