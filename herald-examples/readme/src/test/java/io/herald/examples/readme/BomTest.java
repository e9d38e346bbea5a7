package io.herald.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * herald-bom stays true to the build: it has herald-parent's version, lists every published module of the root
 * pom at that version, and nothing else but the modules announced before they land. (It lives here because a
 * pom-packaged BOM has no tests of its own; the README's coordinates table points users to it.)
 */
class BomTest {

    private static final Path ROOT = Repo.root();
    /** Modules built but not published. */
    private static final Set<String> UNPUBLISHED = Set.of("herald-bom", "herald-chat", "herald-bench", "herald-api", "herald-interop");
    /** In the BOM ahead of their modules (issue 11); once built they are checked like the rest. */
    private static final Set<String> ANNOUNCED = Set.of("herald-servlet", "herald-spring-boot-starter");

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Document root = parse(ROOT.resolve("pom.xml"));
        Document bom = parse(ROOT.resolve("herald-bom/pom.xml"));
        String version = text(root.getDocumentElement(), "version");

        assertThat(text(bom.getDocumentElement(), "groupId")).isEqualTo("io.herald");
        assertThat(text(bom.getDocumentElement(), "version")).as("herald-bom's version").isEqualTo(version);
        assertThat(bom.getElementsByTagName("parent").getLength()).as("herald-bom has no parent").isZero();

        Map<String, String> managed = new LinkedHashMap<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertThat(text(d, "groupId")).isEqualTo("io.herald");
            managed.put(text(d, "artifactId"), text(d, "version"));
        }
        assertThat(managed.values()).as("versions in herald-bom").containsOnly("${project.version}");

        List<String> published = new ArrayList<>();
        NodeList modules = root.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Document module = parse(ROOT.resolve(modules.item(i).getTextContent().strip()).resolve("pom.xml"));
            String artifact = text(module.getDocumentElement(), "artifactId");
            if (!UNPUBLISHED.contains(artifact) && !artifact.startsWith("herald-examples")) {
                published.add(artifact);
            }
        }
        assertThat(published).contains("herald-core", "herald-micrometer");
        assertThat(managed.keySet()).as("herald-bom's artifacts").containsAll(published);
        assertThat(managed.keySet()).as("herald-bom lists only published modules")
                .allMatch(a -> published.contains(a) || ANNOUNCED.contains(a));
    }

    private static Document parse(Path pom) throws Exception {
        assertThat(pom).exists();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
    }

    /** The text of {@code parent}'s direct child {@code name}. */
    private static String text(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
    }
}
