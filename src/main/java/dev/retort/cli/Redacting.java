package dev.retort.cli;

import dev.retort.db.DatabaseUrl;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that prints text through {@link DatabaseUrl#redact}: whatever a driver, a library or a
 * stack trace (--debug) puts in a message, no password of a URL this process parsed reaches the
 * terminal. Every {@code print}/{@code println}/{@code printf} of text goes through {@link #print(String)},
 * except {@link #verbatim}.
 */
final class Redacting extends PrintStream {
    private Redacting(PrintStream target, boolean autoFlush) {
        super(target, autoFlush, StandardCharsets.UTF_8);
    }

    static PrintStream wrap(PrintStream target, boolean autoFlush) {
        return target instanceof Redacting ? target : new Redacting(target, autoFlush);
    }

    /**
     * Prints the SQL script of {@code --sql} as it is: written offline from the revision files and
     * the version table's name alone, it holds nothing of a connection, and a word in it that equals
     * a password ({@code postgres}) is the revision's own SQL, which must reach the DBA unchanged.
     */
    static void verbatim(PrintStream out, String text) {
        if (out instanceof Redacting r) {
            r.printUnfiltered(text);
        } else {
            out.print(text);
        }
    }

    private void printUnfiltered(String s) {
        super.print(s);
    }

    @Override
    public void print(String s) {
        super.print(DatabaseUrl.redact(s));
    }

    @Override
    public void print(Object o) {
        print(String.valueOf(o));
    }

    @Override
    public void println(Object o) {
        println(String.valueOf(o));
    }
}
