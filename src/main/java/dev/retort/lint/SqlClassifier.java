package dev.retort.lint;

import dev.retort.api.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;

/**
 * Classifies one SQL statement into {@link Change}s with JSqlParser. A statement JSqlParser cannot
 * parse is reported as unparsed ({@link Optional#empty()}), never guessed at.
 *
 * <p>JSqlParser 5.4 lacks a few PostgreSQL forms that the rules are about. Those are recognised
 * here by patterns that must match the whole statement (or a fixed keyword at its start or end,
 * which PostgreSQL's grammar puts nowhere else), and the rest still goes through JSqlParser:
 * {@code DROP INDEX CONCURRENTLY} (JSqlParser reads CONCURRENTLY as the index name),
 * {@code ALTER TABLE ONLY}, a trailing {@code NOT VALID}, {@code TRUNCATE ... RESTART|CONTINUE
 * IDENTITY}, {@code ADD CONSTRAINT ... UNIQUE|PRIMARY KEY USING INDEX}, {@code VACUUM},
 * {@code CLUSTER} and {@code ALTER TABLE ... SET TABLESPACE|LOGGED|UNLOGGED}. A statement holding a
 * comment is not rewritten (the keyword could be in it).
 */
public final class SqlClassifier {
    private SqlClassifier() {
    }

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String QNAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final Pattern DROP_INDEX_CONCURRENTLY =
            Pattern.compile("(?is)(DROP\\s+INDEX)\\s+CONCURRENTLY\\s+(.*)");
    private static final Pattern ALTER_ONLY =
            Pattern.compile("(?is)(ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?)ONLY\\s+(.*)");
    private static final Pattern NOT_VALID = Pattern.compile("(?is)(ALTER\\s+TABLE\\s.*\\S)\\s+NOT\\s+VALID\\s*");
    private static final Pattern TRUNCATE_IDENTITY = Pattern.compile(
            "(?is)(TRUNCATE\\s.*?)\\s+(?:RESTART|CONTINUE)\\s+IDENTITY(\\s+(?:CASCADE|RESTRICT))?\\s*");
    private static final Pattern USING_INDEX = Pattern.compile("(?is)ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?"
            + "(" + QNAME + ")\\s+ADD\\s+(?:CONSTRAINT\\s+(" + IDENT + ")\\s+)?(?:UNIQUE|PRIMARY\\s+KEY)\\s+USING\\s+INDEX\\s+"
            + IDENT + "(?:\\s+(?:NOT\\s+)?DEFERRABLE)?(?:\\s+INITIALLY\\s+(?:DEFERRED|IMMEDIATE))?\\s*");
    private static final String VACUUM_TABLE = QNAME + "(?:\\s*\\([^()]*\\))?";
    private static final Pattern VACUUM = Pattern.compile("(?is)VACUUM(?:\\s*\\(([^()]*)\\))?"
            + "((?:\\s+(?:FULL|FREEZE|VERBOSE|ANALYZE|ANALYSE))*)"
            + "(?:\\s+(" + VACUUM_TABLE + "(?:\\s*,\\s*" + VACUUM_TABLE + ")*))?\\s*");
    private static final Pattern CLUSTER = Pattern.compile("(?is)CLUSTER(?:\\s*\\([^()]*\\))?(?:\\s+VERBOSE)?"
            + "(?:\\s+(" + QNAME + ")(?:\\s+USING\\s+" + IDENT + ")?)?\\s*");

    private static final Pattern SET_STORAGE = Pattern.compile("(?is)ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(" + QNAME
            + ")\\s+SET\\s+(TABLESPACE\\s+" + IDENT + "|LOGGED|UNLOGGED)\\s*");

    /** PostgreSQL's built-in volatile functions a column default plausibly calls: each row gets its own value. */
    private static final Set<String> VOLATILE = Set.of("random", "gen_random_uuid", "uuid_generate_v1",
            "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "txid_current",
            "pg_current_xact_id", "setseed", "random_normal", "uuidv4", "uuidv7");
    /** Built-in functions that are stable or immutable: PostgreSQL 11+ evaluates the default once. */
    private static final Set<String> NOT_VOLATILE = Set.of("now", "current_timestamp", "current_date",
            "current_time", "localtimestamp", "localtime", "transaction_timestamp", "statement_timestamp",
            "current_user", "session_user", "current_schema", "lower", "upper", "coalesce", "to_timestamp",
            "to_date", "to_char", "to_jsonb", "to_json", "jsonb_build_object", "json_build_object",
            "jsonb_build_array", "json_build_array", "array", "concat", "length", "md5", "abs", "round",
            "make_interval", "timezone", "date_trunc", "cast", "convert_from");
    private static final Set<String> SERIAL = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4",
            "serial8");

    /**
     * The changes one statement makes, or empty when it could not be parsed.
     *
     * @param sql a statement as the splitter cut it (no terminating semicolon)
     */
    public static Optional<List<Change>> classify(String sql, Dialect dialect) {
        String text = sql.strip();
        if (dialect == Dialect.POSTGRESQL && !text.contains("--") && !text.contains("/*")) {
            Optional<List<Change>> pg = postgresForm(text);
            if (pg != null) {
                return pg;
            }
        }
        return parse(text, false, false);
    }

    /** The PostgreSQL forms JSqlParser lacks; null when the statement is none of them. */
    private static Optional<List<Change>> postgresForm(String text) {
        Matcher m = DROP_INDEX_CONCURRENTLY.matcher(text);
        if (m.matches()) {
            return parse(m.group(1) + " " + m.group(2), true, false);
        }
        m = ALTER_ONLY.matcher(text);
        if (m.matches()) {
            return classify(m.group(1) + m.group(2), Dialect.POSTGRESQL);
        }
        m = USING_INDEX.matcher(text);
        if (m.matches()) {
            return Optional.of(List.of(new Change.AddUniqueConstraint(Names.of(m.group(1)), Names.of(m.group(2)),
                    true)));
        }
        m = NOT_VALID.matcher(text);
        if (m.matches()) {
            Optional<List<Change>> parsed = parse(m.group(1), false, true);
            // NOT VALID belongs to ADD CONSTRAINT FOREIGN KEY | CHECK alone; anything else is not what it seems
            boolean fits = parsed.isPresent() && parsed.get().size() == 1
                    && parsed.get().get(0) instanceof Change.AddValidatedConstraint;
            return fits ? parsed : Optional.empty();
        }
        m = TRUNCATE_IDENTITY.matcher(text);
        if (m.matches()) {
            return parse(m.group(1) + (m.group(2) == null ? "" : m.group(2)), false, false);
        }
        m = VACUUM.matcher(text);
        if (m.matches()) {
            boolean full = Pattern.compile("(?i)\\bFULL\\b").matcher(m.group(2)).find()
                    || m.group(1) != null && Pattern.compile("(?i)(^|,)\\s*FULL(\\s+(true|on|1))?\\s*(,|$)")
                    .matcher(m.group(1)).find();
            List<Change> out = new ArrayList<>();
            for (String table : tableList(m.group(3))) {
                out.add(full ? new Change.RewriteTable(table, "VACUUM FULL") : new Change.Other(table));
            }
            if (out.isEmpty()) {
                out.add(full ? new Change.RewriteTable(null, "VACUUM FULL") : new Change.Other(null));
            }
            return Optional.of(out);
        }
        m = CLUSTER.matcher(text);
        if (m.matches()) {
            return Optional.of(List.of(new Change.RewriteTable(Names.of(m.group(1)), "CLUSTER")));
        }
        m = SET_STORAGE.matcher(text);
        if (m.matches()) {      // the table's files are copied (TABLESPACE) or rewritten (LOGGED, UNLOGGED)
            String what = m.group(2).toUpperCase(Locale.ROOT).startsWith("TABLESPACE") ? "SET TABLESPACE"
                    : "SET " + m.group(2).toUpperCase(Locale.ROOT);
            return Optional.of(List.of(new Change.RewriteTable(Names.of(m.group(1)), what)));
        }
        return null;
    }

    private static List<String> tableList(String list) {
        List<String> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        Matcher t = Pattern.compile("(" + QNAME + ")(?:\\s*\\([^()]*\\))?").matcher(list);
        while (t.find()) {
            out.add(Names.of(t.group(1)));
        }
        return out;
    }

    private static Optional<List<Change>> parse(String text, boolean concurrently, boolean notValid) {
        Statement st;
        try {
            st = CCJSqlParserUtil.parse(text);
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(changes(st, concurrently, notValid));
        } catch (Unparsed | RuntimeException e) {
            return Optional.empty();    // a tree of a shape this class does not read (a DROP without a name, ...)
        }
    }

    /** A part of a parsed statement this class cannot read with certainty (a default expression, say). */
    private static final class Unparsed extends Exception {
        Unparsed() {
            super(null, null, false, false);
        }
    }

    private static List<Change> changes(Statement st, boolean concurrently, boolean notValid) throws Unparsed {
        List<Change> out = new ArrayList<>();
        if (st instanceof net.sf.jsqlparser.statement.create.table.CreateTable ct) {
            Map<String, String> columns = new LinkedHashMap<>();
            if (ct.getColumnDefinitions() != null) {
                for (ColumnDefinition c : ct.getColumnDefinitions()) {
                    columns.put(Names.of(c.getColumnName()), c.getColDataType().toString());
                }
            }
            out.add(new Change.CreateTable(Names.of(ct.getTable().getName()), columns, ct.isIfNotExists()));
        } else if (st instanceof net.sf.jsqlparser.statement.create.index.CreateIndex ci) {
            out.add(new Change.CreateIndex(Names.of(ci.getTable().getName()),
                    ci.getIndex() == null ? null : Names.of(ci.getIndex().getName()), ci.isConcurrently()));
        } else if (st instanceof Drop d) {
            String type = d.getType() == null ? "" : d.getType().toUpperCase(Locale.ROOT);
            List<net.sf.jsqlparser.schema.Table> names = d.getNames() != null && !d.getNames().isEmpty()
                    ? d.getNames() : List.of(d.getName());
            for (net.sf.jsqlparser.schema.Table t : names) {
                String name = Names.of(t.getName());
                if (type.equals("INDEX") && !concurrently && "concurrently".equals(name)) {
                    throw new Unparsed();   // JSqlParser's reading of DROP INDEX CONCURRENTLY (handled above)
                }
                out.add(switch (type) {
                    case "TABLE" -> new Change.DropTable(name);
                    case "INDEX" -> new Change.DropIndex(name, concurrently);
                    default -> new Change.Other(null);
                });
            }
        } else if (st instanceof net.sf.jsqlparser.statement.truncate.Truncate t) {
            List<net.sf.jsqlparser.schema.Table> tables = t.getTables() != null && !t.getTables().isEmpty()
                    ? t.getTables() : List.of(t.getTable());
            for (net.sf.jsqlparser.schema.Table table : tables) {
                out.add(new Change.Truncate(Names.of(table.getName())));
            }
        } else if (st instanceof net.sf.jsqlparser.statement.update.Update u && u.getWhere() == null
                && u.getTable() != null) {
            out.add(new Change.WriteAllRows(Names.of(u.getTable().getName()), "UPDATE"));
        } else if (st instanceof net.sf.jsqlparser.statement.delete.Delete d && d.getWhere() == null
                && d.getTable() != null) {
            out.add(new Change.WriteAllRows(Names.of(d.getTable().getName()), "DELETE"));
        } else if (st instanceof Alter al && al.getTable() != null) {
            String table = Names.of(al.getTable().getName());
            for (AlterExpression e : al.getAlterExpressions()) {
                out.addAll(alter(table, e, notValid));
            }
        } else {
            out.add(new Change.Other(null));
        }
        return out;
    }

    private static List<Change> alter(String table, AlterExpression e, boolean notValid) throws Unparsed {
        List<Change> out = new ArrayList<>();
        switch (e.getOperation()) {
            case ADD -> {
                if (e.getColDataTypeList() != null) {
                    for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                        String specs = specsWithoutStrings(c);
                        out.add(addColumn(table, c, specs));
                        if (INLINE_KEY.matcher(specs).find()) {
                            // ADD COLUMN c text UNIQUE builds a unique index over the table as ADD UNIQUE (c) does
                            out.add(new Change.AddUniqueConstraint(table, null, false));
                        }
                    }
                } else if (e.getIndex() instanceof ForeignKeyIndex fk) {
                    out.add(new Change.AddValidatedConstraint(table, Names.of(fk.getName()),
                            Change.ConstraintKind.FOREIGN_KEY, notValid));
                } else if (e.getIndex() instanceof CheckConstraint ck) {
                    out.add(new Change.AddValidatedConstraint(table, Names.of(ck.getName()), Change.ConstraintKind.CHECK,
                            notValid));
                } else if (e.getIndex() != null && isUniqueOrPrimary(e.getIndex())) {
                    out.add(new Change.AddUniqueConstraint(table, Names.of(e.getIndex().getName()), false));
                } else {
                    out.add(new Change.Other(table));
                }
            }
            case DROP -> out.add(e.getColumnName() != null && e.getConstraintName() == null && e.getIndex() == null
                    ? new Change.DropColumn(table, Names.of(e.getColumnName())) : new Change.Other(table));
            case ALTER, MODIFY -> {
                if (e.getColDataTypeList() != null) {
                    for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                        out.add(c.isWithType() && c.getColDataType() != null
                                ? new Change.ChangeColumnType(table, Names.of(c.getColumnName()),
                                c.getColDataType().toString())
                                : new Change.Other(table));
                    }
                } else if (e.getColumnSetNotNullList() != null && !e.getColumnSetNotNullList().isEmpty()) {
                    e.getColumnSetNotNullList().forEach(c -> out.add(new Change.SetNotNull(table,
                            Names.of(c.getColumnName()))));
                } else {
                    out.add(new Change.Other(table));
                }
            }
            case RENAME -> out.add(e.getColumnOldName() != null
                    ? new Change.RenameColumn(table, Names.of(e.getColumnOldName()), Names.of(e.getColumnName()))
                    : new Change.Other(table));
            case RENAME_TABLE -> out.add(new Change.RenameTable(table, Names.of(e.getNewTableName())));
            case UNSPECIFIC -> {
                Matcher m = Pattern.compile("(?is)VALIDATE\\s+CONSTRAINT\\s+(" + IDENT + ")\\s*")
                        .matcher(String.valueOf(e.getOptionalSpecifier()));
                out.add(m.matches() ? new Change.ValidateConstraint(table, Names.of(m.group(1)))
                        : new Change.Other(table));
            }
            default -> out.add(new Change.Other(table));
        }
        return out;
    }

    private static boolean isUniqueOrPrimary(Index index) {
        String type = index.getType() == null ? "" : index.getType().toUpperCase(Locale.ROOT);
        return type.equals("UNIQUE") || type.replaceAll("\\s+", " ").equals("PRIMARY KEY");
    }

    private static final Pattern NOT_NULL = Pattern.compile("\\bNOT\\s+NULL\\b|\\bPRIMARY\\s+KEY\\b");
    private static final Pattern NULL_VALUE = Pattern.compile("(?i)[(\\s]*NULL[)\\s]*(::.*)?");

    private static final Pattern INLINE_KEY = Pattern.compile("\\bUNIQUE\\b|\\bPRIMARY\\s+KEY\\b");

    /** A column's specs upper-cased, string literals emptied (DEFAULT 'not null unique' is a value). */
    private static String specsWithoutStrings(AlterExpression.ColumnDataType c) {
        List<String> specs = c.getColumnSpecs() == null ? List.of() : c.getColumnSpecs();
        return String.join(" ", specs).replaceAll("'(?:[^']|'')*'", "''").toUpperCase(Locale.ROOT);
    }

    /** {@code keywords}: {@link #specsWithoutStrings} of {@code c}. */
    private static Change addColumn(String table, AlterExpression.ColumnDataType c, String keywords) throws Unparsed {
        List<String> specs = c.getColumnSpecs() == null ? List.of() : c.getColumnSpecs();
        List<String> upper = specs.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
        String type = c.getColDataType().toString();
        // JSqlParser gives the specs word by word, but some as one: "GENERATED ALWAYS AS IDENTITY"
        String all = String.join(" ", upper);
        boolean notNull = NOT_NULL.matcher(keywords).find();
        boolean generated = all.matches("(?s).*\\bGENERATED\\b.*");
        String dflt = null;
        for (int i = 0; i + 1 < upper.size(); i++) {
            if (upper.get(i).equals("DEFAULT")) {
                dflt = specs.get(i + 1);
            }
        }
        if (dflt != null && NULL_VALUE.matcher(dflt).matches()) {
            dflt = null;    // DEFAULT NULL is no default: existing rows get NULL
        }
        Change.DefaultKind kind;
        if (generated || SERIAL.contains(c.getColDataType().getDataType().toLowerCase(Locale.ROOT))) {
            kind = Change.DefaultKind.PER_ROW;
            String specsText = String.join(" ", specs);
            dflt = generated ? specsText.substring(all.indexOf("GENERATED")) : dflt == null ? "nextval(...)" : dflt;
        } else {
            kind = dflt == null ? Change.DefaultKind.NONE : defaultKind(dflt);
        }
        return new Change.AddColumn(table, Names.of(c.getColumnName()), type, notNull, dflt, kind);
    }

    /** Whether a default expression is computed per row (volatile) or once. */
    static Change.DefaultKind defaultKind(String expression) throws Unparsed {
        Expression ex;
        try {
            ex = CCJSqlParserUtil.parseExpression(expression, false);
        } catch (JSQLParserException | RuntimeException e) {
            throw new Unparsed();
        }
        List<String> functions = new ArrayList<>();
        ex.accept(new ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(Function function, S context) {
                functions.add(function.getName().toLowerCase(Locale.ROOT));
                return super.visit(function, context);
            }
        }, null);
        if (functions.stream().anyMatch(VOLATILE::contains)) {
            return Change.DefaultKind.PER_ROW;
        }
        return functions.stream().allMatch(NOT_VOLATILE::contains) ? Change.DefaultKind.CONSTANT
                : Change.DefaultKind.UNKNOWN;
    }
}
