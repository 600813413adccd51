package dev.retort.api;

/**
 * The one exception type for a user's mistake or a failed command. Its message says what went
 * wrong, where (file, line, revision) and, where it helps, what to do. The CLI prints it as
 * {@code FAILED: <message>} and exits 1; configuration and usage problems exit 2.
 */
public class RetortException extends RuntimeException {
    private final int exitCode;

    public RetortException(String message) {
        this(message, 1, null);
    }

    public RetortException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    public RetortException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A configuration or usage error: exit status 2. */
    public static RetortException usage(String message) {
        return new RetortException(message, 2, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
