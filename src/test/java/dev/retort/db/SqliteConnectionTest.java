package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** How retort sets up its own SQLite connection. */
class SqliteConnectionTest {
    @TempDir
    Path tmp;

    @Test
    void insertsAreNotFollowedByALastInsertRowidQuery() throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse("sqlite:///" + tmp.resolve("a.db")), 1000, false)) {
            SQLiteConnection c = (SQLiteConnection) db.connection();
            assertFalse(c.getConnectionConfig().isGetGeneratedKeys(),
                    "sqlite-jdbc would run SELECT last_insert_rowid() after every INSERT of a revision");
        }
    }
}
