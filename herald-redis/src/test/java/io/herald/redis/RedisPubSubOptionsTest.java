package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RedisPubSubOptionsTest {

    @Test
    void defaults() {
        RedisPubSubOptions o = RedisPubSubOptions.builder("127.0.0.1:6379").build();
        assertThat(o.channels()).containsExactly("sse:topic");
        assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxQueuedMessages()).isEqualTo(10_000);
        assertThat(o.threadNamePrefix()).isEqualTo("herald-redis-pubsub");
        assertThat(o.clientResources()).isNull();
        assertThat(o.toBuilder().build().toString()).isEqualTo(o.toString());
    }

    @Test
    void validationNamesTheSettingAndTheValue() {
        RedisPubSubOptions.Builder b = RedisPubSubOptions.builder("localhost");
        assertThatThrownBy(() -> b.heartbeatInterval(Duration.ofSeconds(10)).heartbeatTimeout(Duration.ofSeconds(15)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heartbeatTimeout must be >= 2 * heartbeatInterval: PT15S < 2 * PT10S");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").heartbeatInterval(Duration.ofMillis(5)).build())
                .hasMessage("heartbeatInterval must be >= 10ms: PT0.005S");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").reconnectMinDelay(Duration.ZERO).build())
                .hasMessage("reconnectMinDelay must be > 0: PT0S");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").reconnectMinDelay(Duration.ofSeconds(2))
                .reconnectMaxDelay(Duration.ofSeconds(1)).build())
                .hasMessage("reconnectMaxDelay must be >= reconnectMinDelay: PT1S < PT2S");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").maxQueuedMessages(0).build())
                .hasMessage("maxQueuedMessages must be > 0: 0");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").channels().build())
                .hasMessage("channels must not be empty");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").channels("a", " ").build())
                .hasMessageContaining("channels must not contain null or blank names");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").connectTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("connectTimeout must be > 0: PT-1S");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("localhost").threadNamePrefix(" ").build())
                .hasMessage("threadNamePrefix must not be blank: ' '");
    }

    @Test
    void acceptsEveryLettuceUriForm() {
        RedisURI plain = RedisUris.parse("redis://127.0.0.1:6390/2");
        assertThat(plain.getHost()).isEqualTo("127.0.0.1");
        assertThat(plain.getPort()).isEqualTo(6390);
        assertThat(plain.getDatabase()).isEqualTo(2);
        assertThat(plain.isSsl()).isFalse();

        RedisURI tls = RedisUris.parse("rediss://cache.example:6380");
        assertThat(tls.isSsl()).isTrue();
        assertThat(tls.getPort()).isEqualTo(6380);

        RedisURI withPassword = RedisUris.parse("redis://:s3cret@cache:6379");
        assertThat(new String(withPassword.getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("s3cret");

        RedisURI sentinel = RedisUris.parse("redis-sentinel://s1:26379,s2:26380/0#mymaster");
        assertThat(sentinel.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(sentinel.getSentinels()).hasSize(2);
        assertThat(sentinel.getSentinels().get(1).getPort()).isEqualTo(26380);

        RedisURI bare = RedisUris.parse("cache");
        assertThat(bare.getHost()).isEqualTo("cache");
        assertThat(bare.getPort()).isEqualTo(6379);

        RedisURI bareWithPort = RedisUris.parse(" 10.0.0.5:7000 ");
        assertThat(bareWithPort.getHost()).isEqualTo("10.0.0.5");
        assertThat(bareWithPort.getPort()).isEqualTo(7000);
    }

    @Test
    void invalidUrisAreRejectedWithoutLeakingThePassword() {
        assertThatThrownBy(() -> RedisUris.parse(" ")).hasMessage("redisUri must not be empty");
        assertThatThrownBy(() -> RedisUris.parse("foo://h")).hasMessageContaining("foo://h");
        assertThatThrownBy(() -> RedisUris.parse("redis-sentinel://h:26379")).hasMessageContaining("sentinelMasterId");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("redis://:topsecret@host:99999").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://***@host:99999")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void maskHidesUserInfo() {
        assertThat(RedisUris.mask("redis://:pw@h:1")).isEqualTo("redis://***@h:1");
        assertThat(RedisUris.mask("redis://user:pw@h:1/0")).isEqualTo("redis://***@h:1/0");
        assertThat(RedisUris.mask("redis://h:1")).isEqualTo("redis://h:1");
        assertThat(RedisUris.mask("pw@h")).isEqualTo("***@h");
        assertThat(RedisPubSubOptions.builder("redis://:pw@h:1").build().toString()).doesNotContain("pw@");
    }
}
