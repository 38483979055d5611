package io.twinhub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code twinhub device …}: the device registry of a running node, over its REST API. */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Manage the devices (things) of a running node over its REST API.",
                "Needs an admin or application token: --token or the TWINHUB_TOKEN environment variable."},
        subcommands = {DeviceCommand.Add.class, DeviceCommand.ListDevices.class, DeviceCommand.Get.class,
                DeviceCommand.Remove.class, DeviceCommand.Rotate.class})
public final class DeviceCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** What every subcommand shares: the API options, --verbose, and where to print. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** With --json, prints the answer as is and returns true. */
        boolean printedRaw(ApiClient.Answer answer) {
            if (api.json) {
                out().println(answer.body() == null ? "" : answer.body());
                out().flush();
            }
            return api.json;
        }
    }

    @Command(name = "add", description = "Register a device; prints its token, which is shown only this once.")
    static final class Add extends Base {
        @Parameters(paramLabel = "ID", description = "Device id: 1-128 characters of A-Z a-z 0-9 _ . : -")
        String id;

        @Option(names = "--attr", paramLabel = "KEY=VALUE",
                description = "An attribute; VALUE is read as JSON when it is (42, true, {\"a\":1}), else as text. Repeatable.")
        List<String> attrs = List.of();

        @Option(names = "--attributes", paramLabel = "JSON", description = "All attributes as one JSON object.")
        String attributesJson;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("attributes", attributes());
            ApiClient.Answer answer = api.client().call("POST", "/api/v1/things", null, body);
            if (!printedRaw(answer)) {
                JsonNode d = answer.json();
                out().println("created thing " + d.path("id").asText());
                out().println("token: " + d.path("token").asText());
                out().println("The token is shown only now: give it to the device (MQTT password, or HTTP bearer token).");
                out().flush();
            }
            return 0;
        }

        private ObjectNode attributes() {
            ObjectNode attributes = ApiClient.JSON.createObjectNode();
            if (attributesJson != null) {
                JsonNode parsed = parse(attributesJson);
                if (!(parsed instanceof ObjectNode o)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--attributes must be a JSON object");
                }
                attributes.setAll(o);
            }
            for (String a : attrs) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--attr must be KEY=VALUE, got '" + a + "'");
                }
                String value = a.substring(eq + 1);
                JsonNode v = parse(value);
                attributes.set(a.substring(0, eq), v != null ? v : ApiClient.JSON.getNodeFactory().textNode(value));
            }
            return attributes;
        }

        private static JsonNode parse(String text) {
            try {
                return ApiClient.JSON.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }
    }

    @Command(name = "list", description = "List devices in id order.")
    static final class ListDevices extends Base {
        @Option(names = "--prefix", paramLabel = "TEXT", description = "Only ids starting with TEXT.")
        String prefix;

        @Option(names = "--limit", paramLabel = "N", description = "Devices per page, 1-1000 (default: 100).")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after a previous page.")
        String cursor;

        @Option(names = "--all", description = "Follow the pages to the end.")
        boolean all;

        @Override
        public Integer call() {
            String next = cursor;
            boolean header = true;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("prefix", prefix);
                query.put("limit", limit == null ? null : limit.toString());
                query.put("cursor", next);
                ApiClient.Answer answer = api.client().call("GET", "/api/v1/things", query, null);
                JsonNode page = answer.json();
                next = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
                if (!printedRaw(answer)) {
                    printPage(page, header);
                    header = false;
                }
            } while (all && next != null);
            if (!api.json && next != null) {
                out().println("(more: --cursor " + next + ", or --all)");
            }
            out().flush();
            return 0;
        }

        private void printPage(JsonNode page, boolean header) {
            if (header) {
                out().printf("%-40s %-24s %s%n", "ID", "CREATED", "ATTRIBUTES");
            }
            for (JsonNode d : page.path("things")) {
                out().printf("%-40s %-24s %s%n", d.path("id").asText(), time(d.path("createdAt").asLong()),
                        d.path("attributes").toString());
            }
        }
    }

    @Command(name = "get", description = "Show one device with its presence.")
    static final class Get extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            ApiClient.Answer answer = api.client().call("GET", ApiClient.path(id), null, null);
            if (!printedRaw(answer)) {
                JsonNode d = answer.json();
                out().println("id:         " + d.path("id").asText());
                out().println("created:    " + time(d.path("createdAt").asLong()));
                out().println("updated:    " + time(d.path("updatedAt").asLong()));
                out().println("presence:   " + presence(d.path("presence")));
                out().println("attributes: " + d.path("attributes").toString());
                out().flush();
            }
            return 0;
        }

        private static String presence(JsonNode p) {
            if (p.isMissingNode() || p.isNull()) {
                return "never seen";
            }
            String since = Instant.ofEpochSecond(p.path("since").asLong()).toString();
            String seen = Instant.ofEpochSecond(p.path("lastSeen").asLong()).toString();
            return (p.path("online").asBoolean() ? "online since " : "offline since ") + since + ", last seen " + seen;
        }
    }

    @Command(name = "rm", description = "Delete a device and its credentials.")
    static final class Remove extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            ApiClient.Answer answer = api.client().call("DELETE", ApiClient.path(id), null, null);
            if (!printedRaw(answer)) {
                out().println("deleted thing " + id);
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "rotate", description = "Give a device a new token; the old one stops working at once.")
    static final class Rotate extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            ApiClient.Answer answer = api.client().call("POST", ApiClient.path(id) + "/token", null, null);
            if (!printedRaw(answer)) {
                out().println("new token for " + id + ": " + answer.json().path("token").asText());
                out().println("The old token no longer works; the token is shown only now.");
                out().flush();
            }
            return 0;
        }
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
