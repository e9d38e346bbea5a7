package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    private static SeqTracker feed(long... seqs) {
        SeqTracker t = new SeqTracker();
        for (long s : seqs) {
            t.accept(s);
        }
        return t;
    }

    @Test
    void inOrderHasNoAnomalies() {
        SeqTracker t = feed(1, 2, 3, 4);
        assertThat(t.received()).isEqualTo(4);
        assertThat(t.unique()).isEqualTo(4);
        assertThat(t.duplicates()).isZero();
        assertThat(t.reordered()).isZero();
        assertThat(t.highest()).isEqualTo(4);
    }

    @Test
    void gapShowsAsMissingUniqueCount() {
        SeqTracker t = feed(1, 2, 5);
        assertThat(t.unique()).isEqualTo(3); // published 5 -> 2 lost
    }

    @Test
    void lateArrivalIsReorderedNotDuplicate() {
        SeqTracker t = feed(1, 3, 2, 4);
        assertThat(t.reordered()).isEqualTo(1);
        assertThat(t.duplicates()).isZero();
        assertThat(t.unique()).isEqualTo(4);
    }

    @Test
    void repeatIsDuplicate() {
        SeqTracker t = feed(1, 2, 2, 3, 1);
        assertThat(t.duplicates()).isEqualTo(2);
        assertThat(t.reordered()).isZero();
        assertThat(t.unique()).isEqualTo(3);
    }

    @Test
    void lateArrivalAfterABigJumpIsStillTracked() {
        SeqTracker t = feed(1, 63, 2, 2);
        assertThat(t.reordered()).isEqualTo(1);
        assertThat(t.duplicates()).isEqualTo(1);
    }

    @Test
    void farBehindTheWindowCountsAsReordered() {
        SeqTracker t = feed(1, 200, 3);
        assertThat(t.reordered()).isEqualTo(1);
        assertThat(t.unique()).isEqualTo(3);
    }
}
