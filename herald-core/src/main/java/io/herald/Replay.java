package io.herald;

import io.herald.internal.Frames;
import io.herald.internal.LocalHub;
import io.herald.spi.Address;
import io.herald.spi.Event;
import io.herald.spi.Message;
import java.util.ArrayList;
import java.util.List;

/** What a stream can be given from history: the addresses it reads, and the frames kept events make for it. */
final class Replay {

    private Replay() {
    }

    /**
     * The history a stream can use: its channels, everyone, its user id (when authenticated, as ServiceStack
     * matches user ids), its user name and its session.
     */
    static List<Address> addressesOf(EventSubscription sub) {
        List<Address> out = new ArrayList<>(sub.channels().size() + 4);
        sub.channels().forEach(ch -> out.add(Address.channel(ch)));
        out.add(Address.ALL);
        if (sub.isAuthenticated()) {
            out.add(new Address(Message.Target.USER_ID, sub.userId()));
        }
        if (sub.userName() != null) {
            out.add(new Address(Message.Target.USER_NAME, sub.userName()));
        }
        if (sub.sessionId() != null) {
            out.add(new Address(Message.Target.SESSION, sub.sessionId()));
        }
        return out;
    }

    /** The frames of {@code events} that are for {@code sub}, encoded as they were when they went live. */
    static List<LocalHub.Frame> framesFor(LiveSubscription sub, List<Event> events) {
        List<LocalHub.Frame> out = new ArrayList<>(events.size());
        for (Event e : events) {
            byte[] frame = frameFor(sub, sub.framing(), e.message());
            if (frame != null) {
                out.add(new LocalHub.Frame(e.id(), frame));
            }
        }
        return out;
    }

    /** The frame a kept event makes for one stream, or null if it is not for it (channel filter). */
    private static byte[] frameFor(EventSubscription sub, Framing framing, Message m) {
        if (m.channelFilter() != null && !sub.hasChannel(m.channelFilter())) {
            return null;
        }
        try {
            if (m.target() == Message.Target.CHANNELS) {
                for (String ch : m.names()) {
                    if (sub.hasChannel(ch)) {
                        return Frames.encode(framing, ch, m.selector(), m.body());
                    }
                }
                return null;
            }
            return Frames.encode(framing, null, m.selector(), m.body());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
