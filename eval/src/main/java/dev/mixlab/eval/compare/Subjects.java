package dev.mixlab.eval.compare;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.PhaseSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the subjects (runs at phases) of a comparison and its baseline.
 *
 * <p>A run contributes one subject per phase it has results for. Results imported without a phase
 * belong to the run's last phase with results (they describe the finished run, e.g. judge
 * verdicts), or form a subject of their own (phase null) when the run has no phased results. A run
 * without any result still appears, so its missing tasks are listed. Column labels are the run id,
 * or {@code run/phase} for a run shown at several phases.
 *
 * <p>In an ablation, runs of the same recipe and model size that differ only in seed form one
 * subject per phase (a seed group, labelled {@code <recipe>-<model>}): the comparison reports their
 * mean, spread and n. Runs named with {@code --runs} are compared one by one.
 */
public final class Subjects {
    private Subjects() {}

    /** Every run of the spec, phases in recipe order; code share from each phase's mixture. */
    public static List<Subject> ofAblation(AblationSpec spec, List<EvalResult> results) {
        List<Candidate> candidates = new ArrayList<>();
        for (RunSpec run : spec.runs()) {
            Set<String> phasesWithResults = phasesOf(run.id(), results);
            Double lastShare = codeShare(spec, run.phases().get(run.phases().size() - 1));
            String group = run.recipe() + "-" + run.model();
            if (phasesWithResults.contains(null) || phasesWithResults.isEmpty())
                candidates.add(new Candidate(run.id(), null, lastShare, run.seed(), group));
            for (PhaseSpec phase : run.phases()) {
                if (phasesWithResults.contains(phase.name()))
                    candidates.add(
                            new Candidate(
                                    run.id(),
                                    phase.name(),
                                    codeShare(spec, phase),
                                    run.seed(),
                                    group));
            }
            phasesWithResults.stream()
                    .filter(
                            p ->
                                    p != null
                                            && run.phases().stream()
                                                    .noneMatch(s -> s.name().equals(p)))
                    .forEach(
                            p ->
                                    candidates.add(
                                            new Candidate(run.id(), p, null, run.seed(), group)));
        }
        return groupSeeds(label(candidates), candidates);
    }

    /**
     * Replaces the subjects of each (recipe and model, phase) that has several seeds by one seed
     * group, placed where its first seed was.
     */
    private static List<Subject> groupSeeds(List<Subject> subjects, List<Candidate> candidates) {
        Map<String, String> groupOfRun = new LinkedHashMap<>();
        candidates.forEach(c -> groupOfRun.put(c.run(), c.group()));
        Map<List<String>, List<Subject>> byGroup = new LinkedHashMap<>();
        for (Subject s : subjects) {
            byGroup.computeIfAbsent(
                            Arrays.asList(groupOfRun.get(s.run()), s.phase()),
                            k -> new ArrayList<>())
                    .add(s);
        }
        List<Subject> grouped = new ArrayList<>();
        for (Map.Entry<List<String>, List<Subject>> entry : byGroup.entrySet()) {
            List<Subject> members = entry.getValue();
            if (members.size() < 2) {
                grouped.addAll(members);
                continue;
            }
            String name = entry.getKey().get(0);
            Subject first = members.get(0);
            // The members' labels carry the phase when the run is shown at several phases.
            String label =
                    first.label().equals(first.run())
                            ? name
                            : name + first.label().substring(first.run().length());
            grouped.add(
                    new Subject(
                            name,
                            first.phase(),
                            label,
                            first.codeShare(),
                            first.unphased(),
                            null,
                            members.stream().sorted(Comparator.comparing(Subject::seed)).toList()));
        }
        return grouped;
    }

    /**
     * Subjects named on the command line: {@code RUN} (every phase with results) or {@code
     * RUN/PHASE}. A name that is itself a run with results is a run even if it contains a slash
     * (external models such as {@code org/model}).
     */
    public static List<Subject> ofNames(List<String> names, List<EvalResult> results) {
        List<Candidate> candidates = new ArrayList<>();
        Set<String> runs = new LinkedHashSet<>();
        results.forEach(r -> runs.add(r.run()));
        for (String name : names) {
            if (runs.contains(name)) {
                phasesOf(name, results)
                        .forEach(
                                phase ->
                                        candidates.add(
                                                new Candidate(name, phase, null, null, null)));
                continue;
            }
            int slash = name.lastIndexOf('/');
            String run = slash < 0 ? name : name.substring(0, slash);
            String phase = slash < 0 ? null : name.substring(slash + 1);
            if (slash < 0 || !phasesOf(run, results).contains(phase)) {
                throw new EvalInputException(
                        "no results for '"
                                + name
                                + "'; import them with 'mixlab eval import FILE --run "
                                + run
                                + (phase == null ? "" : " --phase " + phase)
                                + "'. Runs with results: "
                                + runs);
            }
            candidates.add(new Candidate(run, phase, null, null, null));
        }
        return label(candidates);
    }

    /**
     * The baseline named {@code name} (a label, a run — its last subject — or {@code run/phase});
     * when null, the subject with the lowest known code share, else the first subject.
     */
    public static Subject baseline(List<Subject> subjects, String name) {
        if (name == null) {
            return subjects.stream()
                    .filter(s -> s.codeShare() != null)
                    .min(Comparator.comparingDouble(Subject::codeShare))
                    .orElse(subjects.get(0));
        }
        for (Subject subject : subjects) {
            if (subject.label().equals(name)
                    || (subject.run() + "/" + subject.phase()).equals(name)) return subject;
        }
        List<Subject> ofRun = subjects.stream().filter(s -> s.run().equals(name)).toList();
        if (!ofRun.isEmpty()) return ofRun.get(ofRun.size() - 1);
        // A seed run names its group (its last phase, as a run does): the baseline is always
        // compared with all its seeds.
        Subject group = null;
        for (Subject subject : subjects) {
            for (Subject seed : subject.seeds()) {
                if ((seed.run() + "/" + seed.phase()).equals(name)) return subject;
                if (seed.run().equals(name)) group = subject;
            }
        }
        if (group != null) return group;
        throw new EvalInputException(
                "--baseline "
                        + name
                        + " is not one of the compared runs: "
                        + subjects.stream().map(Subject::label).toList());
    }

    /**
     * @param seed training seed, null when unknown
     * @param group {@code <recipe>-<model>}: runs that differ only in seed share it; null outside
     *     an ablation
     */
    private record Candidate(String run, String phase, Double codeShare, Long seed, String group) {}

    private static List<Subject> label(List<Candidate> all) {
        Map<String, Long> phasedPerRun = new LinkedHashMap<>();
        Map<String, Candidate> lastPhased = new LinkedHashMap<>();
        for (Candidate c : all) {
            if (c.phase() == null) continue;
            phasedPerRun.merge(c.run(), 1L, Long::sum);
            lastPhased.put(c.run(), c);
        }
        List<Subject> subjects = new ArrayList<>();
        for (Candidate c : all) {
            if (c.phase() == null && phasedPerRun.containsKey(c.run())) continue;
            String label =
                    phasedPerRun.getOrDefault(c.run(), 0L) > 1
                            ? c.run() + "/" + c.phase()
                            : c.run();
            Subject subject =
                    new Subject(
                            c.run(),
                            c.phase(),
                            label,
                            c.codeShare(),
                            c.phase() == null || c.equals(lastPhased.get(c.run())),
                            c.seed(),
                            List.of());
            if (!subjects.contains(subject)) subjects.add(subject);
        }
        return subjects;
    }

    /** Phases the run has results for, in first-seen order (null for results without a phase). */
    private static Set<String> phasesOf(String run, List<EvalResult> results) {
        Set<String> phases = new LinkedHashSet<>();
        results.stream().filter(r -> r.run().equals(run)).forEach(r -> phases.add(r.phase()));
        return phases;
    }

    private static Double codeShare(AblationSpec spec, PhaseSpec phase) {
        return spec.mixture(phase.mixture()).map(spec::codeShare).orElse(null);
    }
}
