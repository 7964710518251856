package dev.mixlab.mixtures.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The YAML shown in README.md and docs/SPEC.md must be valid, so the docs cannot drift from the
 * loader.
 */
class DocumentedSpecsTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    private static List<String> yamlBlocks(Path markdown) throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(Files.readString(markdown));
        while (m.find()) blocks.add(m.group(1));
        return blocks;
    }

    @Test
    void readmeTourIsAValidSpec() throws Exception {
        List<String> blocks = yamlBlocks(Path.of("../README.md"));
        assertThat(blocks).hasSize(1);
        AblationSpec spec = SpecLoader.parse(Path.of("../README.md"), blocks.get(0));
        assertThat(spec.mixtures()).hasSize(6);
        assertThat(spec.runs())
                .extracting(RunSpec::id)
                .containsExactly("balanced-text-tiny-s0", "balanced-text-cooldown-tiny-s0");
        // The cooldown continues text-90 where `continue` stopped, as the README says.
        DataOrder order = spec.dataOrder();
        assertThat(order.range("balanced-text-tiny-s0", "continue").describe()).isEqualTo("0–1953");
        assertThat(order.range("balanced-text-cooldown-tiny-s0", "cooldown").describe())
                .isEqualTo("1954–2344");
    }

    @Test
    void specReferenceRecipesAreValidWithThePaperSources() throws Exception {
        String paper = Files.readString(Path.of("../configs/paper/code-vs-text.yaml"));
        String header = paper.substring(0, paper.indexOf("\nruns:"));
        List<String> blocks = yamlBlocks(Path.of("../docs/SPEC.md"));
        assertThat(blocks).isNotEmpty();
        AblationSpec spec =
                SpecLoader.parse(
                        Path.of("../configs/paper/x.yaml"),
                        header + "\n" + blocks.get(blocks.size() - 1));
        assertThat(spec.recipes())
                .extracting(RecipeSpec::name)
                .containsExactly(
                        "text-only",
                        "balanced-only",
                        "balanced-text",
                        "code-text",
                        "text-only-cooldown",
                        "balanced-only-cooldown",
                        "balanced-text-cooldown",
                        "code-text-cooldown");
    }
}
