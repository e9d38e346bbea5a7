package io.herald.client;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The callable members of one receiver class, indexed the way ServiceStack matches them: the target with
 * {@code -} removed, compared case-insensitively, first against single-parameter type names, then
 * against method names and setter property names. Built once per class and cached; immutable.
 */
final class ReceiverType {

    private static final ClassValue<ReceiverType> CACHE = new ClassValue<>() {
        @Override
        protected ReceiverType computeValue(Class<?> type) {
            return new ReceiverType(type);
        }
    };

    /** One invocable method: no parameter, or one parameter read from the body. */
    record Member(Method method, JavaType parameterType) {
        boolean takesArgument() {
            return parameterType != null;
        }
    }

    private final Class<?> type;
    private final Map<String, List<Member>> byTypeName = new HashMap<>();
    private final Map<String, List<Member>> byName = new HashMap<>();
    private final Method noSuchMethod;

    static ReceiverType of(Class<?> type) {
        return CACHE.get(type);
    }

    private ReceiverType(Class<?> type) {
        this.type = type;
        Method fallback = null;
        Method[] methods = type.getMethods();
        // Deterministic choice among overloads, whatever order reflection returns.
        Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount)
                .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        for (Method m : methods) {
            Class<?> declaring = m.getDeclaringClass();
            if (Modifier.isStatic(m.getModifiers()) || m.isBridge() || m.isSynthetic()
                    || declaring == Object.class || declaring == ServerEventReceiver.class) {
                continue;
            }
            if (m.getName().equals("noSuchMethod") && m.getParameterCount() == 2
                    && m.getParameterTypes()[0] == String.class
                    && m.getParameterTypes()[1].isAssignableFrom(ServerEventMessage.class)) {
                fallback = m;
                continue;
            }
            if (m.getParameterCount() > 1) {
                continue;
            }
            // Receivers are often package-private classes whose public methods need this to be callable.
            m.trySetAccessible();
            JavaType parameter = m.getParameterCount() == 1
                    ? Json.MAPPER.getTypeFactory().constructType(m.getGenericParameterTypes()[0]) : null;
            Member member = new Member(m, parameter);
            String name = m.getName();
            add(byName, key(name), member);
            if (parameter != null && name.length() > 3 && name.startsWith("set")) {
                add(byName, key(name.substring(3)), member); // property setter: QuxSetter -> setQuxSetter
            }
            if (parameter != null && isNamedType(parameter.getRawClass())) {
                add(byTypeName, key(parameter.getRawClass().getSimpleName()), member);
            }
        }
        if (fallback != null) {
            fallback.trySetAccessible();
        }
        this.noSuchMethod = fallback;
    }

    private static boolean isNamedType(Class<?> c) {
        return !c.isPrimitive() && !c.isArray() && c != String.class && c != Object.class
                && c != ServerEventMessage.class && !c.getName().startsWith("java.");
    }

    private static void add(Map<String, List<Member>> index, String key, Member member) {
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(member);
    }

    /** Normalises a target or member name: {@code background-image} and {@code BackgroundImage} both give {@code backgroundimage}. */
    static String key(String name) {
        return name.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Finds the member for {@code target}, or null. An empty body prefers a parameterless member. */
    Member find(String target, boolean emptyBody) {
        String key = key(target);
        List<Member> candidates = byTypeName.get(key);
        if (candidates == null) {
            candidates = byName.get(key);
        }
        if (candidates == null) {
            return null;
        }
        for (Member m : candidates) {
            if (m.takesArgument() != emptyBody) {
                return m;
            }
        }
        return candidates.get(0);
    }

    /**
     * Calls the matching member on {@code instance}, or the no-such-method fallback.
     *
     * @return false if nothing matched and the receiver has no fallback
     * @throws ServerEventsException if the body cannot be read or the receiver throws
     */
    boolean invoke(Object instance, ServerEventMessage message) {
        boolean emptyBody = message.getJson().isBlank();
        Member member = find(message.getTarget(), emptyBody);
        try {
            if (member == null) {
                if (noSuchMethod == null) {
                    return false;
                }
                noSuchMethod.invoke(instance, message.getTarget(), message);
                return true;
            }
            Method m = member.method();
            if (!member.takesArgument()) {
                m.invoke(instance);
            } else {
                m.invoke(instance, argument(member.parameterType(), message));
            }
            return true;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ServerEventsException("receiver " + type.getName() + "." + describe(member) + " threw for '"
                    + message.getSelector() + "': " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new ServerEventsException("receiver " + type.getName() + "." + describe(member)
                    + " is not accessible: " + e.getMessage(), e);
        }
    }

    private static String describe(Member member) {
        return member == null ? "noSuchMethod" : member.method().getName();
    }

    private static Object argument(JavaType parameterType, ServerEventMessage message) {
        Class<?> raw = parameterType.getRawClass();
        if (raw.isAssignableFrom(ServerEventMessage.class) && raw != Object.class) {
            return message;
        }
        Object value = Json.readBody(message.getJson(), parameterType, message.getSelector());
        return value != null ? value : defaultValue(raw);
    }

    /** The argument for an empty body: "" for strings, a new instance for beans, zero for primitives. */
    private static Object defaultValue(Class<?> raw) {
        if (raw == String.class) {
            return "";
        }
        if (raw.isPrimitive()) {
            return Array.get(Array.newInstance(raw, 1), 0);
        }
        try {
            return ReceiverResolvers.instantiate(raw);
        } catch (ReflectiveOperationException | RuntimeException noDefault) {
            return null;
        }
    }
}
