package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.mixlab.samples.SampleCorpora;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A slice of the real sample corpora small enough for end-to-end tests of the shipped examples: the
 * first 1,000 Europarl speeches, one code artifact (kotlinx-coroutines-core-jvm), all the markup,
 * as plain JSONL.
 */
final class SampleSlice {
    private SampleSlice() {}

    /** Builds the sample under {@code dir/sample} and the slice under {@code dir/slice}. */
    static Path build(Path dir) throws IOException {
        Path sample = dir.resolve("sample");
        SampleCorpora.build(sample, false, new PrintStream(OutputStream.nullOutputStream()));
        Path slice = dir.resolve("slice");
        copyLines(
                sample.resolve("text/europarl.jsonl.zst"),
                slice.resolve("text/europarl.jsonl"),
                1000);
        copyLines(
                sample.resolve("code/kotlinx-coroutines-core-jvm.jsonl.zst"),
                slice.resolve("code/kotlinx-coroutines-core-jvm.jsonl"),
                Integer.MAX_VALUE);
        try (var files = Files.list(sample.resolve("markup"))) {
            for (Path file : files.toList())
                copyLines(
                        file,
                        slice.resolve(
                                "markup/" + file.getFileName().toString().replace(".zst", "")),
                        Integer.MAX_VALUE);
        }
        return slice;
    }

    /**
     * {@code yaml} (a shipped example under configs/examples) with its sample inputs pointing at
     * the slice.
     */
    static String pointAt(String yaml, Path slice) {
        for (String source : List.of("text", "code", "markup")) {
            String glob = "../../data/sample/" + source + "/*.jsonl.zst";
            if (yaml.contains(glob)) yaml = yaml.replace(glob, slice + "/" + source + "/*.jsonl");
        }
        return yaml;
    }

    /** {@code text} with {@code what} replaced, failing when the text no longer has it. */
    static String replace(String text, String what, String with) {
        assertThat(text).as("the example still has '" + what + "'").contains(what);
        return text.replace(what, with);
    }

    /** {@code text} with each (old, new) pair of {@code replacements} replaced in turn. */
    static String replaceAll(String text, String... replacements) {
        for (int i = 0; i < replacements.length; i += 2)
            text = replace(text, replacements[i], replacements[i + 1]);
        return text;
    }

    /**
     * The shipped example {@code example} reduced for a test: built slice under {@code dir}, inputs
     * pointing at it, then {@code replacements} as in {@link #replaceAll}.
     */
    static String reducedExample(Path dir, Path example, String... replacements)
            throws IOException {
        return replaceAll(pointAt(Files.readString(example), build(dir)), replacements);
    }

    private static void copyLines(Path zst, Path out, int lines) throws IOException {
        Files.createDirectories(out.getParent());
        List<String> kept = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                new ZstdInputStream(Files.newInputStream(zst)),
                                StandardCharsets.UTF_8))) {
            for (String line = in.readLine();
                    line != null && kept.size() < lines;
                    line = in.readLine()) kept.add(line);
        }
        Files.write(out, kept);
    }
}
