package dev.retort.compat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one side printed and returned for one command line.
 *
 * @param crash for retort: the exception that escaped {@code Main.run} (a failure, never clean);
 *              for Alembic: null (its tracebacks are exit status 1)
 */
record Outcome(String side, int exit, String stdout, String stderr, String crash) {
    private static final Pattern FAILED = Pattern.compile("(?m)^FAILED: (.*)$");

    boolean ok() {
        return exit == 0 && crash == null;
    }

    /** The text after {@code FAILED: } (Alembic: on stdout; retort: on stderr), or null. */
    String failedMessage() {
        Matcher m = FAILED.matcher("alembic".equals(side) ? stdout : stderr);
        return m.find() ? m.group(1) : null;
    }

    /** Alembic's stdout without its {@code FAILED:} line (what retort should print on stdout). */
    String stdoutWithoutFailed() {
        if (!"alembic".equals(side)) {
            return stdout;
        }
        return stdout.replaceAll("(?m)^FAILED: .*(\n|$)", "");
    }

    /** Alembic crashed with a traceback (uncaught exception) rather than a CommandError. */
    boolean isTraceback() {
        return "alembic".equals(side) && exit == 1;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(side).append(": exit ").append(exit);
        if (crash != null) {
            sb.append(" (threw ").append(crash).append(')');
        }
        sb.append('\n');
        block(sb, "stdout", stdout);
        if ("alembic".equals(side)) {
            if (exit == 1) {
                block(sb, "stderr (last lines)", tail(stderr, 4));
            }
        } else {
            block(sb, "stderr", tail(stderr, 12));
        }
        return sb.toString();
    }

    private static String tail(String s, int lines) {
        String[] parts = s.split("\n");
        if (parts.length <= lines) {
            return s;
        }
        StringBuilder sb = new StringBuilder("...\n");
        for (int i = parts.length - lines; i < parts.length; i++) {
            sb.append(parts[i]).append('\n');
        }
        return sb.toString();
    }

    static void block(StringBuilder sb, String title, String text) {
        if (text == null || text.isEmpty()) {
            sb.append("    ").append(title).append(": (empty)\n");
            return;
        }
        sb.append("    ").append(title).append(":\n");
        for (String line : text.split("\n", -1)) {
            sb.append("      |").append(line).append('\n');
        }
    }
}
