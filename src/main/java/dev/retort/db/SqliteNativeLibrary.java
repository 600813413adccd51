package dev.retort.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, extracted once into retort's cache directory instead of on every
 * start. By default sqlite-jdbc lists {@code java.io.tmpdir} for stale copies, asks {@code uname}
 * for the platform, writes its 1 MB library to a new temporary file, reads it back to compare and
 * deletes it at exit: about 0.1 s of each command that opens a SQLite database.
 *
 * <p>Active only when the launcher names a cache directory ({@code -Dretort.cache.dir}, per user
 * and retort version) and nobody set {@code org.sqlite.lib.path} already; an application
 * embedding retort keeps sqlite-jdbc's own behaviour. If anything fails, sqlite-jdbc extracts as
 * usual.
 */
final class SqliteNativeLibrary {
    private static boolean done;

    private SqliteNativeLibrary() {
    }

    static synchronized void useCachedCopy() {
        if (done) {
            return;
        }
        done = true;
        String cache = System.getProperty("retort.cache.dir");
        if (cache == null || cache.isEmpty() || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        // one directory per driver version and platform, so a cached copy always fits the jar
        Path dir = Path.of(cache, "sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-"
                + System.getProperty("os.name").replace(' ', '_') + "-" + System.getProperty("os.arch"));
        String name = LibraryLoaderUtil.getNativeLibName();
        Path lib = dir.resolve(name);
        try {
            if (!Files.isRegularFile(lib)) {
                extract(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name, dir, lib);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            return; // sqlite-jdbc's own extraction still works (LinkageError: another sqlite-jdbc version)
        }
        System.setProperty("org.sqlite.lib.path", dir.toString());
        System.setProperty("org.sqlite.lib.name", name);
        System.setProperty("org.sqlite.tmpdir", dir.toString()); // its stale-copy scan lists this small directory
    }

    /** Written to a temporary name and moved into place: a parallel start never loads half a file. */
    private static void extract(String resource, Path dir, Path lib) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in sqlite-jdbc");
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name(lib), ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
