package dev.mixlab.filters.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Europarl;
import dev.mixlab.filters.GeneratedDocs;
import dev.mixlab.filters.LuceneSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the near-duplicate detection curve of the default MinHash + LSH settings on planted
 * pairs: a real document and a copy with random token edits (substitutions, deletions, insertions
 * drawn from the corpus vocabulary), bucketed by the exact Jaccard similarity of their shingle
 * sets. The table is kept in docs/NEAR-DEDUP.md.
 */
class NearDuplicateCurveTest {

    static final long SEED = 20240801L;
    static final int PAIRS_PER_BUCKET = 300;
    static final double BUCKET_WIDTH = 0.05;
    static final double LOWEST_BUCKET = 0.20;
    static final int BUCKETS = (int) Math.round((1 - LOWEST_BUCKET) / BUCKET_WIDTH);

    private static final MinHasher HASHER = new MinHasher(MinHasher.SCHEMA.defaults());
    private static final LshParams LSH = HASHER.lsh();
    private static final String BEGIN = "<!-- BEGIN GENERATED CURVE -->";
    private static final String END = "<!-- END GENERATED CURVE -->";

    private static Curve text;
    private static Curve code;

    /** One bucket of planted pairs. */
    record Bucket(int pairs, int detected, double expectedDetected, double absoluteEstimateError) {
        double detectedFraction() {
            return (double) detected / pairs;
        }

        double expectedFraction() {
            return expectedDetected / pairs;
        }
    }

    record Curve(
            String corpus,
            List<Bucket> buckets,
            int detectedAtLeast085,
            int pairsAtLeast085,
            int detectedAtMost05,
            int pairsAtMost05) {}

    @BeforeAll
    static void measure() {
        List<List<String>> europarl =
                Europarl.documents().stream()
                        .map(doc -> Shingling.WORDS.tokens(doc.text()))
                        .filter(tokens -> tokens.size() >= 100)
                        .toList();
        List<List<String>> java =
                LuceneSources.javaFiles().stream()
                        .map(doc -> Shingling.CODE_TOKENS.tokens(doc.text()))
                        .filter(tokens -> tokens.size() >= 150 && tokens.size() <= 3000)
                        .toList();
        text = measure("Europarl prose (word 5-grams)", europarl, Shingling.WORDS);
        code = measure("lucene-core Java (code-token 5-grams)", java, Shingling.CODE_TOKENS);
    }

    @Test
    void defaultsDetectNearDuplicatesAndIgnoreDistantPairs() {
        for (Curve curve : List.of(text, code)) {
            assertThat((double) curve.detectedAtLeast085() / curve.pairsAtLeast085())
                    .as("%s: share of pairs with Jaccard ≥ 0.85 sharing a band", curve.corpus())
                    .isGreaterThanOrEqualTo(0.95);
            assertThat((double) curve.detectedAtMost05() / curve.pairsAtMost05())
                    .as("%s: share of pairs with Jaccard ≤ 0.5 sharing a band", curve.corpus())
                    .isLessThanOrEqualTo(0.01);
        }
    }

    @Test
    void measuredCurveFollowsTheTheoreticalSCurve() {
        for (Curve curve : List.of(text, code)) {
            for (int i = 0; i < BUCKETS; i++) {
                Bucket bucket = curve.buckets().get(i);
                double p = bucket.expectedFraction();
                double tolerance = 4 * Math.sqrt(p * (1 - p) / bucket.pairs()) + 0.01;
                assertThat(bucket.detectedFraction())
                        .as("%s, bucket %s", curve.corpus(), bucketLabel(i))
                        .isCloseTo(p, offset(tolerance));
                // The standard error of a 252-value estimate is at most 0.5/sqrt(252) = 0.031.
                assertThat(bucket.absoluteEstimateError())
                        .as("%s, bucket %s", curve.corpus(), bucketLabel(i))
                        .isLessThan(0.035);
            }
        }
    }

    @Test
    void nearDedupDocShowsTheMeasuredCurve() {
        Path doc = GeneratedDocs.path("NEAR-DEDUP.md");
        String current = GeneratedDocs.read(doc);
        int begin = current.indexOf(BEGIN);
        int end = current.indexOf(END);
        assertThat(begin)
                .as("%s must contain the markers %s and %s", doc, BEGIN, END)
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String updated =
                current.substring(0, begin + BEGIN.length())
                        + "\n"
                        + table()
                        + current.substring(end);
        if (GeneratedDocs.rewriteRequested()) {
            GeneratedDocs.write(doc, updated);
        }
        assertThat(GeneratedDocs.read(doc))
                .as(
                        "%s is out of date; %s",
                        doc, GeneratedDocs.howToRegenerate(getClass().getSimpleName()))
                .isEqualTo(updated);
    }

    @Test
    void signaturesAreFastOnOneThread() {
        List<Document> docs = Europarl.documents();
        long chars = docs.stream().mapToLong(doc -> doc.text().length()).sum();
        docs.subList(0, 2000).forEach(HASHER::signature);
        long start = System.nanoTime();
        long checksum = 0;
        for (Document doc : docs) {
            checksum += HASHER.signature(doc)[0];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "MinHash throughput, one thread, %d permutations: %.0f docs/s, %.1f MB/s over %d Europarl"
                        + " documents (checksum %d)%n",
                HASHER.settings().get(MinHasher.PERMUTATIONS),
                docs.size() / seconds,
                chars / seconds / 1e6,
                docs.size(),
                checksum);
        // A loose floor that still catches an accidental switch to Lucene's MinHashFilter (62-75
        // docs/s).
        assertThat(docs.size() / seconds).isGreaterThan(1000);
    }

    private static Curve measure(String corpus, List<List<String>> documents, Shingling shingling) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> vocabulary = documents.stream().flatMap(List::stream).toList();
        int[] pairs = new int[BUCKETS];
        int[] detected = new int[BUCKETS];
        double[] expected = new double[BUCKETS];
        double[] estimateError = new double[BUCKETS];
        int detectedHigh = 0;
        int pairsHigh = 0;
        int detectedLow = 0;
        int pairsLow = 0;
        int shingleSize = HASHER.settings().get(MinHasher.SHINGLE_SIZE);
        for (int attempt = 0;
                attempt < 200 * BUCKETS * PAIRS_PER_BUCKET && !allFull(pairs);
                attempt++) {
            int target = nextOpenBucket(pairs, attempt);
            double targetJaccard = LOWEST_BUCKET + (target + random.nextDouble()) * BUCKET_WIDTH;
            List<String> original = documents.get(random.nextInt(documents.size()));
            List<String> edited =
                    edit(original, editRate(targetJaccard, shingleSize), vocabulary, random);
            String originalText = String.join(" ", original);
            String editedText = String.join(" ", edited);
            double jaccard =
                    exactJaccard(
                            shingling.tokens(originalText),
                            shingling.tokens(editedText),
                            shingleSize);
            int bucket = bucketOf(jaccard);
            if (bucket < 0 || pairs[bucket] >= PAIRS_PER_BUCKET) {
                continue;
            }
            long[] a = HASHER.signature(originalText, shingling);
            long[] b = HASHER.signature(editedText, shingling);
            boolean candidate = sharesABand(a, b);
            pairs[bucket]++;
            detected[bucket] += candidate ? 1 : 0;
            expected[bucket] += LSH.candidateProbability(jaccard);
            estimateError[bucket] += Math.abs(MinHasher.estimatedJaccard(a, b) - jaccard);
            if (jaccard >= 0.85) {
                pairsHigh++;
                detectedHigh += candidate ? 1 : 0;
            } else if (jaccard <= 0.5) {
                pairsLow++;
                detectedLow += candidate ? 1 : 0;
            }
        }
        assertThat(allFull(pairs))
                .as("could not plant %d pairs in every bucket of %s", PAIRS_PER_BUCKET, corpus)
                .isTrue();
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            buckets.add(
                    new Bucket(pairs[i], detected[i], expected[i], estimateError[i] / pairs[i]));
        }
        return new Curve(corpus, buckets, detectedHigh, pairsHigh, detectedLow, pairsLow);
    }

    /**
     * The per-token edit probability that gives about {@code jaccard} for n-gram shingles: a
     * shingle survives when none of its n tokens is edited, and J = s / (2 − s) for a surviving
     * share s.
     */
    private static double editRate(double jaccard, int n) {
        double survivingShare = 2 * jaccard / (1 + jaccard);
        return 1 - Math.pow(survivingShare, 1.0 / n);
    }

    private static List<String> edit(
            List<String> tokens, double rate, List<String> vocabulary, SplittableRandom random) {
        List<String> edited = new ArrayList<>(tokens.size() + 8);
        for (String token : tokens) {
            if (random.nextDouble() >= rate) {
                edited.add(token);
                continue;
            }
            switch (random.nextInt(3)) {
                case 0 -> edited.add(vocabulary.get(random.nextInt(vocabulary.size())));
                case 1 -> {}
                default -> {
                    edited.add(token);
                    edited.add(vocabulary.get(random.nextInt(vocabulary.size())));
                }
            }
        }
        return edited;
    }

    private static double exactJaccard(List<String> a, List<String> b, int n) {
        Set<List<String>> shinglesA = shingles(a, n);
        Set<List<String>> shinglesB = shingles(b, n);
        int intersection = 0;
        for (List<String> shingle : shinglesA) {
            if (shinglesB.contains(shingle)) {
                intersection++;
            }
        }
        return (double) intersection / (shinglesA.size() + shinglesB.size() - intersection);
    }

    private static Set<List<String>> shingles(List<String> tokens, int n) {
        Set<List<String>> shingles = new HashSet<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            shingles.add(tokens.subList(i, i + n));
        }
        return shingles;
    }

    private static boolean sharesABand(long[] a, long[] b) {
        List<BandKey> keysA = LSH.bandKeys(a);
        List<BandKey> keysB = LSH.bandKeys(b);
        for (int band = 0; band < keysA.size(); band++) {
            if (keysA.get(band).equals(keysB.get(band))) {
                return true;
            }
        }
        return false;
    }

    private static int bucketOf(double jaccard) {
        if (jaccard < LOWEST_BUCKET) {
            return -1;
        }
        return Math.min(
                BUCKETS - 1, (int) Math.floor((jaccard - LOWEST_BUCKET) / BUCKET_WIDTH + 1e-9));
    }

    private static int nextOpenBucket(int[] pairs, int attempt) {
        for (int offset = 0; offset < BUCKETS; offset++) {
            int bucket = (attempt + offset) % BUCKETS;
            if (pairs[bucket] < PAIRS_PER_BUCKET) {
                return bucket;
            }
        }
        return 0;
    }

    private static boolean allFull(int[] pairs) {
        return Arrays.stream(pairs).allMatch(count -> count >= PAIRS_PER_BUCKET);
    }

    private static String bucketLabel(int bucket) {
        double low = LOWEST_BUCKET + bucket * BUCKET_WIDTH;
        return String.format("%.2f–%.2f", low, low + BUCKET_WIDTH);
    }

    private static String table() {
        StringBuilder md = new StringBuilder();
        md.append(
                String.format(
                        "Defaults: %d-token shingles, %d permutations, LSH %d bands × %d rows, seed %d."
                                + " Planting seed %d, %d pairs per bucket and corpus.%n%n",
                        HASHER.settings().get(MinHasher.SHINGLE_SIZE),
                        HASHER.settings().get(MinHasher.PERMUTATIONS),
                        LSH.bands(),
                        LSH.rows(),
                        HASHER.settings().get(MinHasher.SEED),
                        SEED,
                        PAIRS_PER_BUCKET));
        md.append(
                "| true Jaccard | text: detected | text: expected | text: mean abs. estimate error"
                        + " | code: detected | code: expected | code: mean abs. estimate error |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (int i = BUCKETS - 1; i >= 0; i--) {
            Bucket t = text.buckets().get(i);
            Bucket c = code.buckets().get(i);
            md.append(
                    String.format(
                            "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                            bucketLabel(i),
                            t.detectedFraction(),
                            t.expectedFraction(),
                            t.absoluteEstimateError(),
                            c.detectedFraction(),
                            c.expectedFraction(),
                            c.absoluteEstimateError()));
        }
        md.append(
                String.format(
                        "%nPairs with true Jaccard ≥ 0.85 sharing at least one band: text %d of %d (%.3f),"
                                + " code %d of %d (%.3f).%nPairs with true Jaccard ≤ 0.5 sharing at least one band: text %d of %d"
                                + " (%.4f), code %d of %d (%.4f).%n",
                        text.detectedAtLeast085(),
                        text.pairsAtLeast085(),
                        (double) text.detectedAtLeast085() / text.pairsAtLeast085(),
                        code.detectedAtLeast085(),
                        code.pairsAtLeast085(),
                        (double) code.detectedAtLeast085() / code.pairsAtLeast085(),
                        text.detectedAtMost05(),
                        text.pairsAtMost05(),
                        (double) text.detectedAtMost05() / text.pairsAtMost05(),
                        code.detectedAtMost05(),
                        code.pairsAtMost05(),
                        (double) code.detectedAtMost05() / code.pairsAtMost05()));
        return md.toString();
    }
}
