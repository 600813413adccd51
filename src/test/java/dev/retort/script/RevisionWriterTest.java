package dev.retort.script;

import dev.retort.api.RetortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevisionWriterTest {
    @TempDir
    Path dir;

    private static final LocalDateTime DATE = LocalDateTime.of(2026, 11, 22, 3, 14, 18, 180_469_000);

    @Test
    void writesTheSqlFormatWithAlembicsDocstringLines() throws IOException {
        Path f = RevisionWriter.write(dir, "3f2a9c1d7e10", "Add user credits table", List.of("1a2b3c4d5e6f"),
                List.of("credits"), List.of("9c0ffee12345", "feat"), DATE);
        assertEquals(dir.resolve("3f2a9c1d7e10_add_user_credits_table.sql"), f);
        assertEquals("""
                -- Add user credits table
                --
                -- Revision ID: 3f2a9c1d7e10
                -- Revises: 1a2b3c4d5e6f
                -- Create Date: 2026-11-22 03:14:18.180469
                -- Branch Labels: credits
                -- Depends On: 9c0ffee12345, feat

                -- retort:upgrade

                -- retort:downgrade
                """, Files.readString(f));
    }

    @Test
    void aBaseHasAnEmptyRevisesLineAndOptionalLinesAreLeftOut() throws IOException {
        Path f = RevisionWriter.write(dir, "a1", "first", List.of(), List.of(), List.of(), DATE);
        assertEquals("-- first\n--\n-- Revision ID: a1\n-- Revises: \n-- Create Date: 2026-11-22 03:14:18.180469\n"
                + "\n-- retort:upgrade\n\n-- retort:downgrade\n", Files.readString(f));
    }

    @Test
    void aMergeListsItsParentsInOrder() throws IOException {
        Path f = RevisionWriter.write(dir, "m1", "merge all", List.of("c1", "c2", "c3"), List.of(), List.of(), DATE);
        assertEquals(dir.resolve("m1_merge_all.sql"), f);
        assertTrue(Files.readString(f).contains("\n-- Revises: c1, c2, c3\n"));
        assertEquals(List.of("c1", "c2", "c3"), SqlRevisionReader.read(f).downRevisions());
    }

    @Test
    void noMessageWritesEmptyMessageAndAnEmptySlug() throws IOException {
        Path f = RevisionWriter.write(dir, "ab12", null, List.of("x"), List.of(), List.of(), DATE);
        assertEquals(dir.resolve("ab12_.sql"), f);
        assertTrue(Files.readString(f).startsWith("-- empty message\n--\n-- Revision ID: ab12\n"));
        assertEquals("empty message", SqlRevisionReader.read(f).doc());
    }

    @Test
    void anEmptyMessageGivesAnEmptyFirstParagraphLikeAlembic() throws IOException {
        Path f = RevisionWriter.write(dir, "ab12", "", List.of("x"), List.of(), List.of(), DATE);
        Revision r = SqlRevisionReader.read(f);
        assertEquals("Revision ID: ab12\nRevises: x\nCreate Date: 2026-11-22 03:14:18.180469", r.longdoc());
    }

    @Test
    void readingBackGivesTheSameRevision() throws IOException {
        Path f = RevisionWriter.write(dir, "r9", "line one\nline two\n\nsecond para", List.of("p1", "p2"),
                List.of("l1", "l2"), List.of("d1"), DATE);
        Revision r = SqlRevisionReader.read(f);
        assertEquals("r9", r.id());
        assertEquals(List.of("p1", "p2"), r.downRevisions());
        assertEquals(List.of("l1", "l2"), r.branchLabels());
        assertEquals(List.of("d1"), r.dependsOn());
        assertEquals("line one\nline two", r.doc());
        assertEquals("line one\nline two\n\nsecond para\n\nRevision ID: r9\nRevises: p1, p2\n"
                + "Create Date: 2026-11-22 03:14:18.180469\nBranch Labels: l1, l2\nDepends On: d1", r.longdoc());
        assertTrue(r.transactional());
        assertEquals(List.of(new SqlSection(null, "\n", 13)), r.upgrade());
        assertEquals(List.of(new SqlSection(null, "", 15)), r.downgrade());
    }

    @Test
    void longdocReadBackEqualsTheStrippedDocstringAlembicWouldWrite() throws IOException {
        String[] messages = {"  leading and trailing  ", "trailing newline\n", "\n\nstarts blank", "a\n\n\n b\n",
            "-- looks like a comment", "tab\there", "Ünïcode — ✓", "Note: a colon is fine", "line\r\nwindows"};
        int n = 0;
        for (String message : messages) {
            String id = "m" + n++;
            Path f = RevisionWriter.write(dir, id, message, List.of("p"), List.of(), List.of(), DATE);
            String docstring = message.replace("\r\n", "\n") + "\n\nRevision ID: " + id + "\nRevises: p\nCreate Date: "
                    + "2026-11-22 03:14:18.180469\n\n";
            assertEquals(Texts.pyStrip(docstring), SqlRevisionReader.read(f).longdoc(), message);
        }
    }

    @Test
    void createDateIsPythonsStrOfADatetime() {
        assertEquals("2026-11-22 03:14:18.180469", RevisionWriter.pythonStr(DATE));
        assertEquals("2026-01-02 03:04:05.000001", RevisionWriter.pythonStr(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 1_999)));
        assertEquals("2026-01-02 03:04:05", RevisionWriter.pythonStr(LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
    }

    @Test
    void slugFollowsAlembic() {
        assertEquals("create_account_table_with_ünïcode_stuff_",
                RevisionWriter.slug("Create account table, with Ünïcode & stuff!! and a very very long message here"));
        assertEquals("second", RevisionWriter.slug("second"));
        assertEquals("this_is_a_message", RevisionWriter.slug("this is a message"));
        assertEquals("", RevisionWriter.slug(null));
        assertEquals("", RevisionWriter.slug("!!! --- ???"));
        assertEquals("snake_case_kept_x2_", RevisionWriter.slug("  snake_case  kept... x2_"));
    }

    @Test
    void aLongSlugWithoutUnderscoreIsCutAt40() {
        assertEquals("a".repeat(40) + "_", RevisionWriter.slug("a".repeat(50)));
        assertEquals("a".repeat(40), RevisionWriter.slug("a".repeat(40)));
    }

    @Test
    void slugCountsCodePointsAndTreatsCombiningMarksAsSeparators() {
        // Python's \w is str.isalnum() or '_': a combining mark (Mn) is not a word character
        assertEquals("cafe_x", RevisionWriter.slug("cafe\u0301 x"));
        assertEquals("\ud835\udc00".repeat(40) + "_", RevisionWriter.slug("\ud835\udc00".repeat(41)));
        assertEquals("x²_½", RevisionWriter.slug("x² ½"));
    }

    @Test
    void newRevisionIdsAreTwelveLowercaseHexDigits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = RevisionWriter.newRevisionId();
            assertTrue(id.matches("[0-9a-f]{12}"), id);
            ids.add(id);
        }
        assertEquals(100, ids.size());
    }

    @Test
    void anIllegalRevisionIdIsRefusedWithAlembicsMessage() {
        RetortException e = assertThrows(RetortException.class,
                () -> RevisionWriter.write(dir, "a-b@c", "m", List.of(), List.of(), List.of(), DATE));
        assertEquals("Character(s) '-, @' not allowed in revision identifier 'a-b@c'", e.getMessage());
    }

    @Test
    void idsAndLabelsTheHeaderCannotHoldAreRefused() {
        assertThrows(RetortException.class, () -> RevisionWriter.write(dir, "a b", "m", List.of(), List.of(), List.of(), DATE));
        assertThrows(RetortException.class, () -> RevisionWriter.write(dir, "", "m", List.of(), List.of(), List.of(), DATE));
        assertThrows(RetortException.class, () -> RevisionWriter.write(dir, "../a", "m", List.of(), List.of(), List.of(), DATE));
        assertThrows(RetortException.class, () -> RevisionWriter.write(dir, "a", "m", List.of("b,c"), List.of(), List.of(), DATE));
        assertThrows(RetortException.class, () -> RevisionWriter.write(dir, "a", "m", List.of(), List.of("x y"), List.of(), DATE));
    }

    @Test
    void aMessageLineThatWouldReadBackAsAHeaderFieldIsRefused() {
        RetortException e = assertThrows(RetortException.class,
                () -> RevisionWriter.write(dir, "a", "fix\nRevises: everything", List.of(), List.of(), List.of(), DATE));
        assertTrue(e.getMessage().contains("'Revises: everything'"), e.getMessage());
        assertThrows(RetortException.class,
                () -> RevisionWriter.write(dir, "a", "retort:upgrade", List.of(), List.of(), List.of(), DATE));
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path f = RevisionWriter.write(dir, "a1", "m", List.of(), List.of(), List.of(), DATE);
        String before = Files.readString(f);
        RetortException e = assertThrows(RetortException.class,
                () -> RevisionWriter.write(dir, "a1", "m", List.of("x"), List.of(), List.of(), DATE));
        assertTrue(e.getMessage().startsWith(f + " already exists"), e.getMessage());
        assertEquals(before, Files.readString(f));
    }

    @Test
    void aMissingDirectoryIsAUsageError() {
        RetortException e = assertThrows(RetortException.class, () -> RevisionWriter.write(dir.resolve("nope"), "a1",
                "m", List.of(), List.of(), List.of(), DATE));
        assertEquals(2, e.exitCode());
    }
}
