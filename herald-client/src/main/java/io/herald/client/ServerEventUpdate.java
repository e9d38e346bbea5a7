package io.herald.client;

/** A subscriber changed its channels: {@code <channel>@cmd.onUpdate}; {@link #getChannels()} is the new list. Immutable. */
public final class ServerEventUpdate extends ServerEventCommand {

    ServerEventUpdate(ServerEventMessage message) {
        super(message);
    }
}
