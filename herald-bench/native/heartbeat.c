/*
 * ServiceStack client heartbeats of sse-client: every subscription that announced a heartbeatUrl
 * POSTs it every heartbeatIntervalMs (random phase), over HB_PER_SOURCE pipelined keep-alive
 * connections per (server, source address), so the server sees them come from the stream's own
 * address. Due times sit in a binary min-heap; answers are counted 2xx (ok) or other (failed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

enum { H_CLOSED, H_CONNECTING, H_OPEN };
enum { RS_STATUS, RS_HEADER, RS_BODY, RS_CHUNK_SIZE, RS_CHUNK_DATA, RS_CHUNK_END, RS_TRAILER };

typedef struct hb_conn {
    int fd, state, server, source;
    char *out;
    size_t out_len, out_cap;
    int outstanding;
    int64_t reopen_at;
    /* response parser */
    int rs, status, spaces, digits, chunked, line_len;
    long left;
    char line[64];
} hb_conn;

static hb_conn *hbs;
static int nhbs;
static unsigned rr;
/* min-heap of (due time, subscription index) */
static int64_t *heap_due;
static int *heap_who;
static int heap_len, heap_cap;

void hb_init(void) {
    nhbs = C.nservers * C.nsources * HB_PER_SOURCE;
    hbs = calloc((size_t)nhbs, sizeof(hb_conn));
    for (int i = 0; i < nhbs; i++) {
        hbs[i].fd = -1;
        hbs[i].server = i / (C.nsources * HB_PER_SOURCE);
        hbs[i].source = (i / HB_PER_SOURCE) % C.nsources;
    }
    heap_cap = C.owned + 16;
    heap_due = malloc(sizeof(int64_t) * (size_t)heap_cap);
    heap_who = malloc(sizeof(int) * (size_t)heap_cap);
}

static void heap_push(int64_t due, int who) {
    if (heap_len == heap_cap) return; /* cannot happen: one entry per subscription */
    int i = heap_len++;
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (heap_due[parent] <= due) break;
        heap_due[i] = heap_due[parent];
        heap_who[i] = heap_who[parent];
        i = parent;
    }
    heap_due[i] = due;
    heap_who[i] = who;
}

static void heap_pop(void) {
    int64_t due = heap_due[--heap_len];
    int who = heap_who[heap_len];
    int i = 0;
    for (;;) {
        int child = 2 * i + 1;
        if (child >= heap_len) break;
        if (child + 1 < heap_len && heap_due[child + 1] < heap_due[child]) child++;
        if (heap_due[child] >= due) break;
        heap_due[i] = heap_due[child];
        heap_who[i] = heap_who[child];
        i = child;
    }
    heap_due[i] = due;
    heap_who[i] = who;
}

void hb_schedule(conn_t *c, int64_t now) {
    int64_t interval = (int64_t)c->hb_interval_ms * 1000000LL;
    heap_push(now + (int64_t)(drand48() * (double)interval), (int)(c - C.conns)); /* random phase */
}

static void hb_close(hb_conn *h, int64_t now) {
    if (h->fd >= 0) {
        epoll_ctl(C.ep, EPOLL_CTL_DEL, h->fd, NULL);
        close(h->fd);
    }
    h->fd = -1;
    h->state = H_CLOSED;
    C.hb_fail += h->outstanding; /* requests lost with the connection */
    h->outstanding = 0;
    h->out_len = 0;
    h->rs = RS_STATUS;
    h->status = h->spaces = h->digits = 0;
    h->reopen_at = now + 200000000LL;
}

static void hb_watch(hb_conn *h, uint32_t events, int op) {
    struct epoll_event ev = {.events = events, .data.u64 = TAG(T_HB, h - hbs)};
    epoll_ctl(C.ep, op, h->fd, &ev);
}

static void hb_open(hb_conn *h, int64_t now) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { h->reopen_at = now + 200000000LL; return; }
    int one = 1;
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr = C.sources[h->source]};
    const server_t *s = &C.servers[h->server];
    h->fd = fd;
    if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0
            || (connect(fd, (const struct sockaddr *)&s->addr, sizeof s->addr) < 0 && errno != EINPROGRESS)) {
        hb_close(h, now);
        return;
    }
    h->state = H_CONNECTING;
    hb_watch(h, EPOLLOUT, EPOLL_CTL_ADD);
}

static void hb_flush(hb_conn *h) {
    if (h->state != H_OPEN || h->out_len == 0) return;
    ssize_t w = write(h->fd, h->out, h->out_len);
    if (w < 0 && errno != EAGAIN) { hb_close(h, now_ns()); return; }
    if (w > 0) {
        memmove(h->out, h->out + w, h->out_len - (size_t)w);
        h->out_len -= (size_t)w;
    }
    hb_watch(h, h->out_len ? EPOLLIN | EPOLLOUT : EPOLLIN, EPOLL_CTL_MOD);
}

static void hb_post(conn_t *c, int64_t now) {
    int pool = (c->server * C.nsources + c->source) * HB_PER_SOURCE;
    hb_conn *h = &hbs[pool + (int)(rr++ % HB_PER_SOURCE)];
    if (h->state == H_CLOSED && h->fd < 0 && now >= h->reopen_at) hb_open(h, now);
    if (h->state == H_CLOSED || h->outstanding > 1000) { C.hb_fail++; return; } /* reconnecting or backed up */
    const server_t *s = &C.servers[c->server];
    char req[1024];
    int n = snprintf(req, sizeof req, "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Length: 0\r\n\r\n", c->hb_path, s->host,
                     s->port);
    if (n <= 0 || n >= (int)sizeof req) { C.hb_fail++; return; }
    if (h->out_len + (size_t)n > h->out_cap) {
        h->out_cap = (h->out_len + (size_t)n) * 2;
        h->out = realloc(h->out, h->out_cap);
    }
    memcpy(h->out + h->out_len, req, (size_t)n);
    h->out_len += (size_t)n;
    h->outstanding++;
    C.hb_sent++;
    hb_flush(h);
}

int hb_timeout_ms(int64_t now) {
    if (heap_len == 0) return 100;
    int64_t ms = (heap_due[0] - now) / 1000000LL;
    return ms < 0 ? 0 : ms > 100 ? 100 : (int)ms;
}

void hb_tick(int64_t now) {
    while (heap_len > 0 && heap_due[0] <= now) {
        int64_t due = heap_due[0];
        conn_t *c = &C.conns[heap_who[0]];
        heap_pop();
        if (c->state != S_OPEN || !c->hb_path) continue; /* closed: no more heartbeats */
        hb_post(c, now);
        int64_t next = due + (int64_t)c->hb_interval_ms * 1000000LL;
        heap_push(next > now ? next : now + (int64_t)c->hb_interval_ms * 1000000LL, (int)(c - C.conns));
    }
}

static void answered(hb_conn *h) {
    h->outstanding--;
    if (h->status / 100 == 2) C.hb_ok++;
    else C.hb_fail++;
    h->rs = RS_STATUS;
    h->status = h->spaces = h->digits = 0;
}

static void header_line(hb_conn *h) {
    h->line[h->line_len] = 0;
    if (!strncmp(h->line, "content-length:", 15)) h->left = atol(h->line + 15);
    else if (!strcmp(h->line, "transfer-encoding:chunked")) h->chunked = 1;
    h->line_len = 0;
}

static void response_bytes(hb_conn *h, const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)p[i];
        switch (h->rs) {
        case RS_STATUS:
            if (b == '\n') { h->rs = RS_HEADER; h->line_len = 0; h->left = 0; h->chunked = 0; }
            else if (b == ' ') h->spaces++;
            else if (h->spaces == 1 && h->digits < 3 && b >= '0' && b <= '9') { h->status = h->status * 10 + b - '0'; h->digits++; }
            break;
        case RS_HEADER:
            if (b == '\r') break;
            if (b != '\n') {
                if (b != ' ' && b != '\t' && h->line_len < (int)sizeof h->line - 1)
                    h->line[h->line_len++] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
                break;
            }
            if (h->line_len > 0) { header_line(h); break; }
            if (h->chunked) { h->rs = RS_CHUNK_SIZE; h->left = 0; }
            else if (h->left > 0) h->rs = RS_BODY;
            else answered(h);
            break;
        case RS_BODY:
        case RS_CHUNK_DATA: {
            size_t take = n - i < (size_t)h->left ? n - i : (size_t)h->left;
            i += take - 1;
            h->left -= (long)take;
            if (h->left == 0) {
                if (h->rs == RS_BODY) answered(h);
                else h->rs = RS_CHUNK_END;
            }
            break;
        }
        case RS_CHUNK_SIZE:
            if (b >= '0' && b <= '9') h->left = h->left * 16 + (b - '0');
            else if ((b | 32) >= 'a' && (b | 32) <= 'f') h->left = h->left * 16 + ((b | 32) - 'a' + 10);
            else if (b == '\n') { h->rs = h->left ? RS_CHUNK_DATA : RS_TRAILER; h->line_len = 0; }
            break;
        case RS_CHUNK_END:
            if (b == '\n') { h->rs = RS_CHUNK_SIZE; h->left = 0; }
            break;
        case RS_TRAILER:
            if (b == '\r') break;
            if (b == '\n') { if (h->line_len == 0) answered(h); else h->line_len = 0; }
            else h->line_len++;
            break;
        }
    }
}

void hb_event(int idx, uint32_t events) {
    hb_conn *h = &hbs[idx];
    if (h->fd < 0) return;
    if (h->state == H_CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(h->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err || (events & (EPOLLERR | EPOLLHUP))) { hb_close(h, now_ns()); return; }
        h->state = H_OPEN;
        hb_watch(h, EPOLLIN, EPOLL_CTL_MOD);
        hb_flush(h);
        return;
    }
    if (events & EPOLLOUT) hb_flush(h);
    if (h->fd < 0 || !(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) return;
    static char buf[1 << 16];
    ssize_t r = read(h->fd, buf, sizeof buf);
    if (r > 0) response_bytes(h, buf, (size_t)r);
    else if (r == 0 || (errno != EAGAIN && errno != EINTR)) hb_close(h, now_ns());
}
