package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.UserSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a clear 4xx (or exception) naming what is wrong, no caller-supplied text can forge an
 * SSE line, and the server keeps serving everyone else throughout.
 */
public abstract class BadInputContract extends ContractSupport {

    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void invalidChannelNamesAre400NamingTheChannel() throws Exception {
        SseTestClient bystander = connectAndJoin("home");
        String[][] cases = {
            {"a%20b", "'a b'"},
            {"a@b", "'a@b'"},
            {"ok,,x", "''"},
            {"x%0Ay", "x\\u000ay"},
            {"x%0D%0Aid:%2099", "\\u000d\\u000a"},
            {"x%00", "\\u0000"},
            {"L".repeat(257), "longer than 256"},
        };
        for (String[] c : cases) {
            RawHttp.Response r = RawHttp.get(base() + "/event-stream?channels=" + c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(statusMessage(r) + r.text()).as(c[0]).contains(c[1]);
            assertThat(r.header("content-type")).doesNotStartWith("text/event-stream");
        }
        RawHttp.Response update = RawHttp.post(bystander.connectValue("updateSubscriberUrl"),
                "application/x-www-form-urlencoded", "SubscribeChannels=bad%20name");
        assertThat(update.status()).isEqualTo(400);
        assertThat(update.text()).contains("'bad name'");
        assertStillServing(bystander);
    }

    @Test
    void selectorsAndChannelsThatCouldBreakFramingThrowFromTheApi() throws Exception {
        SseTestClient c = connectAndJoin("home");
        for (String selector : new String[] {"cmd.a b", "cmd.x\n", "cmd.x\r\ndata: forged", "cmd.\u0000", "cmd@x", "nodot"}) {
            assertThatThrownBy(() -> events().notifyChannel("home", selector, "x")).as(selector)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> events().notifyAll(selector, "x")).isInstanceOf(IllegalArgumentException.class);
        }
        for (String channel : new String[] {"ho\nme", "ho\r\nme", "ho me", "", "a,b"}) {
            assertThatThrownBy(() -> events().notifyChannel(channel, "cmd.x", "x")).as(channel)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        c.assertNoMore(QUIET);
    }

    @Test
    void bodiesWithLineBreaksAndNulStayOnOneDataLine() throws Exception {
        SseTestClient c = connectAndJoin("home");
        String before = c.rawText();
        events().notifyChannel("home", "cmd.x", "a\nid: 99\r\ndata: forged\r\u0000end");
        events().notifyChannel("home", "cmd.y", Map.of("k\nx", "v\r\n"));
        events().notifyChannel("home", "cmd.z", io.herald.RawJson.of("{\"a\":\n1}"));
        assertThat(c.next().data()).isEqualTo("home@cmd.x \"a\\nid: 99\\r\\ndata: forged\\r\\u0000end\"");
        assertThat(c.next().data()).isEqualTo("home@cmd.y {\"k\\nx\":\"v\\r\\n\"}");
        assertThat(c.next().data()).isEqualTo("home@cmd.z {\"a\": 1}");
        String added = c.rawText().substring(before.length());
        assertThat(added).doesNotContain("\r").doesNotContain("\u0000");
        assertThat(added.split("\n\n")).hasSize(3).allMatch(frame -> frame.lines().count() == 2);
    }

    @Test
    void metaValuesFromTheSessionCannotForgeLines() throws Exception {
        server(o -> o.sessionResolver(req -> new UserSession("u\r\nid: 7", "evil\nname", "x\ny", "p\r\n", "s", true)));
        SseTestClient c = connect("home");
        c.expectConnect();
        c.nextCommand("onJoin");
        assertThat(c.connectValue("userId")).isEqualTo("u\r\nid: 7");
        assertThat(c.rawText().lines()).allMatch(l -> l.isEmpty() || l.startsWith("id: ") && l.matches("id: [0-9]+")
                || l.startsWith("data: "));
        assertThat(c.rawText()).doesNotContain("\r");
    }

    @Test
    void unknownAndMalformedSubscriptionIdsAre404WithoutEchoingControlCharacters() throws Exception {
        SseTestClient bystander = connectAndJoin("home");
        assertThat(RawHttp.post(base() + "/event-heartbeat?id=nope").status()).isEqualTo(404);
        RawHttp.Response evil = RawHttp.post(base() + "/event-heartbeat?id=x%0D%0ASet-Cookie:%20a=b");
        assertThat(evil.status()).isEqualTo(404);
        assertThat(evil.headers()).doesNotContainKey("set-cookie");
        RawHttp.Response unregister = RawHttp.post(base() + "/event-unregister?id=AAAAAAAAAAAAAAAAAAAA");
        assertThat(unregister.status()).isEqualTo(404);
        assertThat(unregister.text()).contains("Subscription 'AAAAAAAAAAAAAAAAAAAA' does not exist");
        assertThat(RawHttp.post(base() + "/event-subscribers/AAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
        assertThat(RawHttp.post(base() + "/api/UpdateEventSubscriber", "application/json", "{\"id\":\"nope\"}").status())
                .isEqualTo(404);
        assertThat(RawHttp.post(base() + "/api/UpdateEventSubscriber", "application/json", "{\"id\":").status())
                .isEqualTo(400);
        assertStillServing(bystander);
    }

    @Test
    void anotherAddressCannotUseASubscriptionId() throws Exception {
        SseTestClient victim = connectAndJoin("home");
        String id = victim.subscriptionId();
        assertThat(RawHttp.send("POST", base() + "/event-unregister?id=" + id, Map.of(), new byte[0], "127.0.0.2").status())
                .isEqualTo(403);
        assertThat(RawHttp.send("POST", base() + "/event-subscribers/" + id, Map.of("Content-Type",
                "application/x-www-form-urlencoded"), "SubscribeChannels=x".getBytes(StandardCharsets.UTF_8),
                "127.0.0.2").status()).isEqualTo(403);
        assertThat(RawHttp.send("POST", base() + "/event-heartbeat?id=" + id, Map.of(), new byte[0], "127.0.0.2").status())
                .isEqualTo(403);
        assertStillServing(victim);
        assertThat(victim.ended()).isFalse();
    }

    @Test
    void unknownPathsWrongMethodsAndOversizedRequestsGetTheirStatus() throws Exception {
        SseTestClient bystander = connectAndJoin("home");
        assertThat(RawHttp.get(base() + "/no-such-thing").status()).isEqualTo(404);
        assertThat(RawHttp.post(base() + "/event-stream").status()).isEqualTo(405);
        assertThat(RawHttp.send("DELETE", base() + "/event-heartbeat?id=x", Map.of(), null, null).status()).isEqualTo(405);
        assertThat(RawHttp.get(base() + "/event-subscribers?x=" + "a".repeat(20_000)).status())
                .isEqualTo(server().requestLineTooLongStatus());
        assertThat(RawHttp.send("GET", base() + "/event-subscribers", Map.of("X-Big", "b".repeat(40_000)), null, null)
                .status()).isEqualTo(server().headersTooLargeStatus());
        assertStillServing(bystander);
    }

    @Test
    void aHookThatRefusesAStreamAnswersItsStatus() throws Exception {
        server(o -> o.hooks(io.herald.ServerEventsHooks.builder().onInit(req -> {
            if ("deny".equals(req.queryParam("mode"))) {
                throw new io.herald.http.HttpError(403, "Forbidden", "streams are closed");
            }
            if ("boom".equals(req.queryParam("mode"))) {
                throw new IllegalStateException("hook failed");
            }
        }).build()));
        assertThat(RawHttp.get(base() + "/event-stream?mode=deny").status()).isEqualTo(403);
        assertThat(RawHttp.get(base() + "/event-stream?mode=boom").status()).isEqualTo(500);
        assertStillServing(connectAndJoin("home"));
    }

    private void assertStillServing(SseTestClient client) throws Exception {
        SseTestClient fresh = connectAndJoin("home");
        events().notifyChannel("home", "cmd.ping", "still serving");
        assertThat(client.nextCommand("ping").data()).isEqualTo("home@cmd.ping \"still serving\"");
        assertThat(fresh.nextCommand("ping").data()).isEqualTo("home@cmd.ping \"still serving\"");
    }
}
