package io.herald.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventSinkTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 99, 100, 12345, 1_000_000_007L, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void idLinesAreDecimalAndTheCachedLineFollowsTheId(long value) {
        assertThat(new String(EventSink.idLine(value), StandardCharsets.US_ASCII)).isEqualTo("id: " + value + "\n");
        assertThat(new String(EventSink.idLine(value), StandardCharsets.US_ASCII)).isEqualTo("id: " + value + "\n");
        assertThat(new String(EventSink.idLine(value ^ 1), StandardCharsets.US_ASCII)).isEqualTo("id: " + (value ^ 1) + "\n");
    }

    @Test
    void idLinesAreBuiltOncePerIdPerThread() {
        byte[] a = EventSink.idLine(42);
        assertThat(new String(a, StandardCharsets.US_ASCII)).isEqualTo("id: 42\n");
        assertThat(EventSink.idLine(42)).isSameAs(a);
        assertThat(new String(EventSink.idLine(43), StandardCharsets.US_ASCII)).isEqualTo("id: 43\n");
    }
}
