#include "hist.h"

#include <string.h>

int hist_index(uint64_t v) {
    if (v < 2 * HIST_SUB) return (int)v;
    int top = 63 - __builtin_clzll(v);     /* >= 11 */
    int shift = top - 10;                  /* keeps 11 significant bits: HIST_SUB..2*HIST_SUB-1 */
    if (shift > HIST_EXP) return HIST_LEN - 1;
    return 2 * HIST_SUB + (shift - 1) * HIST_SUB + (int)((v >> shift) - HIST_SUB);
}

uint64_t hist_value(int i) {
    if (i < 2 * HIST_SUB) return (uint64_t)i;
    int shift = (i - 2 * HIST_SUB) / HIST_SUB + 1;
    uint64_t low = (uint64_t)((i - 2 * HIST_SUB) % HIST_SUB + HIST_SUB) << shift;
    return low + ((uint64_t)1 << shift) / 2;
}

void hist_record(hist *h, uint64_t micros) {
    h->count[hist_index(micros)]++;
    h->total++;
    if (micros > h->max) h->max = micros;
}

uint64_t hist_percentile(const hist *h, double p) {
    if (h->total == 0) return 0;
    uint64_t want = (uint64_t)(p / 100.0 * (double)h->total + 0.5);
    if (want < 1) want = 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_LEN; i++) {
        seen += h->count[i];
        if (seen >= want) return hist_value(i) > h->max ? h->max : hist_value(i);
    }
    return h->max;
}

void hist_write(const hist *h, FILE *out) {
    int first = 1;
    for (int i = 0; i < HIST_LEN; i++) {
        if (!h->count[i]) continue;
        uint64_t v = hist_value(i);
        if (v > h->max) v = h->max;
        fprintf(out, "%s%llu:%llu", first ? "" : ",", (unsigned long long)v, (unsigned long long)h->count[i]);
        first = 0;
    }
}

void hist_reset(hist *h) {
    memset(h, 0, sizeof *h);
}
