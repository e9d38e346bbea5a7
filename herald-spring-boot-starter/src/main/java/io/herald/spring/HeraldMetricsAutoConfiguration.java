package io.herald.spring;

import io.herald.ServerEvents;
import io.herald.memory.MemoryServerEvents;
import io.herald.micrometer.HeraldMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Herald's statistics as Micrometer meters when the app has a {@code MeterRegistry} (Actuator): a
 * {@link HeraldMetrics} binder over the back-end, tagged {@code backend=memory} or {@code backend=redis}. Counters
 * are counters and gauges are gauges; Actuator's Prometheus endpoint shows them as {@code herald_*}.
 */
@AutoConfiguration(after = HeraldAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "io.herald.micrometer.HeraldMetrics"})
@ConditionalOnBean({MeterRegistry.class, ServerEvents.class})
public class HeraldMetricsAutoConfiguration {

    /** The binder; Boot binds every {@code MeterBinder} bean to the registry. */
    @Bean
    @ConditionalOnMissingBean
    public HeraldMetrics heraldMetrics(ServerEvents serverEvents) {
        return new HeraldMetrics(serverEvents, Tags.of("backend", backendName(serverEvents)));
    }

    /** {@code memory}, {@code redis}, or another back-end's class name without {@code ServerEvents}. */
    static String backendName(ServerEvents serverEvents) {
        if (serverEvents instanceof MemoryServerEvents) {
            return "memory";
        }
        String name = serverEvents.getClass().getSimpleName();
        if (name.endsWith("ServerEvents") && name.length() > "ServerEvents".length()) {
            name = name.substring(0, name.length() - "ServerEvents".length());
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
