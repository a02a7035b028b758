package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The server jar that tests start as a process, refused loudly when it is missing or older than the code it is
 * built from: a stale jar would pass these tests without testing today's server. Failsafe runs them after
 * {@code package} in the same build ({@code mvn verify}, {@code mvn install}, ./run-tests), so the jar is fresh.
 */
public final class ServerJar {
    /** Modules that start or measure the jar, not built into it. */
    private static final List<String> NOT_IN_JAR = List.of("bench", "interop-java", "testing");

    private ServerJar() {
    }

    /** {@code SWITCHBOARD_JAR}, else the one the build names, else ../server/target/switchboard.jar; checked. */
    public static Path checked() {
        String override = System.getenv("SWITCHBOARD_JAR");
        Path jar = Path.of(override != null ? override
                : System.getProperty("switchboard.serverJar", "../server/target/switchboard.jar"));
        requireFresh(jar, Path.of(System.getProperty("switchboard.sourceRoot", "..")));
        return jar;
    }

    public static void requireFresh(Path jar, Path root) {
        String rebuild = "; these tests start the packaged server: run them with `mvn verify` (or `mvn install`, "
                + "./run-tests), which packages the jar first";
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar.toAbsolutePath().normalize() + " is missing" + rebuild);
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            Optional<Path> newer = newerThan(root.resolve("pom.xml"), built);
            for (String module : modules(root)) {
                for (String part : List.of("pom.xml", "src/main", "target/classes")) {
                    if (newer.isEmpty()) newer = newerThan(root.resolve(module).resolve(part), built);
                }
            }
            if (newer.isPresent()) {
                throw new IllegalStateException(jar.toAbsolutePath().normalize() + " is older than " + newer.get().toAbsolutePath().normalize()
                        + ", so it is not today's server" + rebuild);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The root pom's modules that the jar is built from: read, not listed here, so a new module is not missed. */
    private static List<String> modules(Path root) throws IOException {
        var matcher = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        List<String> out = new java.util.ArrayList<>();
        while (matcher.find()) if (!NOT_IN_JAR.contains(matcher.group(1).trim())) out.add(matcher.group(1).trim());
        if (out.isEmpty()) throw new IllegalStateException("no modules found in " + root.resolve("pom.xml"));
        return out;
    }

    private static Optional<Path> newerThan(Path path, FileTime built) throws IOException {
        if (!Files.exists(path)) return Optional.empty();
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).filter(f -> modified(f).compareTo(built) > 0).findFirst();
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
