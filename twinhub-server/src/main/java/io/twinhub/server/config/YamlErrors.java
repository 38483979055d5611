package io.twinhub.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns Jackson's parse and binding errors into one-line {@link ConfigException}s naming file, line and key. */
final class YamlErrors {

    private YamlErrors() {
    }

    static ConfigException translate(JacksonException e, String yaml, String source) {
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> path = path(u);
            return new ConfigException(source + lineOfKey(yaml, path, u) + ": unknown key '" + String.join(".", path)
                    + "' (known here: " + known(u.getKnownPropertyIds()) + ")", e);
        }
        if (e instanceof JsonMappingException m) {
            String key = path(m).isEmpty() ? "(top level)" : String.join(".", path(m));
            return new ConfigException(source + line(e) + ": bad value for '" + key + "': " + problem(m), e);
        }
        return new ConfigException(source + line(e) + ": not valid YAML: " + firstLine(e.getOriginalMessage()), e);
    }

    private static String problem(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return firstLine(e.getOriginalMessage());
        }
        String got = e instanceof InvalidFormatException f ? ", got '" + f.getValue() + "'" : "";
        return "expected " + describe(type) + got;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        return type.isRecord() ? "a section of keys" : type.getSimpleName();
    }

    private static List<String> path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .toList();
    }

    /** Jackson reports unknown keys of a record at the end of its section, so look the key up in the text. */
    private static String lineOfKey(String yaml, List<String> path, JacksonException e) {
        String[] lines = yaml.split("\\R", -1);
        int at = 0;
        for (String key : path) {
            Pattern p = Pattern.compile("^\\s*[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
            while (at < lines.length && !p.matcher(lines[at]).find()) {
                at++;
            }
            if (at == lines.length) {
                return line(e);
            }
        }
        return ":" + (at + 1);
    }

    private static String line(JacksonException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "" : ":" + location.getLineNr();
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : new TreeSet<>(ids.stream().map(String::valueOf).toList()).stream()
                .collect(Collectors.joining(", "));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
