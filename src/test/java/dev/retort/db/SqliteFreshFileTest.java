package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several runs that connect to a SQLite file that does not exist yet, all at the same moment (the
 * first deploy of a pipeline with parallel jobs). sqlite-jdbc probes a missing file by creating and
 * then deleting it; a run that opened the file in between was left writing to a deleted file
 * ("SQLITE_READONLY_DBMOVED", "SQLITE_IOERR_DELETE_NOENT", seen once in CI from
 * ConcurrentUpgradeTest). Every one of them must write to the one file that stays.
 */
class SqliteFreshFileTest {
    static final int ROUNDS = 100;
    static final int THREADS = 8;

    @TempDir
    Path tmp;

    @Test
    void runsConnectingToAMissingFileAtOnceAllWriteToTheSameFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path file = tmp.resolve("fresh" + round + ".sqlite");
                DatabaseUrl url = DatabaseUrl.parse("sqlite:///" + file);
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int id = t;
                    runs.add(pool.submit(() -> {
                        start.await();
                        try (Database db = Database.open(url, 30_000, false);
                             Statement st = db.connection().createStatement()) {
                            st.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)");
                            st.execute("INSERT INTO t VALUES (" + id + ")");
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(); // a failed write throws here, naming the SQLite error
                }
                assertTrue(Files.exists(file));
                assertEquals(THREADS, count(file), "round " + round + ": rows in " + file);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int count(Path file) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
