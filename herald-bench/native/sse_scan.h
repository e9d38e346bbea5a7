/*
 * Incremental scanner of one HTTP/1.1 SSE response as it arrives on a socket (herald-bench native
 * client). Reads the status line and headers, then the body (chunked or identity), and reports every
 * data line that carries the load client's fields "s":<sequence> and "t":<send nanos>. Bytes may be
 * split anywhere. No allocation except an optional copy of the stream's first data line (a
 * ServiceStack server announces its heartbeat URL there). Same rules as SseScanner.java: the first
 * "s" and "t" keys of a line win; any other line (ids, comments, selectors) is skipped.
 */
#ifndef SSE_SCAN_H
#define SSE_SCAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct sse_sink {
    void (*on_headers)(void *ctx, int status);
    void (*on_event)(void *ctx, int64_t seq, int64_t sent_nanos);
    /* the first data line after "data:", only when capture was asked for; called once */
    void (*on_first_data)(void *ctx, const char *line, int len);
} sse_sink;

typedef struct sse_scan {
    uint8_t http;        /* HTTP-level state */
    uint8_t line;        /* SSE line state */
    uint8_t prefix_idx;
    uint8_t field;       /* 0, 's' or 't' while a number is being read */
    uint8_t num_started, num_negative, have_seq, have_time;
    uint8_t chunked, header_overflow, status_spaces, status_digits;
    uint8_t header_len;
    uint8_t capture_first; /* 1 until the first data line was reported */
    int status;
    uint32_t window;     /* last three bytes of the line, to spot "s" and "t" keys */
    uint64_t chunk_left;
    int64_t num, seq, time;
    char header[32];
    char *first;         /* first data line being captured (malloc'd), NULL otherwise */
    int first_len;
} sse_scan;

/* Resets the scanner for a new response; capture_first asks for on_first_data. */
void sse_scan_init(sse_scan *s, int capture_first);

/* Frees what the scanner holds (the capture buffer). */
void sse_scan_free(sse_scan *s);

/* Feeds n bytes. Returns 1 once the response is over (last chunk, or a status other than 200). */
int sse_scan_feed(sse_scan *s, const char *p, size_t n, const sse_sink *sink, void *ctx);

#endif
