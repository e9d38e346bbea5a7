package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Builder validation, URL building and back-off arithmetic: no network. */
class ClientSettingsTest {

    @Test
    void streamUrlKeepsCommasAndEncodesTheRestLikeTheCSharpClient() {
        assertThat(Urls.streamUri(URI.create("http://h:1/app/"), "event-stream", List.of("A", "B")))
                .hasToString("http://h:1/app/event-stream?channels=A,B");
        assertThat(Urls.streamUri(URI.create("http://h"), "/event-stream", List.of("a b", "x&y", "é", "*", "c-d.e")))
                .hasToString("http://h/event-stream?channels=a+b,x%26y,%C3%A9,%2A,c-d.e");
        assertThat(Urls.streamUri(URI.create("http://h"), "event-stream", List.of()))
                .hasToString("http://h/event-stream?channels=");
    }

    @Test
    void builderRejectsBadValuesNamingSettingAndValue() {
        assertThatThrownBy(() -> ServerEventsClient.builder("ftp://h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUri").hasMessageContaining("ftp://h");
        assertThatThrownBy(() -> ServerEventsClient.builder("http://h/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> ServerEventsClient.builder("not a uri")).hasMessageContaining("not a uri");
        ServerEventsClient.Builder b = ServerEventsClient.builder("http://h");
        assertThatThrownBy(() -> b.channels("A", "B,C")).hasMessageContaining("B,C");
        assertThatThrownBy(() -> b.channels("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> b.maxLineLength(10)).hasMessageContaining("maxLineLength").hasMessageContaining("10");
        assertThatThrownBy(() -> b.reconnectInitialDelay(Duration.ZERO)).hasMessageContaining("reconnectInitialDelay");
        assertThatThrownBy(() -> b.requestTimeout(Duration.ofSeconds(-1))).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> b.receiver("a.b", Object.class)).hasMessageContaining("a.b");
        assertThatThrownBy(() -> b.handler("", m -> { })).hasMessageContaining("handler target");
        assertThatThrownBy(() -> b.eventStreamPath("x?y")).hasMessageContaining("eventStreamPath");
        assertThatThrownBy(() -> b.reconnectInitialDelay(Duration.ofSeconds(5)).reconnectMaxDelay(Duration.ofSeconds(1)).build())
                .hasMessageContaining("reconnectMaxDelay").hasMessageContaining("PT1S").hasMessageContaining("PT5S");
    }

    @Test
    void newClientIsStoppedWithTheConfiguredChannels() {
        try (ServerEventsClient client = ServerEventsClient.builder("http://127.0.0.1:1").channels("A", "B").build()) {
            assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STOPPED);
            assertThat(client.getChannels()).containsExactly("A", "B");
            assertThat(client.getConnectionInfo()).isNull();
            assertThat(client.getTimesStarted()).isZero();
            assertThat(client.getServiceClient().getBaseUri()).hasToString("http://127.0.0.1:1");
            assertThat(client.getServiceClient().resolve("/api/X")).hasToString("http://127.0.0.1:1/api/X");
            assertThat(client.waitForNextMessage()).isNotDone();
        }
    }

    @RepeatedTest(20)
    void backoffGrowsIsJitteredAndCapped() {
        Backoff backoff = new Backoff(100, 1000);
        assertThat(backoff.delayMillis(1, -1)).isBetween(50L, 100L);
        assertThat(backoff.delayMillis(2, -1)).isBetween(100L, 200L);
        assertThat(backoff.delayMillis(4, -1)).isBetween(400L, 800L);
        assertThat(backoff.delayMillis(5, -1)).isBetween(500L, 1000L);
        assertThat(backoff.delayMillis(1_000_000, -1)).isBetween(500L, 1000L);
        assertThat(backoff.delayMillis(1, 30)).as("server retry: is the base").isBetween(15L, 30L);
        assertThat(backoff.delayMillis(1, 0)).as("retry: 0 cannot make it spin").isBetween(5L, 10L);
        assertThat(backoff.delayMillis(1, 60_000)).as("capped").isBetween(500L, 1000L);
    }
}
