/* Subscriber connections of sse-client: the bounded connect ramp, reading and parsing. */
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

static void settle(conn_t *c, int ok);

static void on_headers(void *ctx, int status) {
    conn_t *c = ctx;
    if (status != 200 && c->state == S_HEAD) {
        C.failed_status++;
        C.last_bad_status = status;
    }
    settle(c, status == 200);
}

static void on_event(void *ctx, int64_t seq, int64_t sent) {
    conn_t *c = ctx;
    int64_t micros = (C.read_nanos - sent) / 1000;
    if (micros < 0) micros = 0;
    hist_record(&C.interval, (uint64_t)micros);
    hist_record(&C.total_hist, (uint64_t)micros);
    seq_accept(&c->tr, seq);
}

/* "cmd.onConnect {...,"heartbeatUrl":"http://h:p/event-heartbeat?id=x",...,"heartbeatIntervalMs":"10000"}" */
static void on_first_data(void *ctx, const char *line, int len) {
    conn_t *c = ctx;
    static const char key[] = "\"heartbeatUrl\":\"";
    if (len < 13 || memcmp(line, "cmd.onConnect", 13) != 0) return;
    const char *u = memmem(line, (size_t)len, key, sizeof key - 1);
    if (!u) return;
    u += sizeof key - 1;
    const char *end = memchr(u, '"', (size_t)(line + len - u));
    if (!end) return;
    const char *scheme = memmem(u, (size_t)(end - u), "://", 3);
    const char *path = scheme ? memchr(scheme + 3, '/', (size_t)(end - scheme - 3)) : u;
    if (!path) return;
    char *out = malloc((size_t)(end - path) + 1);
    int n = 0;
    for (const char *p = path; p < end; p++) {
        if (end - p >= 6 && !memcmp(p, "\\u0026", 6)) { out[n++] = '&'; p += 5; } /* JSON-escaped '&' */
        else out[n++] = *p;
    }
    out[n] = 0;
    c->hb_path = out;
    c->hb_interval_ms = 10000;
    const char *iv = memmem(line, (size_t)len, "\"heartbeatIntervalMs\":", 22);
    if (iv) {
        iv += 22;
        if (*iv == '"') iv++;
        int ms = atoi(iv);
        if (ms > 0) c->hb_interval_ms = ms < 100 ? 100 : ms;
    }
    if (C.heartbeats) hb_schedule(c, now_ns());
}

static const sse_sink SINK = {on_headers, on_event, on_first_data};

static void close_conn(conn_t *c) {
    if (c->fd >= 0) {
        epoll_ctl(C.ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        c->fd = -1;
    }
    if (c->state == S_CONNECTING || c->state == S_HEAD) {
        if (c->state == S_HEAD) C.failed_closed++;
        else C.failed_connect++;
        settle(c, 0);
    } else if (c->state == S_OPEN) {
        C.disconnected++;
    }
    c->state = S_CLOSED;
    sse_scan_free(&c->sc);
    free(c->hb_path);
    c->hb_path = NULL;
}

/* Releases the ramp slot once per connection: on the response head or on failure. */
static void settle(conn_t *c, int ok) {
    if (c->state != S_CONNECTING && c->state != S_HEAD) return;
    C.inflight--;
    if (ok) {
        c->state = S_OPEN;
        c->established = 1;
        C.established++;
    } else {
        C.failed++;
        c->state = S_CLOSED;
    }
}

static void start_connect(int j, int k) {
    conn_t *c = &C.conns[C.nconns++];
    c->fd = -1;
    c->channel = j % C.channels;
    c->server = (uint16_t)((j / C.channels) % C.nservers);
    c->source = (uint16_t)(k % C.nsources);
    c->state = S_CONNECTING;
    c->head_deadline = now_ns() + 15000000000LL; /* a server that accepts but never answers */
    seq_init(&c->tr);
    sse_scan_init(&c->sc, C.heartbeats);
    C.inflight++;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { close_conn(c); return; }
    c->fd = fd;
    int one = 1;
    /* let connect() pick the port per 4-tuple, so one source address is not limited to its port range */
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr = C.sources[c->source]};
    const server_t *s = &C.servers[c->server];
    if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0
            || (connect(fd, (const struct sockaddr *)&s->addr, sizeof s->addr) < 0 && errno != EINPROGRESS)) {
        close_conn(c);
        return;
    }
    struct epoll_event ev = {.events = EPOLLOUT, .data.u64 = TAG(T_SUB, c - C.conns)};
    epoll_ctl(C.ep, EPOLL_CTL_ADD, fd, &ev);
}

void ramp_fill(void) {
    while (C.inflight < C.ramp_inflight && C.next_j < C.total) {
        int j = C.next_j;
        C.next_j += C.shards; /* starts at C.shard: connection j belongs to shard j % shards */
        start_connect(j, C.nconns);
    }
}

void expire_heads(int64_t now) {
    for (int i = 0; i < C.nconns; i++) {
        conn_t *c = &C.conns[i];
        if ((c->state == S_CONNECTING || c->state == S_HEAD) && now > c->head_deadline) close_conn(c);
    }
}

static void send_request(conn_t *c) {
    char req[1024], path[512];
    const char *ph = strstr(C.sub_path, "{channel}");
    if (ph) snprintf(path, sizeof path, "%.*sc%d%s", (int)(ph - C.sub_path), C.sub_path, c->channel, ph + 9);
    else snprintf(path, sizeof path, "%s", C.sub_path);
    const server_t *s = &C.servers[c->server];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: %s:%d\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n",
                     path, s->host, s->port);
    if (write(c->fd, req, (size_t)n) != n) { close_conn(c); return; } /* fits any fresh socket buffer */
    c->state = S_HEAD;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.u64 = TAG(T_SUB, c - C.conns)};
    epoll_ctl(C.ep, EPOLL_CTL_MOD, c->fd, &ev);
}

void sub_event(conn_t *c, uint32_t events) {
    if (c->fd < 0) return;
    if (c->state == S_CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err || (events & (EPOLLERR | EPOLLHUP))) { close_conn(c); return; }
        send_request(c);
        return;
    }
    static char buf[1 << 16];
    ssize_t r = read(c->fd, buf, sizeof buf);
    if (r > 0) {
        C.read_nanos = now_ns(); /* one clock read per socket read, shared by its events */
        if (sse_scan_feed(&c->sc, buf, (size_t)r, &SINK, c)) close_conn(c);
        return;
    }
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
    close_conn(c);
}
