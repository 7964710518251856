package dev.mixlab.filters.code;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;
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

    private final Settings settings;
    private final Set<String> droppedFormats;
    private final Set<String> sizeLimitedFormats;

    public DataFileFilter(Settings settings) {
        this.settings = settings;
        this.droppedFormats = lowerCase(settings.droppedExtensions());
        this.sizeLimitedFormats = lowerCase(settings.sizeLimitedExtensions());
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param droppedExtensions formats that are never code, default csv, tsv, psv (StarCoder
     *     selects programming languages and leaves tabular data out)
     * @param sizeLimitedExtensions formats kept only within the size limits, default json, yaml,
     *     yml (StarCoder)
     * @param minChars smallest size-limited file, default 100 characters (bigcode-dataset)
     * @param maxChars largest size-limited file, default 5000 characters (bigcode-dataset,
     *     StarCoder)
     */
    public record Settings(
            List<String> droppedExtensions,
            List<String> sizeLimitedExtensions,
            int minChars,
            int maxChars)
            implements Serializable {

        public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
        static final FilterParameter<List<String>> DROPPED_EXTENSIONS =
                SCHEMA.stringList(
                        "dropped_extensions",
                        List.of("csv", "tsv", "psv"),
                        "File formats that are always dropped (StarCoder leaves tabular data out).");
        static final FilterParameter<List<String>> SIZE_LIMITED_EXTENSIONS =
                SCHEMA.stringList(
                        "size_limited_extensions",
                        List.of("json", "yaml", "yml"),
                        "File formats kept only between min_chars and max_chars (StarCoder).");
        static final FilterParameter<Integer> MIN_CHARS =
                SCHEMA.minCount(
                        "min_chars",
                        100,
                        "Smallest size-limited file in characters (bigcode-dataset).");
        static final FilterParameter<Integer> MAX_CHARS =
                SCHEMA.maxCount(
                        "max_chars", 5000, "Largest size-limited file in characters (StarCoder).");

        public static final Settings DEFAULTS = from(SCHEMA.defaults());

        public Settings {
            droppedExtensions = List.copyOf(DROPPED_EXTENSIONS.check(droppedExtensions));
            sizeLimitedExtensions =
                    List.copyOf(SIZE_LIMITED_EXTENSIONS.check(sizeLimitedExtensions));
            MIN_CHARS.check(minChars);
            MAX_CHARS.check(maxChars);
            if (minChars > maxChars) {
                throw new IllegalArgumentException(
                        SCHEMA.subject()
                                + ": min_chars "
                                + minChars
                                + " is greater than max_chars "
                                + maxChars);
            }
        }

        public static Settings from(ParameterValues values) {
            return new Settings(
                    values.get(DROPPED_EXTENSIONS),
                    values.get(SIZE_LIMITED_EXTENSIONS),
                    values.get(MIN_CHARS),
                    values.get(MAX_CHARS));
        }
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
            if (size < settings.minChars()) {
                return Verdict.dropBelow(TOO_SMALL, size, Settings.MIN_CHARS, settings.minChars())
                        .withContext(format.get());
            }
            if (size > settings.maxChars()) {
                return Verdict.dropAbove(TOO_LARGE, size, Settings.MAX_CHARS, settings.maxChars())
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
