package dev.retort.drift;

import dev.retort.api.SchemaDifference;
import dev.retort.api.SchemaDifference.Change;
import dev.retort.api.SchemaDifference.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Compares two schema snapshots (object → definition). Pure. */
public final class SchemaDiff {
    private SchemaDiff() {
    }

    /**
     * The differences, by kind then name. The columns, keys, constraints and indexes of a table that
     * is extra or missing as a whole are not listed again; a table present on both sides differs only
     * through them.
     */
    public static List<SchemaDifference> compare(Map<SchemaObject, String> expected, Map<SchemaObject, String> found) {
        Set<SchemaObject> all = new TreeSet<>(expected.keySet());
        all.addAll(found.keySet());
        Set<String> wholeTables = new HashSet<>();
        List<SchemaDifference> out = new ArrayList<>();
        for (SchemaObject o : all) {
            String e = expected.get(o);
            String f = found.get(o);
            if (o.kind() != Kind.TABLE && o.table() != null && wholeTables.contains(o.table())) {
                continue;
            }
            if (e == null || f == null) {
                if (o.kind() == Kind.TABLE) {
                    wholeTables.add(o.name());
                }
                out.add(new SchemaDifference(e == null ? Change.EXTRA : Change.MISSING, o.kind(), o.name(), e, f));
            } else if (!Objects.equals(e, f) && o.kind() != Kind.TABLE) {   // a table's columns are compared one by one
                out.add(new SchemaDifference(Change.CHANGED, o.kind(), o.name(), e, f));
            }
        }
        return out;
    }
}
