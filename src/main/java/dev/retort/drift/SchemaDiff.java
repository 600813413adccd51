package dev.retort.drift;

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
    public static List<Drift> compare(Map<SchemaObject, String> expected, Map<SchemaObject, String> found) {
        Set<SchemaObject> all = new TreeSet<>(expected.keySet());
        all.addAll(found.keySet());
        Set<String> wholeTables = new HashSet<>();
        List<Drift> out = new ArrayList<>();
        for (SchemaObject o : all) {
            String e = expected.get(o);
            String f = found.get(o);
            if (!o.kind().equals("table") && o.table() != null && wholeTables.contains(o.table())) {
                continue;
            }
            if (e == null || f == null) {
                if (o.kind().equals("table")) {
                    wholeTables.add(o.name());
                }
                out.add(new Drift(e == null ? "extra" : "missing", o.kind(), o.name(), e, f));
            } else if (!Objects.equals(e, f) && !o.kind().equals("table")) {   // a table's columns are compared one by one
                out.add(new Drift("changed", o.kind(), o.name(), e, f));
            }
        }
        return out;
    }
}
