package io.switchboard.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Config files as trees: JSON or YAML chosen by extension (.json, .yaml, .yml); any other name tries both. */
public final class ConfigFiles {
    // A key given twice is almost always a merge accident; refuse it rather than silently keep the last one.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    // Arrays one element a line and "key": value, as people write JSON configs by hand.
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private ConfigFiles() {
    }

    public static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    static ObjectNode read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (write a starter config with genconfig)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        if (text.isBlank()) return JSON.createObjectNode();
        JsonNode tree;
        if (isJson(file)) {
            tree = parse(JSON, file, text, "JSON");
        } else if (isYaml(file)) {
            tree = parse(YAML, file, text, "YAML");
        } else {
            try {
                tree = JSON.readTree(text);
            } catch (JsonProcessingException notJson) {
                try {
                    tree = YAML.readTree(text);
                } catch (JsonProcessingException notYaml) {
                    throw new ConfigException(file + ": neither JSON (" + problem(notJson) + ") nor YAML ("
                            + problem(notYaml) + ")");
                }
            }
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) return JSON.createObjectNode();
        if (!tree.isObject()) {
            throw new ConfigException(file + ": the top level must be an object of keys, got "
                    + ValueType.describe(tree));
        }
        return (ObjectNode) tree;
    }

    private static JsonNode parse(ObjectMapper mapper, Path file, String text, String format) throws ConfigException {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid " + format + ": " + problem(e));
        }
    }

    private static String problem(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return e.getOriginalMessage().lines().findFirst().orElse("") + where;
    }

    /** The tree as the file's format would hold it, JSON unless the name ends in .yaml or .yml. */
    public static String render(Path file, JsonNode tree) {
        try {
            return isYaml(file) ? YAML.writeValueAsString(tree) : JSON.writer(PRETTY).writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a config tree", e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
