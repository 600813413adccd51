package dev.retort.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import dev.retort.ops.Operation.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading portable revisions: the header, every operation, derived downgrades, and every load-time error. */
class PortableReaderTest {
    static final String HEAD = "message: Add things\nrevision: abc123\nrevises: \"000111\"\n";

    static PortableReader.PortableFile read(String yaml) {
        return PortableReader.parse(yaml, "r.yaml");
    }

    static String error(String yaml) {
        RetortException e = assertThrows(RetortException.class, () -> read(yaml));
        assertEquals(1, e.exitCode(), e.getMessage()); // as a broken SQL revision
        return e.getMessage();
    }

    @Test
    void readsTheHeader() {
        PortableReader.PortableFile f = read("""
                message: Add user credits
                description: |
                  Credits are per user.
                revision: 3f2a9c1d7e10
                revises: [1a2b3c4d5e6f, 2b3c]
                create_date: "2025-12-06 10:00:00.000000"
                branch_labels: credits
                depends_on: [9c0ffee12345]
                transactional: false
                upgrade: []
                """);
        assertEquals("3f2a9c1d7e10", f.id());
        assertEquals(List.of("1a2b3c4d5e6f", "2b3c"), f.downRevisions());
        assertEquals(List.of("credits"), f.branchLabels());
        assertEquals(List.of("9c0ffee12345"), f.dependsOn());
        assertEquals("Add user credits\n\nCredits are per user.", f.longdoc());
        assertEquals(false, f.transactional());
        assertEquals(List.of(), f.revision().downgrade());
    }

    @Test
    void aBaseHasNoRevises() {
        assertEquals(List.of(), read("message: m\nrevision: a1\nrevises: null\n").downRevisions());
        assertEquals(List.of(), read("message: m\nrevision: a1\n").downRevisions());
    }

    @Test
    void readsEveryOperation() {
        PortableReader.PortableFile f = read(HEAD + """
                upgrade:
                  - create_table:
                      name: user_credits
                      columns:
                        - {name: id, type: string(36), primary_key: true}
                        - {name: user_id, type: string(36), nullable: false,
                           references: {table: user, column: id, on_delete: cascade}}
                        - {name: credits, type: "numeric(20,6)", nullable: false, server_default: {sql: "0"}}
                        - {name: flag, type: boolean, server_default: true, comment: a flag}
                        - {name: note, type: {sqlite: TEXT, postgresql: CITEXT}, server_default: "x'y", unique: true}
                      foreign_keys: [{columns: [note], ref_table: notes, ref_columns: [body], name: fk_note}]
                      unique: [{columns: [user_id, flag], name: uq_user_flag}]
                      checks: [{condition: "credits >= 0", name: ck_credits}]
                  - create_index: {name: ix1, table: user_credits, columns: [user_id, {sql: "lower(note)"}], unique: true, where: "credits > 0"}
                  - rename_table: {name: user_credits, new_name: credits}
                  - add_column: {table: credits, column: {name: extra, type: bigint}}
                  - alter_column: {table: credits, name: extra, type: integer, existing_type: bigint, new_name: more}
                  - create_foreign_key: {name: fk1, table: credits, columns: [more], ref_table: t, ref_columns: [id], on_update: set null}
                  - create_unique_constraint: {name: uq1, table: credits, columns: [more]}
                  - create_check_constraint: {name: ck1, table: credits, condition: "more > 0"}
                """);
        List<Operation> up = f.revision().upgrade();
        assertEquals(8, up.size());
        CreateTable t = assertInstanceOf(CreateTable.class, up.get(0));
        assertEquals(5, t.line());
        assertEquals(List.of("id"), Ddl.primaryKey(t));
        assertEquals(new ServerDefault.Expression(PerDialect.of("0")), t.columns().get(2).serverDefault());
        assertEquals(new ServerDefault.Bool(true), t.columns().get(3).serverDefault());
        assertEquals(new ServerDefault.Literal("x'y"), t.columns().get(4).serverDefault());
        // the derived downgrade: the reverse operations in reverse order
        List<String> down = f.revision().downgrade().stream().map(Operation::name).toList();
        assertEquals(List.of("drop_constraint", "drop_constraint", "drop_constraint", "alter_column", "drop_column",
                "rename_table", "drop_index", "drop_table"), down);
        AlterColumn back = (AlterColumn) f.revision().downgrade().get(3);
        assertEquals("more", back.column());
        assertEquals("extra", back.newName());
        assertEquals(PortableType.of(PortableType.Kind.BIGINT), back.type());
    }

    @Test
    void typesRenderAsTheTypeTable() {
        String[][] table = {
                {"string", "VARCHAR", "VARCHAR"}, {"string(36)", "VARCHAR(36)", "VARCHAR(36)"}, {"text", "TEXT", "TEXT"},
                {"integer", "INTEGER", "INTEGER"}, {"bigint", "BIGINT", "BIGINT"}, {"smallint", "SMALLINT", "SMALLINT"},
                {"boolean", "BOOLEAN", "BOOLEAN"}, {"float", "FLOAT", "FLOAT"},
                {"numeric(20,6)", "NUMERIC(20, 6)", "NUMERIC(20, 6)"}, {"date", "DATE", "DATE"},
                {"time", "TIME", "TIME WITHOUT TIME ZONE"}, {"datetime", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE"},
                {"datetime_tz", "DATETIME", "TIMESTAMP WITH TIME ZONE"}, {"json", "JSON", "JSON"},
                {"jsonb", "JSON", "JSONB"}, {"binary", "BLOB", "BYTEA"}, {"uuid", "CHAR(32)", "UUID"},
                {"{sql: MONEY}", "MONEY", "MONEY"}, {"{sqlite: TEXT, postgresql: CITEXT}", "TEXT", "CITEXT"}};
        for (String[] row : table) {
            CreateTable t = (CreateTable) read(HEAD + "upgrade:\n  - create_table: {name: t, columns: [{name: c, type: "
                    + (row[0].contains(",") && !row[0].startsWith("{") ? "\"" + row[0] + "\"" : row[0]) + "}]}\n")
                    .revision().upgrade().get(0);
            assertEquals(row[1], t.columns().get(0).type().render(dev.retort.api.Dialect.SQLITE), row[0]);
            assertEquals(row[2], t.columns().get(0).type().render(dev.retort.api.Dialect.POSTGRESQL), row[0]);
        }
    }

    /** Each load-time error: the YAML, and what the message must say (file, line, key). */
    static List<String[]> errors() {
        String up = HEAD + "upgrade:\n";
        return List.of(
                new String[] {"revision: a1\n", "r.yaml:1: revision file: missing required key 'message'"},
                new String[] {"message: m\n", "r.yaml:1: revision file: missing required key 'revision'"},
                new String[] {"message: m\nrevision: a1\nrevison: x\n", "r.yaml:3: revision file: unknown key 'revison'"},
                new String[] {"message: m\nrevision: 12\n", "r.yaml:2: revision file: key 'revision': expected a string, found the number 12 (quote it: \"12\")"},
                new String[] {"message: m\nrevision: a1\nrevises: 000111\n", "r.yaml:3: revision file: key 'revises': expected a string or a list of strings, found the number 000111 (quote it: \"000111\")"},
                new String[] {"message: m\nrevision: a1\nrevision: a2\n", "r.yaml:3: duplicate key 'revision' (first at line 2)"},
                new String[] {"message: m\nrevision: a1\ntransactional: maybe\n", "r.yaml:3: revision file: key 'transactional': expected true or false"},
                new String[] {"message: m\nrevision: a1\nbranch_labels: [x, 3]\n", "r.yaml:3: revision file: key 'branch_labels': expected a list of names, found the number 3 in it"},
                new String[] {"- a\n", "r.yaml:1: revision file: expected a mapping, found a list"},
                new String[] {"message: [m\n", "r.yaml:"},
                new String[] {"message: &a m\nrevision: *a\n", "r.yaml:2: YAML aliases"},
                new String[] {"message: m\nrevision: a1\n---\nx: 1\n", "only one YAML document"},
                new String[] {up + "  - frobnicate: {name: t}\n", "r.yaml:5: upgrade: unknown operation 'frobnicate'"},
                new String[] {up + "  - drop_table: {name: t}\n    drop_index: {name: i, table: t}\n", "r.yaml:5: upgrade: each entry is one operation"},
                new String[] {up + "  - drop_table\n", "r.yaml:5: upgrade: each entry is one operation"},
                new String[] {up + "  - drop_table: {nme: t}\n", "r.yaml:5: drop_table: unknown key 'nme'; did you mean 'name'? (known: "},
                new String[] {up + "  - create_index: {name: i, table: t, colums: [a]}\n", "r.yaml:5: create_index: unknown key 'colums'; did you mean 'columns'?"},
                new String[] {up + "  - drop_table: {if_exists: true}\n", "r.yaml:5: drop_table: missing required key 'name'"},
                new String[] {up + "  - drop_table: [t]\n", "r.yaml:5: drop_table: expected a mapping, found a list"},
                new String[] {up + "  - create_table:\n      name: t\n", "r.yaml:6: create_table: missing required key 'columns'"},
                new String[] {up + "  - create_table:\n      name: t\n      columns:\n        - {name: a}\n", "r.yaml:8: create_table: columns: missing required key 'type'"},
                new String[] {up + "  - create_table:\n      name: t\n      columns:\n        - {name: a, type: strang}\n", "r.yaml:8: create_table: columns: key 'type': expected a type"},
                new String[] {up + "  - create_table:\n      name: t\n      columns:\n        - {name: a, type: \"string(1,2)\"}\n", "key 'type': expected string(n) with one length"},
                new String[] {up + "  - create_table:\n      name: t\n      columns:\n        - {name: a, type: numeric(20,6)}\n", "r.yaml:8: create_table: columns: unknown key '6)' (a comma in flow style ends the value: quote it, type: \"numeric(20,6)\")"},
                new String[] {up + "  - create_table:\n      name: t\n      columns:\n        - {name: a, type: integer, nullable: 0}\n", "r.yaml:8: create_table: columns: key 'nullable': expected true or false, found the number 0"},
                new String[] {up + "  - create_table:\n      name: t\n      columns:\n        - {name: a, type: integer, colour: red}\n", "r.yaml:8: create_table: columns: unknown key 'colour'"},
                new String[] {up + "  - create_table:\n      name: t\n      columns:\n        - {name: a, type: integer}\n        - {name: a, type: text}\n", "r.yaml:9: create_table: column 'a' is given twice"},
                new String[] {up + "  - create_table:\n      name: t\n      columns: [{name: a, type: integer}]\n      primary_key: [b]\n", "r.yaml:8: create_table: key 'primary_key': no column 'b'"},
                new String[] {up + "  - create_table:\n      name: t\n      columns: [{name: a, type: integer, references: {table: u}}]\n", "r.yaml:7: references: missing required key 'column'"},
                new String[] {up + "  - create_table:\n      name: t\n      columns: [{name: a, type: integer, references: {table: u, column: id, on_delete: explode}}]\n", "key 'on_delete': expected one of cascade, no action, restrict, set default, set null"},
                new String[] {up + "  - create_table:\n      name: t\n      columns: [{name: a, type: integer, server_default: [1]}]\n", "key 'server_default': expected a string, a number, true/false or {sql: expression}"},
                new String[] {up + "  - create_table:\n      name: t\n      columns: [{name: a, type: {sql: X, sqlite: Y}}]\n", "give sql: or sqlite:/postgresql:, not both"},
                new String[] {up + "  - add_column: {table: t}\n", "r.yaml:5: add_column: missing required key 'column'"},
                new String[] {up + "  - add_column: {table: t, column: {name: id, type: integer, primary_key: true}}\n", "r.yaml:5: add_column: key 'column': a column can't be added as primary key"},
                new String[] {up + "  - alter_column: {table: t, name: c}\n", "r.yaml:5: alter_column: nothing to change"},
                new String[] {up + "  - alter_column: {table: t, name: c, nullable: false, using: \"c::int\"}\n", "r.yaml:5: alter_column: key 'using' needs a new type"},
                new String[] {up + "  - create_index: {name: i, table: t, columns: []}\n", "r.yaml:5: create_index: key 'columns': expected a list of at least one column"},
                new String[] {up + "  - create_index: {name: i, table: t, columns: [3]}\n", "r.yaml:5: create_index: key 'columns': expected column names or {sql: expression}, found the number 3"},
                new String[] {up + "  - create_foreign_key: {table: t, columns: [a], ref_table: u, ref_columns: [id]}\n", "r.yaml:5: create_foreign_key: missing required key 'name'"},
                new String[] {up + "  - create_unique_constraint: {table: t, columns: [a]}\n", "r.yaml:5: create_unique_constraint: missing required key 'name'"},
                new String[] {up + "  - create_check_constraint: {table: t, condition: a > 0}\n", "r.yaml:5: create_check_constraint: missing required key 'name'"},
                new String[] {up + "  - create_primary_key: {table: t, columns: [a]}\n", "r.yaml:5: create_primary_key: missing required key 'name'"},
                new String[] {up + "  - drop_constraint: {name: c, table: t, type: index}\n", "r.yaml:5: drop_constraint: key 'type': expected foreignkey, unique, check or primary"},
                new String[] {up + "  - execute: {sql: {mysql: x}}\n", "r.yaml:5: execute: key 'sql': unknown key 'mysql'"},
                new String[] {up + "  - execute: {}\n", "r.yaml:5: execute: missing required key 'sql'"},
                new String[] {up + "  - bulk_insert: {table: t, rows: [1]}\n", "r.yaml:5: bulk_insert: key 'rows': each row is a mapping"},
                // derived downgrades
                new String[] {up + "  - drop_table: {name: t}\n", "r.yaml:5: drop_table: drop_table has no reverse; write the downgrade: section, or give 'downgrade: []'"},
                new String[] {up + "  - execute: {sql: \"UPDATE t SET a = 1\"}\n", "r.yaml:5: execute: execute has no reverse"},
                new String[] {up + "  - create_index: {name: i, table: t, columns: [a], if_not_exists: true}\n", "r.yaml:5: create_index: an operation with if_exists / if_not_exists has no derived reverse"},
                new String[] {up + "  - alter_column: {table: t, name: c, type: integer, existing_type: text, using: \"c::int\"}\n", "r.yaml:5: alter_column: an alter_column with using has no derived reverse"},
                new String[] {up + "  - alter_column: {table: t, name: c, type: integer, nullable: false, existing_type: text}\n", "r.yaml:5: alter_column: its reverse needs existing_nullable"});
    }

    @ParameterizedTest
    @MethodSource("errors")
    void loadTimeErrorsNameFileLineAndKey(String yaml, String expected) {
        String message = error(yaml);
        assertTrue(message.startsWith(expected) || message.contains(expected), message + "\n  expected: " + expected);
    }

    @Test
    void anExplicitDowngradeNeedsNoReverse() {
        PortableReader.PortableFile f = read(HEAD + "upgrade:\n  - drop_table: {name: t}\ndowngrade: []\n");
        assertEquals(List.of(), f.revision().downgrade());
    }

    /** Errors found after the YAML is read (the id's characters, a revision listing itself) name the key's line. */
    @Test
    void revisionIdErrorsNameTheLineOfTheirKey(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"message: m\n\nrevision: a-1\n", ":3: Character(s) '-' not allowed in revision identifier 'a-1'"},
                {"message: m\nrevision: a1\ndescription: x\nrevises: a1\n", ":4: "},
                {"message: m\nrevision: a1\ndepends_on: [b2, a1]\n", ":3: "}};
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("a1_r.yaml"), c[0]);
            RetortException e = assertThrows(RetortException.class,
                    () -> dev.retort.script.PortableRevisionReader.read(file));
            assertTrue(e.getMessage().startsWith(file + c[1]), e.getMessage());
        }
    }
}
