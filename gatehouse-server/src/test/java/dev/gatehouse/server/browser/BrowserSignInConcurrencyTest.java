package dev.gatehouse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BrowserSignInConcurrencyTest extends BrowserFlowFixture {
    private static final int BROWSERS = 32;

    /** Each browser opens the sign-in page; then all post their credentials at once, from one address. */
    private List<HttpResponse<String>> signInAtOnce(String password) throws Exception {
        List<HttpBrowser> browsers = new ArrayList<>();
        List<HttpResponse<String>> pages = new ArrayList<>();
        for (int i = 0; i < BROWSERS; i++) {
            HttpBrowser b = new HttpBrowser();
            browsers.add(b);
            pages.add(b.get(authorize(webRequest())));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BROWSERS; i++) {
                HttpBrowser b = browsers.get(i);
                HttpResponse<String> page = pages.get(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return signIn(b, page, "alice", password);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : results) {
                responses.add(f.get());
            }
            return responses;
        }
    }

    @Test
    void parallelCorrectSignInsFromOneAddressAllSucceed() throws Exception {
        List<HttpResponse<String>> responses = signInAtOnce(PASSWORD);

        assertThat(responses).allSatisfy(r -> assertThat(redirectedTo(r, WEB_REDIRECT)).containsKey("code"));
        assertThat(codes.count()).isEqualTo(BROWSERS);
    }

    @Test
    void parallelWrongPasswordsAreStillBoundedByTheThrottle() throws Exception {
        List<HttpResponse<String>> responses = signInAtOnce("wrong password");

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));
        assertThat(responses).anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(429));
        long checked = responses.stream().filter(r -> r.statusCode() == 200).count();
        // at most the free attempts plus those already admitted in parallel before the first failures counted
        assertThat(checked).isLessThan(BROWSERS);
        assertThat(codes.count()).isZero();
    }
}
