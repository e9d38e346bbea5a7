/*
 * sse-client: the light, independent load client of herald-bench. One thread, epoll, level-triggered.
 *
 * Holds one process' share of the SSE subscriptions, parses "data:" lines for the publisher's
 * "s" (sequence) and "t" (CLOCK_MONOTONIC send time, ns) fields, and measures latency (time of the
 * socket read minus t), duplicates, reordering, and what was published but not received. Optionally
 * sends ServiceStack's client heartbeats (POST heartbeatUrl every heartbeatIntervalMs, announced in
 * cmd.onConnect), over two pipelined keep-alive connections per (server, source address).
 *
 * Connection j of the run belongs to shard j % shards, subscribes to channel j % channels on server
 * (j / channels) % servers, exactly like the Java shards, so the harness can use either.
 *
 * Two modes:
 *  - driven (default): speaks the Java shard's protocol on stdin/stdout: "@@READY est= failed= ..."
 *    after the connect ramp, "SNAP [lastSeqCsv]" -> "@@SNAP est= ... buckets=v:c,...", "QUIT".
 *  - stand-alone (--duration S): connect, hold S seconds, print a summary and one @@SNAP line.
 *  - --selftest: parser and histogram checks, exit status 0 when they pass.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "hist.h"
#include "sse_scan.h"

int run_selftest(void);

client_state C;

int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "sse-client: %s\n", what);
    exit(2);
}

/* ---- options --------------------------------------------------------------------------------- */

static void parse_url(const char *u, server_t *s) {
    const char *p = strstr(u, "://");
    p = p ? p + 3 : u;
    const char *colon = strchr(p, ':');
    if (!colon) die("server URL needs host:port");
    size_t hl = (size_t)(colon - p);
    if (hl >= sizeof s->host) die("server host too long");
    memcpy(s->host, p, hl);
    s->host[hl] = 0;
    s->port = atoi(colon + 1);
    s->addr.sin_family = AF_INET;
    s->addr.sin_port = htons((uint16_t)s->port);
    if (inet_pton(AF_INET, s->host, &s->addr.sin_addr) != 1 || strncmp(s->host, "127.", 4) != 0) {
        die("server must be a loopback IPv4 address (127.x.x.x)");
    }
}

static void parse_servers(const char *list) {
    char *copy = strdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (C.nservers == MAX_SERVERS) die("too many servers");
        parse_url(t, &C.servers[C.nservers++]);
    }
    free(copy);
}

static void parse_sources(const char *list) {
    char *copy = strdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (C.nsources == MAX_SOURCES) die("too many source addresses");
        struct in_addr a;
        if (inet_pton(AF_INET, t, &a) != 1) die("bad source address");
        C.sources[C.nsources++] = a;
    }
    free(copy);
}

static int truthy(const char *v) {
    return !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes");
}

static void parse_args(int argc, char **argv) {
    const char *servers = "http://127.0.0.1:8090", *sources = NULL;
    int per_shard = 4;
    C.sub_path = "/sub/{channel}";
    C.total = 1000;
    C.channels = 1;
    C.shards = 1;
    C.ramp_inflight = 200;
    C.max_seconds = 900;
    C.connect_seconds = 180;
    for (int i = 1; i < argc; i++) {
        const char *k = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(k, "--selftest")) exit(run_selftest());
        if (strncmp(k, "--", 2) != 0) die("unexpected argument");
        i++;
        if (!strcmp(k, "--servers")) servers = v;
        else if (!strcmp(k, "--sub-path")) C.sub_path = v;
        else if (!strcmp(k, "--subscribers")) C.total = atoi(v);
        else if (!strcmp(k, "--channels")) C.channels = atoi(v);
        else if (!strcmp(k, "--shard")) {
            if (sscanf(v, "%d/%d", &C.shard, &C.shards) != 2) die("--shard must be i/n");
        } else if (!strcmp(k, "--sources")) sources = v;
        else if (!strcmp(k, "--sources-per-shard")) per_shard = atoi(v);
        else if (!strcmp(k, "--ramp-inflight")) C.ramp_inflight = atoi(v);
        else if (!strcmp(k, "--heartbeats")) C.heartbeats = truthy(v);
        else if (!strcmp(k, "--max-seconds")) C.max_seconds = atoi(v);
        else if (!strcmp(k, "--connect-seconds")) C.connect_seconds = atoi(v);
        else if (!strcmp(k, "--duration")) C.duration = atoi(v);
        else if (!strcmp(k, "--threads")) { /* one thread by design; accepted for the harness */ }
        else { fprintf(stderr, "sse-client: unknown option %s\n", k); exit(2); }
    }
    if (C.channels < 1 || C.total < 1 || C.shards < 1 || C.shard < 0 || C.shard >= C.shards) die("bad counts");
    if (C.channels > MAX_CHANNELS) die("too many channels");
    if (C.ramp_inflight < 1) C.ramp_inflight = 1;
    C.next_j = C.shard;
    parse_servers(servers);
    if (sources) {
        parse_sources(sources);
    } else {
        char buf[2048] = "";
        for (int k = 0; k < per_shard; k++) {
            int host = 2 + C.shard * per_shard + k; /* 127.0.0.2 up; 127.0.0.1 is the publisher's */
            if (host > 254) die("too many shards x sources-per-shard for 127.0.0.x");
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s127.0.0.%d", k ? "," : "", host);
        }
        parse_sources(buf);
    }
}

/* ---- stdin protocol ----------------------------------------------------------------------- */

static void print_snapshot(const int64_t *last_seq) {
    uint64_t r = 0, d = 0, o = 0, u = 0, e = 0;
    static int64_t max_seen[MAX_CHANNELS];
    memset(max_seen, 0, sizeof(int64_t) * (size_t)C.channels);
    for (int i = 0; i < C.nconns; i++) {
        conn_t *c = &C.conns[i];
        if (!c->established) continue;
        r += c->tr.received;
        d += c->tr.duplicates;
        o += c->tr.reordered;
        u += c->tr.received - c->tr.duplicates;
        if (c->tr.highest > max_seen[c->channel]) max_seen[c->channel] = c->tr.highest;
        if (last_seq) e += (uint64_t)last_seq[c->channel];
    }
    if (!last_seq) {
        for (int i = 0; i < C.nconns; i++) if (C.conns[i].established) e += (uint64_t)max_seen[C.conns[i].channel];
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long cpu_ms = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    printf("@@SNAP est=%ld failed=%ld disc=%ld recv=%llu dup=%llu reord=%llu uniq=%llu exp=%llu hbSent=%ld hbOk=%ld hbFail=%ld cpuMs=%ld buckets=",
           C.established, C.failed, C.disconnected, (unsigned long long)r, (unsigned long long)d, (unsigned long long)o,
           (unsigned long long)u, (unsigned long long)e, C.hb_sent, C.hb_ok, C.hb_fail, cpu_ms);
    hist_write(&C.interval, stdout);
    printf("\n");
    fflush(stdout);
    hist_reset(&C.interval);
}

static void command_line(char *line) {
    if (!strncmp(line, "SNAP", 4)) {
        char *csv = line + 4;
        while (*csv == ' ') csv++;
        if (!*csv) { print_snapshot(NULL); return; }
        static int64_t last[MAX_CHANNELS];
        memset(last, 0, sizeof(int64_t) * (size_t)C.channels);
        char *save = NULL;
        int k = 0;
        for (char *t = strtok_r(csv, ",", &save); t && k < C.channels; t = strtok_r(NULL, ",", &save)) last[k++] = atoll(t);
        print_snapshot(last);
    } else if (!strncmp(line, "QUIT", 4)) {
        C.quit = 1;
    }
}

static void read_stdin(void) {
    static char buf[1 << 20];
    static size_t len;
    ssize_t r = read(0, buf + len, sizeof buf - 1 - len);
    if (r <= 0) {
        if (r < 0 && errno == EAGAIN) return;
        C.quit = 1; /* the coordinator went away */
        return;
    }
    len += (size_t)r;
    char *start = buf, *nl;
    while ((nl = memchr(start, '\n', (size_t)(buf + len - start)))) {
        *nl = 0;
        command_line(start);
        start = nl + 1;
    }
    len = (size_t)(buf + len - start);
    memmove(buf, start, len);
    if (len == sizeof buf - 1) len = 0; /* a line longer than 1 MB: drop it */
}

/* ---- main loop ------------------------------------------------------------------------------- */

static void print_summary(int64_t held_ns) {
    double s = (double)held_ns / 1e9;
    uint64_t recv = 0, dup = 0, reord = 0;
    for (int i = 0; i < C.nconns; i++) {
        recv += C.conns[i].tr.received;
        dup += C.conns[i].tr.duplicates;
        reord += C.conns[i].tr.reordered;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    fprintf(stderr,
            "sse-client: %ld connected (%ld failed), %ld disconnected | %.0f deliveries/s over %.1f s | p50 %.2f p99 %.2f"
            " p99.9 %.2f max %.2f ms | dup %llu reord %llu | own CPU %.1f s (%.1f%%, %.2f us/delivery)\n",
            C.established, C.failed, C.disconnected, recv / s, s, hist_percentile(&C.total_hist, 50) / 1e3,
            hist_percentile(&C.total_hist, 99) / 1e3, hist_percentile(&C.total_hist, 99.9) / 1e3, C.total_hist.max / 1e3,
            (unsigned long long)dup, (unsigned long long)reord, cpu, 100 * cpu / s, recv ? cpu * 1e6 / (double)recv : 0);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOFBF, 1 << 20);
    parse_args(argc, argv);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    for (int j = C.shard; j < C.total; j += C.shards) C.owned++;
    if ((rlim_t)C.owned + 64 > rl.rlim_cur) {
        fprintf(stderr, "sse-client: %d connections need more than RLIMIT_NOFILE %llu: use more shards\n", C.owned,
                (unsigned long long)rl.rlim_cur);
        return 2;
    }
    C.conns = calloc((size_t)C.owned, sizeof(conn_t));
    C.ep = epoll_create1(EPOLL_CLOEXEC);
    if (!C.conns || C.ep < 0) die("out of memory");
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    if (C.duration == 0) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG(T_STDIN, 0)};
        epoll_ctl(C.ep, EPOLL_CTL_ADD, 0, &ev);
    }
    if (C.heartbeats) hb_init();

    int64_t start = now_ns();
    int64_t hard_end = start + (int64_t)C.max_seconds * 1000000000LL;
    int64_t connect_end = start + (int64_t)C.connect_seconds * 1000000000LL;
    int64_t ready_at = 0, last_scan = 0;
    struct epoll_event evs[1024];
    while (!C.quit) {
        int64_t now = now_ns();
        if (now > hard_end + 5000000000LL) {
            fprintf(stderr, "sse-client shard %d: max-seconds reached, exiting\n", C.shard);
            fflush(stdout);
            _exit(3);
        }
        if (!ready_at) {
            if (now < connect_end) ramp_fill();
            if (now - last_scan > 500000000LL) { expire_heads(now); last_scan = now; }
            if ((C.next_j >= C.total && C.inflight == 0) || now >= connect_end) {
                ready_at = now;
                printf("@@READY est=%ld failed=%ld owned=%d rampMs=%lld\n", C.established, C.failed, C.owned,
                       (long long)((now - start) / 1000000));
                fflush(stdout);
                if (C.failed > 0) {
                    fprintf(stderr, "sse-client shard %d: %ld connects failed: %ld refused/timed out, %ld HTTP status (last %d), %ld closed before the response head\n",
                            C.shard, C.failed, C.failed_connect, C.failed_status, C.last_bad_status, C.failed_closed);
                }
            }
        } else if (C.duration > 0 && now - ready_at >= (int64_t)C.duration * 1000000000LL) {
            print_summary(now - ready_at);
            print_snapshot(NULL);
            break;
        }
        int timeout = C.heartbeats ? hb_timeout_ms(now) : 100;
        if (!ready_at && timeout > 20) timeout = 20;
        int n = epoll_wait(C.ep, evs, 1024, timeout);
        for (int i = 0; i < n; i++) {
            uint64_t tag = evs[i].data.u64;
            int idx = (int)(tag & 0xffffffff);
            switch (tag >> 32) {
            case T_STDIN: read_stdin(); break;
            case T_SUB: sub_event(&C.conns[idx], evs[i].events); break;
            case T_HB: hb_event(idx, evs[i].events); break;
            default: break;
            }
        }
        if (C.heartbeats) hb_tick(now_ns());
    }
    fflush(stdout);
    return 0;
}
