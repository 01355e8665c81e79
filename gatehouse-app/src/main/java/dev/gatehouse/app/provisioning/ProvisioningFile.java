package dev.gatehouse.app.provisioning;

import dev.gatehouse.client.Durations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.app.provisioning.ProvisioningPlan.ClientEntry;
import dev.gatehouse.app.provisioning.ProvisioningPlan.UserEntry;
import dev.gatehouse.core.client.ClientSecrets;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserService;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a provisioning file into a {@link ProvisioningPlan}. Everything is checked before anything is
 * applied: unknown keys, wrong types, plaintext secrets, missing environment variables, references to
 * undeclared roles. Every error names the file, the entry and the field.
 */
public final class ProvisioningFile {
    private static final Set<String> TOP_LEVEL = Set.of("roles", "clients", "users");
    private static final Set<String> CLIENT_FIELDS = Set.of("client_id", "name", "type", "auth_methods", "grant_types",
            "scopes", "audiences", "roles", "redirect_uris", "first_party", "introspection", "access_token_ttl",
            "refresh_idle_ttl", "refresh_absolute_ttl", "signing_algorithm", "jwks", "secret_env", "secret_hash");
    private static final Set<String> USER_FIELDS = Set.of("username", "roles", "disabled", "password_env",
            "password_hash");
    private static final Set<ClientAuthenticationMethod> SECRET_METHODS = Set.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
    private static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post",
            "private_key_jwt", "none");
    private static final List<String> GRANT_TYPES = List.of("client_credentials", "refresh_token", "password");
    /** Always known, whether or not the file lists it: the admin API requires it. */
    public static final String ADMIN_ROLE = User.ADMIN_ROLE;

    private final Path file;
    private final Map<String, String> env;

    private ProvisioningFile(Path file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** @param env where {@code secret_env} and {@code password_env} are looked up */
    public static ProvisioningPlan parse(Path file, Map<String, String> env) {
        return new ProvisioningFile(file, env).parse();
    }

    private ProvisioningPlan parse() {
        Object doc = load();
        if (doc == null) {
            return new ProvisioningPlan(file, Set.of(), List.of(), List.of());
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw error("top level: expected a mapping with roles, clients and users");
        }
        for (Object key : top.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                throw error("top level: unknown key \"" + key + "\"; expected roles, clients, users");
            }
        }
        Entry root = new Entry("top level", castMap(top));
        Set<String> roles = new LinkedHashSet<>(root.strings("roles"));
        for (String role : roles) {
            checkRole(root, "roles", role);
        }
        List<ClientEntry> clients = new ArrayList<>();
        Set<String> clientIds = new HashSet<>();
        List<Map<String, Object>> clientNodes = root.mappings("clients");
        for (int i = 0; i < clientNodes.size(); i++) {
            ClientEntry c = client(i, clientNodes.get(i), roles);
            if (!clientIds.add(c.client().clientId())) {
                throw error(c.where() + ": field client_id: declared twice");
            }
            clients.add(c);
        }
        List<UserEntry> users = new ArrayList<>();
        Set<String> usernames = new HashSet<>();
        List<Map<String, Object>> userNodes = root.mappings("users");
        for (int i = 0; i < userNodes.size(); i++) {
            UserEntry u = user(i, userNodes.get(i), roles);
            if (!usernames.add(u.username().toLowerCase(java.util.Locale.ROOT))) {
                throw error(u.where() + ": field username: declared twice");
            }
            users.add(u);
        }
        return new ProvisioningPlan(file, Set.copyOf(roles), List.copyOf(clients), List.copyOf(users));
    }

    private ClientEntry client(int index, Map<String, Object> node, Set<String> declaredRoles) {
        Object idNode = node.get("client_id");
        Entry e = new Entry("clients[" + index + "]" + (idNode == null ? "" : " (" + idNode + ")"), node);
        if (node.containsKey("secret")) {
            throw e.error("secret", "plaintext secrets are not accepted in a provisioning file; use secret_env: VARIABLE"
                    + " (read from the environment at start) or secret_hash: \"sha256:...\" or \"$argon2id$...\"");
        }
        e.onlyKnown(CLIENT_FIELDS);
        String clientId = e.requiredString("client_id");
        String type = e.string("type").orElse("confidential");
        if (!type.equals("confidential") && !type.equals("public")) {
            throw e.error("type", "must be confidential or public, got \"" + type + "\"");
        }
        boolean isPublic = type.equals("public");
        Optional<SecretSpec> secret = secret(e, "secret_env", "secret_hash");
        secret.ifPresent(s -> {
            if (s instanceof SecretSpec.Hashed h && !ClientSecrets.isSupportedHash(h.hash())) {
                throw e.error("secret_hash", "must start with sha256: or $argon2id$");
            }
        });
        String jwks = jwks(e);
        Set<ClientAuthenticationMethod> methods = new LinkedHashSet<>();
        for (String m : e.strings("auth_methods")) {
            if (!AUTH_METHODS.contains(m)) {
                throw e.error("auth_methods", "unknown method \"" + m + "\"; expected one of " + AUTH_METHODS);
            }
            methods.add(ClientAuthenticationMethod.parse(m));
        }
        if (methods.isEmpty()) {
            if (isPublic) {
                methods.add(ClientAuthenticationMethod.NONE);
            } else if (jwks != null && secret.isEmpty()) {
                methods.add(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            } else {
                methods.addAll(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                        ClientAuthenticationMethod.CLIENT_SECRET_POST));
            }
        }
        if (isPublic && !methods.equals(Set.of(ClientAuthenticationMethod.NONE))) {
            throw e.error("auth_methods", "a public client authenticates with none only");
        }
        if (!isPublic && methods.contains(ClientAuthenticationMethod.NONE)) {
            throw e.error("auth_methods", "a confidential client cannot use none; use type: public");
        }
        boolean usesSecret = methods.stream().anyMatch(SECRET_METHODS::contains);
        if (usesSecret && secret.isEmpty()) {
            throw e.error("secret_env", "client_secret_basic/client_secret_post need secret_env or secret_hash");
        }
        if (!usesSecret && secret.isPresent()) {
            throw e.error(e.has("secret_env") ? "secret_env" : "secret_hash",
                    "a secret is given but auth_methods has no client_secret_basic or client_secret_post");
        }
        Set<GrantType> grants = new LinkedHashSet<>();
        for (String g : e.strings("grant_types")) {
            if (!GRANT_TYPES.contains(g)) {
                throw e.error("grant_types", "unknown grant type \"" + g + "\"; expected one of " + GRANT_TYPES);
            }
            try {
                grants.add(GrantType.parse(g));
            } catch (ParseException ex) {
                throw e.error("grant_types", "unknown grant type \"" + g + "\"");
            }
        }
        if (!e.has("grant_types")) {
            grants.add(isPublic ? GrantType.REFRESH_TOKEN : GrantType.CLIENT_CREDENTIALS);
        }
        Set<String> roles = e.strings("roles");
        for (String role : roles) {
            checkRole(e, "roles", role);
            checkDeclared(e, declaredRoles, role);
        }
        List<URI> redirects = new ArrayList<>();
        for (String u : e.strings("redirect_uris")) {
            try {
                redirects.add(new URI(u));
            } catch (java.net.URISyntaxException ex) {
                throw e.error("redirect_uris", "not a URI: " + u);
            }
        }
        JWSAlgorithm alg = e.string("signing_algorithm").map(a -> TokenConfig.SUPPORTED_ALGORITHMS.stream()
                        .filter(x -> x.getName().equalsIgnoreCase(a)).findFirst()
                        .orElseThrow(() -> e.error("signing_algorithm", "one of ES256, EdDSA, RS256, got \"" + a + "\"")))
                .orElse(null);
        OAuthClient client = new OAuthClient(clientId, e.string("name").orElse(clientId), null, methods, jwks, grants,
                e.strings("scopes"), e.strings("audiences"), roles, redirects, e.bool("first_party"),
                e.bool("introspection"), e.duration("access_token_ttl"), e.duration("refresh_idle_ttl"),
                e.duration("refresh_absolute_ttl"), alg, Instant.EPOCH);
        return new ClientEntry(e.where, client, secret);
    }

    private UserEntry user(int index, Map<String, Object> node, Set<String> declaredRoles) {
        Object nameNode = node.get("username");
        Entry e = new Entry("users[" + index + "]" + (nameNode == null ? "" : " (" + nameNode + ")"), node);
        if (node.containsKey("password")) {
            throw e.error("password", "plaintext passwords are not accepted in a provisioning file; use password_env:"
                    + " VARIABLE (read from the environment at start) or password_hash: \"$argon2id$...\"");
        }
        e.onlyKnown(USER_FIELDS);
        String username = e.requiredString("username");
        if (!username.matches("[A-Za-z0-9._@+-]{1,128}")) {
            throw e.error("username", "1-128 characters of letters, digits and . _ @ + -");
        }
        Set<String> roles = e.strings("roles");
        for (String role : roles) {
            checkRole(e, "roles", role);
            checkDeclared(e, declaredRoles, role);
        }
        Optional<SecretSpec> password = secret(e, "password_env", "password_hash");
        password.ifPresent(p -> {
            switch (p) {
                case SecretSpec.Hashed h when !h.hash().startsWith("$argon2id$") ->
                        throw e.error("password_hash", "must be an Argon2id PHC string ($argon2id$...)");
                case SecretSpec.FromEnv f when f.value().length() < UserService.MIN_PASSWORD
                        || f.value().length() > UserService.MAX_PASSWORD ->
                        throw e.error("password_env", "the password in " + f.variable() + " must be "
                                + UserService.MIN_PASSWORD + " to " + UserService.MAX_PASSWORD + " characters");
                default -> { }
            }
        });
        return new UserEntry(e.where, username, roles, e.bool("disabled"), password);
    }

    private Optional<SecretSpec> secret(Entry e, String envField, String hashField) {
        if (e.has(envField) && e.has(hashField)) {
            throw e.error(envField, "give either " + envField + " or " + hashField + ", not both");
        }
        if (e.has(envField)) {
            String variable = e.requiredString(envField);
            String value = env.get(variable);
            if (value == null || value.isEmpty()) {
                throw e.error(envField, "environment variable " + variable + " is not set");
            }
            return Optional.of(new SecretSpec.FromEnv(variable, value));
        }
        return e.string(hashField).map(SecretSpec.Hashed::new);
    }

    private String jwks(Entry e) {
        Object node = e.node.get("jwks");
        if (node == null) {
            return null;
        }
        if (node instanceof String s) {
            return s;
        }
        if (node instanceof Map<?, ?> m) {
            try {
                return new ObjectMapper().writeValueAsString(m);
            } catch (JsonProcessingException ex) {
                throw e.error("jwks", "cannot be written as JSON: " + ex.getOriginalMessage());
            }
        }
        throw e.error("jwks", "must be a JSON Web Key Set, as a mapping or a JSON string");
    }

    private void checkRole(Entry e, String field, String role) {
        if (!role.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw e.error(field, "role \"" + role + "\" must be 1-64 characters of letters, digits and . _ : -");
        }
    }

    private void checkDeclared(Entry e, Set<String> declared, String role) {
        if (!declared.isEmpty() && !declared.contains(role) && !ADMIN_ROLE.equals(role)) {
            throw e.error("roles", "role \"" + role + "\" is not listed under roles");
        }
    }

    private Object load() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader r = Files.newBufferedReader(file)) {
            return new Yaml(new SafeConstructor(options)).load(r);
        } catch (IOException ex) {
            throw error("cannot read: " + ex.getMessage());
        } catch (YAMLException ex) {
            throw error("not valid YAML: " + ex.getMessage());
        }
    }

    private ProvisioningException error(String message) {
        return new ProvisioningException("provisioning file " + file + ": " + message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** One mapping of the file (an entry or the top level), with typed field access. */
    private final class Entry {
        final String where;
        final Map<String, Object> node;

        Entry(String where, Map<String, Object> node) {
            this.where = where;
            this.node = node;
        }

        ProvisioningException error(String field, String message) {
            return ProvisioningFile.this.error(where + ": field " + field + ": " + message);
        }

        void onlyKnown(Set<String> known) {
            for (Object key : node.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    throw ProvisioningFile.this.error(where + ": unknown field \"" + key + "\"; known fields: "
                            + known.stream().sorted().toList());
                }
            }
        }

        boolean has(String field) {
            return node.get(field) != null;
        }

        String requiredString(String field) {
            return string(field).orElseThrow(() -> error(field, "is required"));
        }

        Optional<String> string(String field) {
            Object v = node.get(field);
            if (v == null) {
                return Optional.empty();
            }
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                throw error(field, "must be a single value");
            }
            String s = String.valueOf(v).trim();
            if (s.isEmpty()) {
                throw error(field, "must not be empty");
            }
            return Optional.of(s);
        }

        Set<String> strings(String field) {
            Object v = node.get(field);
            if (v == null) {
                return Set.of();
            }
            if (!(v instanceof List<?> list)) {
                throw error(field, "must be a list");
            }
            Set<String> out = new LinkedHashSet<>();
            for (Object item : list) {
                if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw error(field, "must be a list of strings");
                }
                out.add(String.valueOf(item));
            }
            return out;
        }

        List<Map<String, Object>> mappings(String field) {
            Object v = node.get(field);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> list)) {
                throw error(field, "must be a list of entries");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    throw ProvisioningFile.this.error(field + "[" + i + "]: must be a mapping of field: value");
                }
                out.add(castMap(m));
            }
            return out;
        }

        boolean bool(String field) {
            Object v = node.get(field);
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                throw error(field, "must be true or false, got \"" + v + "\"");
            }
            return b;
        }

        Duration duration(String field) {
            return string(field).map(s -> {
                try {
                    Duration d = Durations.parse(s);
                    if (d.isZero() || d.isNegative()) {
                        throw new IllegalArgumentException();
                    }
                    return d;
                } catch (IllegalArgumentException ex) {
                    throw error(field, "must be a positive " + Durations.EXPECTED + ", got \"" + s + "\"");
                }
            }).orElse(null);
        }
    }
}
