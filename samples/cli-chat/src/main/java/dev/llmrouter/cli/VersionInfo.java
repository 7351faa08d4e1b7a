package dev.llmrouter.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code --version}: the llmrouter version the build wrote into {@code version.properties}, and the
 * Java runtime. Stateless and thread-safe.
 */
public final class VersionInfo implements IVersionProvider {
    /** The llmrouter version of this build ({@code 0.1.0}). */
    public static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CLI's version.properties: " + e.getMessage(), e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {Cli.PROGRAM + " " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
