package dev.retort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path cwd;

    private Path write(String name, String text) throws IOException {
        Path p = cwd.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private RetortException fails(Path explicit) {
        RetortException e = assertThrows(RetortException.class, () -> ConfigFile.load(cwd, explicit));
        assertEquals(2, e.exitCode(), e.getMessage());
        return e;
    }

    private RetortException yamlFails(String text) throws IOException {
        write("retort.yaml", text);
        return fails(null);
    }

    // ------------------------------------------------------------------ discovery

    @Test
    void noFileGivesEmptySettings() {
        FileSettings s = ConfigFile.load(cwd, null);
        assertEquals(FileSettings.empty(), s);
        assertFalse(s.present());
    }

    @Test
    void yamlRevisionsTakeClasspathAndFilesystemLocations() throws IOException {
        write("conf/retort.yaml", "revisions:\n  - classpath:db/revisions\n  - filesystem:local\n  - plain\n");
        assertEquals(List.of(new dev.retort.script.Location.Classpath("db/revisions"),
                        dev.retort.script.Location.of(cwd.resolve("conf/local")),
                        dev.retort.script.Location.of(cwd.resolve("conf/plain"))),
                ConfigFile.load(cwd, Path.of("conf/retort.yaml")).revisionDirs());
        write("conf/retort.yaml", "revisions: 'classpath:'\n");
        RetortException e = assertThrows(RetortException.class, () -> ConfigFile.load(cwd, Path.of("conf/retort.yaml")));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("conf/retort.yaml:1: revisions: 'classpath:' names no"
                + " directory"), e.getMessage());
    }

    /** Alembic's version_locations are paths: a prefix-like one stays a directory (Alembic's package: form is not read). */
    @Test
    void iniVersionLocationsStayPaths() throws IOException {
        write("alembic.ini", "[alembic]\nscript_location = m\nversion_locations = classpath:db\n");
        assertEquals(fs(cwd.resolve("classpath:db")), ConfigFile.load(cwd, null).revisionDirs());
    }

    @Test
    void retortYamlWinsOverAlembicIni() throws IOException {
        write("alembic.ini", "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///ini.db\n");
        assertEquals("sqlite:///ini.db", ConfigFile.load(cwd, null).url());
        write("retort.yaml", "url: sqlite:///yaml.db\n");
        FileSettings s = ConfigFile.load(cwd, null);
        assertEquals("sqlite:///yaml.db", s.url());
        assertEquals(cwd.resolve("retort.yaml").toAbsolutePath().normalize(), s.source());
    }

    @Test
    void explicitFileByExtension() throws IOException {
        write("conf/a.yml", "url: sqlite:///a.db\n");
        write("conf/b.YAML", "url: sqlite:///b.db\n");
        write("conf/c.ini", "[alembic]\nscript_location = m\nsqlalchemy.url = sqlite:///c.db\n");
        write("retort.yaml", "url: sqlite:///ignored.db\n");
        assertEquals("sqlite:///a.db", ConfigFile.load(cwd, Path.of("conf/a.yml")).url());
        assertEquals("sqlite:///b.db", ConfigFile.load(cwd, Path.of("conf/b.YAML")).url());
        assertEquals("sqlite:///c.db", ConfigFile.load(cwd, cwd.resolve("conf/c.ini")).url());
        write("conf/d.toml", "url = 1\n");
        assertTrue(fails(Path.of("conf/d.toml")).getMessage().startsWith("Config file 'conf/d.toml': expected"));
    }

    @Test
    void missingExplicitFileIsAUsageError() {
        assertEquals("Config file 'nope.yaml' not found", fails(Path.of("nope.yaml")).getMessage());
        assertEquals("No config file 'x/alembic.ini' found, or file has no '[alembic]' section",
                fails(Path.of("x/alembic.ini")).getMessage());
    }

    // ------------------------------------------------------------------ retort.yaml

    @Test
    void waitTimeoutAndSqliteWalKeys() throws IOException {
        write("retort.yaml", "wait_timeout: 1.5\nsqlite_wal: true\n");
        FileSettings s = ConfigFile.load(cwd, null);
        assertEquals(1500L, s.waitTimeoutMillis());
        assertEquals(Boolean.TRUE, s.sqliteWal());
        assertNull(s.lockTimeoutMillis());
        assertEquals("retort.yaml:1: sqlite_wal: expected true or false, found the text 'on'",
                yamlFails("sqlite_wal: 'on'\n").getMessage());
        assertTrue(yamlFails("wait_timeout: -2\n").getMessage()
                .startsWith("retort.yaml:1: wait_timeout: '-2' is not a valid wait timeout"));
    }

    @Test
    void everyYamlKey() throws IOException {
        write("retort.yaml", """
                # comment
                url: postgresql://app@db/app
                revisions: db/revisions
                version_table: schema_version
                version_table_schema: meta
                lock_timeout: 2.5
                transaction_mode: single
                """);
        FileSettings s = ConfigFile.load(cwd, null);
        assertEquals("postgresql://app@db/app", s.url());
        assertEquals(fs(cwd.resolve("db/revisions")), s.revisionDirs());
        assertEquals("schema_version", s.versionTable());
        assertEquals("meta", s.versionTableSchema());
        assertEquals(2500L, s.lockTimeoutMillis());
        assertEquals(Boolean.TRUE, s.singleTransaction());
        write("retort.yaml", "transaction_mode: per-revision\nlock_timeout: 0\n");
        s = ConfigFile.load(cwd, null);
        assertEquals(Boolean.FALSE, s.singleTransaction());
        assertEquals(0L, s.lockTimeoutMillis());
        assertNull(s.url());
        assertNull(s.revisionDirs());
    }

    @Test
    void emptyFileAndNullValuesMeanUnset() throws IOException {
        write("retort.yaml", "");
        FileSettings s = ConfigFile.load(cwd, null);
        assertTrue(s.present());
        assertNull(s.url());
        write("retort.yaml", "# only comments\n---\n");
        assertNull(ConfigFile.load(cwd, null).url());
        write("retort.yaml", "url:\nversion_table: ~\nrevisions:\n");
        s = ConfigFile.load(cwd, null);
        assertNull(s.url());
        assertNull(s.versionTable());
        assertNull(s.revisionDirs());
    }

    @Test
    void revisionsAsStringOrListResolveAgainstTheYamlDirectory() throws IOException {
        write("conf/retort.yaml", "revisions: [one, ../two, /abs/three]\n");
        FileSettings s = ConfigFile.load(cwd, Path.of("conf/retort.yaml"));
        assertEquals(fs(cwd.resolve("conf/one"), cwd.resolve("two"), Path.of("/abs/three")), s.revisionDirs());
        write("conf/retort.yaml", "revisions:\n  - a\n  - b/c\n");
        assertEquals(fs(cwd.resolve("conf/a"), cwd.resolve("conf/b/c")),
                ConfigFile.load(cwd, Path.of("conf/retort.yaml")).revisionDirs());
        write("conf/retort.yaml", "revisions: migrations\n");
        assertEquals(fs(cwd.resolve("conf/migrations")),
                ConfigFile.load(cwd, Path.of("conf/retort.yaml")).revisionDirs());
    }

    @Test
    void unknownKeyNamesFileLineKeyAndTheKnownKeys() throws IOException {
        String m = yamlFails("url: sqlite:///x.db\nurll: sqlite:///y.db\n").getMessage();
        assertEquals("retort.yaml:2: unknown key 'urll'; did you mean 'url'? (known: url, revisions, version_table,"
                + " version_table_schema, lock_timeout, transaction_mode, wait_timeout, sqlite_wal, ddl_lock_timeout,"
                + " ddl_retries, revision_format)", m);
        m = yamlFails("script_location: migrations\n").getMessage();
        assertTrue(m.startsWith("retort.yaml:1: unknown key 'script_location' (known: url,"), m);
        write("other/cfg.yaml", "lock-timeout: 3\n");
        m = fails(Path.of("other/cfg.yaml")).getMessage();
        assertTrue(m.startsWith("other/cfg.yaml:1: unknown key 'lock-timeout'; did you mean 'lock_timeout'?"), m);
    }

    @Test
    void wrongTypesNameFileLineAndKey() throws IOException {
        assertEquals("retort.yaml:2: url: expected a string, found the number 5432 (quote it if you mean the text"
                + " '5432')", yamlFails("revisions: r\nurl: 5432\n").getMessage());
        assertEquals("retort.yaml:1: version_table: expected a string, found the boolean on (quote it if you mean"
                + " the text 'on')", yamlFails("version_table: on\n").getMessage());
        assertEquals("retort.yaml:1: revisions: expected a string, found a mapping",
                yamlFails("revisions: {a: b}\n").getMessage());
        assertEquals("retort.yaml:3: revisions entry: expected a string, found the number 3 (quote it if you mean"
                + " the text '3')", yamlFails("revisions:\n  - a\n  - 3\n").getMessage());
        assertEquals("retort.yaml:1: lock_timeout: expected a number of seconds, found the text '10s'",
                yamlFails("lock_timeout: 10s\n").getMessage());
        assertEquals("retort.yaml:1: lock_timeout: expected a number of seconds, found the text '10'",
                yamlFails("lock_timeout: '10'\n").getMessage());
        assertEquals("retort.yaml:1: transaction_mode: expected a string, found a list",
                yamlFails("transaction_mode: [single]\n").getMessage());
        assertTrue(yamlFails("- url\n").getMessage().startsWith("retort.yaml:1: expected a mapping of keys"));
        assertTrue(yamlFails("just text\n").getMessage().startsWith("retort.yaml:1: expected a mapping of keys"));
    }

    @Test
    void badValuesNameFileLineAndKey() throws IOException {
        assertEquals("retort.yaml:1: transaction_mode: 'one' is not a valid transaction mode; expected"
                + " 'per-revision' or 'single'", yamlFails("transaction_mode: one\n").getMessage());
        assertEquals("retort.yaml:2: lock_timeout: '-1' is not a valid lock timeout; expected a number of seconds"
                + " from 0 to 2147483647", yamlFails("url: x\nlock_timeout: -1\n").getMessage());
        assertTrue(yamlFails("lock_timeout: .inf\n").getMessage().startsWith("retort.yaml:1: lock_timeout: '.inf'"
                + " is not a"));
        assertTrue(yamlFails("lock_timeout: 1e12\n").getMessage().startsWith("retort.yaml:1: lock_timeout: '1e12'"
                + " is not a valid lock timeout"));
        assertEquals("retort.yaml:1: url: empty value", yamlFails("url: ''\n").getMessage());
        assertEquals("retort.yaml:1: revisions: empty list; give at least one directory or leave the key out",
                yamlFails("revisions: []\n").getMessage());
        assertEquals("retort.yaml:2: duplicate key 'url' (first at line 1)",
                yamlFails("url: a\nurl: b\n").getMessage());
        assertEquals("retort.yaml:2: url: YAML aliases (*name) are not supported; write the value out",
                yamlFails("version_table: &t x\nurl: *t\n").getMessage());
        assertEquals("retort.yaml:3: only one YAML document is allowed (found another after '---')",
                yamlFails("url: a\n---\nurl: b\n").getMessage());
    }

    @Test
    void syntaxErrorsGiveFileAndLine() throws IOException {
        String m = yamlFails("url: x\n  bad: [\n").getMessage();
        assertTrue(m.startsWith("retort.yaml:2: not valid YAML: mapping values are not allowed here"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void notUtf8() throws IOException {
        Files.write(cwd.resolve("retort.yaml"), new byte[] {'u', 'r', 'l', ':', ' ', (byte) 0xff});
        assertEquals("retort.yaml: not UTF-8 text", fails(null).getMessage());
    }

    // ------------------------------------------------------------------ alembic.ini

    @Test
    void alembicIniWithHereDefaultsAndInterpolation() throws IOException {
        Path ini = write("proj/alembic.ini", """
                [DEFAULT]
                db_dir = %(here)s/data

                [alembic]
                # a comment
                script_location = %(here)s/migrations
                sqlalchemy.url = sqlite:///%(db_dir)s/app.db?mode=%%rwc
                file_template = %%(rev)s_%%(slug)s
                prepend_sys_path = .
                truncate_slug_length = 40

                [loggers]
                keys = root
                """);
        FileSettings s = ConfigFile.load(cwd, Path.of("proj/alembic.ini"));
        Path here = ini.getParent().toAbsolutePath().normalize();
        assertEquals("sqlite:///" + here + "/data/app.db?mode=%rwc", s.url());
        assertEquals(fs(here.resolve("migrations/versions")), s.revisionDirs());
        assertEquals(ini.toAbsolutePath().normalize(), s.source());
        assertNull(s.versionTable());
        assertNull(s.lockTimeoutMillis());
        assertNull(s.singleTransaction());
    }

    @Test
    void relativePathsInAlembicIniResolveAgainstTheWorkingDirectory() throws IOException {
        write("sub/alembic.ini", "[alembic]\nscript_location = migrations\n");
        assertEquals(fs(cwd.resolve("migrations/versions")),
                ConfigFile.load(cwd, Path.of("sub/alembic.ini")).revisionDirs());
        write("sub/alembic.ini", "[alembic]\nscript_location = migrations\nversion_locations = a b,c, d\n");
        assertEquals(fs(cwd.resolve("a"), cwd.resolve("b"), cwd.resolve("c"), cwd.resolve("d")),
                ConfigFile.load(cwd, Path.of("sub/alembic.ini")).revisionDirs());
    }

    private List<Path> locations(String separatorLine, String locations) throws IOException {
        write("alembic.ini", "[alembic]\nscript_location = m\n" + separatorLine + "\nversion_locations = " + locations
                + "\n");
        return dev.retort.script.Location.directories(ConfigFile.load(cwd, null).revisionDirs(), "test");
    }

    @Test
    void everyVersionPathSeparator() throws IOException {
        List<Path> ab = List.of(cwd.resolve("a b"), cwd.resolve("c"));
        assertEquals(ab, locations("version_path_separator = :", "a b:c"));
        assertEquals(ab, locations("version_path_separator = ;", "a b;c;"));
        assertEquals(ab, locations("version_path_separator = os", "a b:c"));
        assertEquals(List.of(cwd.resolve("a,b"), cwd.resolve("c")),
                locations("version_path_separator = space", "a,b  c"));
        assertEquals(List.of(cwd.resolve("a"), cwd.resolve("b"), cwd.resolve("c")), locations("", "a, b,c"));
        assertEquals(List.of(cwd.resolve("a b"), cwd.resolve("c")),
                locations("path_separator = newline", "\n    a b\n    c"));
        // path_separator (Alembic >= 1.16) wins over version_path_separator
        assertEquals(List.of(cwd.resolve("a"), cwd.resolve("b;c")),
                locations("path_separator = :\nversion_path_separator = ;", "a:b;c"));
    }

    @Test
    void badSeparatorIsAnErrorNamingTheValueAndKey() throws IOException {
        write("alembic.ini", """
                [alembic]
                script_location = m
                version_path_separator = os  # Use os.pathsep. Default configuration used for new projects.
                version_locations = %(here)s/a
                """);
        String m = fails(null).getMessage();
        assertTrue(m.startsWith("alembic.ini:3: 'os  # Use os.pathsep. Default configuration used for new projects.'"
                + " is not a valid value for version_path_separator; expected 'space', 'newline', 'os', ':', ';'"
                + " (alembic.ini has no inline comments"), m);
        // as in Alembic, the separator only matters when version_locations is set
        write("alembic.ini", "[alembic]\nscript_location = m\nversion_path_separator = os  # comment\n");
        assertEquals(fs(cwd.resolve("m/versions")), ConfigFile.load(cwd, null).revisionDirs());
        write("alembic.ini", "[alembic]\nscript_location = m\nversion_path_separator = |\nversion_locations = a|b\n");
        assertEquals("alembic.ini:3: '|' is not a valid value for version_path_separator; expected 'space', 'newline',"
                + " 'os', ':', ';'", fails(null).getMessage());
    }

    @Test
    void inlineCommentLookingTextStaysInTheValue() throws IOException {
        write("alembic.ini", """
                [alembic]
                script_location = migrations ; not a comment
                sqlalchemy.url = postgresql://u@h/db # also not a comment
                  ; but this is a comment line, even indented
                version_table = versions#1
                """);
        FileSettings s = ConfigFile.load(cwd, null);
        assertEquals("postgresql://u@h/db # also not a comment", s.url());
        assertEquals(fs(cwd.resolve("migrations ; not a comment/versions")), s.revisionDirs());
        assertEquals("versions#1", s.versionTable());
    }

    @Test
    void continuationLinesAndRetortExtensionKeys() throws IOException {
        write("alembic.ini", """
                [alembic]
                script_location = m
                version_locations =
                    one
                    two,three
                Version_Table: my_versions
                VERSION_TABLE_SCHEMA = meta
                sqlalchemy.url =
                """);
        FileSettings s = ConfigFile.load(cwd, null);
        assertEquals(fs(cwd.resolve("one"), cwd.resolve("two"), cwd.resolve("three")), s.revisionDirs());
        assertEquals("my_versions", s.versionTable());
        assertEquals("meta", s.versionTableSchema());
        assertNull(s.url(), "empty sqlalchemy.url means unset");
    }

    @Test
    void missingSectionAndMissingScriptLocationUseAlembicsMessages() throws IOException {
        write("alembic.ini", "[Alembic]\nscript_location = m\n");
        assertEquals("No config file 'alembic.ini' found, or file has no '[alembic]' section", fails(null).getMessage());
        write("alembic.ini", "[alembic]\nsqlalchemy.url = sqlite:///x.db\n");
        assertEquals("alembic.ini: No 'script_location' key found in configuration.", fails(null).getMessage());
        write("alembic.ini", "[alembic]\nscript_location = app:migrations\n");
        assertTrue(fails(null).getMessage().startsWith("alembic.ini:2: script_location: 'app:migrations' is a Python"
                + " package resource"));
    }

    @Test
    void unknownKeysAndSectionsInAlembicIniAreIgnored() throws IOException {
        write("alembic.ini", """
                [alembic]
                script_location = m
                timezone = UTC
                sourceless = false
                revision_environment = true
                output_encoding = utf-8
                anything_else = %(no_such_key)s

                [post_write_hooks]
                hooks = black
                black.type = console_scripts
                """);
        assertEquals(fs(cwd.resolve("m/versions")), ConfigFile.load(cwd, null).revisionDirs());
    }

    @Test
    void interpolationErrorsNameFileLineAndOption() throws IOException {
        write("alembic.ini", "[alembic]\nscript_location = %(nope)s/x\n");
        assertEquals("alembic.ini:2: Bad value substitution: option 'script_location' in section 'alembic' contains an"
                + " interpolation key 'nope' which is not a valid option name. Raw value: '%(nope)s/x'",
                fails(null).getMessage());
        write("alembic.ini", "[alembic]\nscript_location = m\nsqlalchemy.url = postgresql://u:p%wXYZ@h/db\n");
        String message = fails(null).getMessage();
        assertEquals("alembic.ini:3: '%' must be followed by '%' or '(', found: (value not shown: it may hold a"
                + " password) in option 'sqlalchemy.url' of section 'alembic' (write %% for a literal %)", message);
        assertFalse(message.contains("wXYZ"), "a URL's value is never quoted: its % is usually a password's");
    }

    @Test
    void malformedIniNamesFileAndLine() throws IOException {
        write("alembic.ini", "script_location = m\n[alembic]\n");
        assertTrue(fails(null).getMessage().startsWith("alembic.ini:1: File contains no section headers"));
        write("alembic.ini", "[alembic]\nscript_location = m\njust words\n");
        assertTrue(fails(null).getMessage().startsWith("alembic.ini:3: not a 'key = value' line: 'just words'"));
        write("alembic.ini", "[alembic]\nscript_location = m\nSCRIPT_LOCATION = n\n");
        assertEquals("alembic.ini:3: option 'script_location' in section 'alembic' already exists",
                fails(null).getMessage());
        write("alembic.ini", "[alembic]\nscript_location = m\n[alembic]\n");
        assertEquals("alembic.ini:3: section 'alembic' already exists", fails(null).getMessage());
    }

    /** Filesystem locations, as the settings hold directories. */
    private static List<dev.retort.script.Location> fs(Path... dirs) {
        return java.util.Arrays.stream(dirs).map(dev.retort.script.Location::of).toList();
    }
}
