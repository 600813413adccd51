package dev.retort.lint;

/** One rule broken by one statement. */
public record Finding(String revision, String file, int line, String rule, Severity severity, String message,
                      String fix, String statement) {
    /** {@code <file>:<line>: <rule> (<severity>): <what> — <how to do it safely>} */
    public String text() {
        return file + ":" + line + ": " + rule + " (" + severity.id() + "): " + message + " \u2014 " + fix;
    }
}
