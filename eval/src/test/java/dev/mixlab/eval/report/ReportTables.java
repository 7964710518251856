package dev.mixlab.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks on the tables of a written report (report.md, report.html). */
public final class ReportTables {
    private ReportTables() {}

    /** No Markdown table row whose cells (after the first) are all blank or "—". */
    public static void assertNoEmptyRows(String markdown) {
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---")) continue;
            String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1);
            boolean empty =
                    Arrays.stream(cells)
                            .skip(1)
                            .map(String::strip)
                            .allMatch(c -> c.isEmpty() || c.equals("—"));
            assertThat(empty).as("an all-empty row: " + line).isFalse();
        }
    }

    /** No HTML table row whose data cells (after the first) are all blank or "—". */
    public static void assertNoEmptyHtmlRows(String html) {
        Matcher rows = Pattern.compile("<tr>(.*?)</tr>").matcher(html);
        while (rows.find()) {
            if (!rows.group(1).contains("<td")) continue;
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(rows.group(1));
            while (cell.find()) cells.add(cell.group(1).strip());
            boolean empty = cells.stream().skip(1).allMatch(c -> c.isEmpty() || c.equals("—"));
            assertThat(empty).as("an all-empty row: " + rows.group()).isFalse();
        }
    }
}
