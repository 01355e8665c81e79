package dev.gatehouse.http.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.http.config.ConfigNode.Naming;
import dev.gatehouse.http.config.ConfigNode.Value;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigNodeTest {
    private static final String FILE = "config file /etc/gatehouse.yaml";

    @TempDir
    Path dir;

    private static ConfigNode gateway(String yaml) {
        Map<?, ?> doc = new org.yaml.snakeyaml.Yaml().load(yaml);
        return ConfigNode.of(Naming.KEYS, FILE, "gateway", (Map<?, ?>) doc);
    }

    @Test
    void nestedNodesAndListsOfNodesKnowTheirPlace() {
        ConfigNode root = gateway("""
                listen: {port: 8443}
                routes:
                  - {path: /a}
                  - {path: /b, audience: [not, a, value]}
                """);

        ConfigNode second = root.nodes("routes").get(1);

        assertThat(root.node("listen").path()).isEqualTo("gateway.listen");
        assertThat(second.path()).isEqualTo("gateway.routes[1]");
        assertThat(second.string("path")).contains("/b");
        assertThatThrownBy(() -> second.string("audience")).isInstanceOf(InvalidConfigException.class)
                .hasMessage(FILE + ": gateway.routes[1].audience: must be a single value, got \"[not, a, value]\"")
                .extracting(e -> ((InvalidConfigException) e).place()).isEqualTo("gateway.routes[1].audience");
    }

    @Test
    void anAbsentMappingIsAnEmptyNodeAndAListItemThatIsNoMappingIsNamedByIndex() {
        ConfigNode root = gateway("routes: [{path: /}, oops]\n");

        assertThat(root.node("timeouts").isEmpty()).isTrue();
        assertThat(root.node("timeouts").path()).isEqualTo("gateway.timeouts");
        assertThat(root.nodes("missing")).isEmpty();
        assertThatThrownBy(() -> root.nodes("routes")).hasMessage(FILE + ": gateway.routes[1]: must be a mapping, got \"oops\"");
        assertThatThrownBy(() -> gateway("listen: 8443\n").node("listen"))
                .hasMessage(FILE + ": gateway.listen: must be a mapping, got \"8443\"");
    }

    @Test
    void integersAreBoundedAndMayBeWrittenAsText() {
        ConfigNode n = gateway("a: 80\nb: '443'\nc: 70000\nd: eighty\ne: 1.5\n");

        assertThat(n.integer("a", 0, 0, 65535)).isEqualTo(80);
        assertThat(n.integer("b", 0, 0, 65535)).isEqualTo(443);
        assertThat(n.integer("absent", 7, 0, 65535)).isEqualTo(7);
        assertThatThrownBy(() -> n.integer("c", 0, 0, 65535))
                .hasMessage(FILE + ": gateway.c: must be an integer 0..65535, got \"70000\"");
        assertThatThrownBy(() -> n.integer("d", 0, 0, 65535)).hasMessageContaining("gateway.d: must be an integer");
        assertThatThrownBy(() -> n.integer("e", 0, 0, 65535)).hasMessageContaining("got \"1.5\"");
    }

    @Test
    void durationsAreBoundedAndTheBoundsAreInTheMessage() {
        ConfigNode n = gateway("a: 1m30s\nb: 0s\nc: 2h\nd: soon\ne: PT-5S\n");

        assertThat(n.duration("a", null, ConfigNode.POSITIVE, null)).isEqualTo(Duration.ofSeconds(90));
        assertThat(n.duration("absent", Duration.ofSeconds(5), ConfigNode.POSITIVE, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(n.duration("b", null, Duration.ZERO, null)).isZero();
        assertThatThrownBy(() -> n.duration("b", null, ConfigNode.POSITIVE, null))
                .hasMessageContaining("gateway.b: must be a positive duration such as").hasMessageContaining("got \"0s\"");
        assertThatThrownBy(() -> n.duration("c", null, Duration.ofSeconds(1), Duration.ofHours(1)))
                .hasMessageContaining("gateway.c: must be a duration such as").hasMessageContaining(", from 1s to 1h, got \"2h\"");
        assertThatThrownBy(() -> n.duration("d", null, Duration.ZERO, null)).hasMessageContaining("got \"soon\"");
        assertThatThrownBy(() -> n.duration("e", null, Duration.ZERO, null)).hasMessageContaining("not negative");
    }

    @Test
    void booleansAcceptTheWordsOperatorsWrite() {
        ConfigNode n = gateway("a: true\nb: 'off'\nc: '1'\nd: maybe\n");

        assertThat(n.bool("a", false)).isTrue();
        assertThat(n.bool("b", true)).isFalse();
        assertThat(n.bool("c", false)).isTrue();
        assertThat(n.bool("absent", true)).isTrue();
        assertThatThrownBy(() -> n.bool("d", false)).hasMessage(FILE + ": gateway.d: must be true or false, got \"maybe\"");
    }

    @Test
    void stringsAreTrimmedAndMayNotBeBlank() {
        ConfigNode n = gateway("a: '  x  '\nb: ''\n");

        assertThat(n.string("a")).contains("x");
        assertThat(n.string("absent", "fallback")).isEqualTo("fallback");
        assertThatThrownBy(() -> n.string("b")).hasMessage(FILE + ": gateway.b: must not be empty");
        assertThatThrownBy(() -> n.requiredString("absent")).hasMessage(FILE + ": gateway.absent: is required");
    }

    @Test
    void listsAndWords() {
        ConfigNode n = gateway("a: [x, ' y ']\nb: 'x y  z'\nc: [x, null]\nd: 'x y'\n");

        assertThat(n.strings("a")).containsExactly("x", "y");
        assertThat(n.words("b")).containsExactly("x", "y", "z");
        assertThat(n.words("a")).containsExactly("x", "y");
        assertThat(n.strings("absent")).isEmpty();
        assertThatThrownBy(() -> n.strings("c")).hasMessageContaining("gateway.c: must be a list of non-empty values");
        assertThatThrownBy(() -> n.strings("d")).hasMessage(FILE + ": gateway.d: must be a list, got \"x y\"");
    }

    @Test
    void pathsUrisAndEnums() {
        ConfigNode n = gateway("a: /etc/ca.pem\nb: \"a\\0b\"\nc: 'https://x.example/p'\nd: 'http://bad host'\ne: Json\nf: xml\n");

        assertThat(n.path("a")).contains(Path.of("/etc/ca.pem"));
        assertThatThrownBy(() -> n.path("b")).hasMessage(FILE + ": gateway.b: must be a file path, got \"a?b\"");
        assertThat(n.uri("c")).contains(URI.create("https://x.example/p"));
        assertThatThrownBy(() -> n.uri("d")).hasMessageContaining("gateway.d: must be a URI");
        assertThat(n.oneOf("e", Format.PLAIN_TEXT, Format.class)).isEqualTo(Format.JSON);
        assertThat(n.oneOf("absent", Format.PLAIN_TEXT, Format.class)).isEqualTo(Format.PLAIN_TEXT);
        assertThatThrownBy(() -> n.oneOf("f", Format.PLAIN_TEXT, Format.class))
                .hasMessage(FILE + ": gateway.f: must be one of plain-text, json, got \"xml\"");
    }

    enum Format { PLAIN_TEXT, JSON }

    @Test
    void unknownKeysAreRefusedWithTheKnownOnesListed() {
        assertThatThrownBy(() -> gateway("listen: {}\nlsiten: {}\n").onlyKnown(Set.of("listen", "routes")))
                .hasMessage(FILE + ": gateway: unknown key \"lsiten\"; known keys: [listen, routes]");
    }

    @Test
    void entriesWithFieldsAreNamedTheWayTheProvisioningFileIs() {
        Map<?, ?> doc = new org.yaml.snakeyaml.Yaml().load("clients: [{client_id: orders, scopes: orders.read, x: 1}]\n");
        ConfigNode top = ConfigNode.of(Naming.FIELDS, "provisioning file p.yaml", "top level", doc);

        ConfigNode client = top.nodes("clients").getFirst();
        ConfigNode named = client.withPath(client.path() + " (orders)");

        assertThat(client.path()).isEqualTo("clients[0]");
        assertThatThrownBy(() -> named.strings("scopes"))
                .hasMessage("provisioning file p.yaml: clients[0] (orders): field scopes: must be a list, got \"orders.read\"");
        assertThatThrownBy(() -> named.onlyKnown(Set.of("client_id", "scopes")))
                .hasMessageContaining("clients[0] (orders): unknown field \"x\"; known fields: [client_id, scopes]");
        assertThatThrownBy(() -> top.strings("clients")).hasMessageContaining("top level: field clients: must be a list of");
    }

    @Test
    void settingsNameTheirOwnSourceAndNeverShowASecret() {
        ConfigNode settings = ConfigNode.settings(Map.of(
                "port", new Value("80x", "environment variable GATEHOUSE_PORT", false),
                "database-password", new Value("hunter2", "environment variable GATEHOUSE_DATABASE_PASSWORD", true),
                "trusted-proxies", new Value("10.0.0.1 10.0.0.2", "flag --trusted-proxies", false)));

        assertThatThrownBy(() -> settings.integer("port", 8080, 0, 65535)).isInstanceOf(InvalidConfigException.class)
                .hasMessage("invalid port \"80x\" (from environment variable GATEHOUSE_PORT): must be an integer 0..65535");
        assertThatThrownBy(() -> settings.value("database-password", "", v -> null, "something else"))
                .hasMessage("invalid database-password (hidden) (from environment variable GATEHOUSE_DATABASE_PASSWORD): "
                        + "must be something else");
        assertThat(settings.fail("database-password", "is refused").getMessage()).doesNotContain("hunter2");
        assertThat(settings.words("trusted-proxies")).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(settings.integer("absent", 8080, 0, 65535)).isEqualTo(8080);
    }

    @Test
    void aCustomParserThatRefusesFailsWithTheExpectation() {
        ConfigNode n = gateway("url: 'ftp://x'\n");

        assertThatThrownBy(() -> n.value("url", null, v -> {
            throw new IllegalArgumentException("not http");
        }, "an http(s) URL")).hasMessage(FILE + ": gateway.url: must be an http(s) URL, got \"ftp://x\"");
    }

    @Test
    void theNodeIsACopyThatChangesToTheLoadedMappingDoNotReach() {
        Map<String, Object> nested = new HashMap<>(Map.of("port", 1));
        List<Object> routes = new ArrayList<>(List.of(Map.of("path", "/")));
        Map<String, Object> mapping = new LinkedHashMap<>(Map.of("listen", nested, "routes", routes));
        ConfigNode n = ConfigNode.of(Naming.KEYS, FILE, "gateway", mapping);

        nested.put("port", 2);
        routes.add(Map.of("path", "/x"));
        mapping.put("realm", "changed");

        assertThat(n.node("listen").integer("port", 0, 0, 10)).isEqualTo(1);
        assertThat(n.nodes("routes")).hasSize(1);
        assertThat(n.has("realm")).isFalse();
    }

    @Test
    void yamlFilesLoadWithTheirOriginInEveryError() throws IOException {
        Path good = Files.writeString(dir.resolve("good.yaml"), "a: 1\n");
        Path duplicate = Files.writeString(dir.resolve("dup.yaml"), "a: 1\na: 2\n");

        assertThat(YamlConfig.load(good, "config file " + good)).isEqualTo(Map.of("a", 1));
        assertThatThrownBy(() -> YamlConfig.load(duplicate, "config file " + duplicate))
                .hasMessageStartingWith("config file " + duplicate + ": not valid YAML");
        assertThatThrownBy(() -> YamlConfig.load(dir.resolve("none.yaml"), "provisioning file none.yaml"))
                .hasMessageStartingWith("provisioning file none.yaml: cannot read");
    }
}
