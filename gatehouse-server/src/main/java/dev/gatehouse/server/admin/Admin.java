package dev.gatehouse.server.admin;

import dev.gatehouse.core.user.User;

/** The authenticated caller of an admin request; {@code subject} is the {@code sub} of its access token. */
record Admin(String subject) {
    static final String ROLE = User.ADMIN_ROLE;

    /** How core services record this caller in audit events. */
    String actor() {
        return "admin:" + subject;
    }
}
