package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheMinimumUpToTheCapWithEqualJitter() {
        // no jitter (random = 0): the full step
        assertThat(RedisPubSubServer.backoffMillis(1, 100, 10_000, 0)).isEqualTo(100);
        assertThat(RedisPubSubServer.backoffMillis(2, 100, 10_000, 0)).isEqualTo(200);
        assertThat(RedisPubSubServer.backoffMillis(3, 100, 10_000, 0)).isEqualTo(400);
        assertThat(RedisPubSubServer.backoffMillis(7, 100, 10_000, 0)).isEqualTo(6_400);
        assertThat(RedisPubSubServer.backoffMillis(8, 100, 10_000, 0)).isEqualTo(10_000);
        assertThat(RedisPubSubServer.backoffMillis(1_000, 100, 10_000, 0)).isEqualTo(10_000);
        assertThat(RedisPubSubServer.backoffMillis(62, 100, 10_000, 0)).isEqualTo(10_000);
        // zero failures counts as the first
        assertThat(RedisPubSubServer.backoffMillis(0, 100, 10_000, 0)).isEqualTo(100);
    }

    @Test
    void jitterTakesAtMostHalfOfTheStep() {
        assertThat(RedisPubSubServer.backoffMillis(1, 100, 10_000, 0.999_999)).isEqualTo(50);
        assertThat(RedisPubSubServer.backoffMillis(1_000, 100, 10_000, 0.999_999)).isEqualTo(5_000);
        assertThat(RedisPubSubServer.backoffMillis(3, 100, 10_000, 0.5)).isEqualTo(400 - 100);
        for (int failures = 1; failures < 70; failures++) {
            for (double r = 0; r < 1; r += 0.1) {
                long d = RedisPubSubServer.backoffMillis(failures, 100, 10_000, r);
                assertThat(d).isBetween(50L, 10_000L);
            }
        }
    }

    @Test
    void hugeMinimumDoesNotOverflow() {
        long max = Long.MAX_VALUE / 2;
        assertThat(RedisPubSubServer.backoffMillis(40, max / 4, max, 0)).isEqualTo(max);
    }
}
