package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during a portable revision's SQLite table rebuild (a real {@code retort upgrade head}
 * subprocess, killed at a random moment after it announced the revision): the table is as before
 * (version row, definition, index, every row) or as after, never half, and no temporary table
 * is left; an unkilled rerun then reaches head. {@code -Dretort.faults.rebuild.iterations=N}
 * (default 8) kills; {@code -Dretort.faults.seed=S} fixes the moments.
 */
class KillDuringRebuildTest {
    static final int ITERATIONS = Integer.getInteger("retort.faults.rebuild.iterations", 8);
    static final long SEED = Long.getLong("retort.faults.seed", 20251202L);
    static final int ROWS = 100_000;

    @TempDir
    Path tmp;

    static final String BASE = """
            -- base
            --
            -- Revision ID: aaa000000001
            -- Revises:

            -- retort:upgrade
            CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER, label VARCHAR(20));
            CREATE INDEX ix_big_v ON big (v);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
            INSERT INTO big (id, v, label) SELECT i, i %% 1000, 'row ' || i FROM n;
            """.formatted(ROWS);

    static final String REBUILD = """
            message: retype v
            revision: bbb000000002
            revises: aaa000000001
            upgrade:
              - alter_column: {table: big, name: v, type: bigint, nullable: false, existing_type: integer, existing_nullable: true}
              - create_check_constraint: {name: ck_v, table: big, condition: v >= 0}
            """;

    @Test
    void aKilledRebuildLeavesTheTableAsBeforeOrAsAfter() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(dir.resolve("aaa000000001_base.sql"), BASE);
        Files.writeString(dir.resolve("bbb000000002_retype.yaml"), REBUILD);
        Random random = new Random(SEED);
        int before = 0;
        int after = 0;
        for (int k = 0; k < ITERATIONS; k++) {
            Path file = tmp.resolve("db" + k + ".sqlite");
            FaultRig.Db db = FaultRig.Db.sqlite(k % 2 == 0 ? FaultRig.Kind.SQLITE : FaultRig.Kind.SQLITE_WAL, file);
            Cli cli = new Cli(db.url, dir);
            cli.ok("upgrade", "aaa000000001");
            String rowsBefore = rows(db);
            CountDownLatch running = new CountDownLatch(1);
            FaultRig.Proc proc = FaultRig.start(FaultRig.java(db, dir, "dev.retort.cli.Main", "upgrade", "head"),
                    tmp.resolve("err" + k + ".txt"), line -> {
                        if (line.contains("Running upgrade aaa000000001 -> bbb000000002")) {
                            running.countDown();
                        }
                    });
            assertTrue(running.await(60, TimeUnit.SECONDS), "the subprocess did not start the revision");
            Thread.sleep(random.nextInt(400));
            proc.process().destroyForcibly(); // SIGKILL
            proc.await(30);
            String version = version(db);
            List<String> schema = schema(db);
            assertTrue(schema.stream().noneMatch(s -> s.contains("_retort_tmp_")), schema.toString());
            assertEquals("ok", one(db, "PRAGMA integrity_check"));
            assertEquals(rowsBefore, rows(db), "every row, by rowid, with its values");
            if (version.equals("aaa000000001")) {
                before++;
                assertTrue(schema.contains("table CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER, label VARCHAR(20))"),
                        schema.toString());
            } else {
                after++;
                assertEquals("bbb000000002", version);
                assertTrue(schema.stream().anyMatch(s -> s.contains("v BIGINT NOT NULL") && s.contains("CONSTRAINT ck_v")),
                        schema.toString());
            }
            assertTrue(schema.contains("index CREATE INDEX ix_big_v ON big (v)"), schema.toString());
            cli.ok("upgrade", "head");
            assertEquals("bbb000000002", version(db));
            assertEquals(rowsBefore, rows(db));
        }
        System.err.println("[KillDuringRebuildTest] " + ITERATIONS + " kills: " + before + " left the table as before, "
                + after + " as after (seed " + SEED + ")");
    }

    static String rows(FaultRig.Db db) throws SQLException {
        return one(db, "SELECT count(*) || ' ' || sum(rowid) || ' ' || sum(v) || ' ' || sum(length(label))"
                + " || ' ' || min(typeof(v)) FROM big");
    }

    static String version(FaultRig.Db db) throws SQLException {
        return one(db, "SELECT version_num FROM alembic_version");
    }

    static List<String> schema(FaultRig.Db db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, sql FROM sqlite_master WHERE tbl_name NOT LIKE 'alembic%'"
                     + " AND tbl_name NOT LIKE 'retort%' AND sql IS NOT NULL ORDER BY type, name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2).replace("\n", " ").replaceAll(" +", " ")
                        .replace("( ", "(").replace(" )", ")"));
            }
        }
        return out;
    }

    static String one(FaultRig.Db db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
