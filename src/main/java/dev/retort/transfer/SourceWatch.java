package dev.retort.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether another process writes to the source: a write transaction open (its lock on the
 * database file, or the WAL write lock) or changes committed while the copy read it (the file change counter in
 * the header, the WAL's header and size, and {@code PRAGMA data_version} on the copy's connection).
 * Reads the files and probes SQLite's locks; never writes or locks anything for longer than a probe.
 */
final class SourceWatch {
    /** SQLite's lock bytes in the database file (os_unix.c): PENDING, RESERVED, then the SHARED range. */
    private static final long PENDING_BYTE = 0x40000000L;
    private static final int LOCK_BYTES = 2 + 510;
    /** The WAL write lock: byte 120 of the -shm file. */
    private static final long WAL_WRITE_LOCK = 120;

    /** What the files show: the header's change counter (bytes 24..27), the WAL's salts and size. */
    record State(int changeCounter, long walSalts, long walSize) {
    }

    private SourceWatch() {
    }

    static State state(Path db) {
        byte[] header = head(db, 28);
        int counter = header.length < 28 ? 0 : ByteBuffer.wrap(header, 24, 4).getInt();
        Path wal = sibling(db, "-wal");
        byte[] walHeader = head(wal, 24);
        long salts = walHeader.length < 24 ? 0 : ByteBuffer.wrap(walHeader, 16, 8).getLong();
        long size;
        try {
            size = Files.exists(wal) ? Files.size(wal) : -1;
        } catch (IOException e) {
            size = -1;
        }
        return new State(counter, salts, size);
    }

    /**
     * What shows another process writing to the database right now, or null. Call it only while this
     * process has no SQLite connection to the file: POSIX locks belong to the process, and closing the
     * probe's descriptor would drop that connection's locks too.
     */
    static String writer(Path db) {
        List<String> found = new ArrayList<>();
        if (writeLocked(db, PENDING_BYTE, LOCK_BYTES)) {
            found.add("it holds a write lock on " + db);
        }
        Path shm = sibling(db, "-shm");
        if (Files.exists(shm) && writeLocked(shm, WAL_WRITE_LOCK, 1)) {
            found.add("it holds the WAL write lock (" + shm.getFileName() + ")");
        }
        return found.isEmpty() ? null : String.join(", ", found);
    }

    private static boolean writeLocked(Path file, long position, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock = ch.tryLock(position, size, true); // conflicts only with a writer's exclusive lock
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // a file system without locks: nothing to see
        }
    }

    private static byte[] head(Path file, int n) {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static Path sibling(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }
}
