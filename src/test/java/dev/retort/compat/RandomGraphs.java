package dev.retort.compat;

import dev.retort.compat.Graph.Rev;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random revision graphs: chains, branch points, merges of 2–3 parents, several bases, branch
 * labels (incl. short ones that only match exactly, and ones that are prefixes of ids),
 * depends_on by id or by label (incl. redundant ones that Alembic normalises away), ids that
 * share prefixes (ambiguous partial ids), and three file-name orders (creation order, random,
 * by id as Alembic's default {@code <rev>_<slug>} naming gives).
 *
 * <p>Shapes deliberately NOT generated (see alembic-behaviour.md §4.3 "Known 1.8.1 failure"):
 * a revision whose parents (down revisions plus normalised dependencies) include one that is an
 * ancestor of another — Alembic 1.8.1 then crashes with a KeyError or leaves redundant rows.
 * Also not generated: two or more dependencies that survive normalisation, because Alembic keeps
 * those in a Python set, so their order (which steers traversal) is hash-seed dependent; and
 * labels equal to an id, duplicate labels, cycles (all load errors, covered by unit tests).
 */
final class RandomGraphs {
    private static final String[] LABEL_POOL = {
        "alpha", "beta", "gamma", "delta", "feat", "lib1", "lib2", "ops", "ab", "x1", "zeta", "omega",
        "reports", "billing", "auth2", "mobile",
    };
    private static final String[] WORDS = {
        "add", "users", "table", "index", "drop", "column", "credits", "chats", "files", "merge",
        "fix", "auth", "data", "migration", "rename", "audit",
    };

    private RandomGraphs() {
    }

    /** File-name order of the generated files. */
    enum FileOrder { CREATION, RANDOM, BY_ID }

    static Graph generate(Random rnd, String name, int size) {
        return new Generator(rnd).generate(name, size);
    }

    private static final class Generator {
        final Random rnd;
        final List<String> ids = new ArrayList<>();
        final Map<String, List<String>> down = new HashMap<>();
        final Map<String, List<String>> labels = new HashMap<>();
        final Map<String, List<String>> depsDeclared = new HashMap<>();
        final Map<String, Set<String>> depsResolved = new HashMap<>();
        final Map<String, String> labelOwner = new HashMap<>();
        final Map<String, Set<String>> ancAll = new HashMap<>(); // inclusive, via normalised parents
        final Map<String, Set<String>> ancVersioned = new HashMap<>(); // inclusive, via down only
        final Set<String> hasVersionedChild = new HashSet<>();

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        Graph generate(String name, int size) {
            int bases = 0;
            for (int k = 0; k < size; k++) {
                String id = newId();
                List<String> d = chooseDown(k, bases);
                if (d.isEmpty()) {
                    bases++;
                }
                List<String> l = chooseLabels();
                List<String> deps = chooseDeps(id, d);
                add(id, d, l, deps);
            }
            return build(name);
        }

        String newId() {
            while (true) {
                StringBuilder sb = new StringBuilder();
                if (!ids.isEmpty() && rnd.nextDouble() < 0.15) {
                    // share a prefix with an existing id: partial ids become ambiguous
                    String other = ids.get(rnd.nextInt(ids.size()));
                    sb.append(other, 0, 2 + rnd.nextInt(4));
                }
                while (sb.length() < 12) {
                    sb.append(Character.forDigit(rnd.nextInt(16), 16));
                }
                String id = sb.toString();
                if (!down.containsKey(id) && !labelOwner.containsKey(id)) {
                    return id;
                }
            }
        }

        List<String> heads() {
            List<String> h = new ArrayList<>();
            for (String id : ids) {
                if (!hasVersionedChild.contains(id)) {
                    h.add(id);
                }
            }
            return h;
        }

        List<String> chooseDown(int k, int bases) {
            if (k == 0) {
                return List.of();
            }
            double r = rnd.nextDouble();
            if (r < 0.07 && bases < 3) {
                return List.of();
            }
            List<String> heads = heads();
            if (r < 0.25) {
                for (int attempt = 0; attempt < 10; attempt++) {
                    int m = rnd.nextDouble() < 0.3 ? 3 : 2;
                    List<String> pool = new ArrayList<>(rnd.nextDouble() < 0.85 ? heads : ids);
                    if (pool.size() < m) {
                        continue;
                    }
                    Collections.shuffle(pool, rnd);
                    List<String> pick = pool.subList(0, m);
                    if (isAntichain(pick)) {
                        return List.copyOf(pick);
                    }
                }
            }
            if (rnd.nextDouble() < 0.7) {
                return List.of(heads.get(rnd.nextInt(heads.size())));
            }
            return List.of(ids.get(rnd.nextInt(ids.size())));
        }

        List<String> chooseLabels() {
            if (rnd.nextDouble() >= 0.2) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            int n = rnd.nextDouble() < 0.15 ? 2 : 1;
            for (int attempt = 0; attempt < 20 && out.size() < n; attempt++) {
                String l;
                if (!ids.isEmpty() && rnd.nextDouble() < 0.1) {
                    // a label that is a prefix of an id: "abcd" matches both by prefix
                    String other = ids.get(rnd.nextInt(ids.size()));
                    l = other.substring(0, 4 + rnd.nextInt(3));
                } else {
                    l = LABEL_POOL[rnd.nextInt(LABEL_POOL.length)];
                }
                if (!labelOwner.containsKey(l) && !down.containsKey(l) && !out.contains(l)) {
                    out.add(l);
                }
            }
            return out;
        }

        List<String> chooseDeps(String id, List<String> d) {
            if (ids.isEmpty() || rnd.nextDouble() >= 0.2) {
                return List.of();
            }
            Set<String> ancOfDown = new HashSet<>();
            Set<String> versionedAnc = new HashSet<>();
            for (String p : d) {
                ancOfDown.addAll(ancAll.get(p));
                versionedAnc.addAll(ancVersioned.get(p));
            }
            List<String> out = new ArrayList<>();
            // one "real" dependency: not already an ancestor
            List<String> candidates = new ArrayList<>();
            for (String c : ids) {
                if (!ancOfDown.contains(c)) {
                    candidates.add(c);
                }
            }
            if (!candidates.isEmpty() && rnd.nextDouble() < 0.85) {
                out.add(declared(candidates.get(rnd.nextInt(candidates.size()))));
            }
            // redundant ones that normalisation removes
            double r = rnd.nextDouble();
            if (r < 0.25) {
                List<String> inherited = new ArrayList<>();
                for (String a : versionedAnc) {
                    inherited.addAll(depsResolved.get(a));
                }
                Collections.sort(inherited);
                if (!inherited.isEmpty()) {
                    out.add(declared(inherited.get(rnd.nextInt(inherited.size()))));
                }
            } else if (r < 0.35 && d.size() == 1) {
                out.add(declared(d.get(0))); // dependency equal to the down revision
            }
            List<String> dedup = new ArrayList<>(new LinkedHashSet<>(out));
            if (rnd.nextBoolean()) {
                Collections.reverse(dedup);
            }
            // check the resulting parents; drop the dependencies when the shape is one we avoid
            List<String> parents = normalisedParents(d, resolve(dedup));
            long survivingDeps = parents.size() - d.size();
            if (survivingDeps > 1 || !isAntichain(parents)) {
                return List.of();
            }
            return dedup;
        }

        String declared(String target) {
            List<String> l = labels.get(target);
            if (!l.isEmpty() && rnd.nextBoolean()) {
                return l.get(rnd.nextInt(l.size()));
            }
            return target;
        }

        Set<String> resolve(List<String> declared) {
            Set<String> out = new LinkedHashSet<>();
            for (String x : declared) {
                out.add(labelOwner.getOrDefault(x, x));
            }
            return out;
        }

        List<String> normalisedParents(List<String> d, Set<String> resolvedDeps) {
            Set<String> norm = new LinkedHashSet<>(resolvedDeps);
            for (String p : d) {
                for (String a : ancVersioned.get(p)) {
                    norm.removeAll(depsResolved.get(a));
                }
            }
            LinkedHashSet<String> parents = new LinkedHashSet<>(d);
            parents.addAll(norm);
            return new ArrayList<>(parents);
        }

        boolean isAntichain(List<String> revs) {
            for (String a : revs) {
                for (String b : revs) {
                    if (!a.equals(b) && ancAll.get(b).contains(a)) {
                        return false;
                    }
                }
            }
            return new HashSet<>(revs).size() == revs.size();
        }

        void add(String id, List<String> d, List<String> l, List<String> deps) {
            ids.add(id);
            down.put(id, d);
            labels.put(id, l);
            l.forEach(x -> labelOwner.put(x, id));
            depsDeclared.put(id, deps);
            Set<String> resolved = resolve(deps);
            depsResolved.put(id, resolved);
            Set<String> aAll = new HashSet<>(Set.of(id));
            for (String p : normalisedParents(d, resolved)) {
                aAll.addAll(ancAll.get(p));
            }
            ancAll.put(id, aAll);
            Set<String> aV = new HashSet<>(Set.of(id));
            for (String p : d) {
                aV.addAll(ancVersioned.get(p));
                hasVersionedChild.add(p);
            }
            ancVersioned.put(id, aV);
        }

        Graph build(String name) {
            FileOrder order = FileOrder.values()[rnd.nextInt(FileOrder.values().length)];
            List<String> fileOrder = new ArrayList<>(ids);
            if (order == FileOrder.RANDOM) {
                Collections.shuffle(fileOrder, rnd);
            } else if (order == FileOrder.BY_ID) {
                Collections.sort(fileOrder);
            }
            Map<String, Rev> byId = new LinkedHashMap<>();
            for (int i = 0; i < fileOrder.size(); i++) {
                String id = fileOrder.get(i);
                String message = message(ids.indexOf(id));
                String slug = message.toLowerCase().replaceAll("[^a-z0-9]+", "_");
                String stem = order == FileOrder.BY_ID ? id + "_" + slug : String.format("%02d_%s_%s", i, id, slug);
                byId.put(id, new Rev(id, stem, message, down.get(id), labels.get(id), depsDeclared.get(id)));
            }
            return new Graph(name + " (" + order.name().toLowerCase() + " file order)", new ArrayList<>(byId.values()));
        }

        String message(int k) {
            return WORDS[(k * 7 + 3) % WORDS.length] + " " + WORDS[(k * 5 + 1) % WORDS.length] + " " + k;
        }
    }
}
