package dev.gatehouse.server.logout;

import dev.gatehouse.core.config.BackchannelLogoutConfig;
import dev.gatehouse.core.logout.LogoutTokenTransport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Posts logout tokens over HTTP (OpenID Connect Back-Channel Logout 1.0 2.5): a form with {@code logout_token},
 * bounded connect and answer times, redirects not followed (the registered URI is the only target), and only
 * 200 or 204 counts as delivered (2.8).
 */
public final class HttpLogoutTokenTransport implements LogoutTokenTransport {
    private final HttpClient http;
    private final BackchannelLogoutConfig config;

    public HttpLogoutTokenTransport(BackchannelLogoutConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Attempt post(URI uri, String logoutToken) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cache-Control", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status == 200 || status == 204 ? Attempt.ok() : Attempt.failed("answered " + status);
        } catch (HttpTimeoutException e) {
            return Attempt.failed("timed out");
        } catch (IOException e) {
            return Attempt.failed(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed("interrupted");
        } catch (IllegalArgumentException e) {
            return Attempt.failed("unusable URI");
        }
    }
}
