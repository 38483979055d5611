package io.twinhub.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.twinhub.server.NodeConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Builds a {@link NodeConfig}: defaults, then the YAML config file, then command-line settings,
 * each layer overriding the one before; the result is validated.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    /**
     * Loads {@code configFile} (may be {@code null}: none) over the defaults, then applies {@code cli}.
     * A relative data directory is resolved against the working directory.
     */
    public static NodeConfig load(Path configFile, NodeSettings cli) {
        NodeSettings file = configFile == null ? NodeSettings.NONE : readFile(configFile);
        NodeConfig c = merge(NodeConfig.defaults(), file, cli);
        NodeConfig.Tls tls = c.tls();
        NodeConfig.Tls absoluteTls = new NodeConfig.Tls(tls.enabled(), tls.mqttPort(), tls.httpsPort(),
                absolute(tls.certificate()), absolute(tls.privateKey()), absolute(tls.ca()), tls.clientAuth(),
                tls.reloadSeconds(), tls.handshakeTimeoutSeconds());
        return new NodeConfig(c.bindAddress(), c.mqttPort(), c.dataDir().toAbsolutePath().normalize(),
                c.transport(), c.ioThreads(), c.limits(), c.storage(), absoluteTls, c.http(), c.auth(), c.presence(), c.shadows(),
                c.telemetry());
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }

    /** Lays each settings layer over {@code base} in order and validates the result. */
    public static NodeConfig merge(NodeConfig base, NodeSettings... layers) {
        NodeConfig config = base;
        for (NodeSettings layer : layers) {
            config = layer.applyTo(config);
        }
        return ConfigValidator.validate(config);
    }

    public static NodeSettings readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static NodeSettings parse(String yaml, String source) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return NodeSettings.NONE; // empty, or only comments
            }
            ConfigFile parsed = YAML.readValue(parser, ConfigFile.class);
            return parsed == null ? NodeSettings.NONE : parsed.toSettings();
        } catch (JacksonException e) {
            throw YamlErrors.translate(e, yaml, source);
        } catch (InvalidPathException e) {
            throw new ConfigException(source + ": bad path (dataDir or tls): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
    }
}
