package dev.buildline.common.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.buildline.common.messages.Json;
import java.util.List;
import java.util.TreeMap;

/**
 * The line {@code buildline plan} prints for one image (Stable interface):
 * {@code {"image", "mode", "argv", "createArgv", "env"}}, plus {@code "builder": {"name", "namespace", "deployment"}}
 * for in-cluster builds (buildx's kubernetes driver names the Deployment {@code <name>0}) and {@code "kindLoadArgv"}
 * when a kind load follows the build, and {@code "dockerfileEdits": {"file", "stage", "insert"}} when the image's
 * entrypoint, cmd or appendDockerfileInstructions change the Dockerfile: {@code file} is the Dockerfile as buildx reads
 * it from the context, {@code stage} the target stage whose end receives the text (null: the end of the file) and
 * {@code insert} the text DevSpace adds. Keys in that order, env sorted by name, so the output is byte-for-byte
 * deterministic.
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static String line(BuildPlan plan) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("image", plan.image());
        node.put("mode", plan.mode().wireName());
        strings(node.putArray("argv"), plan.argv());
        if (plan.createArgv() == null) {
            node.putNull("createArgv");
        } else {
            strings(node.putArray("createArgv"), plan.createArgv());
        }
        ObjectNode env = node.putObject("env");
        new TreeMap<>(plan.env()).forEach(env::put);
        if (plan.builderName() != null) {
            ObjectNode builder = node.putObject("builder");
            builder.put("name", plan.builderName());
            builder.put("namespace", plan.builderNamespace());
            builder.put("deployment", BuildPlan.deploymentName(plan.builderName()));
        }
        if (!plan.kindLoadArgv().isEmpty()) {
            ArrayNode loads = node.putArray("kindLoadArgv");
            plan.kindLoadArgv().forEach(argv -> strings(loads.addArray(), argv));
        }
        if (plan.dockerfileEdit() != null) {
            ObjectNode edits = node.putObject("dockerfileEdits");
            edits.put("file", plan.dockerfileEdit().file());
            edits.put("stage", plan.dockerfileEdit().stage());
            edits.put("insert", plan.dockerfileEdit().text());
        }
        return Json.toString(node);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
