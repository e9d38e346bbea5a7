package io.herald.client;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** DTOs and receivers shared by the client tests (mirroring ServiceStack's test receivers). */
final class TestTypes {

    private TestTypes() {
    }

    /** Every receiver call lands here, in order, as a readable string. */
    static final BlockingQueue<String> CALLS = new LinkedBlockingQueue<>();
    /** Receiver instances, to check the resolver's reuse. */
    static final BlockingQueue<Object> INSTANCES = new LinkedBlockingQueue<>();

    public static class CustomType {
        public int id;
        public String name;

        @Override
        public String toString() {
            return "CustomType{" + id + "," + name + "}";
        }
    }

    public static class SetterType {
        public int id;
        public String name;

        @Override
        public String toString() {
            return "SetterType{" + id + "," + name + "}";
        }
    }

    public static class ChatMessage {
        public long id;
        public String fromUserId;
        public String fromName;
        public String message;
    }

    /** Named receiver {@code test}: FooMethod, BarMethod, QuxSetter; BazMethod falls to noSuchMethod. */
    public static class TestNamedReceiver extends ServerEventReceiver {
        public void fooMethod(CustomType request) {
            CALLS.add("FooMethod " + request + " op=" + getRequest().getOp());
        }

        public CustomType barMethod(CustomType request) {
            CALLS.add("BarMethod " + request);
            return request;
        }

        public void setQuxSetter(CustomType request) {
            CALLS.add("QuxSetter " + request);
        }

        @Override
        public void noSuchMethod(String target, ServerEventMessage message) {
            CALLS.add("noSuchMethod " + target + " " + message.getBodyAs(CustomType.class));
        }
    }

    /** Global receiver: matched by parameter type (CustomType) and by setter (SetterType). */
    public static class TestGlobalReceiver extends ServerEventReceiver {
        public void anyName(CustomType request) {
            CALLS.add("CustomType " + request);
        }

        public void setSetterType(SetterType value) {
            CALLS.add("SetterType " + value);
        }
    }

    /** A plain class (no base class) as global receiver for raw string messages. */
    public static class RawReceiver {
        public void chat(ChatMessage message) {
            CALLS.add("Chat " + message.message);
        }

        public void announce(String text) {
            CALLS.add("Announce " + text);
        }

        public void toggle() {
            CALLS.add("Toggle()");
        }

        public void toggle(String ignored) {
            CALLS.add("Toggle(String) " + ignored);
        }

        public void noSuchMethod(String target, ServerEventMessage message) {
            CALLS.add("raw noSuchMethod " + target);
        }
    }

    /** Receiver {@code css}: {@code css.background-image} reaches backgroundImage. */
    public static class CssReceiver {
        public void backgroundImage(String url) {
            CALLS.add("backgroundImage " + url);
        }
    }

    /** Keeps the last announcement; with a singleton resolver the same instance sees both. */
    public static class SingletonReceiver {
        public volatile String announcement;

        public void announce(String text) {
            this.announcement = text;
            INSTANCES.add(this);
        }
    }

    /** Throws on "boom", records everything else. */
    public static class ThrowingReceiver {
        public void announce(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("receiver failed on purpose");
            }
            CALLS.add("Announce " + text);
        }
    }
}
