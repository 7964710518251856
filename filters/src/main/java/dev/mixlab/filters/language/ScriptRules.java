package dev.mixlab.filters.language;

import com.github.pemistahl.lingua.api.Language;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lingua 1.2.2's rules that run before its n-gram models, over the words of the cleaned text, with
 * the data (scripts per language, characters unique to a language, characters shared by a few
 * languages) taken from Lingua itself ({@link LinguaInternals}) so that they stay Lingua's:
 *
 * <ol>
 *   <li>a word whose characters point to one candidate (its script has one language, like Greek, or
 *       it holds a character unique to that language, like Czech {@code ř}) votes for it; if most
 *       words vote and one candidate gets more votes than any other, that candidate is the answer;
 *   <li>otherwise the candidates are cut to those written in the script of most words, and further
 *       to those whose shared characters (Lingua's table, e.g. {@code ą ę} for Lithuanian and
 *       Polish) are found in words at least half as many times as there are words (each character
 *       once per word).
 * </ol>
 *
 * The result is a set of candidate indices as a bit mask; one bit means the language is decided
 * (how often each rule decides on the Europarl sample: docs/BENCHMARKS.md). Candidates are indexed
 * 0..63, so at most 64 fit.
 */
final class ScriptRules {
    /**
     * Alphabets are numbered by their position in {@link LinguaInternals#ALPHABETS} + 1; 0 means
     * none of Lingua's alphabets.
     */
    private static final int NO_ALPHABET = 0;

    private static final int[] ALPHABET_OF_SCRIPT = alphabetsOfScripts();
    private static final byte[] ALPHABET_OF_CHAR = alphabetsOfChars();
    private static final int ALPHABETS = LinguaInternals.ALPHABETS.size() + 1;
    private static final int LATIN = alphabet("LATIN");
    private static final int CYRILLIC = alphabet("CYRILLIC");
    private static final int DEVANAGARI = alphabet("DEVANAGARI");
    private static final int HAN = alphabet("HAN");
    private static final int HIRAGANA = alphabet("HIRAGANA");
    private static final int KATAKANA = alphabet("KATAKANA");

    private final int candidates;

    /**
     * Vote slots: the candidates, then Chinese and Japanese, which Lingua's first rule counts even
     * when not candidates.
     */
    private final int chineseSlot;

    private final int japaneseSlot;
    private final int[] slotOfOneLanguageAlphabet;
    private final long[] candidatesWritingAlphabet;
    private final boolean[] logogramAlphabet;

    /**
     * Sorted characters that are unique to a candidate or in Lingua's shared-character table, with
     * their candidates.
     */
    private final char[] specialChars;

    private final long[] uniqueTo;
    private final int[][] sharedBy;

    ScriptRules(List<Language> candidateLanguages) {
        candidates = candidateLanguages.size();
        if (candidates > Long.SIZE) {
            throw new IllegalArgumentException(
                    "language identification takes at most "
                            + Long.SIZE
                            + " candidate languages, got "
                            + candidates);
        }
        int chinese = candidateLanguages.indexOf(Language.CHINESE);
        int japanese = candidateLanguages.indexOf(Language.JAPANESE);
        chineseSlot = chinese >= 0 ? chinese : candidates;
        japaneseSlot = japanese >= 0 ? japanese : candidates + 1;

        slotOfOneLanguageAlphabet = new int[ALPHABETS];
        Arrays.fill(slotOfOneLanguageAlphabet, -1);
        for (Map.Entry<String, Language> entry :
                LinguaInternals.alphabetsOfOneLanguage().entrySet()) {
            int index = candidateLanguages.indexOf(entry.getValue());
            if (index >= 0) slotOfOneLanguageAlphabet[alphabet(entry.getKey())] = index;
        }
        candidatesWritingAlphabet = new long[ALPHABETS];
        for (int i = 0; i < candidates; i++) {
            for (String alphabet : LinguaInternals.alphabetsOf(candidateLanguages.get(i))) {
                candidatesWritingAlphabet[alphabet(alphabet)] |= 1L << i;
            }
        }
        logogramAlphabet = new boolean[ALPHABETS];
        for (Language language : LinguaInternals.logogramLanguages()) {
            for (String alphabet : LinguaInternals.alphabetsOf(language))
                logogramAlphabet[alphabet(alphabet)] = true;
        }

        TreeMap<Character, long[]> unique = new TreeMap<>();
        TreeMap<Character, int[]> shared = new TreeMap<>();
        for (int i = 0; i < candidates; i++) {
            for (char c :
                    LinguaInternals.uniqueCharactersOf(candidateLanguages.get(i)).toCharArray())
                unique.computeIfAbsent(c, k -> new long[1])[0] |= 1L << i;
        }
        for (Map.Entry<String, Set<Language>> entry :
                LinguaInternals.sharedCharacters().entrySet()) {
            int[] sharing =
                    entry.getValue().stream()
                            .mapToInt(candidateLanguages::indexOf)
                            .filter(i -> i >= 0)
                            .toArray();
            for (char c : entry.getKey().toCharArray()) {
                shared.merge(c, sharing, (a, b) -> concat(a, b));
            }
        }
        TreeMap<Character, Boolean> all = new TreeMap<>();
        unique.keySet().forEach(c -> all.put(c, true));
        shared.keySet().forEach(c -> all.put(c, true));
        specialChars = new char[all.size()];
        uniqueTo = new long[all.size()];
        sharedBy = new int[all.size()][];
        int i = 0;
        for (char c : all.keySet()) {
            specialChars[i] = c;
            uniqueTo[i] = unique.getOrDefault(c, new long[1])[0];
            sharedBy[i] = shared.getOrDefault(c, new int[0]);
            i++;
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Counters for one document; one per thread. */
    static final class Scratch {
        final int[] wordVotes;
        final int[] touched;
        final int[] documentVotes;
        final int[] sharedCharCounts;
        final int[] wordsPerAlphabet = new int[ALPHABETS];
        final int[] alphabetFirstSeen = new int[ALPHABETS];

        Scratch(ScriptRules rules) {
            wordVotes = new int[rules.candidates + 2];
            touched = new int[rules.candidates + 2];
            documentVotes = new int[rules.candidates + 2];
            sharedCharCounts = new int[rules.candidates];
        }
    }

    /**
     * The candidates the rules leave for {@code text[0, length)}, which must be cleaned the way
     * Lingua cleans (lower case, no punctuation or digits, single spaces): a single bit when a rule
     * decides.
     */
    long remainingCandidates(char[] text, int length, Scratch scratch) {
        Arrays.fill(scratch.documentVotes, 0);
        Arrays.fill(scratch.sharedCharCounts, 0);
        Arrays.fill(scratch.wordsPerAlphabet, 0);
        int words = 0;
        int unknownWords = 0;
        int start = 0;
        while (start < length) {
            if (text[start] == ' ') {
                start++;
                continue;
            }
            int end = start + 1;
            if (!logogramAlphabet[ALPHABET_OF_CHAR[text[start]]]) {
                while (end < length
                        && text[end] != ' '
                        && !logogramAlphabet[ALPHABET_OF_CHAR[text[end]]]) end++;
            }
            int slot = votedSlot(text, start, end, scratch);
            if (slot >= 0) scratch.documentVotes[slot]++;
            else unknownWords++;
            countWordAlphabet(text, start, end, words, scratch);
            words++;
            start = end;
        }
        int decided = decidedByVotes(scratch.documentVotes, unknownWords, words);
        if (decided >= 0) return 1L << decided;
        long written = candidatesWritingMostWords(scratch);
        long frequent = 0;
        for (int i = 0; i < candidates; i++) {
            if ((written & (1L << i)) != 0 && scratch.sharedCharCounts[i] >= words / 2.0)
                frequent |= 1L << i;
        }
        return frequent != 0 ? frequent : written;
    }

    /**
     * The candidate slot one word votes for, or -1: its characters must point to one slot more than
     * to any other.
     */
    private int votedSlot(char[] text, int start, int end, Scratch scratch) {
        int touched = 0;
        for (int i = start; i < end; i++) {
            char c = text[i];
            int alphabet = ALPHABET_OF_CHAR[c];
            int special = c < 0x80 ? -1 : Arrays.binarySearch(specialChars, c);
            int oneLanguage = slotOfOneLanguageAlphabet[alphabet];
            if (oneLanguage >= 0) {
                touched = vote(scratch, touched, oneLanguage);
            } else if (alphabet == HAN) {
                touched = vote(scratch, touched, chineseSlot);
            } else if (alphabet == HIRAGANA || alphabet == KATAKANA) {
                touched = vote(scratch, touched, japaneseSlot);
            } else if (special >= 0
                    && (alphabet == LATIN || alphabet == CYRILLIC || alphabet == DEVANAGARI)) {
                for (long owners = uniqueTo[special]; owners != 0; owners &= owners - 1) {
                    touched = vote(scratch, touched, Long.numberOfTrailingZeros(owners));
                }
            }
            if (special >= 0 && !occursBefore(text, start, i)) {
                for (int candidate : sharedBy[special]) scratch.sharedCharCounts[candidate]++;
            }
        }
        int best = -1;
        int bestVotes = 0;
        int secondVotes = 0;
        for (int t = 0; t < touched; t++) {
            int slot = scratch.touched[t];
            int votes = scratch.wordVotes[slot];
            if (votes > bestVotes) {
                secondVotes = bestVotes;
                bestVotes = votes;
                best = slot;
            } else if (votes > secondVotes) {
                secondVotes = votes;
            }
            scratch.wordVotes[slot] = 0;
        }
        return best >= 0 && best < candidates && bestVotes > secondVotes ? best : -1;
    }

    /**
     * Lingua counts a shared character once per word that contains it, however often it occurs
     * there.
     */
    private static boolean occursBefore(char[] text, int start, int i) {
        for (int j = start; j < i; j++) {
            if (text[j] == text[i]) return true;
        }
        return false;
    }

    private static int vote(Scratch scratch, int touched, int slot) {
        if (scratch.wordVotes[slot]++ == 0) scratch.touched[touched++] = slot;
        return touched;
    }

    /**
     * Lingua's verdict over the word votes: words without a vote count as one "unknown" entry
     * unless they are fewer than half; a single entry wins, Chinese loses to Japanese, otherwise
     * the strict maximum wins.
     */
    private int decidedByVotes(int[] votes, int unknownWords, int words) {
        int unknown = unknownWords < 0.5 * words ? 0 : unknownWords;
        int entries = unknown > 0 ? 1 : 0;
        int best = -1;
        int bestVotes = unknown;
        int secondVotes = 0;
        for (int slot = 0; slot < votes.length; slot++) {
            int count = votes[slot];
            if (count == 0) continue;
            entries++;
            if (count > bestVotes) {
                secondVotes = bestVotes;
                bestVotes = count;
                best = slot;
            } else if (count > secondVotes) {
                secondVotes = count;
            }
        }
        if (entries == 1) return best;
        if (entries == 2 && votes[chineseSlot] > 0 && votes[japaneseSlot] > 0) return japaneseSlot;
        return bestVotes > secondVotes ? best : -1;
    }

    private void countWordAlphabet(
            char[] text, int start, int end, int wordIndex, Scratch scratch) {
        int alphabet = alphabetAt(text, start);
        for (int i = start;
                i < end && alphabet != NO_ALPHABET;
                i += Character.isHighSurrogate(text[i]) ? 2 : 1) {
            if (alphabetAt(text, i) != alphabet) alphabet = NO_ALPHABET;
        }
        if (alphabet == NO_ALPHABET) return;
        if (scratch.wordsPerAlphabet[alphabet]++ == 0)
            scratch.alphabetFirstSeen[alphabet] = wordIndex;
    }

    /**
     * The candidates written in the alphabet of most words (the earlier seen on a tie); every
     * candidate when no word is in one alphabet, or when several alphabets have the same number of
     * words.
     */
    private long candidatesWritingMostWords(Scratch scratch) {
        int most = NO_ALPHABET;
        int alphabetsSeen = 0;
        boolean sameCounts = true;
        for (int alphabet = 1; alphabet < ALPHABETS; alphabet++) {
            int count = scratch.wordsPerAlphabet[alphabet];
            if (count == 0) continue;
            alphabetsSeen++;
            if (most != NO_ALPHABET) {
                int mostCount = scratch.wordsPerAlphabet[most];
                sameCounts &= count == mostCount;
                boolean seenEarlier =
                        scratch.alphabetFirstSeen[alphabet] < scratch.alphabetFirstSeen[most];
                if (count < mostCount || (count == mostCount && !seenEarlier)) continue;
            }
            most = alphabet;
        }
        if (most == NO_ALPHABET || (alphabetsSeen > 1 && sameCounts)) {
            return candidates == Long.SIZE ? -1L : (1L << candidates) - 1;
        }
        return candidatesWritingAlphabet[most];
    }

    /**
     * The alphabet of the code point at {@code i}: a word's alphabet is judged by code points, its
     * votes by chars.
     */
    private static int alphabetAt(char[] text, int i) {
        char c = text[i];
        return Character.isSurrogate(c)
                ? alphabetOf(Character.codePointAt(text, i))
                : ALPHABET_OF_CHAR[c];
    }

    private static byte[] alphabetsOfChars() {
        byte[] alphabets = new byte[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) alphabets[c] = (byte) alphabetOf(c);
        return alphabets;
    }

    private static int alphabetOf(int codePoint) {
        return ALPHABET_OF_SCRIPT[Character.UnicodeScript.of(codePoint).ordinal()];
    }

    private static int[] alphabetsOfScripts() {
        int[] alphabets = new int[Character.UnicodeScript.values().length];
        for (String alphabet : LinguaInternals.ALPHABETS) {
            if (!alphabet.equals(LinguaInternals.NO_ALPHABET))
                alphabets[Character.UnicodeScript.valueOf(alphabet).ordinal()] = alphabet(alphabet);
        }
        return alphabets;
    }

    /** The number of one of Lingua's alphabets. */
    private static int alphabet(String name) {
        int index = LinguaInternals.ALPHABETS.indexOf(name);
        if (index < 0) throw new IllegalStateException("Lingua has no alphabet " + name);
        return index + 1;
    }
}
