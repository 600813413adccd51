package dev.retort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values were checked against Python 3's configparser.ConfigParser. */
class IniFileTest {
    private static IniFile parse(String text) {
        return IniFile.parse(text, "t.ini", Map.of("here", "/the/dir"));
    }

    @Test
    void keysAreCaseInsensitiveAndBothDelimitersWork() {
        IniFile ini = parse("[s]\n  indented = ok\nKey = v1\nother: v2\na:b = c\nx=y=z\n");
        assertEquals("v1", ini.get("s", "key"));
        assertEquals("v1", ini.get("s", "KEY"));
        assertEquals("v2", ini.get("s", "other"));
        assertEquals("b = c", ini.get("s", "a"), "the first delimiter splits");
        assertEquals("y=z", ini.get("s", "x"));
        assertEquals("ok", ini.get("s", "indented"), "an indented key right after a header is a key");
        assertNull(ini.get("s", "missing"));
        assertNull(ini.get("nosection", "key"));
        assertFalse(ini.hasSection("S"), "section names are case-sensitive");
    }

    @Test
    void defaultSectionAndHereInterpolate() {
        IniFile ini = parse("""
                [DEFAULT]
                base = %(here)s/x
                shared = from default

                [s]
                path = %(base)s/y
                shared = from s
                uses = %(shared)s
                """);
        assertEquals("/the/dir/x/y", ini.get("s", "path"));
        assertEquals("from s", ini.get("s", "uses"), "the section shadows DEFAULT");
        assertEquals("from default", ini.get("DEFAULT", "shared"));
        assertNull(ini.get("other", "shared"), "no such section");
        assertFalse(ini.hasSection("DEFAULT"));
        assertEquals("/the/dir", ini.get("s", "here"));
    }

    @Test
    void hereCanBeOverriddenAndIsTakenLiterally() {
        assertEquals("/elsewhere/a", parse("[DEFAULT]\nhere = /elsewhere\n[s]\nv = %(here)s/a\n").get("s", "v"));
        IniFile ini = IniFile.parse("[s]\nv = %(here)s/a\n", "t.ini", Map.of("here", "/100%/dir"));
        assertEquals("/100%/dir/a", ini.get("s", "v"));
    }

    @Test
    void percentPercentIsAPercentAndInterpolationIsRecursive() {
        IniFile ini = parse("[s]\na = 100%%\nb = %(a)s and %%(a)s\nc = %(b)s!\n");
        assertEquals("100%", ini.get("s", "a"));
        assertEquals("100% and %(a)s", ini.get("s", "b"));
        assertEquals("100% and %(a)s!", ini.get("s", "c"));
        assertEquals("x %(A)s", parse("[s]\nA = 1\nv = x %%(A)s\n").get("s", "v"));
        assertEquals("x 1", parse("[s]\na = 1\nv = x %(A)s\n").get("s", "v"), "interpolation keys are lower-cased");
    }

    @Test
    void recursionLimit() {
        IniFile ini = parse("[s]\na = %(b)s\nb = %(a)s\n");
        RetortException e = assertThrows(RetortException.class, () -> ini.get("s", "a"));
        assertTrue(e.getMessage().startsWith("t.ini:2: Recursion limit exceeded in value substitution: option 'a'"),
                e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void badInterpolationSyntax() {
        for (String v : new String[] {"50%", "%(x)d", "%(x"}) {
            IniFile ini = parse("[s]\nx = 1\nv = " + v + "\n");
            RetortException e = assertThrows(RetortException.class, () -> ini.get("s", "v"), v);
            assertTrue(e.getMessage().startsWith("t.ini:3: "), e.getMessage());
        }
        assertEquals("fine", parse("[s]\nv = fine\nw = 50%\n").get("s", "v"), "other keys' errors don't matter");
    }

    @Test
    void continuationLinesBlankLinesAndComments() {
        IniFile ini = parse("""
                [s]
                list =
                    one
                    # a comment inside the value is dropped
                    two

                    three
                next = 1
                trailing = a
                    b

                [t]
                """);
        assertEquals("\none\ntwo\n\nthree", ini.get("s", "list"));
        assertEquals("a\nb", ini.get("s", "trailing"), "trailing blank lines are dropped");
        assertEquals("1", ini.get("s", "next"));
        assertTrue(ini.hasSection("t"));
    }

    @Test
    void noInlineComments() {
        IniFile ini = parse("[s]\na = x # y\nb = x ; y\n# c = z\n; d = z\n");
        assertEquals("x # y", ini.get("s", "a"));
        assertEquals("x ; y", ini.get("s", "b"));
        assertNull(ini.get("s", "c"));
        assertNull(ini.get("s", "d"));
    }

    @Test
    void emptyValuesAndSectionHeaderQuirks() {
        IniFile ini = parse("[s] trailing text\nempty =\ncolon:\n[a]b]\n");
        assertEquals("", ini.get("s", "empty"));
        assertEquals("", ini.get("s", "colon"));
        assertTrue(ini.hasSection("a]b"), "the header runs to the last ]");
    }

    @Test
    void crlfAndBom() {
        IniFile ini = parse("\uFEFF[s]\r\na = 1\r\n  2\r\nb = 3\r\n");
        assertEquals("1\n2", ini.get("s", "a"));
        assertEquals("3", ini.get("s", "b"));
    }

    @Test
    void structuralErrorsNameTheLine() {
        assertEquals("t.ini:1: File contains no section headers; found 'a = 1' before the first [section]",
                assertThrows(RetortException.class, () -> parse("a = 1\n")).getMessage());
        assertEquals("t.ini:3: option 'a' in section 'DEFAULT' already exists",
                assertThrows(RetortException.class, () -> parse("[DEFAULT]\na = 1\nA = 2\n")).getMessage());
        assertEquals("t.ini:3: not a 'key = value' line: '= 2' (continuation lines must be indented more than their"
                + " key)", assertThrows(RetortException.class, () -> parse("[s]\na = 1\n= 2\n")).getMessage());
        // DEFAULT may appear twice; a named section may not
        assertEquals("2", parse("[DEFAULT]\na = 1\n[s]\n[DEFAULT]\nb = 2\n").get("s", "b"));
    }
}
