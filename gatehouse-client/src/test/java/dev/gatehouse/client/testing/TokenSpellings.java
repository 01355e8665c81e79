package dev.gatehouse.client.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Other spellings of a compact JWS that lenient base64 decoders read as the same bytes: its signature with
 * {@code =} padding, in the standard alphabet ({@code +} and {@code /}), or with non-zero unused low bits in its
 * last character. A verifier must refuse every one of them.
 */
public final class TokenSpellings {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private TokenSpellings() {}

    /** The signature followed by one {@code =}: RFC 7515 base64url has no padding. */
    public static String padded(String token) {
        return token + "=";
    }

    /** The signature with {@code -} and {@code _} written as {@code +} and {@code /}; the token itself if it has neither. */
    public static String standardAlphabet(String token) {
        return signature(token, s -> s.replace('-', '+').replace('_', '/'));
    }

    /**
     * The signature's last character one letter up, setting a bit that encodes no byte; the token itself when the
     * signature's length leaves no such bits.
     */
    public static String unusedBitsSet(String token) {
        return signature(token, s -> s.length() % 4 == 0 ? s
                : s.substring(0, s.length() - 1) + ALPHABET.charAt(ALPHABET.indexOf(s.charAt(s.length() - 1)) + 1));
    }

    /** Every spelling above that differs from {@code token}. */
    public static List<String> of(String token) {
        List<String> spellings = new ArrayList<>();
        for (String s : List.of(padded(token), standardAlphabet(token), unusedBitsSet(token))) {
            if (!s.equals(token)) {
                spellings.add(s);
            }
        }
        return spellings;
    }

    private static String signature(String token, java.util.function.UnaryOperator<String> change) {
        int dot = token.lastIndexOf('.');
        return token.substring(0, dot + 1) + change.apply(token.substring(dot + 1));
    }
}
