package dev.mixlab.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a browser sees it: headless Chromium loads it from disk, nothing errors, every
 * chart decodes.
 */
class ReportInChromiumTest {
    /** Each embedded chart: its figure id, whether it finished loading, and its decoded size. */
    private static final String CHARTS =
            "Array.from(document.querySelectorAll('img.chart')).map(img => "
                    + "({id: img.closest('figure').id, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight}))";

    @TempDir Path dir;

    @Test
    void reportLoadsWithoutErrorsAndShowsEveryChart() throws Exception {
        SweepFixture sweep = new SweepFixture(dir);
        Path html = CompareReport.write(sweep.spec, sweep.workdir, null, dir.resolve("report"));
        Path broken =
                Files.writeString(
                        dir.resolve("broken.html"),
                        "<!DOCTYPE html><html><body><script>console.error('deliberate')</script><img src=\"missing.png\"></body></html>");

        try (Chromium chromium = Chromium.start(Files.createDirectories(dir.resolve("profile")))) {
            Chromium.Page page = chromium.load(html, CHARTS);
            assertThat(page.errors()).isEmpty();
            List<String> ids = new ArrayList<>();
            for (JsonNode chart : page.evaluated()) {
                ids.add(chart.path("id").asText());
                assertThat(chart.path("complete").asBoolean()).as(chart.toString()).isTrue();
                assertThat(chart.path("width").asInt()).as(chart.toString()).isEqualTo(900);
                assertThat(chart.path("height").asInt()).as(chart.toString()).isPositive();
            }
            assertThat(ids)
                    .containsExactly(
                            "bpb-vs-code-share",
                            "category-scores",
                            "score-vs-code-share",
                            "task-heatmap",
                            "loss-curves",
                            "win-rates");

            // The check itself sees errors: a page with a console error and a missing image fails
            // it.
            Chromium.Page bad = chromium.load(broken, "document.title");
            assertThat(bad.errors())
                    .anyMatch(e -> e.contains("deliberate"))
                    .anyMatch(e -> e.contains("missing.png"));
        }
    }
}
