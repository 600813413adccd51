package dev.retort.script;

import dev.retort.api.RetortException;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of Python's tokenizer to read the module-level assignments and the docstring of
 * an Alembic revision: names, string literals (every prefix and quote style, escapes decoded,
 * f-strings skipped correctly including nested replacement fields), brackets, operators,
 * comments, explicit and implicit line joining, and the indentation of each logical line. Numbers
 * are recognised only loosely.
 */
final class PythonTokenizer {

    enum Kind { NAME, NUMBER, STRING, OP }

    /**
     * One token.
     *
     * @param value for a STRING: the decoded text of a plain (non-f, non-bytes) literal, else null
     * @param fstring for a STRING: an f-string
     * @param bytes for a STRING: a bytes literal
     */
    record Tok(Kind kind, String text, int line, int start, int end, String value, boolean fstring, boolean bytes) {
        boolean is(String s) {
            return (kind == Kind.OP || kind == Kind.NAME) && text.equals(s);
        }
    }

    /**
     * A logical line.
     *
     * @param indent the indentation width of its first physical line, as Python counts it (tabs to
     *               the next multiple of 8, a form feed resets to 0); 0 for a module-level line
     */
    record Line(int indent, List<Tok> tokens) {
    }

    private final Origin file;
    private final String src;
    private final char[] cs;        // src's characters: indexing an array beats String.charAt in C1 code
    private int pos;
    private int line = 1;

    private PythonTokenizer(Origin file, String src) {
        this.file = file;
        this.src = src;
        this.cs = src.toCharArray();
    }

    /** Splits a module (newlines already normalised to LF) into logical lines. */
    static List<Line> lines(Origin file, String src) {
        return new PythonTokenizer(file, src).run();
    }

    private List<Line> run() {
        List<Line> out = new ArrayList<>();
        List<Tok> tokens = new ArrayList<>();
        int indent = 0;
        boolean atLineStart = true;          // at the start of a physical line that begins a logical line
        int depth = 0;
        int[] openLines = new int[256];
        int n = src.length();
        while (pos < n) {
            char c = cs[pos];
            if (atLineStart) {
                indent = 0;
                for (; pos < n; pos++) {
                    char w = cs[pos];
                    if (w == ' ') {
                        indent++;
                    } else if (w == '\t') {
                        indent = (indent / 8 + 1) * 8;
                    } else if (w == '\f') {
                        indent = 0;
                    } else {
                        break;
                    }
                }
                atLineStart = false;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                while (pos < n && cs[pos] != '\n') {
                    pos++;
                }
            } else if (c == '\n') {
                pos++;
                line++;
                if (depth == 0) {
                    if (!tokens.isEmpty()) {
                        out.add(new Line(indent, tokens));
                        tokens = new ArrayList<>();
                    }
                    atLineStart = true;
                }
            } else if (c == '\\' && pos + 1 < n && cs[pos + 1] == '\n') {
                pos += 2;
                line++;
            } else if (c == '\'' || c == '"') {
                tokens.add(string(pos, pos));
            } else if (isNameStart(c)) {
                int start = pos;
                while (pos < n && isNamePart(cs[pos])) {
                    pos++;
                }
                if (pos < n && (cs[pos] == '\'' || cs[pos] == '"') && isPrefix(start, pos)) {
                    tokens.add(string(start, pos));
                } else {
                    tokens.add(new Tok(Kind.NAME, src.substring(start, pos), line, start, pos, null, false, false));
                }
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(cs[pos + 1]))) {
                tokens.add(number());
            } else {
                Tok op = operator();
                if (op.text.length() == 1 && "([{".contains(op.text)) {
                    if (depth < openLines.length) {
                        openLines[depth] = line;
                    }
                    depth++;
                } else if (op.text.length() == 1 && ")]}".contains(op.text)) {
                    if (depth == 0) {
                        throw error(line, "unmatched '" + op.text + "'");
                    }
                    depth--;
                }
                tokens.add(op);
            }
        }
        if (depth > 0) {
            throw error(openLines[Math.min(depth, openLines.length) - 1], "bracket is never closed");
        }
        if (!tokens.isEmpty()) {
            out.add(new Line(indent, tokens));
        }
        return out;
    }

    private static boolean isNameStart(char c) {
        if (c < 128) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        return Character.isLetter(c) || (Character.isHighSurrogate(c)) || Character.isUnicodeIdentifierStart(c);
    }

    private static boolean isNamePart(char c) {
        if (c < 128) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c) || Character.isSurrogate(c) || Character.isUnicodeIdentifierPart(c)
                && !Character.isIdentifierIgnorable(c);
    }

    /** r, u, b, f, br, rb, fr, rf in any case. */
    private boolean isPrefix(int start, int end) {
        String p = src.substring(start, end).toLowerCase();
        return switch (p) {
            case "r", "u", "b", "f", "br", "rb", "fr", "rf" -> true;
            default -> false;
        };
    }

    private Tok number() {
        int start = pos;
        int n = src.length();
        boolean hex = src.startsWith("0x", pos) || src.startsWith("0X", pos);
        while (pos < n) {
            char c = cs[pos];
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                pos++;
            } else if ((c == '+' || c == '-') && !hex && (cs[pos - 1] == 'e' || cs[pos - 1] == 'E')) {
                pos++;
            } else {
                break;
            }
        }
        return new Tok(Kind.NUMBER, src.substring(start, pos), line, start, pos, null, false, false);
    }

    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...",
        "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "==", ">=", ">>",
        "@=", "^=", "|=",
    };

    private static final String[] ASCII = new String[128];

    static {
        for (char c = 0; c < ASCII.length; c++) {
            ASCII[c] = String.valueOf(c);
        }
    }

    private Tok operator() {
        int start = pos;
        char first = cs[pos];
        char second = pos + 1 < cs.length ? cs[pos + 1] : 0;
        // every operator of two or three characters has one of these second characters
        if (second == '=' || second == '*' || second == '/' || second == '>' || second == '<' || second == '.') {
            for (String op : OPERATORS) {
                if (op.charAt(0) == first && src.startsWith(op, pos)) {
                    pos += op.length();
                    return new Tok(Kind.OP, op, line, start, pos, null, false, false);
                }
            }
        }
        pos++;
        return new Tok(Kind.OP, first < ASCII.length ? ASCII[first] : String.valueOf(first), line, start, pos, null,
                false, false);
    }

    /** A character the string scanner must look at: the quote, a newline, a backslash, an f-string brace. */
    private static boolean special(char c, char quote, boolean fstr) {
        return c == quote || c == '\n' || c == '\\' || (fstr && c == '{');
    }

    /** Scans a string literal whose prefix starts at {@code start} and whose quote is at {@code pos}. */
    private Tok string(int start, int quoteAt) {
        String prefix = src.substring(start, quoteAt).toLowerCase();
        boolean raw = prefix.contains("r");
        boolean fstr = prefix.contains("f");
        boolean bytes = prefix.contains("b");
        int startLine = line;
        char q = cs[quoteAt];
        boolean triple = src.startsWith(String.valueOf(q).repeat(3), quoteAt);
        pos = quoteAt + (triple ? 3 : 1);
        StringBuilder value = fstr || bytes ? null : new StringBuilder();
        int n = src.length();
        while (true) {
            if (pos >= n) {
                throw error(startLine, "string literal is never closed");
            }
            char c = cs[pos];
            if (c == q && (!triple || src.startsWith(String.valueOf(q).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                break;
            }
            if (c == '\n') {
                if (!triple) {
                    throw error(startLine, "string literal is never closed on its line");
                }
                line++;
            }
            if (c == '\\' && pos + 1 < n) {
                if (raw || value == null) {
                    char d = cs[pos + 1];
                    if (d == '\n') {
                        line++;
                    }
                    if (value != null) {
                        value.append(c).append(d);
                    }
                    pos += 2;
                } else {
                    escape(value);
                }
                continue;
            }
            if (fstr && c == '{') {
                if (src.startsWith("{{", pos)) {
                    pos += 2;
                } else {
                    pos++;
                    replacementField(q, triple);
                }
                continue;
            }
            // an ordinary character, and the run of them after it: appended at once
            int run = pos + 1;
            while (run < n && !special(cs[run], q, fstr)) {
                run++;
            }
            if (value != null) {
                value.append(src, pos, run);
            }
            pos = run;
        }
        return new Tok(Kind.STRING, src.substring(start, pos), startLine, start, pos,
                value == null ? null : value.toString(), fstr, bytes);
    }

    /** Decodes one backslash escape of a plain str literal at {@code pos}. */
    private void escape(StringBuilder out) {
        int n = src.length();
        char d = cs[pos + 1];
        pos += 2;
        switch (d) {
            case '\n' -> line++;
            case '\\', '\'', '"' -> out.append(d);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hex(2, "\\x"));
            case 'u' -> out.appendCodePoint(hex(4, "\\u"));
            case 'U' -> out.appendCodePoint(hex(8, "\\U"));
            case 'N' -> {
                int close = src.indexOf('}', pos);
                if (pos >= n || cs[pos] != '{' || close < 0) {
                    throw error(line, "malformed \\N{...} escape");
                }
                String name = src.substring(pos + 1, close);
                try {
                    out.appendCodePoint(Character.codePointOf(name));
                } catch (IllegalArgumentException e) {
                    throw error(line, "unknown Unicode character name \\N{" + name + "}");
                }
                pos = close + 1;
            }
            default -> {
                if (d >= '0' && d <= '7') {
                    int v = d - '0';
                    for (int k = 0; k < 2 && pos < n && cs[pos] >= '0' && cs[pos] <= '7'; k++) {
                        v = v * 8 + (cs[pos++] - '0');
                    }
                    out.appendCodePoint(v);
                } else {
                    out.append('\\').append(d);      // unknown escapes are kept as written
                }
            }
        }
    }

    private int hex(int digits, String escape) {
        if (pos + digits > src.length()) {
            throw error(line, "truncated " + escape + " escape");
        }
        try {
            int v = Integer.parseUnsignedInt(src.substring(pos, pos + digits), 16);
            if (!Character.isValidCodePoint(v) || cs[pos] == '+' || cs[pos] == '-') {
                throw new NumberFormatException();
            }
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error(line, "malformed " + escape + " escape");
        }
    }

    /**
     * Skips an f-string replacement field; {@code pos} is just after its '{'. Handles nested
     * brackets and strings (Python 3.12 allows the enclosing quote inside) and the format spec
     * after a top-level ':', which may itself hold nested fields.
     */
    private void replacementField(char q, boolean triple) {
        int depth = 0;
        int n = src.length();
        while (pos < n) {
            char c = cs[pos];
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == '\'' || c == '"') {
                string(pos, pos);
            } else if (isNameStart(c)) {
                int start = pos;
                while (pos < n && isNamePart(cs[pos])) {
                    pos++;
                }
                if (pos < n && (cs[pos] == '\'' || cs[pos] == '"') && isPrefix(start, pos)) {
                    string(start, pos);
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                pos++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
                pos++;
            } else if (c == '}') {
                pos++;
                if (depth == 0) {
                    return;
                }
                depth--;
            } else if (c == ':' && depth == 0 && !src.startsWith(":=", pos)) {
                pos++;
                formatSpec(q, triple);
                return;
            } else if (c == '!' && depth == 0 && !src.startsWith("!=", pos)) {
                pos++;               // conversion, e.g. !r
            } else {
                pos++;
            }
        }
        throw error(line, "f-string replacement field is never closed");
    }

    private void formatSpec(char q, boolean triple) {
        int n = src.length();
        while (pos < n) {
            char c = cs[pos];
            if (c == '{') {
                pos++;
                replacementField(q, triple);
            } else if (c == '}') {
                pos++;
                return;
            } else {
                if (c == '\n') {
                    line++;
                }
                pos++;
            }
        }
        throw error(line, "f-string replacement field is never closed");
    }

    private RetortException error(int atLine, String message) {
        return new RetortException(file + ":" + atLine + ": " + message
                + "; retort reads .py revisions as Python source without running them");
    }
}
