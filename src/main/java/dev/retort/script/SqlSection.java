package dev.retort.script;

/**
 * One {@code -- retort:upgrade [dialect]} or {@code -- retort:downgrade [dialect]} section of a
 * SQL revision file.
 *
 * @param dialect   {@code null} for the generic section, else {@code sqlite} or {@code postgresql}
 * @param sql       the section's text, as written (may be blank)
 * @param firstLine 1-based line number in the file of the first line of {@code sql}
 */
public record SqlSection(String dialect, String sql, int firstLine) {
}
