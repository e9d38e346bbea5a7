package io.herald.spring;

import io.herald.ServerEvents;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * An Actuator health indicator, {@code heraldRedis}, for the Redis back-end ({@code herald.redis.uri} set):
 * DOWN with the reason while Redis is unreachable. {@code management.health.herald-redis.enabled=false} turns
 * it off.
 */
@AutoConfiguration(after = HeraldAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
        "io.herald.redis.RedisServerEvents"})
@ConditionalOnProperty(prefix = "herald.redis", name = "uri")
@ConditionalOnBean(ServerEvents.class)
@ConditionalOnEnabledHealthIndicator("herald-redis")
public class HeraldRedisHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "heraldRedisHealthIndicator")
    HealthIndicator heraldRedisHealthIndicator(ServerEvents serverEvents) {
        return new HeraldRedisHealthIndicator(serverEvents);
    }
}
