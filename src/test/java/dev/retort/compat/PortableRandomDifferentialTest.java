package dev.retort.compat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random chains of portable revisions against real Alembic 1.8.1 ({@link PortableDiff}): a seeded
 * {@link PortableOpsGenerator} writes each revision once as portable YAML and once as the
 * equivalent Alembic .py (with {@code batch_alter_table} where SQLite needs it); both run up one
 * revision at a time and back down to base on fresh SQLite files and PostgreSQL databases, and
 * after every step SQLAlchemy's inspector reflection and the rows of both databases must be
 * identical. A failure prints the seed and the failing revision in both forms.
 *
 * <p>Seed: {@code -Dretort.compat.portable.seed=N} (default fixed, so CI is repeatable); length:
 * {@code -Dretort.compat.portable.revisions=N}.
 *
 * <p>Generated: {@code create_table} (columns with type, nullable, server_default; named
 * {@code unique}, {@code checks}, {@code foreign_keys}; {@code if_not_exists}), {@code drop_table}
 * ({@code if_exists}), {@code rename_table}, {@code add_column} ({@code if_not_exists}),
 * {@code drop_column} ({@code if_exists}), {@code alter_column} (type, nullable, server_default
 * set and removed, new_name, every {@code existing_} value), {@code create_index} (unique,
 * {@code where}, {@code if_not_exists}), {@code drop_index} ({@code if_exists}),
 * {@code create_unique_constraint}, {@code create_check_constraint}, {@code create_foreign_key}
 * ({@code on_delete}; also as a column's {@code references} and {@code create_table}'s {@code foreign_keys}), {@code drop_constraint} (unique, check, foreignkey), {@code execute} (one
 * and several statements, per dialect) and {@code bulk_insert}; downgrades written out or, where
 * every operation reverses itself, derived by retort. Types: integer, bigint, smallint,
 * string(n), text, boolean, numeric(p,s), date.
 *
 * <p>Not generated, because the tools differ there on purpose (README, "Portable revisions") or
 * Alembic 1.8.1 has no equivalent: expression indexes (batch mode can't reflect them, so it drops
 * them; retort keeps them); unnamed CHECK and UNIQUE constraints (batch mode drops reflected
 * unnamed CHECKs); two UNIQUE constraints on the same columns (batch mode keeps one of them,
 * retort both; found by this suite with the default seed); {@code drop_column} of a column an index or constraint uses (retort drops its
 * indexes, as PostgreSQL does); {@code if_exists}/{@code if_not_exists} on an object that is or
 * isn't there (Alembic has no guards: the .py runs the plain operation); {@code concurrently},
 * {@code not_valid}, {@code using} and {@code create_primary_key}/dropping a primary key (the
 * generated tables keep their {@code id} key; PortableDifferentialTest covers these), and the
 * types json, jsonb, binary, float, time, datetime, datetime_tz (PortableDifferentialTest) and
 * uuid (SQLAlchemy 2.0 only).
 */
class PortableRandomDifferentialTest extends PortableDiffTestBase {
    static final long SEED = Long.getLong("retort.compat.portable.seed", 20251206L);
    static final int REVISIONS = Integer.getInteger("retort.compat.portable.revisions", 40);
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void randomChainsReflectAsAlembics(Dialect dialect) throws Exception {
        PortableOpsGenerator gen = new PortableOpsGenerator(SEED);
        List<PortableDiff.Rev> chain = gen.chain(REVISIONS, 6, 14);
        System.out.println("[PortableRandomDifferentialTest] " + dialect + ": seed " + SEED + ", " + chain.size()
                + " revisions, " + gen.operations().values().stream().mapToInt(Integer::intValue).sum() + " operations "
                + gen.operations());
        diff.run(chain, dialect, tmp, "seed " + SEED + ", reproduce with -Dretort.compat.portable.seed=" + SEED
                + " -Dretort.compat.portable.revisions=" + REVISIONS);
    }
}
