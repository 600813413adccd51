package dev.retort.ops;

import dev.retort.ops.Operation.*;
import java.util.ArrayList;
import java.util.List;

/** The derived downgrade of PORTABLE.md's "Downgrades": each operation's reverse, in reverse order. */
final class Reverse {
    private Reverse() {
    }

    static List<Operation> of(List<Operation> upgrade, String file) {
        List<Operation> out = new ArrayList<>();
        for (int i = upgrade.size() - 1; i >= 0; i--) {
            out.add(reverse(upgrade.get(i), file));
        }
        return out;
    }

    private static Operation reverse(Operation op, String file) {
        String guard = "an operation with if_exists / if_not_exists has no derived reverse";
        if (op instanceof CreateTable t) {
            if (t.ifNotExists()) {
                throw PortableReader.noReverse(file, op, guard);
            }
            return new DropTable(t.line(), t.table(), false);
        }
        if (op instanceof RenameTable r) {
            return new RenameTable(r.line(), r.newName(), r.table());
        }
        if (op instanceof AddColumn a) {
            if (a.ifNotExists()) {
                throw PortableReader.noReverse(file, op, guard);
            }
            return new DropColumn(a.line(), a.table(), a.column().name(), false);
        }
        if (op instanceof AlterColumn a) {
            return alter(a, file);
        }
        if (op instanceof CreateIndex c) {
            if (c.ifNotExists()) {
                throw PortableReader.noReverse(file, op, guard);
            }
            return new DropIndex(c.line(), c.index(), c.table(), c.concurrently(), false);
        }
        if (op instanceof CreateForeignKey f) {
            return new DropConstraint(f.line(), f.key().name(), f.table(), ConstraintType.FOREIGNKEY);
        }
        if (op instanceof CreateUniqueConstraint u) {
            return new DropConstraint(u.line(), u.constraint(), u.table(), ConstraintType.UNIQUE);
        }
        if (op instanceof CreateCheckConstraint c) {
            return new DropConstraint(c.line(), c.constraint(), c.table(), ConstraintType.CHECK);
        }
        if (op instanceof CreatePrimaryKey p) {
            return new DropConstraint(p.line(), p.constraint(), p.table(), ConstraintType.PRIMARY);
        }
        // drop_table, drop_column, drop_index, drop_constraint, execute, bulk_insert
        throw PortableReader.noReverse(file, op, op.name() + " has no reverse");
    }

    /** Reversible when every changed attribute has its existing_ value, or only new_name changed. */
    private static Operation alter(AlterColumn a, String file) {
        if (a.using() != null) {
            throw PortableReader.noReverse(file, a, "an alter_column with using has no derived reverse");
        }
        List<String> missing = new ArrayList<>();
        if (a.type() != null && a.existingType() == null) {
            missing.add("existing_type");
        }
        if (a.nullable() != null && a.existingNullable() == null) {
            missing.add("existing_nullable");
        }
        if (a.serverDefault() != null && a.existingServerDefault() == null) {
            missing.add("existing_server_default");
        }
        if (!missing.isEmpty()) {
            throw PortableReader.noReverse(file, a, "its reverse needs " + String.join(", ", missing));
        }
        String name = a.newName() == null ? a.column() : a.newName();
        return new AlterColumn(a.line(), a.table(), name,
                a.type() == null ? null : a.existingType(),
                a.nullable() == null ? null : a.existingNullable(),
                a.serverDefault() == null ? null : a.existingServerDefault(),
                a.newName() == null ? null : a.column(), null,
                a.type(), a.nullable(), a.serverDefault());
    }
}
