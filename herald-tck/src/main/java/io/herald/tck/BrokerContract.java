package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsOptions;
import io.herald.spi.Address;
import io.herald.spi.Broker;
import io.herald.spi.Control;
import io.herald.spi.Event;
import io.herald.spi.History;
import io.herald.spi.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Broker} contract on one node: rising ids in one order, history atomic with publishing, what is and
 * is not kept, completeness, control messages, named counters. An implementation's test extends this class and
 * says how to build a broker; {@link DistributedBrokerContract} adds what several nodes on one back-end must see.
 */
public abstract class BrokerContract {

    /** Builds a broker on a fresh, empty back-end (a new key space for a shared store). */
    protected abstract Broker newBroker(ServerEventsOptions options);

    private final List<Broker> brokers = new ArrayList<>();

    /** Builds and remembers a broker, closed after the test. */
    protected Broker broker(ServerEventsOptions options) {
        return track(newBroker(options));
    }

    /** Closes {@code broker} after the test. */
    protected Broker track(Broker broker) {
        brokers.add(broker);
        return broker;
    }

    @AfterEach
    void closeBrokers() {
        brokers.forEach(Broker::close);
        brokers.clear();
    }

    /** A listener that records what it is told, in order. */
    public static final class Recorder implements Broker.Listener {
        public final List<Event> events = new CopyOnWriteArrayList<>();
        public final List<Control> controls = new CopyOnWriteArrayList<>();
        public volatile int subscribed;

        @Override
        public void onEvent(Event event) {
            events.add(event);
        }

        @Override
        public void onControl(Control control) {
            controls.add(control);
        }

        @Override
        public void onResubscribing() {
        }

        @Override
        public void onSubscribed(long positionBefore) {
            subscribed++;
        }

        public List<Long> ids() {
            List<Long> out = new ArrayList<>();
            events.forEach(e -> out.add(e.id()));
            return out;
        }
    }

    protected Recorder started(Broker broker) {
        Recorder r = new Recorder();
        broker.start(r);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.subscribed > 0);
        return r;
    }

    protected static Message chat(String channel, int n) {
        return Message.toChannels(List.of(channel), "cmd.chat", "{\"n\":" + n + "}");
    }

    @Test
    void publishesGetRisingIdsAndReachTheListenerInThatOrder() throws Exception {
        Broker broker = broker(ServerEventsOptions.defaults());
        Recorder r = started(broker);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> returned = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            returned.add(pool.submit(() -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    ids.add(broker.publish(chat("c" + thread, i)));
                }
                return ids;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : returned) {
            List<Long> ids = f.get(30, TimeUnit.SECONDS);
            assertThat(ids).as("one publisher's ids rise").isSorted().doesNotHaveDuplicates();
            all.addAll(ids);
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(10)).until(() -> r.events.size() == 200);
        assertThat(r.ids()).as("delivered in id order, each once").isSorted().doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(all).allMatch(id -> id > 0);
        assertThat(broker.position()).isGreaterThanOrEqualTo(r.ids().get(199));
    }

    @Test
    void aMessageArrivesAsItWasPublished() {
        Broker broker = broker(ServerEventsOptions.defaults());
        Recorder r = started(broker);
        List<Message> sent = List.of(
                Message.toAll("cmd.announce", "\"hi\""),
                Message.toChannels(List.of("a.b", "c%d"), "cmd.chat", "{\"x\":[1,2]}"),
                Message.to(Message.Target.SUBSCRIPTION, "AbCdEfGhIjKlMnOpQrSt", "cmd.x", "", "home"),
                Message.to(Message.Target.USER_ID, "user with spaces", "cmd.y", "1", null),
                Message.to(Message.Target.USER_NAME, "\u00e9mile%", "cmd.z", "null", "a.b"),
                Message.to(Message.Target.SESSION, "s-1", "css.background$#top", "\"#fff\"", null),
                Message.toChannels(List.of("home"), "cmd.onJoin", "{\"userId\":\"-1\"}"));
        sent.forEach(broker::publish);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.events.size() == sent.size());
        List<Message> got = new ArrayList<>();
        r.events.forEach(e -> got.add(e.message()));
        assertThat(got).containsExactlyElementsOf(sent);
    }

    @Test
    void keptMessagesAreInTheHistoryOfEachOfTheirAddressesOnce() {
        Broker broker = broker(ServerEventsOptions.defaults());
        started(broker);
        long before = broker.position();
        long both = broker.publish(Message.toChannels(List.of("a", "b"), "cmd.both", "1"));
        long onlyA = broker.publish(chat("a", 2));
        long user = broker.publish(Message.to(Message.Target.USER_ID, "u1", "cmd.u", "3", "a"));
        long all = broker.publish(Message.toAll("cmd.all", "4"));

        History h = broker.history(List.of(Address.channel("a"), Address.channel("b")), before);
        assertThat(ids(h)).containsExactly(both, onlyA);
        assertThat(h.complete()).isTrue();
        assertThat(ids(broker.history(List.of(Address.channel("b")), before))).containsExactly(both);
        assertThat(ids(broker.history(List.of(new Address(Message.Target.USER_ID, "u1"), Address.ALL), before)))
                .containsExactly(user, all);
        assertThat(broker.history(List.of(new Address(Message.Target.USER_ID, "u1")), before).events().get(0).message())
                .isEqualTo(Message.to(Message.Target.USER_ID, "u1", "cmd.u", "3", "a"));
        assertThat(ids(broker.history(List.of(Address.channel("a")), both))).containsExactly(onlyA);
        assertThat(broker.history(List.of(Address.channel("a")), all).events()).isEmpty();
    }

    @Test
    void presenceAndSingleSubscriptionMessagesAreNotKept() {
        Broker broker = broker(ServerEventsOptions.defaults());
        started(broker);
        long before = broker.position();
        broker.publish(Message.toChannels(List.of("a"), "cmd.onJoin", "{}"));
        broker.publish(Message.toChannels(List.of("a"), "cmd.onLeave", "{}"));
        broker.publish(Message.to(Message.Target.SUBSCRIPTION, "AbCdEfGhIjKlMnOpQrSt", "cmd.x", "1", null));
        long kept = broker.publish(chat("a", 1));
        assertThat(ids(broker.history(List.of(Address.channel("a"), Address.ALL), before))).containsExactly(kept);
    }

    @Test
    void historyIsCompleteOnlyForPositionsItCanVouchFor() {
        Broker broker = broker(ServerEventsOptions.builder().historySize(2).build());
        started(broker);
        long start = broker.position();
        long first = broker.publish(chat("a", 1));
        for (int i = 2; i <= 5; i++) {
            broker.publish(chat("a", i));
        }
        List<Address> a = List.of(Address.channel("a"));
        assertThat(broker.history(a, first).complete()).as("events after the position were dropped").isFalse();
        assertThat(broker.history(a, first).events()).hasSize(2);
        long fourth = broker.history(a, first).events().get(0).id();
        assertThat(broker.history(a, fourth).complete()).isTrue();
        assertThat(broker.history(a, 5).complete()).as("a position from before this order").isFalse();
        assertThat(broker.history(a, broker.position() + 1_000_000_000L).complete()).as("a position never handed out")
                .isFalse();
        assertThat(start).isLessThan(first);
    }

    @Test
    void withHistoryOffNothingIsKeptOrVouchedFor() {
        Broker broker = broker(ServerEventsOptions.builder().historySize(0).build());
        started(broker);
        long before = broker.position();
        broker.publish(chat("a", 1));
        History h = broker.history(List.of(Address.channel("a")), before);
        assertThat(h.events()).isEmpty();
        assertThat(h.complete()).isFalse();
    }

    @Test
    void controlMessagesReachTheListener() {
        Broker broker = broker(ServerEventsOptions.defaults());
        Recorder r = started(broker);
        broker.control(Control.pulse("AbCdEfGhIjKlMnOpQrSt"));
        broker.control(Control.channels(true, "AbCdEfGhIjKlMnOpQrSt", List.of("x", "y.z")));
        await().atMost(Duration.ofSeconds(10)).until(() -> r.controls.size() == 2);
        assertThat(r.controls).containsExactly(Control.pulse("AbCdEfGhIjKlMnOpQrSt"),
                Control.channels(true, "AbCdEfGhIjKlMnOpQrSt", List.of("x", "y.z")));
        assertThat(r.events).isEmpty();
    }

    @Test
    void namedSequencesStartAtOneAndCountPerName() {
        Broker broker = broker(ServerEventsOptions.defaults());
        assertThat(broker.nextSequence("anonUser")).isEqualTo(1);
        assertThat(broker.nextSequence("anonUser")).isEqualTo(2);
        assertThat(broker.nextSequence("other")).isEqualTo(1);
    }

    protected static List<Long> ids(History h) {
        List<Long> out = new ArrayList<>();
        h.events().forEach(e -> out.add(e.id()));
        return out;
    }
}
