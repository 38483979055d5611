package io.twinhub.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SecretHasherTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultHashIsSelfDescribingArgon2idWithSalt() {
        SecretHasher hasher = new SecretHasher();
        String h1 = hasher.hash(b("secret"));
        String h2 = hasher.hash(b("secret"));
        assertThat(h1).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(h1).isNotEqualTo(h2);  // salted
        assertThat(hasher.verify(h1, b("secret"))).isTrue();
        assertThat(hasher.verify(h2, b("secret"))).isTrue();
        assertThat(hasher.verify(h1, b("Secret"))).isFalse();
        assertThat(h1).doesNotContain("secret");
    }

    @Test
    void aHashKeepsItsParametersWhenTheDefaultsChange() {
        String old = new SecretHasher(new SecretHasher.Params(1024, 1, 1)).hash(b("t"));
        assertThat(old).contains("m=1024,t=1,p=1");
        assertThat(new SecretHasher().verify(old, b("t"))).isTrue();
    }

    @Test
    void aMalformedHashVerifiesNothing() {
        SecretHasher hasher = new SecretHasher(TestSecurity.FAST);
        assertThat(hasher.verify("", b("x"))).isFalse();
        assertThat(hasher.verify("$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA", b("x"))).isFalse();
        assertThat(hasher.verify("plain", b("plain"))).isFalse();
    }

    @Test
    void tokensNameTheirKindAndOwner() {
        String t = Tokens.issue(TokenKind.DEVICE, "dev.1");
        assertThat(t).startsWith("thd_dev.1.");
        assertThat(t.length()).isEqualTo("thd_dev.1.".length() + 43);  // 32 bytes, base64url
        assertThat(Tokens.parse(t)).isEqualTo(new Tokens.Parsed(TokenKind.DEVICE, "dev.1"));
        assertThat(Tokens.parse(Tokens.issue(TokenKind.ADMIN, "admin")).kind()).isEqualTo(TokenKind.ADMIN);
        assertThat(Tokens.parse(Tokens.issue(TokenKind.APPLICATION, "app")).kind()).isEqualTo(TokenKind.APPLICATION);
        assertThat(Tokens.parse("thd_.abc")).isNull();
        assertThat(Tokens.parse("thd_dev1.")).isNull();
        assertThat(Tokens.parse("thd_dev 1.abc")).isNull();
        assertThat(Tokens.parse("hello")).isNull();
        assertThat(Tokens.parse(null)).isNull();
        assertThat(Tokens.issue(TokenKind.DEVICE, "d")).isNotEqualTo(Tokens.issue(TokenKind.DEVICE, "d"));
    }
}
