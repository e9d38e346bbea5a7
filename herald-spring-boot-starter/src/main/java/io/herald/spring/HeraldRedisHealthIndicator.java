package io.herald.spring;

import io.herald.ServerEvents;
import io.herald.redis.RedisServerEvents;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the Redis back-end: UP with the round trip of a {@code PING}, DOWN with the reason (the address
 * and the cause, e.g. {@code Redis at 127.0.0.1:6379 unavailable: Connection refused}) while Redis does not
 * answer. Streams this server holds stay open meanwhile; publishing fails with
 * {@link io.herald.BackendUnavailableException}. UNKNOWN when the app replaced the back-end with one that is not
 * Redis. Thread-safe.
 */
final class HeraldRedisHealthIndicator implements HealthIndicator {

    private final ServerEvents serverEvents;

    HeraldRedisHealthIndicator(ServerEvents serverEvents) {
        this.serverEvents = serverEvents;
    }

    @Override
    public Health health() {
        if (!(serverEvents instanceof RedisServerEvents redis)) {
            return Health.unknown().withDetail("backend", serverEvents.getClass().getSimpleName()).build();
        }
        try {
            long millis = redis.ping();
            return Health.up().withDetail("pingMillis", millis).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("reason", e.getMessage() == null ? e.toString() : e.getMessage()).build();
        }
    }
}
