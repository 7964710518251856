package dev.mixlab.cli;

import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --workdir DIR}, shared by every command that reads or writes the work directory. */
public final class WorkDirOption {
    @Option(
            names = "--workdir",
            paramLabel = "DIR",
            description =
                    "Work directory (default: 'workdir:' in the YAML, else ./mixlab-work). Layout: pools/, mixtures/, runs/, results/, reports/, logs/.")
    Path workdir;

    /** The work directory; the command's library log goes to its {@code logs/} from now on. */
    public WorkDir resolve(AblationSpec spec) {
        WorkDir dir = WorkDir.choose(workdir, spec);
        LibraryLog.writeTo(dir.logs());
        return dir;
    }
}
