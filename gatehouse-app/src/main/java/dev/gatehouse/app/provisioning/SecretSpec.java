package dev.gatehouse.app.provisioning;

/** How a provisioning entry gives a client secret or a user password. */
public sealed interface SecretSpec {
    /** A clear value read from the environment at apply time; hashed before it is stored. */
    record FromEnv(String variable, String value) implements SecretSpec {
        @Override
        public String toString() {
            return "FromEnv[" + variable + "]";
        }
    }

    /** A hash given in the file, stored as is. */
    record Hashed(String hash) implements SecretSpec {}
}
