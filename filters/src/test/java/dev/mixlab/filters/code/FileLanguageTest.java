package dev.mixlab.filters.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileLanguageTest {
    /**
     * The 30 programming languages with the most data in The Stack v1.1, as its `lang` names them.
     */
    private static final List<String> THE_STACK_TOP_30 =
            List.of(
                    "Java",
                    "JavaScript",
                    "C",
                    "C++",
                    "Python",
                    "PHP",
                    "C#",
                    "TypeScript",
                    "Go",
                    "Ruby",
                    "Rust",
                    "Shell",
                    "SQL",
                    "Kotlin",
                    "Swift",
                    "Scala",
                    "Lua",
                    "Perl",
                    "Dart",
                    "Haskell",
                    "Julia",
                    "R",
                    "Fortran",
                    "Assembly",
                    "PowerShell",
                    "Visual Basic",
                    "Objective-C",
                    "Elixir",
                    "Erlang",
                    "OCaml");

    @Test
    void knowsTheThirtyLargestProgrammingLanguagesOfTheStackAsCode() {
        for (String name : THE_STACK_TOP_30) {
            FileLanguage language = FileLanguage.ofName(name);
            assertThat(language).as(name).isNotNull();
            assertThat(language.kind).as(name).isEqualTo(FileLanguage.Kind.CODE);
        }
        assertThat(
                        Arrays.stream(FileLanguage.values())
                                .filter(l -> l.kind == FileLanguage.Kind.CODE))
                .hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void decidesByExtensionOrBuildFileName() {
        assertThat(FileLanguage.ofPath("src/lib.rs")).isEqualTo(FileLanguage.RUST);
        assertThat(FileLanguage.ofPath("include/Vec.HPP")).isEqualTo(FileLanguage.CPP);
        assertThat(FileLanguage.ofPath("web/app.tsx")).isEqualTo(FileLanguage.TYPESCRIPT);
        assertThat(FileLanguage.ofPath("build/Makefile")).isEqualTo(FileLanguage.MAKEFILE);
        assertThat(FileLanguage.ofPath("Dockerfile")).isEqualTo(FileLanguage.DOCKERFILE);
        assertThat(FileLanguage.ofPath("pyproject.toml").kind).isEqualTo(FileLanguage.Kind.CONFIG);
        assertThat(FileLanguage.ofPath("README.md").kind).isEqualTo(FileLanguage.Kind.MARKUP);
        assertThat(FileLanguage.ofPath("data.csv")).isNull();
        assertThat(FileLanguage.ofPath(".gitignore")).isNull();
    }

    @Test
    void theSampleStillCollectsTheSameElevenLanguages() {
        assertThat(
                        Arrays.stream(FileLanguage.values())
                                .filter(FileLanguage::sampled)
                                .map(l -> l.label))
                .containsExactly(
                        "java",
                        "kotlin",
                        "scala",
                        "python",
                        "clojure",
                        "c",
                        "markdown",
                        "html",
                        "xml",
                        "json",
                        "yaml");
    }
}
