package dev.retort.ops;

/**
 * A column of {@code create_table} or {@code add_column}.
 *
 * @param autoincrement null for SQLAlchemy's "auto", else the written true/false
 * @param serverDefault null when none
 * @param references    a foreign key on this column, or null
 * @param comment       null when none
 */
public record Column(String name, PortableType type, boolean nullable, boolean primaryKey, Boolean autoincrement,
                     boolean unique, ServerDefault serverDefault, ForeignKey references, String comment) {
}
