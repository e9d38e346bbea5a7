package io.herald.examples.readme;

// Maven: io.herald:herald-netty (brings herald-core and herald-jackson)
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.netty.HeraldServer;
import java.util.Map;

public class ChatServer {

    /** A chat message: {@code channel} from the path, the rest from the JSON or form body. */
    public record Chat(String channel, String from, String message) {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerEventsFeature feature = ServerEventsFeature.create(ServerEventsOptions.defaults());
        ServerEvents events = feature.serverEvents();
        HeraldServer server = HeraldServer.builder()
                .port(Integer.parseInt(System.getenv().getOrDefault("PORT", "5000")))
                .handler(feature)                   // /event-stream, /event-heartbeat, /event-subscribers, ...
                .route("POST", "/channels/{channel}/chat", Chat.class, (ctx, chat) -> {
                    if (chat.message() == null || chat.message().isBlank()) {
                        throw new IllegalArgumentException("'message' is required"); // 400 with this text
                    }
                    events.notifyChannel(chat.channel(), "cmd.chat",
                            Map.of("from", String.valueOf(chat.from()), "message", chat.message()));
                    return null;                    // 204 No Content
                })
                .staticFiles("web/")                // your page, from the class path
                .build();
        server.start();
        server.registerShutdownHook();              // Ctrl-C / SIGTERM ends the streams and stops the server
        System.out.println("Herald on " + server.baseUrl());
        server.awaitTermination();                  // Herald's threads are daemons: keep main alive until stopped
    }
}
