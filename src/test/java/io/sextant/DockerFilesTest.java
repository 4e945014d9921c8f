package io.sextant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Docker files checked without a Docker engine: the image copies every directory the build
 * reads, and every Sextant setting compose and the Dockerfile pass is one the server reads.
 */
class DockerFilesTest {

    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final Path COMPOSE = Path.of("docker/compose.yaml");

    @Test
    void should_copy_every_directory_the_build_reads() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        String dockerfile = Files.readString(DOCKERFILE);
        Set<String> copied = new HashSet<>();
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(?!--)(.+?)\\s+\\S+$").matcher(dockerfile);
        while (copy.find()) {
            copied.addAll(List.of(copy.group(1).split("\\s+")));
        }
        // resource directories, the wrapper and the POM: what "mvnw package" reads
        Matcher resource = Pattern.compile("<directory>([^<$]+)</directory>").matcher(pom);
        Set<String> read = new HashSet<>(Set.of(".mvn", "mvnw", "pom.xml"));
        while (resource.find()) {
            read.add(resource.group(1).split("/")[0]);
        }
        assertThat(copied).as("what the Dockerfile copies").containsAll(read);
    }

    @Test
    void should_pass_only_settings_the_server_reads() throws IOException {
        Set<String> known = settings();
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        Set<String> passed = new HashSet<>();
        Matcher env = Pattern.compile("(?m)^\\s*(SEXTANT_[A-Z0-9_]+)\\s*[:=]").matcher(Files.readString(COMPOSE));
        while (env.find()) {
            passed.add(env.group(1));
        }
        Matcher dockerEnv = Pattern.compile("(SEXTANT_[A-Z0-9_]+)=").matcher(Files.readString(DOCKERFILE));
        while (dockerEnv.find()) {
            passed.add(dockerEnv.group(1));
        }
        assertThat(passed).isNotEmpty();
        for (String name : passed) {
            // a placeholder in application.properties, or a property of a configuration mapping
            assertThat(properties.contains("${" + name) || known.contains(name))
                    .as(name + " is read by the server")
                    .isTrue();
        }
    }

    /** Every sextant.* property of the configuration mappings, in environment-variable form. */
    private static Set<String> settings() throws IOException {
        Set<String> names = new HashSet<>();
        Pattern prefix = Pattern.compile("@ConfigMapping\\(prefix = \"(sextant[^\"]*)\"\\)");
        Pattern method = Pattern.compile("(?m)^\\s+(?:[\\w.<>?, ]+)\\s+(\\w+)\\(\\);");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher p = prefix.matcher(source);
                if (!p.find()) {
                    continue;
                }
                Matcher m = method.matcher(source);
                while (m.find()) {
                    String kebab = m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2");
                    names.add(
                            (p.group(1) + "." + kebab).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
                }
            }
        }
        return names;
    }
}
