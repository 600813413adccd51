package dev.retort.compat;

import dev.retort.compat.PortableDiff.Rev;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Portable revisions against real Alembic 1.8.1: one chain of revisions using every operation,
 * written once as portable YAML for retort and once as the equivalent Alembic .py (with
 * {@code batch_alter_table} where SQLite needs it), run step by step up to head and back to base
 * on fresh SQLite files and PostgreSQL databases; after every step SQLAlchemy's inspector
 * reflection of both databases (tables, columns with type, nullability and default, primary
 * keys, foreign keys, unique and check constraints, indexes) and their rows must be identical.
 */
class PortableDifferentialTest extends PortableDiffTestBase {
    static final List<Rev> CHAIN = List.of(
            new Rev("d1f000000001", """
                    upgrade:
                      - create_table:
                          name: parent
                          columns:
                            - {name: id, type: integer, primary_key: true}
                            - {name: name, type: string(50), nullable: false}
                            - {name: score, type: integer, server_default: 0}
                            - {name: flag, type: boolean, nullable: false, server_default: true}
                            - {name: created, type: datetime}
                            - {name: price, type: "numeric(10,2)", server_default: "1.50"}
                            - {name: data, type: jsonb}
                          checks: [{name: ck_score, condition: score >= 0}]
                      - create_table:
                          name: child
                          columns:
                            - {name: id, type: bigint, primary_key: true}
                            - {name: parent_id, type: integer, references: {table: parent, column: id, on_delete: cascade}}
                            - {name: label, type: text, unique: true}
                            - {name: at, type: datetime_tz}
                      - create_index: {name: ix_child_parent, table: child, columns: [parent_id]}
                      - bulk_insert: {table: parent, rows: [{id: 1, name: one, score: 3, data: {a: [1, 2]}},
                                                            {id: 2, name: two, flag: false}, {id: 3, name: three, score: 9}]}
                      - bulk_insert: {table: child, rows: [{id: 1, parent_id: 1, label: x}, {id: 2, parent_id: 3, label: y}]}
                    downgrade:
                      - drop_index: {name: ix_child_parent, table: child}
                      - drop_table: {name: child}
                      - drop_table: {name: parent}
                    """, """
                        op.create_table('parent',
                            sa.Column('id', sa.Integer(), primary_key=True),
                            sa.Column('name', sa.String(50), nullable=False),
                            sa.Column('score', sa.Integer(), server_default=sa.text('0')),
                            sa.Column('flag', sa.Boolean(), nullable=False, server_default=sa.true()),
                            sa.Column('created', sa.DateTime()),
                            sa.Column('price', sa.Numeric(10, 2), server_default='1.50'),
                            sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')),
                            sa.CheckConstraint('score >= 0', name='ck_score'))
                        op.create_table('child',
                            sa.Column('id', sa.BigInteger(), primary_key=True),
                            sa.Column('parent_id', sa.Integer(), sa.ForeignKey('parent.id', ondelete='cascade')),
                            sa.Column('label', sa.Text(), unique=True),
                            sa.Column('at', sa.DateTime(timezone=True)))
                        op.create_index('ix_child_parent', 'child', ['parent_id'])
                        op.bulk_insert(sa.table('parent', sa.column('id'), sa.column('name'), sa.column('score'),
                                sa.column('flag'), sa.column('data')),
                            [{'id': 1, 'name': 'one', 'score': 3, 'data': '{"a":[1,2]}'}], multiinsert=False)
                        op.bulk_insert(sa.table('parent', sa.column('id'), sa.column('name'), sa.column('flag', sa.Boolean)),
                            [{'id': 2, 'name': 'two', 'flag': False}], multiinsert=False)
                        op.bulk_insert(sa.table('parent', sa.column('id'), sa.column('name'), sa.column('score')),
                            [{'id': 3, 'name': 'three', 'score': 9}], multiinsert=False)
                        op.bulk_insert(sa.table('child', sa.column('id'), sa.column('parent_id'), sa.column('label')),
                            [{'id': 1, 'parent_id': 1, 'label': 'x'}, {'id': 2, 'parent_id': 3, 'label': 'y'}], multiinsert=False)
                    """, """
                        op.drop_index('ix_child_parent', table_name='child')
                        op.drop_table('child')
                        op.drop_table('parent')
                    """),
            new Rev("d1f000000002", """
                    upgrade:
                      - add_column: {table: parent, column: {name: note, type: string(20)}}
                      - add_column: {table: parent, column: {name: extra, type: integer, nullable: false, server_default: 5}}
                      - create_index: {name: ix_parent_name, table: parent, columns: [name], unique: true}
                      - create_index: {name: ix_parent_score, table: parent, columns: [score, name], where: score > 0}
                    """, """
                        op.add_column('parent', sa.Column('note', sa.String(20)))
                        op.add_column('parent', sa.Column('extra', sa.Integer(), nullable=False, server_default=sa.text('5')))
                        op.create_index('ix_parent_name', 'parent', ['name'], unique=True)
                        op.create_index('ix_parent_score', 'parent', ['score', 'name'],
                            sqlite_where=sa.text('score > 0'), postgresql_where=sa.text('score > 0'))
                    """, """
                        op.drop_index('ix_parent_score', table_name='parent')
                        op.drop_index('ix_parent_name', table_name='parent')
                        with op.batch_alter_table('parent') as b:
                            b.drop_column('extra')
                        with op.batch_alter_table('parent') as b:
                            b.drop_column('note')
                    """),
            new Rev("d1f000000003", """
                    upgrade:
                      - alter_column: {table: parent, name: score, type: bigint, existing_type: integer,
                                       server_default: 1, existing_server_default: 0}
                      - alter_column: {table: parent, name: name, nullable: true, existing_nullable: false}
                      - alter_column: {table: parent, name: note, new_name: memo}
                    """, """
                        with op.batch_alter_table('parent') as b:
                            b.alter_column('score', type_=sa.BigInteger(), existing_type=sa.Integer(),
                                server_default=sa.text('1'), existing_server_default=sa.text('0'))
                            b.alter_column('name', nullable=True, existing_nullable=False, existing_type=sa.String(50))
                        op.alter_column('parent', 'note', new_column_name='memo')
                    """, """
                        op.alter_column('parent', 'memo', new_column_name='note')
                        with op.batch_alter_table('parent') as b:
                            b.alter_column('name', nullable=False, existing_nullable=True, existing_type=sa.String(50))
                            b.alter_column('score', type_=sa.Integer(), existing_type=sa.BigInteger(),
                                server_default=sa.text('0'), existing_server_default=sa.text('1'))
                    """),
            new Rev("d1f000000004", """
                    upgrade:
                      - create_table:
                          name: tag
                          columns: [{name: id, type: integer, primary_key: true}, {name: parent_id, type: integer},
                                    {name: word, type: string(10), nullable: false}]
                      - create_foreign_key: {name: fk_tag_parent, table: tag, columns: [parent_id], ref_table: parent,
                                             ref_columns: [id], on_delete: set null}
                      - create_unique_constraint: {name: uq_tag_word, table: tag, columns: [word, parent_id]}
                      - create_check_constraint: {name: ck_extra, table: parent, condition: extra > 0}
                      - bulk_insert: {table: tag, rows: [{id: 1, parent_id: 1, word: red}, {id: 2, parent_id: 2, word: blue}]}
                    downgrade:
                      - drop_constraint: {name: ck_extra, table: parent, type: check}
                      - drop_table: {name: tag}
                    """, """
                        op.create_table('tag', sa.Column('id', sa.Integer(), primary_key=True),
                            sa.Column('parent_id', sa.Integer()), sa.Column('word', sa.String(10), nullable=False))
                        with op.batch_alter_table('tag') as b:
                            b.create_foreign_key('fk_tag_parent', 'parent', ['parent_id'], ['id'], ondelete='set null')
                            b.create_unique_constraint('uq_tag_word', ['word', 'parent_id'])
                        with op.batch_alter_table('parent') as b:
                            b.create_check_constraint('ck_extra', sa.text('extra > 0'))
                        op.bulk_insert(sa.table('tag', sa.column('id'), sa.column('parent_id'), sa.column('word')),
                            [{'id': 1, 'parent_id': 1, 'word': 'red'}, {'id': 2, 'parent_id': 2, 'word': 'blue'}], multiinsert=False)
                    """, """
                        with op.batch_alter_table('parent') as b:
                            b.drop_constraint('ck_extra', type_='check')
                        op.drop_table('tag')
                    """),
            new Rev("d1f000000005", """
                    upgrade:
                      - drop_constraint: {name: uq_tag_word, table: tag, type: unique}
                      - drop_index: {name: ix_parent_score, table: parent}
                      - drop_column: {table: parent, name: created}
                      - rename_table: {name: tag, new_name: tags}
                      - execute: {sql: "UPDATE parent SET memo = 'updated' WHERE id = 2"}
                    downgrade:
                      - execute: {sql: "UPDATE parent SET memo = NULL WHERE id = 2"}
                      - rename_table: {name: tags, new_name: tag}
                      - add_column: {table: parent, column: {name: created, type: datetime}}
                      - create_index: {name: ix_parent_score, table: parent, columns: [score, name], where: score > 0}
                      - create_unique_constraint: {name: uq_tag_word, table: tag, columns: [word, parent_id]}
                    """, """
                        with op.batch_alter_table('tag') as b:
                            b.drop_constraint('uq_tag_word', type_='unique')
                        op.drop_index('ix_parent_score', table_name='parent')
                        op.drop_column('parent', 'created')
                        op.rename_table('tag', 'tags')
                        op.execute("UPDATE parent SET memo = 'updated' WHERE id = 2")
                    """, """
                        op.execute("UPDATE parent SET memo = NULL WHERE id = 2")
                        op.rename_table('tags', 'tag')
                        op.add_column('parent', sa.Column('created', sa.DateTime()))
                        op.create_index('ix_parent_score', 'parent', ['score', 'name'],
                            sqlite_where=sa.text('score > 0'), postgresql_where=sa.text('score > 0'))
                        with op.batch_alter_table('tag') as b:
                            b.create_unique_constraint('uq_tag_word', ['word', 'parent_id'])
                    """),
            new Rev("d1f000000006", """
                    upgrade:
                      - create_table:
                          name: kv
                          if_not_exists: true
                          columns: [{name: k, type: string(10), nullable: false}, {name: v, type: binary},
                                    {name: d, type: date}, {name: t, type: time}, {name: f, type: float},
                                    {name: s, type: smallint, server_default: 2}, {name: txt, type: {sql: VARCHAR(7)}}]
                      - create_primary_key: {name: pk_kv, table: kv, columns: [k]}
                      - create_index: {name: ix_kv_d, table: kv, columns: [d], if_not_exists: true}
                      - add_column: {table: kv, column: {name: u, type: integer, server_default: {sql: "(1 + 1)"}}}
                      - execute: {sql: {sqlite: "INSERT INTO kv (k, s) VALUES ('lite', 1)",
                                        postgresql: "INSERT INTO kv (k, s) VALUES ('pg', 1)"}}
                    downgrade:
                      - drop_index: {name: ix_kv_d, table: kv, if_exists: true}
                      - drop_table: {name: kv, if_exists: true}
                    """, """
                        op.create_table('kv', sa.Column('k', sa.String(10), nullable=False), sa.Column('v', sa.LargeBinary()),
                            sa.Column('d', sa.Date()), sa.Column('t', sa.Time()), sa.Column('f', sa.Float()),
                            sa.Column('s', sa.SmallInteger(), server_default=sa.text('2')), sa.Column('txt', sa.VARCHAR(7)))
                        with op.batch_alter_table('kv') as b:
                            b.create_primary_key('pk_kv', ['k'])
                        op.create_index('ix_kv_d', 'kv', ['d'])
                        sqlite = op.get_context().dialect.name == 'sqlite'
                        with op.batch_alter_table('kv') as b:
                            b.add_column(sa.Column('u', sa.Integer(), server_default=sa.text('(1 + 1)')))
                        op.execute("INSERT INTO kv (k, s) VALUES ('lite', 1)" if sqlite else "INSERT INTO kv (k, s) VALUES ('pg', 1)")
                    """, """
                        op.drop_index('ix_kv_d', table_name='kv')
                        op.drop_table('kv')
                    """));

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyStepReflectsAsAlembics(Dialect dialect) throws Exception {
        diff.run(CHAIN, dialect, tmp, "");
    }
}
