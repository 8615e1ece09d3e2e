package dev.buildline.common.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.plan.ContextLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Docker's documented .dockerignore examples and moby patternmatcher's match table (learned from, not copied):
 * does the rule set leave the path out of the build context?
 */
class DockerIgnoreTest {

    @ParameterizedTest(name = "[{0}] excludes {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # Docker docs: */temp* ; */*/temp* ; temp?
            */temp*             | somedir/temporary.txt        | true
            */temp*             | somedir/temp                 | true
            */temp*             | somedir/temp/inside.txt      | true
            */temp*             | temporary.txt                | false
            */*/temp*           | somedir/subdir/temporary.txt | true
            */*/temp*           | somedir/temporary.txt        | false
            temp?               | tempa                        | true
            temp?               | tempb                        | true
            temp?               | temp                         | false
            temp?               | dir/tempa                    | false
            # Docker docs: **/*.go excludes .go files in every directory, the root included
            **/*.go             | main.go                      | true
            **/*.go             | cmd/tool/main.go             | true
            **/*.go             | main.golang                  | false
            # a leading / is the context root
            /foo/bar            | foo/bar                      | true
            foo/bar             | foo/bar/baz.txt              | true
            foo/bar             | x/foo/bar                    | false
            # a trailing / names a directory, matched with everything below it
            docs/               | docs/README.md               | true
            # moby's table: ** and its prefix and suffix forms
            **                  | file                         | true
            **                  | dir/file                     | true
            dir/**              | dir/file                     | true
            dir/**              | dir/dir2/file                | true
            abc/**              | abc                          | false
            abc/**              | abc/def/ghi                  | true
            **/dir              | dir                          | true
            **/dir              | dir/file                     | true
            **/dir2/*           | dir/dir2/file                | true
            **/dir2/**          | dir/dir2/dir3/file           | true
            **file              | dir/dir/file                 | true
            **/file*.txt        | dir/dir/file.txt             | true
            **/**/*.txt2        | dir/dir/file.txt             | false
            a**/*.txt           | a/dir/dir/file.txt           | true
            a/*.txt             | a/dir/file.txt               | false
            **/foo/bar          | dir/dir2/foo/bar             | true
            **/.foo             | .foo                         | true
            **/.foo             | bar.foo                      | false
            # Go filepath.Match syntax
            a[b-d]e             | ace                          | true
            a[b-d]e             | aae                          | false
            a[^b-d]e            | aze                          | true
            .*                  | .foo                         | true
            .*                  | foo                          | false
            abc.def             | abcZdef                      | false
            abc?def             | abcZdef                      | true
            a?b                 | a/b                          | false
            a*b                 | a/b                          | false
            a\\*b               | a*b                          | true
            a(b)c/def           | a(b)c/def                    | true
            dist/*.whl          | dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl | true
            # moby's expression for ** in the middle is (.*/)?: nothing, or anything up to a '/'
            a**b                | ab                           | true
            a**b                | axb                          | false
            a**b                | ax/y/b                       | true
            dir/**/file         | dir/file                     | true
            dir/**/file         | dir/x/y/file                 | true
            dir/**/file         | dir/x/y/file2                | false
            **/x/**/*.o         | src/x/a/b/c.o                | true
            src/**/*.o          | src/a/b/c.o/inner            | true
            # classes: one code point, '/' included when negated (moby's expression, not filepath.Match)
            caf?                | café                         | true
            a[^b]c              | a/c                          | true
            [a-c][!-~]          | b!                           | true
            """)
    void singlePattern(String pattern, String path, boolean excluded) {
        assertThat(DockerIgnore.parse(pattern).excludes(path)).isEqualTo(excluded);
    }

    @Test
    void documentedExceptionExample() {
        DockerIgnore rules = DockerIgnore.parse("*.md\n!README.md\n");

        assertThat(rules.excludes("CHANGES.md")).isTrue();
        assertThat(rules.excludes("README.md")).isFalse();
    }

    @Test
    void theLastMatchingLineDecides() {
        DockerIgnore secretExcluded = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");
        DockerIgnore allReadmesKept = DockerIgnore.parse("*.md\nREADME-secret.md\n!README*.md\n");

        assertThat(secretExcluded.excludes("README-secret.md")).isTrue();
        assertThat(secretExcluded.excludes("README-public.md")).isFalse();
        assertThat(allReadmesKept.excludes("README-secret.md")).isFalse();
    }

    @Test
    void anExceptionReachesIntoAnExcludedDirectory() {
        DockerIgnore rules = DockerIgnore.parse("docs\n!docs/README.md\n");

        assertThat(rules.excludes("docs/README.md")).isFalse();
        assertThat(rules.excludes("docs/other.md")).isTrue();
    }

    @Test
    void everythingButAnAllowList() {
        DockerIgnore rules = DockerIgnore.parse("*\n!src\n!Dockerfile\n");

        assertThat(rules.excludes("src/main.c")).isFalse();
        assertThat(rules.excludes("Dockerfile")).isFalse();
        assertThat(rules.excludes("secrets.env")).isTrue();
    }

    @Test
    void commentsBlankLinesSpacesAndBomAreIgnored() {
        DockerIgnore rules = DockerIgnore.parse("\uFEFF# comment\n\n   build/  \n #not a comment\n");

        assertThat(rules.patterns()).containsExactly("build", "#not a comment");
        assertThat(rules.excludes("# comment")).isFalse();
        assertThat(rules.excludes("build/out.o")).isTrue();
    }

    @Test
    void theContextItselfIsNeverExcluded() {
        assertThat(DockerIgnore.parse("*\n").excludes(".")).isFalse();
    }

    @Test
    void badPatternsAreRefusedLikeDocker() {
        assertThatThrownBy(() -> DockerIgnore.parse("!\n")).isInstanceOf(InvalidIgnorePatternException.class)
                .hasMessage("invalid .dockerignore pattern '!': '!' must be followed by a pattern");
        assertThatThrownBy(() -> DockerIgnore.parse("a[\n")).isInstanceOf(InvalidIgnorePatternException.class)
                .hasMessageContaining("'[' without a closing ']'");
        assertThatThrownBy(() -> DockerIgnore.parse("[x-]\n")).isInstanceOf(InvalidIgnorePatternException.class);
        assertThatThrownBy(() -> DockerIgnore.parse("[]a]\n")).isInstanceOf(InvalidIgnorePatternException.class);
    }

    /**
     * The line that kept a core busy for minutes with Java's backtracking regex: a name of many 'a' without the final
     * 'b'. The answer is what counts here; the time it takes is linear in the name (see IgnorePattern).
     */
    @Test
    void manyStarsAgainstALongNameAreAnsweredRight() {
        DockerIgnore rules = DockerIgnore.parse("*a*a*a*a*a*a*a*a*b\n");
        String many = "a".repeat(5_000);

        assertThat(rules.excludes(many)).isFalse();
        assertThat(rules.excludes(many + "b")).isTrue();
        assertThat(rules.excludes(many + "b/inside")).as("its directory matches").isTrue();
        assertThat(rules.excludes(many + "/" + many)).isFalse();
        assertThat(rules.excludes("ab")).as("eight a's are needed").isFalse();
        assertThat(rules.excludes("aaaaaaaab")).isTrue();
        assertThat(DockerIgnore.parse("**/*a*a*a*a*a*a*a*a*b\n").excludes("x/".repeat(1_000) + many)).isFalse();
    }

    @Test
    void aFileOverTheLimitsIsRefusedNamingTheLine() {
        String tooMany = "# many\n" + "a\n".repeat(DockerIgnore.MAX_PATTERNS) + "b\n";
        String tooLong = "a\n\n" + "x".repeat(DockerIgnore.MAX_PATTERN_CHARS + 1) + "\n";

        assertThatThrownBy(() -> DockerIgnore.parse(tooMany)).isInstanceOf(InvalidIgnorePatternException.class)
                .hasMessage(".dockerignore line 10002: more than 10000 patterns");
        assertThatThrownBy(() -> DockerIgnore.parse(tooLong)).isInstanceOf(InvalidIgnorePatternException.class)
                .hasMessage(".dockerignore line 3: the pattern is 1025 characters long, more than the limit of 1024");
        assertThat(DockerIgnore.parse("a\n".repeat(DockerIgnore.MAX_PATTERNS)).patterns()).hasSize(10_000);
    }

    @Test
    void aReversedRangeIsRefusedAsDockersExpressionRefusesIt() {
        assertThatThrownBy(() -> DockerIgnore.parse("[z-a]\n")).isInstanceOf(InvalidIgnorePatternException.class)
                .hasMessage("invalid .dockerignore pattern '[z-a]': range z-a is reversed");
    }

    @Test
    void devspaceIgnoreFileWinsAndLeavesDockerignoreOut() {
        ContextLayout layout = ContextLayout.of("", "./app", "./app/Dockerfile");
        Map<String, String> files = Map.of("app/devspace.dockerignore", "*.log\nDockerfile\n",
                "app/.dockerignore", "src\n");

        DockerIgnore rules = DockerIgnore.forBuild(layout, path -> Optional.ofNullable(files.get(path)));

        assertThat(rules.source()).contains("app/devspace.dockerignore");
        assertThat(rules.excludes("debug.log")).isTrue();
        assertThat(rules.excludes("src/main.c")).isFalse();
        assertThat(rules.excludes(".dockerignore")).isTrue();
        assertThat(rules.excludes("Dockerfile")).as("the Dockerfile is always sent").isFalse();
        assertThat(rules.excludes(".devspace/cache")).isTrue();
    }

    @Test
    void dockerfileSpecificIgnoreFileComesSecond() {
        ContextLayout layout = ContextLayout.of("", ".", "build/api.Dockerfile");
        Map<String, String> files = Map.of("build/api.Dockerfile.dockerignore", "*\n!bin\n", ".dockerignore", "bin\n");

        DockerIgnore rules = DockerIgnore.forBuild(layout, path -> Optional.ofNullable(files.get(path)));

        assertThat(rules.source()).contains("build/api.Dockerfile.dockerignore");
        assertThat(rules.excludes("bin/api")).isFalse();
        assertThat(rules.excludes("README.md")).isTrue();
        assertThat(rules.excludes("build/api.Dockerfile")).isFalse();
        assertThat(rules.excludes("build/api.Dockerfile.dockerignore")).as("the ignore file is kept").isFalse();
    }

    @Test
    void plainDockerignoreComesLastAndIsKept() {
        ContextLayout layout = ContextLayout.of("", ".", "Dockerfile");
        Map<String, String> files = Map.of(".dockerignore", ".*\nDockerfile\n");

        DockerIgnore rules = DockerIgnore.forBuild(layout, path -> Optional.ofNullable(files.get(path)));

        assertThat(rules.source()).contains(".dockerignore");
        assertThat(rules.excludes(".env")).isTrue();
        assertThat(rules.excludes(".dockerignore")).isFalse();
        assertThat(rules.excludes("Dockerfile")).isFalse();
        assertThat(rules.patterns()).containsExactly(".*", "Dockerfile", "!.dockerignore", "!Dockerfile", ".devspace");
    }

    @Test
    void noIgnoreFileStillLeavesDevspaceStateOut() {
        ContextLayout layout = ContextLayout.of("", ".", "Dockerfile");

        DockerIgnore rules = DockerIgnore.forBuild(layout, path -> Optional.empty());

        assertThat(rules.source()).isEmpty();
        assertThat(rules.patterns()).containsExactly(".devspace");
        assertThat(rules.excludes("src/app.c")).isFalse();
    }

    @Test
    void anInjectedDockerfileIsKept() {
        ContextLayout layout = ContextLayout.of("", "app", "docker/Dockerfile");
        Map<String, String> files = Map.of("app/.dockerignore", ".*\n");

        DockerIgnore rules = DockerIgnore.forBuild(layout, path -> Optional.ofNullable(files.get(path)));

        assertThat(layout.fileInContext()).startsWith(".dockerfile.");
        assertThat(rules.excludes(layout.fileInContext())).isFalse();
        assertThat(rules.excludes(".git/config")).isTrue();
    }

    @Test
    void lookupOrderIsDevSpaces() {
        assertThat(ContextLayout.of("svc", "./app", "./Dockerfile").ignoreFileCandidates())
                .isEqualTo(List.of("svc/app/devspace.dockerignore", "svc/Dockerfile.dockerignore", "svc/app/.dockerignore"));
    }
}
