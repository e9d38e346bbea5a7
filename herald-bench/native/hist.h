/*
 * Latency histogram of the native client: log-linear buckets in microseconds with 1,024 sub-buckets
 * per power of two (about 0.1% resolution, like HdrHistogram with 3 significant digits), up to 2^40 us.
 * Exported as "value:count" pairs so the Java harness can rebuild an HdrHistogram from them.
 */
#ifndef HIST_H
#define HIST_H

#include <stdint.h>
#include <stdio.h>

#define HIST_SUB 1024
#define HIST_EXP 30
#define HIST_LEN (2 * HIST_SUB + HIST_EXP * HIST_SUB)

typedef struct hist {
    uint64_t count[HIST_LEN];
    uint64_t total;
    uint64_t max;
} hist;

void hist_record(hist *h, uint64_t micros);
/* A value that falls in bucket i (its middle), for export and percentiles. */
uint64_t hist_value(int i);
/* The value at percentile p (0..100); 0 when empty. */
uint64_t hist_percentile(const hist *h, double p);
/* Adds every non-empty bucket of h to out as value:count,value:count,... (nothing when empty). */
void hist_write(const hist *h, FILE *out);
void hist_reset(hist *h);
int hist_index(uint64_t micros);

/*
 * Sequence numbers of one subscription (1, 2, 3, ...): received, duplicates and late (reordered)
 * arrivals, with a 64-bit window behind the highest sequence seen; see SeqTracker.java.
 */
typedef struct seq_track {
    int64_t highest;
    uint64_t window;
    uint64_t received, duplicates, reordered;
} seq_track;

static inline void seq_init(seq_track *t) {
    t->highest = 0; t->window = 1; t->received = t->duplicates = t->reordered = 0;
}

static inline void seq_accept(seq_track *t, int64_t seq) {
    t->received++;
    if (seq > t->highest) {
        int64_t shift = seq - t->highest;
        t->window = shift >= 64 ? 1 : (t->window << shift) | 1;
        t->highest = seq;
        return;
    }
    int64_t behind = t->highest - seq;
    if (behind >= 64) { t->reordered++; return; }
    uint64_t bit = (uint64_t)1 << behind;
    if (t->window & bit) t->duplicates++;
    else { t->window |= bit; t->reordered++; }
}

#endif
