package dev.retort.ops;

import java.util.List;

/** A foreign key: a column's {@code references}, a table's {@code foreign_keys} entry, or create_foreign_key's. */
public record ForeignKey(String name, List<String> columns, String refTable, List<String> refColumns,
                         String onDelete, String onUpdate) {
    public ForeignKey {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
    }
}
