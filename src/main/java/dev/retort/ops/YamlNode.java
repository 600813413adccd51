package dev.retort.ops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.retort.api.RetortException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every value, so that errors in a portable
 * revision name the file, line and key (Jackson's tree model drops locations).
 */
sealed interface YamlNode {
    int line();

    /** What the node is, for "expected X, found Y" messages. */
    String describe();

    /** A mapping; keys keep their written order. */
    record Mapping(int line, Map<String, YamlNode> entries, Map<String, Integer> keyLines) implements YamlNode {
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(int line, List<YamlNode> items) implements YamlNode {
        public String describe() {
            return "a list";
        }
    }

    /** A scalar: {@code kind} tells a quoted "0" (STRING) from 0 (INTEGER). */
    record Scalar(int line, Kind kind, String text) implements YamlNode {
        enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        public String describe() {
            return switch (kind) {
                case STRING -> "the text '" + text + "'";
                case INTEGER, FLOAT -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "null";
            };
        }
    }

    /** Created on first use: Jackson's start-up is not free and most directories have no YAML. */
    final class Factory {
        static final YAMLFactory YAML = new YAMLFactory();

        private Factory() {
        }
    }

    /** Parses one YAML document; {@code shown} prefixes every error ({@code file:line: ...}). */
    static YamlNode parse(String text, String shown) {
        try (JsonParser p = Factory.YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Scalar(1, Scalar.Kind.NULL, "null");
            }
            YamlNode root = read(p, t, shown);
            if (p.nextToken() != null) {
                throw new RetortException(shown + ":" + line(p) + ": only one YAML document is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new RetortException(shown + ":" + line + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RetortException(shown + ": can't read it: " + e.getMessage());
        }
    }

    private static YamlNode read(JsonParser p, JsonToken t, String shown) throws IOException {
        int line = line(p);
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new RetortException(shown + ":" + line + ": YAML aliases (*name) are not supported; write the value out");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, Integer> lines = new LinkedHashMap<>();
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    if (lines.containsKey(key)) {
                        throw new RetortException(shown + ":" + keyLine + ": duplicate key '" + key
                                + "' (first at line " + lines.get(key) + ")");
                    }
                    lines.put(key, keyLine);
                    entries.put(key, read(p, p.nextToken(), shown));
                }
                return new Mapping(line, entries, lines);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, t, shown));
                }
                return new Sequence(line, items);
            }
            case VALUE_STRING -> {
                return new Scalar(line, Scalar.Kind.STRING, p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return new Scalar(line, Scalar.Kind.INTEGER, p.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(line, Scalar.Kind.FLOAT, p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(line, Scalar.Kind.BOOLEAN, p.getText());
            }
            case VALUE_NULL -> {
                return new Scalar(line, Scalar.Kind.NULL, "null");
            }
            default -> throw new RetortException(shown + ":" + line + ": unsupported YAML value (" + t + ")");
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
