package dev.gatehouse.app.provisioning;

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
import dev.gatehouse.http.config.ConfigNode;
import dev.gatehouse.http.config.InvalidConfigException;
import dev.gatehouse.http.config.YamlConfig;
import java.net.URI;
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

/**
 * Reads a provisioning file into a {@link ProvisioningPlan}, each entry through a {@link ConfigNode}. Everything is
 * checked before anything is applied: unknown keys, wrong types, plaintext secrets, missing environment variables,
 * references to undeclared roles. Every error names the file, the entry and the field. A new field is its name in
 * {@code CLIENT_FIELDS} or {@code USER_FIELDS} and one typed read of it, e.g.
 * {@code e.duration("refresh_grace", null, ConfigNode.POSITIVE, Duration.ofMinutes(1))}.
 */
public final class ProvisioningFile {
    private static final Set<String> TOP_LEVEL = Set.of("roles", "clients", "users");
    private static final Set<String> CLIENT_FIELDS = Set.of("client_id", "name", "type", "auth_methods", "grant_types",
            "scopes", "audiences", "roles", "redirect_uris", "first_party", "introspection", "access_token_ttl",
            "refresh_idle_ttl", "refresh_absolute_ttl", "refresh_grace_period", "signing_algorithm", "jwks", "secret_env",
            "secret_hash");
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
        try {
            return new ProvisioningFile(file, env).parse();
        } catch (InvalidConfigException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    private ProvisioningPlan parse() {
        Object doc = YamlConfig.load(file, "provisioning file " + file);
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
        ConfigNode root = ConfigNode.of(ConfigNode.Naming.FIELDS, "provisioning file " + file, "top level", top);
        Set<String> roles = new LinkedHashSet<>(root.strings("roles"));
        for (String role : roles) {
            checkRole(root, "roles", role);
        }
        List<ClientEntry> clients = new ArrayList<>();
        Set<String> clientIds = new HashSet<>();
        for (ConfigNode node : root.nodes("clients")) {
            ClientEntry c = client(node, roles);
            if (!clientIds.add(c.client().clientId())) {
                throw error(c.where() + ": field client_id: declared twice");
            }
            clients.add(c);
        }
        List<UserEntry> users = new ArrayList<>();
        Set<String> usernames = new HashSet<>();
        for (ConfigNode node : root.nodes("users")) {
            UserEntry u = user(node, roles);
            if (!usernames.add(u.username().toLowerCase(java.util.Locale.ROOT))) {
                throw error(u.where() + ": field username: declared twice");
            }
            users.add(u);
        }
        return new ProvisioningPlan(file, Set.copyOf(roles), List.copyOf(clients), List.copyOf(users));
    }

    private enum ClientType { CONFIDENTIAL, PUBLIC }

    /** The entry named by its index and, once known, its id: {@code clients[2] (orders)}. */
    private static ConfigNode named(ConfigNode node, String idField) {
        return node.raw(idField).map(id -> node.withPath(node.path() + " (" + id + ")")).orElse(node);
    }

    private ClientEntry client(ConfigNode node, Set<String> declaredRoles) {
        ConfigNode e = named(node, "client_id");
        if (e.has("secret")) {
            throw e.fail("secret", "plaintext secrets are not accepted in a provisioning file; use secret_env: VARIABLE"
                    + " (read from the environment at start) or secret_hash: \"sha256:...\" or \"$argon2id$...\"");
        }
        e.onlyKnown(CLIENT_FIELDS);
        String clientId = e.requiredString("client_id");
        boolean isPublic = e.oneOf("type", ClientType.CONFIDENTIAL, ClientType.class) == ClientType.PUBLIC;
        Optional<SecretSpec> secret = secret(e, "secret_env", "secret_hash");
        secret.ifPresent(s -> {
            if (s instanceof SecretSpec.Hashed h && !ClientSecrets.isSupportedHash(h.hash())) {
                throw e.fail("secret_hash", "must start with sha256: or $argon2id$");
            }
        });
        String jwks = jwks(e);
        Set<ClientAuthenticationMethod> methods = new LinkedHashSet<>();
        for (String m : e.strings("auth_methods")) {
            if (!AUTH_METHODS.contains(m)) {
                throw e.fail("auth_methods", "unknown method \"" + m + "\"; expected one of " + AUTH_METHODS);
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
            throw e.fail("auth_methods", "a public client authenticates with none only");
        }
        if (!isPublic && methods.contains(ClientAuthenticationMethod.NONE)) {
            throw e.fail("auth_methods", "a confidential client cannot use none; use type: public");
        }
        boolean usesSecret = methods.stream().anyMatch(SECRET_METHODS::contains);
        if (usesSecret && secret.isEmpty()) {
            throw e.fail("secret_env", "client_secret_basic/client_secret_post need secret_env or secret_hash");
        }
        if (!usesSecret && secret.isPresent()) {
            throw e.fail(e.has("secret_env") ? "secret_env" : "secret_hash",
                    "a secret is given but auth_methods has no client_secret_basic or client_secret_post");
        }
        Set<GrantType> grants = new LinkedHashSet<>();
        for (String g : e.strings("grant_types")) {
            if (!GRANT_TYPES.contains(g)) {
                throw e.fail("grant_types", "unknown grant type \"" + g + "\"; expected one of " + GRANT_TYPES);
            }
            try {
                grants.add(GrantType.parse(g));
            } catch (ParseException ex) {
                throw e.fail("grant_types", "unknown grant type \"" + g + "\"");
            }
        }
        if (!e.has("grant_types")) {
            grants.add(isPublic ? GrantType.REFRESH_TOKEN : GrantType.CLIENT_CREDENTIALS);
        }
        Set<String> roles = new LinkedHashSet<>(e.strings("roles"));
        for (String role : roles) {
            checkRole(e, "roles", role);
            checkDeclared(e, declaredRoles, role);
        }
        List<URI> redirects = new ArrayList<>();
        for (String u : e.strings("redirect_uris")) {
            try {
                redirects.add(new URI(u));
            } catch (java.net.URISyntaxException ex) {
                throw e.fail("redirect_uris", "not a URI: " + u);
            }
        }
        JWSAlgorithm alg = e.string("signing_algorithm").map(a -> TokenConfig.SUPPORTED_ALGORITHMS.stream()
                        .filter(x -> x.getName().equalsIgnoreCase(a)).findFirst()
                        .orElseThrow(() -> e.fail("signing_algorithm", "one of ES256, EdDSA, RS256, got \"" + a + "\"")))
                .orElse(null);
        OAuthClient client = new OAuthClient(clientId, e.string("name").orElse(clientId), null, methods, jwks, grants,
                new LinkedHashSet<>(e.strings("scopes")), new LinkedHashSet<>(e.strings("audiences")), roles, redirects,
                e.bool("first_party", false), e.bool("introspection", false), ttl(e, "access_token_ttl"),
                ttl(e, "refresh_idle_ttl"), ttl(e, "refresh_absolute_ttl"), gracePeriod(e), alg, Instant.EPOCH, null);
        return new ClientEntry(e.path(), client, secret);
    }

    /** A client's own token lifetime, or null for the issuer's. */
    private static Duration ttl(ConfigNode e, String field) {
        return e.duration(field, null, ConfigNode.POSITIVE, null);
    }

    /** Whole seconds from 0 (strict) to the maximum, or null for the default. */
    private static Duration gracePeriod(ConfigNode e) {
        String field = "refresh_grace_period";
        Duration grace = e.duration(field, null, Duration.ZERO, OAuthClient.MAX_REFRESH_GRACE_PERIOD);
        if (grace != null && grace.getNano() != 0) {
            throw e.fail(field, "must be whole seconds, got \"" + e.requiredString(field) + "\"");
        }
        return grace;
    }

    private UserEntry user(ConfigNode node, Set<String> declaredRoles) {
        ConfigNode e = named(node, "username");
        if (e.has("password")) {
            throw e.fail("password", "plaintext passwords are not accepted in a provisioning file; use password_env:"
                    + " VARIABLE (read from the environment at start) or password_hash: \"$argon2id$...\"");
        }
        e.onlyKnown(USER_FIELDS);
        String username = e.requiredString("username");
        if (!username.matches("[A-Za-z0-9._@+-]{1,128}")) {
            throw e.fail("username", "1-128 characters of letters, digits and . _ @ + -");
        }
        Set<String> roles = new LinkedHashSet<>(e.strings("roles"));
        for (String role : roles) {
            checkRole(e, "roles", role);
            checkDeclared(e, declaredRoles, role);
        }
        Optional<SecretSpec> password = secret(e, "password_env", "password_hash");
        password.ifPresent(p -> {
            switch (p) {
                case SecretSpec.Hashed h when !h.hash().startsWith("$argon2id$") ->
                        throw e.fail("password_hash", "must be an Argon2id PHC string ($argon2id$...)");
                case SecretSpec.FromEnv f when f.value().length() < UserService.MIN_PASSWORD
                        || f.value().length() > UserService.MAX_PASSWORD ->
                        throw e.fail("password_env", "the password in " + f.variable() + " must be "
                                + UserService.MIN_PASSWORD + " to " + UserService.MAX_PASSWORD + " characters");
                default -> { }
            }
        });
        return new UserEntry(e.path(), username, roles, e.bool("disabled", false), password);
    }

    private Optional<SecretSpec> secret(ConfigNode e, String envField, String hashField) {
        if (e.has(envField) && e.has(hashField)) {
            throw e.fail(envField, "give either " + envField + " or " + hashField + ", not both");
        }
        if (e.has(envField)) {
            String variable = e.requiredString(envField);
            String value = env.get(variable);
            if (value == null || value.isEmpty()) {
                throw e.fail(envField, "environment variable " + variable + " is not set");
            }
            return Optional.of(new SecretSpec.FromEnv(variable, value));
        }
        return e.string(hashField).map(SecretSpec.Hashed::new);
    }

    private String jwks(ConfigNode e) {
        Object node = e.raw("jwks").orElse(null);
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
                throw e.fail("jwks", "cannot be written as JSON: " + ex.getOriginalMessage());
            }
        }
        throw e.fail("jwks", "must be a JSON Web Key Set, as a mapping or a JSON string");
    }

    private void checkRole(ConfigNode e, String field, String role) {
        if (!role.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw e.fail(field, "role \"" + role + "\" must be 1-64 characters of letters, digits and . _ : -");
        }
    }

    private void checkDeclared(ConfigNode e, Set<String> declared, String role) {
        if (!declared.isEmpty() && !declared.contains(role) && !ADMIN_ROLE.equals(role)) {
            throw e.fail("roles", "role \"" + role + "\" is not listed under roles");
        }
    }

    private ProvisioningException error(String message) {
        return new ProvisioningException("provisioning file " + file + ": " + message);
    }
}
