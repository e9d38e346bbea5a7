package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.ResumeContract;
import io.herald.tck.TckServer;

class RedisResumeIT extends ResumeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisServers.start(options);
    }
}
