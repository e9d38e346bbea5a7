package io.herald.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ConnectTokens;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import io.herald.testkit.RedisServerExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples run as a user runs them, each in its own JVM on port 0: the server keeps running
 * until SIGTERM and then stops cleanly, the client's message goes through the server's route and comes back
 * on its stream, and two Redis-backed servers share their subscriptions.
 */
class ReadmeExamplesIT {

    private static final Pattern LISTENING = Pattern.compile("Herald on (http://\\S+)");
    /** SIGTERM ends a JVM with 128 + 15 once its shutdown hooks have run. */
    private static final int SIGTERM_EXIT = 143;

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @TempDir
    Path dir;

    private static String loopback(String url) {
        return url.replace("localhost", "127.0.0.1");
    }

    @Test
    void theServerRunsUntilStoppedAndTheClientHearsItsOwnMessage() throws Exception {
        try (ExampleProcess server = ExampleProcess.start(ChatServer.class, dir, Map.of("PORT", "0"))) {
            String base = loopback(server.awaitOutput(LISTENING));

            RawHttp.Response page = RawHttp.get(base + "/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("new EventSource(\"/event-stream?channels=home\")");

            try (SseTestClient watcher = SseTestClient.open(base, "/event-stream?channels=home")) {
                watcher.expectConnect();
                try (ExampleProcess client = ExampleProcess.start(ChatClient.class, dir, Map.of("HERALD_URL", base))) {
                    assertThat(client.awaitExit()).as("ChatClient's exit code; stderr:%n%s", client.stderr()).isZero();
                    assertThat(client.stdout()).contains("heard: hello");
                }
                assertThat(watcher.nextCommand("chat").body()).contains("\"message\":\"hello\"");
            }

            RawHttp.Response bad = RawHttp.post(base + "/channels/home/chat", "application/json", "{\"from\":\"x\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text()).contains("'message' is required");

            assertThat(server.isAlive()).as("the server still runs: main waits in awaitTermination()").isTrue();
            assertThat(server.terminate()).isEqualTo(SIGTERM_EXIT);
            assertThat(server.stderr()).contains("stopped").doesNotContain("Exception");
        }
    }

    @Test
    void twoRedisServersShareTheirStreams() throws Exception {
        Map<String, String> env = Map.of("PORT", "0", "REDIS_URI", redis.server().uri());
        try (ExampleProcess a = ExampleProcess.start(RedisChatServer.class, dir, env);
             ExampleProcess b = ExampleProcess.start(RedisChatServer.class, dir, env)) {
            String baseA = loopback(a.awaitOutput(LISTENING));
            String baseB = loopback(b.awaitOutput(LISTENING));

            try (SseTestClient onA = SseTestClient.open(baseA, "/event-stream?channels=home")) {
                onA.expectConnect();
                RawHttp.Response sent = RawHttp.post(baseB + "/channels/home/chat", "application/json",
                        "{\"from\":\"bob\",\"message\":\"across servers\"}");
                assertThat(sent.status()).isEqualTo(204);
                assertThat(onA.nextCommand("chat").body()).contains("\"message\":\"across servers\"");
            }

            assertThat(a.terminate()).isEqualTo(SIGTERM_EXIT);
            assertThat(b.terminate()).isEqualTo(SIGTERM_EXIT);
            assertThat(a.stderr()).contains("stopped");
        }
    }

    @Test
    void privateChannelsRefuseBeforeTheStreamOpensAndTokensSayWhoItIs() throws Exception {
        String secret = "the-readme-secret-of-thirty-two-bytes";
        Map<String, String> env = Map.of("PORT", "0", "HERALD_TOKEN_SECRET", secret);
        try (ExampleProcess server = ExampleProcess.start(PrivateChannelsServer.class, dir, env)) {
            String base = loopback(server.awaitOutput(LISTENING));
            ConnectTokens tokens = ConnectTokens.hs256(secret);
            assertThat(RawHttp.get(base + "/event-stream?channels=home").status()).as("no token").isEqualTo(401);
            String token = tokens.sign("42", "alice", null, java.time.Duration.ofMinutes(1));
            try (SseTestClient c = SseTestClient.open(base, "/event-stream?channels=home,staff&token=" + token)) {
                c.expectConnect();
                assertThat(c.connectValue("userId")).isEqualTo("42");
                assertThat(c.connectValue("channels")).isEqualTo("home,staff");
            }
            assertThat(server.terminate()).isEqualTo(SIGTERM_EXIT);
        }
    }
}
