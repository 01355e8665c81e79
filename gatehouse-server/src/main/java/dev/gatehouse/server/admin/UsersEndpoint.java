package dev.gatehouse.server.admin;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.user.ProfilePatch;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserProfile;
import dev.gatehouse.core.user.UserService;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Users: create, list, read, change profile claims, enable and disable, set password and roles, delete. Profile
 * claims travel as top-level fields with their OpenID Connect names, in a user's view as in its creation; a
 * profile change is a JSON merge patch (RFC 7396) of them: absent unchanged, null cleared.
 */
final class UsersEndpoint {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    record CreateUser(String username, String password, List<String> roles) {}

    record SetPassword(String password) {}

    record SetRoles(List<String> roles) {}

    /**
     * A user as the API shows it: never the password hash, only whether there is one. Answers to writes show
     * the user as read back from the store, so that they equal a later read to the last digit of every instant.
     */
    record UserView(String id, String username, boolean disabled, boolean hasPassword, List<String> roles,
                    Instant createdAt, Instant updatedAt, @JsonIgnore Map<String, Object> profile) {
        static UserView of(User u) {
            return new UserView(u.id(), u.username(), u.disabled(), u.passwordHash() != null,
                    u.roles().stream().sorted().toList(), u.createdAt(), u.updatedAt(), u.profile().claims());
        }

        /** The profile claims that have a value, each a field of its own. */
        @JsonAnyGetter
        Map<String, Object> claims() {
            return profile;
        }
    }

    record UserPage(List<UserView> items, long total, int offset, int limit) {}

    private final UserService users;

    UsersEndpoint(UserService users) {
        this.users = users;
    }

    void create(Context ctx, Admin admin) throws Exception {
        ObjectNode fields = AdminJson.read(ctx, ObjectNode.class);
        ProfilePatch profile = profileFields(fields, true);
        CreateUser body = AdminJson.MAPPER.treeToValue(fields, CreateUser.class);
        Fields.required("username", body.username());
        User user = users.create(body.username(), body.password(), Fields.set("roles", body.roles()),
                profile.applyTo(UserProfile.EMPTY), admin.actor());
        ctx.header("Location", Endpoints.ADMIN + "/users/" + user.id());
        AdminJson.write(ctx, 201, UserView.of(find(user.id())));
    }

    /** A JSON merge patch (RFC 7396) of profile claims; other fields of a user have operations of their own. */
    void updateProfile(Context ctx, Admin admin) throws Exception {
        ObjectNode fields = AdminJson.read(ctx, ObjectNode.class);
        ProfilePatch patch = profileFields(fields, false);
        users.updateProfile(ctx.pathParam("id"), patch, admin.actor()).orElseThrow(() -> notFound(ctx));
        AdminJson.write(ctx, 200, UserView.of(find(ctx.pathParam("id"))));
    }

    /**
     * Takes the profile claims out of {@code fields}; with {@code othersAllowed}, what remains is for the caller to
     * read, else any other field is refused. Values go to core as JSON has them: a string, a boolean, null, an
     * object of address members; core refuses a value of another type, naming the claim.
     */
    private static ProfilePatch profileFields(ObjectNode fields, boolean othersAllowed) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String claim : UserProfile.CLAIMS) {
            JsonNode value = fields.remove(claim);
            if (value != null) {
                changes.put(claim, AdminJson.MAPPER.convertValue(value, Object.class));
            }
        }
        if (!othersAllowed && !fields.isEmpty()) {
            throw ProblemException.invalidField(fields.fieldNames().next(),
                    "not a profile claim; this operation changes profile claims only");
        }
        return new ProfilePatch(changes);
    }

    void list(Context ctx, Admin admin) {
        String search = QueryParams.text(ctx, "search", 128);
        int offset = QueryParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = QueryParams.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Page<User> page = users.list(search, offset, limit);
        AdminJson.write(ctx, 200, new UserPage(page.items().stream().map(UserView::of).toList(), page.total(),
                page.offset(), page.limit()));
    }

    void get(Context ctx, Admin admin) {
        AdminJson.write(ctx, 200, UserView.of(find(ctx.pathParam("id"))));
    }

    void disable(Context ctx, Admin admin) {
        setDisabled(ctx, admin, true);
    }

    void enable(Context ctx, Admin admin) {
        setDisabled(ctx, admin, false);
    }

    void setPassword(Context ctx, Admin admin) throws Exception {
        SetPassword body = AdminJson.read(ctx, SetPassword.class);
        Fields.required("password", body.password());
        users.setPassword(ctx.pathParam("id"), body.password(), admin.actor()).orElseThrow(() -> notFound(ctx));
        ctx.status(204);
    }

    void setRoles(Context ctx, Admin admin) throws Exception {
        SetRoles body = AdminJson.read(ctx, SetRoles.class);
        Fields.required("roles", body.roles());
        users.setRoles(ctx.pathParam("id"), Fields.set("roles", body.roles()), admin.actor())
                .orElseThrow(() -> notFound(ctx));
        AdminJson.write(ctx, 200, UserView.of(find(ctx.pathParam("id"))));
    }

    void delete(Context ctx, Admin admin) {
        if (!users.delete(ctx.pathParam("id"), admin.actor())) {
            throw notFound(ctx);
        }
        ctx.status(204);
    }

    /** The user named by the {@code id} path parameter; 404 when there is none. */
    User find(String id) {
        return users.find(id).orElseThrow(() -> ProblemException.notFound("no user with id " + id));
    }

    private void setDisabled(Context ctx, Admin admin, boolean disabled) {
        users.setDisabled(ctx.pathParam("id"), disabled, admin.actor()).orElseThrow(() -> notFound(ctx));
        AdminJson.write(ctx, 200, UserView.of(find(ctx.pathParam("id"))));
    }

    private static ProblemException notFound(Context ctx) {
        return ProblemException.notFound("no user with id " + ctx.pathParam("id"));
    }
}
