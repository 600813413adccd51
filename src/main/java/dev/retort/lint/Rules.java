package dev.retort.lint;

import dev.retort.api.Dialect;
import dev.retort.api.LintResult.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lint rules. Each judges what a change does to a table that already holds data and is used
 * by the code still running during a rolling deploy; no rule applies to a table the checked range
 * creates. The ids are stable (they appear in suppression comments and JSON).
 */
public final class Rules {
    private Rules() {
    }

    /** The way out of deleting every row at once, for TRUNCATE and DELETE without WHERE alike. */
    private static final String DELETE_IN_BATCHES = "delete the rows the code no longer needs in batches"
            + " (DELETE ... WHERE), or stop using the table first";

    /** The way out of a type change, for the type change itself and for the rewrite it causes. */
    private static final String NEW_COLUMN_OF_THE_NEW_TYPE = "add a column of the new type, write both and backfill,"
            + " move the reads over, and drop the old column in a later release";

    /** Every rule, in the order findings are reported for one statement. */
    public static final List<Rule> ALL = List.of(
            new Rule("drop-table", Severity.ERROR, "stop using the table in the code, deploy that, and drop it in"
                    + " a later release", Rules::dropTable),
            new Rule("drop-column", Severity.ERROR, "stop reading and writing the column in the code, deploy that,"
                    + " and drop it in a later release", Rules::dropColumn),
            new Rule("rename-table", Severity.ERROR, "create the new table (or a view with the new name), let the"
                    + " code use both, move the code over, and drop the old name in a later release",
                    Rules::renameTable),
            new Rule("rename-column", Severity.ERROR, "add a column with the new name, write both and backfill,"
                    + " move the reads over, and drop the old column in a later release", Rules::renameColumn),
            new Rule("change-column-type", Severity.ERROR, NEW_COLUMN_OF_THE_NEW_TYPE, Rules::changeColumnType),
            new Rule("add-required-column", Severity.ERROR, "add the column nullable or with a constant DEFAULT;"
                    + " once every instance writes it, backfill and SET NOT NULL in a later revision",
                    Rules::addRequiredColumn),
            new Rule("set-not-null", Severity.WARNING, "make sure every running instance writes the column; on"
                    + " PostgreSQL add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later revision, then SET"
                    + " NOT NULL (12+ uses the check and skips the scan)", Rules::setNotNull),
            new Rule("index-not-concurrent", Severity.WARNING, "CREATE INDEX CONCURRENTLY, in a revision of its"
                    + " own (retort runs it outside a transaction)", Rules::indexNotConcurrent),
            new Rule("drop-index-not-concurrent", Severity.WARNING, "DROP INDEX CONCURRENTLY, in a revision of its"
                    + " own (retort runs it outside a transaction)", Rules::dropIndexNotConcurrent),
            new Rule("foreign-key-validates", Severity.WARNING, "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then"
                    + " ALTER TABLE ... VALIDATE CONSTRAINT in a later revision", Rules::foreignKeyValidates),
            new Rule("check-validates", Severity.WARNING, "ADD CONSTRAINT ... CHECK (...) NOT VALID, then"
                    + " ALTER TABLE ... VALIDATE CONSTRAINT in a later revision", Rules::checkValidates),
            new Rule("unique-constraint-builds-index", Severity.WARNING, "CREATE UNIQUE INDEX CONCURRENTLY in one"
                    + " revision, then ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX) in a later"
                    + " one", Rules::uniqueConstraintBuildsIndex),
            new Rule("table-rewrite", Severity.WARNING, Rules::tableRewriteFix, Rules::tableRewrite),
            new Rule("truncate", Severity.ERROR, DELETE_IN_BATCHES, Rules::truncate),
            new Rule("delete-all-rows", Severity.ERROR, DELETE_IN_BATCHES, Rules::deleteAllRows),
            new Rule("update-all-rows", Severity.WARNING, "backfill in batches (UPDATE ... WHERE id BETWEEN ...), each"
                    + " committed on its own: from a job, or a revision marked Transactional: false",
                    Rules::updateAllRows));

    /** The rules about PostgreSQL's locks: on SQLite they never fire, so a lint-ignore of one is not unused there. */
    private static final Set<String> POSTGRES_ONLY = Set.of("index-not-concurrent", "drop-index-not-concurrent",
            "foreign-key-validates", "check-validates", "unique-constraint-builds-index", "table-rewrite");

    /** Whether rule {@code id} can find anything on {@code dialect}. */
    public static boolean appliesTo(String id, Dialect dialect) {
        return dialect == Dialect.POSTGRESQL || !POSTGRES_ONLY.contains(id);
    }

    private static final Map<String, Rule> BY_ID = ALL.stream().collect(Collectors.toUnmodifiableMap(Rule::id,
            Function.identity()));

    /** The rule with this id, or null. */
    public static Rule byId(String id) {
        return BY_ID.get(id);
    }

    static String dropTable(Change c, Scope s) {
        return c instanceof Change.DropTable d && !s.newTable()
                ? "DROP TABLE " + d.table() + ": the running code still reads it" : null;
    }

    static String dropColumn(Change c, Scope s) {
        return c instanceof Change.DropColumn d && !s.newTable()
                ? "DROP COLUMN " + d.table() + "." + d.column() + ": the running code still reads or writes it" : null;
    }

    static String renameTable(Change c, Scope s) {
        return c instanceof Change.RenameTable r && !s.newTable()
                ? "RENAME " + r.table() + " TO " + r.newName() + ": the running code still uses the old name" : null;
    }

    static String renameColumn(Change c, Scope s) {
        return c instanceof Change.RenameColumn r && !s.newTable()
                ? "RENAME COLUMN " + r.table() + "." + r.column() + " TO " + r.newName()
                + ": the running code still uses the old name" : null;
    }

    static String changeColumnType(Change c, Scope s) {
        if (!(c instanceof Change.ChangeColumnType t) || s.newTable()) {
            return null;
        }
        if (s.oldType() != null && ColumnTypes.widensWithoutRewrite(s.oldType(), t.newType())) {
            return null;    // a widening (varchar(50) -> varchar(100), -> text): old code reads the same values
        }
        return "ALTER COLUMN " + t.table() + "." + t.column() + " TYPE " + t.newType()
                + (s.oldType() == null ? " (old type unknown)" : " (was " + s.oldType() + ")")
                + ": the running code reads and writes the old type";
    }

    static String addRequiredColumn(Change c, Scope s) {
        return c instanceof Change.AddColumn a && !s.newTable() && a.notNull()
                && a.defaultKind() == Change.DefaultKind.NONE
                ? "ADD COLUMN " + a.table() + "." + a.column() + " NOT NULL without a DEFAULT: the running code's"
                + " INSERTs do not set it and fail (and existing rows have no value)" : null;
    }

    static String setNotNull(Change c, Scope s) {
        return c instanceof Change.SetNotNull n && !s.newTable()
                ? "SET NOT NULL on " + n.table() + "." + n.column() + ": INSERTs of running code that leave it NULL"
                + " fail" + (s.postgres() ? ", and the whole table is scanned under an ACCESS EXCLUSIVE lock" : "")
                : null;
    }

    static String indexNotConcurrent(Change c, Scope s) {
        return c instanceof Change.CreateIndex i && s.postgres() && !s.newTable() && !i.concurrently()
                ? "CREATE INDEX " + (i.name() == null ? "" : i.name() + " ") + "on " + i.table()
                + " without CONCURRENTLY: writes to the table wait until the index is built" : null;
    }

    static String dropIndexNotConcurrent(Change c, Scope s) {
        return c instanceof Change.DropIndex d && s.postgres() && !s.newIndex() && !d.concurrently()
                ? "DROP INDEX " + d.name() + " without CONCURRENTLY: takes an ACCESS EXCLUSIVE lock on its table,"
                + " queued behind running queries and blocking all later ones" : null;
    }

    static String foreignKeyValidates(Change c, Scope s) {
        return validates(c, s, Change.ConstraintKind.FOREIGN_KEY, "FOREIGN KEY",
                "checks every row while writes to both tables wait");
    }

    static String checkValidates(Change c, Scope s) {
        return validates(c, s, Change.ConstraintKind.CHECK, "CHECK", "checks every row under an ACCESS EXCLUSIVE lock");
    }

    private static String validates(Change c, Scope s, Change.ConstraintKind kind, String what, String why) {
        if (!s.postgres() || s.newTable()) {
            return null;
        }
        if (c instanceof Change.AddValidatedConstraint a && a.kind() == kind && !a.notValid()) {
            return "ADD " + (a.name() == null ? "" : "CONSTRAINT " + a.name() + " ") + what + " on " + a.table()
                    + " without NOT VALID: " + why;
        }
        if (c instanceof Change.ValidateConstraint v && s.sameTransactionAdd() != null
                && s.sameTransactionAdd().kind() == kind) {
            return "VALIDATE CONSTRAINT " + v.name() + " on " + v.table() + " runs in the same transaction as its"
                    + " ADD CONSTRAINT ... NOT VALID (line " + s.sameTransactionAddLine() + "), whose lock is held"
                    + " through the scan";
        }
        return null;
    }

    static String uniqueConstraintBuildsIndex(Change c, Scope s) {
        return c instanceof Change.AddUniqueConstraint u && s.postgres() && !s.newTable() && !u.usingIndex()
                ? "ADD " + (u.name() == null ? "" : "CONSTRAINT " + u.name() + " ") + "UNIQUE/PRIMARY KEY on "
                + u.table() + " builds its index while writes to the table wait" : null;
    }

    static String tableRewrite(Change c, Scope s) {
        if (!s.postgres()) {
            return null;
        }
        if (c instanceof Change.RewriteTable r) {
            String what = r.command().startsWith("SET ") ? "ALTER TABLE " + r.table() + " " + r.command()
                    : r.command() + (r.table() == null ? " of every table" : " " + r.table());
            return what + " rewrites under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done";
        }
        if (s.newTable()) {
            return null;
        }
        if (c instanceof Change.ChangeColumnType t && s.oldType() != null
                && !ColumnTypes.widensWithoutRewrite(s.oldType(), t.newType())) {
            return "ALTER COLUMN " + t.table() + "." + t.column() + " TYPE " + t.newType() + " (was " + s.oldType()
                    + ") rewrites the table under an ACCESS EXCLUSIVE lock";
        }
        if (c instanceof Change.AddColumn a && (a.defaultKind() == Change.DefaultKind.PER_ROW
                || s.postgresMajor() < 11 && a.defaultKind() != Change.DefaultKind.NONE)) {
            boolean generated = a.defaultSql().regionMatches(true, 0, "GENERATED", 0, 9);   // identity, stored
            return "ADD COLUMN " + a.table() + "." + a.column() + (generated ? " " : " DEFAULT ") + a.defaultSql()
                    + (a.defaultKind() == Change.DefaultKind.PER_ROW ? " (computed per row)"
                    : " (PostgreSQL " + s.postgresMajor() + " < 11)")
                    + " rewrites the table under an ACCESS EXCLUSIVE lock";
        }
        return null;
    }

    /** The way out of a rewrite depends on what causes it: a type change, a per-row default, or a command. */
    static String tableRewriteFix(Change c) {
        if (c instanceof Change.ChangeColumnType) {
            return NEW_COLUMN_OF_THE_NEW_TYPE;
        }
        if (c instanceof Change.AddColumn a) {
            return a.defaultKind() == Change.DefaultKind.PER_ROW
                    ? "add the column without that default (nullable, or with a constant DEFAULT), let the code set"
                    + " the value for new rows, and backfill the existing rows in batches"
                    : "add the column without a DEFAULT, then ALTER COLUMN ... SET DEFAULT in a second statement"
                    + " (only new rows get it, nothing is rewritten), and backfill the existing rows in batches";
        }
        if (c instanceof Change.RewriteTable r && r.command().startsWith("SET ")) {
            return "run it in a maintenance window, or create a new table with the wanted storage, copy the rows"
                    + " over in batches and switch the code to it";
        }
        return "use pg_repack (or pg_squeeze), which rebuilds the table holding the lock only briefly at the end";
    }

    static String deleteAllRows(Change c, Scope s) {
        return c instanceof Change.WriteAllRows w && w.command().equals("DELETE") && !s.newTable()
                ? "DELETE FROM " + w.table() + " without WHERE: deletes every row the running code uses" : null;
    }

    static String updateAllRows(Change c, Scope s) {
        return c instanceof Change.WriteAllRows w && w.command().equals("UPDATE") && !s.newTable()
                ? "UPDATE " + w.table() + " without WHERE: every row is rewritten in one transaction, and the"
                + " running code's writes to them wait until it commits" : null;
    }

    static String truncate(Change c, Scope s) {
        return c instanceof Change.Truncate t && !s.newTable()
                ? "TRUNCATE " + t.table() + ": deletes every row the running code uses, under an ACCESS EXCLUSIVE"
                + " lock" : null;
    }
}
