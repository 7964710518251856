package dev.mixlab.filters.code;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * StarCoder's HTML filter, applied to any XML or HTML: a markup file is kept only if its visible
 * text is at least 100 characters and at least 20% of the file (bigcode-dataset {@code
 * filter_html}). Tag soup, templates and XML configuration have little visible text.
 *
 * <p>Visible text is what remains after removing scripts, styles, comments, processing
 * instructions, declarations and tags, with whitespace runs collapsed to one space. Entities are
 * not decoded, so {@code &amp;} counts as five characters; the difference is negligible for a
 * ratio.
 */
public final class MarkupTextFilter implements DocumentFilter {

    public static final String NAME = "markup_text";
    public static final String TOO_LITTLE_TEXT = NAME + ".too_little_text";
    public static final String TEXT_FRACTION_TOO_LOW = NAME + ".text_fraction_too_low";

    private static final Pattern INVISIBLE =
            Pattern.compile(
                    "<script\\b.*?</script\\s*>|<style\\b.*?</style\\s*>|<!--.*?-->|<\\?.*?\\?>|<![^>]*>|<[^>]*>",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private final Settings settings;

    public MarkupTextFilter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param minVisibleChars fewest visible characters, default 100 (StarCoder)
     * @param minVisibleFraction smallest share of visible characters, default 0.2 (StarCoder)
     */
    public record Settings(int minVisibleChars, double minVisibleFraction) implements Serializable {

        public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
        static final FilterParameter<Integer> MIN_VISIBLE_CHARS =
                SCHEMA.minCount(
                        "min_visible_chars",
                        100,
                        "Fewest visible text characters after removing tags, scripts and styles (StarCoder).");
        static final FilterParameter<Double> MIN_VISIBLE_FRACTION =
                SCHEMA.minFraction(
                        "min_visible_fraction",
                        0.2,
                        "Smallest share of the file that is visible text (StarCoder).");

        public static final Settings DEFAULTS = from(SCHEMA.defaults());

        public Settings {
            MIN_VISIBLE_CHARS.check(minVisibleChars);
            MIN_VISIBLE_FRACTION.check(minVisibleFraction);
        }

        public static Settings from(ParameterValues values) {
            return new Settings(values.get(MIN_VISIBLE_CHARS), values.get(MIN_VISIBLE_FRACTION));
        }
    }

    /** The text a browser would show, roughly: markup removed, whitespace collapsed. */
    public static String visibleText(String markup) {
        String withoutMarkup = INVISIBLE.matcher(markup).replaceAll(" ");
        return WHITESPACE_RUN.matcher(withoutMarkup).replaceAll(" ").strip();
    }

    @Override
    public Verdict apply(Document doc) {
        String text = doc.text();
        int visible = visibleText(text).length();
        if (visible < settings.minVisibleChars()) {
            return Verdict.dropBelow(
                    TOO_LITTLE_TEXT,
                    visible,
                    Settings.MIN_VISIBLE_CHARS,
                    settings.minVisibleChars());
        }
        double fraction = text.isEmpty() ? 0 : (double) visible / text.length();
        if (fraction < settings.minVisibleFraction()) {
            return Verdict.dropBelow(
                    TEXT_FRACTION_TOO_LOW,
                    fraction,
                    Settings.MIN_VISIBLE_FRACTION,
                    settings.minVisibleFraction());
        }
        return Verdict.keep();
    }
}
