package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsOptions;
import io.herald.spi.Address;
import io.herald.spi.Broker;
import io.herald.spi.Control;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link Broker} contract for brokers several nodes share: one order seen by every node, control messages
 * between nodes, shared positions and counters.
 */
public abstract class DistributedBrokerContract extends BrokerContract {

    /** Builds another node's broker on the same back-end as {@code first}. */
    protected abstract Broker newPeer(Broker first, ServerEventsOptions options);

    protected Broker peer(Broker first) {
        return track(newPeer(first, ServerEventsOptions.defaults()));
    }

    @Test
    void everyNodeSeesEveryEventInTheSameOrder() {
        Broker a = broker(ServerEventsOptions.defaults());
        Broker b = peer(a);
        Recorder ra = started(a);
        Recorder rb = started(b);
        assertThat(a.isDistributed()).isTrue();
        for (int i = 0; i < 50; i++) {
            (i % 2 == 0 ? a : b).publish(chat("c", i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ra.events.size() == 50 && rb.events.size() == 50);
        assertThat(ra.events).containsExactlyElementsOf(rb.events);
        assertThat(ra.ids()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void controlMessagesReachOtherNodes() {
        Broker a = broker(ServerEventsOptions.defaults());
        Broker b = peer(a);
        started(a);
        Recorder rb = started(b);
        a.control(Control.unregister("AbCdEfGhIjKlMnOpQrSt"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rb.controls.size() == 1);
        assertThat(rb.controls).containsExactly(Control.unregister("AbCdEfGhIjKlMnOpQrSt"));
    }

    @Test
    void positionsAndSequencesAreShared() {
        Broker a = broker(ServerEventsOptions.defaults());
        Broker b = peer(a);
        long id = a.publish(chat("c", 1));
        assertThat(b.position()).isGreaterThanOrEqualTo(id);
        assertThat(b.publish(chat("c", 2))).isGreaterThan(id);
        assertThat(a.nextSequence("n")).isEqualTo(1);
        assertThat(b.nextSequence("n")).isEqualTo(2);
        assertThat(ids(b.history(List.of(Address.channel("c")), id - 1))).hasSize(2);
    }
}
