package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The corpus formats a source can read. {@link #AUTO} decides per file from its name. */
public enum InputFormat {
    AUTO,
    JSONL,
    JSONL_GZ,
    JSONL_ZST,
    PARQUET,
    DIRECTORY,
    ARCHIVE;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(InputFormat::yamlName).toList();
    }

    public static InputFormat fromYaml(String name) {
        for (InputFormat f : values()) if (f.yamlName().equals(name)) return f;
        throw new InvalidValueException(
                "format",
                "unknown format '"
                        + name
                        + "'"
                        + Suggestions.didYouMean(name, yamlNames())
                        + "; known: "
                        + String.join(", ", yamlNames()));
    }

    /** The concrete format of one input path, or null when its name says nothing we can read. */
    public static InputFormat detect(Path path) {
        if (Files.isDirectory(path)) return DIRECTORY;
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson"))
            return JSONL;
        if (name.endsWith(".jsonl.gz") || name.endsWith(".json.gz") || name.endsWith(".ndjson.gz"))
            return JSONL_GZ;
        if (name.endsWith(".jsonl.zst")
                || name.endsWith(".json.zst")
                || name.endsWith(".ndjson.zst")) return JSONL_ZST;
        if (name.endsWith(".parquet")) return PARQUET;
        if (name.endsWith(".zip") || name.endsWith(".jar")) return ARCHIVE;
        return null;
    }
}
