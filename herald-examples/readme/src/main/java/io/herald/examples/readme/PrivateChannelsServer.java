package io.herald.examples.readme;

import io.herald.ConnectTokens;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.netty.HeraldServer;

/** The README's Authorization example: a private channel, and streams that need a signed connect token. */
public class PrivateChannelsServer {

    public static void main(String[] args) throws InterruptedException {
        ServerEventsOptions options = ServerEventsOptions.builder()
                .channelAuthorizer((user, channels, request) ->
                        channels.contains("staff") && !user.authenticated() ? "channel 'staff' needs a signed-in user" : null)
                .connectTokens(ConnectTokens.hs256(System.getenv("HERALD_TOKEN_SECRET")))   // ?token= or Authorization: Bearer
                .build();
        ServerEventsFeature feature = ServerEventsFeature.create(options);
        HeraldServer server = HeraldServer.builder()
                .port(Integer.parseInt(System.getenv().getOrDefault("PORT", "5000")))
                .handler(feature)
                .build();
        server.start();
        server.registerShutdownHook();
        System.out.println("Herald on " + server.baseUrl());
        server.awaitTermination();
    }
}
