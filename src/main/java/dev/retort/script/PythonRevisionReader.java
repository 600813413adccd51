package dev.retort.script;

import dev.retort.api.RetortException;
import dev.retort.script.PythonTokenizer.Kind;
import dev.retort.script.PythonTokenizer.Line;
import dev.retort.script.PythonTokenizer.Tok;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Alembic {@code .py} revision statically: the file is tokenized, never executed.
 *
 * <p>What is read, as Alembic reads the module's attributes:
 * <ul>
 * <li>{@code revision}, {@code down_revision}, {@code branch_labels}, {@code depends_on} from
 *     module-level assignments, i.e. statements in column 0 (several may share a line, separated
 *     by {@code ;}): {@code NAME = value}, {@code NAME: <any annotation> = value}, or a chain
 *     {@code a = NAME = value}; when a name is assigned more than once the last assignment wins,
 *     as when Python runs the module. A bare annotation ({@code revision: str}) assigns nothing.
 *     Assignments in the body of a {@code def} or {@code class} are ignored (not module level).
 *     </li>
 * <li>Values: {@code None}; a string literal in any quote style with {@code r}/{@code u} prefixes,
 *     escapes decoded, adjacent literals concatenated as Python does; a tuple (with or without
 *     parentheses, trailing commas and comments allowed) or list of strings. A one-element tuple or
 *     list equals the scalar; an empty tuple/list, {@code None} and {@code ''} mean none.</li>
 * <li>The module docstring (a first statement made only of plain string literals) stripped is
 *     {@code longdoc}; no docstring gives "".</li>
 * <li>Anything else bound to one of those names at module level (a name, a call, an f-string, an
 *     expression, an import, tuple unpacking, {@code +=}, or an assignment inside a module-level
 *     {@code if}/{@code try}/{@code for}/{@code with} block, whose effect depends on running the
 *     code) is an error naming the file and line, unless a later column-0 assignment replaces
 *     it.</li>
 * <li>No {@code revision}: Alembic's legacy rule, the id is the file name when it matches
 *     {@code ^[a-f0-9]+\.py$}. No {@code down_revision}: an error.</li>
 * <li>The source is UTF-8 unless a PEP 263 {@code coding:} comment on line 1 or 2 says otherwise.</li>
 * </ul>
 * The returned revision has {@code python == true} and no SQL sections.
 */
public final class PythonRevisionReader {
    private PythonRevisionReader() {
    }

    private static final List<String> NAMES = List.of("revision", "down_revision", "branch_labels", "depends_on");
    private static final Set<String> COMPOUND = Set.of(
            "if", "elif", "else", "for", "while", "with", "def", "class", "try", "except", "finally", "async");
    private static final Set<String> AUGMENTED = Set.of(
            "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "^=", "|=", "@=");
    private static final Pattern LEGACY_NAME = Pattern.compile("[a-f0-9]+\\.py");
    private static final Pattern CODING = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");

    /** An open compound statement: {@code scope} for def and class, whose bodies are not module level. */
    private record Block(int indent, boolean scope, String keyword, int line) {
    }

    /** One module-level binding of a tracked name: its value tokens, or why it cannot be read. */
    private record Binding(int line, List<Tok> value, String problem) {
    }

    /** A literal value: NONE, a string, or a sequence of strings. */
    private record Value(String string, List<String> items) {
        static final Value NONE = new Value(null, null);
    }

    /** Reads the revision identifiers and docstring of one Alembic revision file. */
    public static Revision read(Path file) {
        return read(Origin.of(file), Texts.readBytes(file));
    }

    /** Reads a revision's bytes from wherever they came ({@code file} names it in messages). */
    static Revision read(Origin file, byte[] bytes) {
        String src = decode(file, bytes);
        Map<String, Binding> bindings = new HashMap<>();
        String longdoc = scan(file, src, bindings);
        String id = revisionId(file, src, bindings.get("revision"));
        Binding downBinding = bindings.get("down_revision");
        if (downBinding == null) {
            throw new RetortException(file + ": down_revision is not set; an Alembic revision must assign"
                    + " down_revision at module level (down_revision = None for a base revision)");
        }
        List<String> down = list(file, src, "down_revision", downBinding);
        String loop = Revision.selfLoopMessage(id, down);
        if (loop != null) {
            throw new RetortException(file + ":" + downBinding.line() + ": " + loop
                    + "; a revision cannot list itself in down_revision");
        }
        List<String> labels = list(file, src, "branch_labels", bindings.get("branch_labels"));
        Binding depBinding = bindings.get("depends_on");
        List<String> deps = list(file, src, "depends_on", depBinding);
        String depLoop = Revision.dependencySelfLoopMessage(id, deps);
        if (depLoop != null) {
            throw new RetortException(file + ":" + depBinding.line() + ": " + depLoop
                    + "; a revision cannot list itself in depends_on");
        }
        return new Revision(id, down, labels, deps, longdoc, file.location(), file.file(), List.of(), List.of(), true, true);
    }

    /**
     * Walks the logical lines, recording the bindings of the tracked names (last one wins) into
     * {@code bindings}; returns the stripped docstring ("" if none).
     */
    private static String scan(Origin file, String src, Map<String, Binding> bindings) {
        List<Line> lines = PythonTokenizer.lines(file, src);
        String longdoc = "";
        Deque<Block> blocks = new ArrayDeque<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            List<Tok> tokens = line.tokens();
            if (i == 0) {
                longdoc = docstring(statements(tokens).get(0));
            }
            while (!blocks.isEmpty() && blocks.peek().indent() >= line.indent()) {
                blocks.pop();
            }
            boolean inScope = false;
            for (Block b : blocks) {
                inScope |= b.scope();
            }
            Block header = header(line);
            if (header != null) {
                blocks.push(header);
                int colon = indexOfTopLevel(tokens, ":", 1);
                if (!inScope && !header.scope() && colon > 0) {
                    for (List<Tok> statement : statements(tokens.subList(colon + 1, tokens.size()))) {
                        bindConditional(file, src, statement, header, bindings);
                    }
                }
            } else if (!inScope) {
                for (List<Tok> statement : statements(tokens)) {
                    if (blocks.isEmpty()) {
                        bind(file, src, statement, bindings);
                    } else {
                        bindConditional(file, src, statement, blocks.peek(), bindings);
                    }
                }
            }
        }
        return longdoc;
    }

    /** The id from {@code revision}, or from a legacy hex file name when it is not assigned. */
    private static String revisionId(Origin file, String src, Binding rev) {
        String fileName = file.fileName();
        if (rev == null) {
            if (!LEGACY_NAME.matcher(fileName).matches()) {
                throw new RetortException("Could not determine revision id from filename " + fileName
                        + ". Be sure the 'revision' variable is declared inside the script (please see"
                        + " 'Upgrading from Alembic 0.1 to 0.2' in the documentation).");
            }
            return fileName.substring(0, fileName.length() - 3);
        }
        Value v = value(file, src, "revision", rev);
        if (v.string() == null && (v.items() == null || v.items().size() != 1)) {
            throw new RetortException(file + ":" + rev.line() + ": revision must be one string (found '"
                    + found(src, rev.value()) + "'); write revision = '<id>'");
        }
        String id = v.string() != null ? v.string() : v.items().get(0);
        if (id.isEmpty()) {
            throw new RetortException(file + ":" + rev.line() + ": revision is an empty string; write the"
                    + " revision's id");
        }
        String illegal = Revision.illegalIdMessage(id);
        if (illegal != null) {
            throw new RetortException(file + ":" + rev.line() + ": " + illegal);
        }
        return id;
    }

    /** Decodes with the PEP 263 coding declared on line 1 or 2, UTF-8 by default. */
    private static String decode(Origin file, byte[] bytes) {
        Charset charset = StandardCharsets.UTF_8;
        int lineEnd = 0;
        for (int lineNo = 0; lineNo < 2 && lineEnd < bytes.length; lineNo++) {
            int start = lineEnd;
            while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            String line = new String(bytes, start, lineEnd - start, StandardCharsets.ISO_8859_1);
            lineEnd++;
            Matcher m = CODING.matcher(line);
            if (line.contains("coding") && m.find()) {
                charset = charset(file, m.group(1));
                break;
            }
            if (!line.strip().isEmpty() && !line.strip().startsWith("#")) {
                break;      // only a comment or blank first line lets line 2 declare the coding
            }
        }
        return Texts.decode(file, bytes, charset, true);
    }

    private static Charset charset(Origin file, String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.equals("utf-8") || n.startsWith("utf-8-")) {
            return StandardCharsets.UTF_8;
        }
        if (n.equals("latin-1") || n.startsWith("latin-1-") || n.equals("iso-latin-1")) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(n);
        } catch (RuntimeException e) {
            throw new RetortException(file + ": unknown source encoding '" + name
                    + "' in the coding declaration; save the file as UTF-8");
        }
    }

    /** The block a compound statement header opens, or null when the line is not one. */
    private static Block header(Line line) {
        List<Tok> tokens = line.tokens();
        Tok first = tokens.get(0);
        if (first.kind() != Kind.NAME) {
            return null;
        }
        String keyword = first.text();
        boolean soft = (keyword.equals("match") || keyword.equals("case")) && tokens.size() > 1
                && tokens.get(tokens.size() - 1).is(":");
        if (!COMPOUND.contains(keyword) && !soft) {
            return null;
        }
        if (keyword.equals("async") && tokens.size() > 1) {
            keyword = keyword + " " + tokens.get(1).text();
        }
        boolean scope = keyword.equals("def") || keyword.equals("class") || keyword.equals("async def");
        return new Block(line.indent(), scope, keyword, first.line());
    }

    /**
     * A statement inside a module-level if/try/for/with/... block: binding a tracked name there is
     * an error (unless a later module-level assignment replaces it), because which branch runs
     * is only known by running the module.
     */
    private static void bindConditional(Origin file, String src, List<Tok> st, Block block,
                                        Map<String, Binding> bindings) {
        Map<String, Binding> found = new HashMap<>();
        bind(file, src, st, found);
        found.forEach((name, b) -> bindings.put(name, new Binding(b.line(), List.of(),
                "is assigned inside the module-level '" + block.keyword() + "' block of line " + block.line()
                        + ", so its value depends on code retort does not run")));
    }

    /** Splits a logical line at top-level semicolons. */
    private static List<List<Tok>> statements(List<Tok> tokens) {
        List<List<Tok>> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < tokens.size(); i++) {
            depth += depthChange(tokens.get(i));
            if (depth == 0 && tokens.get(i).is(";")) {
                if (i > from) {
                    out.add(tokens.subList(from, i));
                }
                from = i + 1;
            }
        }
        if (from < tokens.size() || out.isEmpty()) {
            out.add(tokens.subList(from, tokens.size()));
        }
        return out;
    }

    private static int depthChange(Tok t) {
        if (t.kind() != Kind.OP || t.text().length() != 1) {
            return 0;
        }
        char c = t.text().charAt(0);
        return c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
    }

    /** The docstring if the first statement is made only of plain string literals, else "". */
    private static String docstring(List<Tok> statement) {
        StringBuilder sb = new StringBuilder();
        for (Tok t : statement) {
            if (t.kind() != Kind.STRING || t.value() == null) {
                return "";
            }
            sb.append(t.value());
        }
        return Texts.pyStrip(sb.toString());
    }

    /** Records what one module-level statement binds to the tracked names. */
    private static void bind(Origin file, String src, List<Tok> st, Map<String, Binding> bindings) {
        if (st.isEmpty()) {
            return;
        }
        Tok head = st.get(0);
        if (head.is("import") || head.is("from")) {
            for (Tok name : importedNames(st)) {
                if (NAMES.contains(name.text())) {
                    bindings.put(name.text(), new Binding(name.line(), List.of(), "is imported ('"
                            + found(src, st) + "')"));
                }
            }
            return;
        }
        if (head.kind() == Kind.NAME && NAMES.contains(head.text()) && st.size() > 1) {
            Tok second = st.get(1);
            if (AUGMENTED.contains(second.text()) && second.kind() == Kind.OP) {
                bindings.put(head.text(), new Binding(head.line(), List.of(), "is changed with '"
                        + second.text() + "' ('" + found(src, st) + "')"));
                return;
            }
            if (second.is(":")) {
                int eq = indexOfTopLevel(st, "=", 2);
                if (eq > 0) {
                    bindings.put(head.text(), new Binding(head.line(), st.subList(eq + 1, st.size()), null));
                }
                return;
            }
        }
        List<Integer> eqs = new ArrayList<>();
        for (int i = indexOfTopLevel(st, "=", 0); i >= 0; i = indexOfTopLevel(st, "=", i + 1)) {
            eqs.add(i);
        }
        for (int i = 0; i < eqs.size(); i++) {
            if (st.subList(0, eqs.get(i)).stream().anyMatch(t -> t.is("lambda"))) {
                eqs = eqs.subList(0, i);      // '=' of a lambda's default argument, not an assignment
                break;
            }
        }
        if (eqs.isEmpty()) {
            return;
        }
        List<Tok> value = st.subList(eqs.get(eqs.size() - 1) + 1, st.size());
        int from = 0;
        for (int eq : eqs) {
            List<Tok> target = st.subList(from, eq);
            if (target.size() == 1 && NAMES.contains(target.get(0).text()) && target.get(0).kind() == Kind.NAME) {
                bindings.put(target.get(0).text(), new Binding(target.get(0).line(), value, null));
            } else if (isUnpacking(target)) {
                for (Tok t : target) {
                    if (t.kind() == Kind.NAME && NAMES.contains(t.text())) {
                        bindings.put(t.text(), new Binding(t.line(), List.of(), "is assigned by unpacking ('"
                                + found(src, st) + "')"));
                    }
                }
            }
            from = eq + 1;
        }
    }

    /** A target made only of names, commas, brackets and stars, e.g. {@code a, (b, c)}. */
    private static boolean isUnpacking(List<Tok> target) {
        Tok previous = null;
        for (Tok t : target) {
            boolean punctuation = t.kind() == Kind.OP && "()[],*".contains(t.text());
            if (t.kind() != Kind.NAME && !punctuation
                    || t.kind() == Kind.NAME && previous != null && previous.kind() == Kind.NAME) {
                return false;
            }
            previous = t;
        }
        return true;
    }

    /** The names an import statement binds: each item's {@code as} name, else its first name. */
    private static List<Tok> importedNames(List<Tok> st) {
        int i = 1;
        if (st.get(0).is("from")) {
            while (i < st.size() && !st.get(i).is("import")) {
                i++;
            }
            i++;
        }
        List<Tok> out = new ArrayList<>();
        List<Tok> item = new ArrayList<>();
        for (; i <= st.size(); i++) {
            Tok t = i < st.size() ? st.get(i) : null;
            if (t == null || t.is(",")) {
                int as = -1;
                for (int k = 0; k < item.size(); k++) {
                    as = item.get(k).is("as") ? k : as;
                }
                Tok bound = as >= 0 && as + 1 < item.size() ? item.get(as + 1) : item.isEmpty() ? null : item.get(0);
                if (bound != null && bound.kind() == Kind.NAME) {
                    out.add(bound);
                }
                item.clear();
            } else if (!t.is("(") && !t.is(")")) {
                item.add(t);
            }
        }
        return out;
    }

    private static int indexOfTopLevel(List<Tok> st, String op, int from) {
        int depth = 0;
        for (int i = 0; i < st.size(); i++) {
            Tok t = st.get(i);
            depth += depthChange(t);
            if (i >= from && depth == 0 && t.kind() == Kind.OP && t.text().equals(op)) {
                return i;
            }
        }
        return -1;
    }

    /** A header list: None, '' and empty sequences give an empty list. */
    private static List<String> list(Origin file, String src, String name, Binding b) {
        if (b == null) {
            return List.of();
        }
        Value v = value(file, src, name, b);
        if (v.string() != null) {
            return v.string().isEmpty() ? List.of() : List.of(v.string());
        }
        if (v.items() == null) {
            return List.of();
        }
        for (String item : v.items()) {
            if (item.isEmpty()) {
                throw new RetortException(file + ":" + b.line() + ": " + name + " contains an empty string ('"
                        + found(src, b.value()) + "'); remove it");
            }
        }
        return v.items();
    }

    private static Value value(Origin file, String src, String name, Binding b) {
        if (b.problem() != null) {
            throw new RetortException(file + ":" + b.line() + ": " + name + " " + b.problem()
                    + "; retort reads .py revisions without running them — write the value as a string,"
                    + " tuple or None");
        }
        List<Tok> v = b.value();
        if (v.isEmpty()) {
            throw new RetortException(file + ":" + b.line() + ": " + name + " has no value after '='");
        }
        List<List<Tok>> parts = splitTopLevelCommas(v);
        if (parts != null) {
            return new Value(null, strings(file, src, name, b.line(), parts));
        }
        Tok open = v.get(0);
        Tok close = v.get(v.size() - 1);
        if ((open.is("(") || open.is("[")) && close.is(open.is("(") ? ")" : "]") && matches(v)) {
            List<Tok> inner = v.subList(1, v.size() - 1);
            if (inner.isEmpty()) {
                return new Value(null, List.of());
            }
            List<List<Tok>> innerParts = splitTopLevelCommas(inner);
            if (innerParts == null && open.is("(")) {
                return value(file, src, name, new Binding(inner.get(0).line(), inner, null));   // grouping
            }
            return new Value(null, strings(file, src, name, b.line(), innerParts == null ? List.of(inner) : innerParts));
        }
        if (v.size() == 1 && v.get(0).is("None")) {
            return Value.NONE;
        }
        return new Value(string(file, src, name, v), null);
    }

    /** True when the first token's bracket closes at the last token. */
    private static boolean matches(List<Tok> v) {
        int depth = 0;
        for (int i = 0; i < v.size(); i++) {
            depth += depthChange(v.get(i));
            if (depth == 0) {
                return i == v.size() - 1;
            }
        }
        return false;
    }

    /** Splits at top-level commas, dropping one trailing comma; null when there is no comma. */
    private static List<List<Tok>> splitTopLevelCommas(List<Tok> v) {
        List<List<Tok>> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        boolean comma = false;
        for (int i = 0; i < v.size(); i++) {
            depth += depthChange(v.get(i));
            if (depth == 0 && v.get(i).is(",")) {
                parts.add(v.subList(from, i));
                from = i + 1;
                comma = true;
            }
        }
        if (!comma) {
            return null;
        }
        if (from < v.size()) {
            parts.add(v.subList(from, v.size()));
        }
        return parts;
    }

    private static List<String> strings(Origin file, String src, String name, int line, List<List<Tok>> parts) {
        List<String> out = new ArrayList<>();
        for (List<Tok> part : parts) {
            if (part.isEmpty()) {
                throw new RetortException(file + ":" + line + ": " + name
                        + " has an empty element (two commas in a row)");
            }
            out.add(element(file, src, name, part));
        }
        return List.copyOf(out);
    }

    /** One element of a tuple or list: a string, possibly in grouping parentheses. */
    private static String element(Origin file, String src, String name, List<Tok> part) {
        if (part.size() > 2 && part.get(0).is("(") && matches(part) && splitTopLevelCommas(part.subList(1, part.size() - 1)) == null) {
            return element(file, src, name, part.subList(1, part.size() - 1));
        }
        Tok t = part.get(0);
        if (part.size() == 1 && t.is("None") || t.is("(") || t.is("[")) {
            throw new RetortException(file + ":" + t.line() + ": the elements of " + name
                    + " must be strings (found '" + found(src, part) + "'); write a flat tuple or list of strings");
        }
        return string(file, src, name, part);
    }

    /** Adjacent plain string literals, concatenated; anything else is an error. */
    private static String string(Origin file, String src, String name, List<Tok> part) {
        StringBuilder sb = new StringBuilder();
        for (Tok t : part) {
            if (t.kind() == Kind.STRING && t.bytes() && !t.fstring()) {
                throw new RetortException(file + ":" + part.get(0).line() + ": " + name
                        + " holds a bytes literal (found '" + found(src, part) + "'); write a str literal without"
                        + " the b prefix");
            }
            if (t.kind() != Kind.STRING || t.value() == null) {
                throw new RetortException(file + ":" + part.get(0).line() + ": " + name
                        + " is not a literal (found '" + found(src, part) + "'); retort reads .py revisions"
                        + " without running them — write the value as a string, tuple or None");
            }
            sb.append(t.value());
        }
        return sb.toString();
    }

    /** The source text of some tokens, whitespace runs collapsed, shortened to 60 characters. */
    private static String found(String src, List<Tok> tokens) {
        if (tokens.isEmpty()) {
            return "";
        }
        String s = src.substring(tokens.get(0).start(), tokens.get(tokens.size() - 1).end())
                .replaceAll("\\s+", " ");
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
