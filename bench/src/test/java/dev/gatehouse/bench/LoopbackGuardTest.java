package dev.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://127.0.0.1", "https://127.0.0.1:8443/base",
            "http://127.10.20.30:9000", "http://127.255.255.255", "http://localhost:8080", "http://LocalHost",
            "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]", "http://[::0001]/"})
    void loopbackTargetsAreAllowed(String target) {
        URI uri = URI.create(target);

        assertThat(LoopbackGuard.requireLoopback(uri)).isEqualTo(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1:8080", "http://192.168.1.10", "http://128.0.0.1", "http://126.255.255.255",
            "http://0.0.0.0:8080", "http://[::]:8080", "http://[::2]", "http://[::ffff:127.0.0.1]",
            "http://example.com", "http://localhost.example.com", "http://127.0.0.1.nip.io", "http://localhost.",
            "http://2130706433", "http://0x7f000001", "http://0177.0.0.1", "http://127.0.0.256",
            "http://127.0.0.1@evil.example.com/", "http://evil.example.com#@127.0.0.1"})
    void anyOtherHostIsRefused(String target) {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(URI.create(target)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to send load to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/", "file:///etc/passwd", "127.0.0.1:8080", "/oauth2/token"})
    void nonHttpTargetsAreRefused(String target) {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(URI.create(target)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
