package dev.retort.diagram;

import dev.retort.graph.Node;
import dev.retort.graph.Queries;
import dev.retort.graph.RevisionMap;
import dev.retort.graph.Target;
import dev.retort.script.Revision;
import dev.retort.script.ScriptDirectory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The revision graphs the renderer tests draw, as history-ordered nodes. */
final class Graphs {
    /** A message with every character a format must escape, and non-ASCII text. */
    static final String NASTY = "Quote \" apos ' back\\slash C:\\New \\N #35; #quot; <b>tag</b> & &amp; [br] {x} (y)"
            + " |pipe| ;semi `tick` %% -->arrow ü ✓ 漢字";

    private Graphs() {
    }

    /** A revision: id, message, down revisions ("" for a base), then optional labels / depends_on. */
    static Revision rev(String id, String message, String down, List<String> labels, List<String> deps) {
        List<String> downs = down.isEmpty() ? List.of() : Arrays.stream(down.split(",")).map(String::strip).toList();
        return new Revision(id, downs, labels, deps, message, null, null, List.of(), List.of(), true, false);
    }

    static Revision rev(String id, String message, String down) {
        return rev(id, message, down, List.of(), List.of());
    }

    static List<Node> history(Revision... revisions) {
        return history(new RevisionMap(List.of(revisions)));
    }

    static List<Node> history(RevisionMap map) {
        return Queries.history(map, Target.of("base"), Target.of("heads"));
    }

    /** The repository's demo revisions (revisions/): a branch point, a labelled branch, a merge. */
    static RevisionMap demo() {
        return new RevisionMap(ScriptDirectory.load(List.of(Path.of("revisions"))));
    }

    /** a, then b and c on a: two heads. */
    static List<Node> twoHeads() {
        return history(rev("a", "create", ""), rev("b", "left", "a"), rev("c", "right", "a"));
    }

    /** a; b1, b2 (label reports), b3 on a; m merges all three; d on m. */
    static List<Node> threeWayMerge() {
        return history(rev("a", "create", ""), rev("b1", "one", "a"),
                rev("b2", "two", "a", List.of("reports"), List.of()), rev("b3", "three", "a"),
                rev("m", "merge three", "b1, b2, b3"), rev("d", "after", "m"));
    }

    /**
     * Two bases: x (label other) and a; b on a depends on x through its label, c on b depends on a by
     * id (also its ancestor) and on x by id (already implied).
     */
    static List<Node> dependsOn() {
        return history(rev("x", "other base", "", List.of("other"), List.of()), rev("a", "main base", ""),
                rev("b", "uses other", "a", List.of(), List.of("other")),
                rev("c", "uses both", "b", List.of(), List.of("a", "x")));
    }

    /** One revision whose message (and label) hold every character to escape. */
    static List<Node> nasty() {
        return history(rev("base1", "plain", ""), rev("e5c4pe", NASTY, "base1", List.of("lab\"el<1>"), List.of()));
    }
}
