package io.sluice.config;

import java.io.Reader;
import java.io.StringReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns the text of {@code sluice.yaml} into flat {@code key -> raw value} pairs.
 *
 * <p>Both {@code a.b.c: value} and nested maps ({@code a: {b: {c: value}}}) give the key {@code a.b.c};
 * a list of scalars becomes one comma-separated value. Only the YAML node tree is used, never SnakeYAML's
 * type resolution, so every value stays the text the operator wrote ({@code 010}, {@code no} and
 * {@code 2024-01-01} are not turned into numbers, booleans or dates); typed options parse it later. An
 * empty value ({@code key:}, {@code ~}, {@code null}) means "not set".
 */
final class YamlConfigParser {

    /** Guards against aliases that make a map contain itself. */
    private static final int MAX_DEPTH = 64;

    private static final Set<String> NULL_SCALARS = Set.of("", "~", "null", "Null", "NULL");

    private final String sourceName;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> lineOfKey = new HashMap<>();

    private YamlConfigParser(String sourceName) {
        this.sourceName = sourceName;
    }

    /**
     * Parses YAML text.
     *
     * @param sourceName the file name used in error messages
     * @throws IllegalConfigurationException naming the file and line of the first problem
     */
    static Map<String, String> parse(String yamlText, String sourceName) {
        YamlConfigParser parser = new YamlConfigParser(sourceName);
        parser.parseDocument(new StringReader(yamlText));
        return parser.values;
    }

    private void parseDocument(Reader reader) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw error(mark, "invalid YAML: " + e.getProblem()
                    + ". Write one 'key: value' per line; indent nested keys with spaces, never tabs");
        } catch (YAMLException e) {
            throw new IllegalConfigurationException("Cannot parse " + sourceName + ": invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return; // empty file or only comments
        }
        if (!(root instanceof MappingNode map)) {
            if (isNull(root)) {
                return;
            }
            throw error(root.getStartMark(), "the file must be a map of 'key: value' entries, found a "
                    + describe(root));
        }
        flattenMap("", map, 0);
    }

    private void flattenMap(String prefix, MappingNode map, int depth) {
        if (depth > MAX_DEPTH) {
            throw error(map.getStartMark(), "maps nested more than " + MAX_DEPTH + " levels deep (recursive alias?)");
        }
        for (NodeTuple entry : map.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode keyNode)) {
                throw error(entry.getKeyNode().getStartMark(), "keys must be plain text, found a "
                        + describe(entry.getKeyNode()));
            }
            String keyText = keyNode.getValue().trim();
            if (keyText.isEmpty()) {
                throw error(keyNode.getStartMark(), "empty key");
            }
            String key = prefix + keyText;
            Node valueNode = entry.getValueNode();
            if (valueNode instanceof MappingNode nested) {
                flattenMap(key + ".", nested, depth + 1);
            } else if (valueNode instanceof SequenceNode list) {
                put(key, joinList(key, list), keyNode);
            } else if (valueNode instanceof ScalarNode scalar) {
                if (!isNull(scalar)) {
                    put(key, scalar.getValue().trim(), keyNode);
                }
            } else {
                throw error(valueNode.getStartMark(), "unsupported value for '" + key + "'");
            }
        }
    }

    private String joinList(String key, SequenceNode list) {
        StringBuilder joined = new StringBuilder();
        for (Node item : list.getValue()) {
            if (!(item instanceof ScalarNode scalar)) {
                throw error(item.getStartMark(), "the list of '" + key + "' may only hold plain values, found a "
                        + describe(item));
            }
            if (isNull(scalar)) {
                continue;
            }
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(scalar.getValue().trim());
        }
        return joined.toString();
    }

    private void put(String key, String value, ScalarNode keyNode) {
        int line = keyNode.getStartMark().getLine() + 1;
        Integer firstLine = lineOfKey.putIfAbsent(key, line);
        if (firstLine != null) {
            // a silent "last one wins" would hide a typo-level mistake; make the operator pick one
            throw error(keyNode.getStartMark(), "key '" + key + "' is set twice (lines " + firstLine + " and "
                    + line + "); remove one of them");
        }
        values.put(key, value);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar
                && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                && NULL_SCALARS.contains(scalar.getValue().trim());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "map";
        }
        return node instanceof SequenceNode ? "list" : "value '" + ((ScalarNode) node).getValue() + "'";
    }

    private IllegalConfigurationException error(Mark mark, String problem) {
        String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        return new IllegalConfigurationException("Cannot parse " + sourceName + where + ": " + problem);
    }
}
