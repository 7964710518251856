package dev.mixlab.search.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.search.Observations;
import dev.mixlab.search.SearchInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlmixCsvTest {
    @TempDir Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsOlmixLayoutAndWritesItBack() throws Exception {
        Path ratios =
                file(
                        "ratios.csv",
                        "run_id,name,index,text,code\nr1,first,0,0.6,0.4\n\"r,2\",second,1,0.2,0.801\n");
        Path metrics =
                file(
                        "metrics.csv",
                        "run_id,text_bpb,\"arc:acc\"\nr1,4.2,0.31\n\"r,2\",4.9,NaN\nr9,1,1\n");
        OlmixCsv.Loaded loaded = OlmixCsv.read(ratios, metrics);
        Observations obs = loaded.observations();
        assertThat(obs.runs()).containsExactly("r1", "r,2");
        assertThat(obs.domains()).containsExactly("text", "code");
        assertThat(obs.metrics()).containsExactly("text_bpb", "arc:acc");
        // Rows within the tolerance are rescaled to sum to 1.
        assertThat(obs.weights()[1][0] + obs.weights()[1][1]).isEqualTo(1.0);
        assertThat(obs.values()[1][1]).isNaN();
        assertThat(loaded.notes())
                .anyMatch(
                        n ->
                                n.contains("1 run(s) of metrics.csv have no row in ratios.csv")
                                        && n.contains("'r9'"));

        Path out = dir.resolve("out");
        OlmixCsv.write(out, obs);
        assertThat(Files.readAllLines(out.resolve("ratios.csv")))
                .containsExactly(
                        "run_id,text,code",
                        "r1,0.6,0.4",
                        "\"r,2\",0.19980019980019978,0.8001998001998002");
        assertThat(Files.readAllLines(out.resolve("metrics.csv")))
                .containsExactly("run_id,text_bpb,arc:acc", "r1,4.2,0.31", "\"r,2\",4.9,");
        Observations again =
                OlmixCsv.read(out.resolve("ratios.csv"), out.resolve("metrics.csv")).observations();
        assertThat(again.weights()).isDeepEqualTo(obs.weights());
    }

    @Test
    void weightsNotSummingToOneNameTheRowAndItsSum() throws Exception {
        Path ratios = file("ratios.csv", "run,text,code\na,0.5,0.5\nb,0.5,0.43\n");
        Path metrics = file("metrics.csv", "run,x\na,1\nb,2\n");
        assertThatThrownBy(() -> OlmixCsv.read(ratios, metrics))
                .isInstanceOf(SearchInputException.class)
                .hasMessage(
                        ratios
                                + ":3: the weights of run 'b' sum to 0.930000, not 1 (±0.01); each row of ratios.csv is one mixture");
    }

    @Test
    void malformedFilesAreNamedWithTheirLine() throws Exception {
        Path metrics = file("metrics.csv", "run_id,x\na,1\n");
        List<String[]> cases =
                List.of(
                        new String[] {"text,code\n0.5,0.5\n", ":1: no run column"},
                        new String[] {
                            "run_id,text,code\na,0.5\n", ":2: 2 fields, the header has 3"
                        },
                        new String[] {
                            "run_id,text,code\na,half,0.5\n",
                            ":2: run 'a', column 'text': 'half' is not a number"
                        },
                        new String[] {
                            "run_id,text,code\na,0.5,0.5\na,0.4,0.6\n",
                            ":3: run 'a' already appears on line 2"
                        },
                        new String[] {"run_id,text,code\na,1.5,-0.5\n", "weights must be ≥ 0"},
                        new String[] {
                            "run_id,text,text\na,0.5,0.5\n", "column 'text' appears twice"
                        },
                        new String[] {"run_id,text,code\n", "no runs"});
        for (String[] c : cases) {
            Path ratios = file("bad.csv", c[0]);
            assertThatThrownBy(() -> OlmixCsv.read(ratios, metrics))
                    .as(c[0])
                    .hasMessageContaining(c[1]);
        }
    }
}
