package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.TckServer;

/** Three Herald servers on one real redis-server. */
class MultiServerIT extends MultiServerContract {

    @Override
    protected String newPrefix() {
        return RedisServers.newPrefix();
    }

    @Override
    protected String redisUri() {
        return RedisServers.redis().uri();
    }

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options, String prefix, int index) {
        return RedisServers.start(options, prefix);
    }

    @Override
    protected void killSubscriptions() {
        RedisServers.redis().command("CLIENT", "KILL", "TYPE", "pubsub");
    }
}
