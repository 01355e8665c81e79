package dev.gatehouse.http.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Loads a YAML configuration file the one way every reader needs: plain data only, a repeated key is an error. */
public final class YamlConfig {
    private YamlConfig() {}

    /**
     * @param origin how messages name the file, e.g. {@code config file /etc/gatehouse.yaml}
     * @return the document: a Map, a List, a scalar, or null for an empty file
     * @throws InvalidConfigException when the file cannot be read or is not valid YAML
     */
    public static Object load(Path file, String origin) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader r = Files.newBufferedReader(file)) {
            return new Yaml(new SafeConstructor(options)).load(r);
        } catch (IOException e) {
            throw new InvalidConfigException("", origin + ": cannot read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new InvalidConfigException("", origin + ": not valid YAML: " + e.getMessage(), e);
        }
    }
}
