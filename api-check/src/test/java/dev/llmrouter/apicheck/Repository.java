package dev.llmrouter.apicheck;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the build's outputs are, as the pom passes them to the tests. */
final class Repository {

    private Repository() {
    }

    /** The repository's root folder (the reactor's top). */
    static Path root() {
        return Path.of(required("llmrouter.root")).toAbsolutePath().normalize();
    }

    /** The published jars' run-time class path, one entry per element, as Maven resolved it. */
    static String runtimeClasspath() throws java.io.IOException {
        return Files.readString(Path.of(required("llmrouter.runtimeClasspath"))).strip();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through Maven"
                    + " (api-check/pom.xml sets it)");
        }
        return value;
    }
}
