package dev.retort.db;

import dev.retort.cli.Main;

/**
 * Test launcher for the concurrency tests: starts the JVM, says {@code READY} on stderr, waits for
 * one byte on stdin, then runs {@link Main#main} with its arguments — so that several processes,
 * all past JVM start-up, are released onto one database at the same moment.
 */
public final class StartTogether {
    private StartTogether() {
    }

    public static void main(String[] args) throws Exception {
        Class.forName("dev.retort.cli.Main");
        System.err.println("READY");
        System.err.flush();
        if (System.in.read() < 0) {
            System.exit(3); // the test went away
        }
        Main.main(args);
    }
}
