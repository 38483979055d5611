package io.twinhub.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinhub.bench.cli.Invocation;
import io.twinhub.bench.scenario.Figure;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.server.ServerHandle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON result file: what was run, where, and every figure, detail, note and progress row. */
public final class JsonReport {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() { }

    public static void writeRun(Path file, RunResult result, ServerHandle server) throws IOException {
        ObjectNode root = header();
        Map<String, Object> srv = new LinkedHashMap<>();
        srv.put("name", server.name());
        srv.put("address", server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
        srv.put("pid", server.pid());
        root.set("server", MAPPER.valueToTree(srv));
        root.set("result", toJson(result));
        write(file, root);
    }

    static ObjectNode header() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", "twinhub-bench");
        root.put("command", Invocation.command());
        root.put("date", OffsetDateTime.now().toString());
        root.set("machine", MAPPER.valueToTree(Machine.describe()));
        return root;
    }

    static ObjectNode toJson(RunResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("scenario", r.scenario());
        n.put("server", r.server());
        n.put("valid", r.valid());
        n.set("config", MAPPER.valueToTree(r.config()));
        ObjectNode figures = n.putObject("figures");
        for (Figure f : r.figures()) {
            ObjectNode fn = figures.putObject(f.key());
            if (f.present()) {
                fn.put("value", f.value());
            } else {
                fn.putNull("value");
            }
            fn.put("unit", f.unit());
            fn.put("label", f.label());
            fn.put("higher_is_better", f.higherIsBetter());
        }
        n.set("details", MAPPER.valueToTree(sanitize(r.details())));
        n.set("notes", MAPPER.valueToTree(r.notes()));
        n.set("progress", MAPPER.valueToTree(r.progress().stream().map(JsonReport::sanitize).toList()));
        return n;
    }

    /** NaN is not JSON: becomes null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> sanitize(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                out.put(k, null);
            } else if (v instanceof Map<?, ?> inner) {
                out.put(k, sanitize((Map<String, Object>) inner));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    static void write(Path file, ObjectNode root) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writeValue(file.toFile(), root);
    }
}
