package dev.mixlab.samples;

import dev.mixlab.filters.code.FileLanguage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link SampleCorpora#build} produced (or found already complete): one entry per output file
 * and the files left out, by artifact and reason. Sizes are bytes; the table shows decimal
 * megabytes.
 *
 * @param outDir the sample's folder
 * @param reusedExisting true when the folder already held a complete sample and nothing was rebuilt
 * @param files the corpus files: text, then code, then markup, each in the recipe's artifact order
 * @param skipped files (or Europarl lines) not written, with the reason
 */
public record SampleReport(
        Path outDir, boolean reusedExisting, List<OutputFile> files, List<SkippedFiles> skipped) {

    public static final String TEXT = FileLanguage.Corpus.TEXT.label;
    public static final String CODE = FileLanguage.Corpus.CODE.label;
    public static final String MARKUP = FileLanguage.Corpus.MARKUP.label;
    private static final List<String> CORPORA = List.of(TEXT, CODE, MARKUP);

    public SampleReport {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }

    /**
     * One compressed JSON-lines file.
     *
     * @param corpus {@code text}, {@code code} or {@code markup}
     * @param artifact the Maven artifact it was taken from, {@code G:A:V[:classifier]}
     * @param path relative to the sample folder, with {@code /} separators
     * @param textBytes UTF-8 bytes of all {@code text} fields
     * @param fileBytes size of the compressed file
     * @param languages per language (empty for prose, whose language is not identified here)
     */
    public record OutputFile(
            String corpus,
            String artifact,
            String path,
            long documents,
            long textBytes,
            long fileBytes,
            String sha256,
            SortedMap<String, LanguageTotals> languages) {
        public OutputFile {
            languages = new TreeMap<>(languages);
        }
    }

    public record LanguageTotals(long documents, long textBytes) {
        LanguageTotals plus(LanguageTotals other) {
            return new LanguageTotals(documents + other.documents, textBytes + other.textBytes);
        }
    }

    /**
     * Files of one artifact left out for one reason; {@code examples} holds the first few paths.
     */
    public record SkippedFiles(String artifact, String reason, long files, List<String> examples) {
        public SkippedFiles {
            examples = List.copyOf(examples);
        }
    }

    public long documents(String corpus) {
        return filesOf(corpus).stream().mapToLong(OutputFile::documents).sum();
    }

    public long textBytes(String corpus) {
        return filesOf(corpus).stream().mapToLong(OutputFile::textBytes).sum();
    }

    public long fileBytes(String corpus) {
        return filesOf(corpus).stream().mapToLong(OutputFile::fileBytes).sum();
    }

    /** Documents and text bytes per language over all files of {@code corpus}. */
    public SortedMap<String, LanguageTotals> languages(String corpus) {
        SortedMap<String, LanguageTotals> totals = new TreeMap<>();
        for (OutputFile file : filesOf(corpus)) {
            file.languages()
                    .forEach(
                            (language, counts) ->
                                    totals.merge(language, counts, LanguageTotals::plus));
        }
        return totals;
    }

    /** Number of files (or Europarl lines) not written, for every reason together. */
    public long skippedCount() {
        return skipped.stream().mapToLong(SkippedFiles::files).sum();
    }

    private List<OutputFile> filesOf(String corpus) {
        return files.stream().filter(file -> file.corpus().equals(corpus)).toList();
    }

    /**
     * Counts and sizes per corpus, per artifact and per language, then what was left out and why.
     */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append("Sample corpora in ")
                .append(outDir)
                .append(reusedExisting ? " (already complete; reused, nothing rebuilt)" : "")
                .append('\n');

        List<String[]> perFile = new ArrayList<>();
        perFile.add(new String[] {"corpus", "artifact", "docs", "text MB", "file MB", "file"});
        for (String corpus : CORPORA) {
            List<OutputFile> corpusFiles = filesOf(corpus);
            for (OutputFile file : corpusFiles) {
                perFile.add(
                        new String[] {
                            corpus,
                            file.artifact(),
                            count(file.documents()),
                            megabytes(file.textBytes()),
                            megabytes(file.fileBytes()),
                            file.path()
                        });
            }
            if (corpusFiles.size() > 1) {
                perFile.add(
                        new String[] {
                            corpus,
                            "(total of " + corpusFiles.size() + " files)",
                            count(documents(corpus)),
                            megabytes(textBytes(corpus)),
                            megabytes(fileBytes(corpus)),
                            ""
                        });
            }
        }
        appendTable(out, perFile, 2, 3, 4);

        List<String[]> perLanguage = new ArrayList<>();
        perLanguage.add(new String[] {"corpus", "language", "docs", "text MB"});
        for (String corpus : List.of(CODE, MARKUP)) {
            languages(corpus)
                    .forEach(
                            (language, totals) ->
                                    perLanguage.add(
                                            new String[] {
                                                corpus,
                                                language,
                                                count(totals.documents()),
                                                megabytes(totals.textBytes())
                                            }));
        }
        out.append('\n');
        appendTable(out, perLanguage, 2, 3);

        out.append('\n');
        if (skipped.isEmpty()) {
            out.append("Nothing was left out.\n");
        } else {
            out.append("Left out (not written): ").append(count(skippedCount())).append('\n');
            List<String[]> perReason = new ArrayList<>();
            perReason.add(new String[] {"artifact", "reason", "files", "e.g."});
            for (SkippedFiles entry : skipped) {
                perReason.add(
                        new String[] {
                            entry.artifact(),
                            entry.reason(),
                            count(entry.files()),
                            String.join(", ", entry.examples())
                        });
            }
            appendTable(out, perReason, 2);
        }
        return out.toString();
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1_000_000.0);
    }

    private static void appendTable(
            StringBuilder out, List<String[]> rows, int... rightAlignedColumns) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int column = 0; column < columns; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        boolean[] rightAligned = new boolean[columns];
        for (int column : rightAlignedColumns) {
            rightAligned[column] = true;
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < columns; column++) {
                String padding = " ".repeat(widths[column] - row[column].length());
                line.append(column == 0 ? "" : "  ")
                        .append(
                                rightAligned[column]
                                        ? padding + row[column]
                                        : row[column] + padding);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
