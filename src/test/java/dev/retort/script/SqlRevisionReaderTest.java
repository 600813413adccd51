package dev.retort.script;

import dev.retort.api.RetortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlRevisionReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Revision read(String text) throws IOException {
        return SqlRevisionReader.read(file("r.sql", text));
    }

    /** Asserts the read fails with a message starting {@code <file>:<line>: } and containing {@code part}. */
    private void fails(String text, int line, String part) throws IOException {
        Path f = file("bad.sql", text);
        RetortException e = assertThrows(RetortException.class, () -> SqlRevisionReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertEquals(1, e.exitCode());
    }

    private static final String FULL = """
            -- Add user credits table
            --
            -- Revision ID: 3f2a9c1d7e10
            -- Revises: 1a2b3c4d5e6f
            -- Create Date: 2025-12-06 10:00:00.000000
            -- Branch Labels: credits
            -- Depends On: 9c0ffee12345
            -- Transactional: false

            -- retort:upgrade
            CREATE TABLE user_credits (id INTEGER);

            -- retort:downgrade
            DROP TABLE user_credits;
            """;

    @Test
    void readsEveryHeaderFieldOfTheSpecExample() throws IOException {
        Path f = file("3f2a9c1d7e10_add_user_credits_table.sql", FULL);
        Revision r = SqlRevisionReader.read(f);
        assertEquals("3f2a9c1d7e10", r.id());
        assertEquals(List.of("1a2b3c4d5e6f"), r.downRevisions());
        assertEquals(List.of("credits"), r.branchLabels());
        assertEquals(List.of("9c0ffee12345"), r.dependsOn());
        assertFalse(r.transactional());
        assertFalse(r.python());
        assertEquals(f, r.file());
        assertEquals(f.toString(), r.location());
    }

    @Test
    void longdocIsTheHeaderLikeAnAlembicDocstringAndDocIsTheMessage() throws IOException {
        Revision r = read(FULL);
        assertEquals("Add user credits table\n\nRevision ID: 3f2a9c1d7e10\nRevises: 1a2b3c4d5e6f\n"
                + "Create Date: 2025-12-06 10:00:00.000000\nBranch Labels: credits\nDepends On: 9c0ffee12345\n"
                + "Transactional: false", r.longdoc());
        assertEquals("Add user credits table", r.doc());
    }

    @Test
    void sectionsKeepTheirTextAsWrittenAndTheirFirstFileLine() throws IOException {
        Revision r = read(FULL);
        assertEquals(List.of(new SqlSection(null, "CREATE TABLE user_credits (id INTEGER);\n\n", 11)), r.upgrade());
        assertEquals(List.of(new SqlSection(null, "DROP TABLE user_credits;\n", 14)), r.downgrade());
    }

    @Test
    void aMultiLineMessageKeepsItsParagraphs() throws IOException {
        Revision r = read("-- line one\n-- line two\n--\n-- second para\n--\n-- Revision ID: a1\n-- Revises:\n");
        assertEquals("line one\nline two", r.doc());
        assertTrue(r.longdoc().startsWith("line one\nline two\n\nsecond para\n\nRevision ID: a1"));
    }

    @Test
    void aBlankLineInsideTheHeaderIsAParagraphBreak() throws IOException {
        Revision r = read("-- msg\n\n-- Revision ID: a1\n-- Revises: \n\n\n-- retort:upgrade\n");
        assertEquals("msg", r.doc());
        assertEquals("msg\n\nRevision ID: a1\nRevises:", r.longdoc());     // stripped, like a docstring
    }

    @Test
    void emptyRevisesMeansABaseRevision() throws IOException {
        assertEquals(List.of(), read("-- m\n-- Revision ID: a1\n-- Revises: \n").downRevisions());
        assertEquals(List.of(), read("-- m\n-- Revision ID: a1\n-- Revises:\n").downRevisions());
    }

    @Test
    void listsAreCommaSeparatedInOrderWithWhitespaceTrimmed() throws IOException {
        Revision r = read("-- m\n-- Revision ID: m1\n-- Revises:  c2 ,c1,  c3\n-- Branch Labels: x, y\n"
                + "-- Depends On: d1,feat\n");
        assertEquals(List.of("c2", "c1", "c3"), r.downRevisions());
        assertEquals(List.of("x", "y"), r.branchLabels());
        assertEquals(List.of("d1", "feat"), r.dependsOn());
    }

    @Test
    void headerKeysAreCaseInsensitiveAndMayComeInAnyOrder() throws IOException {
        Revision r = read("-- m\n--\n-- TRANSACTIONAL: False\n-- depends on: d\n-- revises: b\n"
                + "-- BRANCH LABELS: l\n-- revision id: a\n-- create date: whatever\n");
        assertEquals("a", r.id());
        assertEquals(List.of("b"), r.downRevisions());
        assertEquals(List.of("l"), r.branchLabels());
        assertEquals(List.of("d"), r.dependsOn());
        assertFalse(r.transactional());
    }

    @Test
    void optionalFieldsDefaultToNoneAndTransactional() throws IOException {
        Revision r = read("-- m\n-- Revision ID: a\n-- Revises: b\n-- retort:upgrade\nSELECT 1;\n");
        assertEquals(List.of(), r.branchLabels());
        assertEquals(List.of(), r.dependsOn());
        assertTrue(r.transactional());
        assertEquals(List.of(), read("-- m\n-- Revision ID: a\n-- Revises: b\n-- Transactional: true\n").dependsOn());
    }

    @Test
    void unknownKeyValueLinesAreMessageText() throws IOException {
        Revision r = read("-- Fix: the users table\n-- Ticket: APP-12\n--\n-- Revision ID: a\n-- Revises:\n");
        assertEquals("a", r.id());
        assertEquals("Fix: the users table\nTicket: APP-12", r.doc());
    }

    @Test
    void commentPrefixWithoutSpaceAndIndentedCommentsAreAccepted() throws IOException {
        Revision r = read("--msg\n--\n  --Revision ID: a\n\t-- Revises: b\n");
        assertEquals("a", r.id());
        assertEquals(List.of("b"), r.downRevisions());
        assertEquals("msg", r.doc());
    }

    @Test
    void dialectSectionsAreKeptBesideTheGenericOne() throws IOException {
        Revision r = read("""
                -- m
                -- Revision ID: a
                -- Revises:
                -- retort:upgrade
                CREATE TABLE t (id INTEGER);
                -- retort:upgrade postgresql
                CREATE TABLE t (id BIGSERIAL);
                -- retort:upgrade SQLite
                CREATE TABLE t (id INTEGER PRIMARY KEY);
                -- retort:downgrade
                DROP TABLE t;
                """);
        assertEquals(3, r.upgrade().size());
        assertEquals(new SqlSection("postgresql", "CREATE TABLE t (id BIGSERIAL);\n", 7), r.upgrade().get(1));
        assertEquals(new SqlSection("sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY);\n", 9), r.upgrade().get(2));
        assertEquals("CREATE TABLE t (id BIGSERIAL);\n", r.section(true, "postgresql").orElseThrow().sql());
        assertEquals("CREATE TABLE t (id INTEGER);\n", r.section(true, "other").orElseThrow().sql());
        assertEquals("DROP TABLE t;\n", r.section(false, "sqlite").orElseThrow().sql());
    }

    @Test
    void sectionsMayBeEmptyOrMissing() throws IOException {
        Revision merge = read("-- merge\n-- Revision ID: m\n-- Revises: a, b\n\n-- retort:upgrade\n\n"
                + "-- retort:downgrade\n");
        assertEquals(List.of(new SqlSection(null, "\n", 6)), merge.upgrade());
        assertEquals(List.of(new SqlSection(null, "", 8)), merge.downgrade());
        Revision headerOnly = read("-- m\n-- Revision ID: a\n-- Revises: b");
        assertEquals(List.of(), headerOnly.upgrade());
        assertEquals(List.of(), headerOnly.downgrade());
        Revision upOnly = read("-- m\n-- Revision ID: a\n-- Revises: b\n-- retort:upgrade\nSELECT 1;");
        assertEquals(List.of(new SqlSection(null, "SELECT 1;", 5)), upOnly.upgrade());
        assertEquals(List.of(), upOnly.downgrade());
    }

    @Test
    void sqlCommentsInsideSectionsStayPartOfTheSql() throws IOException {
        Revision r = read("-- m\n-- Revision ID: a\n-- Revises:\n-- retort:upgrade\n-- Revises: x\n-- note\nSELECT 1;\n");
        assertEquals("-- Revises: x\n-- note\nSELECT 1;\n", r.upgrade().get(0).sql());
        assertEquals(List.of(), r.downRevisions());
    }

    @Test
    void crlfIsReadAsLfAndAByteOrderMarkIsIgnored() throws IOException {
        String text = "\ufeff-- msg\r\n--\r\n-- Revision ID: a\r\n-- Revises: b\r\n\r\n-- retort:upgrade\r\nSELECT 1;\r\n";
        Revision r = read(text);
        assertEquals("a", r.id());
        assertEquals("msg\n\nRevision ID: a\nRevises: b", r.longdoc());
        assertEquals(List.of(new SqlSection(null, "SELECT 1;\n", 7)), r.upgrade());
    }

    @Test
    void missingRevisionIdIsAnError() throws IOException {
        fails("-- m\n-- Revises: b\n-- retort:upgrade\n", 1, "no 'Revision ID:' line");
        fails("-- m\n-- Revision ID:   \n-- Revises: b\n", 2, "'Revision ID:' is empty");
    }

    @Test
    void missingRevisesIsAnError() throws IOException {
        fails("-- m\n-- Revision ID: a\n\n-- retort:upgrade\nSELECT 1;\n", 1, "no 'Revises:' line");
    }

    @Test
    void anEmptyFileHasNoRevisionId() throws IOException {
        fails("", 1, "no 'Revision ID:' line");
    }

    @Test
    void aKeyGivenTwiceIsAnError() throws IOException {
        fails("-- m\n-- Revision ID: a\n-- Revises: b\n-- revises: c\n", 4, "'Revises' is given twice (first at line 3)");
    }

    @Test
    void aDuplicateSectionIsAnError() throws IOException {
        fails("-- m\n-- Revision ID: a\n-- Revises:\n-- retort:upgrade\nA;\n-- retort:downgrade\nB;\n-- retort:upgrade\nC;\n",
                8, "second '-- retort:upgrade' section (the first is at line 4)");
        fails("-- m\n-- Revision ID: a\n-- Revises:\n-- retort:upgrade sqlite\n-- retort:upgrade SQLITE\n",
                5, "second '-- retort:upgrade sqlite' section");
    }

    @Test
    void anUnknownDialectIsAnError() throws IOException {
        fails("-- m\n-- Revision ID: a\n-- Revises:\n-- retort:upgrade mysql\nA;\n", 4,
                "unknown dialect 'mysql' in '-- retort:upgrade mysql'; a section marker may name one dialect:"
                        + " sqlite or postgresql");
        fails("-- m\n-- Revision ID: a\n-- Revises:\n-- retort:downgrade sqlite now\n", 4, "unexpected text after the dialect");
    }

    @Test
    void anUnknownSectionNameIsAnError() throws IOException {
        fails("-- m\n-- Revision ID: a\n-- Revises:\n-- retort:upgarde\nA;\n", 4, "unknown section 'upgarde'");
        fails("-- m\n-- Revision ID: a\n-- Revises:\n-- retort:\n", 4, "names no section");
    }

    @Test
    void sqlBeforeTheFirstMarkerIsAnError() throws IOException {
        fails("-- m\n-- Revision ID: a\n-- Revises:\n\nCREATE TABLE t (id INTEGER);\n-- retort:upgrade\n", 5,
                "SQL before the first '-- retort:upgrade' marker");
        fails("-- m\n-- Revision ID: a\n-- Revises:\nCREATE TABLE t (id INTEGER);\n", 4, "SQL before the first");
    }

    /** A stray notes.sql or dump in the directory is named as no revision, not as a revision with SQL misplaced. */
    @Test
    void aSqlFileWithoutARevisionHeaderIsNamedAsNoRevision() throws IOException {
        fails("-- notes for the next release\nSELECT count(*) FROM users;\n", 2, "this .sql file is not a revision: it"
                + " has no '-- Revision ID:' header before its first statement. Move it out of the revisions directory");
    }

    @Test
    void illegalRevisionIdCharactersGiveAlembicsMessage() throws IOException {
        fails("-- m\n-- Revision ID: a-b@c\n-- Revises:\n", 2,
                "Character(s) '-, @' not allowed in revision identifier 'a-b@c'");
        fails("-- m\n-- Revision ID: a+b:c\n-- Revises:\n", 2,
                "Character(s) '+, :' not allowed in revision identifier 'a+b:c'");
    }

    @Test
    void aRevisionListingItselfIsAnError() throws IOException {
        fails("-- m\n-- Revision ID: a\n-- Revises: b, a\n", 3, "Self-loop is detected in revisions (a)");
        fails("-- m\n-- Revision ID: a\n-- Revises: b\n-- Depends On: a\n", 4,
                "Dependency self-loop is detected in revisions (a)");
    }

    @Test
    void malformedListsAndValuesAreErrors() throws IOException {
        fails("-- m\n-- Revision ID: a\n-- Revises: b,,c\n", 3, "empty entry in 'Revises: b,,c'");
        fails("-- m\n-- Revision ID: a\n-- Revises: b c\n", 3, "'Revises: b c' is not a single entry");
        fails("-- m\n-- Revision ID: a b\n-- Revises:\n", 2, "'Revision ID: a b' is not a single id");
        fails("-- m\n-- Revision ID: a\n-- Revises:\n-- Transactional: no\n", 4, "'Transactional: no' is not understood");
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheFile() throws IOException {
        Path f = dir.resolve("latin.sql");
        Files.write(f, "-- caf\u00e9\n-- Revision ID: a\n-- Revises:\n".getBytes(StandardCharsets.ISO_8859_1));
        RetortException e = assertThrows(RetortException.class, () -> SqlRevisionReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not valid UTF-8"), e.getMessage());
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path f = dir.resolve("nope.sql");
        RetortException e = assertThrows(RetortException.class, () -> SqlRevisionReader.read(f));
        assertEquals(f + ": no such file", e.getMessage());
    }
}
