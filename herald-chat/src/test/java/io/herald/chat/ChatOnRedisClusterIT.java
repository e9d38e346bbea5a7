package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import io.herald.testkit.RedisClusterProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two chat app instances joined through a real Redis Cluster ({@code redis=redis-cluster://...}) act as one. */
class ChatOnRedisClusterIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private RedisClusterProcess cluster;
    private ChatApp one;
    private ChatApp two;

    @AfterEach
    void stop() {
        for (ChatApp app : new ChatApp[] {two, one}) {
            if (app != null) {
                app.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMessagePostedOnOneInstanceReachesTheOtherAndItsHistory() throws Exception {
        cluster = RedisClusterProcess.start(3, 0);
        one = TestApps.start("redis", cluster.uri(0));
        two = TestApps.start("redis", cluster.uri(1));
        try (SseTestClient alice = SseTestClient.open(base(one), "/event-stream?channels=home");
                SseTestClient bob = SseTestClient.open(base(two), "/event-stream?channels=home")) {
            alice.expectConnect();
            bob.expectConnect();
            String bobsUserId = "\"userId\":\"" + bob.connectValue("userId") + "\"";
            alice.nextMatching(e -> "cmd.onJoin".equals(e.selector()) && e.body().contains(bobsUserId));

            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base(two) + "/channels/home/chat"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("from=" + bob.subscriptionId() + "&message=over%20the%20cluster"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            SseEvent chat = alice.nextMatching(e -> "cmd.chat".equals(e.selector()));
            assertThat(chat.channel()).isEqualTo("home");
            assertThat(chat.body()).contains("over the cluster");

            String history = http.send(HttpRequest.newBuilder(URI.create(base(one) + "/chathistory?channels=home")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(history).contains("over the cluster");
            String subscribers = http.send(HttpRequest.newBuilder(URI.create(base(one) + "/event-subscribers?channels=home"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(subscribers).contains("\"userId\":\"" + alice.connectValue("userId") + "\"", bobsUserId);
        }
    }

    private static String base(ChatApp app) {
        return "http://127.0.0.1:" + app.port();
    }
}
