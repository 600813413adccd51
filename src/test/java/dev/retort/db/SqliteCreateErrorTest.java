package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A SQLite file that can't be created names the directory to fix: the JDK's exception names the
 * path it could not create (a directory or the file not there yet), whose parent is the unwritable one.
 * (Built from the JDK's exceptions: the tests run as root, whom no directory denies.)
 */
class SqliteCreateErrorTest {
    @Test
    void aDeniedDirectoryIsTheParentOfWhatCouldNotBeCreated() {
        Path file = Path.of("/srv/ro/newdir/x.db");
        assertEquals("Can't create the SQLite database /srv/ro/newdir/x.db (permission denied: this user can't create"
                        + " newdir in /srv/ro). Check the path in the database URL and that its directory is writable.",
                Database.cannotCreate(file, new AccessDeniedException("/srv/ro/newdir")).getMessage());
        assertEquals("Can't create the SQLite database /srv/ro/x.db (permission denied: this user can't create x.db"
                        + " in /srv/ro). Check the path in the database URL and that its directory is writable.",
                Database.cannotCreate(Path.of("/srv/ro/x.db"), new AccessDeniedException("/srv/ro/x.db")).getMessage());
        assertEquals("Can't create the SQLite database /sys/d/x.db (/sys/d: Operation not permitted). Check the path in"
                        + " the database URL and that its directory is writable.",
                Database.cannotCreate(Path.of("/sys/d/x.db"),
                        new FileSystemException("/sys/d", null, "Operation not permitted")).getMessage());
    }
}
