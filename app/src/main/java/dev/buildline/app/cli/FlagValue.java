package dev.buildline.app.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A flag's value on the command line ({@code --skip-push=false}) or in its variable: true/false, 1/0, yes/no. */
public final class FlagValue implements ITypeConverter<Boolean> {

    @Override
    public Boolean convert(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new TypeConversionException("expects true or false, got '" + value + "'");
        };
    }
}
