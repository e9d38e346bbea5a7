package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ChannelAuthorizer;
import io.herald.CorsOptions;
import io.herald.Liveness;
import io.herald.ServerEventsHooks;
import io.herald.http.HttpError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every SSE client first-class, and channels that can be private: keepalive comments, the {@code retry:}
 * directive, connection liveness for clients that never heartbeat, W3C named events, CORS, and refusals that are
 * real statuses sent before any stream opens. Over real HTTP, byte by byte.
 */
public abstract class OpenSseContract extends ContractSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    // ---- keepalives, retry ------------------------------------------------------------------------

    @Test
    void aSilentStreamGetsKeepaliveCommentsThatParsersSkip() throws Exception {
        server(o -> o.keepaliveInterval(Duration.ofMillis(300)).notifyChannelOfSubscriptions(false));
        SseTestClient c = connect("home");
        c.expectConnect();
        await().atMost(WAIT).until(() -> c.rawText().contains("\n: keepalive\n\n"));
        events().notifyChannel("home", "cmd.after", "1");
        assertThat(c.next().selector()).as("comments are not events").isEqualTo("cmd.after");
    }

    @Test
    void byDefaultNoRetryLineAndWithTheOptionOneRightAfterTheHead() throws Exception {
        SseTestClient plain = connect("home");
        plain.expectConnect();
        assertThat(plain.rawText()).startsWith("id: ");
        SseTestClient withRetry = connect(server(o -> o.retryInterval(Duration.ofMillis(2500))), "home");
        withRetry.expectConnect();
        assertThat(withRetry.rawText()).startsWith("retry: 2500\n\nid: ");
    }

    // ---- liveness ----------------------------------------------------------------------------------

    @Test
    void aStreamThatNeverHeartbeatsIsKeptByItsConnectionAndRemovedWhenItCloses() throws Exception {
        server(o -> o.heartbeatInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(600))
                .houseKeepingInterval(Duration.ofMillis(100)).keepaliveInterval(Duration.ofMillis(200)));
        SseTestClient watcher = connectAndJoin("A");
        SseTestClient plain = connect("A");
        plain.expectConnect();
        plain.nextCommand("onJoin");
        watcher.nextCommand("onJoin");
        String id = plain.subscriptionId();
        // several idle timeouts without a heartbeat POST, with the watcher heartbeating
        long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(RawHttp.post(watcher.connectValue("heartbeatUrl")).status()).isEqualTo(200);
            assertThat(events().getSubscriptionInfo(id)).as("still registered").isNotNull();
            events().notifyChannel("A", "cmd.tick", "1");
            assertThat(plain.nextCommand("tick")).isNotNull();
        }
        watcher.assertNoMatching(e -> e.is("onLeave"), Duration.ofMillis(100));
        plain.close(); // the client goes away
        SseEvent leave = watcher.nextMatching(e -> e.is("onLeave"));
        assertThat(JsonText.object(leave.body())).containsEntry("userId", plain.connectValue("userId"));
        await().atMost(WAIT).until(() -> events().getSubscriptionInfo(id) == null);
    }

    @Test
    void withHeartbeatLivenessEveryStreamMustHeartbeat() throws Exception {
        server(o -> o.liveness(Liveness.HEARTBEATS).heartbeatInterval(Duration.ofMillis(200))
                .idleTimeout(Duration.ofMillis(600)).houseKeepingInterval(Duration.ofMillis(100)));
        SseTestClient plain = connect("A");
        plain.expectConnect();
        String id = plain.subscriptionId();
        plain.awaitEnd(WAIT);
        await().atMost(WAIT).until(() -> events().getSubscriptionInfo(id) == null);
    }

    // ---- standard framing ------------------------------------------------------------------------

    @Test
    void aStandardFramedStreamGetsNamedEventsWithTheSameIds() throws Exception {
        server(o -> o.notifyChannelOfSubscriptions(false));
        SseTestClient ss = connect("home");
        ss.expectConnect();
        SseTestClient named = track(SseTestClient.open(base(), "/event-stream?channels=home&framing=standard"));
        await().atMost(WAIT).until(() -> named.rawText().contains("\n\n"));
        assertThat(named.rawText()).matches("(?s)id: \\d+\nevent: cmd\\.onConnect\ndata: \\{.*\"id\":\"[A-Za-z0-9]{20}\".*\\}\n\n");
        events().notifyChannel("home", "cmd.chat", Map.of("message", "hi \u2028 there"));
        long id = ss.nextCommand("chat").numericId();
        String frame = "id: " + id + "\nevent: cmd.chat\ndata: {\"message\":\"hi \\u2028 there\"}\n\n";
        await().atMost(WAIT).until(() -> named.rawText().contains(frame));
        assertThat(named.rawText()).doesNotContain("home@");
        assertThat(RawHttp.get(base() + "/event-stream?framing=shouty").status()).isEqualTo(400);
    }

    @Test
    void aStandardFramedStreamResumesWithNamedEvents() throws Exception {
        server(o -> o.notifyChannelOfSubscriptions(false));
        SseTestClient ss = connect("home");
        ss.expectConnect();
        events().notifyChannel("home", "cmd.n", 1);
        long seen = ss.nextCommand("n").numericId();
        events().notifyChannel("home", "cmd.n", 2);
        long missed = ss.nextCommand("n").numericId();
        SseTestClient again = track(SseTestClient.open(base(), "/event-stream?channels=home&framing=standard",
                Map.of("Last-Event-ID", Long.toString(seen)), null));
        await().atMost(WAIT).until(() -> again.rawText().contains("event: cmd.onResume"));
        String text = again.rawText();
        assertThat(text).contains("id: " + missed + "\nevent: cmd.n\ndata: 2\n\n");
        assertThat(text.indexOf("event: cmd.n")).isLessThan(text.indexOf("event: cmd.onResume"));
        assertThat(text).doesNotContain("data: 1\n");
    }

    // ---- CORS --------------------------------------------------------------------------------------

    private static final String PAGE = "https://page.example";

    private TckServer corsServer() throws Exception {
        return server(o -> o.cors(CorsOptions.builder().allowedOrigins(PAGE, "https://*.apps.example")
                .allowCredentials(true).exposedHeaders("X-Herald").maxAge(Duration.ofSeconds(90)).build()));
    }

    @Test
    void preflightIsAnsweredOnEveryEndpointForAnAllowedOrigin() throws Exception {
        corsServer();
        for (String path : List.of("/event-stream", "/event-heartbeat?id=x", "/event-unregister", "/event-subscribers",
                "/event-subscribers/AAAAAAAAAAAAAAAAAAAA", "/api/UpdateEventSubscriber")) {
            RawHttp.Response r = RawHttp.send("OPTIONS", base() + path, Map.of("Origin", PAGE,
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"), null, null);
            assertThat(r.status()).as(path).isEqualTo(204);
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).isEqualTo(PAGE);
            assertThat(r.header("Access-Control-Allow-Methods")).contains("POST");
            assertThat(r.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
            assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(r.header("Access-Control-Max-Age")).isEqualTo("90");
        }
        RawHttp.Response other = RawHttp.send("OPTIONS", base() + "/event-heartbeat", Map.of("Origin",
                "https://evil.example", "Access-Control-Request-Method", "POST"), null, null);
        assertThat(other.status()).isEqualTo(204);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theStreamHeadAndErrorsCarryCorsHeadersForAnAllowedOriginOnly() throws Exception {
        corsServer();
        SseTestClient allowed = track(SseTestClient.open(base(), "/event-stream?channels=home",
                Map.of("Origin", "https://team.apps.example"), null));
        allowed.expectConnect();
        assertThat(allowed.headers()).containsEntry("access-control-allow-origin", "https://team.apps.example")
                .containsEntry("access-control-allow-credentials", "true")
                .containsEntry("access-control-expose-headers", "X-Herald");
        RawHttp.Response refused = RawHttp.send("GET", base() + "/event-stream?channels=home",
                Map.of("Origin", "https://evil.example"), null, null);
        assertThat(refused.status()).as("a page the browser would not let read it gets no stream").isEqualTo(403);
        assertThat(refused.text()).contains("https://evil.example");
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        SseTestClient sameOrigin = track(SseTestClient.open(base(), "/event-stream?channels=home",
                Map.of("Origin", base()), null));
        sameOrigin.expectConnect();
        assertThat(events().getAllSubscriptionInfos()).hasSize(2);
        RawHttp.Response missing = RawHttp.send("POST", base() + "/event-heartbeat?id=AAAAAAAAAAAAAAAAAAAA",
                Map.of("Origin", PAGE), new byte[0], null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Access-Control-Allow-Origin")).isEqualTo(PAGE);
    }

    @Test
    void withCorsOffThereAreNoCorsHeadersButOptionsIsStillAnswered() throws Exception {
        SseTestClient c = track(SseTestClient.open(base(), "/event-stream", Map.of("Origin", PAGE), null));
        c.expectConnect();
        assertThat(c.headers()).doesNotContainKey("access-control-allow-origin");
        RawHttp.Response r = RawHttp.send("OPTIONS", base() + "/event-heartbeat", Map.of("Origin", PAGE), null, null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Allow")).contains("POST");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    // ---- refusals before the head ------------------------------------------------------------------

    private static final ChannelAuthorizer NO_SECRETS = (user, channels, request) ->
            channels.contains("secret") ? "channel 'secret' is private" : null;

    @Test
    void aRefusedOpenIsARealForbiddenAndNoStreamOpens() throws Exception {
        server(o -> o.channelAuthorizer(NO_SECRETS));
        RawHttp.Response r = RawHttp.get(base() + "/event-stream?channels=home,secret");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).doesNotContain("text/event-stream");
        assertThat(r.text()).contains("channel 'secret' is private");
        assertThat(events().getAllSubscriptionInfos()).isEmpty();
        SseTestClient ok = connect("home");
        ok.expectConnect();
    }

    @Test
    void aRefusedChannelUpdateIsForbiddenChangesNothingAndNoFrameOfThatChannelArrives() throws Exception {
        server(o -> o.channelAuthorizer(NO_SECRETS).notifyChannelOfSubscriptions(false));
        SseTestClient c = connect("home");
        c.expectConnect();
        String id = c.subscriptionId();
        RawHttp.Response byRoute = RawHttp.post(base() + "/event-subscribers/" + id,
                "application/x-www-form-urlencoded", "subscribeChannels=secret");
        assertThat(byRoute.status()).isEqualTo(403);
        assertThat(byRoute.text()).contains("private");
        RawHttp.Response byDto = RawHttp.post(base() + "/api/UpdateEventSubscriber", "application/json",
                "{\"id\":\"" + id + "\",\"subscribeChannels\":[\"secret\"],\"unsubscribeChannels\":[\"home\"]}");
        assertThat(byDto.status()).isEqualTo(403);
        assertThat(events().getSubscriptionInfo(id).channels()).containsExactly("home");
        events().notifyChannel("secret", "cmd.leak", "1");
        events().notifyChannel("home", "cmd.sync", "1");
        assertThat(c.next().selector()).isEqualTo("cmd.sync");
        events().subscribeToChannels(id, "secret"); // code is trusted
        events().notifyChannel("secret", "cmd.allowed", 1);
        assertThat(c.next().data()).isEqualTo("secret@cmd.allowed 1");
    }

    @Test
    void hooksRefuseWithTheirStatusAndOnInitSetsHeaders() throws Exception {
        server(o -> o.hooks(ServerEventsHooks.builder()
                .onInit(req -> {
                    if (req.queryParam("deny") != null) {
                        throw HttpError.unauthorized("no entry");
                    }
                    req.setResponseHeader("X-Herald", "on-init");
                })
                .onCreated((sub, req) -> {
                    if (sub.channels().contains("vip")) {
                        throw HttpError.forbidden("vip only");
                    }
                }).build()));
        RawHttp.Response created = RawHttp.get(base() + "/event-stream?channels=vip");
        assertThat(created.status()).isEqualTo(403);
        assertThat(created.text()).contains("vip only");
        RawHttp.Response init = RawHttp.get(base() + "/event-stream?deny=1");
        assertThat(init.status()).isEqualTo(401);
        assertThat(events().getAllSubscriptionInfos()).isEmpty();
        SseTestClient c = connect("home");
        c.expectConnect();
        assertThat(c.headers()).containsEntry("x-herald", "on-init");
        assertThat(new String(RawHttp.get(base() + "/event-stream?deny=1").body(), StandardCharsets.UTF_8))
                .contains("no entry");
    }
}
