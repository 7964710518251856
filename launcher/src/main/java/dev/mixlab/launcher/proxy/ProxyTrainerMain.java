package dev.mixlab.launcher.proxy;

import dev.mixlab.launcher.PhaseJob;
import dev.mixlab.launcher.run.TrainingLog;
import dev.mixlab.mixtures.spec.LrSchedule;
import dev.mixlab.mixtures.spec.ModelSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The proxy trainer as a program of its own, so it can be an external trainer of the {@code
 * command} backend (and of Slurm jobs): every {@link PhaseJob} field is a {@code --flag value} pair
 * named like the command template's placeholders, e.g. {@code java -cp mixlab-cli-all.jar
 * dev.mixlab.launcher.proxy.ProxyTrainerMain --run-id {run_id} --phase {phase} ...} ({@link
 * #ARGUMENTS_TEMPLATE}; configs/examples/trainers.yaml has the full line). Exit code 0 = phase
 * trained, 1 = failed, 2 = bad arguments.
 */
public final class ProxyTrainerMain {
    /**
     * The program's arguments as command-template placeholders: append to {@code java -cp JAR
     * ProxyTrainerMain}.
     */
    public static final String ARGUMENTS_TEMPLATE =
            "--run-id {run_id} --phase {phase} --model {model} --d-model {d_model} --n-layers {n_layers}"
                    + " --n-heads {n_heads} --d-mlp {d_mlp} --positions {positions} --vocab {vocab} --seq-len {seq_len} --batch-size {batch_size}"
                    + " --tokens {tokens} --lr-schedule {lr_schedule} --lr-peak {lr_peak} --lr-min {lr_min} --warmup-steps {warmup_steps}"
                    + " --weight-decay {weight_decay} --grad-clip {grad_clip} --seed {seed} --mixture-dir {mixture_dir} --run-dir {run_dir}"
                    + " --previous-phase {previous_phase} --init-checkpoint {init_checkpoint} --checkpoint-every {checkpoint_every} --log-every {log_every}"
                    + " --start-row {start_row} --new-epoch {new_epoch}";

    private static final Set<String> OPTIONAL =
            Set.of(
                    "previous-phase",
                    "init-checkpoint",
                    "d-mlp",
                    "positions",
                    "checkpoint-every",
                    "log-every",
                    "start-row",
                    "new-epoch");

    private ProxyTrainerMain() {}

    public static void main(String[] args) {
        Map<String, String> flags;
        PhaseJob job;
        try {
            flags = parse(args);
            job = job(flags);
        } catch (IllegalArgumentException e) {
            System.err.println("ProxyTrainerMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            ProxyTrainer.Outcome outcome =
                    ProxyTrainer.train(
                            job,
                            new TrainingLog(
                                    job.runDir().resolve(TrainingLog.FILE_NAME), System.out, ""));
            System.out.println(
                    "phase "
                            + job.phase()
                            + " done: "
                            + outcome.phaseSteps()
                            + " steps, final loss "
                            + outcome.lastLoss());
        } catch (RuntimeException e) {
            System.err.println("ProxyTrainerMain: " + e.getMessage());
            System.exit(1);
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "expected --flag value pairs, found '"
                                + args[i]
                                + "'"
                                + (i + 1 >= args.length ? " without a value" : ""));
            }
            flags.put(args[i].substring(2), args[i + 1]);
        }
        return flags;
    }

    static PhaseJob job(Map<String, String> f) {
        Map<String, String> rest = new LinkedHashMap<>(f);
        ModelSpec model =
                new ModelSpec(
                        take(rest, "model"),
                        integer(rest, "d-model"),
                        integer(rest, "n-layers"),
                        integer(rest, "n-heads"),
                        rest.containsKey("d-mlp")
                                ? integer(rest, "d-mlp")
                                : 4 * Integer.parseInt(f.get("d-model")),
                        rest.containsKey("positions") ? take(rest, "positions") : "rotary");
        LrSchedule lr =
                new LrSchedule(
                        take(rest, "lr-schedule"),
                        number(rest, "lr-peak"),
                        number(rest, "lr-min"),
                        integer(rest, "warmup-steps"));
        String previous = blankToNull(rest.remove("previous-phase"));
        String init = blankToNull(rest.remove("init-checkpoint"));
        PhaseJob job =
                new PhaseJob(
                        take(rest, "run-id"),
                        take(rest, "phase"),
                        model,
                        integer(rest, "vocab"),
                        integer(rest, "seq-len"),
                        integer(rest, "batch-size"),
                        Long.parseLong(take(rest, "tokens")),
                        lr,
                        number(rest, "weight-decay"),
                        number(rest, "grad-clip"),
                        Long.parseLong(take(rest, "seed")),
                        Path.of(take(rest, "mixture-dir")),
                        Path.of(take(rest, "run-dir")),
                        previous,
                        init == null ? null : Path.of(init),
                        rest.containsKey("checkpoint-every")
                                ? integer(rest, "checkpoint-every")
                                : 50,
                        rest.containsKey("log-every") ? integer(rest, "log-every") : 10,
                        rest.containsKey("start-row") ? longValue(rest, "start-row") : 0,
                        rest.containsKey("new-epoch") && bool(rest, "new-epoch"));
        if (!rest.isEmpty())
            throw new IllegalArgumentException(
                    "unknown flags: --" + String.join(", --", rest.keySet()));
        return job;
    }

    private static String take(Map<String, String> flags, String name) {
        String value = flags.remove(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "missing --" + name + (OPTIONAL.contains(name) ? "" : " (required)"));
        }
        return value;
    }

    private static long longValue(Map<String, String> flags, String name) {
        String value = take(flags, name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be an integer, found '" + value + "'");
        }
    }

    private static boolean bool(Map<String, String> flags, String name) {
        String value = take(flags, name);
        if (!value.equals("true") && !value.equals("false"))
            throw new IllegalArgumentException(
                    "--" + name + " must be true or false, found '" + value + "'");
        return Boolean.parseBoolean(value);
    }

    private static int integer(Map<String, String> flags, String name) {
        long value = longValue(flags, name);
        if (value != (int) value)
            throw new IllegalArgumentException("--" + name + " is out of range: " + value);
        return (int) value;
    }

    private static double number(Map<String, String> flags, String name) {
        String value = take(flags, name);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be a number, found '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
