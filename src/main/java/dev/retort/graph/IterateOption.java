package dev.retort.graph;

/** The keyword arguments of Alembic's iterate_revisions, for {@link RevisionMap#iterate}. */
public enum IterateOption {
    /** Revisions below the lower bound that are not its ancestors count too (upgrade: rows on other branches). */
    IMPLICIT_BASE,
    /** The lower bound itself is part of the range. */
    INCLUSIVE,
    /** A relative target ({@code +3}, {@code -2}) must find that many revisions. */
    ASSERT_RELATIVE_LENGTH,
    /** The range is a downgrade's: the upper bound is the rows, the lower the (single) target. */
    SELECT_FOR_DOWNGRADE
}
