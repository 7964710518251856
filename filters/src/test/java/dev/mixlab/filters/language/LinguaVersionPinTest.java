package dev.mixlab.filters.language;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.pemistahl.lingua.api.Language;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fails on any Lingua but the one {@link ScriptRules} and {@link TrigramTable} were checked
 * against: they read Lingua's internals ({@link LinguaInternals}) and its model resources, which
 * can change meaning in any release without a compile error.
 */
class LinguaVersionPinTest {
    private static final Pattern JAR = Pattern.compile("lingua-(\\d[^/]*)\\.jar");

    @Test
    void linguaIsTheVersionLanguageIdWasVerifiedAgainst() throws Exception {
        Path jar =
                Path.of(Language.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Matcher version = JAR.matcher(jar.getFileName().toString());
        assertThat(version.matches())
                .as("cannot tell the Lingua version from %s on the test classpath", jar)
                .isTrue();
        assertThat(version.group(1))
                .as(
                        "Lingua %s is on the classpath, but language_id reimplements Lingua %s's rules from its"
                                + " internals (LinguaInternals: alphabets per language, characters unique to or shared"
                                + " by languages, logogram languages) and reads its language-models/*/{uni,bi,tri}grams.json"
                                + " (TrigramTable). Before moving lingua.version in the root pom: check that each of"
                                + " those still exists with the same meaning in the new release, run"
                                + " LanguageIdentificationTest (agreement with Lingua's own detector on every Europarl"
                                + " document), then set LinguaInternals.VERIFIED_VERSION.",
                        version.group(1), LinguaInternals.VERIFIED_VERSION)
                .isEqualTo(LinguaInternals.VERIFIED_VERSION);
    }

    @Test
    void theInternalsHoldWhatTheRulesExpect() {
        assertThat(LinguaInternals.ALPHABETS)
                .contains(LinguaInternals.NO_ALPHABET)
                .contains("LATIN", "CYRILLIC", "GREEK", "HAN", "HIRAGANA", "KATAKANA");
        for (String alphabet : LinguaInternals.ALPHABETS) {
            if (!alphabet.equals(LinguaInternals.NO_ALPHABET))
                assertThat(Character.UnicodeScript.valueOf(alphabet)).isNotNull();
        }
        assertThat(LinguaInternals.alphabetsOf(Language.BULGARIAN)).containsExactly("CYRILLIC");
        assertThat(LinguaInternals.alphabetsOfOneLanguage()).containsEntry("GREEK", Language.GREEK);
        assertThat(LinguaInternals.uniqueCharactersOf(Language.CZECH)).contains("ř");
        assertThat(LinguaInternals.logogramLanguages())
                .contains(Language.CHINESE, Language.JAPANESE);
        assertThat(LinguaInternals.sharedCharacters())
                .anySatisfy(
                        (chars, languages) ->
                                assertThat(languages)
                                        .contains(Language.LITHUANIAN, Language.POLISH));
    }
}
