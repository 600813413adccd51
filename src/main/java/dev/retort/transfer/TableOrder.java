package dev.retort.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parents before children: a topological order of tables by foreign keys, ties by name. */
final class TableOrder {
    private TableOrder() {
    }

    /**
     * The order; tables left in cycles are placed last, by name.
     *
     * @param parents child table to the tables it references (self-references are ignored)
     */
    static List<String> of(Set<String> tables, Map<String, Set<String>> parents) {
        Map<String, Set<String>> pending = new HashMap<>();
        Map<String, Set<String>> children = new HashMap<>();
        for (String t : tables) {
            Set<String> ps = new HashSet<>();
            for (String p : parents.getOrDefault(t, Set.of())) {
                if (!p.equals(t) && tables.contains(p)) {
                    ps.add(p);
                    children.computeIfAbsent(p, k -> new HashSet<>()).add(t);
                }
            }
            pending.put(t, ps);
        }
        TreeSet<String> ready = new TreeSet<>();
        pending.forEach((t, ps) -> {
            if (ps.isEmpty()) {
                ready.add(t);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String t = ready.pollFirst();
            order.add(t);
            for (String c : children.getOrDefault(t, Set.of())) {
                Set<String> ps = pending.get(c);
                ps.remove(t);
                if (ps.isEmpty()) {
                    ready.add(c);
                }
            }
        }
        Set<String> cyclic = new TreeSet<>(tables);
        cyclic.removeAll(order);
        order.addAll(cyclic);
        return order;
    }
}
