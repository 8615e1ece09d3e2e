package dev.buildline.common.config.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Values as DevSpace's Go code sees them: what type a YAML scalar has once decoded (yaml.v3's YAML 1.2 rules, not
 * SnakeYAML's 1.1 ones: {@code yes} is a string), Go's {@code strconv.Atoi} and {@code ParseBool}, and
 * {@code fmt.Sprintf("%v")} for a value embedded in a string.
 */
final class GoValues {

    private static final Pattern ATOI = Pattern.compile("[+-]?[0-9]+");
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
    private static final Set<String> YAML_NULL = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> YAML_BOOL = Set.of("true", "True", "TRUE", "false", "False", "FALSE");
    private static final Pattern YAML_INT = Pattern.compile("[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+"
            + "|[-+]?0o[0-7_]+|[-+]?0b[01_]+");
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)"
            + "([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private GoValues() {
    }

    /** The tag yaml.v3 would give a scalar when decoding into {@code interface{}}. */
    static Tag goTag(ScalarNode scalar) {
        if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN || !scalar.getTag().equals(Tag.STR)
                && !scalar.getTag().equals(Tag.INT) && !scalar.getTag().equals(Tag.BOOL)
                && !scalar.getTag().equals(Tag.FLOAT) && !scalar.getTag().equals(Tag.NULL)) {
            return scalar.getTag().equals(Tag.NULL) || scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.BOOL)
                    || scalar.getTag().equals(Tag.FLOAT) ? scalar.getTag() : Tag.STR;
        }
        String text = scalar.getValue();
        if (scalar.getTag().equals(Tag.FLOAT) && (YAML_INT.matcher(text).matches() || YAML_FLOAT.matcher(text).matches())) {
            return Tag.FLOAT; // a number that went through JSON (a float64), whatever its text
        }
        if (YAML_NULL.contains(text)) {
            return Tag.NULL;
        }
        if (YAML_BOOL.contains(text)) {
            return Tag.BOOL;
        }
        char first = text.charAt(0);
        if (!(first >= '0' && first <= '9') && first != '-' && first != '+' && first != '.') {
            return Tag.STR; // numbers start with a digit, a sign or a dot
        }
        if (YAML_INT.matcher(text).matches()) {
            return Tag.INT;
        }
        if (YAML_FLOAT.matcher(text).matches()) {
            return Tag.FLOAT;
        }
        return Tag.STR;
    }

    static boolean isString(Node node) {
        return node instanceof ScalarNode scalar && goTag(scalar).equals(Tag.STR);
    }

    /** DevSpace's convertStringValue: Atoi, then ParseBool, else the string. */
    static Node convertString(String value, Mark mark) {
        Node number = atoi(value, mark);
        if (number != null) {
            return number;
        }
        Boolean bool = parseBool(value);
        if (bool != null) {
            return Nodes.scalar(Tag.BOOL, bool.toString(), mark);
        }
        return stringNode(value, mark);
    }

    static Node atoi(String value, Mark mark) {
        if (!ATOI.matcher(value).matches()) {
            return null;
        }
        try {
            return Nodes.scalar(Tag.INT, Long.toString(Long.parseLong(value)), mark);
        } catch (NumberFormatException e) {
            return null; // out of range for Go's int
        }
    }

    static Boolean parseBool(String value) {
        if (TRUE.contains(value)) {
            return true;
        }
        return FALSE.contains(value) ? false : null;
    }

    /** A string value, quoted so that it stays a string whatever its text. */
    static ScalarNode stringNode(String value, Mark mark) {
        return new ScalarNode(Tag.STR, value, mark, mark, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
    }

    /** {@code fmt.Sprintf("%v", value)}. */
    static String format(Node value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof ScalarNode scalar) {
            Tag tag = goTag(scalar);
            if (tag.equals(Tag.NULL)) {
                return "<nil>";
            }
            if (tag.equals(Tag.BOOL)) {
                return scalar.getValue().toLowerCase(Locale.ROOT);
            }
            if (tag.equals(Tag.INT)) {
                return intText(scalar.getValue());
            }
            if (tag.equals(Tag.FLOAT)) {
                return floatText(scalar.getValue());
            }
            return scalar.getValue();
        }
        if (value instanceof SequenceNode sequence) {
            List<String> items = new ArrayList<>();
            sequence.getValue().forEach(item -> items.add(format(item)));
            return "[" + String.join(" ", items) + "]";
        }
        List<String> entries = new ArrayList<>();
        for (NodeTuple tuple : ((MappingNode) value).getValue()) {
            entries.add(format(tuple.getKeyNode()) + ":" + format(tuple.getValueNode()));
        }
        entries.sort(null); // Go prints map keys sorted
        return "map[" + String.join(" ", entries) + "]";
    }

    private static String intText(String yaml) {
        String text = yaml.replace("_", "");
        try {
            int sign = text.startsWith("-") ? -1 : 1;
            String digits = text.replaceFirst("^[-+]", "");
            long value;
            if (digits.startsWith("0x")) {
                value = Long.parseLong(digits.substring(2), 16);
            } else if (digits.startsWith("0o")) {
                value = Long.parseLong(digits.substring(2), 8);
            } else if (digits.startsWith("0b")) {
                value = Long.parseLong(digits.substring(2), 2);
            } else {
                value = Long.parseLong(digits);
            }
            return Long.toString(sign * value);
        } catch (NumberFormatException e) {
            return yaml;
        }
    }

    /** Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}, which both %v and yaml.v3 use. */
    static String floatText(String yaml) {
        String text = yaml.replace("_", "");
        if (text.toLowerCase(Locale.ROOT).endsWith("inf")) {
            return text.startsWith("-") ? "-Inf" : "+Inf";
        }
        if (text.toLowerCase(Locale.ROOT).endsWith("nan")) {
            return "NaN";
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return yaml;
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) { // shortest 'g' decides with precision 6
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        return sign + decimal.toPlainString();
    }
}
