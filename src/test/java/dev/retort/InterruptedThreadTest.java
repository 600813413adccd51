package dev.retort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import dev.retort.api.RevisionInfo;
import dev.retort.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that interrupts the thread running a migration (its shutdown, a timeout) stops it
 * before the next statement: that revision rolls back, the ones committed stay, and the interrupt
 * is still set for the caller.
 */
class InterruptedThreadTest {
    @TempDir
    Path tmp;

    @Test
    void anInterruptedThreadStopsTheRunBeforeItsNextStatement() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a", "", "CREATE TABLE t (x INTEGER);", "DROP TABLE t;");
        Cli.revision(dir, "b", "a", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);", "DELETE FROM t;");
        Retort retort = Retort.configure().url("sqlite:///" + tmp.resolve("app.db")).revisions(dir).log(l -> { })
                .load();
        retort.upgrade("a");
        Thread.currentThread().interrupt();
        try {
            RetortException e = assertThrows(RetortException.class, () -> retort.upgrade("head"));
            assertTrue(e.getMessage().contains("the thread running retort was interrupted")
                    && e.getMessage().contains("the database is at revision a"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("a"), retort.current().stream().map(RevisionInfo::id).toList());
    }
}
