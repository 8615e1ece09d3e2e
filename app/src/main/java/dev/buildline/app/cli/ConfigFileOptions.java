package dev.buildline.app.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options {@code plan} and {@code validate} share: the file, {@code --var} and {@code --profile}, as devspace's. */
final class ConfigFileOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = DevspaceFile.DEFAULT_PATH,
            description = "The devspace.yaml to read (env BUILDLINE_CONFIG_PATH, default ${DEFAULT-VALUE}).")
    @EnvVar("BUILDLINE_CONFIG_PATH")
    String file;

    @Option(names = "--var", paramLabel = "NAME=VALUE", split = "\\R", hideParamSyntax = true,
            converter = VarFormat.class,
            description = "A variable's value, as devspace --var; repeatable (env BUILDLINE_VARS, one per line).")
    @EnvVar("BUILDLINE_VARS")
    List<String> vars = new ArrayList<>();

    @Option(names = {"-p", "--profile"}, paramLabel = "P", split = ",",
            description = "Activates a profile, as devspace -p; repeatable or comma-separated (env BUILDLINE_PROFILES).")
    @EnvVar("BUILDLINE_PROFILES")
    List<String> profiles = new ArrayList<>();

    DevspaceFile locate() {
        return DevspaceFile.locate(file);
    }

    DevspaceFile.Inputs inputs(String namespace, String kubeContext) {
        return new DevspaceFile.Inputs(vars, items(profiles), namespace, kubeContext);
    }

    /** The items of a comma-separated option, stripped, without empty ones ({@code -p a,,b}). */
    static List<String> items(List<String> values) {
        return values.stream().map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /** {@code --var} needs {@code NAME=VALUE}, as devspace says ("wrong --var format"). */
    static final class VarFormat implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.indexOf('=') <= 0) {
                throw new TypeConversionException("wrong --var format: " + value + ", expected 'key=val'");
            }
            return value;
        }
    }
}
