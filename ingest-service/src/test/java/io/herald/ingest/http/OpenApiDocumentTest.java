package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.ingest.support.Http;
import io.herald.ingest.support.InProcessApi;
import io.herald.ingest.validation.NotificationValidator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes exactly the routes the server registers, and the body fields the validator knows. */
class OpenApiDocumentTest {
    @Test
    void documentsEveryRegisteredRouteAndNoOther() {
        try (InProcessApi api = InProcessApi.lenient()) {
            Http.Answer answer = new Http(api.url()).get("/openapi.json", null);
            assertThat(answer.status()).isEqualTo(200);
            JsonNode doc = answer.json();

            Set<String> registered = new HashSet<>();
            api.javalin().unsafe.internalRouter.allHttpHandlers().forEach(parsed -> registered.add(
                    parsed.endpoint.method.name() + " " + parsed.endpoint.path));
            Set<String> documented = new HashSet<>();
            for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                doc.get("paths").get(path).fieldNames()
                        .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path));
            }

            assertThat(doc.get("openapi").asText()).startsWith("3.");
            assertThat(documented).isEqualTo(registered);
        }
    }

    @Test
    void documentsExactlyTheFieldsTheValidatorAccepts() {
        try (InProcessApi api = InProcessApi.lenient()) {
            JsonNode schema = new Http(api.url()).get("/openapi.json", null).json()
                    .at("/components/schemas/Notification");

            assertThat(names(schema.get("properties"))).isEqualTo(NotificationValidator.TOP);
            assertThat(names(schema.at("/properties/recipient/properties"))).isEqualTo(NotificationValidator.RECIPIENT);
            assertThat(names(schema.at("/properties/content/properties"))).isEqualTo(NotificationValidator.CONTENT);
            assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        }
    }

    @Test
    void documentsEnumSymbolsInTheUpperCaseResponsesUse() {
        try (InProcessApi api = InProcessApi.lenient()) {
            JsonNode doc = new Http(api.url()).get("/openapi.json", null).json();

            assertThat(values(doc.at("/components/schemas/Notification/properties/priority/enum")))
                    .isEqualTo(symbols(io.herald.contracts.Priority.values()));
            assertThat(values(doc.at("/components/schemas/Notification/properties/channels/items/enum")))
                    .isEqualTo(symbols(io.herald.contracts.Channel.values()));
            assertThat(values(doc.at("/components/schemas/Accepted/properties/status/enum"))).containsExactly("ACCEPTED");
        }
    }

    private static java.util.List<String> values(JsonNode array) {
        java.util.List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static java.util.List<String> symbols(Enum<?>[] constants) {
        return java.util.Arrays.stream(constants).map(Enum::name).toList();
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
