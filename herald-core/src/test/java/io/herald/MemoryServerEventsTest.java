package io.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.internal.Ids;
import io.herald.memory.MemoryServerEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryServerEventsTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final List<String> hookLog = new CopyOnWriteArrayList<>();
    private MemoryServerEvents events;

    private MemoryServerEvents events(ServerEventsOptions.Builder b) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        events = new MemoryServerEvents(b.clock(clock).hooks(ServerEventsHooks.builder()
                .onSubscribe(s -> hookLog.add("subscribe " + s.userId()))
                .onUnsubscribe(s -> hookLog.add("unsubscribe " + s.userId()))
                .onUpdate(s -> hookLog.add("update " + s.userId()))
                .build()).build());
        return events;
    }

    @AfterEach
    void tearDown() {
        if (events != null) {
            events.close();
        }
    }

    private LiveSubscription connect(String userId, String... channels) {
        RecordingSink sink = new RecordingSink();
        LiveSubscription sub = new LiveSubscription(Ids.newSubscriptionId(), List.of(channels), userId, null,
                "user" + userId, "sess-" + userId, "127.0.0.1", false, null, now.get(), sink);
        ((ServerEventsNode) events).register(sub, Map.of("id", sub.id()), null);
        return sub;
    }

    private static RecordingSink sink(LiveSubscription sub) {
        return (RecordingSink) sub.sink();
    }

    @Test
    void connectThenOwnJoinsThenChannelMessagesWithIncreasingIds() {
        events(ServerEventsOptions.builder());
        LiveSubscription a = connect("-1", "A", "B");
        events.notifyChannel("A", "cmd.chat", Map.of("message", "hi"));
        await().untilAsserted(() -> assertThat(sink(a).dataLines()).containsExactly(
                "cmd.onConnect {\"id\":\"" + a.id() + "\"}",
                "A@cmd.onJoin " + a.metaJson(),
                "B@cmd.onJoin " + a.metaJson(),
                "A@cmd.chat {\"message\":\"hi\"}"));
        List<Long> ids = sink(a).ids();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(hookLog).containsExactly("subscribe -1");
    }

    @Test
    void filteredSendsHaveNoChannelPrefixAndReachOnlyMatchingSubscriptions() {
        events(ServerEventsOptions.builder().notifyChannelOfSubscriptions(false));
        LiveSubscription home = connect("u1", "home");
        LiveSubscription other = connect("u1", "other");
        events.notifyUserId("u1", "cmd.x", "hi", "home");
        events.notifySession("sess-u1", "cmd.y", null);
        events.notifyAll("cmd.z", RawJson.of("{\n\"a\":1}"));
        await().untilAsserted(() -> assertThat(sink(home).dataLines()).endsWith("cmd.x \"hi\"", "cmd.y ", "cmd.z { \"a\":1}"));
        await().untilAsserted(() -> assertThat(sink(other).dataLines()).endsWith("cmd.y ", "cmd.z { \"a\":1}"));
        assertThat(sink(other).dataLines()).doesNotContain("cmd.x \"hi\"");
    }

    @Test
    void withNotificationsOffMembersGetABareNewlineInsteadOfAJoin() {
        events(ServerEventsOptions.builder().notifyChannelOfSubscriptions(false));
        LiveSubscription first = connect("-1", "A");
        connect("-2", "A");
        await().untilAsserted(() -> assertThat(sink(first).text()).endsWith("\n\n\n"));
        assertThat(sink(first).text()).doesNotContain("onJoin");
    }

    @Test
    void unregisterClosesTheStreamAndTellsTheOthers() {
        events(ServerEventsOptions.builder());
        LiveSubscription a = connect("-1", "A");
        LiveSubscription b = connect("-2", "A");
        events.unregister(b.id());
        await().untilAsserted(() -> assertThat(sink(a).dataLines()).contains("A@cmd.onLeave " + b.metaJson()));
        await().until(() -> !b.sink().isOpen());
        assertThat(sink(b).dataLines()).noneMatch(l -> l.contains("onLeave"));
        assertThat(events.getSubscriptionInfo(b.id())).isNull();
        assertThat(hookLog).contains("unsubscribe -2");
    }

    @Test
    void channelUpdatesNotifyOldAndNewChannels() {
        events(ServerEventsOptions.builder());
        LiveSubscription a = connect("-1", "A");
        LiveSubscription b = connect("-2", "B");
        events.subscribeToChannels(a.id(), "B");
        assertThat(a.channels()).containsExactly("A", "B");
        events.notifyChannel("B", "cmd.chat", "to B");
        await().untilAsserted(() -> assertThat(sink(a).dataLines()).contains("B@cmd.chat \"to B\""));
        events.unsubscribeFromChannels(a.id(), "A");
        await().untilAsserted(() -> assertThat(sink(b).dataLines()).filteredOn(l -> l.startsWith("B@cmd.onUpdate")).hasSize(2));
        assertThat(events.getSubscriptionsDetails("A")).isEmpty();
        assertThat(events.getSubscriptionsDetails("A", "B")).hasSize(2);
        assertThat(hookLog).contains("update -1");
        assertThatThrownBy(() -> events.subscribeToChannels(a.id(), "bad channel")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idleSubscriptionsExpireWithLeaveAndHeartbeatsKeepThemAlive() {
        events(ServerEventsOptions.builder().idleTimeout(Duration.ofSeconds(30)));
        LiveSubscription alive = connect("-1", "A");
        LiveSubscription idle = connect("-2", "A");
        now.addAndGet(20_000);
        assertThat(events.pulse(alive.id())).isTrue();
        now.addAndGet(15_000);
        assertThat(events.removeExpiredSubscriptions()).isEqualTo(1);
        assertThat(events.pulse(idle.id())).isFalse();
        await().untilAsserted(() -> assertThat(sink(alive).dataLines()).contains("A@cmd.onLeave " + idle.metaJson()));
        assertThat(sink(alive).dataLines()).anyMatch(l -> l.startsWith("cmd.onHeartbeat {"));
        assertThat(events.getStats()).containsEntry("expired", 1L);
    }

    @Test
    void aSlowStreamIsEvictedWithoutHoldingUpTheOthers() {
        events(ServerEventsOptions.builder().maxQueuedBytes(4096));
        LiveSubscription fast = connect("-1", "A");
        LiveSubscription slow = connect("-2", "A");
        sink(slow).stalled = true;
        for (int i = 0; i < 100; i++) {
            events.notifyChannel("A", "cmd.chat", "x".repeat(100));
        }
        await().until(() -> !slow.sink().isOpen());
        await().untilAsserted(() -> assertThat(sink(fast).dataLines()).contains("A@cmd.onLeave " + slow.metaJson()));
        assertThat(sink(fast).dataLines()).filteredOn(l -> l.startsWith("A@cmd.chat")).hasSize(100);
        assertThat(events.getSubscriptionInfo(slow.id())).isNull();
        assertThat(events.getStats()).containsEntry("slowEvictions", 1L);
    }

    @Test
    void aClosedStreamIsUnregisteredWithLeave() {
        events(ServerEventsOptions.builder());
        LiveSubscription a = connect("-1", "A");
        LiveSubscription gone = connect("-2", "A");
        gone.sink().close();
        await().untilAsserted(() -> assertThat(sink(a).dataLines()).contains("A@cmd.onLeave " + gone.metaJson()));
        assertThat(events.getSubscriptionInfo(gone.id())).isNull();
    }

    @Test
    void resetForgetsEveryoneButLeavesStreamsOpen() {
        events(ServerEventsOptions.builder());
        LiveSubscription a = connect("-1", "A");
        long seq = events.getNextSequence("anonUser");
        events.reset();
        assertThat(a.sink().isOpen()).isTrue();
        assertThat(events.pulse(a.id())).isFalse();
        assertThat(events.getAllSubscriptionInfos()).isEmpty();
        assertThat(events.getNextSequence("anonUser")).isEqualTo(seq + 1);
    }

    @Test
    void idsStrictlyIncreaseOnEveryStreamUnderConcurrentPublishers() throws Exception {
        events(ServerEventsOptions.builder());
        LiveSubscription a = connect("-1", "A", "B");
        List<Thread> threads = new ArrayList<>();
        for (String ch : new String[] {"A", "B"}) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    events.notifyChannel(ch, "cmd.n", i);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        await().untilAsserted(() -> assertThat(sink(a).ids()).hasSize(1 + 2 + 1000));
        assertThat(sink(a).ids()).isSorted().doesNotHaveDuplicates();
    }

    private LiveSubscription resume(long lastEventId, String userId, String... channels) {
        RecordingSink sink = new RecordingSink();
        LiveSubscription sub = new LiveSubscription(Ids.newSubscriptionId(), List.of(channels), userId, null,
                "user" + userId, null, "127.0.0.1", false, null, now.get(), sink);
        ((ServerEventsNode) events).register(sub, Map.of("id", sub.id()), lastEventId);
        return sub;
    }

    @Test
    void aResumingStreamGetsWhatItMissedThenOnResumeThenLiveEvents() {
        events(ServerEventsOptions.builder().notifyChannelOfSubscriptions(false));
        LiveSubscription first = connect("-1", "A", "B");
        events.notifyChannel("A", "cmd.n", 1);
        await().untilAsserted(() -> assertThat(sink(first).dataLines()).contains("A@cmd.n 1"));
        long seen = sink(first).ids().get(sink(first).ids().size() - 1);
        events.notifyChannel("A", "cmd.n", 2);
        events.notifyChannel("C", "cmd.n", 3);
        events.notifyChannel("B", "cmd.n", 4);
        LiveSubscription again = resume(seen, "-2", "A", "B");
        events.notifyChannel("A", "cmd.n", 5);
        await().untilAsserted(() -> assertThat(sink(again).dataLines()).containsExactly(
                "cmd.onConnect {\"id\":\"" + again.id() + "\"}",
                "A@cmd.n 2",
                "B@cmd.n 4",
                "cmd.onResume {\"lastEventId\":" + seen + ",\"recovered\":true,\"replayed\":2}",
                "A@cmd.n 5"));
        assertThat(events.getStats()).containsEntry("resumed", 1L);
    }

    @Test
    void aPositionOlderThanHistoryIsReportedAsAGap() {
        events(ServerEventsOptions.builder().historySize(2).notifyChannelOfSubscriptions(false));
        LiveSubscription first = connect("-1", "A");
        await().until(() -> !sink(first).ids().isEmpty());
        long seen = sink(first).ids().get(0);
        for (int i = 1; i <= 5; i++) {
            events.notifyChannel("A", "cmd.n", i);
        }
        LiveSubscription again = resume(seen, "-2", "A");
        await().untilAsserted(() -> assertThat(sink(again).dataLines()).containsExactly(
                "cmd.onConnect {\"id\":\"" + again.id() + "\"}",
                "A@cmd.n 4",
                "A@cmd.n 5",
                "cmd.onResume {\"lastEventId\":" + seen + ",\"recovered\":false,\"replayed\":2}"));
        LiveSubscription fromAnotherRun = resume(5, "-3", "A");
        await().untilAsserted(() -> assertThat(sink(fromAnotherRun).dataLines())
                .last().asString().contains("\"recovered\":false"));
        assertThat(events.getStats()).containsEntry("resumedWithGap", 2L);
    }

    @Test
    void onErrorHearsAboutEvictionsAndFailingHooks() {
        List<String> errors = new CopyOnWriteArrayList<>();
        events = new MemoryServerEvents(ServerEventsOptions.builder().maxQueuedBytes(4096)
                .hooks(ServerEventsHooks.builder()
                        .onUpdate(s -> {
                            throw new IllegalStateException("update hook broke");
                        })
                        .onError((sub, e) -> errors.add(e.getMessage())).build()).build());
        LiveSubscription slow = connect("-1", "A");
        sink(slow).stalled = true;
        for (int i = 0; i < 100; i++) {
            events.notifyChannel("A", "cmd.chat", "x".repeat(100));
        }
        await().untilAsserted(() -> assertThat(errors).anyMatch(m -> m.contains("evicted") && m.contains("too slow")));
        LiveSubscription other = connect("-2", "A");
        events.subscribeToChannels(other.id(), "B");
        assertThat(errors).contains("update hook broke");
        assertThat(other.channels()).as("the change stands").containsExactly("A", "B");
    }

    @Test
    void channelStatsCountThisServersStreamsPerChannel() {
        events(ServerEventsOptions.builder());
        connect("-1", "A", "B");
        connect("-2", "A");
        ChannelStats stats = events.getChannelStats();
        assertThat(stats.localSubscribers()).containsExactly(Map.entry("A", 2), Map.entry("B", 1));
        assertThat(stats.channels()).isEqualTo(2);
        assertThat(stats.localSubscriptions()).isEqualTo(2);
    }
}
