package dev.retort.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.retort.api.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rendering matches what Alembic 1.8.1's op produces with SQLAlchemy 1.4 for the same arguments.
 * The expected text is `alembic --sql` output of the equivalent op.* calls (Operations on a
 * MigrationContext with as_sql=True, dialect sqlite / postgresql).
 */
class RenderTest {
    static final String YAML = PortableReaderTest.HEAD + """
            upgrade:
              - create_table:
                  name: user_credits
                  columns:
                    - {name: id, type: string(36), primary_key: true}
                    - {name: user_id, type: string(36), nullable: false,
                       references: {table: user, column: id, on_delete: cascade}}
                    - {name: credits, type: "numeric(20,6)", nullable: false, server_default: 0}
                    - {name: flag, type: boolean, server_default: true}
                    - {name: s, type: string, server_default: "x'y", unique: true, comment: hello}
                    - {name: t, type: time}
                    - {name: dt, type: datetime_tz}
                    - {name: j, type: jsonb}
                    - {name: b, type: binary}
                    - {name: f, type: float}
                  checks: [{condition: "credits >= 0", name: ck_pos}]
                  unique: [{columns: [user_id, t], name: uq_x}]
                  foreign_keys: [{columns: [f], ref_table: other, ref_columns: [x], name: fk_o, on_update: set null}]
              - create_table:
                  name: a
                  columns: [{name: id, type: integer, primary_key: true}, {name: n, type: bigint, nullable: false}]
              - create_table: {name: b2, columns: [{name: id, type: bigint, primary_key: true}]}
              - create_table:
                  name: c
                  columns: [{name: x, type: integer}, {name: y, type: integer}]
                  primary_key: [x, y]
              - add_column: {table: a, column: {name: z, type: string(10), nullable: false, server_default: q}}
              - drop_column: {table: a, name: z}
              - rename_table: {name: a, new_name: a2}
              - create_index: {name: ix_a, table: a2, columns: [n, {sql: lower(z)}], unique: true, where: n > 0}
              - create_index: {name: ix_b, table: a2, columns: [n], concurrently: true}
              - drop_index: {name: ix_a, table: a2}
              - alter_column: {table: a2, name: n, new_name: m}
              - execute: {sql: "INSERT INTO a2 (n) VALUES (1)"}
              - bulk_insert: {table: a2, rows: [{n: 1, s: "it's", b: true, j: null}]}
              - drop_table: {name: a2}
            downgrade: []
            """;

    static final String COMMON_TAIL = """
            CREATE TABLE a (
                id %s NOT NULL,\s
                n BIGINT NOT NULL,\s
                PRIMARY KEY (id)
            );

            CREATE TABLE b2 (
                id %s NOT NULL,\s
                PRIMARY KEY (id)
            );

            CREATE TABLE c (
                x INTEGER NOT NULL,\s
                y INTEGER NOT NULL,\s
                PRIMARY KEY (x, y)
            );

            ALTER TABLE a ADD COLUMN z VARCHAR(10) DEFAULT 'q' NOT NULL;

            ALTER TABLE a DROP COLUMN z;

            ALTER TABLE a RENAME TO a2;

            CREATE UNIQUE INDEX ix_a ON a2 (n, lower(z)) WHERE n > 0;

            CREATE INDEX %six_b ON a2 (n);

            DROP INDEX ix_a;

            ALTER TABLE a2 RENAME n TO m;

            INSERT INTO a2 (n) VALUES (1);

            INSERT INTO a2 (n, s, b, j) VALUES (1, 'it''s', %s, NULL);

            DROP TABLE a2;

            """;

    /** The statements as Alembic's offline output writes them (SQLAlchemy's tabs as 4 spaces, as OfflineWriter). */
    static String render(String yaml, Dialect d) {
        StringBuilder out = new StringBuilder();
        for (Rendered r : Render.render(PortableReader.parse(yaml, "r.yaml").revision().upgrade(), d)) {
            if (r instanceof Rendered.Sql s) {
                assertFalse(s.sql().contains("\n    "), "online, SQLAlchemy's tab: " + s.sql());
                out.append(s.sql().replace("\t", "    ")).append(";\n\n");
            } else if (r instanceof Rendered.Script s) {
                out.append(s.sql()).append(";\n\n");
            } else {
                out.append("-- live: ").append(((Rendered.Live) r).step().describe()).append("\n\n");
            }
        }
        return out.toString();
    }

    @Test
    void sqliteAsAlembic() {
        String yaml = YAML.replace("  - drop_column: {table: a, name: z}\n", "");
        String expected = """
                CREATE TABLE user_credits (
                    id VARCHAR(36) NOT NULL,\s
                    user_id VARCHAR(36) NOT NULL,\s
                    credits NUMERIC(20, 6) DEFAULT 0 NOT NULL,\s
                    flag BOOLEAN DEFAULT (1),\s
                    s VARCHAR DEFAULT 'x''y',\s
                    t TIME,\s
                    dt DATETIME,\s
                    j JSON,\s
                    b BLOB,\s
                    f FLOAT,\s
                    PRIMARY KEY (id),\s
                    CONSTRAINT fk_o FOREIGN KEY(f) REFERENCES other (x) ON UPDATE set null,\s
                    CONSTRAINT uq_x UNIQUE (user_id, t),\s
                    CONSTRAINT ck_pos CHECK (credits >= 0),\s
                    FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE cascade,\s
                    UNIQUE (s)
                );

                """ + COMMON_TAIL.formatted("INTEGER", "BIGINT", "", "1").replace("ALTER TABLE a DROP COLUMN z;\n\n", "");
        assertEquals(expected, render(yaml, Dialect.SQLITE));
    }

    @Test
    void postgresqlAsAlembic() {
        String expected = """
                CREATE TABLE user_credits (
                    id VARCHAR(36) NOT NULL,\s
                    user_id VARCHAR(36) NOT NULL,\s
                    credits NUMERIC(20, 6) DEFAULT 0 NOT NULL,\s
                    flag BOOLEAN DEFAULT true,\s
                    s VARCHAR DEFAULT 'x''y',\s
                    t TIME WITHOUT TIME ZONE,\s
                    dt TIMESTAMP WITH TIME ZONE,\s
                    j JSONB,\s
                    b BYTEA,\s
                    f FLOAT,\s
                    PRIMARY KEY (id),\s
                    CONSTRAINT fk_o FOREIGN KEY(f) REFERENCES other (x) ON UPDATE set null,\s
                    CONSTRAINT uq_x UNIQUE (user_id, t),\s
                    CONSTRAINT ck_pos CHECK (credits >= 0),\s
                    FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE cascade,\s
                    UNIQUE (s)
                );

                COMMENT ON COLUMN user_credits.s IS 'hello';

                """ + COMMON_TAIL.formatted("SERIAL", "BIGSERIAL", "CONCURRENTLY ", "true");
        assertEquals(expected, render(YAML, Dialect.POSTGRESQL));
        List<Rendered> rs = Render.render(PortableReader.parse(YAML, "r.yaml").revision().upgrade(), Dialect.POSTGRESQL);
        List<Boolean> outside = new ArrayList<>();
        for (Rendered r : rs) {
            if (r instanceof Rendered.Sql s && s.nonTransactional()) {
                outside.add(true);
            }
        }
        assertEquals(List.of(true), outside, "only CREATE INDEX CONCURRENTLY runs outside the transaction");
    }

    @Test
    void postgresqlAlterAndConstraintsAsAlembic() {
        String yaml = PortableReaderTest.HEAD + """
                upgrade:
                  - alter_column: {table: a2, name: n, type: integer, using: "n::integer", nullable: true, server_default: "5"}
                  - alter_column: {table: a2, name: n, server_default: null}
                  - create_foreign_key: {name: fk1, table: a2, columns: [n], ref_table: c, ref_columns: [x], on_delete: SET NULL, not_valid: true}
                  - create_unique_constraint: {name: uq1, table: a2, columns: [n]}
                  - create_check_constraint: {name: ck1, table: a2, condition: n > 1}
                  - create_primary_key: {name: pk1, table: a2, columns: [n]}
                  - drop_constraint: {name: uq1, table: a2, type: unique}
                  - drop_index: {name: ix_b, table: a2, concurrently: true}
                downgrade: []
                """;
        assertEquals("""
                ALTER TABLE a2 ALTER COLUMN n TYPE INTEGER USING n::integer;

                ALTER TABLE a2 ALTER COLUMN n DROP NOT NULL;

                ALTER TABLE a2 ALTER COLUMN n SET DEFAULT '5';

                ALTER TABLE a2 ALTER COLUMN n DROP DEFAULT;

                ALTER TABLE a2 ADD CONSTRAINT fk1 FOREIGN KEY(n) REFERENCES c (x) ON DELETE SET NULL NOT VALID;

                ALTER TABLE a2 ADD CONSTRAINT uq1 UNIQUE (n);

                ALTER TABLE a2 ADD CONSTRAINT ck1 CHECK (n > 1);

                ALTER TABLE a2 ADD CONSTRAINT pk1 PRIMARY KEY (n);

                ALTER TABLE a2 DROP CONSTRAINT uq1;

                DROP INDEX CONCURRENTLY ix_b;

                """, render(yaml, Dialect.POSTGRESQL));
    }

    @Test
    void sqliteGroupsConsecutiveRebuildsOfOneTable() {
        String yaml = PortableReaderTest.HEAD + """
                upgrade:
                  - alter_column: {table: t, name: a, type: integer}
                  - create_check_constraint: {name: ck1, table: t, condition: a > 1}
                  - alter_column: {table: t, name: b, nullable: false, new_name: c}
                  - create_unique_constraint: {name: uq1, table: u, columns: [x]}
                  - add_column: {table: u, column: {name: y, type: integer}}
                  - add_column: {table: u, column: {name: z, type: integer, unique: true}}
                downgrade: []
                """;
        List<Rendered> rs = Render.render(PortableReader.parse(yaml, "r.yaml").revision().upgrade(), Dialect.SQLITE);
        assertEquals(5, rs.size(), rs.toString());
        assertInstanceOf(SqliteRebuild.class, ((Rendered.Live) rs.get(0)).step());
        assertEquals("alter_column (line 5), create_check_constraint (line 6), alter_column (line 7)",
                ((SqliteRebuild) ((Rendered.Live) rs.get(0)).step()).operations());
        assertEquals("ALTER TABLE t RENAME b TO c", ((Rendered.Sql) rs.get(1)).sql());
        assertEquals("create_unique_constraint (line 8)", ((SqliteRebuild) ((Rendered.Live) rs.get(2)).step()).operations());
        assertEquals("ALTER TABLE u ADD COLUMN y INTEGER", ((Rendered.Sql) rs.get(3)).sql());
        assertEquals("add_column (line 10)", ((SqliteRebuild) ((Rendered.Live) rs.get(4)).step()).operations());
    }

    @Test
    void identifiersAreQuotedAsSqlalchemyDoes() {
        assertEquals("\"user\"", Ddl.quote("user", Dialect.POSTGRESQL));
        assertEquals("user", Ddl.quote("user", Dialect.SQLITE));
        assertEquals("\"order\"", Ddl.quote("order", Dialect.SQLITE));
        assertEquals("\"CamelCase\"", Ddl.quote("CamelCase", Dialect.SQLITE));
        assertEquals("\"1abc\"", Ddl.quote("1abc", Dialect.SQLITE));
        assertEquals("\"a b\"", Ddl.quote("a b", Dialect.POSTGRESQL));
        assertEquals("snake_case$1", Ddl.quote("snake_case$1", Dialect.POSTGRESQL));
    }
}
