package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {

    @Test
    void encodedHistogramsMergeLosslessly() {
        Histogram a = new Histogram(3);
        Histogram b = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            a.recordValue(i);
            b.recordValue(i * 1000L);
        }
        Histogram merged = new Histogram(3);
        merged.add(Histograms.decode(Histograms.encode(a)));
        merged.add(Histograms.decode(Histograms.encode(b)));
        assertThat(merged.getTotalCount()).isEqualTo(2000);
        assertThat(merged.getMaxValue()).isEqualTo(b.getMaxValue());
        assertThat(merged.getValueAtPercentile(50)).isEqualTo(a.getMaxValue());
    }

    @Test
    void nativeBucketsBecomeAHistogram() {
        Histogram h = Histograms.fromSnap(java.util.Map.of("est", "3", "buckets", "120:2,99872:1,5000000:7"));
        assertThat(h.getTotalCount()).isEqualTo(10);
        assertThat(h.getValueAtPercentile(20)).isEqualTo(120);
        assertThat(h.getMaxValue()).isBetween(4_995_000L, 5_005_000L);
        assertThat(Histograms.fromSnap(java.util.Map.of("buckets", "")).getTotalCount()).isZero();
    }

    @Test
    void aMalformedBucketIsRefusedWithTheText() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Histograms.fromBuckets("12:3,oops"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oops");
    }
}
