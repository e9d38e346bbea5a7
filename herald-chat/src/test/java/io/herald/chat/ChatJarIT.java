package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code target/herald-chat.jar} (built in the package phase, before failsafe runs): it starts
 * with {@code java -jar}, serves the page, has one SLF4J binding, stops on SIGTERM, and fails with one line
 * on a bad flag.
 */
class ChatJarIT {

    private static final Path JAR = Path.of("target", "herald-chat.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static Process java(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.log").toFile())
                .redirectError(dir.resolve("err.log").toFile())
                .start();
    }

    @Test
    void jarHasTheManifestAndOneLoggingBinding() throws IOException {
        assertThat(JAR).as("run mvn package first").exists();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            String manifest = new String(zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(manifest).contains("Main-Class: io.herald.chat.ChatApp", "Multi-Release: true",
                    "Enable-Native-Access: ALL-UNNAMED");
            assertThat(zip.getEntry("ch/qos/logback/classic/Logger.class")).isNotNull();
            assertThat(zip.getEntry("org/slf4j/simple/SimpleLogger.class")).isNull();
            assertThat(zip.getEntry("module-info.class")).isNull();
            assertThat(zip.getEntry("web/index.html")).isNotNull();
            assertThat(zip.stream().map(e -> e.getName()).filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"))).isEmpty();
        }
    }

    @Test
    void runsServesThePageAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Process p = java(dir, "--port=0");
        try {
            Pattern url = Pattern.compile("listening on (http://\\S+)");
            String[] base = new String[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Matcher m = url.matcher(Files.readString(dir.resolve("out.log")));
                if (m.find()) {
                    base[0] = m.group(1).replace("localhost", "127.0.0.1");
                    return true;
                }
                assertThat(p.isAlive()).as("still running; stderr: %s", Files.readString(dir.resolve("err.log"))).isTrue();
                return false;
            });
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base[0] + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Herald Chat");
            assertThat(dir.resolve("appsettings.txt")).exists();

            p.destroy(); // SIGTERM: the shutdown hook stops the server
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("out.log"))).contains("stopped");
            String err = Files.readString(dir.resolve("err.log"));
            assertThat(err).doesNotContain("SLF4J").doesNotContain("Exception");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void badFlagAndUnreachableRedisExitNonZeroWithOneLine(@TempDir Path dir) throws Exception {
        Process bad = java(dir, "--port=abc");
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("err.log")))
                .isEqualTo("herald-chat: Flag '--port=abc': port must be a number 0-65535, got 'abc'\n");

        Process redis = java(dir, "--port=0", "--redis=127.0.0.1:1");
        assertThat(redis.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(redis.exitValue()).isEqualTo(1);
        String err = Files.readString(dir.resolve("err.log"));
        assertThat(err).startsWith("herald-chat: Cannot connect to Redis at 127.0.0.1:1");
        assertThat(err.strip()).doesNotContain("\n");
    }
}
