package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public API of each published module, one line per public or protected type and member, compared with
 * {@code herald-api/api/<module>.txt}. A change to the public surface fails here until the listing is updated on
 * purpose: {@code mvn -pl herald-api -am verify -Dherald.api.update=true} rewrites the files, and the diff of
 * {@code api/} then shows the change in review.
 */
class PublicApiTest {

    /** A module: its name, a class it surely holds (to find its jar), and the packages that are its API. */
    record Module(String name, String anchor, List<String> packages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Module> modules() {
        return Stream.of(
                new Module("herald-core", "io.herald.ServerEvents",
                        List.of("io.herald", "io.herald.http", "io.herald.spi", "io.herald.memory")),
                new Module("herald-jackson", "io.herald.jackson.JacksonJsonCodec", List.of("io.herald.jackson")),
                new Module("herald-netty", "io.herald.netty.HeraldServer", List.of("io.herald.netty")),
                new Module("herald-redis", "io.herald.redis.RedisServerEvents", List.of("io.herald.redis")),
                new Module("herald-client", "io.herald.client.ServerEventsClient", List.of("io.herald.client")),
                new Module("herald-tck", "io.herald.tck.TckServer", List.of("io.herald.tck", "io.herald.testkit")),
                new Module("herald-micrometer", "io.herald.micrometer.HeraldMetrics", List.of("io.herald.micrometer")),
                new Module("herald-servlet", "io.herald.servlet.HeraldServlet", List.of("io.herald.servlet")));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void publicSurfaceMatchesTheListing(Module module) throws Exception {
        String actual = String.join("\n", listing(module)) + "\n";
        Path file = Path.of("api", module.name() + ".txt");
        if (Boolean.getBoolean("herald.api.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("%s does not exist: run mvn -pl herald-api -am verify -Dherald.api.update=true", file)
                .exists();
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        List<String> removed = new ArrayList<>(lines(expected));
        removed.removeAll(lines(actual));
        List<String> added = new ArrayList<>(lines(actual));
        added.removeAll(lines(expected));
        assertThat(added).as("public API of %s gained (if on purpose: -Dherald.api.update=true and commit api/)",
                module.name()).isEmpty();
        assertThat(removed).as("public API of %s lost (if on purpose: -Dherald.api.update=true and commit api/)",
                module.name()).isEmpty();
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static TreeSet<String> listing(Module module) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (String className : classNames(module)) {
            Class<?> type = Class.forName(className, false, PublicApiTest.class.getClassLoader());
            if (!isApi(type)) {
                continue;
            }
            String owner = type.getName();
            out.add(owner + " " + kind(type) + typeDetail(type));
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers()) && !c.isSynthetic()) {
                    out.add(owner + " " + modifiers(c.getModifiers()) + "<init>" + params(c.getGenericParameterTypes()));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    out.add(owner + " " + modifiers(m.getModifiers()) + m.getGenericReturnType().getTypeName() + " "
                            + m.getName() + params(m.getGenericParameterTypes()));
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    out.add(owner + " " + modifiers(f.getModifiers()) + f.getGenericType().getTypeName() + " " + f.getName());
                }
            }
        }
        return out;
    }

    /** Public, and reachable: top level, or nested in a public type. */
    private static boolean isApi(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String kind(Class<?> type) {
        String k = type.isRecord() ? "record" : type.isEnum() ? "enum" : type.isAnnotation() ? "@interface"
                : type.isInterface() ? "interface" : "class";
        String mods = Modifier.toString(type.getModifiers() & (Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC));
        if (type.isInterface()) {
            mods = "";
        }
        return (mods.isEmpty() ? "" : mods + " ") + k;
    }

    private static String typeDetail(Class<?> type) {
        StringBuilder sb = new StringBuilder();
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
                && !type.isRecord()) {
            sb.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        var interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            List<String> names = new ArrayList<>();
            for (var i : interfaces) {
                names.add(i.getTypeName());
            }
            sb.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", names));
        }
        return sb.toString();
    }

    private static String modifiers(int m) {
        String s = Modifier.toString(m & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL
                | Modifier.ABSTRACT));
        return s.isEmpty() ? "" : s + " ";
    }

    private static String params(java.lang.reflect.Type[] types) {
        List<String> names = new ArrayList<>();
        for (var t : types) {
            names.add(t.getTypeName());
        }
        return "(" + String.join(", ", names) + ")";
    }

    /** The classes of the module's API packages (not sub-packages), from its jar or classes folder. */
    private static List<String> classNames(Module module) throws IOException, URISyntaxException, ClassNotFoundException {
        Class<?> anchor = Class.forName(module.anchor());
        Path where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> where.relativize(p).toString().replace('/', '.'))
                        .forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.endsWith(".class")) {
                        names.add(n.replace('/', '.'));
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String className = n.substring(0, n.length() - ".class".length());
            int dot = className.lastIndexOf('.');
            String pkg = dot < 0 ? "" : className.substring(0, dot);
            if (module.packages().contains(pkg) && !className.endsWith("package-info") && !className.endsWith("module-info")) {
                out.add(className);
            }
        }
        return out;
    }
}
