package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.api.RetortException;
import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionGraph.Mark;
import dev.retort.diagram.Dot;
import dev.retort.diagram.Mermaid;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code retort graph [-r RANGE] [-i] [--format mermaid|dot|svg] [--output FILE]}: the revision
 * graph as a picture (or, with {@code --json}, as nodes and edges). Exit status: 0; 1 the command
 * failed (e.g. Graphviz rejected the input, the file can't be written); 2 usage, or {@code svg}
 * without Graphviz's {@code dot} on PATH.
 */
final class GraphCommand extends Command {
    static final String USAGE = "graph [-r RANGE] [-i] [--format mermaid|dot|svg] [--output FILE]";

    /** What the command writes: {@code --format}'s three, or the {@code --json} document. */
    enum Format { MERMAID, DOT, SVG, JSON }

    GraphCommand() {
        super(USAGE, Needs.REVISIONS);
    }

    @Override
    int run(Invocation in) throws org.apache.commons.cli.ParseException {
        in.none();
        return run(in.options(), Main.unescape(in.value("rev-range")), in.retort(), in.json(), in.out());
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Option.builder("r").longOpt("rev-range").hasArg().argName("RANGE")
                .desc("revisions to show, as history -r (default all)").build());
        o.addOption(Option.builder("i").longOpt("indicate-current")
                .desc("highlight the revisions applied to the database and mark its current heads").build());
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT")
                .desc("mermaid (default), dot or svg (runs Graphviz's dot)").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("FILE")
                .desc("write to FILE instead of stdout").build());
    }

    /** Runs the command; {@code range} is {@code -r}'s value (null: all revisions). */
    static int run(CommandLine cl, String range, Retort retort, boolean json, PrintStream out) {
        Format format = format(Invocation.last(cl, "format"), json);
        RevisionGraph diagram = retort.graph(range, cl.hasOption("indicate-current"));
        byte[] bytes = switch (format) {
            case MERMAID -> utf8(Mermaid.render(diagram));
            case DOT -> utf8(Dot.render(diagram));
            case SVG -> Graphviz.svg(Dot.render(diagram), System.getenv("PATH"));
            case JSON -> utf8(Json.write(doc(diagram)) + "\n");
        };
        String file = Invocation.last(cl, "output");
        if (file == null) {
            out.writeBytes(bytes);
        } else {
            Path written = write(Path.of(file), bytes);
            if (!json) {    // with --json stdout stays a JSON document (here: none, the file holds it)
                out.println("Generating " + written + " ...  done");
            }
        }
        return 0;
    }

    private static Format format(String value, boolean json) {
        if (json && value != null) {
            throw RetortException.usage("graph takes --json or --format, not both\nusage: retort " + USAGE);
        }
        if (json) {
            return Format.JSON;
        }
        return switch (value == null ? "mermaid" : value.strip().toLowerCase()) {
            case "mermaid" -> Format.MERMAID;
            case "dot" -> Format.DOT;
            case "svg" -> Format.SVG;
            default -> throw RetortException.usage("--format takes mermaid, dot or svg, not '" + value + "'");
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the file whole or not at all: a temporary file beside it, then moved over it. */
    private static Path write(Path file, byte[] bytes) {
        Path target = file.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new RetortException("Can't write " + target + ": the directory " + target.getParent()
                    + " does not exist; create it first");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (java.nio.file.AccessDeniedException e) {     // its message is the bare name of the temporary file
            throw new RetortException("Can't write " + target + ": permission denied in " + target.getParent(), e);
        } catch (IOException e) {
            throw new RetortException("Can't write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the move already failed with the error reported
                }
            }
        }
    }

    /** The {@code --json} document: nodes in history order, then edges. */
    static Map<String, Object> doc(RevisionGraph d) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (RevisionGraph.Node b : d.nodes()) {
            nodes.add(Json.doc("revision", b.revision(),
                    "message", b.message(),
                    "labels", b.labels(),
                    "is_head", b.has(Mark.HEAD),
                    "is_effective_head", b.has(Mark.EFFECTIVE_HEAD),
                    "is_base", b.has(Mark.BASE),
                    "is_merge_point", b.has(Mark.MERGE_POINT),
                    "is_branch_point", b.has(Mark.BRANCH_POINT),
                    "applied", b.applied() == RevisionGraph.Applied.UNKNOWN ? null
                            : b.applied() == RevisionGraph.Applied.YES,
                    "is_current", d.indicated() ? b.has(Mark.CURRENT) : null));
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        d.edges().forEach(e -> edges.add(Json.doc("from", e.from(), "to", e.to(), "kind", Json.id(e.kind()))));
        return Json.doc("nodes", nodes, "edges", edges);
    }
}
