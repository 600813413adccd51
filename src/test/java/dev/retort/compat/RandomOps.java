package dev.retort.compat;

import dev.retort.compat.Graph.Rev;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random command lines over one graph: upgrade / downgrade / stamp (one to three targets,
 * with and without --purge) online, and upgrade / downgrade / stamp --sql ranges offline,
 * history ranges; targets of every kind Alembic knows, including ones it rejects.
 */
final class RandomOps {
    private final Graph g;
    private final Random rnd;
    private final List<String> labels;

    RandomOps(Graph g, Random rnd) {
        this.g = g;
        this.rnd = rnd;
        this.labels = new ArrayList<>(g.labels());
    }

    private Rev anyRev() {
        return g.revs().get(rnd.nextInt(g.revs().size()));
    }

    private String label() {
        return labels.isEmpty() ? anyRev().id() : labels.get(rnd.nextInt(labels.size()));
    }

    /** A full id, or a prefix of 4–8 characters. */
    private String revText() {
        String id = anyRev().id();
        return rnd.nextBoolean() ? id : id.substring(0, 4 + rnd.nextInt(5));
    }

    private int n() {
        return 1 + (rnd.nextDouble() < 0.7 ? 0 : rnd.nextInt(3));
    }

    /** Any target of upgrade/downgrade. */
    String target() {
        int k = rnd.nextInt(100);
        if (k < 7) {
            return "head";
        } else if (k < 14) {
            return "heads";
        } else if (k < 18) {
            return "base";
        } else if (k < 30) {
            return anyRev().id();
        } else if (k < 37) {
            return anyRev().id().substring(0, 4 + rnd.nextInt(5));
        } else if (k < 41) {
            return anyRev().id().substring(0, 1 + rnd.nextInt(3)); // too short unless exact
        } else if (k < 45) {
            return label();
        } else if (k < 50) {
            return label() + "@head";
        } else if (k < 52) {
            return label() + "@heads";
        } else if (k < 54) {
            return label() + "@base";
        } else if (k < 57) {
            return revText() + "@head";
        } else if (k < 58) {
            return revText() + "@heads";
        } else if (k < 61) {
            return label() + "@" + revText();
        } else if (k < 66) {
            return "+" + n();
        } else if (k < 71) {
            return "-" + n();
        } else if (k < 76) {
            return revText() + "+" + n();
        } else if (k < 81) {
            return revText() + "-" + n();
        } else if (k < 84) {
            return label() + "@+" + n();
        } else if (k < 87) {
            return label() + "@-" + n();
        } else if (k < 89) {
            return "head-1";
        } else if (k < 91) {
            return "base+" + n();
        } else if (k < 92) {
            return "heads-1";
        } else if (k < 94) {
            return label() + "@" + revText() + "+1";
        } else if (k < 96) {
            return "feedfacecafe"; // unknown id
        } else if (k < 98) {
            return "nolabel@head"; // unknown branch
        }
        return "nosuch";
    }

    /** A stamp target: no relative forms (Alembic resolves stamp targets with get_revisions). */
    String stampTarget() {
        int k = rnd.nextInt(100);
        if (k < 10) {
            return "heads";
        } else if (k < 17) {
            return "head";
        } else if (k < 25) {
            return "base";
        } else if (k < 60) {
            return anyRev().id();
        } else if (k < 70) {
            return anyRev().id().substring(0, 4 + rnd.nextInt(5));
        } else if (k < 78) {
            return label();
        } else if (k < 86) {
            return label() + "@head";
        } else if (k < 90) {
            return label() + "@base";
        } else if (k < 94) {
            return revText() + "@head";
        } else if (k < 97) {
            return anyRev().id().substring(0, 1 + rnd.nextInt(3));
        }
        return "feedfacecafe";
    }

    /** The start of an offline range: never starts with '-' (argparse would take it for an option). */
    String offlineFrom(boolean downgrade) {
        int k = rnd.nextInt(100);
        if (downgrade) {
            if (k < 25) {
                return "heads";
            } else if (k < 35) {
                return "head";
            } else if (k < 80) {
                return anyRev().id();
            } else if (k < 90) {
                return label() + "@head";
            }
            return revText();
        }
        if (k < 25) {
            return "base";
        } else if (k < 75) {
            return anyRev().id();
        } else if (k < 85) {
            return revText();
        }
        return label();
    }

    String historyBound(boolean lower) {
        int k = rnd.nextInt(100);
        if (k < 20) {
            return "";
        } else if (k < 45) {
            return anyRev().id();
        } else if (k < 52) {
            return revText();
        } else if (k < 58) {
            return label();
        } else if (k < 66) {
            return "current";
        } else if (k < 72) {
            return lower ? "base" : "heads";
        } else if (k < 78) {
            return lower ? "-" + n() : "+" + n();
        } else if (k < 84) {
            return lower ? anyRev().id() : revText() + "+1";
        } else if (k < 90) {
            return label() + "@head";
        } else if (k < 94) {
            return lower ? label() + "@base" : "head";
        }
        return lower ? "base" : "heads";
    }

    /** One random command line. */
    List<String> next() {
        int k = rnd.nextInt(100);
        if (k < 28) {
            return List.of("upgrade", target());
        } else if (k < 36) {
            return List.of("upgrade", rnd.nextBoolean() ? "heads" : "+1");
        } else if (k < 54) {
            return List.of("downgrade", target());
        } else if (k < 67) {
            List<String> cmd = new ArrayList<>(List.of("stamp"));
            if (rnd.nextDouble() < 0.25) {
                cmd.add("--purge");
            }
            int m = rnd.nextDouble() < 0.6 ? 1 : 2 + rnd.nextInt(2);
            for (int i = 0; i < m; i++) {
                cmd.add(stampTarget());
            }
            return cmd;
        } else if (k < 74) {
            String to = target();
            return rnd.nextDouble() < 0.3 ? List.of("upgrade", "--sql", to.startsWith("-") ? "heads" : to)
                    : List.of("upgrade", "--sql", offlineFrom(false) + ":" + to);
        } else if (k < 80) {
            return List.of("downgrade", "--sql", offlineFrom(true) + ":" + target());
        } else if (k < 84) {
            String to = stampTarget();
            return rnd.nextBoolean() ? List.of("stamp", "--sql", to) : List.of("stamp", "--sql", offlineFrom(false) + ":" + to);
        } else if (k < 95) {
            String range = historyBound(true) + ":" + historyBound(false);
            List<String> cmd = new ArrayList<>(List.of("history"));
            if (range.startsWith("-")) {
                cmd.add("--rev-range=" + range);
            } else {
                cmd.add("-r");
                cmd.add(range);
            }
            if (rnd.nextDouble() < 0.2) {
                cmd.add("-i");
            }
            return cmd;
        }
        return List.of("history", "-i");
    }
}
