package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RedisKeysTest {

    @Test
    void defaultLayoutMatchesServiceStack() {
        RedisKeys k = RedisKeys.defaults();
        assertThat(k.prefix()).isEqualTo("sse:");
        assertThat(k.id("abc")).isEqualTo("sse:id:abc");
        assertThat(k.ids()).isEqualTo("sse:ids");
        assertThat(k.channel("home")).isEqualTo("sse:channel:home");
        assertThat(k.userId("42")).isEqualTo("sse:userid:42");
        assertThat(k.userName("john")).isEqualTo("sse:username:john");
        assertThat(k.session("s1")).isEqualTo("sse:session:s1");
        assertThat(k.seq("anonUser")).isEqualTo("sse:seq:anonUser");
        assertThat(k.topic()).isEqualTo("sse:topic");
        assertThat(k.channelPattern()).isEqualTo("sse:channel:*");
        assertThat(k.idPattern()).isEqualTo("sse:id:*");
        assertThat(k.userIdPattern()).isEqualTo("sse:userid:*");
        assertThat(k.userNamePattern()).isEqualTo("sse:username:*");
        assertThat(k.sessionPattern()).isEqualTo("sse:session:*");
    }

    @Test
    void customPrefixAndGlobEscaping() {
        RedisKeys k = RedisKeys.withPrefix("app[1]:");
        assertThat(k.topic()).isEqualTo("app[1]:topic");
        assertThat(k.channel("a.b")).isEqualTo("app[1]:channel:a.b");
        assertThat(k.channelPattern()).isEqualTo("app\\[1\\]:channel:*");
        assertThat(k).isEqualTo(RedisKeys.withPrefix("app[1]:")).isNotEqualTo(RedisKeys.defaults());
    }

    @Test
    void invalidPrefixIsRejectedWithTheValue() {
        assertThatThrownBy(() -> RedisKeys.withPrefix("")).hasMessageContaining("prefix must not be empty");
        assertThatThrownBy(() -> RedisKeys.withPrefix("a b:")).hasMessageContaining("'a b:'");
        assertThatThrownBy(() -> RedisKeys.defaults().id(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("subscriptionId");
    }

    @Test
    void dotNetTicks() {
        assertThat(DotNetTicks.fromUnixMillis(0)).isEqualTo(621_355_968_000_000_000L);
        // 2020-01-01T00:00:00Z is 637134336000000000 ticks in .NET (DateTime.Ticks)
        long millis = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        assertThat(DotNetTicks.fromUnixMillis(millis)).isEqualTo(637_134_336_000_000_000L);
        assertThat(DotNetTicks.toUnixMillis(637_134_336_000_000_000L)).isEqualTo(millis);
        assertThat(DotNetTicks.toUnixMillis(DotNetTicks.fromUnixMillis(1_700_000_000_123L) + 9_999))
                .isEqualTo(1_700_000_000_123L);
    }

    @Test
    void aHashTagMustBeAtThePrefixsFirstBraceAndNotEmpty() {
        assertThat(RedisKeys.withPrefix(RedisKeys.DEFAULT_CLUSTER_PREFIX).hasHashTag()).isTrue();
        assertThat(RedisKeys.withPrefix("app:{chat}:sse:").hasHashTag()).isTrue();
        assertThat(RedisKeys.withPrefix("{a}{b}:").hasHashTag()).isTrue();
        assertThat(RedisKeys.defaults().hasHashTag()).isFalse();
        assertThat(RedisKeys.withPrefix("{}:sse:").hasHashTag()).as("empty tag: the whole key is hashed").isFalse();
        assertThat(RedisKeys.withPrefix("sse{:").hasHashTag()).as("closed only by the key's own text").isFalse();
        assertThat(RedisKeys.withPrefix("sse}{x:").hasHashTag()).isFalse();
        assertThat(RedisKeys.withPrefix("{sse}:").id("abc")).isEqualTo("{sse}:id:abc");
    }
}
