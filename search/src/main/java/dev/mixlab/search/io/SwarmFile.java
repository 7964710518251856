package dev.mixlab.search.io;

import dev.mixlab.io.Publish;
import dev.mixlab.search.SearchInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code search/<name>/swarm.csv}: the swarm as drawn, one line per member ({@code
 * mixture,run_id,<domain weights…>}). Written once; a rerun draws the swarm again and compares, so
 * a changed spec or changed pools cannot silently mix two swarms under the same mixture names.
 */
public final class SwarmFile {
    public static final String NAME = "swarm.csv";

    /** One member: its mixture, its run and its domain weights. */
    public record Member(String mixture, String run, double[] weights) {}

    private SwarmFile() {}

    public static void write(Path file, List<String> domains, List<Member> members) {
        StringBuilder text = new StringBuilder("mixture,run_id");
        for (String domain : domains) text.append(',').append(OlmixCsv.field(domain));
        text.append('\n');
        for (Member m : members) {
            text.append(m.mixture()).append(',').append(m.run());
            for (double w : m.weights()) text.append(',').append(OlmixCsv.plain(w));
            text.append('\n');
        }
        Publish.file(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The stored swarm: its domains and members. */
    public record Stored(List<String> domains, List<Member> members) {}

    /** Reads a swarm.csv this class wrote. */
    public static Stored read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SearchInputException("cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("mixture,run_id,"))
            throw new SearchInputException(
                    file + ":1: not a swarm.csv (expected the header mixture,run_id,<domains>)");
        List<String> domains =
                List.of(lines.get(0).substring("mixture,run_id,".length()).split(","));
        List<Member> members = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] cells = lines.get(i).split(",");
            if (cells.length != domains.size() + 2)
                throw new SearchInputException(
                        file + ":" + (i + 1) + ": expected " + (domains.size() + 2) + " fields");
            double[] weights = new double[domains.size()];
            try {
                for (int j = 0; j < weights.length; j++)
                    weights[j] = Double.parseDouble(cells[j + 2]);
            } catch (NumberFormatException e) {
                throw new SearchInputException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
            members.add(new Member(cells[0], cells[1], weights));
        }
        return new Stored(domains, members);
    }

    /**
     * The first difference between the swarm stored in {@code file} and {@code members}, or null
     * when they are the same.
     */
    public static String difference(Path file, List<String> domains, List<Member> members) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SearchInputException("cannot read " + file + ": " + e.getMessage());
        }
        String header =
                "mixture,run_id,"
                        + String.join(",", domains.stream().map(OlmixCsv::field).toList());
        if (lines.isEmpty() || !lines.get(0).equals(header))
            return "its header is '"
                    + (lines.isEmpty() ? "" : lines.get(0))
                    + "', the spec's domains give '"
                    + header
                    + "'";
        List<String> stored = new ArrayList<>(lines.subList(1, lines.size()));
        stored.removeIf(String::isBlank);
        for (int i = 0; i < Math.max(stored.size(), members.size()); i++) {
            if (i >= stored.size())
                return "the spec now draws "
                        + members.size()
                        + " members, the file holds "
                        + stored.size();
            if (i >= members.size())
                return "the file holds "
                        + stored.size()
                        + " members, the spec now draws "
                        + members.size();
            String[] cells = stored.get(i).split(",");
            Member m = members.get(i);
            double[] weights = new double[cells.length - 2];
            try {
                for (int j = 0; j < weights.length; j++)
                    weights[j] = Double.parseDouble(cells[j + 2]);
            } catch (NumberFormatException e) {
                return "line " + (i + 2) + " is not a member: " + stored.get(i);
            }
            if (!cells[0].equals(m.mixture())
                    || !cells[1].equals(m.run())
                    || !close(weights, m.weights()))
                return "member "
                        + (i + 1)
                        + " was "
                        + stored.get(i)
                        + " and is now "
                        + m.mixture()
                        + ","
                        + m.run()
                        + " "
                        + Arrays.toString(m.weights());
        }
        return null;
    }

    private static boolean close(double[] a, double[] b) {
        if (a.length != b.length) return false;
        for (int j = 0; j < a.length; j++) if (Math.abs(a[j] - b[j]) > 1e-9) return false;
        return true;
    }
}
