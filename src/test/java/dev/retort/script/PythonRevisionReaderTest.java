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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static reading of Alembic revisions. The expected values of the first tests were checked by
 * loading the same files with Alembic 1.8.1's ScriptDirectory.
 */
class PythonRevisionReaderTest {
    @TempDir
    Path dir;

    private Revision read(String name, String source) throws IOException {
        return PythonRevisionReader.read(Files.writeString(dir.resolve(name), source));
    }

    private Revision read(String source) throws IOException {
        return read("rev.py", source);
    }

    /** Asserts reading fails with a message starting {@code <file>:<line>: } and containing {@code part}. */
    private void fails(String source, int line, String part) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.py"), source);
        RetortException e = assertThrows(RetortException.class, () -> PythonRevisionReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static void assertIds(Revision r, String id, List<String> down, List<String> labels, List<String> deps) {
        assertEquals(id, r.id());
        assertEquals(down, r.downRevisions());
        assertEquals(labels, r.branchLabels());
        assertEquals(deps, r.dependsOn());
    }

    @Test
    void readsTheDefaultTemplateOfAlembic181() throws IOException {
        Path f = Files.writeString(dir.resolve("a1_plain_form.py"), """
                \"""Plain form

                Revision ID: a1
                Revises:\s
                Create Date: 2026-11-22 03:14:18.180469

                \"""
                from alembic import op
                import sqlalchemy as sa


                # revision identifiers, used by Alembic.
                revision = 'a1'
                down_revision = None
                branch_labels = None
                depends_on = None


                def upgrade() -> None:
                    revision = 'nested'   # a local, not the module attribute
                    pass


                def downgrade() -> None:
                    pass
                """);
        Revision r = PythonRevisionReader.read(f);
        assertIds(r, "a1", List.of(), List.of(), List.of());
        assertEquals("Plain form\n\nRevision ID: a1\nRevises: \nCreate Date: 2026-11-22 03:14:18.180469", r.longdoc());
        assertEquals("Plain form", r.doc());
        assertTrue(r.python());
        assertTrue(r.transactional());
        assertEquals(List.of(), r.upgrade());
        assertEquals(List.of(), r.downgrade());
        assertEquals(f, r.file());
        assertEquals(f.toString(), r.location());
    }

    @Test
    void readsTypeAnnotatedAssignmentsOfNewerTemplates() throws IOException {
        Revision r = read("""
                '''Typed form, single quotes'''
                from typing import Sequence, Union

                revision: str = "b2"
                down_revision: Union[str, Sequence[str], None] = 'a1'
                branch_labels: Union[str, Sequence[str], None] = ('feat',)
                depends_on: Union[str, Sequence[str], None] = None
                """);
        assertIds(r, "b2", List.of("a1"), List.of("feat"), List.of());
        assertEquals("Typed form, single quotes", r.longdoc());
    }

    @Test
    void readsMultiLineTuplesWithCommentsAndTrailingCommasAndLists() throws IOException {
        Revision r = read("""
                # -*- coding: utf-8 -*-
                r\"""Raw docstring with \\n kept and Ünïcode

                second para
                \"""
                revision = u'c3'
                down_revision = (
                    'b2',   # the feature
                    # a comment line
                    'a1',
                )
                branch_labels = []
                depends_on: list = ['b2']
                """);
        assertIds(r, "c3", List.of("b2", "a1"), List.of(), List.of("b2"));
        assertEquals("Raw docstring with \\n kept and Ünïcode\n\nsecond para", r.longdoc());
        assertEquals("Raw docstring with \\n kept and Ünïcode", r.doc());
    }

    @Test
    void concatenatesAdjacentLiteralsAndReadsStatementsJoinedBySemicolonsOrBackslashes() throws IOException {
        Revision r = read("""
                "a" 'b' \"""c\"""
                revision = 'd' \\
                    '4'
                down_revision = ['c3']; branch_labels = 'lbl'
                depends_on = ()
                class K:
                    revision = 'zzz'
                """);
        assertIds(r, "d4", List.of("c3"), List.of("lbl"), List.of());
        assertEquals("abc", r.longdoc());
    }

    @Test
    void anFStringIsNotADocstringAndAnUnparenthesisedTupleIsATuple() throws IOException {
        Revision r = read("""
                f\"""not a docstring\"""
                revision = "e\\x35"
                down_revision = 'd4',
                """);
        assertIds(r, "e5", List.of("d4"), List.of(), List.of());
        assertEquals("", r.longdoc());
    }

    @Test
    void decodesEscapesAndSkipsFStringsWithNestedQuotes() throws IOException {
        Revision r = read("""
                \"""esc \\N{BULLET} \\u00e9 \\t end\"""
                revision = 'f6'
                down_revision = ('d4')
                x = f"{revision!r:>{10}} {'q'}"
                y = f'{"nested"}' + f"{ {'a': 1}['a'] }"
                depends_on = ("e5", 'a1')
                """);
        assertIds(r, "f6", List.of("d4"), List.of(), List.of("e5", "a1"));
        assertEquals("esc \u2022 \u00e9 \t end", r.longdoc());
    }

    @Test
    void aDocstringAfterCommentsIsStrippedAndChainedAssignmentsCount() throws IOException {
        Revision r = read("""
                #!/usr/bin/env python
                # comment first

                \"""
                   indented docstring \s

                \"""
                revision = down = 'g7'
                down_revision: str
                down_revision = '0abc'
                """);
        assertIds(r, "g7", List.of("0abc"), List.of(), List.of());
        assertEquals("indented docstring", r.longdoc());
    }

    @Test
    void noDocstringGivesAnEmptyLongdoc() throws IOException {
        Revision r = read("import os\nrevision = 'a'\ndown_revision = None\n");
        assertEquals("", r.longdoc());
        assertEquals("", r.doc());
    }

    @Test
    void singleElementSequencesEqualTheScalarAndEmptyOnesEqualNone() throws IOException {
        assertIds(read("revision = ('a',)\ndown_revision = ['b']\nbranch_labels = ('x')\ndepends_on = []\n"),
                "a", List.of("b"), List.of("x"), List.of());
        assertIds(read("revision = 'a'\ndown_revision = ()\nbranch_labels = ''\ndepends_on = None\n"),
                "a", List.of(), List.of(), List.of());
        assertIds(read("revision = 'a'\ndown_revision = ('b', 'c')\nbranch_labels = ['x', 'y']\n"),
                "a", List.of("b", "c"), List.of("x", "y"), List.of());
    }

    @Test
    void everyQuoteStyleAndPrefixIsAString() throws IOException {
        assertIds(read("revision = '''a'''\ndown_revision = (\"b\", \"\"\"c\"\"\", R'd', U\"e\", r'''f''')\n"),
                "a", List.of("b", "c", "d", "e", "f"), List.of(), List.of());
    }

    @Test
    void crlfLineEndingsAndAByteOrderMarkAreAccepted() throws IOException {
        Revision r = read("\ufeff\"\"\"msg\r\n\r\nmore\"\"\"\r\nrevision = 'a'\r\ndown_revision = (\r\n  'b',\r\n)\r\n");
        assertIds(r, "a", List.of("b"), List.of(), List.of());
        assertEquals("msg\n\nmore", r.longdoc());
    }

    @Test
    void aCodingDeclarationChoosesTheCharset() throws IOException {
        Path f = dir.resolve("latin.py");
        Files.write(f, "# coding: latin-1\n\"\"\"caf\u00e9\"\"\"\nrevision = 'a'\ndown_revision = None\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("caf\u00e9", PythonRevisionReader.read(f).longdoc());
    }

    @Test
    void theLastModuleLevelAssignmentWins() throws IOException {
        assertIds(read("revision = 'a'\ndown_revision = OTHER\ndown_revision = 'b'\n"), "a", List.of("b"), List.of(),
                List.of());
    }

    @Test
    void withoutRevisionAHexFileNameIsTheLegacyId() throws IOException {
        assertIds(read("abc123.py", "down_revision = None\n"), "abc123", List.of(), List.of(), List.of());
    }

    @Test
    void withoutRevisionAnyOtherFileNameGivesAlembicsError() throws IOException {
        Path f = Files.writeString(dir.resolve("helper.py"), "def helper():\n    return 1\n");
        RetortException e = assertThrows(RetortException.class, () -> PythonRevisionReader.read(f));
        assertEquals("Could not determine revision id from filename helper.py. Be sure the 'revision' variable is"
                + " declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).",
                e.getMessage());
    }

    @Test
    void withoutDownRevisionItIsAnErrorNamingTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("x.py"), "revision = 'a'\n");
        RetortException e = assertThrows(RetortException.class, () -> PythonRevisionReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ": down_revision is not set"), e.getMessage());
    }

    @Test
    void aNameIsNotALiteral() throws IOException {
        Path f = Files.writeString(dir.resolve("x.py"), "\"\"\"doc\"\"\"\nfrom app import OTHER_REV\n\n"
                + "revision = 'a'\ndown_revision = OTHER_REV\n");
        RetortException e = assertThrows(RetortException.class, () -> PythonRevisionReader.read(f));
        assertEquals(f + ":5: down_revision is not a literal (found 'OTHER_REV'); retort reads .py revisions without"
                + " running them — write the value as a string, tuple or None", e.getMessage());
    }

    @Test
    void callsFStringsConcatenationAndNamesInsideTuplesAreNotLiterals() throws IOException {
        fails("revision = make_id()\ndown_revision = None\n", 1, "revision is not a literal (found 'make_id()')");
        fails("revision = 'a'\ndown_revision = f'b'\n", 2, "down_revision is not a literal (found 'f'b'')");
        fails("revision = 'a'\ndown_revision = 'b' + 'c'\n", 2, "down_revision is not a literal (found ''b' + 'c'')");
        fails("revision = 'a'\ndown_revision = None\ndepends_on = (\n    'x',\n    OTHER,\n)\n", 5,
                "depends_on is not a literal (found 'OTHER')");
        fails("revision = 'a'\ndown_revision = None\nbranch_labels = {'x'}\n", 3, "branch_labels is not a literal");
    }

    @Test
    void otherWaysOfBindingTheNamesAreErrors() throws IOException {
        fails("from app.revs import down_revision\nrevision = 'a'\n", 1, "down_revision is imported");
        fails("revision = 'a'\ndown_revision = None\ndown_revision += ('b',)\n", 3, "down_revision is changed with '+='");
        fails("revision, down_revision = 'a', None\n", 1, "revision is assigned by unpacking");
        fails("revision = 'a'\ndown_revision = None\nif SOMETHING:\n    down_revision = 'b'\n", 4,
                "down_revision is assigned inside the module-level 'if' block of line 3");
        fails("revision = 'a'\ntry: down_revision = 'b'\nexcept Exception: down_revision = None\n", 3,
                "down_revision is assigned inside the module-level 'except' block of line 3");
    }

    @Test
    void assignmentsInFunctionsClassesAndLambdasAreIgnored() throws IOException {
        assertIds(read("""
                revision = 'a'
                down_revision = None
                f = lambda depends_on='x': depends_on
                def upgrade():
                    if True:
                        branch_labels = 'no'
                class C:
                    depends_on = 'no'
                async def g(): revision = 'no'
                """), "a", List.of(), List.of(), List.of());
    }

    @Test
    void wrongValueShapesAreErrors() throws IOException {
        fails("revision = None\ndown_revision = None\n", 1, "revision must be one string");
        fails("revision = ('a', 'b')\ndown_revision = None\n", 1, "revision must be one string");
        fails("revision = ''\ndown_revision = None\n", 1, "revision is an empty string");
        fails("revision = 'a'\ndown_revision = ('b', ('c', 'd'))\n", 2, "the elements of down_revision must be strings");
        fails("revision = 'a'\ndown_revision = (None,)\n", 2, "the elements of down_revision must be strings");
        fails("revision = 'a'\ndown_revision = ('b', '')\n", 2, "down_revision contains an empty string");
        fails("revision = 'a'\ndown_revision = b'x'\n", 2, "down_revision holds a bytes literal");
    }

    @Test
    void illegalRevisionIdCharactersGiveAlembicsMessage() throws IOException {
        fails("revision = 'a-b@c'\ndown_revision = None\n", 1,
                "Character(s) '-, @' not allowed in revision identifier 'a-b@c'");
    }

    @Test
    void aRevisionListingItselfIsAnError() throws IOException {
        fails("revision = 'a'\ndown_revision = ('b', 'a')\n", 2, "Self-loop is detected in revisions (a)");
        fails("revision = 'a'\ndown_revision = 'b'\ndepends_on = 'a'\n", 3,
                "Dependency self-loop is detected in revisions (a)");
    }

    @Test
    void brokenSourceIsAnErrorWithItsLine() throws IOException {
        fails("revision = 'a'\ndown_revision = None\nx = '''never closed\n\n", 3, "string literal is never closed");
        fails("revision = 'a'\ndown_revision = (\n  'b',\n", 2, "bracket is never closed");
        fails("revision = 'a'\ndown_revision = 'b\n", 2, "string literal is never closed on its line");
    }
}
