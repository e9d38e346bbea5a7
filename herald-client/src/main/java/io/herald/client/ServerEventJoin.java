package io.herald.client;

/** Another (or this) subscriber joined a channel: {@code <channel>@cmd.onJoin}. {@link #getChannel()} names the channel. Immutable. */
public final class ServerEventJoin extends ServerEventCommand {

    ServerEventJoin(ServerEventMessage message) {
        super(message);
    }
}
