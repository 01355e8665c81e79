package dev.gatehouse.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.server.login.FirstPartyLogin;
import dev.gatehouse.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password's length is counted in characters: an emoji outside the BMP is one, not two UTF-16 units. */
class PasswordLengthApiTest {
    private static final String EMOJI = "\uD83D\uDD11"; // U+1F511, two UTF-16 units

    @TempDir
    Path dir;

    TestIssuer issuer;
    AdminApi admin;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
        admin = AdminApi.asNewAdmin(issuer);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void passwordOfFourEmojiIsTooShortThoughItIsEightUtf16Units() {
        HttpResponse<String> created = create("dora", EMOJI.repeat(4));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
    }

    @Test
    void passwordOfTheMaximumNumberOfEmojiIsAcceptedAndLogsIn() throws Exception {
        String password = EMOJI.repeat(1024);

        HttpResponse<String> created = create("erin", password);
        HttpResponse<String> login = FirstPartyLogin.login(issuer, json("username", "erin", "password", password));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }

    @Test
    void passwordOfOneEmojiOverTheMaximumIsRefusedAtCreationAndAtLogin() throws Exception {
        String password = EMOJI.repeat(1025);

        assertThat(create("fred", password).statusCode()).isEqualTo(400);
        assertThat(FirstPartyLogin.login(issuer, json("username", "fred", "password", password)).statusCode())
                .isEqualTo(400);
    }

    private HttpResponse<String> create(String username, String password) {
        return admin.post("/users", AdminApi.body("username", username, "password", password));
    }

    private static String json(String... pairs) {
        return JSONObjectUtils.toJSONString(Map.of(pairs[0], pairs[1], pairs[2], pairs[3]));
    }
}
