package dev.retort.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.api.RetortException;
import dev.retort.script.Revision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of src/test/resources/alembic-cases/alembic-cases.jsonl (taken from Alembic's own
 * tests) run against the pure graph layer. The expectations are read
 * from the file, never copied into code.
 */
class AlembicCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : casesLines()) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("//")) {
                continue;
            }
            JsonNode c = JSON.readTree(line);
            out.add(Arguments.of(Named.of(c.get("id").asText(), c)));
        }
        assertEquals(80, out.size(), "expected the 80 cases of alembic-cases.jsonl");
        return out.stream();
    }

    /** The repository's copy, from the test classpath. */
    private static List<String> casesLines() throws IOException {
        try (InputStream in = AlembicCasesTest.class.getResourceAsStream("/alembic-cases/alembic-cases.jsonl")) {
            assertNotNull(in, "alembic-cases/alembic-cases.jsonl is missing from src/test/resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseBehavesAsInAlembic(JsonNode c) {
        JsonNode expect = c.get("expect");
        JsonNode args = c.get("args");
        String op = c.get("op").asText();
        try {
            RevisionMap map = new RevisionMap(graph(c.get("graph")));
            switch (op) {
                case "map" -> checkMap(map, args, expect);
                case "resolve" -> checkResolve(map, args, expect);
                case "iterate" -> checkIterate(map, args, expect);
                case "upgrade", "downgrade", "stamp" -> checkCommand(map, op, args, expect);
                default -> fail("unknown op " + op);
            }
            if (expect.has("error")) {
                fail("expected " + expect.get("error_type").asText() + ": " + expect.get("error").asText());
            }
        } catch (RevisionError e) {
            assertError(expect, e.kind().alembicName(), e.getMessage(), e);
        } catch (RetortException e) {
            assertError(expect, "CommandError", e.getMessage(), e);
        }
    }

    private static void assertError(JsonNode expect, String type, String message, Exception e) {
        if (!expect.has("error")) {
            throw new AssertionError("unexpected error", e);
        }
        String wantType = expect.get("error_type").asText();
        // A RevisionError raised by the map becomes a CommandError only at the command layer.
        if (!wantType.equals("CommandError") || !type.equals("CommandError")) {
            assertEquals(wantType, type, message);
        }
        String want = expect.get("error").asText();
        assertTrue(message.startsWith(want), "error message\n  got:  " + message + "\n  want: " + want + "...");
    }

    static List<Revision> graph(JsonNode g) {
        List<Revision> revs = new ArrayList<>();
        for (JsonNode r : g) {
            revs.add(Revision.of(r.get("rev").asText(), strings(r.get("down")), strings(r.get("labels")),
                    strings(r.get("deps"))));
        }
        return revs;
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.asText());
            return out;
        }
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** An identifier argument: a string, a list (tuple), or null / [] for base. */
    private static Target ident(JsonNode n) {
        if (n == null || n.isNull() || (n.isArray() && n.isEmpty())) {
            return Target.NONE;
        }
        return n.isTextual() ? Target.of(n.asText()) : Target.of(strings(n));
    }

    private static List<String> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    private static void checkMap(RevisionMap map, JsonNode args, JsonNode expect) {
        if (expect.has("heads")) {
            assertEquals(strings(expect.get("heads")), ids(map.heads()), "heads");
        }
        if (expect.has("real_heads")) {
            assertEquals(strings(expect.get("real_heads")), ids(map.realHeads()), "real heads");
        }
        if (expect.has("bases")) {
            assertEquals(strings(expect.get("bases")), ids(map.bases()), "bases");
        }
        if (expect.has("labels")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expect.get("labels").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertEquals(strings(e.getValue()), List.copyOf(map.byId(e.getKey()).labels()),
                        "labels of " + e.getKey());
            }
        }
        if (expect.has("normalized_down")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expect.get("normalized_down").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertEquals(strings(e.getValue()), map.byId(e.getKey()).parents(), "parents of " + e.getKey());
            }
        }
    }

    private static void checkResolve(RevisionMap map, JsonNode args, JsonNode expect) {
        String id = args.get("id").asText();
        List<String> got = new ArrayList<>();
        if (args.has("multi") && args.get("multi").asBoolean()) {
            for (Node n : map.getRevisions(Target.of(id))) {
                if (n != null) {
                    got.add(n.id());
                }
            }
        } else {
            Node n = map.getRevision(id);
            if (n != null) {
                got.add(n.id());
            }
        }
        if (expect.has("revisions")) {
            assertEquals(strings(expect.get("revisions")), got);
        }
    }

    private static void checkIterate(RevisionMap map, JsonNode args, JsonNode expect) {
        Set<IterateOption> options = EnumSet.of(IterateOption.ASSERT_RELATIVE_LENGTH);
        if (!args.has("inclusive") || args.get("inclusive").asBoolean()) {
            options.add(IterateOption.INCLUSIVE);
        }
        if (args.has("implicit_base") && args.get("implicit_base").asBoolean()) {
            options.add(IterateOption.IMPLICIT_BASE);
        }
        if (args.has("select_for_downgrade") && args.get("select_for_downgrade").asBoolean()) {
            options.add(IterateOption.SELECT_FOR_DOWNGRADE);
        }
        List<Node> order = map.iterate(ident(args.get("upper")), ident(args.get("lower")), options, w -> { });
        if (expect.has("order")) {
            assertEquals(strings(expect.get("order")), ids(order));
        }
    }

    private static void checkCommand(RevisionMap map, String op, JsonNode args, JsonNode expect) {
        List<String> current = strings(args.get("current"));
        Plan plan = switch (op) {
            case "upgrade" -> Planner.upgrade(map, current, ident(args.get("target")));
            case "downgrade" -> Planner.downgrade(map, current, args.get("target").asText());
            default -> Planner.stamp(map, current, strings(args.get("target")));
        };
        if (expect.has("steps")) {
            assertEquals(strings(expect.get("steps")),
                    plan.steps().stream().map(s -> s.revision().id()).toList(), "steps");
        }
        if (expect.has("heads_after")) {
            assertEquals(strings(expect.get("heads_after")), plan.rowsAfter().stream().sorted().toList(),
                    "rows after");
        }
        List<String> rowOps = plan.steps().stream().flatMap(s -> s.rowChanges().stream())
                .map(RowChange::toString).toList();
        if (expect.has("row_ops")) {
            assertEquals(strings(expect.get("row_ops")), rowOps, "row ops");
        }
        if (expect.has("row_ops_any_of")) {
            List<List<String>> options = new ArrayList<>();
            expect.get("row_ops_any_of").forEach(o -> options.add(strings(o)));
            assertTrue(options.contains(rowOps), "row ops " + rowOps + " not among " + options);
        }
        if (expect.has("stamp_steps")) {
            List<List<List<String>>> want = new ArrayList<>();
            expect.get("stamp_steps").forEach(s -> want.add(List.of(strings(s.get(0)), strings(s.get(1)))));
            List<List<List<String>>> got = plan.steps().stream().map(s -> List.of(s.fromIds(), s.toIds())).toList();
            assertEquals(want, got, "stamp steps");
        }
    }
}
