package dev.buildline.app.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command (picocli's standard mixin would add a {@code --version} with nothing to say). */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
