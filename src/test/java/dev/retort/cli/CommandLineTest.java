package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on real SQLite files. */
class CommandLineTest {
    @TempDir
    Path tmp;
    Path dir;
    Cli cli;

    /** a -> b -> {c1 (label left) , c2} -> m(c1, c2) -> d; every revision logs itself. */
    @BeforeEach
    void graph() throws IOException {
        dir = Files.createDirectories(tmp.resolve("revisions"));
        write("a", "create log", "", "CREATE TABLE log (rev TEXT, dir TEXT);", "DROP TABLE log;", "");
        write("b", "rev b", "a", logged("b", "up"), logged("b", "down"), "");
        write("c1", "rev c1", "b", logged("c1", "up"), logged("c1", "down"), "-- Branch Labels: left\n");
        write("c2", "rev c2", "b", logged("c2", "up"), logged("c2", "down"), "");
        write("m", "merge", "c1, c2", "", "", "");
        write("d", "rev d", "m", logged("d", "up"), logged("d", "down"), "");
        cli = new Cli(tmp.resolve("db.sqlite"), dir);
    }

    private static String logged(String rev, String direction) {
        return "INSERT INTO log (rev, dir) VALUES ('" + rev + "', '" + direction + "');";
    }

    private void write(String id, String msg, String down, String up, String downSql, String extra) throws IOException {
        Files.writeString(dir.resolve(id + "_x.sql"), "-- " + msg + "\n--\n-- Revision ID: " + id + "\n-- Revises: "
                + down + "\n-- Create Date: 2025-01-01 00:00:00.000000\n" + extra + "\n-- retort:upgrade\n" + up
                + "\n\n-- retort:downgrade\n" + downSql + "\n");
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("db.sqlite"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<String> tables() throws SQLException {
        return query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    }

    @Test
    void upgradeHeadRunsEveryRevisionOnceInAlembicOrder() throws SQLException {
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("b", "c2", "c1", "d"), query("SELECT rev FROM log WHERE dir = 'up' ORDER BY rowid"));
        assertEquals(List.of("d"), query("SELECT version_num FROM alembic_version"));
        assertTrue(r.err().contains("Running upgrade c1, c2 -> m, merge"), r.err());
        assertEquals("d (head)\n", cli.ok("current"));
        assertEquals("", cli.ok("upgrade", "head"), "a second run has nothing to do");
    }

    /** The command line keeps Alembic's words (it has 'init'); the API's say what a location can be. */
    @Test
    void aMissingRevisionsDirectoryGetsAlembicsMessageAndTheDatabaseIsNotCreated() {
        Path missing = tmp.resolve("nowhere");
        Cli.Result r = new Cli(tmp.resolve("db.sqlite"), missing).run("upgrade", "head");
        assertEquals(2, r.exit(), r.err());
        assertEquals("FAILED: Path doesn't exist: '" + missing + "'.  Please use the 'init' command to create a new"
                + " scripts folder.\n", r.err());
        assertFalse(Files.exists(tmp.resolve("db.sqlite")));
    }

    @Test
    void historyHeadsAndBranchesPrintAlembicText() {
        assertEquals("m -> d (left) (head), rev d\n"
                + "c1, c2 -> m (left) (mergepoint), merge\n"
                + "b -> c1 (left), rev c1\n"
                + "b -> c2, rev c2\n"
                + "a -> b (branchpoint), rev b\n"
                + "<base> -> a, create log\n", cli.ok("history"));
        assertEquals("d (left) (head)\n", cli.ok("heads"));
        assertEquals("b (branchpoint)\n  -> c1 (left)\n  -> c2\n\n", cli.ok("branches"));
        cli.ok("upgrade", "c1");
        assertEquals("b -> c1 (left), rev c1\na -> b (branchpoint), rev b\n", cli.ok("history", "-r", "b:current"));
        assertTrue(cli.ok("history", "-i").contains("b -> c1 (left) (current), rev c1"));
    }

    @Test
    void showPrintsTheVerboseBlock() {
        String out = cli.ok("show", "m");
        assertEquals("Rev: m (mergepoint)\nMerges: c1, c2\nBranch names: left\nPath: "
                + dir.resolve("m_x.sql").toAbsolutePath() + "\n\n    merge\n    \n    Revision ID: m\n"
                + "    Revises: c1, c2\n    Create Date: 2025-01-01 00:00:00.000000\n\n", out);
    }

    @Test
    void downgradeMinusOneUndoesTheLastRevision() throws SQLException {
        cli.ok("upgrade", "heads");
        cli.ok("downgrade", "-1");
        assertEquals(List.of("m"), query("SELECT version_num FROM alembic_version"));
        cli.ok("downgrade", "c2");
        assertEquals(List.of("c1", "c2"), query("SELECT version_num FROM alembic_version ORDER BY 1"),
                "undoing the merge restores both branch tips");
        cli.ok("downgrade", "b");
        assertEquals(List.of("d", "c1", "c2"), query("SELECT rev FROM log WHERE dir = 'down' ORDER BY rowid"));
        assertEquals(List.of("b"), query("SELECT version_num FROM alembic_version"));
        cli.ok("downgrade", "base");
        assertEquals(List.of("alembic_version", "retort_history"), tables());
    }

    /** With --json, --sql's script comes as one document too (it was the bare script). */
    @Test
    void jsonWithSqlIsADocumentHoldingTheScript() throws Exception {
        String script = cli.ok("upgrade", "head", "--sql");
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(cli.ok("--json", "upgrade", "head", "--sql"));
        assertEquals("upgrade", doc.get("command").asText());
        assertEquals("head", doc.get("targets").get(0).asText());
        assertEquals(script, doc.get("sql").asText());
        assertTrue(script.contains("CREATE TABLE log"), script);
        assertEquals(List.of(), tables(), "--sql touches no database");
    }

    /** As Alembic's argparse: a wrapper's `retort --url $STAGING "$@"` called with --url $PROD goes to PROD. */
    @Test
    void anOptionGivenTwiceTakesTheLastValue() throws Exception {
        Path other = tmp.resolve("other.sqlite");
        cli.ok("--url", "sqlite:///" + other, "upgrade", "a");     // Cli gives --url db.sqlite first
        assertEquals(List.of(), tables(), "the first --url is left alone");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
             ResultSet rs = c.createStatement().executeQuery("SELECT version_num FROM alembic_version")) {
            assertTrue(rs.next());
            assertEquals("a", rs.getString(1));
        }
        cli.ok("revision", "-m", "first", "-m", "second", "--rev-id", "1111aaaa", "--rev-id", "2222bbbb", "--head",
                "d", "--branch-label", "one", "--branch-label", "two");
        String written = Files.readString(dir.resolve("2222bbbb_second.sql"));
        assertTrue(written.startsWith("-- second\n") && written.contains("-- Branch Labels: two\n"), written);
    }

    @Test
    void unknownTargetFailsWithoutTouchingTheDatabase() throws SQLException {
        Cli.Result r = cli.run("upgrade", "zzzz");
        assertEquals(1, r.exit());
        assertEquals("FAILED: Can't locate revision identified by 'zzzz'\n", r.err());
        assertEquals(List.of(), tables(), "no version table is created for a bad target");
        r = cli.run("downgrade", "c2");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("FAILED: Destination c2 is not a valid downgrade target from current head(s)"));
    }

    @Test
    void failingStatementLeavesTheDatabaseAtThePreviousRevision() throws Exception {
        write("e", "breaks", "d", "CREATE TABLE e1 (x INTEGER);\nCREATE TABLE e2 (x INTEGER);\n"
                + "INSERT INTO no_such_table VALUES (1);\nCREATE TABLE e3 (x INTEGER);", "", "");
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("Revision e (" + dir.resolve("e_x.sql")), r.err());
        assertTrue(r.err().contains("line 10"), r.err());
        assertTrue(r.err().contains("no_such_table"), r.err());
        assertEquals(List.of("d"), query("SELECT version_num FROM alembic_version"));
        assertFalse(tables().contains("e1"), "the failing revision's first statements were rolled back");
        assertFalse(tables().contains("e2"));
    }

    @Test
    void offlineUpgradePrintsAlembicsLayout() {
        assertEquals("CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n"
                + "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n"
                + "-- Running upgrade  -> a\n\nCREATE TABLE log (rev TEXT, dir TEXT);\n\n"
                + "INSERT INTO alembic_version (version_num) VALUES ('a');\n\n"
                + "-- Running upgrade a -> b\n\nINSERT INTO log (rev, dir) VALUES ('b', 'up');\n\n"
                + "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a';\n\n",
                cli.ok("upgrade", "b", "--sql"));
        String down = cli.ok("downgrade", "b:base", "--sql");
        assertTrue(down.startsWith("-- Running downgrade b -> a\n\n"), down);
        assertTrue(down.endsWith("-- Running downgrade a -> \n\nDROP TABLE log;\n\n"
                + "DELETE FROM alembic_version WHERE alembic_version.version_num = 'a';\n\n"
                + "DROP TABLE alembic_version;\n\n"), down);
        assertEquals(1, cli.run("downgrade", "base", "--sql").exit());
    }

    @Test
    void offlineRunsLogAlembicsProgressLinesOnStderr() {
        String info = "INFO  [alembic.runtime.migration] ";
        assertEquals(info + "Generating static SQL\n" + info + "Running upgrade  -> a, create log\n"
                + info + "Running upgrade a -> b, rev b\n", cli.run("upgrade", "b", "--sql").err());
        assertEquals(info + "Generating static SQL\n" + info + "Running downgrade b -> a, rev b\n",
                cli.run("downgrade", "b:a", "--sql").err());
        assertEquals(info + "Generating static SQL\n" + info + "Running stamp_revision  -> b\n",
                cli.run("stamp", "b", "--sql").err());
        // as in Alembic, these fail before an offline run starts
        assertEquals("FAILED: downgrade with --sql requires <fromrev>:<torev>\n", cli.run("downgrade", "a", "--sql").err());
        assertEquals("FAILED: Can't use --purge with --sql mode\n", cli.run("stamp", "b", "--sql", "--purge").err());
    }

    @Test
    void stampRewritesRowsWithoutRunningRevisions() throws SQLException {
        cli.ok("stamp", "c1", "c2");
        assertEquals(List.of("c1", "c2"), query("SELECT version_num FROM alembic_version ORDER BY 1"));
        assertFalse(tables().contains("log"), "stamp runs no revision");
        cli.ok("stamp", "--purge", "b");
        assertEquals(List.of("b"), query("SELECT version_num FROM alembic_version"));
    }

    @Test
    void aMistypedOptionOrCommandIsNamedWithTheNearestOne() throws Exception {
        Cli.Result option = cli.run("--urll", "x", "current");
        assertEquals(2, option.exit());
        assertTrue(option.err().contains("error: unknown option '--urll'; did you mean --url?"), option.err());
        Cli.Result command = cli.run("upgrad", "head");
        assertEquals(2, command.exit());
        assertTrue(command.err().contains("error: unknown command 'upgrad'; did you mean 'upgrade'?"), command.err());
        Cli.Result autogenerate = cli.run("revision", "--autogenerate", "-m", "x");
        assertEquals(2, autogenerate.exit());
        assertTrue(autogenerate.err().contains("--autogenerate compares SQLAlchemy models"), autogenerate.err());
        // --json: one JSON object on stdout for usage errors too
        Cli.Result json = cli.run("--json", "upgrad", "head");
        assertEquals(2, json.exit());
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertEquals(2, doc.get("exit_code").asInt());
        assertTrue(doc.get("error").asText().startsWith("unknown command 'upgrad'"), json.out());
        assertFalse(tables().contains("alembic_version"));
    }

    /** --help explains every global option. */
    @Test
    void everyGlobalOptionHasADescription() {
        for (org.apache.commons.cli.Option o : Main.globalOptions().getOptions()) {
            assertTrue(o.getDescription() != null && !o.getDescription().isBlank(), "--" + o.getLongOpt());
        }
    }

    @Test
    void helpOrVersionAfterTheCommandRunsNothing() throws SQLException {
        cli.ok("upgrade", "heads");
        for (String flag : List.of("--help", "-h")) {
            Cli.Result help = cli.run("downgrade", "base", flag);
            assertEquals(0, help.exit(), help.err());
            assertTrue(help.out().startsWith("usage: retort downgrade TARGET [--sql]\n"), help.out());
            assertTrue(help.out().contains("--url <URL>"), "the global options too: " + help.out());
            assertTrue(help.out().contains("--version-table <NAME>         the version table"), help.out());
            assertEquals("", help.err());
        }
        assertEquals(List.of("d"), query("SELECT version_num FROM alembic_version"), "nothing was downgraded");
        Cli.Result version = cli.run("downgrade", "base", "--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("retort "), version.out());
        assertEquals(List.of("d"), query("SELECT version_num FROM alembic_version"));
        cli.ok("revision", "-m", "new", "--rev-id", "n1", "--help");
        assertFalse(Files.exists(dir.resolve("n1_new.sql")), "no revision file written");
    }

    @Test
    void downgradeMinusOneFromTwoHeadsWarnsAsAlembicAndTakesTheFirstRow() throws SQLException {
        cli.ok("upgrade", "c1");
        cli.ok("upgrade", "c2");
        Cli.Result r = cli.run("downgrade", "-1");
        assertEquals(0, r.exit(), r.err());
        // Alembic: "<its revision.py>:LINE: UserWarning: ..." from Python's warnings module, then the INFO lines
        assertEquals("UserWarning: downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a"
                + " future release.", r.err().lines().filter(l -> !l.startsWith("INFO  ")).findFirst().orElse(""),
                r.err());
        assertEquals(1, query("SELECT version_num FROM alembic_version").size());
    }

    @Test
    void theHelpNamesItsSectionsAndHowToGetACommandsOptions() {
        String help = cli.ok("--help");
        assertTrue(help.startsWith("usage: retort [--url URL] [--revisions DIR]... [GLOBAL OPTIONS] COMMAND [ARGS]\n"
                + "\ncommands:\n  retort branches [-v]\n"), help);
        assertTrue(help.contains("\nglobal options:\n"), help);
        assertTrue(help.contains("this help; retort COMMAND --help: that command's options\n"), help);
    }

    @Test
    void aMessageThatLooksLikeARelativeTargetIsKeptAsWritten() throws IOException {
        cli.ok("revision", "-m", "-5 percent discount", "--rev-id", "p5");
        assertTrue(Files.readString(dir.resolve("p5_5_percent_discount.sql")).startsWith("-- -5 percent discount\n"));
        assertTrue(cli.ok("history", "-r", "d:").startsWith("d -> p5 (left) (head), -5 percent discount\n"));
        cli.ok("upgrade", "heads");
        cli.ok("downgrade", "-1");     // still a relative target, not an option
        assertEquals("d\n", cli.ok("current"));
    }

    @Test
    void twoRevisionsOnOneParentMakeTwoHeadsThatMergeJoins() throws IOException {
        cli.ok("revision", "-m", "feature one", "--rev-id", "f1");
        Cli.Result second = cli.run("revision", "-m", "feature two", "--rev-id", "f2", "--head", "d");
        assertEquals(1, second.exit());
        assertTrue(second.err().contains("Revision d is not a head revision"), second.err());
        cli.ok("revision", "-m", "feature two", "--rev-id", "f2", "--head", "d", "--splice");
        assertEquals("f1 (left) (head)\nf2 (left) (head)\n", cli.ok("heads"));
        Cli.Result up = cli.run("upgrade", "head");
        assertTrue(up.err().startsWith("FAILED: Multiple head revisions are present for given argument 'head'"));
        String out = cli.ok("merge", "heads", "-m", "merge features", "--rev-id", "mf");
        assertEquals("Generating " + dir.resolve("mf_merge_features.sql").toAbsolutePath() + " ...  done\n", out);
        assertEquals("mf (left) (head)\n", cli.ok("heads"));
        assertTrue(Files.readString(dir.resolve("mf_merge_features.sql")).contains("-- Revises: f1, f2\n"));
        cli.ok("upgrade", "head");
        assertEquals("mf (head) (mergepoint)\n", cli.ok("current"));
    }

    /** Alembic reads .py revisions only: a .sql one written beside them is a graph Alembic does not see. */
    @Test
    void aSqlRevisionBesideAlembicsPyRevisionsIsWarnedAbout() throws IOException {
        Path py = Files.createDirectories(tmp.resolve("versions"));
        Files.writeString(py.resolve("a1_first.py"), "\"\"\"first\"\"\"\nrevision = 'a1'\ndown_revision = None\n");
        Cli alembicProject = new Cli(tmp.resolve("py.db"), py);
        Cli.Result r = alembicProject.run("revision", "-m", "second", "--rev-id", "b2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("WARNING: b2_second.sql is not a .py revision, and Alembic reads only those: Alembic run on this"
                + " project does not see it (alembic heads shows another graph). For a revision Alembic runs too,"
                + " write it with 'alembic revision'; retort runs both kinds.\n", r.err());
        assertEquals("", cli.run("revision", "-m", "no python here", "--rev-id", "n1").err(), "a .sql-only directory");
    }

    @Test
    void withSeveralLocationsANewRootGoesWhereVersionPathSays() throws IOException {
        Path more = Files.createDirectories(tmp.resolve("more"));
        String[] twoPlaces = {"--revisions", more.toString()};
        Cli.Result none = cli.run(concat(twoPlaces, "revision", "-m", "second root", "--head", "base", "--rev-id", "r2"));
        assertEquals(1, none.exit());
        assertEquals("FAILED: Multiple version locations present, please specify --version-path\n", none.err());

        Path elsewhere = tmp.resolve("elsewhere");
        Cli.Result wrong = cli.run(concat(twoPlaces, "revision", "-m", "second root", "--head", "base", "--rev-id",
                "r2", "--version-path", elsewhere.toString()));
        assertEquals(1, wrong.exit());
        assertEquals("FAILED: Path " + elsewhere + " is not represented in current version locations\n", wrong.err());
        assertFalse(Files.exists(elsewhere));

        // another spelling of a configured location is that location (Alembic normalises both)
        Path spelled = more.resolve("..").resolve("more");
        String out = cli.ok(concat(twoPlaces, "revision", "-m", "second root", "--head", "base", "--rev-id", "r2",
                "--version-path", spelled.toString()));
        assertEquals("Generating " + more.resolve("r2_second_root.sql").toAbsolutePath() + " ...  done\n", out);
        assertEquals("d (left) (head)\nr2 (head)\n", cli.ok(concat(twoPlaces, "heads")));
        // without --version-path a revision on a head goes next to that head's file, as before
        cli.ok(concat(twoPlaces, "revision", "-m", "after r2", "--head", "r2", "--rev-id", "r3"));
        assertTrue(Files.exists(more.resolve("r3_after_r2.sql")));
    }

    private static String[] concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void pythonRevisionsAreReadButNotRun() throws Exception {
        Path py = Files.createDirectories(tmp.resolve("py"));
        Files.writeString(py.resolve("p1_first.py"), "\"\"\"first\"\"\"\nrevision = 'p1'\ndown_revision = None\n"
                + "def upgrade():\n    pass\n");
        Cli pyCli = new Cli(tmp.resolve("db.sqlite"), py);
        assertEquals("p1 (head)\n", pyCli.ok("heads"));
        Cli.Result r = pyCli.run("upgrade", "head");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("p1_first.py") && r.err().contains("Python"), r.err());
        assertFalse(tables().contains("alembic_version"));
        pyCli.ok("stamp", "head");
        assertEquals("p1 (head)\n", pyCli.ok("current"));
    }

    @Test
    void brokenDirectoryFailsWithAClearMessage() throws IOException {
        write("z", "orphan", "nope", "", "", "");
        Cli.Result r = cli.run("heads");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("FAILED: Revision z (") && r.err().contains("z_x.sql")
                && r.err().contains("'nope'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void passwordsNeverAppearInErrors() {
        Cli.Result r = new Cli("postgresql://app:topsecret@127.0.0.1:1/db", dir).run("current", "-v");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("FAILED: Can't connect to postgresql://app:XXXXX@127.0.0.1:1/db"), r.err());
        assertFalse((r.out() + r.err()).contains("topsecret"));
    }

    /** bin/retort finds the command by the global options that take a value: its list is Main's. */
    @Test
    void theLauncherKnowsWhichGlobalOptionsTakeAValue() throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("value_options=\"([^\"]*)\"")
                .matcher(Files.readString(Path.of("src/dist/bin/retort")));
        assertTrue(m.find(), "value_options in bin/retort");
        assertEquals(Main.globalOptions().getOptions().stream().filter(o -> o.hasArg()).map(o -> "--" + o.getLongOpt())
                .collect(java.util.stream.Collectors.toSet()), java.util.Set.of(m.group(1).split(" ")));
    }

    @Test
    void anUnknownHostIsNamed() {
        Cli.Result r = new Cli("postgresql://app:topsecret@nohost.invalid/db", dir).run("current");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("(unknown host nohost.invalid: check the host name in the URL)"), r.err());
    }

    @Test
    void aSqlitePathThatCannotBeCreatedIsNamed() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
        Cli.Result r = new Cli("sqlite:///" + notADir.resolve("app.db"), dir).run("upgrade", "head");
        assertEquals(1, r.exit());
        assertEquals("FAILED: Can't create the SQLite database " + notADir.resolve("app.db") + " (" + notADir
                + " is not a directory). Check the path in the database URL and that its directory is writable.\n",
                r.err());
        assertEquals("x", Files.readString(notADir));
    }

    @Test
    void waitTimeoutRetriesUntilItRunsOut() {
        long t0 = System.nanoTime();
        Cli.Result r = new Cli("postgresql://app@127.0.0.1:1/db", dir).run("--wait-timeout", "1.5", "current");
        double waited = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("Waiting up to 1.5 s for postgresql://app@127.0.0.1:1/db"), r.err());
        assertTrue(r.err().contains("(waited 1.5 s)"), r.err());
        assertTrue(waited >= 1.4, "retried for the whole wait: " + waited);
        assertEquals(2, new Cli("postgresql://app@127.0.0.1:1/db", dir).run("--wait-timeout", "soon", "current").exit());
    }

    /** A server that answers "no" (no such database, a wrong password) is not asked again: that never changes. */
    @Test
    void waitTimeoutDoesNotRetryARefusal() {
        String url = dev.retort.testing.PgFixture.newDatabase().replaceAll("/[^/?]+$", "/no_such_database");
        Cli.Result r = new Cli(url, dir).run("--wait-timeout", "20", "current");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("\"no_such_database\" does not exist"), r.err());
        assertFalse(r.err().contains("Waiting up to"), r.err());
        assertFalse(r.err().contains("(waited"), r.err());
    }

    @Test
    void currentVerboseNamesTheDatabase() {
        cli.ok("upgrade", "b");
        assertTrue(cli.ok("current", "-v").startsWith("Current revision(s) for sqlite:///"
                + tmp.resolve("db.sqlite").toAbsolutePath() + ":\nRev: b (branchpoint)\nParent: a\n"));
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, cli.run("frobnicate").exit());
        assertEquals(2, cli.run("upgrade").exit());
        assertEquals(2, cli.run("upgrade", "--bogus", "head").exit());
    }

    @Test
    void anArgumentTheLocaleCouldNotDecodeIsRefusedWithoutShowingIt() {
        String[] mangled = {"--url", "postgresql://u:s\uFFFDcret@h/db", "revision", "-m", "caf\uFFFD"};
        Main.refuseUndecodable(mangled, "UTF-8");   // in UTF-8 a U+FFFD is the user's own character
        dev.retort.api.RetortException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.retort.api.RetortException.class, () -> Main.refuseUndecodable(mangled, "ANSI_X3.4-1968"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("The value of --url has characters that this locale's encoding"
                + " (ANSI_X3.4-1968) can't read."), e.getMessage());
        assertFalse(e.getMessage().contains("cret"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(dev.retort.api.RetortException.class,
                () -> Main.refuseUndecodable(new String[] {"current", "x\uFFFD"}, "ANSI_X3.4-1968"));
        assertTrue(e.getMessage().startsWith("Argument 2 has characters"), e.getMessage());
        Main.refuseUndecodable(new String[] {"revision", "-m", "plain"}, "ANSI_X3.4-1968");
    }
}
