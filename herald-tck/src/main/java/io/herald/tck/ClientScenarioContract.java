package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ServiceStack's own Server Events scenarios (section A of {@code acceptance-scenarios.md}: A1–A3,
 * A5–A8, A17, A18, A20, A21, A23), played over real HTTP by raw clients that do what ServiceStack's
 * clients do on the wire.
 */
public abstract class ClientScenarioContract extends ContractSupport {

    private static final Duration QUIET = Duration.ofMillis(300);

    /** What the Chat services send: a camelCase ChatMessage. */
    protected Map<String, Object> chat(SseTestClient from, String channel, String text) throws Exception {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", events().getNextSequence("chatMsg"));
        msg.put("channel", channel);
        msg.put("fromUserId", from.connectValue("userId"));
        msg.put("fromName", from.connectValue("displayName"));
        msg.put("message", text);
        msg.put("private", false);
        events().notifyChannel(channel, "cmd.chat", msg);
        return msg;
    }

    @Test
    void a1_connectGivesAbsoluteUrlsAndTimings() throws Exception {
        SseTestClient c = connect(null);
        c.expectConnect();
        assertThat(c.connectValue("heartbeatUrl")).startsWith(base());
        assertThat(c.connectValue("unRegisterUrl")).startsWith(base());
        assertThat(Long.parseLong(c.connectValue("heartbeatIntervalMs"))).isPositive();
        assertThat(c.connectValue("idleTimeoutMs")).isEqualTo("30000");
    }

    @Test
    void a2_aClientGetsItsOwnJoinOnTheDefaultChannel() throws Exception {
        SseTestClient c = connect(null);
        c.expectConnect();
        SseEvent join = c.next();
        assertThat(join.data()).startsWith("*@cmd.onJoin ");
        assertThat(JsonText.object(join.body())).containsEntry("displayName", c.connectValue("displayName"));
    }

    @Test
    void a3_threeJoinsInChannelOrder() throws Exception {
        SseTestClient c = connect("A,B,C");
        c.expectConnect();
        for (String ch : new String[] {"A", "B", "C"}) {
            SseEvent join = c.next();
            assertThat(join.channel()).isEqualTo(ch);
            assertThat(join.is("onJoin")).isTrue();
            assertThat(JsonText.object(join.body())).containsEntry("displayName", c.connectValue("displayName"));
        }
        c.assertNoMore(QUIET);
    }

    @Test
    void a5_joinAndLeaveOfAnotherClientAfterGetOnItsUnregisterUrl() throws Exception {
        SseTestClient one = connectAndJoin("*");
        SseTestClient two = connectAndJoin("*");
        SseEvent join = one.next();
        assertThat(join.is("onJoin")).isTrue();
        assertThat(JsonText.object(join.body())).containsEntry("userId", two.connectValue("userId"));
        assertThat(RawHttp.get(two.connectValue("unRegisterUrl")).status()).isEqualTo(200);
        SseEvent leave = one.next();
        assertThat(leave.is("onLeave")).isTrue();
        assertThat(JsonText.object(leave.body())).containsEntry("userId", two.connectValue("userId"));
    }

    @Test
    void a6_bothClientsReceiveEachOthersChat() throws Exception {
        SseTestClient one = connectAndJoin("*");
        SseTestClient two = connectAndJoin("*");
        one.nextCommand("onJoin");
        for (SseTestClient sender : List.of(one, two)) {
            chat(sender, "*", "hello from " + sender.connectValue("displayName"));
            for (SseTestClient receiver : List.of(one, two)) {
                SseEvent e = receiver.next();
                assertThat(e.numericId()).isPositive();
                assertThat(e.selector()).isEqualTo("cmd.chat");
                Map<String, Object> body = JsonText.object(e.body());
                assertThat(body).containsEntry("fromUserId", sender.connectValue("userId"))
                        .containsEntry("fromName", sender.connectValue("displayName"))
                        .containsEntry("message", "hello from " + sender.connectValue("displayName"));
                assertThat((Long) body.get("id")).isPositive();
            }
        }
        one.assertNoMore(QUIET);
        two.assertNoMore(Duration.ZERO);
    }

    @Test
    void a7_everyHeartbeatIsAnswered() throws Exception {
        server(o -> o.heartbeatInterval(Duration.ofMillis(200)));
        SseTestClient c = connectAndJoin("*");
        assertThat(c.connectValue("heartbeatIntervalMs")).isEqualTo("200");
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            String url = c.connectValue("heartbeatUrl");
            beats.scheduleAtFixedRate(() -> {
                try {
                    RawHttp.post(url);
                } catch (Exception ignored) {
                    // counted below
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            for (int i = 0; i < 3; i++) {
                c.nextCommand("onHeartbeat");
            }
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    void a8_heartbeatForAnUnknownIdFailsQuickly() throws Exception {
        long start = System.nanoTime();
        assertThat(RawHttp.get(base() + "/event-heartbeat?id=unknown").status()).isEqualTo(404);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void a17_clientsOnSeveralChannelsGetEveryMessageOfEach() throws Exception {
        String[] channelSets = {"A", "A,B", "A,B,C", "A,B,C,D"};
        List<SseTestClient> clients = new ArrayList<>();
        for (String set : channelSets) {
            clients.add(connectAndJoin(set));
        }
        for (int round = 0; round < 2; round++) {
            assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers?channels=A").text())).hasSize(4);
        }
        for (int round = 1; round <= 2; round++) {
            for (String ch : new String[] {"A", "B", "C", "D"}) {
                chat(clients.get(0), ch, "round " + round + " to " + ch);
            }
            for (int i = 0; i < clients.size(); i++) {
                SseTestClient c = clients.get(i);
                for (int k = 0; k <= i; k++) {
                    c.nextCommand("chat");
                }
            }
        }
        for (int i = 0; i < clients.size(); i++) {
            long chats = clients.get(i).taken().stream().filter(e -> e.is("chat")).count();
            assertThat(chats).isEqualTo(2L * (i + 1));
            clients.get(i).assertNoMore(i == 0 ? QUIET : Duration.ZERO);
        }
    }

    @Test
    void a18_everyJoinAndLeaveIsSeenByTheRightClients() throws Exception {
        SseTestClient a = connect("A");
        a.expectConnect();
        a.nextCommand("onJoin");
        SseTestClient b = connect("B");
        b.expectConnect();
        b.nextCommand("onJoin");
        SseTestClient ab = connect("A,B");
        ab.expectConnect();
        ab.nextCommand("onJoin");
        ab.nextCommand("onJoin");
        assertThat(JsonText.object(a.nextCommand("onJoin").body())).containsEntry("userId", ab.connectValue("userId"));
        assertThat(JsonText.object(b.nextCommand("onJoin").body())).containsEntry("userId", ab.connectValue("userId"));
        assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers?channels=A").text())).hasSize(2);
        assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers?channels=B").text())).hasSize(2);
        assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers?channels=A,B").text())).hasSize(3);
        assertThat(JsonText.array(RawHttp.get(base() + "/api/GetEventSubscribers?channels=A,B").text())).hasSize(3);

        RawHttp.post(ab.connectValue("unRegisterUrl"));
        assertThat(JsonText.object(a.nextCommand("onLeave").body())).containsEntry("userId", ab.connectValue("userId"));
        assertThat(JsonText.object(b.nextCommand("onLeave").body())).containsEntry("userId", ab.connectValue("userId"));
        RawHttp.post(b.connectValue("unRegisterUrl"));
        RawHttp.post(a.connectValue("unRegisterUrl"));
        a.awaitEnd(Duration.ofSeconds(5));
        b.awaitEnd(Duration.ofSeconds(5));
        assertThat(a.taken().stream().filter(e -> e.is("onLeave"))).hasSize(1);
        assertThat(b.taken().stream().filter(e -> e.is("onLeave"))).hasSize(1);
        assertThat(ab.taken().stream().filter(e -> e.is("onLeave"))).isEmpty();
    }

    @Test
    void a20_subscribeWhilstConnected() throws Exception {
        SseTestClient one = connectAndJoin("A");
        SseTestClient two = connectAndJoin("B");
        chat(one, "B", "first to B");
        assertThat(two.nextCommand("chat").body()).contains("first to B");
        one.assertNoMore(QUIET);

        update(one, "SubscribeChannels=B");
        two.nextCommand("onUpdate");
        chat(one, "B", "second to B");
        chat(one, "C", "to C");
        assertThat(one.nextCommand("chat").data()).startsWith("B@cmd.chat").contains("second to B");
        assertThat(two.nextCommand("chat").data()).contains("second to B");
        assertThat(events().getSubscriptionInfo(one.subscriptionId()).channels()).containsExactly("A", "B");

        update(one, "SubscribeChannels=C");
        update(two, "SubscribeChannels=C");
        chat(one, "C", "both in C");
        assertThat(one.nextCommand("chat").data()).startsWith("C@cmd.chat");
        assertThat(two.nextCommand("chat").data()).startsWith("C@cmd.chat");
        assertThat(events().getSubscriptionInfo(two.subscriptionId()).channels()).containsExactly("B", "C");
    }

    @Test
    void a21_unsubscribeWhilstConnected() throws Exception {
        SseTestClient one = connectAndJoin("A,B,C");
        SseTestClient two = connectAndJoin("B,C");
        chat(one, "B", "to B");
        one.nextCommand("chat");
        two.nextCommand("chat");
        update(one, "UnsubscribeChannels=B");
        chat(one, "B", "B again");
        chat(one, "C", "to C");
        assertThat(one.nextCommand("chat").data()).startsWith("C@cmd.chat");
        assertThat(two.nextCommand("chat").data()).startsWith("B@cmd.chat");
        assertThat(two.nextCommand("chat").data()).startsWith("C@cmd.chat");
        assertThat(events().getSubscriptionInfo(one.subscriptionId()).channels()).containsExactly("A", "C");
        update(one, "UnsubscribeChannels=C");
        update(two, "UnsubscribeChannels=C");
        chat(one, "C", "nobody");
        one.assertNoMatching(e -> e.is("chat"), QUIET);
        two.assertNoMatching(e -> e.is("chat"), Duration.ZERO);
        assertThat(events().getSubscriptionInfo(two.subscriptionId()).channels()).containsExactly("B");
    }

    @Test
    void a23_tenMessagesBackToBackArriveInOrder() throws Exception {
        SseTestClient c = connectAndJoin("A");
        for (int i = 1; i <= 10; i++) {
            chat(c, "A", "msg" + i);
        }
        for (int i = 1; i <= 10; i++) {
            assertThat(JsonText.object(c.next().body())).containsEntry("message", "msg" + i);
        }
    }

    private void update(SseTestClient c, String form) throws Exception {
        RawHttp.Response r = RawHttp.post(c.connectValue("updateSubscriberUrl"), "application/x-www-form-urlencoded", form);
        assertThat(r.status()).as("update " + form).isEqualTo(200);
    }
}
