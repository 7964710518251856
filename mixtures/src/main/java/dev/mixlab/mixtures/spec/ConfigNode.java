package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import dev.mixlab.filters.normalise.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * A YAML node that remembers its file, line, column and key path, so every validation error can say
 * exactly where the problem is. Reading a map through {@link #fields(Set)} rejects unknown keys
 * with a "did you mean" suggestion.
 */
public final class ConfigNode {
    private final Path file;
    private final String path;
    private final Node node;

    private ConfigNode(Path file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /**
     * The largest spec file read. Specs are a few kilobytes (the paper's design is 6 KB); a larger
     * file is a mistake, and parsing one long string costs quadratic time (a 50 MB spec kept {@code
     * plan} busy for 11 minutes), so it is refused before parsing.
     */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /**
     * Parses a YAML file; syntax errors become a {@link SpecException} at the offending line. The
     * file must be UTF-8 and at most {@link #MAX_FILE_BYTES}; it is read with that bound whatever
     * its declared size (a pipe, a device).
     */
    public static ConfigNode load(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            String why =
                    e instanceof java.nio.file.NoSuchFileException
                            ? "it does not exist"
                            : e instanceof java.nio.file.AccessDeniedException
                                    ? "permission denied"
                                    : e.getMessage();
            throw new SpecException(file, 0, 0, "", "cannot read the spec file: " + why);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new SpecException(
                    file,
                    0,
                    0,
                    "",
                    "the spec file is larger than "
                            + (MAX_FILE_BYTES >> 20)
                            + " MiB; a spec is a few kilobytes of YAML, is this the right file?");
        }
        return parse(file, new java.io.StringReader(utf8(file, bytes)));
    }

    /** {@code bytes} decoded as UTF-8; anything else is an error at the first offending byte. */
    private static String utf8(Path file, byte[] bytes) {
        try {
            return Utf8.decode(bytes);
        } catch (Utf8.InvalidUtf8 e) {
            throw notUtf8(file, bytes, (int) e.offset());
        }
    }

    private static SpecException notUtf8(Path file, byte[] bytes, int offset) {
        int lineStart = 0;
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        int column = before.codePointCount(0, before.length()) + 1;
        return new SpecException(
                file,
                line,
                column,
                "",
                String.format(
                        "the spec file must be UTF-8: byte 0x%02X at offset %d (line %d, column %d)"
                                + " does not start a valid UTF-8 sequence; save the file as UTF-8",
                        bytes[offset] & 0xff, offset, line, column));
    }

    public static ConfigNode parse(Path file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        // The parser's own bound, for YAML that does not come from load() (e.g. a string).
        options.setCodePointLimit(MAX_FILE_BYTES);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new SpecException(
                    file,
                    mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1,
                    "",
                    "YAML syntax error: "
                            + problem
                            + context
                            + "; check the indentation and quoting here");
        } catch (YAMLException e) {
            throw new SpecException(file, 0, 0, "", "YAML error: " + e.getMessage());
        }
        if (root == null) throw new SpecException(file, 1, 1, "", "the spec file is empty");
        return new ConfigNode(file, "", root);
    }

    public Path file() {
        return file;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public int column() {
        return node.getStartMark().getColumn() + 1;
    }

    public SpecException error(String message) {
        return new SpecException(file, line(), column(), path, message);
    }

    /**
     * Re-locates a record's own validation failure at this node (or at the named child if it
     * exists).
     */
    public SpecException error(InvalidValueException e) {
        if (!e.key().isEmpty() && isMap()) {
            Optional<ConfigNode> child = fieldsUnchecked().optional(e.key());
            if (child.isPresent()) return child.get().error(e.getMessage());
            return new SpecException(file, line(), column(), childPath(e.key()), e.getMessage());
        }
        return error(e.getMessage());
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    /** The map's fields; any key outside {@code allowed} is an error with a suggestion. */
    public Fields fields(Set<String> allowed) {
        Fields fields = fieldsUnchecked();
        for (Map.Entry<String, ConfigNode> entry : fields.entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw new SpecException(
                        file,
                        fields.keyLines.get(entry.getKey()),
                        fields.keyColumns.get(entry.getKey()),
                        entry.getValue().path,
                        "unknown key '"
                                + entry.getKey()
                                + "'"
                                + Suggestions.didYouMean(entry.getKey(), allowed)
                                + "; allowed here: "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return fields;
    }

    /** The map's fields with free-form keys (e.g. source names as weight keys). */
    public Fields fieldsUnchecked() {
        if (!(node instanceof MappingNode map))
            throw error("expected a map of key: value, found " + describe());
        Fields fields = new Fields();
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigNode(file, path, tuple.getKeyNode())
                        .error("keys must be plain names");
            }
            String key = keyNode.getValue();
            if (fields.entries.containsKey(key)) {
                throw new ConfigNode(file, childPath(key), keyNode)
                        .error(
                                "duplicate key '"
                                        + key
                                        + "' (first at line "
                                        + fields.keyLines.get(key)
                                        + "); keep one of them");
            }
            fields.entries.put(key, new ConfigNode(file, childPath(key), tuple.getValueNode()));
            fields.keyLines.put(key, keyNode.getStartMark().getLine() + 1);
            fields.keyColumns.put(key, keyNode.getStartMark().getColumn() + 1);
        }
        return fields;
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A list; a single scalar is accepted as a list of one when {@code scalarAsList}. */
    public List<ConfigNode> list(boolean scalarAsList) {
        if (node instanceof SequenceNode seq) {
            List<ConfigNode> items = new ArrayList<>();
            List<Node> values = seq.getValue();
            for (int i = 0; i < values.size(); i++) {
                items.add(new ConfigNode(file, path + "[" + i + "]", values.get(i)));
            }
            return items;
        }
        if (scalarAsList && isScalar()) return List.of(this);
        throw error("expected a list, found " + describe());
    }

    public List<String> stringList() {
        return list(true).stream().map(ConfigNode::string).toList();
    }

    public String string() {
        if (!isScalar()) throw error("expected a single value, found " + describe());
        return ((ScalarNode) node).getValue();
    }

    /** A name that becomes a path segment: {@link Names}' rule. */
    public String name() {
        // strip, not trim: trim would also drop control characters at the ends.
        String value = string().strip();
        Names.problem(value)
                .ifPresent(
                        problem -> {
                            throw error(problem);
                        });
        return value;
    }

    /**
     * A name this node implies rather than writes (a sweep's mixture, a run id): the same rule,
     * reported here.
     */
    public String generatedName(String value) {
        Names.problem(value)
                .ifPresent(
                        problem -> {
                            throw error("the generated name " + problem);
                        });
        return value;
    }

    public double number() {
        String value = string().trim().replace("_", "");
        try {
            double d = Double.parseDouble(value);
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw error("expected a number, found '" + value + "'");
        }
    }

    public long integer() {
        double d = number();
        if (d != Math.rint(d) || Math.abs(d) > 9.0e15)
            throw error("expected a whole number, found '" + string() + "'");
        return (long) d;
    }

    public boolean bool() {
        return switch (string().trim().toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, found '" + string() + "'");
        };
    }

    /**
     * A token count such as {@code 200B}, {@code 50M}, {@code 1.5e6} or {@code 2_000_000}; must be
     * positive.
     */
    public long tokenCount() {
        try {
            return TokenCounts.parse(string());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /**
     * Plain Java value (String, Number, Boolean, List, Map) for free-form settings handed to other
     * modules.
     */
    public Object plain() {
        if (isNull()) return null;
        if (node instanceof ScalarNode scalar) {
            String tag = scalar.getTag().getValue();
            if (tag.endsWith(":int")) return integer();
            if (tag.endsWith(":float")) return number();
            if (tag.endsWith(":bool")) return bool();
            return scalar.getValue();
        }
        if (isList()) return list(false).stream().map(ConfigNode::plain).toList();
        Map<String, Object> map = new LinkedHashMap<>();
        fieldsUnchecked().entries.forEach((k, v) -> map.put(k, v.plain()));
        return java.util.Collections.unmodifiableMap(map);
    }

    private String describe() {
        if (isNull()) return "nothing (null)";
        if (node instanceof MappingNode) return "a map";
        if (node instanceof SequenceNode) return "a list";
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    /** The fields of a map node, in file order. */
    public static final class Fields {
        private final Map<String, ConfigNode> entries = new LinkedHashMap<>();
        private final Map<String, Integer> keyLines = new LinkedHashMap<>();
        private final Map<String, Integer> keyColumns = new LinkedHashMap<>();

        public Optional<ConfigNode> optional(String key) {
            ConfigNode value = entries.get(key);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
        }

        public boolean has(String key) {
            return optional(key).isPresent();
        }

        public ConfigNode require(String key, ConfigNode owner) {
            return optional(key)
                    .orElseThrow(() -> owner.error("missing required key '" + key + "'"));
        }

        public Collection<String> keys() {
            return entries.keySet();
        }

        public Map<String, ConfigNode> entries() {
            return java.util.Collections.unmodifiableMap(entries);
        }

        /**
         * The entries whose keys are names ({@link Names}), e.g. model sizes; an invalid key is an
         * error at the key.
         */
        public Map<String, ConfigNode> namedEntries() {
            entries.forEach(
                    (key, value) ->
                            Names.problem(key)
                                    .ifPresent(
                                            problem -> {
                                                throw new SpecException(
                                                        value.file,
                                                        keyLines.get(key),
                                                        keyColumns.get(key),
                                                        value.path,
                                                        problem);
                                            }));
            return entries();
        }
    }
}
