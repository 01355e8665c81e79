package dev.gatehouse.client.revocation;

/** What a revocation event matches. The wire name is used in the feed and the database. */
public enum RevocationKind {
    /** One access token, by {@code jti}. */
    JTI("jti"),
    /** Every token of a session, by {@code sid}. */
    SESSION("sid"),
    /** Every token of a subject issued before the event, by {@code sub}. */
    SUBJECT_NOT_BEFORE("sub_nbf"),
    /** Every token of a client issued before the event, by {@code client_id}. */
    CLIENT("client");

    private final String wireName;

    RevocationKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static RevocationKind fromWireName(String name) {
        for (RevocationKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown revocation kind: " + name);
    }
}
