package dev.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code gatehouse} launcher script from a scratch copy of the repository with a PATH and
 * JAVA_HOME that hold only fakes, to see what it says when a JDK or Maven is missing.
 */
class LauncherTest {
    private static final Path SCRIPT = Path.of("..", "gatehouse");

    @TempDir
    Path tmp;
    Path repo;
    Path emptyBin;
    Path emptyJvmDir;

    @BeforeEach
    void scratchRepository() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(SCRIPT, repo.resolve("gatehouse"));
        emptyBin = Files.createDirectories(tmp.resolve("bin"));
        emptyJvmDir = Files.createDirectories(tmp.resolve("jvm"));
    }

    @Test
    void withoutJdk21ItSaysWhatIsMissingAndExitsWith2() throws Exception {
        Path oldJdk = fakeJdk("jdk-17", "17.0.2");

        Result r = run(Map.of("JAVA_HOME", oldJdk.toString()), "version");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("no JDK 21 or newer found")
                .contains("JAVA_HOME=" + oldJdk + " is Java 17")
                .contains("no java on PATH")
                .contains("set JAVA_HOME to a JDK 21+");
    }

    @Test
    void oldJavaEightVersionStringIsReadAsEight() throws Exception {
        Path ancient = fakeJdk("jdk-8", "1.8.0_392");

        Result r = run(Map.of("JAVA_HOME", ancient.toString()), "version");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("is Java 8");
    }

    @Test
    void newestJdkUnderTheJvmDirectoryIsUsedWhenJavaHomeIsTooOld() throws Exception {
        Path oldJdk = fakeJdk("jdk-17", "17.0.2");
        fakeJdkIn(emptyJvmDir, "jdk-21", "21.0.4");
        fakeJdkIn(emptyJvmDir, "jdk-25", "25");

        Result r = run(Map.of("JAVA_HOME", oldJdk.toString()), "version");

        assertThat(r.exitCode()).as("no Maven to build the jar with").isEqualTo(2);
        assertThat(r.stderr()).doesNotContain("no JDK").contains("Maven (mvn) was not found on PATH");
    }

    @Test
    void withoutMavenAndWithoutJarItSaysMavenIsNeededAndExitsWith2() throws Exception {
        Path jdk = fakeJdk("jdk-21", "21.0.4");

        Result r = run(Map.of("JAVA_HOME", jdk.toString()), "serve");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("Maven (mvn) was not found on PATH; it is needed to build")
                .contains("gatehouse.jar");
    }

    @Test
    void testSubcommandWithoutMavenSaysMavenIsNeeded() throws Exception {
        Path jdk = fakeJdk("jdk-21", "21.0.4");

        Result r = run(Map.of("JAVA_HOME", jdk.toString()), "test");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("Maven (mvn) was not found on PATH; it is needed to run the tests");
    }

    private Path fakeJdk(String name, String version) throws IOException {
        return fakeJdkIn(tmp, name, version);
    }

    /** A directory with a bin/java that prints the version banner of {@code version}, as a JDK does. */
    private static Path fakeJdkIn(Path parent, String name, String version) throws IOException {
        Path home = parent.resolve(name);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Result run(Map<String, String> extraEnv, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().addAll(List.of("/bin/bash", repo.resolve("gatehouse").toString()));
        pb.command().addAll(List.of(args));
        pb.directory(repo.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", emptyBin.toString());
        pb.environment().put("GATEHOUSE_JVM_DIR", emptyJvmDir.toString());
        pb.environment().putAll(extraEnv);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), stdout, stderr);
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
