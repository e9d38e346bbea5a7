package io.herald;

import io.herald.spi.Broker;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The counters a node keeps, with the names {@link ServerEvents#getStats()} reports them under. Thread-safe. */
final class NodeStats {

    final LongAdder totalConnections = new LongAdder();
    final LongAdder totalUnsubscriptions = new LongAdder();
    final LongAdder notificationsSent = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder closedByClient = new LongAdder();
    final LongAdder resumed = new LongAdder();
    final LongAdder resumedWithGap = new LongAdder();
    final LongAdder refusedEvents = new LongAdder();
    /** Registry entries of vanished nodes removed (distributed brokers only). */
    final LongAdder swept = new LongAdder();
    /** Events read from history after the broker's link came back (distributed brokers only). */
    final LongAdder gapFilled = new LongAdder();

    /**
     * Adds the counters. Those that only a distributed broker can have are named after it, as they always
     * were ({@code redisDeadSwept}, {@code redisGapFilled}), so dashboards keep working.
     */
    void addTo(List<Statistic> out, Broker broker) {
        out.add(Statistic.of("totalConnections", totalConnections.sum()));
        out.add(Statistic.of("totalUnsubscriptions", totalUnsubscriptions.sum()));
        out.add(Statistic.of("notificationsSent", notificationsSent.sum()));
        out.add(Statistic.of("expired", expired.sum()));
        out.add(Statistic.of("closedByClient", closedByClient.sum()));
        out.add(Statistic.of("resumed", resumed.sum()));
        out.add(Statistic.of("resumedWithGap", resumedWithGap.sum()));
        out.add(Statistic.of("refusedEvents", refusedEvents.sum()));
        if (broker.isDistributed()) {
            out.add(Statistic.of(broker.name() + "DeadSwept", swept.sum()));
            out.add(Statistic.of(broker.name() + "GapFilled", gapFilled.sum()));
        }
    }
}
