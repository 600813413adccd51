package dev.retort.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The real Graphviz ({@code dot -Tsvg}, Debian's graphviz) as a test oracle for DOT text. */
public final class GraphvizSvg {
    private GraphvizSvg() {
    }

    private static boolean skipAnnounced;

    /**
     * Skips the calling test (JUnit assumption, plus a line on stderr) when Graphviz's {@code dot} is
     * not on PATH — or fails it when RETORT_REQUIRE_GRAPHVIZ=1, as {@code .ci/run} sets it.
     */
    public static void assumeAvailable() {
        String path = System.getenv("PATH");
        if (path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "dot")))) {
            return;
        }
        String message = "the Graphviz tests need Graphviz's dot on PATH (Debian package graphviz)";
        if ("1".equals(System.getenv("RETORT_REQUIRE_GRAPHVIZ"))) {
            Assertions.fail(message + " — and RETORT_REQUIRE_GRAPHVIZ=1 is set, so this is a failure");
        }
        if (!skipAnnounced) {
            skipAnnounced = true;
            System.err.println("SKIPPED: " + message + ". Install it with `apt-get install graphviz`"
                    + " (set RETORT_REQUIRE_GRAPHVIZ=1 to make this fatal).");
        }
        Assumptions.abort(message);
    }

    /** Graphviz's SVG of a DOT text, parsed: a failing dot fails the test with its stderr. */
    public static Document of(String dot) throws Exception {
        assumeAvailable();
        Process p = new ProcessBuilder("dot", "-Tsvg").start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        }
        byte[] svg;
        try (InputStream out = p.getInputStream()) {
            svg = out.readAllBytes();
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "dot -Tsvg rejected the output:\n" + err + "\n" + dot);
        assertTrue(!err.contains("Error") && !err.contains("syntax"), err);
        return parse(svg);
    }

    /** Parses SVG bytes (without fetching its DTD). */
    public static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    /** The SVG's groups of one class ({@code node} or {@code edge}): title to the texts drawn. */
    public static Map<String, String> groups(Document svg, String kind) {
        Map<String, String> out = new LinkedHashMap<>();
        NodeList gs = svg.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (g.getAttribute("class").equals(kind)) {
                List<String> texts = new ArrayList<>();
                NodeList ts = g.getElementsByTagName("text");
                for (int j = 0; j < ts.getLength(); j++) {
                    texts.add(ts.item(j).getTextContent());
                }
                out.put(g.getElementsByTagName("title").item(0).getTextContent(), String.join("\n", texts));
            }
        }
        return out;
    }
}
