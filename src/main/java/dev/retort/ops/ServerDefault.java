package dev.retort.ops;

import dev.retort.api.Dialect;

/** A column's {@code server_default}, as PORTABLE.md's "Columns" defines it. */
public sealed interface ServerDefault {
    /** The DEFAULT clause's expression on a dialect, as SQLAlchemy 1.4 writes it. */
    String render(Dialect d);

    /** {@code server_default: 'x'}: a quoted literal. */
    record Literal(String text) implements ServerDefault {
        public String render(Dialect d) {
            return Ddl.literal(text);
        }
    }

    /** {@code server_default: 0}: a number written as is. */
    record Number(String text) implements ServerDefault {
        public String render(Dialect d) {
            return text;
        }
    }

    /** {@code true}/{@code false}: {@code sa.true()}, which SQLite's compiler wraps in parentheses. */
    record Bool(boolean value) implements ServerDefault {
        public String render(Dialect d) {
            return d == Dialect.POSTGRESQL ? Boolean.toString(value) : value ? "(1)" : "(0)";
        }
    }

    /** {@code {sql: ...}}: an expression written as is. */
    record Expression(PerDialect sql) implements ServerDefault {
        public String render(Dialect d) {
            return sql.on(d);
        }
    }
}
