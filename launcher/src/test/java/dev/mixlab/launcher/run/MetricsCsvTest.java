package dev.mixlab.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics.csv contract shared by the trainers, the launcher and the comparison report. */
class MetricsCsvTest {
    @TempDir Path dir;

    @Test
    void appendedRowsReadBackAndAResumedPhaseDropsItsLaterRows() throws IOException {
        Path file = dir.resolve(MetricsCsv.FILE_NAME);
        MetricsCsv.append(file, new MetricsCsv.Row("pretrain", 1, 1024, 5.5, 3e-3, 1200.0, 0.01));
        MetricsCsv.append(
                file, new MetricsCsv.Row("pretrain", 2, 2048, 5.25, 2.5e-3, 1300.0, Double.NaN));
        MetricsCsv.append(file, new MetricsCsv.Row("continue", 3, 3072, 5.0, 1e-3, 1400.0, 0.02));
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        MetricsCsv.HEADER,
                        "pretrain,1,1024,5.500000,3.000000e-03,1200.0,0.01000",
                        "pretrain,2,2048,5.250000,2.500000e-03,1300.0,",
                        "continue,3,3072,5.000000,1.000000e-03,1400.0,0.02000");
        assertThat(MetricsCsv.read(file))
                .extracting(MetricsCsv.Row::step, MetricsCsv.Row::loss)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, 5.5),
                        org.assertj.core.groups.Tuple.tuple(2L, 5.25),
                        org.assertj.core.groups.Tuple.tuple(3L, 5.0));
        assertThat(MetricsCsv.read(file).get(1).mfu()).isNaN();

        MetricsCsv.truncateAfter(file, 2);
        assertThat(MetricsCsv.read(file))
                .extracting(MetricsCsv.Row::phase)
                .containsExactly("pretrain", "pretrain");
    }

    @Test
    void anExternalTrainersPaddedFileIsReadAndAMissingOneIsEmpty() throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve(MetricsCsv.FILE_NAME),
                        MetricsCsv.HEADER + " \npretrain, 10, 20480, 2.5, 1e-4, 9000, \n\n");
        assertThat(MetricsCsv.read(file))
                .containsExactly(
                        new MetricsCsv.Row("pretrain", 10, 20480, 2.5, 1e-4, 9000, Double.NaN));
        assertThat(MetricsCsv.read(dir.resolve("absent.csv"))).isEmpty();
    }

    @Test
    void aBrokenFileIsRefusedWithItsLine() throws IOException {
        Path wrongHeader = Files.writeString(dir.resolve("header.csv"), "step,loss\n1,2.0\n");
        assertThatThrownBy(() -> MetricsCsv.read(wrongHeader))
                .isInstanceOf(MetricsCsv.MalformedMetricsException.class)
                .hasMessage(
                        wrongHeader
                                + ":1: header must be '"
                                + MetricsCsv.HEADER
                                + "', found 'step,loss'");
        Path shortRow =
                Files.writeString(
                        dir.resolve("columns.csv"), MetricsCsv.HEADER + "\npretrain,1,2,3\n");
        assertThatThrownBy(() -> MetricsCsv.read(shortRow))
                .hasMessage(
                        shortRow + ":2: expected 7 columns (" + MetricsCsv.HEADER + "), found 4");
        Path notANumber =
                Files.writeString(
                        dir.resolve("number.csv"),
                        MetricsCsv.HEADER + "\npretrain,1,2,3,4,5,\npretrain,2,x,3,4,5,\n");
        assertThatThrownBy(() -> MetricsCsv.read(notANumber))
                .hasMessageStartingWith(notANumber + ":3: not a number");
    }
}
