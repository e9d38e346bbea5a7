#include "sse_scan.h"

#include <stdlib.h>
#include <string.h>

enum { STATUS_LINE, HEADER_LINE, CHUNK_SIZE, CHUNK_EXT, CHUNK_DATA, CHUNK_DATA_END, IDENTITY_BODY, DONE };
enum { LINE_PREFIX, LINE_DATA, LINE_SKIP };

#define FIRST_MAX 8192
#define KEY(a, b, c) (((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | (uint32_t)(c))

static const char DATA_PREFIX[] = "data:";
static const char CHUNKED[] = "transfer-encoding:chunked";

void sse_scan_init(sse_scan *s, int capture_first) {
    memset(s, 0, sizeof *s);
    s->capture_first = capture_first ? 1 : 0;
}

void sse_scan_free(sse_scan *s) {
    free(s->first);
    s->first = NULL;
}

static void start_number(sse_scan *s, uint8_t which) {
    s->field = which;
    s->num = 0;
    s->num_started = 0;
    s->num_negative = 0;
}

static void data_byte(sse_scan *s, unsigned char b) {
    if (s->capture_first) {
        if (!s->first) s->first = malloc(FIRST_MAX);
        if (s->first && s->first_len < FIRST_MAX) s->first[s->first_len++] = (char)b;
    }
    if (s->field) {
        if (b >= '0' && b <= '9') {
            s->num = s->num * 10 + (b - '0');
            s->num_started = 1;
            s->window = ((s->window << 8) | b) & 0xffffff;
            return;
        }
        if (!s->num_started && (b == ' ' || b == '-')) {
            s->num_negative |= b == '-';
            return;
        }
        if (s->num_started) {
            int64_t v = s->num_negative ? -s->num : s->num;
            if (s->field == 's') { s->seq = v; s->have_seq = 1; }
            else { s->time = v; s->have_time = 1; }
        }
        s->field = 0;
    }
    if (b == ':') {
        if (s->window == KEY('"', 's', '"') && !s->have_seq) start_number(s, 's');
        else if (s->window == KEY('"', 't', '"') && !s->have_time) start_number(s, 't');
    }
    s->window = ((s->window << 8) | b) & 0xffffff;
}

static void end_line(sse_scan *s, const sse_sink *sink, void *ctx) {
    if (s->line == LINE_DATA) {
        if (s->capture_first) {
            s->capture_first = 0;
            if (sink->on_first_data && s->first) {
                /* trim like the Java client: the text after "data:" without surrounding blanks */
                int a = 0, e = s->first_len;
                while (a < e && s->first[a] == ' ') a++;
                while (e > a && s->first[e - 1] == ' ') e--;
                sink->on_first_data(ctx, s->first + a, e - a);
            }
            free(s->first);
            s->first = NULL;
            s->first_len = 0;
        }
        if (s->field && s->num_started) data_byte(s, ' '); /* a number running up to the end of line */
        if (s->have_seq && s->have_time && sink->on_event) sink->on_event(ctx, s->seq, s->time);
    }
    s->line = LINE_PREFIX;
    s->prefix_idx = 0;
    s->window = 0;
    s->field = 0;
    s->have_seq = 0;
    s->have_time = 0;
}

static void sse_byte(sse_scan *s, unsigned char b, const sse_sink *sink, void *ctx) {
    if (b == '\n' || b == '\r') {
        end_line(s, sink, ctx);
        return;
    }
    if (s->line == LINE_PREFIX) {
        if (b == (unsigned char)DATA_PREFIX[s->prefix_idx]) {
            if (++s->prefix_idx == sizeof DATA_PREFIX - 1) s->line = LINE_DATA;
        } else {
            s->line = LINE_SKIP;
        }
    } else if (s->line == LINE_DATA) {
        data_byte(s, b);
    }
}

static int hex(unsigned char b) {
    if (b >= '0' && b <= '9') return b - '0';
    if (b >= 'a' && b <= 'f') return b - 'a' + 10;
    if (b >= 'A' && b <= 'F') return b - 'A' + 10;
    return -1;
}

static void header_byte(sse_scan *s, unsigned char b, const sse_sink *sink, void *ctx) {
    if (b == '\r') return;
    if (b != '\n') {
        /* a lower-cased copy without blanks is enough to recognise "Transfer-Encoding: chunked" */
        if (b != ' ' && b != '\t') {
            if (s->header_len < sizeof s->header) {
                s->header[s->header_len++] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
            } else {
                s->header_overflow = 1;
            }
        }
        return;
    }
    if (s->header_len == 0) {
        if (sink->on_headers) sink->on_headers(ctx, s->status);
        s->http = s->status != 200 ? DONE : s->chunked ? CHUNK_SIZE : IDENTITY_BODY;
        s->chunk_left = 0;
        return;
    }
    if (!s->header_overflow && s->header_len == sizeof CHUNKED - 1 && !memcmp(s->header, CHUNKED, sizeof CHUNKED - 1)) {
        s->chunked = 1;
    }
    s->header_len = 0;
    s->header_overflow = 0;
}

int sse_scan_feed(sse_scan *s, const char *p, size_t n, const sse_sink *sink, void *ctx) {
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)p[i];
        switch (s->http) {
        case STATUS_LINE:
            if (b == '\n') { s->http = HEADER_LINE; s->header_len = 0; s->header_overflow = 0; }
            else if (b == ' ') s->status_spaces++;
            else if (s->status_spaces == 1 && s->status_digits < 3 && b >= '0' && b <= '9') {
                s->status = s->status * 10 + (b - '0');
                s->status_digits++;
            }
            break;
        case HEADER_LINE:
            header_byte(s, b, sink, ctx);
            break;
        case CHUNK_SIZE: {
            int d = hex(b);
            if (d >= 0) s->chunk_left = (s->chunk_left << 4) | (uint64_t)d;
            else if (b == ';') s->http = CHUNK_EXT;
            else if (b == '\n') s->http = s->chunk_left == 0 ? DONE : CHUNK_DATA;
            break;
        }
        case CHUNK_EXT:
            if (b == '\n') s->http = s->chunk_left == 0 ? DONE : CHUNK_DATA;
            break;
        case CHUNK_DATA: {
            /* the bulk of the bytes: take the rest of this chunk (or of the buffer) in one go */
            size_t take = n - i;
            if (take > s->chunk_left) take = (size_t)s->chunk_left;
            for (size_t k = 0; k < take; k++) sse_byte(s, (unsigned char)p[i + k], sink, ctx);
            i += take - 1;
            s->chunk_left -= take;
            if (s->chunk_left == 0) s->http = CHUNK_DATA_END;
            break;
        }
        case CHUNK_DATA_END:
            if (b == '\n') s->http = CHUNK_SIZE;
            break;
        case IDENTITY_BODY:
            sse_byte(s, b, sink, ctx);
            break;
        default:
            return 1;
        }
    }
    return s->http == DONE;
}
