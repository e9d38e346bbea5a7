package io.herald.chat;

import io.herald.ServerEvents;
import io.herald.Statistic;
import io.herald.tck.TckServer;
import io.herald.tck.fuzz.FuzzContract;
import io.herald.tck.fuzz.FuzzRoute;
import io.herald.tck.fuzz.FuzzRoute.Kind;
import java.util.List;
import java.util.OptionalLong;

/**
 * The fuzz contract against the real chat app on the Netty server (memory back-end): every chat route,
 * the sign-in routes and the static files, besides the Server Events endpoints.
 */
class ChatFuzzIT extends FuzzContract {

    private ChatApp app;

    @Override
    protected TckServer startServer() {
        app = TestApps.start();
        return new TckServer() {
            @Override
            public String baseUrl() {
                return "http://127.0.0.1:" + app.port();
            }

            @Override
            public ServerEvents serverEvents() {
                return app.serverEvents();
            }

            @Override
            public void close() {
                app.close();
            }
        };
    }

    @Override
    protected List<FuzzRoute> routes() {
        FuzzRoute chat = FuzzRoute.of("POST", "/channels/{channel}/chat").field("channel", Kind.CHANNEL)
                .field("from", Kind.SUBSCRIPTION_ID).field("message", Kind.TEXT);
        FuzzRoute raw = FuzzRoute.of("POST", "/channels/{channel}/raw").field("channel", Kind.CHANNEL)
                .field("from", Kind.SUBSCRIPTION_ID).field("message", Kind.TEXT).field("selector", Kind.SELECTOR);
        return List.of(
                chat.field("selector", Kind.SELECTOR),
                chat.field("toUserId", Kind.USER_ID),
                FuzzRoute.of("POST", "/api/PostChatToChannel").field("channel", Kind.CHANNEL).field("from", Kind.SUBSCRIPTION_ID)
                        .field("message", Kind.TEXT).field("selector", Kind.SELECTOR).field("toUserId", Kind.USER_ID),
                raw,
                FuzzRoute.of("POST", "/json/reply/PostRawToChannel").field("channel", Kind.CHANNEL)
                        .field("from", Kind.SUBSCRIPTION_ID).field("message", Kind.TEXT).field("selector", Kind.SELECTOR)
                        .field("toUserId", Kind.USER_ID),
                FuzzRoute.of("POST", "/channels/{channel}/object").field("channel", Kind.CHANNEL)
                        .field("selector", Kind.SELECTOR).field("customType", Kind.OBJECT).field("setterType", Kind.OBJECT),
                FuzzRoute.of("POST", "/api/PostObjectToChannel").field("channel", Kind.CHANNEL)
                        .field("toUserId", Kind.USER_ID).field("customType", Kind.OBJECT),
                FuzzRoute.of("GET", "/chathistory").field("channels", Kind.CHANNELS).field("afterId", Kind.NUMBER)
                        .field("take", Kind.NUMBER),
                FuzzRoute.of("POST", "/api/GetChatHistory").field("channels", Kind.CHANNELS).field("take", Kind.NUMBER),
                FuzzRoute.of("POST", "/auth").field("provider", Kind.TEXT).field("userName", Kind.TEXT)
                        .field("password", Kind.TEXT),
                FuzzRoute.of("POST", "/auth/guest").field("displayName", Kind.TEXT),
                FuzzRoute.of("POST", "/auth/credentials").field("userName", Kind.TEXT).field("password", Kind.TEXT),
                FuzzRoute.of("POST", "/api/Authenticate").field("provider", Kind.TEXT).field("displayName", Kind.TEXT),
                FuzzRoute.of("GET", "/auth"),
                FuzzRoute.of("GET", "/config"));
    }

    @Override
    protected List<String> staticFiles() {
        return List.of("/js/herald.js", "/js/chat.js", "/css/chat.css", "/img/logo.svg", "/index.html");
    }

    @Override
    protected OptionalLong serverErrors() {
        return OptionalLong.of(app.httpStatistics().stream()
                .filter(s -> s.meterName().equals("herald.http.server.errors"))
                .mapToLong(Statistic::value).sum());
    }
}
