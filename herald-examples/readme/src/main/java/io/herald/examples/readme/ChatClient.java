package io.herald.examples.readme;

// Maven: io.herald:herald-client
import io.herald.client.ServerEventConnect;
import io.herald.client.ServerEventsClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public class ChatClient {

    public static void main(String[] args) throws Exception {
        String server = System.getenv().getOrDefault("HERALD_URL", "http://localhost:5000");
        CompletableFuture<Object> heard = new CompletableFuture<>();
        try (ServerEventsClient client = ServerEventsClient.builder(server)
                .channels("home")
                .handler("chat", msg -> heard.complete(msg.getBodyAs(Map.class).get("message"))) // cmd.chat
                .onResume(r -> System.out.println(r.isRecovered() ? "resumed" : "resumed with a gap: reload"))
                .onException(Throwable::printStackTrace)
                .build()) {
            ServerEventConnect me = client.connect().get(5, TimeUnit.SECONDS);
            client.getServiceClient().post("/channels/home/chat",     // the route ChatServer defines
                    Map.of("from", me.getId(), "message", "hello"), Void.class);
            System.out.println("heard: " + heard.get(5, TimeUnit.SECONDS));
        }                                           // close() unregisters the subscription
    }
}
