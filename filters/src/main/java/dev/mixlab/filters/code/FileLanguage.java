package dev.mixlab.filters.code;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The language of a source, markup or configuration file, decided by its extension (or, for build
 * files such as {@code Makefile}, its name), and what kind of file it is. Covers the programming
 * languages with the most data in The Stack (Kocetkov et al. 2022, its language table) plus the
 * markup and configuration formats found next to them. Used by the curation readers of source
 * directories and archives, by {@link CodeFileFilter} and for per-language accounting; the sample
 * builder reads only the {@linkplain #sampled() sampled} ones, so that the sample stays the same.
 */
public enum FileLanguage {
    JAVA("java", Kind.CODE, true, "java"),
    KOTLIN("kotlin", Kind.CODE, true, "kt", "kts"),
    SCALA("scala", Kind.CODE, true, "scala"),
    PYTHON("python", Kind.CODE, true, "py"),
    CLOJURE("clojure", Kind.CODE, true, "clj", "cljc", "cljs"),
    C("c", Kind.CODE, true, "c", "h"),
    CPP("cpp", Kind.CODE, "cpp", "cc", "cxx", "c++", "hpp", "hh", "hxx", "h++", "ipp"),
    CSHARP("csharp", Kind.CODE, "cs"),
    JAVASCRIPT("javascript", Kind.CODE, "js", "mjs", "cjs", "jsx"),
    TYPESCRIPT("typescript", Kind.CODE, "ts", "tsx", "mts", "cts"),
    GO("go", Kind.CODE, "go"),
    RUST("rust", Kind.CODE, "rs"),
    RUBY("ruby", Kind.CODE, "rb", "rake", "gemspec"),
    PHP("php", Kind.CODE, "php"),
    SWIFT("swift", Kind.CODE, "swift"),
    OBJECTIVE_C("objective-c", Kind.CODE, "m", "mm"),
    SHELL("shell", Kind.CODE, "sh", "bash", "zsh", "ksh"),
    POWERSHELL("powershell", Kind.CODE, "ps1", "psm1", "psd1"),
    BATCHFILE("batchfile", Kind.CODE, "bat", "cmd"),
    SQL("sql", Kind.CODE, "sql"),
    LUA("lua", Kind.CODE, "lua"),
    PERL("perl", Kind.CODE, "pl", "pm"),
    R("r", Kind.CODE, "r"),
    DART("dart", Kind.CODE, "dart"),
    HASKELL("haskell", Kind.CODE, "hs", "lhs"),
    JULIA("julia", Kind.CODE, "jl"),
    ELIXIR("elixir", Kind.CODE, "ex", "exs"),
    ERLANG("erlang", Kind.CODE, "erl", "hrl"),
    OCAML("ocaml", Kind.CODE, "ml", "mli"),
    FSHARP("fsharp", Kind.CODE, "fs", "fsi", "fsx"),
    GROOVY("groovy", Kind.CODE, "groovy", "gradle"),
    FORTRAN("fortran", Kind.CODE, "f", "f90", "f95", "f03", "f08", "for"),
    ASSEMBLY("assembly", Kind.CODE, "asm", "s"),
    VISUAL_BASIC("visual-basic", Kind.CODE, "vb", "vbs"),
    PASCAL("pascal", Kind.CODE, "pas", "dpr"),
    SCHEME("scheme", Kind.CODE, "scm", "ss"),
    RACKET("racket", Kind.CODE, "rkt"),
    COMMON_LISP("common-lisp", Kind.CODE, "lisp", "lsp", "cl"),
    EMACS_LISP("emacs-lisp", Kind.CODE, "el"),
    VERILOG("verilog", Kind.CODE, "v", "sv", "svh"),
    VHDL("vhdl", Kind.CODE, "vhd", "vhdl"),
    ZIG("zig", Kind.CODE, "zig"),
    NIM("nim", Kind.CODE, "nim"),
    CSS("css", Kind.CODE, "css", "scss", "sass", "less"),
    VUE("vue", Kind.CODE, "vue"),
    MAKEFILE("makefile", Kind.CODE, "mk", "mak", "=Makefile", "=GNUmakefile", "=makefile"),
    DOCKERFILE("dockerfile", Kind.CODE, "dockerfile", "=Dockerfile"),
    CMAKE("cmake", Kind.CODE, "cmake", "=CMakeLists.txt"),
    MARKDOWN("markdown", Kind.MARKUP, true, "md", "markdown"),
    HTML("html", Kind.MARKUP, true, "html", "htm"),
    XML("xml", Kind.MARKUP, true, "xml"),
    RESTRUCTUREDTEXT("restructuredtext", Kind.MARKUP, "rst"),
    ASCIIDOC("asciidoc", Kind.MARKUP, "adoc", "asciidoc"),
    TEX("tex", Kind.MARKUP, "tex", "sty", "cls"),
    JSON("json", Kind.CONFIG, true, "json"),
    YAML("yaml", Kind.CONFIG, true, "yaml", "yml"),
    TOML("toml", Kind.CONFIG, "toml"),
    INI("ini", Kind.CONFIG, "ini", "cfg"),
    PROPERTIES("properties", Kind.CONFIG, "properties");

    private static final Map<String, FileLanguage> BY_EXTENSION = new HashMap<>();
    private static final Map<String, FileLanguage> BY_FILE_NAME = new HashMap<>();
    private static final Map<String, FileLanguage> BY_NAME = new HashMap<>();

    static {
        for (FileLanguage language : values()) {
            for (String extension : language.extensions) {
                if (extension.startsWith("="))
                    BY_FILE_NAME.put(extension.substring(1).toLowerCase(Locale.ROOT), language);
                else BY_EXTENSION.put(extension, language);
            }
            BY_NAME.put(language.label, language);
        }
        // The names The Stack's `lang` column uses where they are not our labels.
        BY_NAME.put("c++", CPP);
        BY_NAME.put("c#", CSHARP);
        BY_NAME.put("f#", FSHARP);
        BY_NAME.put("restructured-text", RESTRUCTUREDTEXT);
    }

    /** The language's name in metadata and per-language accounting, e.g. {@code cpp}. */
    public final String label;

    public final Kind kind;

    /** Where the sample builder puts such files: {@code code} or {@code markup}. */
    public final Corpus corpus;

    private final boolean sampled;
    private final String[] extensions;

    FileLanguage(String label, Kind kind, String... extensions) {
        this(label, kind, false, extensions);
    }

    FileLanguage(String label, Kind kind, boolean sampled, String... extensions) {
        this.label = label;
        this.kind = kind;
        this.corpus = kind == Kind.CODE ? Corpus.CODE : Corpus.MARKUP;
        this.sampled = sampled;
        this.extensions = extensions;
    }

    /** Whether {@code mixlab sample} collects files of this language. */
    public boolean sampled() {
        return sampled;
    }

    /**
     * The language of {@code path} (by file name for build files, else by case-insensitive
     * extension), or null when it is none of these.
     */
    public static FileLanguage ofPath(String path) {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        FileLanguage byName = BY_FILE_NAME.get(fileName.toLowerCase(Locale.ROOT));
        if (byName != null) return byName;
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        return BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The lower-case extension of {@code path}'s file name, or empty when it has none. */
    public static String extension(String path) {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The language a name denotes, as our labels or The Stack's {@code lang} values spell it
     * ({@code Java}, {@code C++}, {@code Visual Basic}); null when unknown.
     */
    public static FileLanguage ofName(String name) {
        return BY_NAME.get(name.strip().toLowerCase(Locale.ROOT).replace(' ', '-'));
    }

    /** What a file is: only {@link #CODE} counts as code in a {@code kind: code} source. */
    public enum Kind {
        CODE,
        MARKUP,
        CONFIG
    }

    /**
     * The sample's corpora; the label is the output folder and the documents' {@code source} field.
     */
    public enum Corpus {
        TEXT("text"),
        CODE("code"),
        MARKUP("markup");

        public final String label;

        Corpus(String label) {
            this.label = label;
        }
    }
}
