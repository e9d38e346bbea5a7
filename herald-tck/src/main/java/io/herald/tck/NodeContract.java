package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.RawJson;
import io.herald.ServerEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every back-end does the same because one node does it: the behaviours where the memory and Redis
 * back-ends once differed, pinned here so they cannot drift apart again, and the node's own API beyond
 * ServiceStack's ({@code notifyChannels}, {@code disconnect}).
 */
public abstract class NodeContract extends ContractSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A stream that sees no presence events, so ids can be compared exactly. */
    private SseTestClient quietStream(String channels) throws Exception {
        SseTestClient c = connect(channels);
        c.expectConnect();
        return c;
    }

    private void quietServer() throws Exception {
        server(o -> o.notifyChannelOfSubscriptions(false));
    }

    @Test
    void aNullOrEmptyTargetIsRefusedNamingTheFieldAndNothingIsSent() throws Exception {
        quietServer();
        SseTestClient watcher = quietStream("home");
        ServerEvents events = events();
        for (String bad : new String[] {null, ""}) {
            assertThatThrownBy(() -> events.notifyUserId(bad, "cmd.x", "1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("userId is required");
            assertThatThrownBy(() -> events.notifyUserName(bad, "cmd.x", "1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("userName is required");
            assertThatThrownBy(() -> events.notifySession(bad, "cmd.x", "1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sessionId is required");
            assertThatThrownBy(() -> events.notifySubscription(bad, "cmd.x", "1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("subscriptionId is required");
        }
        assertThatThrownBy(() -> events.notifyUserId("u\u2028x", "cmd.x", "1")).hasMessageContaining("userId")
                .hasMessageContaining("\\u2028");
        events.notifyChannel("home", "cmd.sync", "1");
        assertThat(watcher.next().selector()).isEqualTo("cmd.sync");
    }

    @Test
    void everyBackEndKeepsTheSameCounters() throws Exception {
        quietServer();
        ServerEvents events = events();
        Map<String, Long> before = events.getStats();
        assertThat(before).containsKeys("subscriptions", "channels", "totalConnections", "totalUnsubscriptions",
                "notificationsSent", "deliveries", "slowEvictions", "expired", "closedByClient", "resumed",
                "resumedWithGap", "refusedEvents");
        SseTestClient c = quietStream("home");
        events.notifyChannel("home", "cmd.x", "1");
        c.nextCommand("x");
        c.close(); // the client goes away
        await().atMost(WAIT).untilAsserted(() -> assertThat(events.getStats().get("closedByClient"))
                .isEqualTo(before.get("closedByClient") + 1));
        Map<String, Long> after = events.getStats();
        assertThat(after.get("totalConnections")).isEqualTo(before.get("totalConnections") + 1);
        assertThat(after.get("totalUnsubscriptions")).isEqualTo(before.get("totalUnsubscriptions") + 1);
        assertThat(after.get("notificationsSent")).isEqualTo(before.get("notificationsSent") + 1);
        assertThat(after.get("subscriptions")).isZero();
        assertThat(events.statistics()).extracting(s -> s.key()).containsExactlyElementsOf(after.keySet());
    }

    @Test
    void repliesCarryTheNewestIdAndEveryMessageANewOne() throws Exception {
        quietServer();
        SseTestClient watcher = quietStream("home");
        events().notifyChannel("home", "cmd.x", "1");
        long x = watcher.nextCommand("x").numericId();

        SseTestClient fresh = connect("home");
        assertThat(fresh.expectConnect().numericId()).as("onConnect: the newest event's id").isEqualTo(x);
        RawHttp.Response beat = RawHttp.post(fresh.connectValue("heartbeatUrl"));
        assertThat(beat.status()).isEqualTo(200);
        assertThat(fresh.nextCommand("onHeartbeat").numericId()).as("a reply is not an event").isEqualTo(x);
        events().notifySubscription(fresh.subscriptionId(), "cmd.only", "1");
        assertThat(fresh.nextCommand("only").numericId()).as("a message to one subscription is an event")
                .isGreaterThan(x);
    }

    @Test
    void replayedFramesAreTheFramesThatWentLive() throws Exception {
        quietServer();
        SseTestClient watcher = quietStream("A,B");
        events().notifyChannel("A", "cmd.start", "0");
        long start = watcher.nextCommand("start").numericId();
        ServerEvents events = events();
        events.notifyChannel("A", "cmd.text", "say \u2028 hi");
        events.notifyChannels(List.of("B", "A"), "cmd.both", Map.of("n", 2));
        events.notifyAll("cmd.everyone", RawJson.of("{\n\"raw\":true}"));
        events.notifyChannel("A", "css.background-image$#top", "url(x)");
        events.notifyChannel("C", "cmd.elsewhere", "not for A or B");
        events.notifyChannel("B", "cmd.end", "9");
        List<String> live = new ArrayList<>();
        SseEvent e;
        do {
            e = watcher.next();
            live.add(e.id() + " " + e.data());
        } while (!e.is("end"));

        SseTestClient again = track(SseTestClient.open(base(), "/event-stream?channels=A,B",
                Map.of("Last-Event-ID", Long.toString(start)), null));
        again.expectConnect();
        List<String> replayed = new ArrayList<>();
        while (!(e = again.next()).is("onResume")) {
            replayed.add(e.id() + " " + e.data());
        }
        assertThat(replayed).containsExactlyElementsOf(live);
        assertThat(String.join("\n", live)).contains("B@cmd.both {\"n\":2}").contains("\\u2028")
                .contains("cmd.everyone { \"raw\":true}").doesNotContain("elsewhere");
    }

    @Test
    void notifyChannelsSendsOneEventToEverySubscriberOnce() throws Exception {
        quietServer();
        SseTestClient a = quietStream("a");
        SseTestClient b = quietStream("b");
        SseTestClient ab = quietStream("b,a");
        SseTestClient other = quietStream("c");
        events().notifyChannels(List.of("a", "b"), "cmd.news", "hi");
        events().notifyAll("cmd.sync", "1");
        SseEvent toA = a.next();
        SseEvent toB = b.next();
        SseEvent toAb = ab.next();
        assertThat(toA.data()).isEqualTo("a@cmd.news \"hi\"");
        assertThat(toB.data()).isEqualTo("b@cmd.news \"hi\"");
        assertThat(toAb.data()).as("in both: the first of the event's channels it listens to").isEqualTo("a@cmd.news \"hi\"");
        assertThat(toA.id()).isEqualTo(toB.id()).isEqualTo(toAb.id());
        assertThat(ab.next().selector()).as("once").isEqualTo("cmd.sync");
        assertThat(other.next().selector()).isEqualTo("cmd.sync");
        assertThatThrownBy(() -> events().notifyChannels(List.of(), "cmd.x", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");
        assertThatThrownBy(() -> events().notifyChannels(List.of("ok", "bad,name"), "cmd.x", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad,name");
    }

    @Test
    void disconnectClosesAStreamAsADroppedConnectionWould() throws Exception {
        SseTestClient watcher = connectAndJoin("home");
        SseTestClient gone = connect("home");
        gone.expectConnect();
        gone.nextCommand("onJoin");
        watcher.nextCommand("onJoin");
        assertThat(events().disconnect(gone.subscriptionId())).isTrue();
        gone.awaitEnd(WAIT);
        assertThat(watcher.nextCommand("onLeave").body()).contains(gone.connectValue("userId"));
        await().atMost(WAIT).until(() -> events().getSubscriptionInfo(gone.subscriptionId()) == null);
        assertThat(events().disconnect(gone.subscriptionId())).isFalse();
    }
}
