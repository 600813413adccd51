package dev.retort.transfer;

import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.postgresql.copy.CopyIn;

/**
 * Hands filled COPY buffers to the server on a thread of its own, so reading and converting the next
 * rows overlaps with the server taking the previous ones (a blocking write would otherwise stall the
 * reader whenever the socket is full). A few buffers circulate between the two threads: memory stays
 * bounded at about {@code buffers} × 1 MiB.
 */
final class Sender implements AutoCloseable {
    private static final CopyBuffer DONE = new CopyBuffer(0);
    private final CopyIn copy;
    private final BlockingQueue<CopyBuffer> full;
    private final BlockingQueue<CopyBuffer> free;
    private final Thread thread;
    private volatile SQLException error;

    Sender(CopyIn copy, int buffers, int capacity) {
        this.copy = copy;
        this.full = new ArrayBlockingQueue<>(buffers + 1);
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers - 1; i++) {
            free.add(new CopyBuffer(capacity));
        }
        this.thread = new Thread(this::loop, "retort-copy-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                CopyBuffer b = full.take();
                if (b == DONE) {
                    return;
                }
                if (error == null) {
                    try {
                        copy.writeToCopy(b.buf, 0, b.len);
                    } catch (SQLException e) {
                        error = e; // keep cycling buffers so the reader never blocks; it sees the error
                    }
                }
                b.clear();
                free.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a filled buffer and returns an empty one to fill next. */
    CopyBuffer send(CopyBuffer filled) throws SQLException {
        check();
        try {
            full.put(filled);
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
    }

    private void check() throws SQLException {
        if (error != null) {
            throw error;
        }
    }

    /** Waits until every queued buffer was written; throws the server's error if a write failed. */
    void finish() throws SQLException {
        close();
        check();
    }

    @Override
    public void close() {
        if (!thread.isAlive()) {
            return;
        }
        try {
            full.put(DONE);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
