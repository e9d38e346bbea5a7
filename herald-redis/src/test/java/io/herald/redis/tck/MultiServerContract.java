package io.herald.redis.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsOptions;
import io.herald.UserSession;
import io.herald.redis.DotNetTicks;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import io.herald.tck.TckServer;
import io.herald.redis.RedisConnector;
import io.herald.tck.ResumeContract;
import io.herald.tck.SteadyPublisher;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three Herald servers sharing one Redis behave as one. Subclasses say what the Redis is (one redis-server,
 * or a Redis Cluster) and how a server reaches it.
 */
abstract class MultiServerContract {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    protected final String prefix = newPrefix();
    private int started;

    /** A key prefix no other test uses. */
    protected abstract String newPrefix();

    /** The address tests use to look at Redis directly. */
    protected abstract String redisUri();

    /**
     * Starts Herald server number {@code index} (0, 1, 2, ... in the order a test starts them) on the Redis
     * back-end with {@code prefix}.
     */
    protected abstract TckServer startServer(ServerEventsOptions.Builder options, String prefix, int index);

    /** Drops every pub/sub connection Redis has ({@code CLIENT KILL TYPE pubsub} on every node). */
    protected abstract void killSubscriptions();

    protected TckServer server(Consumer<ServerEventsOptions.Builder> options) {
        ServerEventsOptions.Builder b = ServerEventsOptions.builder()
                .sessionResolver(req -> req.queryParam("user") == null ? UserSession.anonymous(null)
                        : new UserSession(req.queryParam("user"), req.queryParam("user"), null, null,
                                "session of " + req.queryParam("user"), true));
        options.accept(b);
        TckServer s = startServer(b, prefix, started++);
        toClose.add(s);
        return s;
    }

    private List<TckServer> cluster() {
        return List.of(server(o -> { }), server(o -> { }), server(o -> { }));
    }

    protected SseTestClient connect(TckServer s, String query) throws Exception {
        SseTestClient c = SseTestClient.open(s.baseUrl(), "/event-stream?" + query);
        toClose.add(c);
        c.expectConnect();
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void clientsOnDifferentServersSeeEachOtherAndExchangeMessages() throws Exception {
        List<TckServer> nodes = cluster();
        SseTestClient a = connect(nodes.get(0), "channels=home");
        a.nextCommand("onJoin");
        SseTestClient b = connect(nodes.get(1), "channels=home");
        b.nextCommand("onJoin");
        SseTestClient c = connect(nodes.get(2), "channels=home");
        c.nextCommand("onJoin");
        assertThat(JsonText.object(a.nextCommand("onJoin").body())).containsEntry("userId", b.connectValue("userId"));
        assertThat(JsonText.object(a.nextCommand("onJoin").body())).containsEntry("userId", c.connectValue("userId"));

        for (TckServer node : nodes) {
            assertThat(JsonText.array(RawHttp.get(node.baseUrl() + "/event-subscribers?channels=home").text()))
                    .extracting(m -> m.get("userId"))
                    .containsExactlyInAnyOrder(a.connectValue("userId"), b.connectValue("userId"), c.connectValue("userId"));
        }
        nodes.get(2).serverEvents().notifyChannel("home", "cmd.chat", "from node 3");
        for (SseTestClient client : List.of(a, b, c)) {
            SseEvent e = client.nextCommand("chat");
            assertThat(e.data()).isEqualTo("home@cmd.chat \"from node 3\"");
        }
        // one cluster-wide order: the same event has the same id everywhere
        assertThat(a.taken().get(a.taken().size() - 1).id()).isEqualTo(c.taken().get(c.taken().size() - 1).id());
        // anonymous numbers are cluster-wide
        assertThat(List.of(a.connectValue("userId"), b.connectValue("userId"), c.connectValue("userId")))
                .doesNotHaveDuplicates();
        long next = nodes.get(0).serverEvents().getNextSequence("chatMsg");
        assertThat(nodes.get(1).serverEvents().getNextSequence("chatMsg")).isEqualTo(next + 1);
    }

    @Test
    void heartbeatUnregisterAndUpdateSentToAnotherServerTakeEffectPromptly() throws Exception {
        List<TckServer> nodes = cluster();
        SseTestClient a = connect(nodes.get(0), "channels=A");
        a.nextCommand("onJoin");
        SseTestClient watcher = connect(nodes.get(1), "channels=A,B");
        watcher.nextCommand("onJoin");
        watcher.nextCommand("onJoin");
        String id = a.subscriptionId();

        long start = System.nanoTime();
        RawHttp.Response hb = RawHttp.post(nodes.get(1).baseUrl() + "/event-heartbeat?id=" + id);
        assertThat(hb.status()).isEqualTo(200);
        a.nextMatching(e -> e.is("onHeartbeat"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

        RawHttp.Response update = RawHttp.post(nodes.get(2).baseUrl() + "/event-subscribers/" + id,
                "application/x-www-form-urlencoded", "SubscribeChannels=B");
        assertThat(update.status()).isEqualTo(200);
        SseEvent onUpdate = watcher.nextCommand("onUpdate");
        assertThat(JsonText.object(onUpdate.body())).containsEntry("channels", "A,B");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(nodes.get(2).serverEvents().getSubscriptionInfo(id).channels()).containsExactly("A", "B"));
        nodes.get(1).serverEvents().notifyChannel("B", "cmd.chat", "to B");
        assertThat(a.nextCommand("chat").data()).isEqualTo("B@cmd.chat \"to B\"");

        RawHttp.Response unregister = RawHttp.post(nodes.get(2).baseUrl() + "/event-unregister?id=" + id);
        assertThat(unregister.status()).isEqualTo(200);
        a.awaitEnd(Duration.ofSeconds(2));
        assertThat(JsonText.object(watcher.nextCommand("onLeave").body())).containsEntry("userId", a.connectValue("userId"));
        await().atMost(Duration.ofSeconds(2)).until(() -> nodes.get(1).serverEvents().getSubscriptionInfo(id) == null);
    }

    @Test
    void namesWithDotsAndSpacesRouteAcrossServers() throws Exception {
        List<TckServer> nodes = cluster();
        SseTestClient john = connect(nodes.get(0), "channels=team.alpha&user=" + RawHttpEncode.of("John Smith"));
        john.nextCommand("onJoin");
        SseTestClient dotted = connect(nodes.get(1), "channels=team.alpha&user=j.doe");
        dotted.nextCommand("onJoin");
        john.nextCommand("onJoin");

        nodes.get(2).serverEvents().notifyUserName("John Smith", "cmd.dm", "hi John");
        nodes.get(2).serverEvents().notifyUserId("j.doe", "cmd.dm", "hi J.");
        nodes.get(2).serverEvents().notifySession("session of John Smith", "cmd.dm", "your session");
        nodes.get(2).serverEvents().notifyChannel("team.alpha", "cmd.chat", "team");
        assertThat(john.nextCommand("dm").data()).isEqualTo("cmd.dm \"hi John\"");
        assertThat(john.nextCommand("dm").data()).isEqualTo("cmd.dm \"your session\"");
        assertThat(dotted.nextCommand("dm").data()).isEqualTo("cmd.dm \"hi J.\"");
        assertThat(john.nextCommand("chat").data()).isEqualTo("team.alpha@cmd.chat \"team\"");
        assertThat(dotted.nextCommand("chat").data()).isEqualTo("team.alpha@cmd.chat \"team\"");
        assertThat(nodes.get(1).serverEvents().getSubscriptionInfosByUserId("John Smith")).hasSize(1);
    }

    @Test
    void aCrashedServersSubscriptionsAreSweptWithOnLeave() throws Exception {
        TckServer survivor = server(o -> o.heartbeatInterval(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(1))
                .houseKeepingInterval(Duration.ofMillis(250)));
        SseTestClient watcher = connect(survivor, "channels=home");
        watcher.nextCommand("onJoin");
        // What a crashed server leaves behind: its subscription in the registry, no heartbeats any more.
        String ghost = "Gh0stGh0stGh0stGh0st";
        long lastPulse = System.currentTimeMillis() - 500;
        try (RedisConnector connector = RedisConnector.create(redisUri(), null, ClientOptions.create(), null);
                RedisConnector.Commands conn = connector.connect()) {
            RedisClusterCommands<String, String> redis = conn.sync();
            redis.set(prefix + "id:" + ghost, "{\"createdAt\":\"\\/Date(" + lastPulse + ")\\/\",\"channels\":[\"home\"],"
                    + "\"userId\":\"-99\",\"displayName\":\"user99\",\"subscriptionId\":\"" + ghost + "\","
                    + "\"userAddress\":\"127.0.0.1\",\"isAuthenticated\":false,\"meta\":{\"userId\":\"-99\","
                    + "\"isAuthenticated\":\"false\",\"displayName\":\"user99\",\"channels\":\"home\",\"createdAt\":\""
                    + lastPulse + "\"}}");
            redis.zadd(prefix + "ids", DotNetTicks.fromUnixMillis(lastPulse), ghost);
            redis.sadd(prefix + "channel:home", ghost);
            redis.sadd(prefix + "userid:-99", ghost);
            assertThat(JsonText.array(RawHttp.get(survivor.baseUrl() + "/event-subscribers?channels=home").text()))
                    .hasSize(2);
            long start = System.nanoTime();
            SseEvent leave = watcher.nextCommand("onLeave");
            assertThat(JsonText.object(leave.body())).containsEntry("userId", "-99");
            // idleTimeout (1 s) + one housekeeping interval (0.25 s), with slack for a busy machine
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThat(redis.exists(prefix + "id:" + ghost, prefix + "channel:home")).isEqualTo(1L); // only the watcher's set
            assertThat(redis.smembers(prefix + "channel:home")).containsExactly(watcher.subscriptionId());
            assertThat(redis.zscore(prefix + "ids", ghost)).isNull();
        }
        watcher.assertNoMatching(e -> e.is("onLeave"), Duration.ofMillis(600)); // swept once, not by every pass
    }

    /** Percent-encoding for a query value. */
    private static final class RawHttpEncode {
        static String of(String s) {
            return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aServerStopReleasesItsSubscriptionsEverywhere() throws Exception {
        TckServer one = server(o -> { });
        TckServer two = server(o -> { });
        SseTestClient a = connect(one, "channels=x");
        a.nextCommand("onJoin");
        assertThat(two.serverEvents().getSubscriptionInfo(a.subscriptionId())).isNotNull();
        one.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> two.serverEvents().getSubscriptionInfo(a.subscriptionId()) == null);
        assertThat(JsonText.array(RawHttp.get(two.baseUrl() + "/event-subscribers").text())).isEmpty();
    }

    @Test
    void theServerAClientIsOnStopsAndItResumesOnAnotherWithNoGapsOrDuplicates() throws Exception {
        TckServer one = startServer(ServerEventsOptions.builder(), prefix, started++);
        TckServer two = server(o -> { });
        TckServer three = server(o -> { });

        SseTestClient first = SseTestClient.open(one.baseUrl(), "/event-stream?channels=feed");
        toClose.add(first);
        first.expectConnect();
        first.nextCommand("onJoin");

        try (SteadyPublisher publisher = new SteadyPublisher(three.serverEvents(), "feed", 3000, 2000)) {
            List<Integer> received = new ArrayList<>();
            String lastId = ResumeContract.takeNumbered(first, received, 100);
            one.close(); // the server goes away; its streams end

            SseTestClient second = SseTestClient.open(two.baseUrl(), "/event-stream?channels=feed",
                    Map.of("Last-Event-ID", lastId), null);
            toClose.add(second);
            ResumeContract.assertResumesInSequence(second, received, Long.parseLong(lastId));
        }
    }

    @Test
    void aServersSubscriptionDropsWhileOthersPublishAndItsStreamsMissNothing() throws Exception {
        TckServer publisher = server(o -> { });
        TckServer holder = server(o -> { });
        SseTestClient client = connect(holder, "channels=feed");
        client.nextCommand("onJoin");
        List<Integer> received = new ArrayList<>();
        long lastId = 0;
        int published;
        try (SteadyPublisher steady = new SteadyPublisher(publisher.serverEvents(), "feed", 600, 2000)) {
            ResumeContract.takeNumbered(client, received, 100);
            killSubscriptions(); // both servers resubscribe; the publisher's command connection stays
            while (steady.published() < 600 && received.size() < 600) {
                SseEvent e = client.nextCommand("n");
                received.add(Integer.parseInt(e.body()));
                assertThat(Long.parseLong(e.id())).isGreaterThan(lastId);
                lastId = Long.parseLong(e.id());
            }
            published = steady.published();
        }
        ResumeContract.takeNumbered(client, received, published);
        assertThat(published).as("publishes that went through").isGreaterThan(150);
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= published; i++) {
            expected.add(i);
        }
        assertThat(received).containsExactlyElementsOf(expected);
        client.assertNoMatching(e -> e.is("n"), Duration.ofMillis(300));
        assertThat(holder.serverEvents().getStats().get("redisGapFilled"))
                .as("events the holder read from history because they were published while it resubscribed")
                .isPositive();
    }
}
