package io.herald.client;

/** A subscriber left a channel: {@code <channel>@cmd.onLeave}. {@link #getChannel()} names the channel. Immutable. */
public final class ServerEventLeave extends ServerEventCommand {

    ServerEventLeave(ServerEventMessage message) {
        super(message);
    }
}
