package dev.retort.ops;

import dev.retort.api.RetortException;
import dev.retort.ops.Operation.*;
import dev.retort.ops.YamlNode.Mapping;
import dev.retort.ops.YamlNode.Scalar;
import dev.retort.ops.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a portable revision file ({@code <rev>_<slug>.yaml}) as PORTABLE.md specifies. Every
 * problem is a usage error whose message starts {@code <file>:<line>: } and names the key.
 */
public final class PortableReader {
    private PortableReader() {
    }

    /**
     * A portable revision file's header and operations.
     *
     * @param headerLines the line of each header key ({@code revision}, {@code revises}, ...), for the
     *                    errors found after reading: an illegal id, a revision that lists itself
     */
    public record PortableFile(String id, Map<String, Integer> headerLines, List<String> downRevisions,
                               List<String> branchLabels, List<String> dependsOn, String longdoc,
                               boolean transactional, PortableRevision revision) {
        /** The line of a header key (the file's first line when the key is absent). */
        public int lineOf(String key) {
            return headerLines.getOrDefault(key, 1);
        }
    }

    private static final Set<String> HEADER = Set.of("message", "description", "revision", "revises", "create_date",
            "branch_labels", "depends_on", "transactional", "upgrade", "downgrade");
    private static final Set<String> COLUMN = Set.of("name", "type", "nullable", "primary_key", "autoincrement",
            "unique", "server_default", "references", "comment");
    private static final Set<String> REFERENCES = Set.of("table", "column", "name", "on_delete", "on_update");
    private static final Set<String> FOREIGN_KEY = Set.of("columns", "ref_table", "ref_columns", "name", "on_delete",
            "on_update");
    private static final Set<String> ACTIONS = Set.of("cascade", "set null", "set default", "restrict", "no action");
    private static final Pattern SIZED = Pattern.compile("(string|numeric)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    /** The arguments of each operation (PORTABLE.md's table). */
    private static final Map<String, Set<String>> OPERATIONS = Map.ofEntries(
            Map.entry("create_table", Set.of("name", "columns", "primary_key", "foreign_keys", "unique", "checks",
                    "if_not_exists")),
            Map.entry("drop_table", Set.of("name", "if_exists")),
            Map.entry("rename_table", Set.of("name", "new_name")),
            Map.entry("add_column", Set.of("table", "column", "if_not_exists")),
            Map.entry("drop_column", Set.of("table", "name", "if_exists")),
            Map.entry("alter_column", Set.of("table", "name", "type", "nullable", "server_default", "new_name", "using",
                    "existing_type", "existing_nullable", "existing_server_default")),
            Map.entry("create_index", Set.of("name", "table", "columns", "unique", "where", "concurrently",
                    "if_not_exists")),
            Map.entry("drop_index", Set.of("name", "table", "concurrently", "if_exists")),
            Map.entry("create_foreign_key", Set.of("name", "table", "columns", "ref_table", "ref_columns", "on_delete",
                    "on_update", "not_valid")),
            Map.entry("create_unique_constraint", Set.of("name", "table", "columns")),
            Map.entry("create_check_constraint", Set.of("name", "table", "condition")),
            Map.entry("create_primary_key", Set.of("name", "table", "columns")),
            Map.entry("drop_constraint", Set.of("name", "table", "type")),
            Map.entry("execute", Set.of("sql")),
            Map.entry("bulk_insert", Set.of("table", "rows")));

    /** Reads and validates one portable revision; {@code shown} is how messages name the file. */
    public static PortableFile parse(String text, String shown) {
        YamlNode root = YamlNode.parse(text, shown);
        Args h = Args.of(shown, "revision file", root, HEADER);
        String message = h.string("message");
        String id = h.string("revision");
        String description = h.optString("description");
        h.optString("create_date");
        List<String> down = h.strings("revises", false, true);
        List<String> labels = h.strings("branch_labels", false, true);
        List<String> deps = h.strings("depends_on", false, true);
        boolean transactional = h.bool("transactional", true);
        List<Operation> upgrade = operations(h, "upgrade");
        List<Operation> downgrade;
        if (h.has("downgrade")) {
            downgrade = operations(h, "downgrade");
        } else {
            downgrade = Reverse.of(upgrade, shown);
        }
        String longdoc = (message.strip() + (description == null ? "" : "\n\n" + description.strip())).strip();
        return new PortableFile(id, Map.copyOf(((YamlNode.Mapping) root).keyLines()), down, labels, deps, longdoc, transactional,
                new PortableRevision(upgrade, downgrade, lintIgnores(text)));
    }

    private static final Pattern LINT_IGNORE = Pattern.compile("(?i)\\s*#\\s*retort:lint-ignore\\b.*");

    /** The {@code # retort:lint-ignore} comment lines, by line number (lint reads them; YAML drops comments). */
    private static Map<Integer, String> lintIgnores(String text) {
        Map<Integer, String> out = new java.util.HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (LINT_IGNORE.matcher(lines[i]).matches()) {
                out.put(i + 1, lines[i]);
            }
        }
        return out;
    }

    private static List<Operation> operations(Args h, String key) {
        List<Operation> out = new ArrayList<>();
        for (YamlNode item : h.list(key, false)) {
            out.add(operation(h.file(), key, item));
        }
        return out;
    }

    private static Operation operation(String file, String section, YamlNode item) {
        if (!(item instanceof Mapping m) || m.entries().size() != 1) {
            throw Args.error(file, item.line(), section + ": each entry is one operation, e.g. '- drop_table: {name: t}'"
                    + "; found " + (item instanceof Mapping m2 ? "a mapping of " + m2.entries().size() + " keys"
                    : item.describe()));
        }
        String op = m.entries().keySet().iterator().next();
        int line = m.keyLines().get(op);
        Set<String> known = OPERATIONS.get(op);
        if (known == null) {
            throw Args.error(file, line, section + ": unknown operation '" + op + "' (known: "
                    + String.join(", ", OPERATIONS.keySet().stream().sorted().toList()) + ")");
        }
        Args a = Args.of(file, op, m.entries().get(op), known);
        return switch (op) {
            case "create_table" -> createTable(a, line);
            case "drop_table" -> new DropTable(line, a.string("name"), a.bool("if_exists", false));
            case "rename_table" -> new RenameTable(line, a.string("name"), a.string("new_name"));
            case "add_column" -> addColumn(a, line);
            case "drop_column" -> new DropColumn(line, a.string("table"), a.string("name"), a.bool("if_exists", false));
            case "alter_column" -> alterColumn(a, line);
            case "create_index" -> createIndex(a, line);
            case "drop_index" -> new DropIndex(line, a.string("name"), a.string("table"), a.bool("concurrently", false),
                    a.bool("if_exists", false));
            case "create_foreign_key" -> new CreateForeignKey(line, new ForeignKey(a.string("name"),
                    a.strings("columns", true, false), a.string("ref_table"), a.strings("ref_columns", true, false),
                    action(a, "on_delete"), action(a, "on_update")), a.string("table"), a.bool("not_valid", false));
            case "create_unique_constraint" -> new CreateUniqueConstraint(line, a.string("name"), a.string("table"),
                    a.strings("columns", true, false));
            case "create_check_constraint" -> new CreateCheckConstraint(line, a.string("name"), a.string("table"),
                    a.string("condition"));
            case "create_primary_key" -> new CreatePrimaryKey(line, a.string("name"), a.string("table"),
                    a.strings("columns", true, false));
            case "drop_constraint" -> new DropConstraint(line, a.string("name"), a.string("table"), constraintType(a));
            case "execute" -> new Execute(line, a.perDialect("sql", true));
            case "bulk_insert" -> bulkInsert(a, line);
            default -> throw new IllegalStateException(op);
        };
    }

    private static AddColumn addColumn(Args a, int line) {
        Column c = column(a, "column", required(a, "column"));
        if (c.primaryKey()) {
            throw Args.error(a.file(), a.lineOf("column"), "add_column: key 'column': a column can't be added as"
                    + " primary key (Alembic's add_column ignores it); add it, then create_primary_key");
        }
        return new AddColumn(line, a.string("table"), c, a.bool("if_not_exists", false));
    }

    private static YamlNode required(Args a, String key) {
        if (a.node(key) == null) {
            throw a.missing(key, "a mapping");
        }
        return a.node(key);
    }

    private static CreateTable createTable(Args a, int line) {
        String name = a.string("name");
        List<YamlNode> columnNodes = a.list("columns", true);
        List<String> pk = a.strings("primary_key", false, false);
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (YamlNode n : columnNodes) {
            Column c = column(a, "columns", n);
            if (!seen.add(c.name())) {
                throw Args.error(a.file(), n.line(), "create_table: column '" + c.name() + "' is given twice");
            }
            if (pk.contains(c.name()) && !c.primaryKey()) {
                c = new Column(c.name(), c.type(), false, true, c.autoincrement(), c.unique(), c.serverDefault(),
                        c.references(), c.comment());
            }
            columns.add(c);
        }
        for (String p : pk) {
            if (!seen.contains(p)) {
                throw Args.error(a.file(), a.lineOf("primary_key"), "create_table: key 'primary_key': no column '" + p
                        + "' in the table");
            }
        }
        if (!pk.isEmpty() && columns.stream().anyMatch(c -> c.primaryKey() && !pk.contains(c.name()))) {
            throw Args.error(a.file(), a.lineOf("primary_key"), "create_table: give the primary key either with"
                    + " primary_key: on the columns or as primary_key: [cols], not both differently");
        }
        List<ForeignKey> fks = new ArrayList<>();
        for (YamlNode n : a.list("foreign_keys", false)) {
            Args f = Args.of(a.file(), "create_table: foreign_keys", n, FOREIGN_KEY);
            fks.add(new ForeignKey(f.optString("name"), f.strings("columns", true, false), f.string("ref_table"),
                    f.strings("ref_columns", true, false), action(f, "on_delete"), action(f, "on_update")));
        }
        List<Unique> uniques = new ArrayList<>();
        for (YamlNode n : a.list("unique", false)) {
            Args u = Args.of(a.file(), "create_table: unique", n, Set.of("columns", "name"));
            uniques.add(new Unique(u.optString("name"), u.strings("columns", true, false)));
        }
        List<Check> checks = new ArrayList<>();
        for (YamlNode n : a.list("checks", false)) {
            Args c = Args.of(a.file(), "create_table: checks", n, Set.of("condition", "name"));
            checks.add(new Check(c.optString("name"), c.string("condition")));
        }
        return new CreateTable(line, name, columns, pk, fks, uniques, checks, a.bool("if_not_exists", false));
    }

    private static Column column(Args parent, String key, YamlNode n) {
        Args c = Args.of(parent.file(), parent.where() + ": " + key, n, COLUMN);
        String name = c.string("name");
        if (!c.has("type")) {
            throw c.missing("type", "a type such as string(36), integer or {sql: ...}");
        }
        PortableType type = type(c, "type");
        boolean pk = c.bool("primary_key", false);
        boolean nullable = c.bool("nullable", true) && !pk;
        Boolean autoincrement = c.has("autoincrement") && c.node("autoincrement") instanceof Scalar s
                && s.kind() == Scalar.Kind.STRING && "auto".equals(s.text()) ? null : c.optBool("autoincrement");
        ForeignKey ref = null;
        if (c.node("references") != null) {
            Args r = Args.of(parent.file(), "references", c.node("references"), REFERENCES);
            ref = new ForeignKey(r.optString("name"), List.of(name), r.string("table"), List.of(r.string("column")),
                    action(r, "on_delete"), action(r, "on_update"));
        }
        return new Column(name, type, nullable, pk, autoincrement, c.bool("unique", false),
                c.has("server_default") ? serverDefault(c, "server_default") : null, ref, c.optString("comment"));
    }

    private static final Map<String, PortableType.Kind> TYPES = new LinkedHashMap<>();

    static {
        for (PortableType.Kind k : PortableType.Kind.values()) {
            if (k != PortableType.Kind.VERBATIM) {
                TYPES.put(k.portableName(), k);
            }
        }
    }

    /** A type: {@code string(36)}, {@code numeric(20,6)}, {@code integer}, ..., or {@code {sql: T}}. */
    static PortableType type(Args a, String key) {
        YamlNode n = a.node(key);
        if (n instanceof Mapping) {
            Args t = Args.of(a.file(), a.where() + ": key '" + key + "'", n, Set.of("sql", "sqlite", "postgresql"));
            if (t.has("sql")) {
                if (t.has("sqlite") || t.has("postgresql")) {
                    throw Args.error(a.file(), n.line(), a.where() + ": key '" + key + "': give sql: or sqlite:/postgresql:,"
                            + " not both");
                }
                return new PortableType(PortableType.Kind.VERBATIM, null, null, PerDialect.of(t.string("sql")));
            }
            String lite = t.string("sqlite");
            String pg = t.string("postgresql");
            return new PortableType(PortableType.Kind.VERBATIM, null, null, new PerDialect(lite, pg));
        }
        if (n instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
            String text = s.text().strip().toLowerCase(Locale.ROOT);
            PortableType.Kind k = TYPES.get(text);
            if (k != null) {
                return PortableType.of(k);
            }
            Matcher m = SIZED.matcher(text);
            if (m.matches()) {
                boolean string = m.group(1).equals("string");
                if (string && m.group(3) != null) {
                    throw a.wrong(key, "string(n) with one length");
                }
                return new PortableType(string ? PortableType.Kind.STRING : PortableType.Kind.NUMERIC,
                        Integer.valueOf(m.group(2)), m.group(3) == null ? null : Integer.valueOf(m.group(3)), null);
            }
        }
        throw a.wrong(key, "a type (" + String.join(", ", TYPES.keySet()) + ", string(n), numeric(p,s),"
                + " {sql: T} or {sqlite: T1, postgresql: T2})");
    }

    /** A server default: a string literal, a number, true/false, {sql: ...}; null gives {@link AlterColumn#REMOVE}. */
    static ServerDefault serverDefault(Args a, String key) {
        YamlNode n = a.node(key);
        if (n instanceof Scalar s) {
            return switch (s.kind()) {
                case STRING -> new ServerDefault.Literal(s.text());
                case INTEGER, FLOAT -> new ServerDefault.Number(s.text());
                case BOOLEAN -> new ServerDefault.Bool(Boolean.parseBoolean(s.text()));
                case NULL -> AlterColumn.REMOVE;
            };
        }
        if (n instanceof Mapping) {
            Args d = Args.of(a.file(), a.where() + ": key '" + key + "'", n, Set.of("sql"));
            return new ServerDefault.Expression(d.perDialect("sql", true));
        }
        throw a.wrong(key, "a string, a number, true/false or {sql: expression}");
    }

    private static String action(Args a, String key) {
        String v = a.optString(key);
        if (v != null && !ACTIONS.contains(v.toLowerCase(Locale.ROOT))) {
            throw a.wrong(key, "one of " + String.join(", ", ACTIONS.stream().sorted().toList()));
        }
        return v;
    }

    private static ConstraintType constraintType(Args a) {
        String t = a.string("type");
        try {
            return ConstraintType.valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw a.wrong("type", "foreignkey, unique, check or primary");
        }
    }

    private static AlterColumn alterColumn(Args a, int line) {
        AlterColumn op = new AlterColumn(line, a.string("table"), a.string("name"),
                a.has("type") ? type(a, "type") : null, a.optBool("nullable"),
                a.has("server_default") ? serverDefault(a, "server_default") : null, a.optString("new_name"),
                a.optString("using"), a.has("existing_type") ? type(a, "existing_type") : null,
                a.optBool("existing_nullable"),
                a.has("existing_server_default") ? serverDefault(a, "existing_server_default") : null);
        if (!op.changesDefinition() && op.newName() == null) {
            throw Args.error(a.file(), line, "alter_column: nothing to change; give type, nullable, server_default"
                    + " or new_name");
        }
        if (op.using() != null && op.type() == null) {
            throw Args.error(a.file(), a.lineOf("using"), "alter_column: key 'using' needs a new type");
        }
        return op;
    }

    private static CreateIndex createIndex(Args a, int line) {
        List<IndexColumn> cols = new ArrayList<>();
        for (YamlNode n : a.list("columns", true)) {
            if (n instanceof Scalar s && s.kind() == Scalar.Kind.STRING && !s.text().isEmpty()) {
                cols.add(new IndexColumn(s.text(), null));
            } else if (n instanceof Mapping) {
                Args e = Args.of(a.file(), "create_index: columns", n, Set.of("sql"));
                cols.add(new IndexColumn(null, e.string("sql")));
            } else {
                throw Args.error(a.file(), n.line(), "create_index: key 'columns': expected column names or"
                        + " {sql: expression}, found " + n.describe());
            }
        }
        if (cols.isEmpty()) {
            throw a.wrong("columns", "a list of at least one column");
        }
        return new CreateIndex(line, a.string("name"), a.string("table"), cols, a.bool("unique", false),
                a.optString("where"), a.bool("concurrently", false), a.bool("if_not_exists", false));
    }

    private static BulkInsert bulkInsert(Args a, int line) {
        List<Map<String, Value>> rows = new ArrayList<>();
        for (YamlNode n : a.list("rows", true)) {
            if (!(n instanceof Mapping m) || m.entries().isEmpty()) {
                throw Args.error(a.file(), n.line(), "bulk_insert: key 'rows': each row is a mapping {column: value},"
                        + " found " + n.describe());
            }
            Map<String, Value> row = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> row.put(k, value(v)));
            rows.add(row);
        }
        return new BulkInsert(line, a.string("table"), rows);
    }

    private static Value value(YamlNode n) {
        if (n instanceof Scalar s) {
            return switch (s.kind()) {
                case NULL -> new Value(Value.Kind.NULL, null);
                case BOOLEAN -> new Value(Value.Kind.BOOLEAN, s.text());
                case INTEGER, FLOAT -> new Value(Value.Kind.NUMBER, s.text());
                case STRING -> new Value(Value.Kind.STRING, s.text());
            };
        }
        return new Value(Value.Kind.JSON, json(n));
    }

    /** Compact JSON text of a YAML mapping or list (as Python's json.dumps with separators=(",", ":")). */
    private static String json(YamlNode n) {
        if (n instanceof Mapping m) {
            StringBuilder b = new StringBuilder("{");
            m.entries().forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(jsonString(k)).append(':')
                    .append(json(v)));
            return b.append('}').toString();
        }
        if (n instanceof Sequence s) {
            StringBuilder b = new StringBuilder("[");
            for (YamlNode v : s.items()) {
                b.append(b.length() > 1 ? "," : "").append(json(v));
            }
            return b.append(']').toString();
        }
        Scalar s = (Scalar) n;
        return s.kind() == Scalar.Kind.STRING ? jsonString(s.text()) : s.text();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static RetortException noReverse(String file, Operation op, String why) {
        return Args.error(file, op.line(), op.name() + ": " + why + "; write the downgrade: section, or give"
                + " 'downgrade: []' when there is nothing to undo");
    }
}
