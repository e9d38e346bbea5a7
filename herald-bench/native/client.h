/* Shared state of sse-client (one thread): see sse_client.c. */
#ifndef CLIENT_H
#define CLIENT_H

#include <netinet/in.h>
#include <stdint.h>

#include "hist.h"
#include "sse_scan.h"

#define MAX_SERVERS 16
#define MAX_SOURCES 64
#define MAX_CHANNELS 100000
#define HB_PER_SOURCE 2

/* epoll tags: kind in the high 32 bits, index in the low */
enum { T_STDIN = 1, T_SUB = 2, T_HB = 3 };
#define TAG(kind, idx) (((uint64_t)(kind) << 32) | (uint32_t)(idx))

typedef struct server_t {
    char host[64];
    int port;
    struct sockaddr_in addr;
} server_t;

enum { S_IDLE, S_CONNECTING, S_HEAD, S_OPEN, S_CLOSED };

typedef struct conn_t {
    int fd;
    int channel;
    uint16_t server, source;
    uint8_t state;
    uint8_t established; /* got a 200 head: counts towards expected deliveries for ever */
    int64_t head_deadline;
    sse_scan sc;
    seq_track tr;
    char *hb_path;       /* heartbeat path and query from cmd.onConnect, NULL when none */
    int hb_interval_ms;
} conn_t;

typedef struct client_state {
    server_t servers[MAX_SERVERS];
    int nservers;
    struct in_addr sources[MAX_SOURCES];
    int nsources;
    const char *sub_path;
    int total, channels, shard, shards, owned;
    int ramp_inflight, heartbeats, max_seconds, connect_seconds, duration;

    int ep;
    conn_t *conns;
    int nconns;           /* connections started so far (index into conns) */
    int next_j;           /* next global connection number to start */
    int inflight;
    int quit;

    long established, failed, disconnected;
    long failed_connect, failed_status, failed_closed;
    int last_bad_status;
    long hb_sent, hb_ok, hb_fail;

    int64_t read_nanos;   /* clock of the current socket read, shared by its events */
    hist interval;        /* since the last snapshot */
    hist total_hist;      /* whole run, for the stand-alone summary */
} client_state;

extern client_state C;

int64_t now_ns(void);

/* subscribers (subs.c) */
void ramp_fill(void);
void expire_heads(int64_t now);
void sub_event(conn_t *c, uint32_t events);

/* heartbeats (heartbeat.c) */
void hb_init(void);
void hb_schedule(conn_t *c, int64_t now);
int hb_timeout_ms(int64_t now);
void hb_tick(int64_t now);
void hb_event(int idx, uint32_t events);

#endif
