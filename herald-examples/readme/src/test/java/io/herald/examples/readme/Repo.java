package io.herald.examples.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository, found from the module's folder (where Maven runs the tests). */
final class Repo {

    private Repo() {
    }

    /** The repository's root: the nearest folder up with README.md and the herald-parent pom. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(pom)
                        && Files.readString(pom).contains("<artifactId>herald-parent</artifactId>")
                        && !Files.readString(pom).contains("<parent>")) {
                    return dir;
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + pom, e);
            }
        }
        throw new IllegalStateException("No Herald repository above " + Path.of("").toAbsolutePath());
    }
}
