package io.herald.netty;

import io.herald.JsonCodec;
import io.netty.channel.group.ChannelGroup;
import java.util.Set;
import java.util.concurrent.Executor;

/** What every connection of one running server shares. */
record ServerContext(
        JsonCodec codec,
        Dispatcher dispatcher,
        ServerStats stats,
        Executor worker,
        ChannelGroup allChannels,
        Set<NettyEventSink> openStreams,
        int idleTimeoutSeconds,
        int maxInitialLineBytes,
        int maxHeaderBytes,
        int maxRequestBytes) {
}
