package dev.buildline.app.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The environment variable an option falls back to when the command line does not give it ({@link EnvironmentDefaults}).
 * The option's description names the variable too, so {@code --help} shows it; {@code LauncherTest} holds the two
 * together.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface EnvVar {
    String value();
}
