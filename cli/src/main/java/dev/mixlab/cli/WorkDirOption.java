package dev.mixlab.cli;

import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import java.io.IOException;
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
        checkReachable(dir.root(), "work directory");
        return dir;
    }

    /**
     * An object-store output must answer before any job starts (exit 2 otherwise).
     *
     * @param what how the message names it ("work directory", "--out")
     */
    static void checkReachable(Path root, String what) {
        try {
            StoragePaths.checkReachable(root);
        } catch (IOException e) {
            throw new InvalidRequestException(unreachable(root, what, e), e);
        }
    }

    /** The one line for an object-store output that did not answer, with what to check. */
    static String unreachable(Path root, String what, IOException failure) {
        String answer = StoragePaths.answer(failure);
        return what
                + " "
                + root
                + ": "
                + answer
                + (answer.equals(StoragePaths.NO_REGION)
                        ? ""
                        : " (check the bucket, the AWS credentials and MIXLAB_S3_ENDPOINT)");
    }
}
