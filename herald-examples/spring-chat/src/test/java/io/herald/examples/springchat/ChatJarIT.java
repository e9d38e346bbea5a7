package io.herald.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as a user starts it, {@code java -jar target/herald-spring-chat.jar} (on port 0 here): the chat
 * page at {@code /}, ServiceStack's event stream at the root, Herald's meters on Actuator's Prometheus endpoint.
 */
class ChatJarIT {

    private static final Path JAR = Path.of("target", "herald-spring-chat.jar");
    private static final Pattern PORT = Pattern.compile("Tomcat started on port[^0-9]*([0-9]+)");

    /** The starter brings no second JSON stack and no Netty server: the app's Jackson 3 and Tomcat do the work. */
    @Test
    void theJarHoldsOneJsonLibraryAndNoHeraldNetty() throws Exception {
        assertThat(JAR).exists();
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(JAR.toFile())) {
            java.util.List<String> libs = jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.startsWith("BOOT-INF/lib/")).map(n -> n.substring("BOOT-INF/lib/".length())).toList();
            assertThat(libs).anyMatch(n -> n.startsWith("jackson-databind-3."))
                    .anyMatch(n -> n.startsWith("herald-spring-boot-starter-"))
                    .noneMatch(n -> n.startsWith("jackson-databind-2."))
                    .noneMatch(n -> n.startsWith("herald-jackson-"))
                    .noneMatch(n -> n.startsWith("herald-netty-"))
                    .noneMatch(n -> n.startsWith("netty-codec-http-"));
        }
    }

    @Test
    void theJarServesThePageTheStreamAndTheMeters() throws Exception {
        assertThat(JAR).as("built by the package phase (spring-boot-maven-plugin repackage)").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "--server.port=0",
                "--server.address=127.0.0.1").redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> readLog(process, port, log), "spring-chat-jar-log");
        reader.setDaemon(true);
        reader.start();
        try {
            int p = port.get(90, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + p;
            RawHttp.Response page = RawHttp.get(base + "/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("<title>Herald Chat</title>").contains("/js/chat.js");
            assertThat(RawHttp.get(base + "/js/herald.mjs").text()).contains("ServerEventsClient");

            try (SseTestClient stream = SseTestClient.open(base, "/event-stream?channels=home")) {
                assertThat(stream.status()).isEqualTo(200);
                stream.expectConnect();
                String meters = RawHttp.get(base + "/actuator/prometheus").text();
                assertThat(meters).contains("# TYPE herald_connections_total counter")
                        .containsPattern("herald_subscriptions\\{backend=\"memory\"[^}]*} 1");
            }
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !process.isAlive());
        assertThat(log.toString()).as("the jar's log").doesNotContain("ERROR");
    }

    private static void readLog(Process process, CompletableFuture<Integer> port, StringBuilder log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                Matcher m = PORT.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
            port.completeExceptionally(new AssertionError("the jar exited before it listened:\n" + log));
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
    }
}
