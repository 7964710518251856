package dev.mixlab.cli;

import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --only MIXTURE,...}: the mixtures a command builds (mix, build). */
final class MixtureSelection {
    @Option(
            names = "--only",
            paramLabel = "MIXTURE",
            split = ",",
            description = "Only these mixtures (default: all).")
    List<String> only = List.of();

    boolean isAll() {
        return only.isEmpty();
    }

    /**
     * The mixtures named by {@code --only} (all when none), or a usage error naming the unknown
     * one.
     */
    List<MixtureSpec> selected(AblationSpec spec, Path file) {
        if (spec.mixtures().isEmpty())
            throw new UsageException(file + " declares no mixtures and no sweeps; nothing to mix");
        for (String name : only) {
            if (spec.mixture(name).isEmpty()) {
                throw new UsageException(
                        "--only "
                                + name
                                + ": no such mixture in "
                                + file
                                + "; mixtures: "
                                + String.join(", ", names(spec.mixtures())));
            }
        }
        return spec.mixtures().stream()
                .filter(m -> only.isEmpty() || only.contains(m.name()))
                .toList();
    }

    static List<String> names(List<MixtureSpec> mixtures) {
        return mixtures.stream().map(MixtureSpec::name).toList();
    }
}
