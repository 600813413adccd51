package dev.retort.cli;

import java.io.PrintStream;

/** Command-line entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command. Command output goes to {@code out}, progress and errors to {@code err}.
     *
     * @return the exit status: 0 success, 1 the command failed, 2 bad usage or configuration
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("FAILED: not implemented yet");
        return 1;
    }
}
