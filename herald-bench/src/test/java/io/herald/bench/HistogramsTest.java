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
}
