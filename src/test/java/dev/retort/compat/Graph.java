package dev.retort.compat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A revision graph as written to disk: revisions in file-name order (= map order for both
 * tools). {@code dependsOn} holds the declared text (an id or a branch label).
 */
record Graph(String name, List<Rev> revs) {

    /** One revision. {@code fileStem} is the file name without {@code .py}/{@code .sql}. */
    record Rev(String id, String fileStem, String message, List<String> down, List<String> labels,
            List<String> dependsOn) {
        Rev {
            down = List.copyOf(down);
            labels = List.copyOf(labels);
            dependsOn = List.copyOf(dependsOn);
        }

        /** {@code id <- p1,p2 [l1,l2] dep(d1)} */
        String compact() {
            StringBuilder sb = new StringBuilder(id).append(" <- ");
            sb.append(down.isEmpty() ? "base" : String.join(",", down));
            if (!labels.isEmpty()) {
                sb.append(" [").append(String.join(",", labels)).append(']');
            }
            if (!dependsOn.isEmpty()) {
                sb.append(" dep(").append(String.join(",", dependsOn)).append(')');
            }
            return sb.toString();
        }
    }

    Graph {
        revs = List.copyOf(revs);
    }

    Rev rev(String id) {
        for (Rev r : revs) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no revision " + id);
    }

    Set<String> labels() {
        Set<String> all = new LinkedHashSet<>();
        revs.forEach(r -> all.addAll(r.labels()));
        return all;
    }

    /**
     * The graph in file-name order as a compact list, one revision per line, e.g.
     * {@code 3f2a9c1d7e10 <- 1a2b3c4d5e6f,9c0ffee12345 [feat] dep(lib1)}.
     */
    String compact() {
        return revs.stream().map(r -> "  " + r.compact()).collect(Collectors.joining("\n"));
    }

    /** The same, as one Java expression a unit test can paste. */
    String asJavaList() {
        List<String> parts = new ArrayList<>();
        for (Rev r : revs) {
            parts.add('"' + r.compact() + '"');
        }
        return "List.of(" + String.join(", ", parts) + ")";
    }

    static String join(Collection<String> c) {
        return "{" + String.join(", ", c) + "}";
    }
}
