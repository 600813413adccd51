package dev.retort.cli;

import dev.retort.db.DatabaseUrl;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that prints text through {@link DatabaseUrl#redact}: whatever a driver, a library or a
 * stack trace (--debug) puts in a message, no password of a URL this process parsed reaches the
 * terminal. Every {@code print}/{@code println}/{@code printf} of text goes through {@link #print(String)}.
 */
final class Redacting extends PrintStream {
    private Redacting(PrintStream target, boolean autoFlush) {
        super(target, autoFlush, StandardCharsets.UTF_8);
    }

    static PrintStream wrap(PrintStream target, boolean autoFlush) {
        return target instanceof Redacting ? target : new Redacting(target, autoFlush);
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
