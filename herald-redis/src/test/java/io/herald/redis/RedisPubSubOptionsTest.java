package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.List;

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

    @Test
    void clusterAddressesListSeedNodesWithSharedCredentialsAndOptions() {
        assertThat(RedisUris.isCluster("redis-cluster://a:7000")).isTrue();
        assertThat(RedisUris.isCluster(" REDISS-CLUSTER://a ")).isTrue();
        assertThat(RedisUris.isCluster("redis://a:7000")).isFalse();
        assertThat(RedisUris.isCluster(null)).isFalse();

        List<RedisURI> nodes = RedisUris.parseCluster("redis-cluster://:s3cret@a:7000,b,[::1]:7002/0?timeout=3s");
        assertThat(nodes).extracting(RedisURI::getHost).containsExactly("a", "b", "[::1]"); // Lettuce keeps the brackets
        assertThat(nodes).extracting(RedisURI::getPort).containsExactly(7000, 6379, 7002);
        for (RedisURI n : nodes) {
            assertThat(n.isSsl()).isFalse();
            assertThat(n.getTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(new String(n.getCredentialsProvider().resolveCredentials().block().getPassword()))
                    .isEqualTo("s3cret");
        }
        assertThat(RedisUris.parseCluster("rediss-cluster://a:7000,b:7001")).allMatch(RedisURI::isSsl);
        assertThat(RedisPubSubOptions.builder("redis-cluster://a:1,b:2").build().redisUri())
                .isEqualTo("redis-cluster://a:1,b:2");
    }

    @Test
    void badClusterAddressesAreRejectedNamingThemWithoutThePassword() {
        assertThatThrownBy(() -> RedisUris.parseCluster("redis-cluster://:pw@a:1,,b:2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redisUri 'redis-cluster://***@a:1,,b:2' has an empty host in its node list");
        assertThatThrownBy(() -> RedisUris.parseCluster("redis-cluster://a:1/3"))
                .hasMessage("redisUri 'redis-cluster://a:1/3' names database '3'; Redis Cluster has only database 0");
        assertThatThrownBy(() -> RedisUris.parseCluster("redis://a:1"))
                .hasMessageContaining("'redis://a:1' is not a Redis Cluster address");
        assertThatThrownBy(() -> RedisUris.parse("redis-cluster://:pw@a:1"))
                .hasMessageContaining("'redis-cluster://***@a:1' is a Redis Cluster address")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> RedisPubSubOptions.builder("redis-cluster://a:99999").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis-cluster://a:99999");
        assertThat(RedisUris.mask("redis-cluster://u:pw@a:1,b:2")).isEqualTo("redis-cluster://***@a:1,b:2");
    }
}
