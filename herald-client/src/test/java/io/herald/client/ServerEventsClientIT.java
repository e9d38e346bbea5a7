package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.client.TestTypes.ChatMessage;
import io.herald.client.TestTypes.CustomType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real (fake) Server Events server on loopback: connect, dispatch, receivers, services. */
class ServerEventsClientIT {

    private FakeServerEventsServer server;
    private final List<ServerEventsClient> clients = new ArrayList<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeServerEventsServer();
        TestTypes.CALLS.clear();
        TestTypes.INSTANCES.clear();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(ServerEventsClient::close);
        server.close();
    }

    private ServerEventsClient.Builder builder(String... channels) {
        return ServerEventsClient.builder(server.baseUrl()).channels(channels)
                .reconnectInitialDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(500))
                .onException(errors::add);
    }

    private ServerEventsClient connected(ServerEventsClient.Builder builder) throws Exception {
        ServerEventsClient client = builder.build();
        clients.add(client);
        client.connect().get(5, TimeUnit.SECONDS);
        return client;
    }

    static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(5, TimeUnit.SECONDS);
        assertThat(item).as("nothing arrived within 5 s").isNotNull();
        return item;
    }

    /** Waits until the server has registered the client's subscription (the onConnect frame goes out first). */
    private void awaitSubscribers(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionCount() == count);
    }

    @Test
    void connectCompletesWithOnConnectInfoAndOnlyOnConnectFires() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        ServerEventsClient client = builder("home")
                .onConnect(c -> events.add("connect"))
                .onJoin(j -> events.add("join " + j.getChannel() + " " + j.getDisplayName()))
                .onCommand(c -> events.add("command " + c.getClass().getSimpleName()))
                .onMessage(m -> events.add("message " + m.getSelector()))
                .build();
        clients.add(client);
        ServerEventConnect info = client.connect().get(5, TimeUnit.SECONDS);

        assertThat(info.getId()).matches("[A-Za-z0-9]{20}");
        assertThat(info.getHeartbeatUrl()).startsWith(server.baseUrl() + "/event-heartbeat?id=");
        assertThat(info.getUnRegisterUrl()).startsWith(server.baseUrl() + "/event-unregister?id=");
        assertThat(info.getHeartbeatIntervalMs()).isEqualTo(10_000);
        assertThat(info.getIdleTimeoutMs()).isEqualTo(30_000);
        assertThat(info.getDisplayName()).startsWith("user");
        assertThat(info.isAuthenticated()).isFalse();
        assertThat(info.getChannels()).containsExactly("home");
        assertThat(info.getEventId()).isEqualTo(1);

        assertThat(poll(events)).isEqualTo("connect");
        assertThat(poll(events)).isEqualTo("join home " + info.getDisplayName());
        assertThat(poll(events)).isEqualTo("command ServerEventJoin");
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).as("nothing else fires").isNull();
        assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STARTED);
        assertThat(client.getConnectionInfo()).isSameAs(info);
        assertThat(server.streamQueries).containsExactly("channels=home");
        assertThat(errors).isEmpty();
    }

    @Test
    void joinsForMultipleChannelsArriveInOrderWithTheirChannel() throws Exception {
        BlockingQueue<ServerEventJoin> joins = new LinkedBlockingQueue<>();
        ServerEventsClient client = builder("A", "B", "C").onJoin(joins::add).build();
        clients.add(client);
        CompletableFuture<ServerEventMessage> firstCommand = client.waitForNextCommand();
        CompletableFuture<ServerEventMessage> firstMessage = client.waitForNextMessage();
        client.connect().get(5, TimeUnit.SECONDS);
        assertThat(firstCommand.get(5, TimeUnit.SECONDS)).isInstanceOf(ServerEventJoin.class)
                .extracting(ServerEventMessage::getChannel).isEqualTo("A");
        String me = client.getConnectionInfo().getDisplayName();
        for (String channel : List.of("A", "B", "C")) {
            ServerEventJoin join = poll(joins);
            assertThat(join.getChannel()).isEqualTo(channel);
            assertThat(join.getDisplayName()).isEqualTo(me);
            assertThat(join.getSelector()).isEqualTo("cmd.onJoin");
        }
        assertThat(server.streamQueries).containsExactly("channels=A,B,C");
        assertThat(firstMessage).as("joins are commands, not messages").isNotDone();
    }

    @Test
    void leaveOfAnotherClientFiresOnLeaveThenOnCommand() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        ServerEventsClient first = connected(builder("home")
                .onLeave(l -> events.add("leave " + l.getDisplayName()))
                .onCommand(c -> events.add("command " + c.getClass().getSimpleName())));
        awaitSubscribers(1);
        assertThat(poll(events)).isEqualTo("command ServerEventJoin");
        ServerEventsClient second = connected(builder("home"));
        awaitSubscribers(2);
        assertThat(poll(events)).isEqualTo("command ServerEventJoin");
        String secondName = second.getConnectionInfo().getDisplayName();
        String secondId = second.getConnectionInfo().getId();

        second.stop();

        assertThat(server.unregistered).containsExactly(secondId);
        assertThat(poll(events)).isEqualTo("leave " + secondName);
        assertThat(poll(events)).isEqualTo("command ServerEventLeave");
        assertThat(first.getState()).isEqualTo(ServerEventsClient.State.STARTED);
        assertThat(errors).isEmpty();
    }

    @Test
    void handlersReceiveCmdMessagesInOrderAndOnMessageFiresAfter() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        ServerEventsClient client = connected(builder("home")
                .handler("chat", m -> events.add("handler " + m.getBodyAs(ChatMessage.class).message))
                .onMessage(m -> events.add("message " + m.getChannel() + " " + m.getSelector() + " " + (m.getEventId() > 0))));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.chat", "{\"id\":1,\"fromUserId\":\"-1\",\"fromName\":\"user1\",\"message\":\"msg1\"}");
        server.notifyChannel("home", "cmd.chat", "{\"ID\":2,\"FromName\":\"user1\",\"Message\":\"msg2\",\"extra\":true}");

        assertThat(poll(events)).isEqualTo("handler msg1");
        assertThat(poll(events)).isEqualTo("message home cmd.chat true");
        assertThat(poll(events)).as("PascalCase and unknown properties are accepted").isEqualTo("handler msg2");
        assertThat(poll(events)).isEqualTo("message home cmd.chat true");
        assertThat(errors).isEmpty();
    }

    @Test
    void dispatchOrderIsHandlerThenReceiverThenOnMessage() throws Exception {
        connected(builder("home").globalReceiver(TestTypes.RawReceiver.class)
                .handler("announce", m -> TestTypes.CALLS.add("handler " + m.getBodyAs(String.class)))
                .onMessage(m -> TestTypes.CALLS.add("onMessage " + m.getTarget())));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.announce", "\"hi\"");
        assertThat(List.of(poll(TestTypes.CALLS), poll(TestTypes.CALLS), poll(TestTypes.CALLS)))
                .containsExactly("handler hi", "Announce hi", "onMessage announce");
    }

    @Test
    void namedReceiverCallsMethodsSettersAndNoSuchMethod() throws Exception {
        connected(builder("home").receiver("test", TestTypes.TestNamedReceiver.class));
        awaitSubscribers(1);
        server.notifyChannel("home", "test.FooMethod", "{\"id\":1,\"name\":\"Foo\"}");
        server.notifyChannel("home", "test.BarMethod", "{\"id\":2,\"name\":\"Bar\"}");
        server.notifyChannel("home", "test.BazMethod", "{\"id\":3,\"name\":\"Baz\"}");
        server.notifyChannel("home", "test.QuxSetter", "{\"id\":4,\"name\":\"Qux\"}");

        assertThat(poll(TestTypes.CALLS)).isEqualTo("FooMethod CustomType{1,Foo} op=test");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("BarMethod CustomType{2,Bar}");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("noSuchMethod BazMethod CustomType{3,Baz}");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("QuxSetter CustomType{4,Qux}");
        assertThat(errors).isEmpty();
    }

    @Test
    void globalReceiverMatchesByParameterTypeAndSetsProperties() throws Exception {
        connected(builder().globalReceiver(TestTypes.TestGlobalReceiver.class));
        awaitSubscribers(1);
        server.notifyAll("cmd.CustomType", "{\"id\":1,\"name\":\"Foo\"}");
        server.notifyAll("cmd.SetterType", "{\"id\":1,\"name\":\"Foo\"}");

        assertThat(poll(TestTypes.CALLS)).isEqualTo("CustomType CustomType{1,Foo}");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("SetterType SetterType{1,Foo}");
        assertThat(server.streamQueries).containsExactly("channels=");
        assertThat(errors).isEmpty();
    }

    @Test
    void rawStringsNullBodiesAndCssSelectors() throws Exception {
        BlockingQueue<ServerEventMessage> messages = new LinkedBlockingQueue<>();
        connected(builder("home").globalReceiver(TestTypes.RawReceiver.class)
                .receiver("css", TestTypes.CssReceiver.class).onMessage(messages::add));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.chat", "{\"message\":\"hello\"}");
        server.notifyChannel("home", "cmd.announce", "\"This is your captain speaking ...\"");
        server.notifyChannel("home", "cmd.toggle$#channels", "");
        server.notifyChannel("home", "css.background-image$#top", "\"url(http://bit.ly/1yIJOBH)\"");

        assertThat(poll(TestTypes.CALLS)).isEqualTo("Chat hello");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Announce This is your captain speaking ...");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Toggle()");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("backgroundImage url(http://bit.ly/1yIJOBH)");

        poll(messages);
        poll(messages);
        ServerEventMessage toggle = poll(messages);
        assertThat(toggle.getSelector()).isEqualTo("cmd.toggle$#channels");
        assertThat(toggle.getOp()).isEqualTo("cmd");
        assertThat(toggle.getTarget()).isEqualTo("toggle");
        assertThat(toggle.getCssSelector()).isEqualTo("#channels");
        assertThat(toggle.getJson()).isEmpty();
        assertThat(toggle.getChannel()).isEqualTo("home");
        ServerEventMessage css = poll(messages);
        assertThat(css.getOp()).isEqualTo("css");
        assertThat(css.getTarget()).isEqualTo("background-image");
        assertThat(css.getCssSelector()).isEqualTo("#top");
        assertThat(errors).isEmpty();
    }

    @Test
    void singletonResolverReusesTheSameInstance() throws Exception {
        connected(builder("home").resolver(ReceiverResolver.singleton()).globalReceiver(TestTypes.SingletonReceiver.class));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.announce", "\"1st Announcement\"");
        server.notifyChannel("home", "cmd.announce", "\"2nd Announcement\"");

        Object first = poll(TestTypes.INSTANCES);
        Object second = poll(TestTypes.INSTANCES);
        assertThat(second).isSameAs(first);
        assertThat(((TestTypes.SingletonReceiver) second).announcement).isEqualTo("2nd Announcement");
    }

    @Test
    void defaultResolverCreatesAnInstancePerMessage() throws Exception {
        connected(builder("home").globalReceiver(TestTypes.SingletonReceiver.class));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.announce", "\"a\"");
        server.notifyChannel("home", "cmd.announce", "\"b\"");
        assertThat(poll(TestTypes.INSTANCES)).isNotSameAs(poll(TestTypes.INSTANCES));
    }

    @Test
    void containerResolverSuppliesConfiguredInstances() throws Exception {
        BlockingQueue<String> dependency = new LinkedBlockingQueue<>();
        class Wired {
            public void custom(CustomType c) {
                dependency.add("custom " + c);
            }
        }
        connected(builder("home").resolver(type -> type == Wired.class ? new Wired() : null)
                .globalReceiver(Wired.class));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.Custom", "{\"id\":1,\"name\":\"Foo\"}");
        assertThat(poll(dependency)).isEqualTo("custom CustomType{1,Foo}");
    }

    @Test
    void triggersReachEveryListenerUntilRemoved() throws Exception {
        BlockingQueue<String> delivered = new LinkedBlockingQueue<>(); // onMessage runs after the listeners
        ServerEventsClient client = connected(builder("home").onMessage(m -> delivered.add(m.getTarget())));
        BlockingQueue<String> fired = new LinkedBlockingQueue<>();
        Consumer<ServerEventMessage> one = m -> fired.add("one " + m.getBodyAs(String.class));
        Consumer<ServerEventMessage> two = m -> fired.add("two " + m.getBodyAs(String.class));
        client.addListener("customEvent", one);
        client.addListener("customEvent", two);
        client.addListener("customEvent", one); // no effect: already added
        assertThat(client.hasListener("customEvent")).isTrue();
        awaitSubscribers(1);

        server.notifyChannel("home", "trigger.customEvent", "\"arg\"");
        assertThat(poll(delivered)).isEqualTo("customEvent");
        assertThat(fired).containsExactly("one arg", "two arg");
        fired.clear();

        assertThat(client.removeListener("customEvent", one)).isTrue();
        assertThat(client.removeListener("customEvent", one)).isFalse();
        server.notifyChannel("home", "trigger.customEvent", "\"arg\"");
        assertThat(poll(delivered)).isEqualTo("customEvent");
        assertThat(fired).containsExactly("two arg");
        fired.clear();

        server.notifyChannel("home", "trigger.other", "\"x\"");
        assertThat(poll(delivered)).isEqualTo("other");
        assertThat(fired).isEmpty();
        client.removeListeners("customEvent");
        assertThat(client.hasListener("customEvent")).isFalse();
    }

    @Test
    void receiverExceptionIsReportedAndLaterMessagesStillArrive() throws Exception {
        connected(builder("home").globalReceiver(TestTypes.ThrowingReceiver.class)
                .handler("announce", m -> {
                    if (m.getJson().contains("handler-boom")) {
                        throw new IllegalArgumentException("handler failed on purpose");
                    }
                }));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.announce", "\"boom\"");
        server.notifyChannel("home", "cmd.announce", "\"handler-boom\"");
        server.notifyChannel("home", "cmd.announce", "\"after\"");

        Throwable receiverError = poll(errors);
        assertThat(receiverError).isInstanceOf(ServerEventsException.class).hasMessageContaining("ThrowingReceiver.announce")
                .hasRootCauseMessage("receiver failed on purpose");
        Throwable handlerError = poll(errors);
        assertThat(handlerError).hasMessageContaining("handler 'announce'").hasRootCauseMessage("handler failed on purpose");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Announce handler-boom");
        assertThat(poll(TestTypes.CALLS)).isEqualTo("Announce after");
    }

    @Test
    void callbackExceptionsAreReportedAndDoNotStopDelivery() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ServerEventsClient client = connected(builder("home").onMessage(m -> {
            seen.add(m.getJson());
            throw new IllegalStateException("onMessage failed");
        }));
        awaitSubscribers(1);
        server.notifyChannel("home", "cmd.x", "1");
        server.notifyChannel("home", "cmd.x", "2");
        assertThat(List.of(poll(seen), poll(seen))).containsExactly("1", "2");
        assertThat(poll(errors)).hasMessageContaining("onMessage");
        assertThat(client.getTimesStarted()).isEqualTo(1);
    }

    @Test
    void channelsChangeLiveAndTheStreamUrlFollows() throws Exception {
        ServerEventsClient client = connected(builder("A"));
        awaitSubscribers(1);
        String id = client.getConnectionInfo().getId();

        client.subscribeToChannels("B", "C");
        assertThat(client.getChannels()).containsExactly("A", "B", "C");
        assertThat(client.getEventStreamUri().toString()).endsWith("/event-stream?channels=A,B,C");
        assertThat(server.updateRequests.get(0).toString())
                .isEqualTo("{\"id\":\"" + id + "\",\"subscribeChannels\":[\"B\",\"C\"]}");
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        client.addListener("ping", m -> got.add(m.getChannel()));
        server.notifyChannel("B", "trigger.ping", "");
        assertThat(poll(got)).isEqualTo("B");

        client.unsubscribeFromChannels("B");
        assertThat(client.getChannels()).containsExactly("A", "C");
        assertThat(client.getEventStreamUri().toString()).endsWith("?channels=A,C");
        assertThat(server.updateRequests.get(1).toString())
                .isEqualTo("{\"id\":\"" + id + "\",\"unsubscribeChannels\":[\"B\"]}");

        client.restart();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.streamQueries.size() == 2);
        assertThat(server.streamQueries.get(1)).isEqualTo("channels=A,C");
        assertThatThrownBy(() -> client.subscribeToChannels("a,b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a,b");
        assertThatThrownBy(client::unsubscribeFromChannels)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one channel");

        client.setChannels("Foo", "Bar"); // C# scenario D3: the next connection uses the new list
        client.restart();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.streamQueries.size() == 3);
        assertThat(server.streamQueries.get(2)).isEqualTo("channels=Foo,Bar");
    }

    @Test
    void channelUpdateFailsWhenNotConnectedOrRefused() throws Exception {
        ServerEventsClient idle = builder("A").build();
        clients.add(idle);
        assertThatThrownBy(() -> idle.subscribeToChannels("B")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not connected");

        ServerEventsClient client = connected(builder("A"));
        awaitSubscribers(1);
        server.reset();
        assertThatThrownBy(() -> client.subscribeToChannels("B")).isInstanceOf(WebServiceException.class)
                .satisfies(e -> assertThat(((WebServiceException) e).getStatusCode()).isEqualTo(404));
        assertThat(client.getChannels()).containsExactly("A");
    }

    @Test
    void channelSubscribersAreMappedToUsers() throws Exception {
        ServerEventsClient a = connected(builder("A", "B"));
        connected(builder("B"));
        awaitSubscribers(2);
        List<ServerEventUser> users = a.getChannelSubscribers();
        assertThat(server.subscriberQueries).containsExactly("channels=A,B");
        assertThat(users).hasSize(2);
        ServerEventUser self = users.stream()
                .filter(u -> u.displayName().equals(a.getConnectionInfo().getDisplayName())).findFirst().orElseThrow();
        assertThat(self.userId()).startsWith("-");
        assertThat(self.channels()).containsExactly("A", "B");
        assertThat(self.profileUrl()).startsWith("data:");
        assertThat(self.meta()).containsEntry("isAuthenticated", "false").containsKey("custom")
                .doesNotContainKeys("userId", "displayName", "channels", "profileUrl");
    }

    @Test
    void heartbeatsArePostedAtTheIntervalSetInOnConnect() throws Exception {
        ServerEventsClient client = connected(builder("home").onConnect(c -> c.setHeartbeatIntervalMs(100)));
        for (int i = 0; i < 3; i++) {
            ServerEventHeartbeat heartbeat = client.waitForNextHeartbeat().get(5, TimeUnit.SECONDS);
            assertThat(heartbeat.getSelector()).isEqualTo("cmd.onHeartbeat");
            assertThat(heartbeat.getChannel()).isNull();
        }
        assertThat(server.heartbeatMethods).contains("POST").doesNotContain("GET");
        assertThat(client.getTimesStarted()).isEqualTo(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void heartbeatsDoNotReachOnMessageOrOnCommand() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        ServerEventsClient client = connected(builder("home").onConnect(c -> c.setHeartbeatIntervalMs(50))
                .onHeartbeat(h -> events.add("heartbeat")).onMessage(m -> events.add("message"))
                .onCommand(c -> events.add("command " + c.getSelector())));
        assertThat(poll(events)).isEqualTo("command cmd.onJoin");
        assertThat(List.of(poll(events), poll(events), poll(events))).containsOnly("heartbeat");
        client.stop();
    }

    @Test
    void stopUnregistersAndStartConnectsAgain() throws Exception {
        ServerEventsClient client = connected(builder("home"));
        awaitSubscribers(1);
        String id = client.getConnectionInfo().getId();
        client.stop();
        assertThat(server.unregistered).containsExactly(id);
        assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STOPPED);
        assertThat(client.getConnectionInfo()).isNull();

        ServerEventConnect again = client.connect().get(5, TimeUnit.SECONDS);
        assertThat(again.getId()).isNotEqualTo(id);
        assertThat(client.getTimesStarted()).isEqualTo(2);
        client.close();
        assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callbacksMayCallTheServiceClientAndStopTheClient() throws Exception {
        BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
        AtomicReference<ServerEventsClient> self = new AtomicReference<>();
        ServerEventsClient client = connected(builder("home")
                .handler("who", m -> sizes.add(self.get().getChannelSubscribers().size()))
                .handler("bye", m -> self.get().stop()));
        self.set(client);
        awaitSubscribers(1);
        String id = client.getConnectionInfo().getId();
        server.notifyChannel("home", "cmd.who", "");
        assertThat(poll(sizes)).isEqualTo(1);
        server.notifyChannel("home", "cmd.bye", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getState() == ServerEventsClient.State.STOPPED);
        assertThat(server.unregistered).containsExactly(id);
        assertThat(errors).isEmpty();
    }

    @Test
    void stopClosesTheStreamConnection() throws Exception {
        ServerEventsClient client = connected(builder("home"));
        awaitSubscribers(1);
        FakeServerEventsServer.Sub sub = server.subscriptions().get(0);
        server.reset(); // the unregister now gets 404: only closing the socket can end the server's stream
        client.stop();
        byte[] comment = ": ping\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            sub.write(comment);
            return sub.ended.getCount() == 0;
        });
    }

    @Test
    void sessionCookieFromAuthIsSharedWithStreamAndHeartbeats() throws Exception {
        server.requireAuth = true;
        ServerEventsClient client = builder("home").onConnect(c -> c.setHeartbeatIntervalMs(50)).build();
        clients.add(client);

        assertThatThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebServiceException.class)
                .satisfies(e -> assertThat(((WebServiceException) e).getStatusCode()).isEqualTo(401));
        client.stop();

        @SuppressWarnings("unchecked")
        Map<String, Object> session = client.getServiceClient().post("/auth", Map.of("userName", "user", "password", "pass"), Map.class);
        assertThat(session).containsEntry("sessionId", "authenticated");
        client.connect().get(5, TimeUnit.SECONDS);
        client.waitForNextHeartbeat().get(5, TimeUnit.SECONDS);
        assertThat(server.streamCookies.get(server.streamCookies.size() - 1)).contains("ss-id=authenticated");
        assertThat(server.heartbeatCookies).isNotEmpty().allMatch(c -> c.contains("ss-id=authenticated"));
    }

    @Test
    void serviceClientReportsStatusAndBody() {
        JsonServiceClient standalone = new JsonServiceClient(java.net.URI.create(server.baseUrl()));
        assertThatThrownBy(() -> standalone.post("auth", Map.of("userName", "nobody"), Map.class))
                .isInstanceOf(WebServiceException.class).hasMessageContaining("401").hasMessageContaining("Unauthorized");
        assertThat(standalone.post("/auth", Map.of("userName", "user", "password", "pass"), String.class))
                .contains("authenticated");
    }
}
