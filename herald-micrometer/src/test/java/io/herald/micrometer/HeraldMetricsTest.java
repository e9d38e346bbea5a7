package io.herald.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.ServerEvents;
import io.herald.Statistic;
import io.herald.memory.MemoryServerEvents;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The binder on a real memory back-end and a real {@link SimpleMeterRegistry}. */
class HeraldMetricsTest {

    private final MemoryServerEvents events = new MemoryServerEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void tearDown() {
        registry.close();
        events.close();
    }

    @Test
    void everyStatisticBecomesOneMeterOfItsKindWithItsNameDescriptionAndTags() {
        new HeraldMetrics(events, Tags.of("backend", "memory")).bindTo(registry);

        List<Statistic> statistics = events.statistics();
        assertThat(statistics).isNotEmpty();
        assertThat(registry.getMeters()).hasSize(statistics.size());
        for (Statistic s : statistics) {
            Meter meter = registry.get(s.meterName()).meter();
            assertThat(meter).as(s.meterName())
                    .isInstanceOf(s.kind() == Statistic.Kind.COUNTER ? FunctionCounter.class : Gauge.class);
            assertThat(meter.getId().getDescription()).isEqualTo(s.description());
            assertThat(meter.getId().getTags()).containsExactly(Tag.of("backend", "memory"));
        }
        assertThat(registry.get("herald.connections").functionCounter()).isNotNull();
        assertThat(registry.get("herald.subscriptions").gauge()).isNotNull();
        assertThat(registry.get("herald.history.bytes").gauge()).isNotNull();
    }

    @Test
    void valuesAreReadWhenTheRegistryAsksNotWhenBound() {
        new HeraldMetrics(events).bindTo(registry);
        FunctionCounter sent = registry.get("herald.notifications.sent").functionCounter();
        Gauge history = registry.get("herald.history.events").gauge();
        assertThat(sent.count()).isZero();
        assertThat(history.value()).isZero();

        events.notifyChannel("home", "cmd.announce", "one");
        events.notifyChannel("home", "cmd.announce", "two");

        assertThat(sent.count()).isEqualTo(2.0);
        assertThat(history.value()).isEqualTo(2.0);
    }

    @Test
    void oneBinderMayBeBoundToSeveralRegistries() {
        HeraldMetrics metrics = new HeraldMetrics(events);
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(other);
        events.notifyAll("cmd.announce", "hi");
        assertThat(registry.get("herald.notifications.sent").functionCounter().count()).isEqualTo(1.0);
        assertThat(other.get("herald.notifications.sent").functionCounter().count()).isEqualTo(1.0);
        other.close();
    }

    @Test
    void anySourceOfStatisticsCanBeBound() {
        Source source = new Source(List.of(Statistic.of("httpClientErrors", 3)));
        new HeraldMetrics(source, Source::statistics, Tags.of("transport", "test")).bindTo(registry);

        FunctionCounter errors = registry.get("herald.http.client.errors").tag("transport", "test").functionCounter();
        assertThat(errors.count()).isEqualTo(3.0);
        source.statistics = List.of(Statistic.of("httpClientErrors", 5));
        assertThat(errors.count()).isEqualTo(5.0);
    }

    @Test
    void aFailingReadKeepsCountersAtTheirLastValueAndGaugesAtNaNUntilItRecovers() {
        Source source = new Source(List.of(Statistic.of("totalConnections", 7), Statistic.of("subscriptions", 4)));
        new HeraldMetrics(source, Source::statistics, Tags.empty()).bindTo(registry);
        FunctionCounter connections = registry.get("herald.connections").functionCounter();
        Gauge subscriptions = registry.get("herald.subscriptions").gauge();
        assertThat(connections.count()).isEqualTo(7.0);
        assertThat(subscriptions.value()).isEqualTo(4.0);

        source.failure = new IllegalStateException("Redis is down");
        assertThat(connections.count()).isEqualTo(7.0);
        assertThat(subscriptions.value()).isNaN();

        source.statistics = List.of(Statistic.of("subscriptions", 1)); // a counter that vanished
        assertThat(connections.count()).isEqualTo(7.0);

        source.failure = null;
        assertThat(connections.count()).isEqualTo(7.0);
        assertThat(subscriptions.value()).isEqualTo(1.0);

        source.statistics = List.of(Statistic.of("totalConnections", 9), Statistic.of("subscriptions", 2));
        assertThat(connections.count()).isEqualTo(9.0);
        assertThat(subscriptions.value()).isEqualTo(2.0);
    }

    @Test
    void aSourceThatCannotBeReadWhenBindingIsRefusedSayingWhy() {
        Source source = new Source(List.of());
        source.failure = new IllegalStateException("Redis is down");
        HeraldMetrics metrics = new HeraldMetrics(source, Source::statistics, Tags.empty());

        assertThatThrownBy(() -> metrics.bindTo(registry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot bind Herald meters")
                .hasMessageContaining("Redis is down");
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void aRepeatedMeterNameIsBoundOnce() {
        Source source = new Source(List.of(Statistic.of("totalConnections", 1),
                new Statistic("connectionsAgain", "herald.connections", Statistic.Kind.COUNTER, "again", 99)));
        new HeraldMetrics(source, Source::statistics, Tags.empty()).bindTo(registry);

        assertThat(registry.getMeters()).hasSize(1);
        assertThat(registry.get("herald.connections").functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void nullArgumentsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new HeraldMetrics((ServerEvents) null)).hasMessage("serverEvents");
        assertThatThrownBy(() -> new HeraldMetrics(events, null)).hasMessage("tags");
        assertThatThrownBy(() -> new HeraldMetrics(events, (Function<ServerEvents, List<Statistic>>) null, Tags.empty()))
                .hasMessage("statistics");
        assertThatThrownBy(() -> new HeraldMetrics(events).bindTo(null)).hasMessage("registry");
    }

    /** A source whose statistics a test sets, or makes fail. */
    static final class Source {

        volatile List<Statistic> statistics;
        volatile RuntimeException failure;

        Source(List<Statistic> statistics) {
            this.statistics = statistics;
        }

        List<Statistic> statistics() {
            RuntimeException f = failure;
            if (f != null) {
                throw f;
            }
            return statistics;
        }
    }
}
