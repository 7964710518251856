package dev.mixlab.filters.code;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
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

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<Integer> MIN_VISIBLE_CHARS =
            SCHEMA.minCount(
                    "min_visible_chars",
                    100,
                    "Fewest visible text characters after removing tags, scripts and styles (StarCoder).");
    public static final FilterParameter<Double> MIN_VISIBLE_FRACTION =
            SCHEMA.minFraction(
                    "min_visible_fraction",
                    0.2,
                    "Smallest share of the file that is visible text (StarCoder).");

    private final ParameterValues settings;

    public MarkupTextFilter(ParameterValues settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
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
        if (visible < settings.get(MIN_VISIBLE_CHARS)) {
            return Verdict.dropBelow(
                    TOO_LITTLE_TEXT, visible, MIN_VISIBLE_CHARS, settings.get(MIN_VISIBLE_CHARS));
        }
        double fraction = text.isEmpty() ? 0 : (double) visible / text.length();
        if (fraction < settings.get(MIN_VISIBLE_FRACTION)) {
            return Verdict.dropBelow(
                    TEXT_FRACTION_TOO_LOW,
                    fraction,
                    MIN_VISIBLE_FRACTION,
                    settings.get(MIN_VISIBLE_FRACTION));
        }
        return Verdict.keep();
    }
}
