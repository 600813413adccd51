package dev.retort.compat;

import dev.retort.compat.Graph.Rev;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * retort reads Alembic {@code .py} revision directories statically (never executing them); on
 * synthetic directories that use every header form, its graph commands must print what Alembic
 * 1.8.1 prints — Alembic executing the very same files. Because both read the same files, the
 * {@code Path:} lines of {@code show} and {@code -v} output are identical and compared too.
 *
 * <p>Header forms covered (SPEC.md "Alembic Python revision", alembic-behaviour.md §1.1–§1.3):
 * plain and type-annotated assignments ({@code revision: str = 'x'},
 * {@code down_revision: Union[str, Sequence[str], None] = ('a', 'b')},
 * {@code Optional[str]}, {@code list}), {@code None}, single / double / triple-quoted strings
 * (both {@code '''} and {@code """}), one-element tuples and lists, multi-line tuples and lists,
 * a bare string label, an empty list, no docstring, single-line docstrings, docstrings in
 * {@code '''}, a docstring starting with a blank line, multi-paragraph docstrings and a first
 * paragraph of two lines, a non-hex id, an effective head (a head something depends on), a
 * branch point, merges of two and three parents, depends_on by id and by label.
 *
 * <p>{@link #moreSyntax()} adds forms seen in hand-edited files (comments after values and
 * inside multi-line tuples, {@code r"""} docstrings, escaped quotes, non-ASCII messages,
 * {@code __init__.py} and non-{@code .py} files that both must ignore).
 */
class PythonHeaderCompatTest extends AlembicTestBase {
    @TempDir
    static Path tmp;

    static final String A1 = "3c7e91f0a1b2";
    static final String B2 = "5d12aa09c3e4";
    static final String C3 = "7a44b1e0d5f6";
    static final String D4 = "7a9f03c2e1a0";
    static final String E5 = "9b8c7d6e5f40";
    static final String F6 = "a0b1c2d3e4f5";
    static final String G7 = "b7e6d5c4b3a2";
    static final String H8 = "c1d2e3f4a5b6";
    static final String I9 = "d9e8f7a6b5c4";
    static final String J10 = "feature_one";
    static final String K11 = "e0f1a2b3c4d5";

    private static final String FUNCS = """


            def upgrade() -> None:
                pass


            def downgrade() -> None:
                pass
            """;

    /** File name → content, in file-name order. */
    static Map<String, String> headerForms() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("01_" + A1 + "_plain.py", """
                \"\"\"create account table

                Revision ID: %s
                Revises:\s
                Create Date: 2025-12-06 10:00:00.000000

                \"\"\"
                from alembic import op
                import sqlalchemy as sa


                # revision identifiers, used by Alembic.
                revision = '%s'
                down_revision = None
                branch_labels = ('libA',)
                depends_on = None
                """.formatted(A1, A1) + FUNCS);
        f.put("02_" + B2 + "_annotated.py", """
                \"\"\"add users, with annotations

                Revision ID: %s
                Revises: %s
                Create Date: 2025-12-06 10:00:00.000000

                \"\"\"
                from typing import Sequence, Union

                from alembic import op
                import sqlalchemy as sa


                # revision identifiers, used by Alembic.
                revision: str = '%s'
                down_revision: Union[str, None] = '%s'
                branch_labels: Union[str, Sequence[str], None] = None
                depends_on: Union[str, Sequence[str], None] = None
                """.formatted(B2, A1, B2, A1) + FUNCS);
        f.put("03_" + C3 + "_nodoc.py", """
                from alembic import op

                revision = \"\"\"%s\"\"\"
                down_revision = '''%s'''
                branch_labels = None
                depends_on = None
                """.formatted(C3, B2) + FUNCS);
        f.put("04_" + D4 + "_tuple1.py", """
                \"\"\"line one of the message
                line two of the first paragraph

                second paragraph
                \"\"\"
                from alembic import op

                revision = "%s"
                down_revision = ('%s',)
                branch_labels = ['feat', 'feat2']
                depends_on = None
                """.formatted(D4, B2) + FUNCS);
        f.put("05_" + E5 + "_second_base.py", """
                '''second base, single-quoted docstring'''
                from typing import Optional

                from alembic import op

                revision: str = "%s"
                down_revision: Optional[str] = None
                branch_labels = 'libB'
                depends_on: list = []
                """.formatted(E5) + FUNCS);
        f.put("06_" + F6 + "_merge3.py", """
                \"\"\"merge three lines

                Revision ID: %s
                Revises: %s, %s, %s
                Create Date: 2025-12-06 10:00:00.000000

                \"\"\"
                from typing import Sequence, Union

                from alembic import op

                revision: str = '%s'
                down_revision: Union[str, Sequence[str], None] = (
                    '%s',
                    "%s",
                    '%s',
                )
                branch_labels: Union[str, Sequence[str], None] = None
                depends_on: Union[str, Sequence[str], None] = None
                """.formatted(F6, C3, D4, E5, F6, C3, D4, E5) + FUNCS);
        f.put("07_" + G7 + "_listdown.py", """
                \"\"\"Single line docstring with a dependency on a label.\"\"\"
                from alembic import op

                revision = '%s'
                down_revision = ['%s']
                branch_labels = None
                depends_on = ['libA']
                """.formatted(G7, E5) + FUNCS);
        f.put("08_" + H8 + "_leading_blank.py", """
                \"\"\"

                message after a blank line

                Revision ID: %s
                \"\"\"
                from typing import Sequence, Union

                from alembic import op

                revision: str = "%s"
                down_revision: Union[str, Sequence[str], None] = "%s"
                branch_labels: Union[str, Sequence[str], None] = ("libC",)
                depends_on: Union[str, Sequence[str], None] = None
                """.formatted(H8, H8, F6) + FUNCS);
        f.put("09_" + I9 + "_merge_list.py", """
                \"\"\"merge as a list\"\"\"
                from alembic import op

                revision = '%s'
                down_revision = [
                    '%s',
                    '%s'
                ]
                branch_labels = None
                depends_on = None
                """.formatted(I9, H8, G7) + FUNCS);
        f.put("10_" + J10 + ".py", """
                \"\"\"a non-hex id, depended upon (effective head)\"\"\"
                from alembic import op

                revision = '%s'
                down_revision = '%s'
                branch_labels = None
                depends_on = None
                """.formatted(J10, G7) + FUNCS);
        f.put("11_" + K11 + "_tip.py", """
                \"\"\"tip depending on the non-hex id

                Revision ID: %s
                Revises: %s
                \"\"\"
                from typing import Sequence, Union

                from alembic import op

                revision: str = '%s'
                down_revision: Union[str, Sequence[str], None] = ('%s',)
                branch_labels: Union[str, Sequence[str], None] = None
                depends_on: Union[str, Sequence[str], None] = '%s'
                """.formatted(K11, I9, K11, I9, J10) + FUNCS);
        return f;
    }

    /** Forms hand-edited files contain; retort must read them as Alembic does. */
    static Map<String, String> extraSyntax() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("__init__.py", "# not a revision: Alembic ignores __init__*\n");
        f.put("README.txt", "not a revision\n");
        f.put("a_1111aaaa2222.py", """
                r\"\"\"raw docstring: it's a \\d+ pattern

                Revision ID: 1111aaaa2222
                \"\"\"
                revision = '1111aaaa2222'  # the id
                down_revision = None  # a base
                branch_labels = ('extra',)  # one label
                depends_on = None
                """ + FUNCS);
        f.put("b_2222bbbb3333.py", """
                \"\"\"Ünïcode message – naïve café\"\"\"
                revision = "2222bbbb3333"
                down_revision = "1111aaaa2222"
                branch_labels = None
                depends_on = None
                """ + FUNCS);
        f.put("c_3333cccc4444.py", """
                'it\\'s a single-quoted docstring with an escaped quote'
                revision = '3333cccc4444'
                down_revision = '1111aaaa2222'
                branch_labels = None
                depends_on = None
                """ + FUNCS);
        f.put("d_4444dddd5555.py", """
                \"\"\"merge with comments inside the tuple\"\"\"
                revision = '4444dddd5555'
                down_revision = (
                    '2222bbbb3333',  # left
                    # middle comment
                    '3333cccc4444',  # right
                )
                branch_labels = None
                depends_on = None
                """ + FUNCS);
        return f;
    }

    private static ProjectWriter.Project writeDir(String name, Map<String, String> files) {
        ProjectWriter.Project p = ProjectWriter.skeleton(tmp.resolve(name));
        files.forEach((file, content) -> ProjectWriter.writeString(p.versions().resolve(file), content));
        return p;
    }

    private static Rev rev(String stem, String id, List<String> down, List<String> labels, List<String> deps) {
        return new Rev(id, stem, "", down, labels, deps);
    }

    /** What {@link #headerForms()} declares, as the compact list shown on mismatches. */
    static Graph headerFormsGraph() {
        return new Graph("header forms (fixture PythonHeaderCompatTest.headerForms)", List.of(
                rev("01", A1, List.of(), List.of("libA"), List.of()),
                rev("02", B2, List.of(A1), List.of(), List.of()),
                rev("03", C3, List.of(B2), List.of(), List.of()),
                rev("04", D4, List.of(B2), List.of("feat", "feat2"), List.of()),
                rev("05", E5, List.of(), List.of("libB"), List.of()),
                rev("06", F6, List.of(C3, D4, E5), List.of(), List.of()),
                rev("07", G7, List.of(E5), List.of(), List.of("libA")),
                rev("08", H8, List.of(F6), List.of("libC"), List.of()),
                rev("09", I9, List.of(H8, G7), List.of(), List.of()),
                rev("10", J10, List.of(G7), List.of(), List.of()),
                rev("11", K11, List.of(I9), List.of(), List.of(J10))));
    }

    static Graph extraSyntaxGraph() {
        return new Graph("extra syntax (fixture PythonHeaderCompatTest.extraSyntax)", List.of(
                rev("a", "1111aaaa2222", List.of(), List.of("extra"), List.of()),
                rev("b", "2222bbbb3333", List.of("1111aaaa2222"), List.of(), List.of()),
                rev("c", "3333cccc4444", List.of("1111aaaa2222"), List.of(), List.of()),
                rev("d", "4444dddd5555", List.of("2222bbbb3333", "3333cccc4444"), List.of(), List.of())));
    }

    @Test
    void graphCommandsAgreeOnEveryHeaderForm() {
        Map<String, String> files = headerForms();
        ProjectWriter.Project p = writeDir("forms", files);
        Graph g = headerFormsGraph();
        CompatSession s = new CompatSession(alembic, g, p, p.versions(), "retort reads the .py directory");
        sanity(s);

        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("heads"));
        commands.add(List.of("heads", "-v"));
        commands.add(List.of("heads", "--resolve-dependencies"));
        commands.add(List.of("branches"));
        commands.add(List.of("branches", "-v"));
        commands.add(List.of("history"));
        commands.add(List.of("history", "-v"));
        for (String range : List.of(A1 + ":" + F6, ":" + D4, C3.substring(0, 4) + ":", "libA@head:", "libB@base:",
                F6 + ":heads", "base:" + H8, D4 + ":" + C3, ":+2", "7a:")) {
            commands.add(List.of("history", "-r", range));
        }
        for (String id : List.of(A1, B2, C3, D4, E5, F6, G7, H8, I9, J10, K11)) {
            commands.add(List.of("show", id));
        }
        for (String rev : List.of("libA", "libB", "libC", "feat", "feat2", "heads", "head", "base", "7a", "7a9f",
                "libA@head", "feat@" + B2, "e0f1", "nosuch")) {
            commands.add(List.of("show", rev));
        }
        // stamp never runs a revision, so it works on a .py directory; current / history -i / show current
        for (List<String> cmd : List.of(
                List.of("stamp", "heads"), List.of("current"), List.of("history", "-i"),
                List.of("stamp", D4), List.of("current"), List.of("show", "current"),
                List.of("stamp", "libB@head"), List.of("current"), List.of("history", "-i"),
                List.of("stamp", "--purge", C3, J10), List.of("current"),
                List.of("stamp", "feat"), List.of("current"),
                List.of("stamp", "libC@head"), List.of("current"),
                List.of("stamp", "base"), List.of("current"),
                List.of("stamp", "head"), List.of("stamp", "7a"),
                List.of("stamp", "--sql", "heads"), List.of("stamp", "--sql", B2 + ":" + F6))) {
            commands.add(cmd);
        }
        for (List<String> cmd : commands) {
            s.compare(cmd);
        }
        finish(s);
    }

    @Test
    void moreSyntax() {
        Map<String, String> files = extraSyntax();
        ProjectWriter.Project p = writeDir("extra", files);
        Graph g = extraSyntaxGraph();
        CompatSession s = new CompatSession(alembic, g, p, p.versions(), "retort reads the .py directory");
        sanity(s);
        for (List<String> cmd : List.of(
                List.of("heads"), List.of("heads", "-v"), List.of("branches", "-v"), List.of("history"),
                List.of("history", "-v"), List.of("show", "1111aaaa2222"), List.of("show", "2222"),
                List.of("show", "3333cccc4444"), List.of("show", "4444dddd5555"), List.of("show", "extra"),
                List.of("stamp", "heads"), List.of("current"), List.of("history", "-i"))) {
            s.compare(cmd);
        }
        finish(s);
    }

    private static void sanity(CompatSession s) {
        Outcome heads = s.runAlembic(s.alembicDb(), List.of("heads"));
        if (heads.exit() != 0) {
            fail("fixture does not load in Alembic 1.8.1:\n" + heads.render());
        }
    }

    private void finish(CompatSession s) {
        if (!s.mismatches().isEmpty()) {
            String all = String.join("\n", s.mismatches());
            CompatReport.append(getClass().getSimpleName(), all);
            fail(s.mismatches().size() + " of " + s.operations() + " commands differ from Alembic 1.8.1 on a .py directory "
                    + "(all in " + CompatReport.file() + ")\n" + all);
        }
    }
}
