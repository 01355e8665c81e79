package dev.gatehouse.app.admin;

/** What {@code admin login} keeps: the issuer it logged in to and the tokens it got. */
public record Credentials(String url, String username, String accessToken, String refreshToken) {
    public Credentials withTokens(String access, String refresh) {
        return new Credentials(url, username, access, refresh == null ? refreshToken : refresh);
    }

    @Override
    public String toString() {
        return "Credentials[url=" + url + ", username=" + username + "]";
    }
}
