package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * OIDC sign-in against a small identity provider started by the test (discovery document and
 * signing keys over HTTP): a provider's token becomes a Sextant user with mapped groups and
 * attributes, row policies apply to it, and forged or expired tokens are refused.
 */
@QuarkusTest
@TestProfile(OidcSignInTest.WithProvider.class)
class OidcSignInTest {

    /**
     * The provider and its key live once per JVM, shared through system properties: Quarkus may
     * load this class in more than one class loader (the profile and the test).
     */
    private static synchronized void ensureProvider() {
        if (System.getProperty("test.oidc-provider.port") != null) {
            return;
        }
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-key");
            String publicKeys = new JsonWebKeySet(key).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/acme";
            server.createContext(
                    "/realms/acme/.well-known/openid-configuration",
                    exchange -> respond(
                            exchange,
                            "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
                                    + "/certs\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
            server.createContext("/realms/acme/certs", exchange -> respond(exchange, publicKeys));
            server.setExecutor(null);
            server.start();
            System.setProperty(
                    "test.oidc-provider.jwk", key.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            System.setProperty(
                    "test.oidc-provider.port",
                    Integer.toString(server.getAddress().getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String issuer() {
        ensureProvider();
        return "http://127.0.0.1:" + System.getProperty("test.oidc-provider.port") + "/realms/acme";
    }

    private static RsaJsonWebKey providerKey() throws JoseException {
        ensureProvider();
        return (RsaJsonWebKey) org.jose4j.jwk.JsonWebKey.Factory.newJwk(System.getProperty("test.oidc-provider.jwk"));
    }

    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", issuer(),
                    "sextant.auth.oidc.group-map.acme-sales", "sales",
                    "sextant.auth.oidc.group-map.acme-emea", "emea",
                    "sextant.auth.oidc.attribute-claims.region", "sales_region");
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String token(String user, List<String> groups, String region, RsaJsonWebKey signer, long expiresIn)
            throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setSubject("sub-" + user);
        claims.setClaim("preferred_username", user);
        claims.setClaim("name", "Olivia Provider");
        claims.setStringListClaim("groups", groups);
        claims.setClaim("sales_region", region);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(expiresIn / 60f);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void should_sign_in_a_provider_user_with_mapped_groups_and_attributes() throws JoseException {
        RsaJsonWebKey key = providerKey();
        String token = token("olivia", List.of("acme-sales", "acme-emea", "unknown-here"), "EMEA", key, 600);

        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", equalTo("olivia"))
                .body("displayName", equalTo("Olivia Provider"))
                .body("groups", org.hamcrest.Matchers.containsInAnyOrder("emea", "sales"))
                .body("attributes.region", equalTo("EMEA"))
                .body("signedInWith", equalTo("oidc"))
                .body("admin", equalTo(false));
        List<Object> regions = given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("sql", "SELECT DISTINCT region_cd FROM orders"))
                .post("/api/v1/sql/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows.flatten()");
        assertThat(regions).containsExactly("EMEA");
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/admin/users")
                .then()
                .statusCode(403);

        // The next token's claims apply at once.
        String moved = token("olivia", List.of("acme-sales"), "APAC", key, 600);
        given().header("Authorization", "Bearer " + moved)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("groups", equalTo(List.of("sales")))
                .body("attributes.region", equalTo("APAC"));
    }

    @Test
    void should_refuse_forged_and_expired_tokens_and_keep_sextant_tokens_working() throws JoseException {
        RsaJsonWebKey forger = RsaJwkGenerator.generateJwk(2048);
        forger.setKeyId("test-key");
        given().header("Authorization", "Bearer " + token("mallory", List.of("admins"), "NA", forger, 600))
                .get("/api/v1/me")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + token("olivia", List.of("acme-sales"), "EMEA", providerKey(), -600))
                .get("/api/v1/me")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer not-a-token")
                .get("/api/v1/me")
                .then()
                .statusCode(401);

        String sextantToken = given().auth()
                .preemptive()
                .basic("noah", "demo")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "with oidc on"))
                .post("/api/v1/me/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().header("Authorization", "Bearer " + sextantToken)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", equalTo("noah"));
    }
}
