package dev.mixlab.cli;

import dev.mixlab.cli.flink.LocalFlinkCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "flink",
        mixinStandardHelpOptions = true,
        description = {
            "A local Flink 1.19 session cluster run from the mixlab jar (1 JobManager + N TaskManager JVMs, all on 127.0.0.1).",
            "Submit jobs to it with --runner flink --flink-master 127.0.0.1:8081."
        },
        subcommands = {
            FlinkCommand.Start.class,
            FlinkCommand.Stop.class,
            FlinkCommand.Status.class
        })
final class FlinkCommand implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                command.commandLine(), "name a subcommand: start, stop or status");
    }

    static final class DirOption {
        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "Cluster directory: config, logs, tmp, recorded PIDs (default: ${DEFAULT-VALUE}).")
        Path dir = Path.of("mixlab-work", "flink");
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start the cluster and wait until every TaskManager has registered.")
    static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Mixin DirOption dir;

        @Option(
                names = "--taskmanagers",
                paramLabel = "N",
                description = "TaskManager processes (default: ${DEFAULT-VALUE}).")
        int taskManagers = 2;

        @Option(
                names = "--slots",
                paramLabel = "S",
                description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
        int slots = 1;

        @Option(
                names = "--bind-host",
                paramLabel = "HOST",
                description = "Address every process binds to (default: ${DEFAULT-VALUE}).")
        String bindHost = "127.0.0.1";

        @Option(
                names = "--rest-port",
                paramLabel = "PORT",
                description = "REST port of the JobManager (default: ${DEFAULT-VALUE}).")
        int restPort = 8081;

        @Option(
                names = "--rpc-port",
                paramLabel = "PORT",
                description =
                        "RPC port of the JobManager, which the TaskManagers connect to (default: ${DEFAULT-VALUE}); another value lets two local clusters run side by side.")
        int rpcPort = 6123;

        @Option(
                names = "--taskmanager-memory",
                paramLabel = "SIZE",
                description = "Process memory of each TaskManager (default: ${DEFAULT-VALUE}).")
        String taskManagerMemory = "3g";

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "How long to wait for the TaskManagers (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds = 90;

        @Option(
                names = "--cores-per-taskmanager",
                paramLabel = "K",
                description =
                        "Pin TaskManager i to its own K cores (taskset), so each stands for a K-core machine; 0 = not pinned (default).")
        int coresPerTaskManager = 0;

        @Spec picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            LocalFlinkCluster.Settings settings =
                    new LocalFlinkCluster.Settings(
                            dir.dir,
                            taskManagers,
                            slots,
                            bindHost,
                            restPort,
                            rpcPort,
                            "1g",
                            taskManagerMemory,
                            Duration.ofSeconds(timeoutSeconds),
                            coresPerTaskManager);
            String rest =
                    run(() -> LocalFlinkCluster.start(settings, MixlabJar.path(), Terminal.err()));
            PrintWriter out = command.commandLine().getOut();
            out.println(rest);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop exactly the processes 'start' recorded, and clean up.")
    static final class Stop implements Callable<Integer> {
        @picocli.CommandLine.Mixin DirOption dir;

        @Override
        public Integer call() {
            run(
                    () -> {
                        LocalFlinkCluster.stop(dir.dir, Terminal.err());
                        return null;
                    });
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "TaskManagers, slots and jobs of the running cluster.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin DirOption dir;

        @Spec picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            out.print(run(() -> LocalFlinkCluster.status(dir.dir)));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** A cluster problem the user can act on is one line and exit 1, without the --verbose hint. */
    private static <T> T run(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (LocalFlinkCluster.ClusterException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
