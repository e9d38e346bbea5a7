package io.herald.micrometer;

import io.herald.ServerEvents;
import io.herald.Statistic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for Herald's statistics: one meter per {@link Statistic}, a {@link FunctionCounter} for
 * each {@link Statistic.Kind#COUNTER} and a {@link Gauge} for each {@link Statistic.Kind#GAUGE}, named
 * {@link Statistic#meterName()} (Micrometer's dotted convention, e.g. {@code herald.connections}, which
 * Prometheus shows as {@code herald_connections_total}), described by {@link Statistic#description()} and
 * tagged with the common tags given here.
 *
 * <pre>{@code
 * new HeraldMetrics(feature.serverEvents(), Tags.of("backend", "redis")).bindTo(registry);
 * new HeraldMetrics(server, HeraldServer::statistics, Tags.empty()).bindTo(registry); // herald-netty's own
 * }</pre>
 *
 * <p><b>Live values.</b> Nothing polls: each meter reads the source's statistics when the registry asks
 * for its value (at scrape or publish time). {@link #bindTo} reads them once to learn which statistics the
 * source has ({@link ServerEvents#statistics()} promises that list is fixed for a back-end instance).
 *
 * <p><b>References.</b> As everywhere in Micrometer, the registry holds the source weakly: when the app
 * drops its {@code ServerEvents} (or server) and it is garbage collected, the meters stop moving. Should
 * reading the statistics fail, or a statistic vanish from the source, a counter keeps its last value and
 * a gauge reports {@code NaN}; the failure is logged once at WARN until a read succeeds again.
 *
 * <p><b>Several sources in one registry.</b> Micrometer identifies a meter by its name and tags, so two
 * back-ends bound with the same tags would share (the first one's) meters: give each its own tag, e.g.
 * {@code Tags.of("backend", "memory")}. A statistic whose meter name repeats an earlier one of the same
 * source is skipped.
 *
 * <p>Needs only {@code micrometer-core}: usable from plain apps, Quarkus, Micronaut or Spring Boot (where a
 * {@code MeterBinder} bean is bound automatically). Immutable and thread-safe; one instance may be bound
 * to several registries.
 */
public final class HeraldMetrics implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldMetrics.class);

    private final Object source;
    private final Function<Object, ? extends Collection<Statistic>> statistics;
    private final Tags tags;
    private final AtomicBoolean failing = new AtomicBoolean();

    /** Meters for a back-end's {@link ServerEvents#statistics()}, without common tags. */
    public HeraldMetrics(ServerEvents serverEvents) {
        this(serverEvents, Tags.empty());
    }

    /**
     * Meters for a back-end's {@link ServerEvents#statistics()}, each tagged with {@code tags}.
     *
     * @throws NullPointerException if an argument is null
     */
    public HeraldMetrics(ServerEvents serverEvents, Iterable<Tag> tags) {
        this(Objects.requireNonNull(serverEvents, "serverEvents"), ServerEvents::statistics, tags);
    }

    /**
     * Meters for any source of Herald statistics, e.g. {@code new HeraldMetrics(server,
     * HeraldServer::statistics, tags)} for a transport's own counters. {@code statistics} is called on the
     * thread that reads a meter; it must be cheap, thread-safe and return the same keys every time.
     *
     * @throws NullPointerException if an argument is null
     */
    @SuppressWarnings("unchecked")
    public <T> HeraldMetrics(T source, Function<? super T, ? extends Collection<Statistic>> statistics,
                             Iterable<Tag> tags) {
        this.source = Objects.requireNonNull(source, "source");
        this.statistics = (Function<Object, ? extends Collection<Statistic>>) Objects.requireNonNull(statistics,
                "statistics");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers one meter per statistic the source reports now.
     *
     * @throws IllegalStateException if the source's statistics cannot be read (the message says why)
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Collection<Statistic> now;
        try {
            now = Objects.requireNonNull(statistics.apply(source), "statistics returned null");
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot bind Herald meters: reading the statistics of " + source
                    + " failed: " + e, e);
        }
        Set<String> names = new HashSet<>();
        for (Statistic s : now) {
            if (!names.add(s.meterName())) {
                LOG.debug("Herald statistic '{}' repeats meter name {}; skipped", s.key(), s.meterName());
                continue;
            }
            Reading reading = new Reading(statistics, s.key(), s.kind(), s.value(), failing);
            if (s.kind() == Statistic.Kind.COUNTER) {
                FunctionCounter.builder(s.meterName(), source, reading::read)
                        .description(s.description())
                        .tags(tags)
                        .register(registry);
            } else {
                Gauge.builder(s.meterName(), source, reading::read)
                        .description(s.description())
                        .tags(tags)
                        .register(registry);
            }
        }
    }

    @Override
    public String toString() {
        return "HeraldMetrics[" + source + ", tags=" + tags + "]";
    }

    /**
     * How one meter reads its statistic, remembering the last value so a counter never drops. Static and
     * without a reference to the source, so the registry holds the source only weakly (through the meter).
     */
    private static final class Reading {

        private final Function<Object, ? extends Collection<Statistic>> statistics;
        private final String key;
        private final Statistic.Kind kind;
        private final AtomicBoolean failing;
        private volatile double last;
        private volatile boolean missing;

        Reading(Function<Object, ? extends Collection<Statistic>> statistics, String key, Statistic.Kind kind,
                long initial, AtomicBoolean failing) {
            this.statistics = statistics;
            this.key = key;
            this.kind = kind;
            this.last = initial;
            this.failing = failing;
        }

        double read(Object from) {
            try {
                Statistic found = null;
                for (Statistic s : statistics.apply(from)) {
                    if (s.key().equals(key)) {
                        found = s;
                        break;
                    }
                }
                if (failing.get()) {
                    failing.set(false);
                }
                if (found != null) {
                    missing = false;
                    last = found.value();
                    return last;
                }
                if (!missing) {
                    missing = true;
                    LOG.warn("Herald statistic '{}' is no longer reported by {}", key, from);
                }
            } catch (RuntimeException e) { // a NullPointerException for a null list included
                if (failing.compareAndSet(false, true)) {
                    LOG.warn("Reading Herald statistics from {} failed: {}", from, e.toString());
                }
            }
            return kind == Statistic.Kind.COUNTER ? last : Double.NaN;
        }
    }
}
