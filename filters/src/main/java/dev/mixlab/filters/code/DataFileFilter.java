package dev.mixlab.filters.code;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps data and configuration files out of, or small within, a code corpus, as StarCoder did:
 * tabular formats are dropped, and JSON / YAML files are kept only between 100 and 5000 characters
 * (bigcode-dataset {@code filter_large_and_small_files}), which keeps configs and drops data dumps.
 *
 * <p>The format is the extension of {@code metadata.path}; without a path, {@code
 * metadata.language} (e.g. {@code JSON}) is compared with the same extension lists. Other files
 * pass untouched.
 */
public final class DataFileFilter implements DocumentFilter {

    public static final String NAME = "data_files";
    public static final String DATA_FORMAT = NAME + ".data_format";
    public static final String TOO_SMALL = NAME + ".too_small";
    public static final String TOO_LARGE = NAME + ".too_large";

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<List<String>> DROPPED_EXTENSIONS =
            SCHEMA.stringList(
                    "dropped_extensions",
                    List.of("csv", "tsv", "psv"),
                    "File formats that are always dropped (StarCoder leaves tabular data out).");
    public static final FilterParameter<List<String>> SIZE_LIMITED_EXTENSIONS =
            SCHEMA.stringList(
                    "size_limited_extensions",
                    List.of("json", "yaml", "yml"),
                    "File formats kept only between min_chars and max_chars (StarCoder).");
    public static final FilterParameter<Integer> MIN_CHARS =
            SCHEMA.minCount(
                    "min_chars",
                    100,
                    "Smallest size-limited file in characters (bigcode-dataset).");
    public static final FilterParameter<Integer> MAX_CHARS =
            SCHEMA.maxCount(
                    "max_chars", 5000, "Largest size-limited file in characters (StarCoder).");

    static {
        SCHEMA.notAbove(MIN_CHARS, MAX_CHARS);
    }

    private final ParameterValues settings;
    private final Set<String> droppedFormats;
    private final Set<String> sizeLimitedFormats;

    public DataFileFilter(ParameterValues settings) {
        this.settings = settings;
        this.droppedFormats = lowerCase(settings.get(DROPPED_EXTENSIONS));
        this.sizeLimitedFormats = lowerCase(settings.get(SIZE_LIMITED_EXTENSIONS));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict apply(Document doc) {
        Optional<String> format = format(doc);
        if (format.isEmpty()) {
            return Verdict.keep();
        }
        if (droppedFormats.contains(format.get())) {
            return Verdict.drop(DATA_FORMAT, "'" + format.get() + "' is in dropped_extensions");
        }
        if (sizeLimitedFormats.contains(format.get())) {
            int size = doc.text().length();
            if (size < settings.get(MIN_CHARS)) {
                return Verdict.dropBelow(TOO_SMALL, size, MIN_CHARS, settings.get(MIN_CHARS))
                        .withContext(format.get());
            }
            if (size > settings.get(MAX_CHARS)) {
                return Verdict.dropAbove(TOO_LARGE, size, MAX_CHARS, settings.get(MAX_CHARS))
                        .withContext(format.get());
            }
        }
        return Verdict.keep();
    }

    private static Optional<String> format(Document doc) {
        Optional<String> path = doc.metadataValue(Document.PATH);
        if (path.isPresent()) {
            String fileName = path.get().substring(path.get().lastIndexOf('/') + 1);
            int dot = fileName.lastIndexOf('.');
            return dot < 0
                    ? Optional.empty()
                    : Optional.of(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
        return doc.metadataValue(Document.LANGUAGE)
                .map(language -> language.strip().toLowerCase(Locale.ROOT));
    }

    private static Set<String> lowerCase(List<String> extensions) {
        return extensions.stream()
                .map(extension -> extension.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                .collect(Collectors.toUnmodifiableSet());
    }
}
