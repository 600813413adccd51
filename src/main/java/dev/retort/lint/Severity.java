package dev.retort.lint;

/** How bad a finding is; any finding makes {@code retort lint} exit 6. */
public enum Severity {
    /** Breaks the code that is still running during a rolling deploy, or loses data. */
    ERROR,
    /** Blocks that code while it runs (a long lock, a scan or rewrite under an exclusive lock). */
    WARNING;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
