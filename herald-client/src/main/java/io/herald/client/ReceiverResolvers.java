package io.herald.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/** Helpers behind {@link ReceiverResolver}'s factories. */
final class ReceiverResolvers {

    private ReceiverResolvers() {
    }

    static Object instantiate(Class<?> type) throws ReflectiveOperationException {
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new NoSuchMethodException("receiver " + type.getName() + " has no no-argument constructor;"
                    + " register a ReceiverResolver that can create it");
        }
        // Test and application receivers are often package-private classes; reach them when the module allows.
        constructor.trySetAccessible();
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e;
        }
    }
}
