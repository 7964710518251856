package dev.mixlab.filters.language;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.internal.Alphabet;
import com.github.pemistahl.lingua.internal.Constant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rule data of Lingua {@value #VERIFIED_VERSION} that {@link ScriptRules} reimplements, read
 * from Lingua's internals: Lingua has no public API for it, and copying it would copy Lingua. This
 * is the only class that touches {@code lingua.internal} or Kotlin's {@code $lingua}-mangled
 * members, and it hands them on as plain Java data (alphabets by name, which are also {@link
 * Character.UnicodeScript} names).
 *
 * <p>Internals may change in any release without a compile error, so the Lingua version is pinned:
 * {@code LinguaVersionPinTest} fails on any other version with the steps to re-verify.
 */
final class LinguaInternals {
    /** The Lingua release whose internals and rules {@link ScriptRules} was checked against. */
    static final String VERIFIED_VERSION = "1.2.2";

    /** Lingua's alphabets in its own order, including {@link #NO_ALPHABET}. */
    static final List<String> ALPHABETS =
            Arrays.stream(Alphabet.values()).map(Alphabet::name).toList();

    /** The name of Lingua's "no alphabet" value. */
    static final String NO_ALPHABET = Alphabet.NONE.name();

    private LinguaInternals() {}

    /** The alphabets {@code language} is written in. */
    static Set<String> alphabetsOf(Language language) {
        return language.getAlphabets$lingua().stream()
                .map(Alphabet::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Characters that only {@code language} uses (e.g. Czech {@code ř}), or an empty string. */
    static String uniqueCharactersOf(Language language) {
        String chars = language.getUniqueCharacters$lingua();
        return chars == null ? "" : chars;
    }

    /** Alphabets that one language alone is written in (Greek → Greek), by alphabet. */
    static Map<String, Language> alphabetsOfOneLanguage() {
        Map<String, Language> byAlphabet = new TreeMap<>();
        Alphabet.Companion.allSupportingExactlyOneLanguage()
                .forEach((alphabet, language) -> byAlphabet.put(alphabet.name(), language));
        return byAlphabet;
    }

    /**
     * The languages written with logograms (Chinese, Japanese, Korean), whose words are single
     * chars.
     */
    static Set<Language> logogramLanguages() {
        return Set.copyOf(Constant.INSTANCE.getLANGUAGES_SUPPORTING_LOGOGRAMS());
    }

    /**
     * Lingua's table of characters shared by a few languages (e.g. {@code ą ę} for Lithuanian and
     * Polish), in Lingua's order: each key is a string of characters.
     */
    static Map<String, Set<Language>> sharedCharacters() {
        Map<String, Set<Language>> shared = new LinkedHashMap<>();
        Constant.INSTANCE
                .getCHARS_TO_LANGUAGES_MAPPING()
                .forEach((chars, languages) -> shared.put(chars, Set.copyOf(languages)));
        return shared;
    }
}
