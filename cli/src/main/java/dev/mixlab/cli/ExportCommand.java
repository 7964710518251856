package dev.mixlab.cli;

import dev.mixlab.io.OutputLock;
import dev.mixlab.io.OutputStore;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.export.MixtureExporter;
import dev.mixlab.mixtures.spec.ShardsSpec;
import dev.mixlab.mixtures.spec.ShardsSpec.Format;
import dev.mixlab.mixtures.spec.ShardsSpec.TokenDtype;
import dev.mixlab.mixtures.spec.TokenCounts;
import dev.mixlab.tokenizers.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export a built mixture for an external trainer: megatron (Megatron-LM/NeMo indexed dataset .bin/.idx), "
                    + "olmo (OLMo-core token arrays) or arrow (Hugging Face datasets, load_from_disk), made from its Parquet shards.",
            "MIXTURE is a mixture directory (WORKDIR/mixtures/<mixture>) or a mixture name under --workdir. The files go to "
                    + "<mixture>/megatron/, olmo/, arrow/ and are listed in its manifest.json with their SHA-256; an export "
                    + "with the same settings is reused. Exit 2 when the mixture is not built or a dtype cannot hold the vocabulary."
        })
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MIXTURE", description = "A mixture directory, or a mixture name.")
    String mixture;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            split = ",",
            required = true,
            description = "megatron, olmo and/or arrow (comma-separated or repeated).")
    List<String> formats;

    @Option(
            names = "--megatron-dtype",
            paramLabel = "DTYPE",
            defaultValue = "auto",
            description =
                    "auto (uint16 below 65,500 ids, else int32, as Megatron's preprocessing), uint16 or int32.")
    String megatronDtype;

    @Option(
            names = "--olmo-dtype",
            paramLabel = "DTYPE",
            defaultValue = "auto",
            description = "auto (uint16 up to 65,536 ids, else uint32), uint16 or uint32.")
    String olmoDtype;

    @Option(
            names = "--olmo-file-tokens",
            paramLabel = "N",
            defaultValue = "500M",
            description =
                    "At most N tokens per OLMo file, rounded down to whole rows of seq_len (default 500M: 1 GB in uint16).")
    String olmoFileTokens;

    @Option(names = "--force", description = "Export again even when an up-to-date export exists.")
    boolean force;

    @picocli.CommandLine.Mixin WorkDirOption workdir;

    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        MixtureExporter.Request request = request();
        Path dir = mixtureDir().toAbsolutePath().normalize();
        try (OutputLock lock =
                OutputStore.of(dir.getParent(), "the mixtures directory")
                        .lock(dir, "mixlab export")) {
            return export(dir, request);
        }
    }

    private int export(Path dir, MixtureExporter.Request request) {
        MixtureManifest manifest;
        try {
            manifest = MixtureManifest.read(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = command.commandLine().getOut();
        long started = System.nanoTime();
        MixtureManifest exported;
        try {
            exported =
                    MixtureExporter.update(
                            dir,
                            manifest,
                            request,
                            () -> vocabularySize(manifest),
                            force,
                            line -> {
                                out.println(line);
                                out.flush();
                            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export " + dir + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exported == manifest) {
            out.printf(
                    Locale.ROOT,
                    "%s: %s already exported with these settings (--force exports again)%n",
                    manifest.mixture(),
                    String.join(", ", request.formats().stream().map(Format::label).toList()));
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s: exported %s into %s in %.1f s; manifest.json lists the files (mixlab inspect verifies them)%n",
                    manifest.mixture(),
                    String.join(", ", request.formats().stream().map(Format::label).toList()),
                    dir,
                    seconds);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private MixtureExporter.Request request() {
        List<Format> parsed = new ArrayList<>();
        for (String name : formats) {
            Format format = parse(() -> Format.of(name.trim()), "--format");
            if (format == Format.PARQUET)
                throw new UsageException(
                        "--format parquet: the Parquet shards are the mixture itself; export megatron, olmo or arrow");
            if (!parsed.contains(format)) parsed.add(format);
        }
        TokenDtype megatron =
                parse(
                        () ->
                                TokenDtype.of(
                                        "--megatron-dtype",
                                        megatronDtype.trim(),
                                        ShardsSpec.MEGATRON_DTYPES),
                        "--megatron-dtype");
        TokenDtype olmo =
                parse(
                        () ->
                                TokenDtype.of(
                                        "--olmo-dtype", olmoDtype.trim(), ShardsSpec.OLMO_DTYPES),
                        "--olmo-dtype");
        long fileTokens = parse(() -> TokenCounts.parse(olmoFileTokens), "--olmo-file-tokens");
        return new MixtureExporter.Request(parsed, megatron, olmo, fileTokens);
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** {@code mixture} as a directory when it is one, else as a name under the work directory. */
    private Path mixtureDir() {
        Path asPath = Path.of(mixture);
        Path dir =
                Files.isDirectory(asPath)
                        ? asPath
                        : new WorkDir(workdir.workdir == null ? WorkDir.DEFAULT : workdir.workdir)
                                .mixture(mixture);
        if (!Files.isRegularFile(dir.resolve(MixtureManifest.FILE_NAME))) {
            throw new UsageException(
                    "mixture '"
                            + mixture
                            + "' is not built: "
                            + dir
                            + " has no "
                            + MixtureManifest.FILE_NAME
                            + "; run 'mixlab mix FILE.yaml --only "
                            + dir.getFileName()
                            + "' (or 'mixlab build') first, or give the mixture's directory");
        }
        return dir;
    }

    /** The vocabulary of the mixture's tokenizer, checked against the one its pools used. */
    private static int vocabularySize(MixtureManifest manifest) {
        try (Tokenizer tokenizer = InspectCommand.tokenizer(manifest)) {
            return tokenizer.vocabSize();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException(
                    "cannot open the mixture's tokenizer "
                            + manifest.tokenizer().spec()
                            + " to size the token dtype: "
                            + e.getMessage());
        }
    }
}
