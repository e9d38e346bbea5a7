package io.herald.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md is code that is compiled and run: it must appear, as
 * {@link Snippets} defines, in a Java source under {@code herald-examples/} (this module's examples are
 * started by {@code ReadmeExamplesIT}). Change a README block and its example together, or this fails.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Repo.root();

    @Test
    void everyJavaBlockOfTheReadmeIsInAnExampleThatRuns() throws IOException {
        List<String> blocks = Snippets.blocks(Files.readString(ROOT.resolve("README.md")), "java");
        assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(3);
        Map<Path, String> sources = exampleSources();
        assertThat(sources).as("Java sources under herald-examples/").isNotEmpty();

        List<String> problems = new ArrayList<>();
        for (String block : blocks) {
            boolean found = sources.values().stream().anyMatch(src -> Snippets.missingFrom(block, src).isEmpty());
            if (!found) {
                List<String> lines = block.lines().toList();
                String furthest = sources.values().stream().map(src -> Snippets.missingFrom(block, src).orElseThrow())
                        .max(Comparator.comparingInt(lines::indexOf)).orElse("");
                problems.add("README block starting '" + lines.get(0) + "': no example under herald-examples/ has it"
                        + " (the closest one lacks '" + furthest.strip() + "')");
            }
        }
        assertThat(problems).as("README java blocks without an example that runs them").isEmpty();
    }

    @Test
    void theExamplesTheReadmeNamesAreAllThere() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> blocks = Snippets.blocks(readme, "java");
        Map<Path, String> sources = exampleSources();
        for (String example : List.of("ChatServer.java", "RedisChatServer.java", "ChatClient.java")) {
            String source = sources.entrySet().stream().filter(e -> e.getKey().endsWith(example))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertThat(blocks).as("a README block shown from " + example)
                    .anyMatch(b -> Snippets.missingFrom(b, source).isEmpty());
        }
    }

    // ---- the matching rule itself ------------------------------------------------------------------

    private static final String SOURCE = """
            package x;

            import a.B;   // Maven: a:b
            import java.util.Map;

            class X {
                void run() {
                    B b = B.create(
                            Map.of());
                    b.go();
                }
            }
            """;

    @Test
    void aBlockMatchesItsLinesWithOneIndentationAdded() {
        assertThat(Snippets.missingFrom("B b = B.create(\n        Map.of());\nb.go();\n", SOURCE)).isEmpty();
        assertThat(Snippets.missingFrom("\nimport a.B;   // Maven: a:b\n\n", SOURCE)).isEmpty();
        assertThat(Snippets.missingFrom("b.go();   \n", SOURCE)).isEmpty(); // trailing spaces do not count
    }

    @Test
    void anElisionLineSkipsCodeButKeepsTheOrder() {
        assertThat(Snippets.missingFrom("import a.B;   // Maven: a:b\n// ...\nb.go();\n", SOURCE)).isEmpty();
        assertThat(Snippets.missingFrom("b.go();\n// ...\nimport a.B;   // Maven: a:b\n", SOURCE))
                .contains("import a.B;   // Maven: a:b");
    }

    @Test
    void anyChangedCharacterOrMissingLineOrIndentationIsCaught() {
        assertThat(Snippets.missingFrom("B b = B.create(\n        Map.of(1));\n", SOURCE)).contains("        Map.of(1));");
        assertThat(Snippets.missingFrom("B b = B.create(\n    Map.of());\n", SOURCE)).contains("    Map.of());");
        assertThat(Snippets.missingFrom("B b = B.create(\nb.go();\n", SOURCE)).contains("b.go();");
        assertThat(Snippets.missingFrom("import a.B;\n", SOURCE)).contains("import a.B;"); // a line's start is not the line
    }

    @Test
    void blocksAreReadByTheirLanguage() {
        String md = "text\n```java\nint a;\n```\n```bash\nls\n```\n  ```java\nint b;\n\nint c;\n  ```\n";
        assertThat(Snippets.blocks(md, "java")).containsExactly("int a;\n", "int b;\n\nint c;\n");
        assertThat(Snippets.blocks(md, "bash")).containsExactly("ls\n");
    }

    private static Map<Path, String> exampleSources() throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("herald-examples"))) {
            files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
                            && !p.toString().contains("/target/"))
                    .forEach(p -> out.put(p, read(p)));
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
