package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser client's unit tests ({@code src/test/resources/js/herald.test.js}) on Node's built-in
 * test runner, with fake EventSource and fetch. Needs {@code node} (18+) on the PATH; Debian's
 * {@code nodejs} package is enough. Fails when node is missing and CI or HERALD_REQUIRE_EXTERNALS is set. The page itself is exercised in a real browser by the Selenium tests.
 */
class HeraldJsTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void heraldJsUnitTestsPass() throws Exception {
        String node = Externals.require("node", "install Debian's nodejs to run the herald.js tests", "node", "nodejs");

        Path script = MODULE.resolve("src/test/resources/js/herald.test.js");
        Path heraldJs = MODULE.resolve("src/main/resources/web/js/herald.js");
        assertThat(script).exists();
        assertThat(heraldJs).exists();

        Path out = Files.createTempFile("herald-js-test", ".tap");
        try {
            ProcessBuilder pb = new ProcessBuilder(node, "--test", script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("HERALD_JS", heraldJs.toString());
            Process process = pb.start();
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String tap = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(finished).as("node test run finished in time; output:%n%s", tap).isTrue();
            assertThat(process.exitValue()).as("node --test exit code; output:%n%s", tap).isZero();
            assertThat(tap).contains("# fail 0").doesNotContain("not ok");
            assertThat(tap).containsPattern("# pass [1-9]");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
