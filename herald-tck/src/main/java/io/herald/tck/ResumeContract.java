package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No message lost across reconnects: a client that comes back with the id of the last event it saw
 * ({@code Last-Event-ID} header or {@code ?lastEventId=}) gets every channel event it missed, in order,
 * once, then {@code cmd.onResume}, then live events; a position history no longer covers is reported
 * with {@code "recovered":false}.
 */
public abstract class ResumeContract extends ContractSupport {

    @Test
    void aClientCutMidStreamResumesWithNoGapsAndNoDuplicates() throws Exception {
        server(o -> o.historySize(5000)); // the whole run fits in history: any gap would be a bug
        SseTestClient first = connectAndJoin("feed");
        try (SteadyPublisher publisher = new SteadyPublisher(events(), "feed", 2000, 1000)) {
            List<Integer> received = new ArrayList<>();
            String lastId = takeNumbered(first, received, 100);
            first.close();
            SseTestClient second = track(SseTestClient.open(base(), "/event-stream?channels=feed",
                    Map.of("Last-Event-ID", lastId), null));
            assertResumesInSequence(second, received, Long.parseLong(lastId));
        }
    }

    /**
     * Takes {@code cmd.n <number>} events from {@code stream} into {@code received} until it holds
     * {@code upTo} numbers, and returns the id of the last one.
     */
    public static String takeNumbered(SseTestClient stream, List<Integer> received, int upTo) {
        String lastId = null;
        while (received.size() < upTo) {
            SseEvent e = stream.nextCommand("n");
            received.add(Integer.parseInt(e.body()));
            lastId = e.id();
        }
        return lastId;
    }

    /**
     * Reads a resumed stream: everything up to {@code cmd.onResume} (which must say recovered), then
     * 50 more live events, and checks the numbers received over both streams are 1, 2, 3, … with no gap
     * or repeat.
     */
    public static void assertResumesInSequence(SseTestClient resumed, List<Integer> received, long lastEventId) {
        resumed.expectConnect();
        SseEvent resume = null;
        while (resume == null) {
            SseEvent e = resumed.next();
            if (e.is("n")) {
                received.add(Integer.parseInt(e.body()));
            } else if (e.is("onResume")) {
                resume = e;
            }
        }
        assertThat(JsonText.object(resume.body())).containsEntry("recovered", true)
                .containsEntry("lastEventId", lastEventId);
        int target = received.get(received.size() - 1) + 50;
        while (received.get(received.size() - 1) < target) {
            received.add(Integer.parseInt(resumed.nextCommand("n").body()));
        }
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i)).as("message %d of %s", i, received).isEqualTo(i + 1);
        }
    }

    @Test
    void theLastEventIdQueryParameterWorksLikeTheHeader() throws Exception {
        SseTestClient first = connectAndJoin("q");
        events().notifyChannel("q", "cmd.n", 1);
        String seen = first.nextCommand("n").id();
        first.close();
        events().notifyChannel("q", "cmd.n", 2);
        SseTestClient second = track(SseTestClient.open(base(), "/event-stream?channels=q&lastEventId=" + seen));
        second.expectConnect();
        assertThat(second.next().data()).isEqualTo("q@cmd.n 2");
        assertThat(JsonText.object(second.nextCommand("onResume").body())).containsEntry("recovered", true)
                .containsEntry("replayed", 1L);
    }

    @Test
    void aPositionBeyondRetentionIsReportedAsAGap() throws Exception {
        server(o -> o.historySize(3));
        SseTestClient first = connectAndJoin("h");
        events().notifyChannel("h", "cmd.n", 0);
        String seen = first.nextCommand("n").id();
        first.close();
        for (int i = 1; i <= 10; i++) {
            events().notifyChannel("h", "cmd.n", i);
        }
        SseTestClient second = track(SseTestClient.open(base(), "/event-stream?channels=h",
                Map.of("Last-Event-ID", seen), null));
        second.expectConnect();
        List<String> replayed = new ArrayList<>();
        SseEvent e;
        while (!(e = second.next()).is("onResume")) {
            replayed.add(e.body());
        }
        assertThat(replayed).containsExactly("8", "9", "10");
        assertThat(JsonText.object(e.body())).containsEntry("recovered", false).containsEntry("replayed", 3L);
    }

    @Test
    void aPositionThisServerNeverHandedOutIsAGap() throws Exception {
        SseTestClient c = track(SseTestClient.open(base(), "/event-stream?channels=x",
                Map.of("Last-Event-ID", "12"), null));
        c.expectConnect();
        assertThat(JsonText.object(c.nextCommand("onResume").body())).containsEntry("recovered", false);
    }

    @Test
    void aMalformedLastEventIdIs400() throws Exception {
        SseTestClient c = track(SseTestClient.open(base(), "/event-stream?channels=x",
                Map.of("Last-Event-ID", "abc"), null));
        assertThat(c.status()).isEqualTo(400);
        assertThat(statusMessage(RawHttp.get(base() + "/event-stream?lastEventId=-5"))).contains("Last-Event-ID '-5'");
        SseTestClient fresh = connectAndJoin("x");
        fresh.assertNoMore(Duration.ofMillis(200));
    }
}
