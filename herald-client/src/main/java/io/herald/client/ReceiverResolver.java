package io.herald.client;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Supplies the receiver instance that handles one message. The client calls it once per message and
 * registered receiver class, on the thread that dispatches the message.
 *
 * <p>Implement it with your container ({@code type -> container.getBean(type)}) or use one of the
 * factories. Implementations must be thread-safe if one is shared by several clients.
 */
@FunctionalInterface
public interface ReceiverResolver {

    /**
     * Returns an instance of {@code receiverType} to handle the current message.
     *
     * @throws Exception if none can be made; the client reports it through {@code onException}
     */
    Object resolve(Class<?> receiverType) throws Exception;

    /** The default: a new instance per message, from the public (or accessible) no-argument constructor. */
    static ReceiverResolver newInstancePerMessage() {
        return ReceiverResolvers::instantiate;
    }

    /** One instance per receiver class, created on first use and reused for every later message. */
    static ReceiverResolver singleton() {
        ConcurrentHashMap<Class<?>, Object> instances = new ConcurrentHashMap<>();
        return type -> {
            Object existing = instances.get(Objects.requireNonNull(type));
            if (existing != null) {
                return existing;
            }
            Object created = ReceiverResolvers.instantiate(type);
            Object raced = instances.putIfAbsent(type, created);
            return raced != null ? raced : created;
        };
    }
}
