package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.validation.FieldBounds;
import dev.gatehouse.core.validation.InvalidFieldException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedirectUrisTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/callback",
            "https://app.example.com:8443/cb?tenant=a",
            "HTTPS://App.Example.com/cb",
            "https://[2001:db8::1]/cb",
            "http://127.0.0.1/callback",
            "http://127.0.0.1:51004/callback",
            "http://[::1]:8080/cb",
            "http://localhost:3000/cb",
            "com.example.app:/callback",
            "com.example.app:/oauth2redirect/example-provider",
            "com.example.app:///callback",
    })
    void acceptedRedirectUri(String uri) {
        assertThatCode(() -> RedirectUris.check(URI.create(uri))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "file:///etc/passwd",
            "https://*.example.com/cb",
            "https://app.example.com/*",
            "https://app.example.com/cb?next=*",
            "https://user@app.example.com/cb",
            "https://user:password@app.example.com/cb",
            "https://evil.example@app.example.com/cb",
            "http://app.example.com/cb",
            "http://192.168.1.10/cb",
            "http://127.0.0.1.nip.io/cb",
            "http://localhost.evil.example/cb",
            "http://user@127.0.0.1/cb",
            "https://app.example.com/cb#fragment",
            "https://app.example.com/cb#",
            "/relative/callback",
            "callback",
            "//app.example.com/cb",
            "https:///cb",
            "https:app.example.com",
            "https://exa_mple.com/cb",
            "https://app.example.com:70000/cb",
            "myapp:/callback",
            "ftp://files.example.com/cb",
            "com.example.app://callback",
            "com.example.app:callback",
            "com..app:/cb",
    })
    void refusedRedirectUri(String uri) {
        assertThatThrownBy(() -> RedirectUris.check(URI.create(uri)))
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("redirect_uris"));
    }

    /** java.net.URI lets non-ASCII letters through; control characters and spaces it refuses itself. */
    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/caf\u00e9", "https://app.example.com/cb?q=\u00fc",
            "com.example.app:/r\u00e9ponse"})
    void refusedWhenNotAscii(String uri) {
        assertThatThrownBy(() -> RedirectUris.check(URI.create(uri))).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("printable ASCII");
    }

    @Test
    void refusedWhenLongerThanTheBound() {
        String base = "https://app.example.com/";
        URI atBound = URI.create(base + "a".repeat(FieldBounds.REDIRECT_URI_MAX - base.length()));
        URI over = URI.create(base + "a".repeat(FieldBounds.REDIRECT_URI_MAX - base.length() + 1));

        assertThatCode(() -> RedirectUris.check(atBound)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RedirectUris.check(over)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("at most " + FieldBounds.REDIRECT_URI_MAX + " characters");
    }

    @Test
    void refusedWhenMoreThanTheBoundInNumber() {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i <= FieldBounds.REDIRECT_URIS_MAX; i++) {
            uris.add(URI.create("https://app.example.com/cb" + i));
        }

        assertThatCode(() -> RedirectUris.check(uris.subList(0, FieldBounds.REDIRECT_URIS_MAX))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RedirectUris.check(uris)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("redirect_uris: at most " + FieldBounds.REDIRECT_URIS_MAX + " values, got "
                        + (FieldBounds.REDIRECT_URIS_MAX + 1));
    }
}
