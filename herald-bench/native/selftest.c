/* sse-client --selftest: checks of the parser, the histogram and the sequence tracker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "sse_scan.h"

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { failures++; fprintf(stderr, "selftest FAILED: " __VA_ARGS__); fprintf(stderr, "\n"); } } while (0)

typedef struct seen {
    int status, events;
    int64_t seq[16], time[16];
    char first[256];
} seen;

static void on_headers(void *ctx, int status) { ((seen *)ctx)->status = status; }

static void on_event(void *ctx, int64_t s, int64_t t) {
    seen *x = ctx;
    if (x->events < 16) { x->seq[x->events] = s; x->time[x->events] = t; }
    x->events++;
}

static void on_first(void *ctx, const char *line, int len) {
    seen *x = ctx;
    snprintf(x->first, sizeof x->first, "%.*s", len, line);
}

static const sse_sink SINK = {on_headers, on_event, on_first};

/* Feeds text in two pieces split at every position; every split must give the same result. */
static void each_split(const char *name, const char *text, int capture, int want_status, int want_events,
                       const int64_t *want_seq, const int64_t *want_time, const char *want_first) {
    size_t n = strlen(text);
    int before = failures;
    for (size_t cut = 0; cut <= n && failures == before; cut++) { /* report the first failing split only */
        sse_scan s;
        seen x;
        memset(&x, 0, sizeof x);
        sse_scan_init(&s, capture);
        sse_scan_feed(&s, text, cut, &SINK, &x);
        sse_scan_feed(&s, text + cut, n - cut, &SINK, &x);
        sse_scan_free(&s);
        CHECK(x.status == want_status, "%s cut %zu: status %d", name, cut, x.status);
        CHECK(x.events == want_events, "%s cut %zu: %d events, want %d", name, cut, x.events, want_events);
        for (int i = 0; i < want_events && i < x.events; i++) {
            CHECK(x.seq[i] == want_seq[i] && x.time[i] == want_time[i], "%s cut %zu: event %d is %lld/%lld", name, cut, i,
                  (long long)x.seq[i], (long long)x.time[i]);
        }
        if (want_first) CHECK(!strcmp(x.first, want_first), "%s cut %zu: first data '%s'", name, cut, x.first);
    }
}

static void scanner_tests(void) {
    static const int64_t s12[] = {1, 2}, t12[] = {1000, 2000};
    each_split("identity",
               "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
               "data: {\"s\":1,\"t\":1000,\"p\":\"xx\"}\n\n: comment\nid: 7\ndata: {\"s\":2,\"t\":2000}\n\n",
               0, 200, 2, s12, t12, NULL);
    each_split("chunked with selector and ids",
               "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               "2b\r\nid: 5\ndata: c0@cmd.bench {\"s\":1,\"t\":1000}\n\n\r\n"
               "20\r\ndata: {\"t\":2000,\"s\":2,\"p\":\"s\"}\n\n\r\n",
               0, 200, 2, s12, t12, NULL);
    static const int64_t s1[] = {3}, t1[] = {-5};
    each_split("padding keys ignored, negative time",
               "HTTP/1.1 200 OK\r\n\r\ndata: {\"s\":3,\"t\":-5,\"p\":\"\\\"s\\\":9\"}\r\n\r\n", 0, 200, 1, s1, t1, NULL);
    each_split("first data line captured",
               "HTTP/1.1 200 OK\r\n\r\ndata: cmd.onConnect {\"heartbeatUrl\":\"http://h/event-heartbeat?id=1\"}\n\n"
               "data: {\"s\":1,\"t\":1000}\n\ndata: {\"s\":2,\"t\":2000}\n\n",
               1, 200, 2, s12, t12, "cmd.onConnect {\"heartbeatUrl\":\"http://h/event-heartbeat?id=1\"}");
    each_split("rejected", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\ndata: {\"s\":1,\"t\":1}\n", 0, 404, 0, NULL,
               NULL, NULL);
    /* last chunk ends the response */
    sse_scan s;
    seen x;
    memset(&x, 0, sizeof x);
    sse_scan_init(&s, 0);
    const char *ended = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    CHECK(sse_scan_feed(&s, ended, strlen(ended), &SINK, &x) == 1, "last chunk does not end the response");
}

static void hist_tests(void) {
    static hist h;
    hist_reset(&h);
    for (uint64_t v = 0; v < 5000000; v += 7) {
        int i = hist_index(v);
        uint64_t mid = hist_value(i);
        double err = v ? (mid > v ? mid - v : v - mid) / (double)v : 0;
        if (err > 0.001) { CHECK(0, "value %llu in bucket %d reads %llu", (unsigned long long)v, i, (unsigned long long)mid); break; }
        CHECK(hist_index(mid) == i, "bucket %d middle %llu maps elsewhere", i, (unsigned long long)mid);
    }
    for (uint64_t v = 1; v <= 1000; v++) hist_record(&h, v * 1000);
    uint64_t p50 = hist_percentile(&h, 50), p99 = hist_percentile(&h, 99);
    CHECK(p50 > 499000 && p50 < 501000, "p50 %llu", (unsigned long long)p50);
    CHECK(p99 > 989000 && p99 < 991000, "p99 %llu", (unsigned long long)p99);
    CHECK(hist_percentile(&h, 100) == 1000000, "max %llu", (unsigned long long)hist_percentile(&h, 100));
}

static void seq_tests(void) {
    seq_track t;
    seq_init(&t);
    int64_t arrivals[] = {1, 2, 4, 3, 3, 5, 100, 20};
    for (size_t i = 0; i < sizeof arrivals / sizeof *arrivals; i++) seq_accept(&t, arrivals[i]);
    CHECK(t.received == 8, "received %llu", (unsigned long long)t.received);
    CHECK(t.duplicates == 1, "duplicates %llu", (unsigned long long)t.duplicates);
    CHECK(t.reordered == 2, "reordered %llu", (unsigned long long)t.reordered); /* 3, then 20 (80 behind) */
    CHECK(t.highest == 100, "highest %lld", (long long)t.highest);
}

int run_selftest(void) {
    scanner_tests();
    hist_tests();
    seq_tests();
    if (failures == 0) printf("sse-client selftest: all checks passed\n");
    return failures ? 1 : 0;
}
