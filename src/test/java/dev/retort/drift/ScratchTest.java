package dev.retort.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.Dialect;
import dev.retort.db.Database;
import dev.retort.ops.Identifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift check's temporary scratch databases: any temporary directory, names that need no quoting. */
class ScratchTest {
    @TempDir
    Path tmp;

    @Test
    void theSqliteScratchFileWorksInADirectoryWhoseNameHasQuestionMarkHashPercentAndSpace() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("tmp dir?x=1 #y %20z"));
        Scratch s = Scratch.sqlite(dir);
        assertEquals(dir.resolve("expected.db"), s.url().sqliteFile());
        try (Database db = Database.open(s.url(), 1000, false, 0, line -> { });
             Statement st = db.connection().createStatement()) {
            st.execute("CREATE TABLE t (a INTEGER)");
        }
        assertTrue(Files.size(dir.resolve("expected.db")) > 0, "the scratch file is where its URL says");
        s.drop(null);
        assertFalse(Files.exists(dir), "the scratch directory is removed");
    }

    @Test
    void aTemporaryPostgresqlDatabaseNameIsOneSqlAlchemyLeavesUnquoted() {
        for (int i = 0; i < 100; i++) {
            String name = Scratch.newPgName();
            assertTrue(name.matches("[a-z_][a-z0-9_]{0,62}"), name);
            assertEquals(name, Identifiers.quote(name, Dialect.POSTGRESQL));
        }
    }
}
