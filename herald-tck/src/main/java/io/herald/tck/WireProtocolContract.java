package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsHooks;
import io.herald.SessionResolver;
import io.herald.UserSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The wire protocol, checked byte by byte over real HTTP: scenarios I1–I19 and I25 of
 * {@code acceptance-scenarios.md} (I4 as Herald defines ids: numeric and strictly increasing per
 * stream, positions in the back-end's event order, so a reconnect can resume).
 */
public abstract class WireProtocolContract extends ContractSupport {

    private static final Duration QUIET = Duration.ofMillis(300);

    /** A typed message: camelCase, nulls left out, false and 0 kept. */
    public record CustomType(int id, String name, String nickname, boolean active) {
    }

    @Test
    void i1_streamHeadersArriveBeforeTheFirstEvent() throws Exception {
        SseTestClient c = connect("home");
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.headers().get("content-type")).startsWith("text/event-stream");
        assertThat(c.headers()).containsEntry("cache-control", "no-cache").containsEntry("x-accel-buffering", "no")
                .doesNotContainKey("content-length");
        c.expectConnect();
    }

    @Test
    void i2_firstFrameIsOnConnectWithStringValues() throws Exception {
        SseTestClient c = connect("home");
        SseEvent connect = c.expectConnect();
        assertThat(c.rawText()).startsWith("id: " + connect.id() + "\ndata: cmd.onConnect {");
        assertThat(connect.id()).matches("[1-9][0-9]*");
        Map<String, Object> info = c.connectInfo();
        assertThat(info.values()).allMatch(v -> v instanceof String);
        String id = (String) info.get("id");
        assertThat(id).matches("[A-Za-z0-9]{20}");
        assertThat(info).containsEntry("unRegisterUrl", base() + "/event-unregister?id=" + id)
                .containsEntry("heartbeatUrl", base() + "/event-heartbeat?id=" + id)
                .containsEntry("updateSubscriberUrl", base() + "/event-subscribers/" + id)
                .containsEntry("heartbeatIntervalMs", "10000").containsEntry("idleTimeoutMs", "30000")
                .containsEntry("isAuthenticated", "false").containsEntry("channels", "home")
                .containsKeys("userId", "displayName", "createdAt", "profileUrl");
        assertThat((String) info.get("createdAt")).matches("[0-9]{13}");
    }

    @Test
    void i3_channelDefaultsToStarAndBothParametersAreRead() throws Exception {
        SseTestClient none = track(SseTestClient.open(base(), "/event-stream"));
        none.expectConnect();
        assertThat(none.connectValue("channels")).isEqualTo("*");
        SseTestClient empty = track(SseTestClient.open(base(), "/event-stream?channels="));
        empty.expectConnect();
        assertThat(empty.connectValue("channels")).isEqualTo("*");
        SseTestClient both = track(SseTestClient.open(base(), "/event-stream?channel=A&channels=B,C"));
        both.expectConnect();
        assertThat(both.connectValue("channels")).isEqualTo("A,B,C");
    }

    @Test
    void i4_idsAreNumericNeverDecreaseAndEveryPublishedEventHasANewOne() throws Exception {
        SseTestClient c = connect("A,B");
        c.expectConnect();
        c.nextCommand("onJoin");
        c.nextCommand("onJoin");
        events().notifyChannel("A", "cmd.chat", "one");
        long one = c.nextCommand("chat").numericId();
        RawHttp.post(c.connectValue("heartbeatUrl"));
        c.nextCommand("onHeartbeat");
        events().notifyChannel("B", "cmd.chat", "two");
        long two = c.nextCommand("chat").numericId();
        assertThat(two).isGreaterThan(one);
        List<Long> ids = new ArrayList<>();
        for (SseEvent e : c.taken()) {
            ids.add(e.numericId());
        }
        assertThat(ids).hasSize(6).isSorted().allMatch(id -> id > 0);
        // joins and messages are published events: each has its own id
        assertThat(List.of(ids.get(1), ids.get(2), one, two)).doesNotHaveDuplicates();
    }

    @Test
    void i5_anonymousUsersGetMatchingNumbersThatRise() throws Exception {
        SseTestClient a = connect("home");
        a.expectConnect();
        SseTestClient b = connect("home");
        b.expectConnect();
        long n1 = Long.parseLong(a.connectValue("userId").substring(1));
        long n2 = Long.parseLong(b.connectValue("userId").substring(1));
        assertThat(a.connectValue("userId")).isEqualTo("-" + n1);
        assertThat(a.connectValue("displayName")).isEqualTo("user" + n1);
        assertThat(b.connectValue("displayName")).isEqualTo("user" + n2);
        assertThat(n2).isGreaterThan(n1);
    }

    @Test
    void i6_ownJoinsFollowOnConnectInChannelOrder() throws Exception {
        SseTestClient c = connect("A,B");
        c.expectConnect();
        SseEvent a = c.next();
        SseEvent b = c.next();
        assertThat(a.channel()).isEqualTo("A");
        assertThat(a.is("onJoin")).isTrue();
        assertThat(b.channel()).isEqualTo("B");
        assertThat(JsonText.object(a.body())).containsEntry("displayName", c.connectValue("displayName"));
    }

    @Test
    void i6_withNotificationsOffMembersGetABareNewline() throws Exception {
        server(o -> o.notifyChannelOfSubscriptions(false));
        SseTestClient first = connect("A");
        first.expectConnect();
        SseTestClient second = connect("A");
        second.expectConnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.rawText().endsWith("\n\n\n"));
        second.assertNoMore(QUIET);
        first.assertNoMore(QUIET);
    }

    @Test
    void i7_stringsAreQuotedJsonAndNullLeavesAnEmptyBody() throws Exception {
        SseTestClient c = connectAndJoin("home");
        events().notifyChannel("home", "cmd.announce", "hi");
        events().notifyChannel("home", "cmd.announce", null);
        assertThat(c.next().data()).isEqualTo("home@cmd.announce \"hi\"");
        assertThat(c.next().data()).isEqualTo("home@cmd.announce ");
        assertThat(c.rawText()).endsWith("data: home@cmd.announce \n\n");
    }

    @Test
    void i8_filteredSendsReachOnlyMatchingSubscriptionsWithoutPrefix() throws Exception {
        SseTestClient home = connectAndJoin("home");
        SseTestClient other = connectAndJoin("other");
        String homeUser = home.connectValue("userId");
        events().notifyUserId(homeUser, "cmd.x", "1", "home");
        events().notifyUserId(homeUser, "cmd.x", "2", "other");
        events().notifySubscription(home.subscriptionId(), "cmd.x", "3", "home");
        events().notifySubscription(other.subscriptionId(), "cmd.x", "4");
        events().notifyAll("cmd.all", "5");
        assertThat(home.next().data()).isEqualTo("cmd.x \"1\"");
        assertThat(home.next().data()).isEqualTo("cmd.x \"3\"");
        assertThat(home.next().data()).isEqualTo("cmd.all \"5\"");
        assertThat(other.next().data()).isEqualTo("cmd.x \"4\"");
        assertThat(other.next().data()).isEqualTo("cmd.all \"5\"");
        home.assertNoMore(QUIET);
        other.assertNoMore(Duration.ZERO);
    }

    @Test
    void i8_userNameAndSessionTargets() throws Exception {
        server(o -> o.sessionResolver(req -> new UserSession("auth-" + req.queryParam("u"), "name-" + req.queryParam("u"),
                null, null, "session-" + req.queryParam("u"), true)));
        SseTestClient alice = track(SseTestClient.open(base(), "/event-stream?channels=home&u=alice"));
        SseTestClient bob = track(SseTestClient.open(base(), "/event-stream?channels=home&u=bob"));
        alice.expectConnect();
        bob.expectConnect();
        assertThat(alice.connectValue("userId")).isEqualTo("auth-alice");
        assertThat(alice.connectValue("displayName")).isEqualTo("name-alice");
        assertThat(alice.connectValue("isAuthenticated")).isEqualTo("true");
        alice.nextMatching(e -> e.is("onJoin") && e.body().contains("\"auth-bob\"")); // bob joined home too
        events().notifyUserName("name-alice", "cmd.byName", "n");
        events().notifySession("session-bob", "cmd.bySession", "s");
        assertThat(alice.nextCommand("byName").data()).isEqualTo("cmd.byName \"n\"");
        assertThat(bob.nextCommand("bySession").data()).isEqualTo("cmd.bySession \"s\"");
        alice.assertNoMore(QUIET);
    }

    @Test
    void i9_atSignInChannelOrSelectorIsRefusedAndNothingIsSent() throws Exception {
        SseTestClient c = connectAndJoin("home");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events().notifyChannel("ho@me", "cmd.x", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events().notifyChannel("home", "ch@cmd.x", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        c.assertNoMore(QUIET);
    }

    @Test
    void i10_typedMessagesUseTheTypeNameAndCamelCase() throws Exception {
        SseTestClient c = connectAndJoin("home");
        events().notifyChannel("home", new CustomType(0, "Foo", null, false));
        assertThat(c.next().data()).isEqualTo("home@cmd.CustomType {\"id\":0,\"name\":\"Foo\",\"active\":false}");
    }

    @Test
    void i11_heartbeatAnswersEmptyAndPushesOnHeartbeatToThatStreamOnly() throws Exception {
        SseTestClient c = connectAndJoin("home");
        SseTestClient other = connectAndJoin("home");
        c.nextCommand("onJoin");
        RawHttp.Response post = RawHttp.post(c.connectValue("heartbeatUrl"));
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.body()).isEmpty();
        SseEvent hb = c.next();
        assertThat(hb.channel()).isNull();
        assertThat(hb.is("onHeartbeat")).isTrue();
        assertThat(JsonText.object(hb.body())).containsEntry("userId", c.connectValue("userId"))
                .containsEntry("channels", "home");
        assertThat(RawHttp.get(c.connectValue("heartbeatUrl")).status()).isEqualTo(200);
        c.nextCommand("onHeartbeat");
        other.assertNoMore(QUIET);
    }

    @Test
    void i12_heartbeatUnknownIdIs404AndAnotherAddressIs403() throws Exception {
        SseTestClient c = connectAndJoin("home");
        RawHttp.Response unknown = RawHttp.post(base() + "/event-heartbeat?id=AAAAAAAAAAAAAAAAAAAA");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(statusMessage(unknown)).isEqualTo("Subscription 'AAAAAAAAAAAAAAAAAAAA' does not exist");
        RawHttp.Response foreign = RawHttp.send("POST", c.connectValue("heartbeatUrl"), Map.of(), new byte[0], "127.0.0.2");
        assertThat(foreign.status()).isEqualTo(403);
        c.assertNoMore(QUIET);
    }

    @Test
    void i13_unregisterAnswersMetaClosesTheStreamAndTellsTheOthers() throws Exception {
        SseTestClient stays = connectAndJoin("A,B");
        SseTestClient leaves = connectAndJoin("A,B");
        stays.nextCommand("onJoin");
        stays.nextCommand("onJoin");
        RawHttp.Response r = RawHttp.post(leaves.connectValue("unRegisterUrl"), "text/plain;charset=UTF-8", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        Map<String, Object> meta = JsonText.object(r.text());
        assertThat(meta).containsEntry("userId", leaves.connectValue("userId")).containsEntry("channels", "A,B");
        leaves.awaitEnd(Duration.ofSeconds(5));
        SseEvent leaveA = stays.next();
        SseEvent leaveB = stays.next();
        assertThat(leaveA.data()).startsWith("A@cmd.onLeave {");
        assertThat(leaveB.data()).startsWith("B@cmd.onLeave {");
        assertThat(JsonText.object(leaveA.body())).containsEntry("userId", leaves.connectValue("userId"));
        assertThat(RawHttp.get(leaves.connectValue("unRegisterUrl")).status()).isEqualTo(404);
    }

    @Test
    void i13_unregisterAcceptsGet() throws Exception {
        SseTestClient c = connectAndJoin("home");
        assertThat(RawHttp.get(c.connectValue("unRegisterUrl")).status()).isEqualTo(200);
        c.awaitEnd(Duration.ofSeconds(5));
    }

    @Test
    void i14_subscribersAreListedOncePerSubscription() throws Exception {
        SseTestClient a = connectAndJoin("A");
        SseTestClient ab = connectAndJoin("A,B");
        connectAndJoin("C");
        assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers?channels=A,B").text())).hasSize(2);
        assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers?channel=B").text())).hasSize(1);
        List<Map<String, Object>> all = JsonText.array(RawHttp.get(base() + "/event-subscribers").text());
        assertThat(all).hasSize(3);
        assertThat(all).allMatch(m -> m.values().stream().allMatch(v -> v instanceof String));
        assertThat(all).anySatisfy(m -> assertThat(m).containsEntry("userId", ab.connectValue("userId"))
                .containsEntry("channels", "A,B").doesNotContainKey("id"));
        assertThat(a.connectValue("id")).isNotNull();
    }

    @Test
    void i15_formUpdateUnsubscribesFirstThenSubscribesAndNotifiesWithOnUpdate() throws Exception {
        SseTestClient mover = connectAndJoin("A");
        SseTestClient inA = connectAndJoin("A");
        SseTestClient inC = connectAndJoin("C");
        mover.nextCommand("onJoin");
        RawHttp.Response r = RawHttp.post(mover.connectValue("updateSubscriberUrl"),
                "application/x-www-form-urlencoded", "SubscribeChannels=C&UnsubscribeChannels=A");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{}");
        SseEvent update = inC.nextCommand("onUpdate");
        assertThat(update.channel()).isEqualTo("C");
        assertThat(JsonText.object(update.body())).containsEntry("channels", "C");
        events().notifyChannel("A", "cmd.chat", "to A");
        events().notifyChannel("C", "cmd.chat", "to C");
        assertThat(mover.nextCommand("chat").data()).isEqualTo("C@cmd.chat \"to C\"");
        assertThat(inA.nextCommand("chat").data()).isEqualTo("A@cmd.chat \"to A\"");
        assertThat(inA.taken()).noneMatch(e -> e.is("onLeave"));
        assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers?channels=C").text())).hasSize(2);
    }

    @Test
    void i16_dtoRoutesAcceptCamelAndPascalCaseJsonAndCommaLists() throws Exception {
        SseTestClient c = connectAndJoin("A");
        String id = c.subscriptionId();
        RawHttp.Response camel = RawHttp.post(base() + "/api/UpdateEventSubscriber", "application/json",
                "{\"id\":\"" + id + "\",\"subscribeChannels\":[\"B\",\"C\"]}");
        assertThat(camel.status()).isEqualTo(200);
        RawHttp.Response pascal = RawHttp.post(base() + "/json/reply/UpdateEventSubscriber", "application/json",
                "{\"Id\":\"" + id + "\",\"UnsubscribeChannels\":[\"C\"]}");
        assertThat(pascal.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(events().getSubscriptionInfo(id).channels()).containsExactly("A", "B"));
        List<Map<String, Object>> list = JsonText.array(RawHttp.get(base() + "/api/GetEventSubscribers?channels=A%2CB").text());
        assertThat(list).hasSize(1);
        assertThat(list.get(0)).containsEntry("channels", "A,B");
        assertThat(JsonText.array(RawHttp.get(base() + "/json/reply/GetEventSubscribers?Channels=B").text())).hasSize(1);
        RawHttp.Response unregister = RawHttp.post(base() + "/api/UnRegisterEventSubscriber", "application/json",
                "{\"Id\":\"" + id + "\"}");
        assertThat(unregister.status()).isEqualTo(200);
        c.awaitEnd(Duration.ofSeconds(5));
    }

    @Test
    void i17_anonymousStreamsGet401WhenLimitedToAuthenticatedUsers() throws Exception {
        SessionResolver byCookie = req -> "secret".equals(req.cookie("ss-id"))
                ? new UserSession("42", "alice", null, null, "secret", true)
                : UserSession.anonymous(req.cookie("ss-id"));
        server(o -> o.limitToAuthenticatedUsers(true).sessionResolver(byCookie));
        SseTestClient anon = track(SseTestClient.open(base(), "/event-stream?channels=home"));
        assertThat(anon.status()).isEqualTo(401);
        assertThat(anon.headers().get("content-type")).doesNotStartWith("text/event-stream");
        assertThat(anon.headers()).containsKey("www-authenticate");
        SseTestClient signedIn = track(SseTestClient.open(base(), "/event-stream?channels=home",
                Map.of("Cookie", "ss-id=secret"), null));
        signedIn.expectConnect();
        assertThat(signedIn.connectValue("isAuthenticated")).isEqualTo("true");
        assertThat(signedIn.connectValue("userId")).isEqualTo("42");
        assertThat(signedIn.connectValue("displayName")).isEqualTo("alice");
    }

    @Test
    void i18_idleSubscriptionsAreRemovedWithOnLeave() throws Exception {
        server(o -> o.heartbeatInterval(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(1200))
                .houseKeepingInterval(Duration.ofMillis(200)));
        SseTestClient alive = connectAndJoin("A");
        SseTestClient idle = connectAndJoin("A");
        alive.nextCommand("onJoin");
        // A client that heartbeated and then stopped (as a ServiceStack client whose process hangs). One that never
        // heartbeats is kept by its open connection (Liveness.AUTO): see OpenSseContract.
        assertThat(RawHttp.post(idle.connectValue("heartbeatUrl")).status()).isEqualTo(200);
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            String url = alive.connectValue("heartbeatUrl");
            beats.scheduleAtFixedRate(() -> {
                try {
                    RawHttp.post(url);
                } catch (Exception ignored) {
                    // the assertion below reports what matters
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
            SseEvent leave = alive.nextMatching(e -> e.is("onLeave"));
            assertThat(JsonText.object(leave.body())).containsEntry("userId", idle.connectValue("userId"));
            assertThat(RawHttp.post(idle.connectValue("heartbeatUrl")).status()).isEqualTo(404);
            idle.awaitEnd(Duration.ofSeconds(5));
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    void i19_aVanishedClientIsRemovedWithOnLeaveAndOthersKeepReceiving() throws Exception {
        SseTestClient stays = connectAndJoin("A");
        SseTestClient vanishes = connectAndJoin("A");
        stays.nextCommand("onJoin");
        vanishes.close();
        SseEvent leave = stays.nextCommand("onLeave");
        assertThat(JsonText.object(leave.body())).containsEntry("userId", vanishes.connectValue("userId"));
        events().notifyChannel("A", "cmd.chat", "still here");
        assertThat(stays.next().data()).isEqualTo("A@cmd.chat \"still here\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            return events().getSubscriptionInfo(vanishes.subscriptionId()) == null;
        });
    }

    @Test
    void i25_resetForgetsSubscriptionsButLeavesStreamsOpen() throws Exception {
        SseTestClient c = connectAndJoin("home");
        events().reset();
        assertThat(RawHttp.post(c.connectValue("heartbeatUrl")).status()).isEqualTo(404);
        assertThat(c.ended()).isFalse();
        assertThat(JsonText.array(RawHttp.get(base() + "/event-subscribers").text())).isEmpty();
        SseTestClient fresh = connectAndJoin("home");
        assertThat(fresh.subscriptionId()).isNotEqualTo(c.subscriptionId());
    }

    @Test
    void manyStreamsOpenedAtOnceAllStartWithTheirOnConnect() throws Exception {
        // Regression: the fan-out of the first streams must never write ahead of a later stream's head.
        String base = base();
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<SseTestClient>> opening = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                opening.add(pool.submit(() -> SseTestClient.open(base, "/event-stream?channels=crowd")));
            }
            List<SseTestClient> clients = new ArrayList<>();
            for (java.util.concurrent.Future<SseTestClient> f : opening) {
                clients.add(track(f.get(30, TimeUnit.SECONDS)));
            }
            events().notifyChannel("crowd", "cmd.chat", "all of you");
            for (SseTestClient c : clients) {
                assertThat(c.status()).isEqualTo(200);
                c.expectConnect();
                assertThat(c.nextCommand("chat").data()).isEqualTo("crowd@cmd.chat \"all of you\"");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void countersAreExposedForPrometheusWhenAsked() throws Exception {
        server(o -> o.metricsPath("/metrics"));
        SseTestClient c = connectAndJoin("home");
        events().notifyChannel("home", "cmd.chat", "counted");
        c.nextCommand("chat");
        RawHttp.Response r = RawHttp.get(base() + "/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/plain");
        assertThat(r.text()).contains("# TYPE herald_subscriptions gauge\nherald_subscriptions 1\n")
                .contains("herald_connections_total 1\n").containsPattern("herald_deliveries_total [1-9]");
        assertThat(RawHttp.get(server(o -> { }).baseUrl() + "/metrics").status()).isEqualTo(404);
    }

    @Test
    void hooksRunInOrder() throws Exception {
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        server(o -> o.hooks(ServerEventsHooks.builder()
                .onInit(req -> calls.add("init"))
                .onCreated((sub, req) -> calls.add("created"))
                .onConnect((sub, args) -> {
                    calls.add("connect");
                    args.put("custom", "yes");
                })
                .onSubscribe(sub -> calls.add("subscribe"))
                .onUpdate(sub -> calls.add("update"))
                .onUnsubscribe(sub -> calls.add("unsubscribe"))
                .onHeartbeatInit(req -> calls.add("heartbeatInit"))
                .build()));
        SseTestClient c = connectAndJoin("home");
        assertThat(c.connectValue("custom")).isEqualTo("yes");
        RawHttp.post(c.connectValue("heartbeatUrl"));
        c.nextCommand("onHeartbeat");
        RawHttp.post(c.connectValue("updateSubscriberUrl"), "application/x-www-form-urlencoded", "SubscribeChannels=x");
        c.nextCommand("onUpdate");
        RawHttp.post(c.connectValue("unRegisterUrl"));
        c.awaitEnd(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(calls).containsExactly(
                "init", "created", "connect", "subscribe", "heartbeatInit", "update", "unsubscribe"));
    }
}
