package dev.buildline.common.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code common} holds the pure parts both services share (config model, planners, messages, matchers): they take
 * and return values, so they are tested without I/O. This rule, run by every build, fails when a main class of
 * common reaches for git, Kafka, Vert.x, Kubernetes, the network, the file system or processes; such code belongs in
 * {@code git}, {@code runtime} or the service that does the I/O.
 */
class NoIoInCommonTest {

    static final ArchRule NO_IO = noClasses().that().resideInAPackage("dev.buildline.common..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.eclipse.jgit..", "org.apache.kafka..", "io.vertx..", "io.fabric8..", "java.net..",
                    "java.nio.file..", "java.nio.channels..")
            .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|RandomAccessFile).*")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
            .orShould().dependOnClassesThat().haveFullyQualifiedName(Runtime.class.getName())
            .because("common stays pure: I/O lives in git, runtime or the service that does it");

    @Test
    void commonMainClassesDoNoIo() {
        NO_IO.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.buildline.common"));
    }

    @Test
    void theRuleCatchesAClassOfCommonThatReadsAFile() {
        assertThatThrownBy(() -> NO_IO.check(new ClassFileImporter().importClasses(ReadsAFile.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.nio.file.Files");
    }

    /** What the rule must refuse: a class in common's packages that reads the disk. */
    static final class ReadsAFile {
        String read(Path file) throws IOException {
            return Files.readString(file);
        }
    }
}
